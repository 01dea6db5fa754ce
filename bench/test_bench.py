"""The bench harness itself: database naming, generated data, targets, results file."""

import json

import pytest
from django.db import connection

from bench import core, dataset, db
from bench.b_pegawai import import_rows
from pegawai.nip import validate_nip


@pytest.fixture(scope="module")
def small():
    return dataset.generate(n_pegawai=3_000)


def test_bench_database_is_the_users_name_plus_bench_on_the_same_server():
    url, name = db.bench_url("postgres://bkd:rahasia@db.local:6543/simutasi")
    assert name == "simutasi_bench"
    assert url == "postgres://bkd:rahasia@db.local:6543/simutasi_bench"


def test_bench_refuses_a_database_that_is_not_postgresql():
    with pytest.raises(db.BenchDbError):
        db.bench_url("sqlite:///db.sqlite3")


def test_bench_refuses_to_drop_a_database_not_named_bench():
    with pytest.raises(db.BenchDbError):
        db.recreate("postgres://postgres@127.0.0.1:1/simutasi", "simutasi")


def test_generated_pemda_has_2000_units_in_one_tree_under_40_opd(small):
    units = small.units
    assert len(units) == dataset.N_UNITS
    assert len({u["kode"] for u in units}) == len(units)
    roots = [u for u in units if u["induk_id"] is None]
    assert len(roots) == 1
    assert len(small.opd_ids) == dataset.N_OPD
    assert all(u["induk_id"] == roots[0]["id"] for u in units if u["id"] in small.opd_ids)
    by_id = {u["id"]: u for u in units}
    for u in units:
        if u["induk_id"]:
            assert u["path"] == by_id[u["induk_id"]]["path"] + f"{u['id']:06d}/"


def test_generated_employees_have_valid_unique_nips_matching_birth_date_and_gender(small):
    assert len(small.pegawai) == 3_000
    assert len({p["nip"] for p in small.pegawai}) == 3_000
    for p in small.pegawai:
        assert validate_nip(p["nip"], pppk=p["status_asn"] == "PPPK",
                            tanggal_lahir=p["tanggal_lahir"],
                            jenis_kelamin=p["jenis_kelamin"]) == []


def test_every_unit_gets_its_head(small):
    heads = {(p["unit_id"], p["jabatan_id"]) for p in small.pegawai}
    assert all((u["id"], u["jabatan_kepala_id"]) in heads for u in small.units)


def test_generation_is_deterministic_for_a_seed():
    a = dataset.generate(n_pegawai=2_500, seed=7)
    b = dataset.generate(n_pegawai=2_500, seed=7)
    assert [p["nip"] for p in a.pegawai] == [p["nip"] for p in b.pegawai]


def test_import_file_rows_are_half_updates_and_half_new_employees(small):
    rows, stats = import_rows(small, 1_000, seed=1)
    existing = {p["nip"] for p in small.pegawai}
    nips = [r[0] for r in rows]
    assert len(set(nips)) == 1_000
    assert sum(n in existing for n in nips) == 500 == stats["ubah"]
    assert stats["pindah"] > 50
    assert all(len(r) == len(dataset.IMPOR_KOLOM) for r in rows)


def test_figure_status_compares_against_its_target():
    fast = core.Figure("x_ms", "ms", max=150)
    many = core.Figure("x_rows_per_s", "baris/s", min=10_000)
    assert (fast.status(120), fast.status(151), fast.status(None)) == ("OK", "FAIL", "SKIP")
    assert (many.status(12_000), many.status(9_999)) == ("OK", "FAIL")
    assert core.Figure("info", "s").status(3) == "info"


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert core.percentile(values, 95) == 95
    assert core.percentile(values, 50) == 50
    assert core.percentile([7], 95) == 7


def test_results_merge_into_latest_and_drop_figures_not_measured_this_time(tmp_path):
    core.write_results({"a": 1, "b": 2}, {}, set(), "t1", out_dir=tmp_path)
    latest, stamped = core.write_results({"a": 3}, {"run": 2}, {"b"}, "t2", out_dir=tmp_path)
    assert json.loads(latest.read_text())["figures"] == {"a": 3}
    core.write_results({"c": 4}, {}, set(), "t3", out_dir=tmp_path)
    assert json.loads(latest.read_text())["figures"] == {"a": 3, "c": 4}
    assert json.loads(stamped.read_text())["figures"] == {"a": 3}


needs_pg = pytest.mark.skipif(connection.vendor != "postgresql",
                              reason="COPY and snapshots need PostgreSQL")


@needs_pg
@pytest.mark.django_db
def test_loaded_dataset_satisfies_the_apps_own_tree_rules(small):
    from pegawai.models import Pegawai, RiwayatJabatan, UnitKerja
    from pegawai.services import unit_tree_refresh

    dataset.load(small)
    assert UnitKerja.objects.count() == 2_000
    assert Pegawai.objects.count() == RiwayatJabatan.objects.count() == 3_000
    assert unit_tree_refresh() == 0  # materialised paths already as the app computes them
    opd = UnitKerja.objects.get(pk=small.opd_ids[0])
    assert Pegawai.objects.di_subtree(opd).exists()


@needs_pg
@pytest.mark.django_db
def test_snapshot_restore_undoes_inserts_updates_and_deletes(small):
    from pegawai.models import Pegawai

    dataset.load(small)
    table = Pegawai._meta.db_table
    first = Pegawai.objects.order_by("id").first()
    snap = db.Snapshot(table)
    Pegawai.objects.filter(pk=first.pk).update(nama="Diubah")
    Pegawai.objects.filter(pk=first.pk + 1).delete()
    clone = Pegawai.objects.get(pk=first.pk + 2)
    clone.pk, clone.nip = None, "199001012015011999"
    clone.save()
    snap.restore()
    snap.drop()
    assert Pegawai.objects.get(pk=first.pk).nama == first.nama
    assert Pegawai.objects.filter(pk=first.pk + 1).exists()
    assert not Pegawai.objects.filter(nip="199001012015011999").exists()
    assert Pegawai.objects.count() == 3_000


# --- area abk (issue 3) -----------------------------------------------------------------------


def _staff(ds):
    staff = {}
    for p in ds.pegawai:
        if p["aktif"]:
            key = (p["unit_id"], p["jabatan_id"])
            staff[key] = staff.get(key, 0) + 1
    return staff


def test_abk_tasks_cover_the_asked_pairs_heads_first_with_1_to_3_tasks_each(small):
    from bebankerja import abk
    from bench.b_abk import abk_tasks

    staff = _staff(small)
    rows = abk_tasks(units=small.units, jabatan=small.jabatan, staff=staff, n_pairs=2_600)
    per_pair = {}
    for r in rows:
        per_pair.setdefault((r["unit_id"], r["jabatan_id"]), []).append(r)
    assert len(per_pair) == 2_600
    assert all((u["id"], u["jabatan_kepala_id"]) in per_pair for u in small.units)
    assert {len(t) for t in per_pair.values()} == {1, 2, 3}
    assert sum(k not in staff for k in per_pair) == 60  # 10 % of the pairs beyond the heads
    for r in rows:
        assert r["beban_menit"] == abk.beban_tugas(r["volume"], r["norma_waktu"],
                                                   r["satuan_norma"], r["periode_volume"])
        assert r["volume"] > 0


def test_abk_tasks_make_health_short_and_transport_surplus(small):
    from bench.b_abk import WKE, abk_tasks, kelompok_unit

    staff = _staff(small)
    rows = abk_tasks(units=small.units, jabatan=small.jabatan, staff=staff, n_pairs=2_600)
    kelompok = kelompok_unit(small.units)
    need, people = {}, {}
    for r in rows:
        g = kelompok[r["unit_id"]]
        need[g] = need.get(g, 0) + r["beban_menit"] / WKE
    for key in {(r["unit_id"], r["jabatan_id"]) for r in rows}:
        g = kelompok[key[0]]
        people[g] = people.get(g, 0) + staff.get(key, 0)
    assert need["sehat"] > people["sehat"]
    assert need["hubung"] < people["hubung"]


def test_abk_tasks_are_deterministic(small):
    from bench.b_abk import abk_tasks

    staff = _staff(small)
    a = abk_tasks(units=small.units, jabatan=small.jabatan, staff=staff, n_pairs=2_100)
    b = abk_tasks(units=small.units, jabatan=small.jabatan, staff=staff, n_pairs=2_100)
    assert a == b


@needs_pg
@pytest.mark.django_db
def test_abk_area_reports_every_figure_and_a_snapshot_of_every_pair(tmp_path, monkeypatch):
    from bebankerja.models import SnapshotJabatan, TugasJabatan
    from bench import b_abk
    from pegawai.models import Pegawai

    monkeypatch.setattr(core, "OUT_DIR", tmp_path)
    monkeypatch.setattr(b_abk, "RUNS", 2)
    monkeypatch.setattr(b_abk, "WARMUPS", 1)
    monkeypatch.setattr(b_abk, "INCREMENTAL_RUNS", 2)
    ctx = core.Context(args=None, db_url="", db_name="test", scale=0.015, workdir=tmp_path)
    ctx.reuse_db = False

    out = b_abk.run(ctx)

    assert ctx.errors == []
    declared = {f.name for f in b_abk.FIGURES}
    assert declared <= set(out)
    assert all(out[name] > 0 for name in declared)
    assert out["dashboard_vs_sql_ratio"] == round(
        out["dashboard_p50_ms"] / out["dashboard_sql_p50_ms"], 2)
    pairs = set(TugasJabatan.objects.values_list("unit_id", "jabatan_id"))
    assert len(pairs) == ctx.scaled(b_abk.N_PAIRS)
    pairs |= set(Pegawai.objects.filter(aktif=True).values_list("unit_id", "jabatan_id"))
    assert SnapshotJabatan.objects.count() == len(pairs) == out["snapshot_jabatan_rows"]
    assert (tmp_path / "explain-abk-dasbor.txt").exists()


def test_load_summary_keeps_the_login_apart_from_pages_and_counts_failures():
    from bench.b_load import TOTAL_WORK, summarise

    rows = summarise([["halaman", 10.0, False], ["halaman", 30.0, True],
                      ["masuk (POST)", 900.0, False]])

    assert rows["halaman"] == (2, 1, 10.0, 30.0, 30.0)
    assert rows[TOTAL_WORK] == (2, 1, 10.0, 30.0, 30.0)
    assert rows["Semua permintaan"] == (3, 1, 30.0, 900.0, 900.0)


def test_load_steady_state_is_what_ends_after_every_user_started():
    from bench.b_load import steady

    samples = [["masuk (POST)", 900.0, False, 100.0], ["halaman", 20.0, False, 104.9],
               ["halaman", 10.0, False, 105.0], ["halaman", 30.0, False, 160.0]]
    assert steady(samples, 105.0) == samples[2:]
    assert steady(samples, None) == samples


@needs_pg
@pytest.mark.django_db(transaction=True)
def test_load_area_runs_5_users_for_10_seconds_against_gunicorn_without_errors(
        tmp_path, monkeypatch):
    from django.contrib.auth import get_user_model

    from bench import b_load

    s = connection.settings_dict
    monkeypatch.delenv("BENCH_CELERY_BROKER_URL", raising=False)  # pages only, no Redis
    ctx = core.Context(args=None, scale=0.015, workdir=tmp_path, db_name=s["NAME"],
                       db_url=f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@"
                              f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}")
    ctx.reuse_db = False

    out = b_load.run(ctx, users=5, duration_s=10)

    assert ctx.errors == []
    assert out["load_error_rate"] == 0
    assert 0 < out["load_p50_ms"] <= out["load_p95_ms"] <= out["load_p99_ms"]
    assert out["load_rps"] > 0
    assert not get_user_model().objects.filter(username__startswith=b_load.PREFIX).exists()


@needs_pg
@pytest.mark.django_db
def test_perencana_area_reports_every_figure(tmp_path, monkeypatch):
    from bench import b_perencana
    from mutasi.models import RencanaMutasi

    monkeypatch.setattr(core, "OUT_DIR", tmp_path)
    monkeypatch.setattr(b_perencana, "WHATIF_RUNS", 1)
    ctx = core.Context(args=None, db_url="", db_name="test", scale=0.015, workdir=tmp_path)
    ctx.reuse_db = False

    out = b_perencana.run(ctx)

    assert ctx.errors == []
    declared = {f.name for f in b_perencana.FIGURES}
    assert declared <= set(out)
    assert out["planner_bound_ratio"] == 1.0  # default options: the exact min-cost flow
    assert out["planner_moves"] == out["planner_covered"]  # few shortages at this scale
    assert out["count_plan_covered"] >= 0 and out["whatif_1000_ms"] > 0
    assert RencanaMutasi.objects.get().status == "selesai"
