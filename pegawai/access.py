"""Who may see and do what: the one public module of role and scope rules.

Roles: Pegawai (a user linked to an employee), Kepala Unit (the employee who holds the
unit's head position, so the rights move with the position), Staf BKD (the group
"Staf BKD"), admin (superuser). Lookups are scoped, never fetched-then-checked: an outsider
gets 404; a user who may see but not act gets 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from .models import Pegawai, UnitKerja

    Pengguna = AbstractBaseUser | AnonymousUser

_Q = TypeVar("_Q", bound=QuerySet[Any])

GRUP_BKD = "Staf BKD"


def _cache(user: Pengguna) -> dict[str, Any]:
    if not hasattr(user, "_akses_cache"):
        setattr(user, "_akses_cache", {})  # noqa: B010 (an attribute the stubs do not know)
    return getattr(user, "_akses_cache")  # noqa: B009


def pegawai_of(user: Pengguna) -> Pegawai | None:
    """The employee record linked to `user`, or None."""
    if not user.is_authenticated:
        return None
    c = _cache(user)
    if "pegawai" not in c:
        from .models import Pegawai

        c["pegawai"] = (
            Pegawai.objects.select_related("unit", "jabatan", "unit__jabatan_kepala")
            .filter(user_id=user.pk)
            .first()
        )
    return c["pegawai"]


def _akun_berhak(user: Pengguna) -> PermissionsMixin | None:
    """`user` as the account that carries rights (superuser, groups), or None for an
    anonymous or inactive user."""
    if not isinstance(user, PermissionsMixin):
        return None  # AnonymousUser, or an account model without rights
    return user if user.is_authenticated and user.is_active else None


def is_admin(user: Pengguna) -> bool:
    akun = _akun_berhak(user)
    return akun is not None and akun.is_superuser


def is_bkd(user: Pengguna) -> bool:
    """Staf BKD or admin: sees and manages everything."""
    akun = _akun_berhak(user)
    if akun is None:
        return False
    c = _cache(user)
    if "bkd" not in c:
        c["bkd"] = akun.is_superuser or akun.groups.filter(name=GRUP_BKD).exists()
    return c["bkd"]


def unit_dipimpin(user: Pengguna) -> UnitKerja | None:
    """The unit whose head position `user`'s employee holds, or None."""
    p = pegawai_of(user)
    if p is None or not p.aktif or p.unit.jabatan_kepala_id != p.jabatan_id:
        return None
    return p.unit


def is_kepala_unit(user: Pengguna) -> bool:
    return unit_dipimpin(user) is not None


def peran(user: Pengguna) -> list[str]:
    """Role names of `user`, for navigation and display."""
    roles: list[str] = []
    if not user.is_authenticated:
        return roles
    if is_admin(user):
        roles.append("admin")
    if is_bkd(user):
        roles.append("bkd")
    if is_kepala_unit(user):
        roles.append("kepala_unit")
    if pegawai_of(user) is not None:
        roles.append("pegawai")
    return roles


def scope_pegawai(qs: _Q, user: Pengguna) -> _Q:
    """Employees visible to `user`."""
    if is_bkd(user):
        return qs
    unit = unit_dipimpin(user)
    if unit is not None:
        return qs.filter(unit.subtree_q("unit"))
    p = pegawai_of(user)
    if p is not None:
        return qs.filter(pk=p.pk)
    return qs.none()


def scope_unit(qs: _Q, user: Pengguna) -> _Q:
    """Units visible to `user`: BKD all, a unit head their subtree, others none."""
    if is_bkd(user):
        return qs
    unit = unit_dipimpin(user)
    if unit is not None:
        return qs.filter(unit.subtree_q())
    return qs.none()


def require_bkd(user: Pengguna) -> None:
    if not is_bkd(user):
        raise PermissionDenied


def require_kepala_or_bkd(user: Pengguna) -> None:
    if not (is_bkd(user) or is_kepala_unit(user)):
        raise PermissionDenied
