"""Every read of workload figures: the active periode, live figures, and the snapshot.

- `langsung`: live figures (`abk_langsung`, `bezetting_per_jabatan`, `beban_per_jabatan`),
  computed now from the tasks of a periode and the active staff; the recompute
  (`hitung.py`) and mutasi's impact preview read them.
- `snapshot`: the active periode and every read of the summary rows kept by the recompute,
  scoped by `pegawai.access`, a fixed number of queries whatever the number of units.
  Dashboards, mutasi's queues and suggestions read it.

Callers import this package (`from bebankerja import selectors`); the names below are its
public API. Every formula is in `abk.py` and `keseimbangan.py`.
"""

from .langsung import (
    AbkLangsung,
    BebanJabatan,
    abk_langsung,
    beban_per_jabatan,
    bezetting_per_jabatan,
)
from .snapshot import (
    RencanaTampil,
    SaranUnit,
    dengan_selisih_pindah,
    indeks_riwayat,
    indeks_terkini,
    periode_aktif,
    peta_jabatan,
    rekap,
    rencana_dari_snapshot,
    semua_periode,
    snapshot_units,
    unit_kekurangan,
)

__all__ = [
    "AbkLangsung",
    "BebanJabatan",
    "RencanaTampil",
    "SaranUnit",
    "abk_langsung",
    "beban_per_jabatan",
    "bezetting_per_jabatan",
    "dengan_selisih_pindah",
    "indeks_riwayat",
    "indeks_terkini",
    "periode_aktif",
    "peta_jabatan",
    "rekap",
    "rencana_dari_snapshot",
    "semua_periode",
    "snapshot_units",
    "unit_kekurangan",
]
