"""Writes on employees and units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .hooks import units_changed
from .models import Pegawai, RiwayatJabatan, UnitKerja


def unit_tree_refresh() -> int:
    """Recompute every unit's materialised path and depth from its parent links.

    Cheap (one read, one bulk update of the rows that changed) for a Pemda's few thousand
    units; called after anything that creates units or changes a parent.
    """
    with transaction.atomic():
        units = list(UnitKerja.objects.select_for_update().only("id", "induk_id", "path",
                                                                  "kedalaman"))
        by_id = {u.id: u for u in units}
        computed: dict[int, str] = {}

        def path_of(u, seen=()):
            if u.id in computed:
                return computed[u.id]
            if u.id in seen:
                raise ValueError(f"Unit {u.id} berada dalam siklus induk.")
            prefix = ""
            if u.induk_id:
                prefix = path_of(by_id[u.induk_id], seen + (u.id,))
            computed[u.id] = f"{prefix}{u.id:06d}/"
            return computed[u.id]

        changed = []
        for u in units:
            p = path_of(u)
            depth = p.count("/") - 1
            if u.path != p or u.kedalaman != depth:
                u.path, u.kedalaman = p, depth
                changed.append(u)
        UnitKerja.objects.bulk_update(changed, ["path", "kedalaman"], batch_size=1000)
    return len(changed)


def pegawai_pindah(
    *,
    pegawai_id: int,
    unit_id: int,
    jabatan_id: int,
    tmt: dt.date,
    nomor_sk: str = "",
    tanggal_sk: dt.date | None = None,
    keterangan: str = "",
    unit_lain: Iterable[int | None] = (),
) -> RiwayatJabatan:
    """Move an employee to `unit_id` / `jabatan_id` from `tmt`: the one way to move someone.

    In the caller's transaction (or its own): locks the employee row, sets unit, jabatan and
    TMT jabatan, closes the open history row at `tmt` and opens a new one with the decree,
    and marks the old unit, the new one and `unit_lain` as changed (`hooks.units_changed`,
    whose marks commit or roll back with the move). The spreadsheet import writes the same
    rows in bulk (`pegawai/impor/writer.py`).
    """
    with transaction.atomic():
        unit_lama = (Pegawai.objects.select_for_update().filter(pk=pegawai_id)
                     .values_list("unit_id", flat=True).get())
        Pegawai.objects.filter(pk=pegawai_id).update(
            unit_id=unit_id, jabatan_id=jabatan_id, tmt_jabatan=tmt, diubah=timezone.now())
        RiwayatJabatan.objects.filter(pegawai_id=pegawai_id, tmt_selesai__isnull=True).update(
            tmt_selesai=tmt)
        riwayat = RiwayatJabatan.objects.create(
            pegawai_id=pegawai_id, unit_id=unit_id, jabatan_id=jabatan_id, tmt_mulai=tmt,
            nomor_sk=nomor_sk, tanggal_sk=tanggal_sk, keterangan=keterangan,
        )
        units_changed([unit_lama, unit_id, *unit_lain])
    return riwayat
