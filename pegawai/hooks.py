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


# --- Home page panels ------------------------------------------------------------------
# The home page (pegawai.views.beranda) shows what waits for the user in the apps above
# pegawai (requests to decide, the balance of their unit); each app registers a function
# `fn(request) -> dict | None` in its AppConfig.ready. The dict names the partial template
# ("template") and its order on the page ("urutan"); the rest is that template's context.

_panels = []


def register_beranda(fn):
    """Add a home page panel; registering twice is a no-op."""
    if fn not in _panels:
        _panels.append(fn)
    return fn


def beranda_panels(request):
    """The panels the registered apps give for this request, in their order."""
    panels = [p for p in (fn(request) for fn in list(_panels)) if p]
    return sorted(panels, key=lambda p: p.get("urutan", 50))
