"""A registry through which pegawai tells higher apps that units' staff changed.

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
