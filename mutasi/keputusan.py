"""The decree (SK mutasi) and the TMT: issuing a decree for a batch of approved requests,
its number and usual effective date, and the requests taking effect on their TMT.

Both are transitions of `workflow.TRANSISI` (`terbitkan_sk`, `berlaku`) run through
`workflow.jalankan`; this module adds what is theirs alone: one decree for many requests
under a per-year counter, and the daily run over every request whose TMT has come.

Imports: builds on `workflow`, `access` and `models`; never imported by them.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pegawai.models import ProfilPemda

from . import access
from .models import NomorSkCounter, PermohonanMutasi, Status, SuratKeputusan
from .workflow import BukanWewenang, PermohonanError, jalankan

if TYPE_CHECKING:
    from django.contrib.auth.models import User

log = logging.getLogger(__name__)


def nomor_sk(*, urut: int, tahun: int) -> str:
    """The decree number in the Pemda's pattern (Profil Pemda, `format_nomor`)."""
    return ProfilPemda.ambil().nomor_sk(urut=urut, tahun=tahun)


def urut_berikut(tahun: int) -> int:
    """The next number of `tahun`, under a row lock held until the caller's commit."""
    # The row may not exist yet: two first issuances of a year both insert, one is ignored,
    # and both then queue on the same row lock.
    NomorSkCounter.objects.bulk_create([NomorSkCounter(tahun=tahun)], ignore_conflicts=True)
    counter = NomorSkCounter.objects.select_for_update().get(tahun=tahun)
    counter.terakhir += 1
    counter.save(update_fields=["terakhir"])
    return counter.terakhir


def tmt_bawaan(hari_ini: dt.date | None = None) -> dt.date:
    """The first day of next month, the usual TMT of a transfer."""
    d = hari_ini or timezone.localdate()
    return (d.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


# --- the decree and the TMT -------------------------------------------------------------------


def sk_issue(*, permohonan_ids: Iterable[int | str], tanggal: dt.date | None,
             tmt: dt.date | None, oleh: User | None) -> SuratKeputusan:
    """One decree for the given approved requests; all of them or none.

    Locks the requests (by id) and then the year's counter, so concurrent issuances get
    consecutive numbers and a request cannot end up in two decrees.
    """
    if oleh is None or not access.boleh_terbitkan_sk(oleh):
        raise BukanWewenang(_("Hanya staf BKD yang dapat menerbitkan SK mutasi."))
    ids = sorted({int(i) for i in permohonan_ids or []})
    if not ids:
        raise PermohonanError(_("Pilih sedikitnya satu permohonan yang disetujui BKD untuk "
                                "diterbitkan SK-nya."))
    if tanggal is None or tmt is None:
        raise PermohonanError(_("Isi tanggal SK dan TMT mutasi."))
    cfg = settings.MUTASI_SK
    with transaction.atomic():
        terkunci = list(
            PermohonanMutasi.objects.select_for_update().filter(pk__in=ids).order_by("pk")
            .values_list("pk", "status")
        )
        ada = dict(terkunci)
        hilang = [f"#{i}" for i in ids if i not in ada]
        if hilang:
            raise PermohonanError(_("Permohonan %(daftar)s tidak ditemukan.")
                                  % {"daftar": ", ".join(hilang)})
        bukan = [f"#{pk} ({Status(st).label})" for pk, st in terkunci
                 if st != Status.DISETUJUI_BKD]
        if bukan:
            raise PermohonanError(
                _("SK hanya dapat diterbitkan untuk permohonan berstatus \u201c%(status)s\u201d; "
                  "tidak demikian: %(daftar)s. Tidak ada SK yang diterbitkan.")
                % {"status": Status.DISETUJUI_BKD.label, "daftar": ", ".join(bukan)}
            )
        # Dates that cannot be right are refused here too (the unusual ones BKD confirmed
        # on the form).
        galat = periksa_tanggal_sk(
            tanggal=tanggal, tmt=tmt,
            permohonan=PermohonanMutasi.objects.select_related("pegawai").filter(pk__in=ids),
        ).galat
        if galat:
            raise PermohonanError(" ".join(galat) + " " + _("Tidak ada SK yang diterbitkan."))
        urut = urut_berikut(tanggal.year)
        # The signatory as the Pemda's profile names them today, frozen in the decree.
        profil = ProfilPemda.ambil()
        sk = SuratKeputusan.objects.create(
            nomor=profil.nomor_sk(urut=urut, tahun=tanggal.year), tahun=tanggal.year,
            urut=urut, tanggal=tanggal, tmt=tmt, dasar_hukum="\n".join(cfg["dasar_hukum"]),
            penandatangan_nama=profil.penandatangan_nama,
            penandatangan_jabatan=profil.penandatangan_jabatan,
            penandatangan_nip=profil.penandatangan_nip, dibuat_oleh=oleh,
        )
        catatan = _("SK nomor %(nomor)s tanggal %(tanggal)s, TMT %(tmt)s.") % {
            "nomor": sk.nomor, "tanggal": date_format(tanggal, "j F Y"),
            "tmt": date_format(tmt, "j F Y"),
        }
        semua = PermohonanMutasi.objects.select_related(
            "pegawai", "unit_asal", "unit_tujuan").filter(pk__in=ids).order_by("pk")
        for p in semua:
            jalankan(permohonan=p, aktor=oleh, aksi="terbitkan_sk", catatan=catatan,
                     perubahan={"sk": sk, "tmt": tmt})
        if tmt <= timezone.localdate():
            # The TMT has passed: take effect right after commit (the daily task would
            # otherwise do it tonight, and does if this callback fails).
            transaction.on_commit(
                functools.partial(permohonan_apply_tmt, permohonan_ids=ids), robust=True)
    return sk


def permohonan_terbitkan_sk(*, permohonan: PermohonanMutasi, aktor: User, catatan: str = "",
                            tanggal: dt.date | None = None,
                            tmt: dt.date | None = None) -> PermohonanMutasi:
    """A decree for this one request (dated today, TMT the first of next month by default)."""
    tanggal = tanggal or timezone.localdate()
    tmt = tmt or tmt_bawaan(tanggal)
    sk = sk_issue(permohonan_ids=[permohonan.pk], tanggal=tanggal, tmt=tmt, oleh=aktor)
    permohonan.status, permohonan.sk, permohonan.tmt = Status.SK_TERBIT, sk, tmt
    return permohonan


def permohonan_berlaku(*, permohonan: PermohonanMutasi, aktor: User | None = None,
                       catatan: str = "",
                       hari_ini: dt.date | None = None) -> PermohonanMutasi:
    """The request takes effect on its TMT (system action, aktor None); once only."""
    hari_ini = hari_ini or timezone.localdate()

    def tmt_tiba(p: PermohonanMutasi) -> None:
        if p.tmt is None or p.sk_id is None:
            raise PermohonanError(_("Permohonan #%(id)s belum memiliki SK dengan TMT.")
                                  % {"id": p.pk})
        if p.tmt > hari_ini:
            raise PermohonanError(_("TMT permohonan #%(id)s (%(tmt)s) belum tiba.")
                                  % {"id": p.pk, "tmt": date_format(p.tmt, "j F Y")})

    catatan = catatan or (
        _("Mutasi berlaku TMT %(tmt)s.") % {"tmt": date_format(permohonan.tmt, "j F Y")}
        if permohonan.tmt else "")
    return jalankan(permohonan=permohonan, aktor=aktor, aksi="berlaku", catatan=catatan,
                    sebelum=tmt_tiba)


def permohonan_apply_tmt(*, hari_ini: dt.date | None = None,
                         permohonan_ids: Iterable[int] | None = None) -> list[int]:
    """Apply every request in sk_terbit whose TMT ≤ `hari_ini` (today); idempotent.

    Each request in its own transaction: one that fails is logged and retried next run,
    the others still take effect. Returns the ids applied by this call.
    """
    hari_ini = hari_ini or timezone.localdate()
    qs = PermohonanMutasi.objects.filter(status=Status.SK_TERBIT, tmt__lte=hari_ini)
    if permohonan_ids is not None:
        qs = qs.filter(pk__in=list(permohonan_ids))
    diterapkan = []
    for pk in list(qs.order_by("tmt", "pk").values_list("pk", flat=True)):
        p = PermohonanMutasi.objects.select_related(
            "pegawai", "unit_asal", "unit_tujuan").get(pk=pk)
        try:
            permohonan_berlaku(permohonan=p, hari_ini=hari_ini)
        except PermohonanError:
            continue  # applied meanwhile by another run
        except Exception:
            log.exception("TMT permohonan mutasi #%s gagal diterapkan; dicoba lagi besok.", pk)
            continue
        diterapkan.append(pk)
    return diterapkan


# --- the decree's dates: what cannot be right, and what is unusual -------------------------


@dataclass
class PemeriksaanTanggal:
    """`galat`: dates that cannot be right (refused); `peringatan`: unusual dates that BKD
    must confirm explicitly. Messages say what is wrong and where."""

    galat: list[str] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)


def _tgl(d: dt.date) -> str:
    return date_format(d, "j F Y")


def tmt_pns_dari_nip(nip: str) -> dt.date | None:
    """TMT PNS as the NIP implies it (TMT CPNS + the CPNS period), or None (PPPK, unread)."""
    from .eligibility import aturan, tmt_cpns_dari_nip

    tmt_cpns = tmt_cpns_dari_nip(nip)
    if tmt_cpns is None:
        return None
    y, m = divmod(tmt_cpns.month - 1 + int(aturan()["masa_cpns_bulan"]), 12)
    return dt.date(tmt_cpns.year + y, m + 1, 1)


def periksa_tanggal_sk(*, tanggal: dt.date, tmt: dt.date, permohonan,
                       hari_ini: dt.date | None = None) -> PemeriksaanTanggal:
    """Check a decree's date and TMT against today and against each employee it moves
    (limits: setting MUTASI_SK_TANGGAL)."""
    hari_ini = hari_ini or timezone.localdate()
    batas = settings.MUTASI_SK_TANGGAL
    hasil = PemeriksaanTanggal()
    tolak = hari_ini + dt.timedelta(days=batas["tanggal_maks_hari"])
    if tanggal > tolak:
        hasil.galat.append(_(
            "Tanggal SK %(tanggal)s terlalu jauh ke depan: paling lambat %(batas)s "
            "(%(n)s hari dari hari ini).") % {
            "tanggal": _tgl(tanggal), "batas": _tgl(tolak), "n": batas["tanggal_maks_hari"]})
    elif tanggal > hari_ini + dt.timedelta(days=batas["tanggal_ingatkan_hari"]):
        hasil.peringatan.append(_(
            "Tanggal SK %(tanggal)s lebih dari %(n)s hari setelah hari ini; SK biasanya "
            "bertanggal hari penetapannya.") % {
            "tanggal": _tgl(tanggal), "n": batas["tanggal_ingatkan_hari"]})
    if tmt < tanggal:
        hasil.peringatan.append(_(
            "TMT %(tmt)s sebelum tanggal SK %(tanggal)s (berlaku surut).")
            % {"tmt": _tgl(tmt), "tanggal": _tgl(tanggal)})
    elif tmt > tanggal + dt.timedelta(days=batas["tmt_ingatkan_hari"]):
        hasil.peringatan.append(_(
            "TMT %(tmt)s lebih dari %(n)s hari setelah tanggal SK %(tanggal)s.") % {
            "tmt": _tgl(tmt), "n": batas["tmt_ingatkan_hari"], "tanggal": _tgl(tanggal)})
    for p in permohonan:
        peg = p.pegawai
        siapa = _("%(nama)s (NIP %(nip)s, permohonan #%(id)s)") % {
            "nama": peg.nama_lengkap, "nip": peg.nip_tampil, "id": p.pk}
        if peg.tmt_jabatan and tmt < peg.tmt_jabatan:
            hasil.galat.append(_(
                "TMT %(tmt)s sebelum TMT jabatan sekarang %(siapa)s, yaitu %(tmt_jab)s: "
                "mutasi tidak dapat berlaku sebelum pegawai menduduki jabatannya sekarang.")
                % {"tmt": _tgl(tmt), "siapa": siapa, "tmt_jab": _tgl(peg.tmt_jabatan)})
        tmt_pns = tmt_pns_dari_nip(peg.nip)
        if tmt_pns is not None and tmt < tmt_pns:
            hasil.galat.append(_(
                "TMT %(tmt)s sebelum TMT PNS %(siapa)s menurut NIP, yaitu %(tmt_pns)s.")
                % {"tmt": _tgl(tmt), "siapa": siapa, "tmt_pns": _tgl(tmt_pns)})
    return hasil
