"""The planner's inputs from the database (docs/perencana.md, "Django side").

`muat_input(periode, opsi)` reads a periode's ABK rows, the live staff and the groups of
interchangeable jabatan in a handful of queries and returns the core's `Baris`, `Kandidat`
and `Opsi` (`inti.py`). Eligibility is evaluated in bulk for every candidate at the plan
date with the organisational-need rule set (`eligibility.aturan_berlaku`): the person rules
are re-stated here on plain values (`gagal_pribadi`) because calling `periksa_kelayakan`
per person costs queries; `tests/test_perencana_data.py` checks that both agree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from bebankerja.models import PeriodeAbk, SnapshotJabatan
from bebankerja.redistribusi import opd_dari_path
from mutasi.eligibility import aturan_berlaku, masa_ikatan_tahun, tmt_cpns_dari_nip
from mutasi.models import AsalPermohonan, GrupJabatanSetara
from pegawai.kompetensi import alasan_tidak_kompeten
from pegawai.models import BUP, BUP_BAKU, TINGKAT_PENDIDIKAN, Jabatan, Pegawai, UnitKerja

from . import inti

# Planner-only reasons a person is kept out (options), next to the rule codes.
ALASAN_OPSI = {
    "kepala_unit": "Kepala unit (dikecualikan oleh opsi)",
    "dekat_bup": "Menjelang BUP (dikecualikan oleh opsi)",
    "pensiun_horizon": "Mencapai BUP sebelum tahun proyeksi",
}
# Rules that depend on the person only (the others depend on the target post).
ATURAN_PRIBADI = ("cpns", "masa_ikatan", "masa_jabatan", "hukuman_disiplin", "tugas_belajar",
                  "bup")

PEGAWAI_FIELDS = ("id", "nip", "status_asn", "tmt_jabatan", "tanggal_lahir",
                  "hukuman_disiplin", "tugas_belajar", "pendidikan", "rumpun", "unit_id",
                  "jabatan_id", "aktif", "bersedia_mutasi")


class DataError(ValueError):
    """Input the planner cannot use; the message is for the user (Bahasa Indonesia)."""


@dataclass(frozen=True)
class Orang:
    """The fields of an employee the rules read (a `values_list` row)."""

    id: int
    nip: str
    status_asn: str
    tmt_jabatan: dt.date
    tanggal_lahir: dt.date
    hukuman_disiplin: bool
    tugas_belajar: bool
    pendidikan: str
    rumpun: str
    unit_id: int
    jabatan_id: int
    aktif: bool
    bersedia_mutasi: bool


@dataclass(frozen=True)
class InfoJabatan:
    id: int
    jenis: str
    pendidikan_minimal: str
    rumpun: str
    nama: str = ""

    @property
    def bup(self) -> int:
        return BUP.get(self.jenis, BUP_BAKU)


@dataclass(frozen=True)
class OpsiRencana:
    """BKD's options for one plan (stored as JSON on RencanaMutasi.opsi)."""

    tanggal: dt.date
    tahun_horizon: int | None = None
    maks_pindah_total: int | None = None
    maks_pindah_per_unit: int | None = None
    unit_beku: tuple[int, ...] = ()
    jabatan_beku: tuple[int, ...] = ()
    jarak_bup_tahun: int | None = None
    kecuali_kepala_unit: bool = True
    batas_waktu_s: float = 25.0

    def ke_json(self) -> dict:
        return {
            "tanggal": self.tanggal.isoformat(), "tahun_horizon": self.tahun_horizon,
            "maks_pindah_total": self.maks_pindah_total,
            "maks_pindah_per_unit": self.maks_pindah_per_unit,
            "unit_beku": list(self.unit_beku), "jabatan_beku": list(self.jabatan_beku),
            "jarak_bup_tahun": self.jarak_bup_tahun,
            "kecuali_kepala_unit": self.kecuali_kepala_unit,
            "batas_waktu_s": self.batas_waktu_s,
        }

    @classmethod
    def dari_json(cls, d: dict) -> OpsiRencana:
        return cls(
            tanggal=dt.date.fromisoformat(d["tanggal"]), tahun_horizon=d.get("tahun_horizon"),
            maks_pindah_total=d.get("maks_pindah_total"),
            maks_pindah_per_unit=d.get("maks_pindah_per_unit"),
            unit_beku=tuple(d.get("unit_beku") or ()),
            jabatan_beku=tuple(d.get("jabatan_beku") or ()),
            jarak_bup_tahun=d.get("jarak_bup_tahun"),
            kecuali_kepala_unit=bool(d.get("kecuali_kepala_unit", True)),
            batas_waktu_s=float(d.get("batas_waktu_s", 25.0)),
        )


@dataclass
class InputRencana:
    baris: list[inti.Baris]
    kandidat: list[inti.Kandidat]
    grup: list[frozenset]
    opsi: inti.Opsi
    jumlah_pensiun: int = 0
    statistik: dict = field(default_factory=dict)


# --- dates and the person rules ---------------------------------------------------------


def tambah_tahun(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _tambah_bulan_awal(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1)


def tanggal_bup(tanggal_lahir: dt.date, jabatan: InfoJabatan) -> dt.date:
    """The day the person reaches the BUP of their jabatan."""
    return tambah_tahun(tanggal_lahir, jabatan.bup)


def kode_aturan() -> list[str]:
    """The rules an organisational-need request must meet with this Pemda's settings."""
    return aturan_berlaku(AsalPermohonan.KEBUTUHAN_ORGANISASI)


def jejak_aturan() -> dict:
    """The rule set and the settings it reads, kept on a scenario to detect a change."""
    cfg = settings.MUTASI_ATURAN
    kunci = ("masa_ikatan_tahun", "masa_ikatan_per_formasi", "masa_cpns_bulan",
             "minimal_tahun_di_jabatan", "jarak_bup_tahun")
    return {"berlaku": kode_aturan(), "setelan": {k: cfg.get(k) for k in kunci}}


def gagal_pribadi(p: Orang, jabatan: InfoJabatan, hari_ini: dt.date,
                  kode: list[str] | tuple[str, ...], cfg: dict | None = None) -> tuple[str, ...]:
    """The person rules among `kode` that `p` fails on `hari_ini` (same tests as
    `eligibility.periksa_kelayakan`; a rule that cannot be checked is not a failure).
    `cfg`: MUTASI_ATURAN, read once by a caller that loops."""
    cfg = cfg or settings.MUTASI_ATURAN
    out = []
    for k in kode:
        if k == "cpns":
            bad = p.status_asn == "CPNS"
        elif k == "masa_ikatan":
            bad = False
            if p.status_asn != "PPPK":
                tmt_cpns = tmt_cpns_dari_nip(p.nip)
                if tmt_cpns is not None:
                    tmt_pns = _tambah_bulan_awal(tmt_cpns, cfg["masa_cpns_bulan"])
                    bad = hari_ini < tambah_tahun(tmt_pns, masa_ikatan_tahun(tmt_cpns.year))
        elif k == "masa_jabatan":
            bad = hari_ini < tambah_tahun(p.tmt_jabatan, cfg["minimal_tahun_di_jabatan"])
        elif k == "hukuman_disiplin":
            bad = p.hukuman_disiplin
        elif k == "tugas_belajar":
            bad = p.tugas_belajar
        elif k == "bup":
            bad = hari_ini >= tambah_tahun(tanggal_bup(p.tanggal_lahir, jabatan),
                                           -cfg["jarak_bup_tahun"])
        else:
            continue
        if bad:
            out.append(k)
    return tuple(out)


def gagal_pendidikan(p: Orang, tujuan: InfoJabatan) -> bool:
    """The `pendidikan` rule of eligibility: level only."""
    return (TINGKAT_PENDIDIKAN.get(p.pendidikan, 0)
            < TINGKAT_PENDIDIKAN.get(tujuan.pendidikan_minimal, 0))


def tidak_kompeten(p: Orang, tujuan: InfoJabatan) -> tuple[str, ...]:
    return alasan_tidak_kompeten(pendidikan=p.pendidikan, rumpun=p.rumpun,
                                 pendidikan_minimal=tujuan.pendidikan_minimal,
                                 rumpun_jabatan=tujuan.rumpun)


# --- loaders -------------------------------------------------------------------------------


def periode_dengan_angka(tahun) -> PeriodeAbk:
    """The periode of `tahun` if it has ABK figures, else DataError with the reason."""
    try:
        tahun = int(tahun)
    except (TypeError, ValueError):
        raise DataError(_("Tahun periode ABK tidak valid: %(t)s.") % {"t": tahun}) from None
    periode = PeriodeAbk.objects.filter(tahun=tahun).first()
    if periode is None:
        raise DataError(_("Periode ABK %(t)s tidak ada.") % {"t": tahun})
    if not SnapshotJabatan.objects.filter(periode=periode).exists():
        raise DataError(_("Periode ABK %(t)s belum memiliki angka kebutuhan dan bezetting; "
                          "impor ABK dan jalankan hitung ulang dahulu.") % {"t": tahun})
    return periode


def muat_jabatan() -> dict[int, InfoJabatan]:
    return {r[0]: InfoJabatan(*r) for r in Jabatan.objects.order_by().values_list(
        "id", "jenis", "pendidikan_minimal", "rumpun", "nama")}


def muat_unit() -> dict[int, tuple[str, int | None]]:
    """{unit id: (path, jabatan_kepala_id)}."""
    return {r[0]: (r[1], r[2]) for r in UnitKerja.objects.order_by().values_list(
        "id", "path", "jabatan_kepala_id")}


def muat_grup() -> list[frozenset]:
    grup = defaultdict(set)
    through = GrupJabatanSetara.jabatan.through
    for g, j in through.objects.order_by().values_list("grupjabatansetara_id", "jabatan_id"):
        grup[g].add(j)
    return [frozenset(s) for _g, s in sorted(grup.items()) if len(s) >= 2]


def setara_per_jabatan(grup: list[frozenset]) -> dict[int, frozenset]:
    out = defaultdict(set)
    for g in grup:
        for j in g:
            out[j] |= g - {j}
    return {j: frozenset(s) for j, s in out.items()}


def muat_orang(qs) -> list[Orang]:
    return [Orang(*r) for r in qs.order_by().values_list(*PEGAWAI_FIELDS).iterator(
        chunk_size=5000)]


def muat_unit_pilihan(pegawai_ids: set | None = None) -> dict[int, frozenset]:
    through = Pegawai.unit_pilihan.through
    out = defaultdict(set)
    for p, u in through.objects.order_by().values_list("pegawai_id", "unitkerja_id"):
        if pegawai_ids is None or p in pegawai_ids:
            out[p].add(u)
    return {p: frozenset(s) for p, s in out.items()}


def subtree(unit_ids, units) -> set[int]:
    """The units and every unit below them (materialised paths)."""
    paths = [units[u][0] for u in unit_ids if u in units]
    if not paths:
        return set()
    return {u for u, (path, _k) in units.items() if any(path.startswith(p) for p in paths)}


def pensiun_sebelum(tahun: int, jabatan: dict | None = None) -> dict[tuple, set]:
    """{(unit, jabatan): ids of active employees reaching their BUP before 1 January of
    `tahun`}: they leave the projected staff of a horizon year."""
    jabatan = jabatan or muat_jabatan()
    batas = dt.date(tahun, 1, 1)
    # Nobody below the smallest BUP can retire before `batas`.
    lahir_sebelum = tambah_tahun(batas, -min([BUP_BAKU, *BUP.values()]))
    out: dict[tuple, set] = defaultdict(set)
    for p in muat_orang(Pegawai.objects.filter(aktif=True, tanggal_lahir__lt=lahir_sebelum)):
        j = jabatan.get(p.jabatan_id)
        if j and tanggal_bup(p.tanggal_lahir, j) < batas:
            out[(p.unit_id, p.jabatan_id)].add(p.id)
    return dict(out)


def muat_input(periode: PeriodeAbk, opsi: OpsiRencana,
               lapor: Callable[[str, int], None] | None = None) -> InputRencana:
    """The core's input for `periode` at `opsi.tanggal` (and `opsi.tahun_horizon`)."""
    lapor = lapor or (lambda tahap, persen: None)
    jabatan = muat_jabatan()
    units = muat_unit()
    grup = muat_grup()
    setara = setara_per_jabatan(grup)
    kode = kode_aturan()
    rows = list(SnapshotJabatan.objects.filter(periode=periode).order_by().values_list(
        "unit_id", "jabatan_id", "kebutuhan", "bezetting"))
    if not rows:
        raise DataError(_("Periode ABK %(t)s belum memiliki angka kebutuhan dan bezetting.")
                        % {"t": periode.tahun})
    lapor("membaca", 10)

    # Retirements before 1 January of the horizon year leave the projected staff.
    pensiun = pensiun_sebelum(opsi.tahun_horizon, jabatan) if opsi.tahun_horizon else {}
    baris = []
    for unit_id, jabatan_id, kebutuhan, bezetting in rows:
        path = units.get(unit_id, ("", None))[0]
        keluar = len(pensiun.get((unit_id, jabatan_id), ()))
        baris.append(inti.Baris(unit_id, opd_dari_path(path), jabatan_id, kebutuhan,
                                max(0, bezetting - keluar)))
    unit_beku = subtree(opsi.unit_beku, units)
    jabatan_beku = set(opsi.jabatan_beku)
    lebih = {(b.unit_id, b.jabatan_id) for b in baris
             if b.selisih > 0 and b.unit_id not in unit_beku and b.jabatan_id not in jabatan_beku}
    lapor("membaca", 25)

    orang = [p for p in muat_orang(Pegawai.objects.filter(
        aktif=True, unit_id__in={u for u, _j in lebih}))
        if (p.unit_id, p.jabatan_id) in lebih]
    lapor("memeriksa", 45)
    ids = {p.id for p in orang}
    pilihan = muat_unit_pilihan(ids)
    pensiun_ids = set().union(*pensiun.values()) if pensiun else set()
    kompeten_cache: dict = {}
    cfg = dict(settings.MUTASI_ATURAN)
    kandidat = []
    for p in orang:
        if p.id in pensiun_ids:
            continue
        j = jabatan[p.jabatan_id]
        alasan = list(gagal_pribadi(p, j, opsi.tanggal, kode, cfg))
        # The request is checked against the target's minimum education, also for the
        # person's own jabatan in another unit (some hold a post below its minimum).
        if "pendidikan" in kode and gagal_pendidikan(p, j):
            alasan.append("pendidikan")
        if opsi.kecuali_kepala_unit and units.get(p.unit_id, ("", None))[1] == p.jabatan_id:
            alasan.append("kepala_unit")
        if opsi.jarak_bup_tahun is not None and opsi.tanggal >= tambah_tahun(
                tanggal_bup(p.tanggal_lahir, j), -opsi.jarak_bup_tahun):
            alasan.append("dekat_bup")
        boleh = None
        if p.jabatan_id in setara:
            key = (p.pendidikan, p.rumpun, p.jabatan_id)
            if key not in kompeten_cache:
                cek_pend = "pendidikan" in kode
                kompeten_cache[key] = frozenset(
                    t for t in setara[p.jabatan_id]
                    if not tidak_kompeten(p, jabatan[t])
                    and not (cek_pend and gagal_pendidikan(p, jabatan[t])))
            boleh = kompeten_cache[key]
        kandidat.append(inti.Kandidat(
            pegawai_id=p.id, unit_id=p.unit_id, jabatan_id=p.jabatan_id, layak=not alasan,
            alasan_tidak_layak=tuple(alasan), bersedia=p.bersedia_mutasi,
            unit_pilihan=pilihan.get(p.id, frozenset()),
            masa_jabatan_hari=max(0, (opsi.tanggal - p.tmt_jabatan).days),
            boleh_ke_jabatan=boleh))
    lapor("memeriksa", 60)
    opsi_inti = inti.Opsi(
        maks_pindah_total=opsi.maks_pindah_total, maks_pindah_per_unit=opsi.maks_pindah_per_unit,
        unit_beku=frozenset(unit_beku), jabatan_beku=frozenset(jabatan_beku),
        batas_waktu_s=opsi.batas_waktu_s)
    return InputRencana(baris=baris, kandidat=kandidat, grup=grup, opsi=opsi_inti,
                        jumlah_pensiun=len(pensiun_ids),
                        statistik={"baris": len(baris), "kandidat": len(kandidat),
                                   "layak": sum(k.layak for k in kandidat)})
