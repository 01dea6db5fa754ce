"""Processing times at their edges (issue 11 item 26): durations past an hour and past a day,
and the waiting lists oldest first with ties broken by id."""

import datetime as dt

import pytest
from django.utils import timezone

from mutasi import selectors
from mutasi.models import PermohonanMutasi, RiwayatPermohonan, Status
from mutasi.tests.factories import buat_permohonan
from mutasi.waktu import durasi_langkah, format_durasi, hitung_waktu_proses
from pegawai.tests.factories import PegawaiFactory

DETIK = dt.timedelta(seconds=1)
MENIT = dt.timedelta(minutes=1)
JAM = dt.timedelta(hours=1)
HARI = dt.timedelta(days=1)


@pytest.mark.parametrize(("td", "teks"), [
    (None, "–"),
    (dt.timedelta(0), "< 1 menit"),
    (59 * DETIK, "< 1 menit"),
    (MENIT, "1 menit"),
    (JAM - DETIK, "59 menit"),
    (JAM, "1 jam"),
    (JAM + 59 * DETIK, "1 jam"),
    (JAM + MENIT, "1 jam 1 menit"),
    (5 * JAM + 10 * MENIT, "5 jam 10 menit"),
    (HARI - DETIK, "23 jam 59 menit"),
    (HARI, "1 hari"),
    (HARI + 59 * MENIT, "1 hari"),  # past a day, minutes are left out
    (HARI + JAM, "1 hari 1 jam"),
    (2 * HARI + 3 * JAM + 45 * MENIT, "2 hari 3 jam"),
    (40 * HARI + 23 * JAM, "40 hari 23 jam"),
])
def test_durations_past_an_hour_and_a_day_are_formatted(td, teks):
    assert format_durasi(td) == teks


def test_step_durations_span_days_and_hours():
    t0 = timezone.now() - dt.timedelta(days=60)

    class Baris:
        def __init__(self, waktu):
            self.waktu = waktu

    rows = [Baris(t0), Baris(t0 + 2 * HARI + 3 * JAM), Baris(t0 + 2 * HARI + 4 * JAM + MENIT)]
    assert durasi_langkah(rows) == [None, 2 * HARI + 3 * JAM, JAM + MENIT]
    assert [r.durasi for r in rows] == [None, 2 * HARI + 3 * JAM, JAM + MENIT]


def test_step_medians_past_an_hour_and_a_day():
    t0 = timezone.now() - dt.timedelta(days=60)
    rows = [
        (1, t0, "draft"), (1, t0 + 90 * MENIT, "diajukan"),
        (1, t0 + 90 * MENIT + 3 * HARI + 2 * JAM, "disetujui_asal"),
        (2, t0, "draft"), (2, t0 + 2 * JAM + 30 * MENIT, "diajukan"),
        (2, t0 + 2 * JAM + 30 * MENIT + HARI, "disetujui_asal"),
    ]
    per = {s.status: s for s in hitung_waktu_proses(rows).langkah}
    assert per["draft"].median == 2 * JAM  # 1 h 30 and 2 h 30
    assert per["diajukan"].median == 2 * HARI + JAM  # 3 days 2 h and 1 day
    assert per["diajukan"].p90 == 2 * HARI + 21 * JAM  # 24 h + 0.9 × 50 h
    assert format_durasi(per["diajukan"].median) == "2 hari 1 jam"


def test_the_waiting_list_is_oldest_first_with_ties_by_id():
    t0 = timezone.now() - dt.timedelta(days=10)
    rows = [
        (9, t0, "draft"), (9, t0 + JAM, "diajukan"),
        (4, t0 + JAM, "diajukan"),
        (7, t0 + JAM, "diajukan"),
        (5, t0 + 2 * JAM, "disetujui_asal"),
        (2, t0 + 3 * HARI, "diterima_tujuan"),
        (1, t0 - HARI, "disetujui_bkd"),
        (3, t0 - 2 * HARI, "ditolak"),  # ended: no one waits on it
        (6, t0 - 2 * HARI, "draft"),  # the applicant's, not a reviewer's
    ]
    hasil = hitung_waktu_proses(rows)
    assert [pk for pk, _, _ in hasil.menunggu] == [1, 4, 7, 9, 5, 2]
    assert hasil.menunggu[0] == (1, "disetujui_bkd", t0 - HARI)
    assert [pk for pk, _, _ in hitung_waktu_proses(rows, terlama=2).menunggu] == [1, 4]


def _permohonan(cast, n, status):
    out = [buat_permohonan(cast, status, dokumen=False)]
    for _ in range(n - 1):
        peg = PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana)
        out.append(buat_permohonan(cast, status, pegawai=peg, dokumen=False))
    return out


def test_the_reviewers_queue_is_oldest_first_with_ties_by_id(cast):
    ps = _permohonan(cast, 4, Status.DITERIMA_TUJUAN)
    t = timezone.now() - dt.timedelta(days=5)
    # Newest id oldest; the two in the middle changed at the same instant.
    for p, diubah in zip(ps, [t + HARI, t + JAM, t + JAM, t], strict=True):
        PermohonanMutasi.objects.filter(pk=p.pk).update(diubah=diubah)
    a, b, c, d = (p.pk for p in ps)
    assert [p.pk for p in selectors.permohonan_menunggu(user=cast.u_bkd)] == [d, b, c, a]
    PermohonanMutasi.objects.filter(pk__in=[b, c]).update(diubah=t - HARI)
    assert [p.pk for p in selectors.permohonan_menunggu(user=cast.u_bkd)] == [b, c, d, a]
    # A tie across BKD's two states (read through the (status, diubah) index, where
    # "disetujui_bkd" comes before "diterima_tujuan") is still broken by id.
    PermohonanMutasi.objects.filter(pk=c).update(status=Status.DISETUJUI_BKD)
    assert [p.pk for p in selectors.permohonan_menunggu(user=cast.u_bkd)] == [b, c, d, a]


def test_the_longest_waiting_page_list_keeps_the_oldest_first(cast):
    # History rows are stamped when written and cannot be changed, so the order
    # comes from when each request was submitted: the newest request first, ids reversed.
    ps = _permohonan(cast, 3, Status.DIAJUKAN)
    for p in [ps[2], ps[0], ps[1]]:
        RiwayatPermohonan.objects.create(permohonan=p, aktor=p.dibuat_oleh, dari_status="draft",
                                         ke_status="diajukan", aksi="submit")
    _, daftar = selectors.waktu_proses(permohonan_qs=PermohonanMutasi.objects.all())
    assert [p.pk for p in daftar] == [ps[2].pk, ps[0].pk, ps[1].pk]
    sejak = [p.menunggu_sejak for p in daftar]
    assert sejak == sorted(sejak)
