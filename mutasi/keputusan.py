"""The decree (SK mutasi) and its effective date (TMT): issuing, numbering, taking effect.

- `sk_issue` creates one decree for one or many approved requests, numbered from a
  per-year counter row locked in the same transaction (no gaps, no duplicates), and moves
  each request disetujui_bkd → sk_terbit through the workflow's conditional update.
- `permohonan_berlaku` applies one request on its TMT: the employee's unit and position
  change, the history of posts gets a row, both units are marked for recompute.
- `permohonan_apply_tmt` applies every request whose TMT has come (daily beat task, and at
  once after commit when a decree's TMT has already passed).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pegawai import access
from pegawai.services import pegawai_pindah

from .models import NomorSkCounter, PermohonanMutasi, Status, SuratKeputusan
from .services import BukanWewenang, PermohonanError, _transisi

log = logging.getLogger(__name__)


def nomor_sk(*, urut, tahun):
    """The decree number in the Pemda's format (setting MUTASI_SK["format_nomor"])."""
    return settings.MUTASI_SK["format_nomor"].format(n=urut, tahun=tahun)


def _urut_berikut(tahun):
    """The next number of `tahun`, under a row lock held until the caller's commit."""
    # The row may not exist yet: two first issuances of a year both insert, one is ignored,
    # and both then queue on the same row lock.
    NomorSkCounter.objects.bulk_create([NomorSkCounter(tahun=tahun)], ignore_conflicts=True)
    counter = NomorSkCounter.objects.select_for_update().get(tahun=tahun)
    counter.terakhir += 1
    counter.save(update_fields=["terakhir"])
    return counter.terakhir


def tmt_bawaan(hari_ini=None):
    """The first day of next month, the usual TMT of a transfer."""
    d = hari_ini or timezone.localdate()
    return (d.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def sk_issue(*, permohonan_ids, tanggal, tmt, oleh):
    """One decree for the given approved requests; all of them or none.

    Locks the requests (by id) and then the year's counter, so concurrent issuances get
    consecutive numbers and a request cannot end up in two decrees.
    """
    if oleh is None or not access.is_bkd(oleh):
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
        urut = _urut_berikut(tanggal.year)
        sk = SuratKeputusan.objects.create(
            nomor=nomor_sk(urut=urut, tahun=tanggal.year), tahun=tanggal.year, urut=urut,
            tanggal=tanggal, tmt=tmt, dasar_hukum="\n".join(cfg["dasar_hukum"]),
            penandatangan_nama=cfg["penandatangan_nama"],
            penandatangan_jabatan=cfg["penandatangan_jabatan"],
            penandatangan_nip=cfg.get("penandatangan_nip", ""), dibuat_oleh=oleh,
        )
        catatan = _("SK nomor %(nomor)s tanggal %(tanggal)s, TMT %(tmt)s.") % {
            "nomor": sk.nomor, "tanggal": date_format(tanggal, "j F Y"),
            "tmt": date_format(tmt, "j F Y"),
        }
        semua = PermohonanMutasi.objects.select_related(
            "pegawai", "unit_asal", "unit_tujuan").filter(pk__in=ids).order_by("pk")
        for p in semua:
            _transisi(permohonan=p, aktor=oleh, aksi="terbitkan_sk", catatan=catatan,
                      perubahan={"sk": sk, "tmt": tmt})
        if tmt <= timezone.localdate():
            # The TMT has passed: take effect right after commit (the daily task would
            # otherwise do it tonight, and does if this callback fails).
            transaction.on_commit(
                functools.partial(_terapkan_setelah_sk, ids), robust=True)
    return sk


def _terapkan_setelah_sk(ids):
    permohonan_apply_tmt(permohonan_ids=ids)


def permohonan_terbitkan_sk(*, permohonan, aktor, catatan="", tanggal=None, tmt=None):
    """A decree for this one request (dated today, TMT the first of next month by default)."""
    tanggal = tanggal or timezone.localdate()
    tmt = tmt or tmt_bawaan(tanggal)
    sk = sk_issue(permohonan_ids=[permohonan.pk], tanggal=tanggal, tmt=tmt, oleh=aktor)
    permohonan.status, permohonan.sk, permohonan.tmt = Status.SK_TERBIT, sk, tmt
    return permohonan


def _pindahkan(p):
    """Move the employee to the new unit and post and record it in the history of posts."""
    sk = SuratKeputusan.objects.get(pk=p.sk_id)
    # The frozen unit_asal may differ from the unit they actually leave: mark it too.
    pegawai_pindah(
        pegawai_id=p.pegawai_id, unit_id=p.unit_tujuan_id, jabatan_id=p.jabatan_tujuan_id,
        tmt=p.tmt, nomor_sk=sk.nomor, tanggal_sk=sk.tanggal,
        keterangan=_("Mutasi (permohonan #%(id)s)") % {"id": p.pk}, unit_lain=[p.unit_asal_id],
    )


def permohonan_berlaku(*, permohonan, aktor=None, catatan="", hari_ini=None):
    """The request takes effect on its TMT (system action, aktor None); once only."""
    hari_ini = hari_ini or timezone.localdate()

    def sebelum(p):
        if p.tmt is None or p.sk_id is None:
            raise PermohonanError(_("Permohonan #%(id)s belum memiliki SK dengan TMT.")
                                  % {"id": p.pk})
        if p.tmt > hari_ini:
            raise PermohonanError(_("TMT permohonan #%(id)s (%(tmt)s) belum tiba.")
                                  % {"id": p.pk, "tmt": date_format(p.tmt, "j F Y")})

    catatan = catatan or (
        _("Mutasi berlaku TMT %(tmt)s.") % {"tmt": date_format(permohonan.tmt, "j F Y")}
        if permohonan.tmt else "")
    return _transisi(permohonan=permohonan, aktor=aktor, aksi="berlaku", catatan=catatan,
                     sebelum=sebelum, sesudah=_pindahkan)


def permohonan_apply_tmt(*, hari_ini=None, permohonan_ids=None):
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
