"""The fault scripts' checks can fail: each one reports the inconsistency it exists for.

Fast, on the suite's own database (the scenarios themselves run with `python -m faults`,
or `FAULTS=1 pytest faults/test_faults.py`).
"""

import pytest

from bebankerja.hitung import balance_recompute
from bebankerja.models import PeriodeAbk, SnapshotJabatan
from faults import checks
from mutasi import keputusan, workflow
from mutasi.eligibility import ATURAN
from mutasi.models import PermohonanMutasi, Status
from mutasi.tests.factories import buat_permohonan
from pegawai.models import Pegawai

pytestmark = pytest.mark.django_db


@pytest.fixture
def menunggu_bkd(cast):
    p = buat_permohonan(cast, Status.DITERIMA_TUJUAN)
    PermohonanMutasi.objects.filter(pk=p.pk).update(aturan_dikecualikan=list(ATURAN))
    p.refresh_from_db()
    return p


def test_approval_through_the_service_passes(cast, menunggu_bkd):
    workflow.permohonan_approve(permohonan=menunggu_bkd, aktor=cast.u_bkd)

    assert checks.approvals_check([menunggu_bkd.pk], {menunggu_bkd.pk}, set()) == []


def test_success_answer_for_a_request_still_waiting_is_reported(menunggu_bkd):
    problems = checks.approvals_check([menunggu_bkd.pk], {menunggu_bkd.pk}, set())

    assert any(f"persetujuan #{menunggu_bkd.pk} dijawab berhasil" in m for m in problems)


def test_state_changed_without_its_history_row_is_reported(menunggu_bkd):
    PermohonanMutasi.objects.filter(pk=menunggu_bkd.pk).update(status=Status.DISETUJUI_BKD)

    problems = checks.approvals_check([menunggu_bkd.pk], set(), set())

    assert any("riwayat terakhir" in m for m in problems)
    assert any("0 riwayat persetujuan" in m for m in problems)


def test_employee_moved_without_the_request_taking_effect_is_reported(cast, menunggu_bkd):
    Pegawai.objects.filter(pk=cast.pegawai.pk).update(unit=cast.dishub)

    problems = checks.approvals_check([menunggu_bkd.pk], set(), set())

    assert any("pegawai di unit" in m for m in problems)


def test_stale_snapshot_is_not_settled_and_the_reference_repairs_nothing(cast):
    PeriodeAbk.objects.create(tahun=2026, aktif=True)
    balance_recompute()
    assert checks.settled() == (True, {})

    # A move the recompute never heard of: the snapshot is now stale.
    Pegawai.objects.filter(pk=cast.pegawai.pk).update(unit=cast.dishub)
    rows_before = list(SnapshotJabatan.objects.order_by("pk").values_list("pk", "bezetting"))
    ok, diff = checks.settled()

    assert not ok
    assert diff["jabatan"] >= 1 and diff["unit"] >= 1
    # The independent computation sees the stale rows too (both units' PU rows).
    assert diff["beda_hitungan_mandiri"] == 2
    # The reference recompute ran inside a rolled-back transaction.
    assert list(SnapshotJabatan.objects.order_by("pk").values_list("pk", "bezetting")) == \
        rows_before
    assert checks.settled()[0] is False


def test_pending_outbox_is_not_settled(cast):
    from bebankerja.outbox import units_mark_dirty

    PeriodeAbk.objects.create(tahun=2026, aktif=True)
    balance_recompute()
    units_mark_dirty(unit_ids=[cast.dinkes.pk])

    ok, diff = checks.settled()

    assert not ok
    assert diff == {"antrean_unit": 1}


def test_the_independent_check_catches_a_recompute_that_is_wrong_by_itself(cast):
    """A snapshot that equals what the recompute writes can still be wrong: the independent
    computation (plain SQL + abk.py) is what notices, so the check cannot pass by
    construction."""
    PeriodeAbk.objects.create(tahun=2026, aktif=True)
    balance_recompute()
    assert checks.independent_diff() == 0
    # As if the recompute had counted one person too many in one row.
    row = SnapshotJabatan.objects.filter(bezetting__gt=0).first()
    SnapshotJabatan.objects.filter(pk=row.pk).update(bezetting=row.bezetting + 1,
                                                     selisih=row.selisih + 1)
    assert checks.independent_diff() == 1


def test_a_decree_applied_in_part_is_reported(cast):
    """One SK, two requests, TMT today: one in effect and one not is a half-done batch."""
    from mutasi.tests.factories import jadikan_layak
    from pegawai.tests.factories import PegawaiFactory

    a = buat_permohonan(cast, Status.SK_TERBIT)
    lain = jadikan_layak(PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana))
    b = buat_permohonan(cast, Status.SK_TERBIT, pegawai=lain)
    PermohonanMutasi.objects.filter(pk=b.pk).update(sk=a.sk_id)
    assert not any("diterapkan sebagian" in m for m in checks.approvals_check(
        [a.pk, b.pk], set(), set()))
    keputusan.permohonan_berlaku(permohonan=PermohonanMutasi.objects.get(pk=a.pk))
    problems = checks.approvals_check([a.pk, b.pk], set(), set())
    assert any("diterapkan sebagian" in m for m in problems), problems
