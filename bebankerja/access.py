"""Who may see and change ABK figures: every rule of the ABK app in one place.

Built on the roles of `pegawai.access` (BKD staff and admins, unit heads):
- read the balance (dashboard, peta jabatan, a unit's ABK): BKD, and a unit head for
  the units of their subtree (`pegawai.access.scope_unit` narrows the rows);
- change ABK (tasks, periodes, the import) and read the redistribution plan: BKD only.
The views ask these before rendering; the write services ask `require_ubah_abk` again,
so no caller can write around the rule. `aktor=None` is the system itself (management
commands, demo data, the admin site, whose own model permissions apply).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from pegawai import access


def boleh_lihat_abk(user: Any) -> bool:
    """Whether `user` may open the balance pages (their rows are scoped separately)."""
    return access.is_bkd(user) or access.is_kepala_unit(user)


def boleh_ubah_abk(user: Any) -> bool:
    """Whether `user` may change ABK data: tasks, periodes, the import (BKD only)."""
    return access.is_bkd(user)


def boleh_lihat_rencana(user: Any) -> bool:
    """Whether `user` may read the Pemda-wide redistribution plan (BKD only)."""
    return access.is_bkd(user)


def require_lihat_abk(user: Any) -> None:
    if not boleh_lihat_abk(user):
        raise PermissionDenied


def require_ubah_abk(user: Any) -> None:
    """Refuse (PermissionDenied) a user who may not change ABK data; None is the system."""
    if user is not None and not boleh_ubah_abk(user):
        raise PermissionDenied


def require_lihat_rencana(user: Any) -> None:
    if not boleh_lihat_rencana(user):
        raise PermissionDenied
