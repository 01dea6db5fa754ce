"""Writes on employees and units."""

from django.db import transaction

from .models import UnitKerja


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
