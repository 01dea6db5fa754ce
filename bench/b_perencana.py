"""Balance planner (issue 13): whole-Pemda plan, its bound ratio, what-if of 1,000 moves, and
the shortages covered by this plan and by today's count matching on the same data.

Runs on the `abk` area's data (the active bench periode; its snapshot is computed here when
the `abk` area did not run first). Interchangeable groups: up to 5 pelaksana jabatan of one
kelas form a group. See bench/README.md, area `perencana`.
"""

from __future__ import annotations

import time

from bench import core, dataset
from bench.core import Figure, p50

ORDER = 40

FIGURES = [
    Figure("planner_s", "s", max=30,
           desc="rencana seluruh Pemda, opsi bawaan: baca data + kelayakan massal + "
                "pemecah + simpan skenario (layanan.rencana_jalankan)"),
    Figure("planner_bound_ratio", "x", min=0.99, desc="pengurangan tercapai ÷ batas"),
    Figure("whatif_1000_ms", "ms", max=1000,
           desc="evaluasi_skenario untuk 1.000 pindah, p50 dari 5 setelah 1 pemanasan"),
    Figure("planner_covered", "pegawai", desc="kekurangan yang ditutup rencana ini"),
    Figure("count_plan_covered", "pegawai",
           desc="kekurangan yang ditutup rencana redistribusi hitungan (redistribusi.py), "
                "data yang sama"),
    Figure("planner_moves", "pindah", desc="pindah dalam rencana"),
    Figure("planner_candidates", "pegawai", desc="kandidat (pegawai di baris kelebihan)"),
]

WHATIF_N = 1000
GRUP_MAKS = 5
WHATIF_RUNS = 5


def _pastikan_snapshot(ctx, periode):
    from bebankerja.hitung import balance_recompute
    from bebankerja.models import SnapshotJabatan

    if not SnapshotJabatan.objects.filter(periode=periode).exists():
        with ctx.step("hitung ulang snapshot ABK (area abk tidak dijalankan lebih dulu)"):
            balance_recompute(periode=periode)


def _grup(ctx):
    """Interchangeable groups of at most 5 pelaksana jabatan of one kelas (a BKD declares
    small groups of related posts; one group of every pelaksana of a kelas would give the
    solver an arc per class × jabatan of the group)."""
    from collections import defaultdict

    from mutasi.models import GrupJabatanSetara
    from pegawai.models import Jabatan

    GrupJabatanSetara.objects.filter(nama__startswith="bench-").delete()
    per_kelas = defaultdict(list)
    for pk, kelas in Jabatan.objects.filter(jenis="pelaksana").values_list("id", "kelas"):
        per_kelas[kelas].append(pk)
    n = 0
    for kelas, ids in sorted(per_kelas.items()):
        ids = sorted(ids)
        for i in range(0, len(ids), GRUP_MAKS):
            bagian = ids[i:i + GRUP_MAKS]
            if len(bagian) >= 2:
                g = GrupJabatanSetara.objects.create(nama=f"bench-pelaksana-{kelas}-{i}")
                g.jabatan.set(bagian)
                n += 1
    ctx.log(f"{n} grup jabatan setara (pelaksana per kelas)")


def _hitungan(periode):
    """Shortages covered by bebankerja/redistribusi.py on the same snapshot."""
    from bebankerja.models import SnapshotJabatan
    from bebankerja.redistribusi import BarisSelisih, opd_dari_path, rencana_redistribusi
    from pegawai.models import UnitKerja

    paths = dict(UnitKerja.objects.values_list("id", "path"))
    rows = [BarisSelisih(u, opd_dari_path(paths.get(u, "")), j, s)
            for u, j, s in SnapshotJabatan.objects.filter(periode=periode).values_list(
                "unit_id", "jabatan_id", "selisih")]
    return rencana_redistribusi(rows).total_dipindah


def run(ctx):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from bench.b_abk import ensure_abk
    from mutasi.models import RencanaMutasi, Skenario, SkenarioPindah
    from mutasi.perencana import data, layanan

    ds = dataset.ensure(ctx)
    periode = ensure_abk(ctx, ds)
    _pastikan_snapshot(ctx, periode)
    _grup(ctx)
    user = get_user_model().objects.filter(username="bench_bkd").first()
    opsi = data.OpsiRencana(tanggal=timezone.localdate())
    rencana = RencanaMutasi.objects.create(periode=periode, opsi=opsi.ke_json(),
                                           dibuat_oleh=user)
    t0 = time.perf_counter()
    skenario = layanan.rencana_jalankan(rencana_id=rencana.pk)
    planner_s = time.perf_counter() - t0
    rencana.refresh_from_db()
    if rencana.status != "selesai":
        raise RuntimeError(f"rencana gagal: {rencana.pesan}")
    ctx.log(f"rencana: {rencana.pengurangan // 2:,} pindah, rasio {rencana.rasio:.4f}, "
            f"pemecah {rencana.waktu_s:.1f} s, total {planner_s:.1f} s")
    out = {
        "planner_s": round(planner_s, 2),
        "planner_bound_ratio": round(rencana.rasio, 4),
        "planner_covered": rencana.pengurangan // 2,
        "planner_moves": skenario.pindah.count(),
        "planner_candidates": rencana.jumlah_kandidat,
        "count_plan_covered": _hitungan(periode),
    }
    with ctx.guard("perencana.whatif"):
        sk = Skenario.objects.create(nama="bench-whatif", periode=periode, dibuat_oleh=user)
        moves = list(skenario.pindah.order_by("urutan")[:WHATIF_N])
        SkenarioPindah.objects.bulk_create([
            SkenarioPindah(skenario=sk, pegawai_id=m.pegawai_id, dari_unit_id=m.dari_unit_id,
                           dari_jabatan_id=m.dari_jabatan_id, ke_unit_id=m.ke_unit_id,
                           ke_jabatan_id=m.ke_jabatan_id, alasan=m.alasan, urutan=m.urutan)
            for m in moves])
        if len(moves) < WHATIF_N:
            ctx.note(f"skenario what-if hanya {len(moves)} pindah (rencana lebih kecil)")
        times = []
        for i in range(1 + WHATIF_RUNS):
            t, _ev = core.timed(layanan.evaluasi_skenario, sk)
            if i:
                times.append(t * 1000)
        out["whatif_1000_ms"] = round(p50(times), 1)
    return out
