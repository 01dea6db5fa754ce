"""Balance planner core (perencana mutasi): who moves from where to where. No Django here.

API (all inputs are frozen dataclasses; ids are any hashable, ints in the app)::

    rencanakan(baris: Iterable[Baris], kandidat: Iterable[Kandidat],
               grup_setara: Iterable[Iterable[jabatan_id]] = (), opsi: Opsi = Opsi()) -> Rencana

    Baris(unit_id, opd_id, jabatan_id, kebutuhan: int, bezetting: int)
        One (unit, jabatan) row of the ABK figures. `bezetting` may be the projected staff at a
        horizon year (the caller removes retirements). selisih = bezetting − kebutuhan.
    Kandidat(pegawai_id, unit_id, jabatan_id, layak=True, alasan_tidak_layak=(), bersedia=False,
             unit_pilihan=frozenset(), masa_jabatan_hari=0, boleh_ke_jabatan=None)
        A person who could move. The caller has evaluated the eligibility rules (`layak`, with
        the failed rules' codes in `alasan_tidak_layak`) and competence (`boleh_ke_jabatan`: the
        jabatan ids they are qualified for; None = not restricted). Ineligible people may be
        passed: they never move but explain uncovered shortages.
    Opsi(maks_pindah_total=None, maks_pindah_per_unit=None, unit_beku=frozenset(),
         jabatan_beku=frozenset(), toleransi=0, batas_waktu_s=25.0)
    Rencana(pindah: tuple[Pindah, ...], ketidakseimbangan_awal, ketidakseimbangan_akhir,
            pengurangan, batas, rasio, status, tak_tertutup: tuple[TakTertutup, ...],
            solver, waktu_solver_s, jumlah_kelas)
    Pindah(pegawai_id, dari_unit, dari_jabatan, ke_unit, ke_jabatan, alasan: tuple[str, ...])
    TakTertutup(unit_id, jabatan_id, kurang, alasan, rincian)

Rules a plan keeps (docs/perencana.md has the model and its proof sketch):

- A person moves to the same jabatan in another unit, or to another jabatan of one of their
  jabatan's interchangeable groups (`grup_setara`) if competent for it. Nobody moves twice.
- Only a row with a surplus (selisih > 0) gives people, at most its surplus; a row with
  selisih ≤ 0 never loses anyone, so no shortage deepens and no surplus turns into a shortage
  (`toleransi` allows up to that many below need, but such a move is imbalance-neutral, so a
  plan with the fewest moves never makes it; see the docs).
- A target row takes at most its shortage. Frozen units and jabatan neither give nor take.
- At most `maks_pindah_total` moves; per unit at most `maks_pindah_per_unit` moves out plus
  moves in (a jabatan change inside one unit is both).

Objective, lexicographic:

1. maximise the reduction of the imbalance Σ|bezetting − kebutuhan| over rows;
2. fewest moves — implied: every permitted move lowers the imbalance by exactly 2, so a plan
   with the maximal reduction R has exactly R/2 moves;
3. least disruption, a weighted cost per move: 4 if it leaves the OPD, 2 if the person did not
   say they are willing (`bersedia`), 1 if the person named preferred units and this is not
   one of them. Within a class of interchangeable people (same row, same reachable jabatan,
   same willingness and preferences) the longest in post go first, then the smaller id.

Levels 1 and 3 are solved in sequence: without a per-unit cap the model is a network and
OR-Tools' min-cost flow (`SolveMaxFlowWithMinCost`) gives the exact lexicographic optimum;
with a per-unit cap the same network plus the cap is a MIP that HiGHS (through OR-Tools)
solves twice: maximise the number of moves, then minimise the cost with that number fixed.
Same input → same plan.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

__all__ = [
    "ALASAN_TAK_TERTUTUP",
    "Baris",
    "Kandidat",
    "Opsi",
    "Pindah",
    "Rencana",
    "TakTertutup",
    "ketidakseimbangan",
    "rencanakan",
]

# Reason codes for a shortage the plan leaves, with their labels for the UI.
ALASAN_TAK_TERTUTUP = {
    "beku": "Unit atau jabatan dibekukan",
    "batas_opsi": "Dibatasi jumlah pindah maksimum",
    "batas_waktu": "Waktu perhitungan habis sebelum rencana optimal",
    "tidak_ada_kandidat": "Tidak ada pegawai yang layak dan kompeten untuk dipindahkan",
    "tidak_ada_jabatan_setara": "Tidak ada jabatan setara yang dapat mengisi",
    "perlu_formasi": "Perlu formasi baru: tidak ada kelebihan di jabatan ini dan setaranya",
}

# Disruption cost of one move (objective level 3).
BOBOT_LINTAS_OPD = 4
BOBOT_TIDAK_BERSEDIA = 2
BOBOT_BUKAN_PILIHAN = 1


@dataclass(frozen=True)
class Baris:
    """One (unit, jabatan) row: kebutuhan and (projected) bezetting, both head counts."""

    unit_id: Hashable
    opd_id: Hashable | None
    jabatan_id: Hashable
    kebutuhan: int
    bezetting: int

    @property
    def selisih(self) -> int:
        return self.bezetting - self.kebutuhan


@dataclass(frozen=True)
class Kandidat:
    """A person in post at (unit_id, jabatan_id) who could be moved.

    `masa_jabatan_hari`: days in the current post (longer goes first).
    `boleh_ke_jabatan`: jabatan the person is competent for; None = no restriction. Their own
    jabatan is always allowed.
    """

    pegawai_id: Hashable
    unit_id: Hashable
    jabatan_id: Hashable
    layak: bool = True
    alasan_tidak_layak: tuple[str, ...] = ()
    bersedia: bool = False
    unit_pilihan: frozenset = frozenset()
    masa_jabatan_hari: int = 0
    boleh_ke_jabatan: frozenset | None = None


@dataclass(frozen=True)
class Opsi:
    """BKD's options. None = no limit. Frozen units/jabatan neither give nor take anyone."""

    maks_pindah_total: int | None = None
    maks_pindah_per_unit: int | None = None
    unit_beku: frozenset = frozenset()
    jabatan_beku: frozenset = frozenset()
    toleransi: int = 0
    batas_waktu_s: float = 25.0

    def __post_init__(self):
        for name in ("maks_pindah_total", "maks_pindah_per_unit"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or value < 0):
                raise ValueError(f"{name} must be None or an int >= 0, got {value!r}")
        if isinstance(self.toleransi, bool) or not isinstance(self.toleransi, int) \
                or self.toleransi < 0:
            raise ValueError(f"toleransi must be an int >= 0, got {self.toleransi!r}")
        if not (self.batas_waktu_s > 0):
            raise ValueError(f"batas_waktu_s must be > 0, got {self.batas_waktu_s!r}")


@dataclass(frozen=True)
class Pindah:
    """One move. `alasan` codes: sama_jabatan | jabatan_setara, sama_opd | lintas_opd,
    bersedia, unit_pilihan."""

    pegawai_id: Hashable
    dari_unit: Hashable
    dari_jabatan: Hashable
    ke_unit: Hashable
    ke_jabatan: Hashable
    alasan: tuple[str, ...] = ()


@dataclass(frozen=True)
class TakTertutup:
    """A shortage left after the plan: `kurang` people short, why (`alasan`, a key of
    ALASAN_TAK_TERTUTUP) and, for `tidak_ada_kandidat`, the eligibility rules that kept
    otherwise usable people out, with counts."""

    unit_id: Hashable
    jabatan_id: Hashable
    kurang: int
    alasan: str
    rincian: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Rencana:
    pindah: tuple[Pindah, ...]
    ketidakseimbangan_awal: int
    ketidakseimbangan_akhir: int
    pengurangan: int
    batas: int
    rasio: float
    status: str  # "optimal" | "feasible"
    tak_tertutup: tuple[TakTertutup, ...] = ()
    solver: str = ""
    waktu_solver_s: float = 0.0
    jumlah_kelas: int = 0
    statistik: dict = field(default_factory=dict)


def _key(value):
    """A total order over mixed ids (ints from the database, strings in tests)."""
    return (type(value).__name__, value)


def ketidakseimbangan(baris: Iterable[Baris]) -> int:
    """Σ over rows of |bezetting − kebutuhan| (docs/abk.md, Pemda balance index)."""
    return sum(abs(b.bezetting - b.kebutuhan) for b in baris)


@dataclass
class _Kelas:
    """People of one surplus row who are interchangeable for the model."""

    sumber: int  # index of the source row
    tujuan_jabatan: tuple  # jabatan they may move to, sorted
    bersedia: bool
    pilihan: frozenset
    orang: list  # Kandidat, in pick order


@dataclass
class _Model:
    """Arcs of the flow network: class → hub (jabatan, opd | None) → target, and class → target
    directly for preferred units."""

    kelas: list
    target: list  # row indices with a shortage, not frozen
    hub: list  # (jabatan_id, opd_id or None for the Pemda-wide hub)
    arc_kh: list = field(default_factory=list)  # (kelas, hub, cost)
    arc_ht: list = field(default_factory=list)  # (hub, target)
    arc_kt: list = field(default_factory=list)  # (kelas, target, cost)


def _validasi(baris: list[Baris]) -> None:
    seen = set()
    for b in baris:
        for name in ("kebutuhan", "bezetting"):
            v = getattr(b, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ValueError(f"{name} must be an int >= 0, got {v!r} in {b!r}")
        k = (b.unit_id, b.jabatan_id)
        if k in seen:
            raise ValueError(f"row ({b.unit_id!r}, {b.jabatan_id!r}) given twice")
        seen.add(k)


def _grup(grup_setara) -> dict:
    """jabatan → the other jabatan it is interchangeable with (union over its groups)."""
    setara: dict = defaultdict(set)
    for g in grup_setara:
        g = set(g)
        for j in g:
            setara[j] |= g - {j}
    return setara


def rencanakan(baris: Iterable[Baris], kandidat: Iterable[Kandidat],
               grup_setara: Iterable[Iterable[Hashable]] = (), opsi: Opsi | None = None
               ) -> Rencana:
    """Plan the moves that most reduce the Pemda's imbalance (see the module docstring)."""
    opsi = opsi or Opsi()
    rows = sorted(baris, key=lambda b: (_key(b.unit_id), _key(b.jabatan_id)))
    _validasi(rows)
    setara = _grup(grup_setara)
    idx = {(b.unit_id, b.jabatan_id): i for i, b in enumerate(rows)}
    orang = sorted(kandidat, key=lambda k: _key(k.pegawai_id))
    if len({k.pegawai_id for k in orang}) != len(orang):
        raise ValueError("a pegawai_id is given twice")

    def beku(b: Baris) -> bool:
        return b.unit_id in opsi.unit_beku or b.jabatan_id in opsi.jabatan_beku

    def tujuan(k: Kandidat) -> tuple:
        out = [k.jabatan_id]
        for j in setara.get(k.jabatan_id, ()):
            if j not in opsi.jabatan_beku and (k.boleh_ke_jabatan is None
                                               or j in k.boleh_ke_jabatan):
                out.append(j)
        return tuple(sorted(out, key=_key))

    # --- classes of movable people -------------------------------------------------
    kelas_map: dict = {}
    tidak_layak: dict = defaultdict(Counter)  # target jabatan → Counter(reason)
    for k in orang:
        i = idx.get((k.unit_id, k.jabatan_id))
        if i is None or rows[i].selisih <= 0 or beku(rows[i]):
            continue
        tj = tujuan(k)
        if not k.layak:
            for j in tj:
                for a in (k.alasan_tidak_layak or ("tidak_layak",)):
                    tidak_layak[j][a] += 1
            continue
        pil = frozenset(k.unit_pilihan) - opsi.unit_beku
        key = (i, tj, bool(k.bersedia), pil)
        kelas_map.setdefault(key, []).append(k)
    kelas = []
    for key in sorted(kelas_map, key=lambda t: (t[0], [_key(j) for j in t[1]], t[2],
                                                sorted(map(_key, t[3])))):
        people = sorted(kelas_map[key], key=lambda k: (-k.masa_jabatan_hari, _key(k.pegawai_id)))
        kelas.append(_Kelas(key[0], key[1], key[2], key[3], people))

    # --- targets, hubs and arcs ----------------------------------------------------
    target = [i for i, b in enumerate(rows) if b.selisih < 0 and not beku(b)]
    target_per_jabatan: dict = defaultdict(list)
    for t in target:
        target_per_jabatan[rows[t].jabatan_id].append(t)
    target_per_unit_jabatan = {(rows[t].unit_id, rows[t].jabatan_id): t for t in target}
    model = _Model(kelas, target, [])
    hub_idx: dict = {}

    def hub(j, o):
        h = hub_idx.get((j, o))
        if h is None:
            h = hub_idx[(j, o)] = len(model.hub)
            model.hub.append((j, o))
            model.arc_ht.extend(
                (h, t) for t in target_per_jabatan[j] if o is None or rows[t].opd_id == o)
        return h

    for c, kl in enumerate(kelas):
        src = rows[kl.sumber]
        base = (0 if kl.bersedia else BOBOT_TIDAK_BERSEDIA)
        miss = BOBOT_BUKAN_PILIHAN if kl.pilihan else 0
        for j in kl.tujuan_jabatan:
            ts = target_per_jabatan.get(j)
            if not ts:
                continue
            if src.opd_id is not None and any(rows[t].opd_id == src.opd_id for t in ts):
                model.arc_kh.append((c, hub(j, src.opd_id), base + miss))
            model.arc_kh.append((c, hub(j, None), base + miss + BOBOT_LINTAS_OPD))
            for u in sorted(kl.pilihan, key=_key):
                t = target_per_unit_jabatan.get((u, j))
                if t is not None:
                    lintas = src.opd_id is None or rows[t].opd_id != src.opd_id
                    model.arc_kt.append((c, t, base + (BOBOT_LINTAS_OPD if lintas else 0)))

    # --- solve -------------------------------------------------------------------
    t0 = time.perf_counter()
    flow_kh, flow_ht, flow_kt, batas_flow = _solve_mcf(model, rows, opsi)
    if opsi.maks_pindah_per_unit is None or not model.arc_kh:
        solver, status, batas_flow_opsi = "min_cost_flow", "optimal", batas_flow
    else:
        solver = "highs_mip"
        awal = _serakah(model, rows, opsi, _jalur(model, flow_kh, flow_ht, flow_kt))
        # Every move takes two unit slots (out of one, into one), so the moves are at most
        # half the slots the units can use: min(cap, what the unit could give + take).
        per_sumber = Counter()
        for kl in kelas:
            per_sumber[kl.sumber] += len(kl.orang)
        slot = Counter()
        for r, n in per_sumber.items():
            slot[rows[r].unit_id] += min(n, rows[r].selisih)
        for t in target:
            slot[rows[t].unit_id] -= rows[t].selisih
        batas_flow = min(batas_flow, sum(min(opsi.maks_pindah_per_unit, n)
                                         for n in slot.values()) // 2)
        flow_kh, flow_ht, flow_kt, status, batas_flow_opsi = _solve_mip(
            model, rows, opsi, batas_flow, awal)
    waktu = time.perf_counter() - t0

    pindah, dipindah = _tetapkan(model, rows, flow_kh, flow_ht, flow_kt)
    awal = ketidakseimbangan(rows)
    bezetting = [b.bezetting for b in rows]
    for p in pindah:
        bezetting[idx[(p.dari_unit, p.dari_jabatan)]] -= 1
        bezetting[idx[(p.ke_unit, p.ke_jabatan)]] += 1
    akhir = sum(abs(z - b.kebutuhan) for z, b in zip(bezetting, rows, strict=True))
    pengurangan = awal - akhir
    batas = 2 * batas_flow_opsi
    if pengurangan == batas:
        status = "optimal"
    tak = _tak_tertutup(rows, bezetting, kelas, dipindah, setara, opsi, tidak_layak)
    return Rencana(
        pindah=tuple(pindah),
        ketidakseimbangan_awal=awal,
        ketidakseimbangan_akhir=akhir,
        pengurangan=pengurangan,
        batas=batas,
        rasio=1.0 if batas == 0 else pengurangan / batas,
        status=status,
        tak_tertutup=tak,
        solver=solver,
        waktu_solver_s=round(waktu, 3),
        jumlah_kelas=len(kelas),
        statistik={"kandidat": len(orang), "baris": len(rows), "target": len(target),
                   "busur": len(model.arc_kh) + len(model.arc_ht) + len(model.arc_kt)},
    )


def _solve_mcf(model: _Model, rows: list[Baris], opsi: Opsi):
    """Max flow with min cost over the network (exact when there is no per-unit cap).

    Nodes: 0 super source, 1 source (total cap), rows' source nodes, classes, hubs, targets,
    sink. Returns the flows per arc list and the flow value (an upper bound on the number of
    moves under every option, since it only drops the per-unit cap).
    """
    from ortools.graph.python import min_cost_flow

    mcf = min_cost_flow.SimpleMinCostFlow()
    sumber = sorted({kl.sumber for kl in model.kelas})
    n_src = {r: 2 + i for i, r in enumerate(sumber)}
    base_k = 2 + len(sumber)
    base_h = base_k + len(model.kelas)
    base_t = base_h + len(model.hub)
    t_node = {t: base_t + i for i, t in enumerate(model.target)}
    sink = base_t + len(model.target)
    total = sum(len(kl.orang) for kl in model.kelas)
    cap_total = total if opsi.maks_pindah_total is None else min(total, opsi.maks_pindah_total)
    mcf.add_arc_with_capacity_and_unit_cost(0, 1, cap_total, 0)
    for r in sumber:
        mcf.add_arc_with_capacity_and_unit_cost(1, n_src[r], rows[r].selisih, 0)
    for c, kl in enumerate(model.kelas):
        mcf.add_arc_with_capacity_and_unit_cost(n_src[kl.sumber], base_k + c, len(kl.orang), 0)
    a_kh = [mcf.add_arc_with_capacity_and_unit_cost(base_k + c, base_h + h, total, cost)
            for c, h, cost in model.arc_kh]
    a_ht = [mcf.add_arc_with_capacity_and_unit_cost(base_h + h, t_node[t], total, 0)
            for h, t in model.arc_ht]
    a_kt = [mcf.add_arc_with_capacity_and_unit_cost(base_k + c, t_node[t], total, cost)
            for c, t, cost in model.arc_kt]
    for t in model.target:
        mcf.add_arc_with_capacity_and_unit_cost(t_node[t], sink, -rows[t].selisih, 0)
    mcf.set_node_supply(0, cap_total)
    mcf.set_node_supply(sink, -cap_total)
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min cost flow failed with status {status}")
    return ([mcf.flow(a) for a in a_kh], [mcf.flow(a) for a in a_ht],
            [mcf.flow(a) for a in a_kt], mcf.maximum_flow())


def _jalur(model: _Model, flow_kh, flow_ht, flow_kt):
    """Decompose arc flows into paths (class, target, arc_kh, arc_ht, arc_kt, count); a hub's
    inflows are paired with its outflows in arc order. -1 marks an arc the path does not use."""
    paths = [(c, t, -1, -1, a, flow_kt[a]) for a, (c, t, _) in enumerate(model.arc_kt)
             if flow_kt[a]]
    masuk, keluar = defaultdict(list), defaultdict(list)
    for a, (_c, h, _) in enumerate(model.arc_kh):
        if flow_kh[a]:
            masuk[h].append([a, flow_kh[a]])
    for a, (h, _t) in enumerate(model.arc_ht):
        if flow_ht[a]:
            keluar[h].append([a, flow_ht[a]])
    for h in range(len(model.hub)):
        ins, outs = masuk[h], keluar[h]
        i = o = 0
        while i < len(ins) and o < len(outs):
            n = min(ins[i][1], outs[o][1])
            a_kh, a_ht = ins[i][0], outs[o][0]
            paths.append((model.arc_kh[a_kh][0], model.arc_ht[a_ht][1], a_kh, a_ht, -1, n))
            ins[i][1] -= n
            outs[o][1] -= n
            i += ins[i][1] == 0
            o += outs[o][1] == 0
    return paths


def _serakah(model: _Model, rows: list[Baris], opsi: Opsi, paths):
    """A feasible start under the per-unit cap: keep the cheapest paths of the uncapped
    optimum while both units have room. Returns arc flows."""
    cap = opsi.maks_pindah_per_unit
    pakai = Counter()
    fkh, fht, fkt = [0] * len(model.arc_kh), [0] * len(model.arc_ht), [0] * len(model.arc_kt)

    def biaya(p):
        return model.arc_kt[p[4]][2] if p[4] >= 0 else model.arc_kh[p[2]][2]

    for p in sorted(paths, key=lambda p: (biaya(p), p[:5])):
        c, t, a_kh, a_ht, a_kt, n = p
        u, v = rows[model.kelas[c].sumber].unit_id, rows[t].unit_id
        if u == v:
            n = min(n, (cap - pakai[u]) // 2)
        else:
            n = min(n, cap - pakai[u], cap - pakai[v])
        if n <= 0:
            continue
        pakai[u] += n
        pakai[v] += n
        if a_kt >= 0:
            fkt[a_kt] += n
        else:
            fkh[a_kh] += n
            fht[a_ht] += n
    return fkh, fht, fkt


def _solve_mip(model: _Model, rows: list[Baris], opsi: Opsi, ub: int, awal):
    """Same network plus the per-unit cap (moves out + moves in), a MIP solved by HiGHS
    (through OR-Tools' linear solver) in two steps: maximise the number of moves, then fix it
    and minimise the disruption cost.

    `awal` (a feasible greedy solution) is the fallback. Returns the flows, the status and
    the proven bound on the number of moves (HiGHS's dual bound, never above `ub`)."""
    from ortools.linear_solver import pywraplp

    m = pywraplp.Solver.CreateSolver("HIGHS")
    x = [m.IntVar(0, min(ub, len(model.kelas[c].orang)), "") for c, _, _ in model.arc_kh]
    y = [m.IntVar(0, min(ub, -rows[t].selisih), "") for _, t in model.arc_ht]
    z = [m.IntVar(0, min(ub, -rows[t].selisih, len(model.kelas[c].orang)), "")
         for c, t, _ in model.arc_kt]

    def jumlahkan(vs):
        return m.Sum(vs)

    keluar_k = defaultdict(list)
    for a, (c, _h, _) in enumerate(model.arc_kh):
        keluar_k[c].append(x[a])
    for a, (c, _t, _) in enumerate(model.arc_kt):
        keluar_k[c].append(z[a])
    per_row = defaultdict(list)
    per_unit = defaultdict(list)
    for c, kl in enumerate(model.kelas):
        if keluar_k[c]:
            m.Add(jumlahkan(keluar_k[c]) <= len(kl.orang))
            per_row[kl.sumber].extend(keluar_k[c])
            per_unit[rows[kl.sumber].unit_id].extend(keluar_k[c])
    for r, vs in per_row.items():
        m.Add(jumlahkan(vs) <= rows[r].selisih)
    masuk_h = defaultdict(list)
    keluar_h = defaultdict(list)
    for a, (_c, h, _) in enumerate(model.arc_kh):
        masuk_h[h].append(x[a])
    masuk_t = defaultdict(list)
    for a, (h, t) in enumerate(model.arc_ht):
        keluar_h[h].append(y[a])
        masuk_t[t].append(y[a])
    for a, (_c, t, _) in enumerate(model.arc_kt):
        masuk_t[t].append(z[a])
    for h in range(len(model.hub)):
        m.Add(jumlahkan(masuk_h[h]) == jumlahkan(keluar_h[h]))
    for t, vs in masuk_t.items():
        m.Add(jumlahkan(vs) <= -rows[t].selisih)
        per_unit[rows[t].unit_id].extend(vs)
    for _u, vs in per_unit.items():
        m.Add(jumlahkan(vs) <= opsi.maks_pindah_per_unit)
    jumlah = jumlahkan(y + z)
    m.Add(jumlah <= ub)
    m.Maximize(jumlah)
    semua = x + y + z
    nilai = [*awal[0], *awal[1], *awal[2]]
    best = sum(awal[1]) + sum(awal[2])
    mulai = time.perf_counter()
    m.SetTimeLimit(int(opsi.batas_waktu_s * 600))
    st = m.Solve()
    bound, status = ub, "feasible"
    if st in (m.OPTIMAL, m.FEASIBLE):
        bound = min(ub, int(math.floor(m.Objective().BestBound() + 1e-6)))
        if round(m.Objective().Value()) >= best:
            best = round(m.Objective().Value())
            nilai = [round(v.solution_value()) for v in semua]
        status = "optimal" if st == m.OPTIMAL else "feasible"
    # Step 2: keep the number of moves, minimise the disruption cost.
    sisa = opsi.batas_waktu_s - (time.perf_counter() - mulai)
    if sisa > 0.5:
        m.Add(jumlah >= best)
        m.Minimize(m.Sum([cost * x[a] for a, (_, _, cost) in enumerate(model.arc_kh)]
                         + [cost * z[a] for a, (_, _, cost) in enumerate(model.arc_kt)]))
        m.SetTimeLimit(int(sisa * 1000))
        if m.Solve() in (m.OPTIMAL, m.FEASIBLE):
            nilai = [round(v.solution_value()) for v in semua]
    nx, ny = len(x), len(y)
    return nilai[:nx], nilai[nx:nx + ny], nilai[nx + ny:], status, bound


def _tetapkan(model: _Model, rows: list[Baris], flow_kh, flow_ht, flow_kt):
    """Turn arc flows into named moves: pair each hub's inflows with its outflows in order,
    then give each class's moves to its people in pick order (longest in post first)."""
    per_kelas = defaultdict(list)  # class → [target, ...]
    for a, (c, t, _) in enumerate(model.arc_kt):
        per_kelas[c].extend([t] * flow_kt[a])
    masuk = defaultdict(list)
    keluar = defaultdict(list)
    for a, (c, h, _) in enumerate(model.arc_kh):
        if flow_kh[a]:
            masuk[h].append([c, flow_kh[a]])
    for a, (h, t) in enumerate(model.arc_ht):
        if flow_ht[a]:
            keluar[h].append([t, flow_ht[a]])
    for h in range(len(model.hub)):
        ins, outs = masuk[h], keluar[h]
        i = o = 0
        while i < len(ins) and o < len(outs):
            n = min(ins[i][1], outs[o][1])
            per_kelas[ins[i][0]].extend([outs[o][0]] * n)
            ins[i][1] -= n
            outs[o][1] -= n
            i += ins[i][1] == 0
            o += outs[o][1] == 0
    pindah = []
    dipindah = set()
    for c in sorted(per_kelas):
        kl = model.kelas[c]
        src = rows[kl.sumber]
        targets = per_kelas[c]
        # Preferred units go to the first people; the rest in target order.
        for k, t in zip(kl.orang, targets, strict=False):
            dst = rows[t]
            alasan = ["sama_jabatan" if dst.jabatan_id == src.jabatan_id else "jabatan_setara",
                      "sama_opd" if src.opd_id is not None and src.opd_id == dst.opd_id
                      else "lintas_opd"]
            if k.bersedia:
                alasan.append("bersedia")
            if dst.unit_id in kl.pilihan:
                alasan.append("unit_pilihan")
            pindah.append(Pindah(k.pegawai_id, src.unit_id, src.jabatan_id, dst.unit_id,
                                 dst.jabatan_id, tuple(alasan)))
            dipindah.add(k.pegawai_id)
    pindah.sort(key=lambda p: (_key(p.dari_unit), _key(p.dari_jabatan), _key(p.pegawai_id)))
    return pindah, dipindah


def _tak_tertutup(rows, bezetting, kelas, dipindah, setara, opsi, tidak_layak):
    """Why each remaining shortage is left (first matching rule, in this order):

    beku: the row's unit or jabatan is frozen;
    batas_opsi / batas_waktu: an unmoved eligible, competent person in a row that still has a
        surplus could come, but the move caps (or, with no cap, the time limit) stopped it;
    beku: what surplus is left of this jabatan and its group sits only in frozen rows;
    tidak_ada_kandidat: surplus is left, but nobody there is eligible and competent;
    tidak_ada_jabatan_setara: no surplus is left in this jabatan, it has no interchangeable
        jabatan, while other jabatan still have a surplus;
    perlu_formasi: no surplus is left in this jabatan nor its group: only a new formation helps.
    """
    sisa = [z - b.kebutuhan for z, b in zip(bezetting, rows, strict=True)]
    # Jabatan an unmoved eligible person in a row with surplus left could move to.
    bisa = set()
    for kl in kelas:
        if sisa[kl.sumber] > 0 and any(k.pegawai_id not in dipindah for k in kl.orang):
            bisa.update(kl.tujuan_jabatan)
    lebih_bebas = Counter()
    lebih_beku = Counter()
    for i, b in enumerate(rows):
        if sisa[i] > 0:
            frozen = b.unit_id in opsi.unit_beku or b.jabatan_id in opsi.jabatan_beku
            (lebih_beku if frozen else lebih_bebas)[b.jabatan_id] += sisa[i]
    ada_lebih = sum(lebih_bebas.values()) + sum(lebih_beku.values()) > 0
    ada_batas = opsi.maks_pindah_total is not None or opsi.maks_pindah_per_unit is not None
    out = []
    for i, b in enumerate(rows):
        if sisa[i] >= 0:
            continue
        j = b.jabatan_id
        grup = {j} | setara.get(j, set())
        bebas = sum(lebih_bebas[g] for g in grup)
        dibeku = sum(lebih_beku[g] for g in grup)
        rincian = ()
        if b.unit_id in opsi.unit_beku or j in opsi.jabatan_beku:
            alasan = "beku"
        elif j in bisa:
            alasan = "batas_opsi" if ada_batas else "batas_waktu"
        elif bebas == 0 and dibeku > 0:
            alasan = "beku"
        elif bebas > 0:
            alasan = "tidak_ada_kandidat"
            rincian = tuple(sorted(tidak_layak.get(j, Counter()).items()))
        elif not setara.get(j) and ada_lebih:
            alasan = "tidak_ada_jabatan_setara"
        else:
            alasan = "perlu_formasi"
        out.append(TakTertutup(b.unit_id, j, -sisa[i], alasan, rincian))
    return tuple(out)
