"""balance_recompute: the worked example in the snapshot, incremental, idempotent, bounded."""

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, connections

from bebankerja import hitung, services
from bebankerja.models import (
    IndeksPemdaRiwayat,
    Pembulatan,
    PeriodeAbk,
    SetBand,
    SnapshotJabatan,
    SnapshotUnit,
    TugasJabatan,
)
from pegawai.models import Pegawai
from pegawai.tests.factories import JabatanFactory, PegawaiFactory, UnitFactory

D = Decimal
ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def _jab(c, unit, jabatan):
    return SnapshotJabatan.objects.get(periode=c.periode, unit=unit, jabatan=jabatan)


def _unit(c, unit):
    return SnapshotUnit.objects.get(periode=c.periode, unit=unit)


def _rows(periode):
    """Every snapshot value of a periode except the computation time."""
    jab = list(
        SnapshotJabatan.objects.filter(periode=periode)
        .order_by("unit_id", "jabatan_id")
        .values_list("unit_id", "jabatan_id", "beban_menit", "kebutuhan_exact", "kebutuhan",
                     "bezetting", "selisih", "ej", "grade")
    )
    unit = list(
        SnapshotUnit.objects.filter(periode=periode)
        .order_by("unit_id")
        .values_list("unit_id", "opd_id", "jenis", "beban_menit", "kebutuhan", "bezetting",
                     "selisih", "kelebihan", "kekurangan", "eu", "grade")
    )
    return jab, unit


def test_worked_example_gives_the_domain_figures_in_the_snapshot(contoh):
    hitung.balance_recompute()

    plk = _jab(contoh, contoh.dinkes, contoh.plk)
    assert (plk.beban_menit, plk.kebutuhan_exact, plk.kebutuhan, plk.bezetting, plk.selisih,
            plk.ej, plk.grade) == (D(149040), D("1.9872"), 2, 1, -1, D("1.9872"), "A")
    pu = _jab(contoh, contoh.dinkes, contoh.pu)
    assert (pu.beban_menit, pu.kebutuhan_exact, pu.kebutuhan, pu.bezetting, pu.selisih,
            pu.ej, pu.grade) == (D(60000), D("0.8000"), 1, 3, 2, D("0.2667"), "E")
    unit = _unit(contoh, contoh.dinkes)
    assert (unit.beban_menit, unit.kebutuhan, unit.bezetting, unit.selisih, unit.eu,
            unit.grade) == (D(209040), 3, 4, 1, D("0.6968"), "D")
    assert (unit.kelebihan, unit.kekurangan) == (2, 1)
    assert unit.opd_id == contoh.dinkes.pk
    assert unit.jenis == "dinas"


def test_a_post_with_people_but_no_tasks_gets_a_row_with_no_need(contoh):
    hitung.balance_recompute()

    row = _jab(contoh, contoh.puskesmas, contoh.plk)
    assert (row.kebutuhan, row.bezetting, row.selisih, row.ej, row.grade) == (0, 1, 1, D(0), "E")
    unit = _unit(contoh, contoh.puskesmas)
    assert unit.opd_id == contoh.dinkes.pk  # the sub-unit rolls up to its OPD
    assert unit.jenis == "puskesmas"


def test_a_post_with_tasks_but_nobody_in_post_has_no_ej_and_no_grade(contoh):
    kosong = UnitFactory(kode="UPT26", induk=contoh.dinkes, jenis="upt")
    services.tugas_bulk_replace(periode=contoh.periode, unit=kosong, jabatan=contoh.pu, rows=[
        {"uraian": "Mengarsipkan", "satuan_hasil": "berkas", "volume": 1000, "norma_waktu": 60},
    ], aktor=None)

    hitung.balance_recompute()

    row = _jab(contoh, kosong, contoh.pu)
    assert (row.kebutuhan, row.bezetting, row.selisih, row.ej, row.grade) == (1, 0, -1, None, "")
    unit = _unit(contoh, kosong)
    assert (unit.eu, unit.grade, unit.kekurangan) == (None, "", 1)


def test_moving_one_employee_gives_the_figures_of_the_worked_example(contoh):
    hitung.balance_recompute()
    pindah = contoh.pu_dinkes[0]
    pindah.unit = contoh.kecamatan
    pindah.save()

    hitung.balance_recompute(unit_ids=[contoh.dinkes.pk, contoh.kecamatan.pk])

    pu = _jab(contoh, contoh.dinkes, contoh.pu)
    assert (pu.bezetting, pu.selisih, pu.ej, pu.grade) == (2, 1, D("0.4000"), "E")
    unit = _unit(contoh, contoh.dinkes)
    assert (unit.bezetting, unit.eu, unit.grade) == (3, D("0.9291"), "B")
    kec = _unit(contoh, contoh.kecamatan)
    assert (kec.bezetting, kec.selisih, kec.eu, kec.grade) == (2, 0, D("0.8000"), "C")


def test_incremental_recompute_touches_only_the_given_units(contoh):
    hitung.balance_recompute()
    before = {
        u.unit_id: u for u in SnapshotUnit.objects.filter(unit__in=[contoh.puskesmas,
                                                                     contoh.dishub])
    }
    before_jab = {
        (r.unit_id, r.jabatan_id): r
        for r in SnapshotJabatan.objects.filter(unit__in=[contoh.puskesmas, contoh.dishub])
    }
    stamp = _unit(contoh, contoh.dinkes).dihitung
    # Changes in every unit; only two are recomputed.
    for unit in (contoh.dinkes, contoh.kecamatan, contoh.puskesmas, contoh.dishub):
        PegawaiFactory(unit=unit, jabatan=contoh.pu)

    hitung.balance_recompute(unit_ids=[contoh.dinkes.pk, contoh.kecamatan.pk])

    assert _unit(contoh, contoh.dinkes).bezetting == 5
    assert _unit(contoh, contoh.dinkes).dihitung > stamp
    assert _unit(contoh, contoh.kecamatan).bezetting == 2
    for unit_id, row in before.items():
        now = SnapshotUnit.objects.get(pk=row.pk)
        assert (now.unit_id, now.bezetting, now.dihitung) == (unit_id, row.bezetting,
                                                              row.dihitung)
    for key, row in before_jab.items():
        now = SnapshotJabatan.objects.get(pk=row.pk)
        assert ((now.unit_id, now.jabatan_id), now.bezetting, now.dihitung) == (
            key, row.bezetting, row.dihitung)


def test_recomputing_twice_gives_identical_rows(contoh):
    hitung.balance_recompute()
    first = _rows(contoh.periode)
    ids = set(SnapshotJabatan.objects.values_list("pk", flat=True))

    hitung.balance_recompute()
    hitung.balance_recompute(unit_ids=contoh.unit_ids)

    assert _rows(contoh.periode) == first
    assert set(SnapshotJabatan.objects.values_list("pk", flat=True)) == ids  # upserted in place
    assert IndeksPemdaRiwayat.objects.count() == 1  # the index did not change


def test_full_recompute_equals_incremental_recompute_of_every_unit(contoh):
    hitung.balance_recompute(unit_ids=contoh.unit_ids)
    incremental = _rows(contoh.periode)
    SnapshotJabatan.objects.all().delete()
    SnapshotUnit.objects.all().delete()

    hitung.balance_recompute()

    assert _rows(contoh.periode) == incremental
    assert len(incremental[0]) == 5 and len(incremental[1]) == 4


def test_rows_left_without_tasks_or_people_are_deleted(contoh):
    hitung.balance_recompute()
    Pegawai.objects.filter(unit=contoh.puskesmas).update(aktif=False)  # retired
    TugasJabatan.objects.filter(unit=contoh.dishub).delete()
    Pegawai.objects.filter(unit=contoh.dishub).delete()

    hitung.balance_recompute(unit_ids=[contoh.puskesmas.pk, contoh.dishub.pk])

    assert not SnapshotJabatan.objects.filter(unit__in=[contoh.puskesmas, contoh.dishub]).exists()
    assert not SnapshotUnit.objects.filter(unit__in=[contoh.puskesmas, contoh.dishub]).exists()
    assert SnapshotUnit.objects.filter(unit=contoh.dinkes).exists()


def test_bezetting_counts_the_unit_itself_not_its_subtree(contoh):
    hitung.balance_recompute()

    # Dinas Kesehatan's PLK is 1 although its puskesmas has another PLK in post.
    assert _jab(contoh, contoh.dinkes, contoh.plk).bezetting == 1
    assert _jab(contoh, contoh.puskesmas, contoh.plk).bezetting == 1


def test_the_pemda_index_is_the_one_of_docs_abk_and_its_history_grows_when_it_changes(
    contoh, django_capture_on_commit_callbacks
):
    # Only the units of docs/abk.md's index example.
    TugasJabatan.objects.filter(unit=contoh.dishub).delete()
    Pegawai.objects.filter(unit__in=[contoh.dishub, contoh.puskesmas]).delete()
    hitung.balance_recompute()

    first = IndeksPemdaRiwayat.objects.get()
    assert (first.ketidakseimbangan, first.pindah_diperlukan, first.total_kelebihan,
            first.total_kekurangan, first.skor) == (4, 1, 2, 2, D("60.0000"))
    assert (first.eu_stdev, first.eu_iqr) == (D("0.4516"), D("0.4516"))

    pindah = contoh.pu_dinkes[0]
    pindah.unit = contoh.kecamatan
    pindah.save()
    # An incremental recompute leaves the index to a follow-up task after commit.
    with django_capture_on_commit_callbacks(execute=True):
        hitung.balance_recompute(unit_ids=[contoh.dinkes.pk, contoh.kecamatan.pk])

    latest = IndeksPemdaRiwayat.objects.order_by("-dihitung").first()
    assert IndeksPemdaRiwayat.objects.count() == 2
    assert (latest.ketidakseimbangan, latest.pindah_diperlukan, latest.skor,
            latest.eu_stdev) == (2, 0, D("80.0000"), D("0.0645"))


def test_the_index_from_aggregates_equals_the_index_from_every_row(contoh):
    from bebankerja import keseimbangan

    hitung.balance_recompute()
    rows = [
        keseimbangan.BarisJabatan(r.unit_id, r.jabatan_id, r.kebutuhan, r.bezetting, r.beban_menit)
        for r in SnapshotJabatan.objects.all()
    ]

    assert hitung.indeks_compute(contoh.periode) == keseimbangan.indeks_pemda(rows)


def test_ceil_tugas_rounds_each_task_up_before_summing(contoh):
    PeriodeAbk.objects.filter(pk=contoh.periode.pk).update(pembulatan=Pembulatan.CEIL_TUGAS)
    contoh.periode.refresh_from_db()

    hitung.balance_recompute()

    # docs/abk.md rounding table: PLK 3, PU 2, unit 5; EJ stays exact.
    assert _jab(contoh, contoh.dinkes, contoh.plk).kebutuhan == 3
    assert _jab(contoh, contoh.dinkes, contoh.pu).kebutuhan == 2
    assert _unit(contoh, contoh.dinkes).kebutuhan == 5
    assert _jab(contoh, contoh.dinkes, contoh.plk).ej == D("1.9872")


def test_periode_settings_change_the_figures(contoh):
    PeriodeAbk.objects.filter(pk=contoh.periode.pk).update(
        wke_menit=72000, set_band=SetBand.KEMENTERIAN
    )
    contoh.periode.refresh_from_db()

    hitung.balance_recompute()

    # EU 209,040 / (4 × 72,000) = 0.7258: C in the ministry bands (0.65 < x ≤ 0.80).
    assert (_unit(contoh, contoh.dinkes).eu, _unit(contoh, contoh.dinkes).grade) == (
        D("0.7258"), "C")


def test_hours_and_monthly_volumes_are_stored_as_minutes_per_year(contoh):
    tugas = services.tugas_bulk_replace(aktor=None,
        periode=contoh.periode, unit=contoh.dishub, jabatan=contoh.pu,
        rows=[{"uraian": "Rapat koordinasi", "satuan_hasil": "kegiatan", "volume": 10,
               "norma_waktu": D("2.5"), "satuan_norma": "jam", "periode_volume": "bulan"}],
    )

    assert tugas[0].beban_menit == 10 * 12 * D("2.5") * 60


def test_without_an_active_periode_nothing_is_computed(contoh):
    PeriodeAbk.objects.update(aktif=False)

    assert hitung.balance_recompute() is None
    assert not SnapshotUnit.objects.exists()


@pytest.mark.parametrize("extra_units", [2, 30])
def test_incremental_recompute_runs_a_constant_number_of_queries(
    contoh, extra_units, django_assert_max_num_queries
):
    jabatan = [JabatanFactory() for _ in range(3)]
    for i in range(extra_units):
        unit = UnitFactory(induk=contoh.pemda)
        for j in jabatan:
            PegawaiFactory(unit=unit, jabatan=j)
            services.tugas_bulk_replace(periode=contoh.periode, unit=unit, jabatan=j, rows=[
                {"uraian": f"Tugas {i}", "satuan_hasil": "dokumen", "volume": 100 + i,
                 "norma_waktu": 30},
            ], aktor=None)
    hitung.balance_recompute()

    # lock, periode, tasks, staff, units, 2 × (upsert, delete), 2 index aggregates,
    # last index, index insert, savepoint pair
    with django_assert_max_num_queries(15):
        hitung.balance_recompute(unit_ids=[contoh.dinkes.pk, contoh.kecamatan.pk])
    with django_assert_max_num_queries(15):
        hitung.balance_recompute()


@pytest.mark.skipif(ON_SQLITE, reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_recomputes_at_once_give_the_same_rows_as_one(contoh):
    hitung.balance_recompute()
    expected = _rows(contoh.periode)
    riwayat = IndeksPemdaRiwayat.objects.count()
    barrier = threading.Barrier(4)
    errors = []

    def run(unit_ids):
        try:
            barrier.wait(timeout=10)
            hitung.balance_recompute(unit_ids=unit_ids)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(ids,)) for ids in
               (None, contoh.unit_ids, [contoh.dinkes.pk], None)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    assert errors == []
    assert _rows(contoh.periode) == expected
    assert IndeksPemdaRiwayat.objects.count() == riwayat  # nothing changed, nothing appended
    assert connection.vendor == "postgresql"



def test_incremental_recompute_updates_the_index_after_commit(
    contoh, django_capture_on_commit_callbacks
):
    hitung.balance_recompute()
    before = IndeksPemdaRiwayat.objects.count()
    pindah = contoh.pu_dinkes[0]
    pindah.unit = contoh.kecamatan
    pindah.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        hitung.balance_recompute(unit_ids=[contoh.dinkes.pk, contoh.kecamatan.pk])
    assert IndeksPemdaRiwayat.objects.count() == before  # not inside the recompute
    for cb in callbacks:
        cb()
    assert IndeksPemdaRiwayat.objects.count() == before + 1
