"""Processing times of requests, from their history rows. Plain Python, no queries.

The time a request spent in a state is the gap between the history row that put it there
and the next one. A step is a state (e.g. "diajukan" = waiting for the origin head).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Status

# The steps reported, in workflow order, and what the request waits for in each.
LANGKAH = {
    Status.DRAFT: _("Penyusunan draf (pemohon)"),
    Status.DIAJUKAN: _("Persetujuan kepala unit asal"),
    Status.DISETUJUI_ASAL: _("Penerimaan kepala unit tujuan"),
    Status.DITERIMA_TUJUAN: _("Keputusan BKD"),
    Status.DISETUJUI_BKD: _("Penerbitan SK (BKD)"),
    Status.SK_TERBIT: _("Menunggu TMT"),
    Status.DIKEMBALIKAN: _("Perbaikan oleh pemohon"),
}
# States in which a request waits for a reviewer (the "waiting longest" list).
MENUNGGU_PENINJAU = (Status.DIAJUKAN, Status.DISETUJUI_ASAL, Status.DITERIMA_TUJUAN,
                     Status.DISETUJUI_BKD)


def persentil(nilai, p):
    """The p-th percentile (0–100) of `nilai`, interpolated linearly (numpy's default)."""
    xs = sorted(nilai)
    if not xs:
        return None
    k = (len(xs) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def durasi_langkah(riwayat):
    """For history rows of one request in order: each row's `durasi`, the time since the
    previous row (None for the first), set on the row and returned as a list."""
    out, sebelum = [], None
    for r in riwayat:
        r.durasi = None if sebelum is None else r.waktu - sebelum
        sebelum = r.waktu
        out.append(r.durasi)
    return out


@dataclass(frozen=True)
class RingkasanLangkah:
    status: str
    label: str
    jumlah: int
    median: dt.timedelta | None
    p90: dt.timedelta | None


@dataclass(frozen=True)
class WaktuProses:
    langkah: list[RingkasanLangkah]
    menunggu: list[tuple[int, str, dt.datetime]]  # (id, status, since), longest first


def hitung_waktu_proses(rows, *, terlama=20):
    """Per step: how many completed stays, median and p90 duration; plus the requests
    waiting longest for a reviewer.

    `rows`: (permohonan_id, waktu, ke_status) ordered by request, then time. A stay still
    going on (the last row of a request) counts only for the waiting list.
    """
    per_status = defaultdict(list)
    terakhir = {}
    for pk, w, ke in rows:
        prev = terakhir.get(pk)
        if prev is not None and prev[0] != ke:
            per_status[prev[0]].append((w - prev[1]).total_seconds())
            terakhir[pk] = (ke, w)
        elif prev is None:
            terakhir[pk] = (ke, w)
        # same state again (a BKD exception note): the stay goes on from its start
    langkah = []
    for status, label in LANGKAH.items():
        xs = per_status.get(status, [])
        langkah.append(RingkasanLangkah(
            status=status, label=str(label), jumlah=len(xs),
            median=_td(persentil(xs, 50)), p90=_td(persentil(xs, 90)),
        ))
    menunggu = sorted(
        ((pk, st, since) for pk, (st, since) in terakhir.items() if st in MENUNGGU_PENINJAU),
        key=lambda x: (x[2], x[0]),
    )[:terlama]
    return WaktuProses(langkah=langkah, menunggu=menunggu)


def _td(seconds):
    return None if seconds is None else dt.timedelta(seconds=round(seconds))


def format_durasi(td):
    """`2 hari 3 jam`, `5 jam 10 menit`, `12 menit`, `< 1 menit`."""
    if td is None:
        return "–"
    detik = int(td.total_seconds())
    hari, sisa = divmod(detik, 86400)
    jam, sisa = divmod(sisa, 3600)
    menit = sisa // 60
    bagian = []
    if hari:
        bagian.append(gettext("%(n)d hari") % {"n": hari})
    if jam:
        bagian.append(gettext("%(n)d jam") % {"n": jam})
    if menit and not hari:
        bagian.append(gettext("%(n)d menit") % {"n": menit})
    return " ".join(bagian) or gettext("< 1 menit")
