"""The balance planner core (mutasi.perencana.inti, docs/perencana.md). No database."""

import itertools
import random
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutasi.perencana import Baris, Kandidat, Opsi, ketidakseimbangan, rencanakan


def cek_aturan(baris, kandidat, grup, opsi, rencana):
    """Every rule and option a plan must keep; returns nothing, asserts."""
    rows = {(b.unit_id, b.jabatan_id): b for b in baris}
    orang = {k.pegawai_id: k for k in kandidat}
    setara = {}
    for g in grup:
        for j in g:
            setara.setdefault(j, set()).update(set(g) - {j})
    ids = [p.pegawai_id for p in rencana.pindah]
    assert len(ids) == len(set(ids)), "someone moved twice"
    keluar, masuk, per_unit = Counter(), Counter(), Counter()
    for p in rencana.pindah:
        k = orang[p.pegawai_id]
        assert k.layak
        assert (p.dari_unit, p.dari_jabatan) == (k.unit_id, k.jabatan_id)
        assert (p.ke_unit, p.ke_jabatan) in rows
        assert (p.ke_unit, p.ke_jabatan) != (p.dari_unit, p.dari_jabatan)
        if p.ke_jabatan != p.dari_jabatan:
            assert p.ke_jabatan in setara.get(p.dari_jabatan, set())
            assert k.boleh_ke_jabatan is None or p.ke_jabatan in k.boleh_ke_jabatan
        for u, j in ((p.dari_unit, p.dari_jabatan), (p.ke_unit, p.ke_jabatan)):
            assert u not in opsi.unit_beku and j not in opsi.jabatan_beku
        keluar[(p.dari_unit, p.dari_jabatan)] += 1
        masuk[(p.ke_unit, p.ke_jabatan)] += 1
        per_unit[p.dari_unit] += 1
        per_unit[p.ke_unit] += 1
    for key, b in rows.items():
        s = b.selisih
        if keluar[key]:
            assert s > 0, "a row without surplus gave someone"
            assert s - keluar[key] >= -opsi.toleransi
        if masuk[key]:
            assert masuk[key] <= -s, "a target filled beyond its shortage"
    if opsi.maks_pindah_total is not None:
        assert len(rencana.pindah) <= opsi.maks_pindah_total
    if opsi.maks_pindah_per_unit is not None:
        assert max(per_unit.values(), default=0) <= opsi.maks_pindah_per_unit
    # Figures are consistent with the moves.
    baru = {key: b.bezetting - keluar[key] + masuk[key] for key, b in rows.items()}
    akhir = sum(abs(baru[key] - b.kebutuhan) for key, b in rows.items())
    assert rencana.ketidakseimbangan_awal == ketidakseimbangan(baris)
    assert rencana.ketidakseimbangan_akhir == akhir
    assert rencana.pengurangan == rencana.ketidakseimbangan_awal - akhir >= 0
    assert rencana.pengurangan <= rencana.batas
    assert rencana.pengurangan == 2 * len(rencana.pindah)
    kurang = {(t.unit_id, t.jabatan_id): t.kurang for t in rencana.tak_tertutup}
    assert kurang == {key: b.kebutuhan - baru[key] for key, b in rows.items()
                      if baru[key] < b.kebutuhan}


def brute_force(baris, kandidat, grup, opsi):
    """Best reduction over every assignment of every candidate (stay or any allowed row)."""
    rows = {(b.unit_id, b.jabatan_id): b for b in baris}
    setara = {}
    for g in grup:
        for j in g:
            setara.setdefault(j, set()).update(set(g) - {j})

    def beku(u, j):
        return u in opsi.unit_beku or j in opsi.jabatan_beku

    pilihan = []
    for k in kandidat:
        opts = [None]
        if k.layak and (k.unit_id, k.jabatan_id) in rows and not beku(k.unit_id, k.jabatan_id):
            for (u, j) in rows:
                if (u, j) == (k.unit_id, k.jabatan_id) or beku(u, j):
                    continue
                if j == k.jabatan_id or (j in setara.get(k.jabatan_id, set()) and (
                        k.boleh_ke_jabatan is None or j in k.boleh_ke_jabatan)):
                    opts.append((u, j))
        pilihan.append(opts)
    awal = ketidakseimbangan(baris)
    best = 0
    for combo in itertools.product(*pilihan):
        delta, per_unit, n = Counter(), Counter(), 0
        keluar, masuk = Counter(), Counter()
        for k, ke in zip(kandidat, combo, strict=True):
            if ke is None:
                continue
            n += 1
            delta[(k.unit_id, k.jabatan_id)] -= 1
            delta[ke] += 1
            keluar[(k.unit_id, k.jabatan_id)] += 1
            masuk[ke] += 1
            per_unit[k.unit_id] += 1
            per_unit[ke[0]] += 1
        if opsi.maks_pindah_total is not None and n > opsi.maks_pindah_total:
            continue
        if opsi.maks_pindah_per_unit is not None and \
                max(per_unit.values(), default=0) > opsi.maks_pindah_per_unit:
            continue
        # The documented rules, on gross flows (docs/perencana.md, "Rules"): a row with
        # selisih <= 0 never gives anyone and a row gives at most its surplus (+ tolerance);
        # a row receives at most its shortage. So no chain through a balanced row (someone
        # moving in to free someone else), which nets to zero on that row.
        ok = True
        for key in keluar.keys() | masuk.keys():
            s = rows[key].selisih
            if keluar[key] and (s <= 0 or s - keluar[key] < -opsi.toleransi):
                ok = False
            if masuk[key] > max(0, -s):
                ok = False
        if ok:
            akhir = sum(abs(b.selisih + delta[key]) for key, b in rows.items())
            best = max(best, awal - akhir)
    return best


# --- worked cases ---------------------------------------------------------------------


def test_same_jabatan_move():
    baris = [Baris(1, 10, "staf", 1, 2), Baris(2, 20, "staf", 2, 1)]
    r = rencanakan(baris, [Kandidat("p1", 1, "staf"), Kandidat("p2", 1, "staf")])
    assert len(r.pindah) == 1
    p = r.pindah[0]
    assert (p.dari_unit, p.ke_unit, p.ke_jabatan) == (1, 2, "staf")
    assert "sama_jabatan" in p.alasan and "lintas_opd" in p.alasan
    assert (r.ketidakseimbangan_awal, r.ketidakseimbangan_akhir) == (2, 0)
    assert (r.pengurangan, r.batas, r.rasio, r.status) == (2, 2, 1.0, "optimal")
    assert r.tak_tertutup == ()


def test_group_move_only_when_competent():
    baris = [Baris(1, 10, "a", 0, 1), Baris(2, 10, "b", 1, 0)]
    tidak = Kandidat("p", 1, "a", boleh_ke_jabatan=frozenset({"c"}))
    r = rencanakan(baris, [tidak], [{"a", "b"}])
    assert r.pindah == ()
    assert [t.alasan for t in r.tak_tertutup] == ["tidak_ada_kandidat"]
    r = rencanakan(baris, [Kandidat("p", 1, "a", boleh_ke_jabatan=frozenset({"b"}))],
                   [{"a", "b"}])
    assert [(p.ke_unit, p.ke_jabatan) for p in r.pindah] == [(2, "b")]
    assert "jabatan_setara" in r.pindah[0].alasan
    # Competent but the jabatan are not declared interchangeable: no move.
    r = rencanakan(baris, [Kandidat("p", 1, "a", boleh_ke_jabatan=frozenset({"b"}))])
    assert r.pindah == ()
    assert [t.alasan for t in r.tak_tertutup] == ["tidak_ada_jabatan_setara"]


def test_frozen_unit_and_jabatan():
    baris = [Baris(1, 1, "a", 0, 2), Baris(2, 1, "a", 1, 0), Baris(3, 1, "a", 1, 0)]
    orang = [Kandidat("p1", 1, "a"), Kandidat("p2", 1, "a")]
    r = rencanakan(baris, orang, opsi=Opsi(unit_beku=frozenset({2})))
    assert [p.ke_unit for p in r.pindah] == [3]
    assert [(t.unit_id, t.alasan) for t in r.tak_tertutup] == [(2, "beku")]
    r = rencanakan(baris, orang, opsi=Opsi(unit_beku=frozenset({1})))
    assert r.pindah == ()
    assert {t.alasan for t in r.tak_tertutup} == {"beku"}
    r = rencanakan(baris, orang, opsi=Opsi(jabatan_beku=frozenset({"a"})))
    assert r.pindah == () and r.batas == 0


def test_caps_total_and_per_unit():
    baris = [Baris(1, 1, "a", 0, 3), Baris(2, 1, "a", 3, 0)]
    orang = [Kandidat(i, 1, "a") for i in range(3)]
    assert len(rencanakan(baris, orang).pindah) == 3
    r = rencanakan(baris, orang, opsi=Opsi(maks_pindah_total=2))
    assert len(r.pindah) == 2 and r.batas == 4
    assert [t.alasan for t in r.tak_tertutup] == ["batas_opsi"]
    r = rencanakan(baris, orang, opsi=Opsi(maks_pindah_per_unit=1))
    assert len(r.pindah) == 1 and r.solver == "highs_mip" and r.status == "optimal"
    assert (r.pengurangan, r.batas) == (2, 2)
    assert [t.alasan for t in r.tak_tertutup] == ["batas_opsi"]


def test_per_unit_cap_counts_moves_in_too():
    # Unit 2 needs 2 and may take only 1: two different sources cannot both send there.
    baris = [Baris(1, 1, "a", 0, 1), Baris(3, 1, "a", 0, 1), Baris(2, 1, "a", 2, 0)]
    r = rencanakan(baris, [Kandidat("p", 1, "a"), Kandidat("q", 3, "a")],
                   opsi=Opsi(maks_pindah_per_unit=1))
    assert len(r.pindah) == 1


def test_tolerance_never_used_for_a_neutral_move():
    # Row 1 has no surplus: even with a tolerance it gives nobody.
    baris = [Baris(1, 1, "a", 1, 1), Baris(2, 1, "a", 1, 0)]
    r = rencanakan(baris, [Kandidat("p", 1, "a")], opsi=Opsi(toleransi=1))
    assert r.pindah == ()
    # A surplus of 1 gives at most 1 even with a tolerance of 2 (the second move would turn
    # it into a shortage: imbalance-neutral, and one more move).
    baris = [Baris(1, 1, "a", 1, 2), Baris(2, 1, "a", 2, 0)]
    r = rencanakan(baris, [Kandidat("p", 1, "a"), Kandidat("q", 1, "a")],
                   opsi=Opsi(toleransi=2))
    assert len(r.pindah) == 1
    assert brute_force(baris, [Kandidat("p", 1, "a"), Kandidat("q", 1, "a")], [],
                       Opsi(toleransi=2)) == 2


def test_willing_person_chosen_first_then_longest_in_post():
    baris = [Baris(1, 1, "a", 0, 3), Baris(2, 1, "a", 1, 0)]
    orang = [Kandidat("lama", 1, "a", masa_jabatan_hari=3000),
             Kandidat("mau", 1, "a", bersedia=True, masa_jabatan_hari=10),
             Kandidat("baru", 1, "a", masa_jabatan_hari=100)]
    r = rencanakan(baris, orang)
    assert [p.pegawai_id for p in r.pindah] == ["mau"]
    assert "bersedia" in r.pindah[0].alasan
    r = rencanakan(baris, [orang[0], orang[2]])
    assert [p.pegawai_id for p in r.pindah] == ["lama"]


def test_same_opd_first():
    baris = [Baris(1, 10, "a", 0, 1), Baris(2, 20, "a", 1, 0), Baris(3, 10, "a", 1, 0)]
    r = rencanakan(baris, [Kandidat("p", 1, "a")])
    assert [p.ke_unit for p in r.pindah] == [3]
    assert "sama_opd" in r.pindah[0].alasan


def test_preferred_unit_chosen():
    baris = [Baris(1, 10, "a", 0, 1), Baris(2, 10, "a", 1, 0), Baris(3, 10, "a", 1, 0),
             Baris(4, 10, "a", 1, 0)]
    r = rencanakan(baris, [Kandidat("p", 1, "a", bersedia=True, unit_pilihan=frozenset({3}))])
    assert [p.ke_unit for p in r.pindah] == [3]
    assert "unit_pilihan" in r.pindah[0].alasan
    # The same with a per-unit cap (MIP path).
    r = rencanakan(baris, [Kandidat("p", 1, "a", bersedia=True, unit_pilihan=frozenset({3}))],
                   opsi=Opsi(maks_pindah_per_unit=5))
    assert [p.ke_unit for p in r.pindah] == [3] and r.solver == "highs_mip"


def test_nobody_moved_twice_and_shortage_never_deepened():
    # Row (1, a) is short itself: its people stay although (2, a) is short too.
    baris = [Baris(1, 1, "a", 3, 2), Baris(2, 1, "a", 2, 0), Baris(3, 1, "a", 0, 1)]
    orang = [Kandidat("x", 1, "a"), Kandidat("y", 1, "a"), Kandidat("z", 3, "a")]
    r = rencanakan(baris, orang)
    assert [p.pegawai_id for p in r.pindah] == ["z"]
    cek_aturan(baris, orang, [], Opsi(), r)


def test_reasons_for_uncovered_shortages():
    baris = [
        Baris(1, 1, "a", 0, 1),  # surplus of a, its only person ineligible
        Baris(2, 1, "a", 1, 0),  # → tidak_ada_kandidat
        Baris(3, 1, "b", 1, 0),  # b has a group with c, no surplus anywhere → perlu_formasi
        Baris(3, 1, "c", 1, 1),
        Baris(4, 1, "d", 1, 0),  # d: no surplus, no group, others have surplus
        Baris(5, 1, "e", 1, 0),  # frozen jabatan
    ]
    orang = [Kandidat("p", 1, "a", layak=False, alasan_tidak_layak=("hukuman_disiplin",))]
    r = rencanakan(baris, orang, [{"b", "c"}], Opsi(jabatan_beku=frozenset({"e"})))
    alasan = {(t.unit_id, t.jabatan_id): (t.alasan, t.kurang) for t in r.tak_tertutup}
    assert alasan == {
        (2, "a"): ("tidak_ada_kandidat", 1),
        (3, "b"): ("perlu_formasi", 1),
        (4, "d"): ("tidak_ada_jabatan_setara", 1),
        (5, "e"): ("beku", 1),
    }
    rincian = [t.rincian for t in r.tak_tertutup if t.jabatan_id == "a"]
    assert rincian == [(("hukuman_disiplin", 1),)]


def test_deterministic_and_input_order_free():
    rng = random.Random(5)
    baris, orang = _instance(rng, units=30, jabatan=6, per_unit=4)
    grup = [{"j0", "j1"}, {"j2", "j3", "j4"}]
    a = rencanakan(baris, orang, grup)
    b = rencanakan(list(reversed(baris)), list(reversed(orang)), grup)
    assert a.pindah == b.pindah and a.tak_tertutup == b.tak_tertutup
    opsi = Opsi(maks_pindah_per_unit=2, batas_waktu_s=10)
    c = rencanakan(baris, orang, grup, opsi)
    d = rencanakan(list(reversed(baris)), list(reversed(orang)), grup, opsi)
    assert c.pindah == d.pindah
    cek_aturan(baris, orang, grup, opsi, c)


def test_bad_input_refused():
    with pytest.raises(ValueError):
        Opsi(maks_pindah_total=-1)
    with pytest.raises(ValueError):
        Opsi(toleransi=-1)
    with pytest.raises(ValueError):
        rencanakan([Baris(1, 1, "a", 1, 0), Baris(1, 1, "a", 0, 1)], [])
    with pytest.raises(ValueError):
        rencanakan([Baris(1, 1, "a", -1, 0)], [])
    with pytest.raises(ValueError):
        rencanakan([Baris(1, 1, "a", 0, 2)], [Kandidat("p", 1, "a"), Kandidat("p", 1, "a")])


# --- properties -----------------------------------------------------------------------

UNITS = [1, 2, 3]
JABATAN = ["a", "b", "c"]


@st.composite
def instances(draw):
    keys = draw(st.lists(st.tuples(st.sampled_from(UNITS), st.sampled_from(JABATAN)),
                         min_size=1, max_size=4, unique=True))
    opd = {u: draw(st.sampled_from([10, 20, None])) for u in UNITS}
    baris = [Baris(u, opd[u], j, draw(st.integers(0, 3)), draw(st.integers(0, 3)))
             for u, j in keys]
    slots = [(b.unit_id, b.jabatan_id) for b in baris for _ in range(b.bezetting)]
    chosen = draw(st.lists(st.sampled_from(slots), max_size=6)) if slots else []
    per_row = Counter()
    orang = []
    for i, (u, j) in enumerate(chosen):
        per_row[(u, j)] += 1
        if per_row[(u, j)] > next(b.bezetting for b in baris if (b.unit_id, b.jabatan_id)
                                  == (u, j)):
            continue
        orang.append(Kandidat(
            i, u, j, layak=draw(st.booleans()) or draw(st.booleans()),
            bersedia=draw(st.booleans()),
            unit_pilihan=frozenset(draw(st.sets(st.sampled_from(UNITS), max_size=2))),
            masa_jabatan_hari=draw(st.integers(0, 5)),
            boleh_ke_jabatan=draw(st.none() | st.frozensets(st.sampled_from(JABATAN)))))
    grup = draw(st.sampled_from([[], [{"a", "b"}], [{"a", "b", "c"}], [{"a", "c"}, {"b", "c"}]]))
    opsi = Opsi(
        maks_pindah_total=draw(st.none() | st.integers(0, 4)),
        maks_pindah_per_unit=draw(st.none() | st.integers(0, 3)),
        unit_beku=frozenset(draw(st.sets(st.sampled_from(UNITS), max_size=1))),
        jabatan_beku=frozenset(draw(st.sets(st.sampled_from(JABATAN), max_size=1))),
        toleransi=draw(st.integers(0, 2)),
        batas_waktu_s=10,
    )
    return baris, orang, grup, opsi


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_plan_keeps_every_rule_and_matches_exhaustive_search(inst):
    baris, orang, grup, opsi = inst
    r = rencanakan(baris, orang, grup, opsi)
    cek_aturan(baris, orang, grup, opsi, r)
    terbaik = brute_force(baris, orang, grup, opsi)
    assert r.pengurangan == terbaik
    assert r.status == "optimal" and r.batas == terbaik and r.rasio == 1.0


# --- scale ----------------------------------------------------------------------------


def _instance(rng, units, jabatan, per_unit, opd=40):
    """A synthetic Pemda: each unit holds `per_unit` of the jabatan, about 10 people each.
    Only people in surplus rows are candidates (the caller filters the others out)."""
    baris, orang = [], []
    js = [f"j{i}" for i in range(jabatan)]
    n = 0
    for u in range(units):
        for j in rng.sample(js, per_unit):
            bez = rng.randint(4, 16)
            keb = max(0, bez + rng.randint(-3, 3))
            baris.append(Baris(u, u % opd, j, keb, bez))
            if bez > keb:
                for _ in range(bez):
                    n += 1
                    orang.append(Kandidat(
                        n, u, j, layak=rng.random() > 0.3, bersedia=rng.random() < 0.1,
                        unit_pilihan=frozenset(rng.sample(range(units), 2))
                        if rng.random() < 0.05 else frozenset(),
                        masa_jabatan_hari=rng.randint(0, 7000),
                        boleh_ke_jabatan=frozenset(rng.sample(js, 3))))
    return baris, orang


@pytest.mark.slow
def test_scale_whole_pemda():
    """2,000 units × 10 of 50 jabatan, ~200,000 people in post; candidates = the surplus rows."""
    rng = random.Random(13)
    baris, orang = _instance(rng, units=2000, jabatan=50, per_unit=10)
    grup = [{f"j{i}" for i in range(k, k + 5)} for k in range(0, 50, 5)]
    assert sum(b.bezetting for b in baris) > 150_000
    t = time.perf_counter()
    r = rencanakan(baris, orang, grup)
    dt = time.perf_counter() - t
    print(f"\nplanner whole Pemda: {dt:.1f} s, {len(orang)} candidates, {r.jumlah_kelas} classes,"
          f" {len(r.pindah)} moves, ratio {r.rasio:.4f}, {r.statistik}")
    assert dt < 30 and r.rasio >= 0.99
    cek_aturan(baris, orang, grup, Opsi(), r)
    t = time.perf_counter()
    opsi = Opsi(maks_pindah_per_unit=10, batas_waktu_s=20)
    r = rencanakan(baris, orang, grup, opsi)
    dt = time.perf_counter() - t
    print(f"with a per-unit cap of 10: {dt:.1f} s, {len(r.pindah)} moves, ratio {r.rasio:.4f},"
          f" {r.status}")
    # Known gap (docs/perencana.md, limits): with a per-unit cap that binds in most units the
    # MIP does not improve the greedy start within the time limit at this size; the figure
    # is printed, the rules are asserted.
    assert dt < 60
    cek_aturan(baris, orang, grup, opsi, r)


def test_scale_modest():
    rng = random.Random(7)
    baris, orang = _instance(rng, units=200, jabatan=50, per_unit=10)
    grup = [{f"j{i}" for i in range(k, k + 5)} for k in range(0, 50, 5)]
    t = time.perf_counter()
    r = rencanakan(baris, orang, grup)
    dt = time.perf_counter() - t
    print(f"\nplanner 200 units: {dt:.2f} s, {len(orang)} candidates, {len(r.pindah)} moves")
    assert dt < 10 and r.rasio == 1.0
    cek_aturan(baris, orang, grup, Opsi(), r)
