"""Registries through which pegawai talks to the apps above it.

Staff changes: pegawai tells higher apps that units' staff changed.

Dependencies flow mutasi → bebankerja → pegawai, so pegawai cannot import the apps that
care about its changes. They register a function here at start-up (bebankerja registers
`units_mark_dirty` in its `AppConfig.ready`), and pegawai code that moves, adds, retires
or removes employees calls `units_changed(ids)` inside its own transaction, so the marks
commit or roll back with the change.
"""

_receivers = []


def register_units_changed(fn):
    """Call `fn(unit_ids=[...])` whenever units' staff change; registering twice is a no-op."""
    if fn not in _receivers:
        _receivers.append(fn)
    return fn


def units_changed(unit_ids):
    """Tell every registered receiver that the staff of these units changed."""
    ids = sorted({int(i) for i in unit_ids if i is not None})
    if not ids:
        return
    for fn in list(_receivers):
        fn(unit_ids=ids)


# --- Panels ----------------------------------------------------------------------------
# Pages of pegawai show what the apps above it know about the user or the employee on the
# page: the home page ("beranda": requests to decide, the balance of one's unit) and an
# employee's detail page ("pegawai_detail": that employee's transfer requests). Each app
# registers `fn(request, **kwargs) -> dict | None` for a place in its AppConfig.ready; the
# dict names the partial template ("template") and its order ("urutan"); the rest is that
# template's context, read there as `panel.<name>`.

TEMPAT = ("beranda", "pegawai_detail")
_panels = {tempat: [] for tempat in TEMPAT}


def register_panel(tempat, fn):
    """Add a panel to the page `tempat`; registering twice is a no-op."""
    if fn not in _panels[tempat]:
        _panels[tempat].append(fn)
    return fn


def panels(tempat, request, **kwargs):
    """The panels the registered apps give for this page and request, in their order."""
    hasil = [p for p in (fn(request, **kwargs) for fn in list(_panels[tempat])) if p]
    return sorted(hasil, key=lambda p: p.get("urutan", 50))
