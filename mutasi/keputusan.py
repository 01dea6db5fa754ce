"""The decree's (SK mutasi) number and its usual effective date (TMT).

Issuing a decree and its taking effect are workflow transitions: `workflow.sk_issue`,
`workflow.permohonan_berlaku`, `workflow.permohonan_apply_tmt`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pegawai.models import ProfilPemda

from .models import NomorSkCounter


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
    from .eligibility import _tambah_bulan, aturan, tmt_cpns_dari_nip

    tmt_cpns = tmt_cpns_dari_nip(nip)
    if tmt_cpns is None:
        return None
    return _tambah_bulan(tmt_cpns, int(aturan()["masa_cpns_bulan"]))


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
