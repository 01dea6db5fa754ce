"""Competence of a person for a position: education level and field of study.

One pure function, used by the balance planner (mutasi.perencana) and meant for the
eligibility rules later. Level order: `models.TINGKAT_PENDIDIKAN` (D-IV = S-1).
"""

from __future__ import annotations

from .models import TINGKAT_PENDIDIKAN


def normalisasi_rumpun(rumpun: str | None) -> str:
    """The comparable form of a field of study: trimmed, case-folded, single spaces."""
    return " ".join((rumpun or "").split()).casefold()


def kompeten(*, pendidikan: str, rumpun: str, pendidikan_minimal: str,
             rumpun_jabatan: str) -> bool:
    """Whether a person with `pendidikan` (level code) and `rumpun` (field) may hold a position
    asking for `pendidikan_minimal` and `rumpun_jabatan` (blank = any field)."""
    return not alasan_tidak_kompeten(pendidikan=pendidikan, rumpun=rumpun,
                                     pendidikan_minimal=pendidikan_minimal,
                                     rumpun_jabatan=rumpun_jabatan)


def alasan_tidak_kompeten(*, pendidikan: str, rumpun: str, pendidikan_minimal: str,
                          rumpun_jabatan: str) -> tuple[str, ...]:
    """The failed parts: "pendidikan" (level below the minimum) and/or "rumpun" (the position
    names a field and the person's differs). Empty = competent."""
    out = []
    if TINGKAT_PENDIDIKAN.get(pendidikan, 0) < TINGKAT_PENDIDIKAN.get(pendidikan_minimal, 0):
        out.append("pendidikan")
    wajib = normalisasi_rumpun(rumpun_jabatan)
    if wajib and normalisasi_rumpun(rumpun) != wajib:
        out.append("rumpun")
    return tuple(out)
