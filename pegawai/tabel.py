"""The columns of a sortable list table (`templates/partials/tabel_daftar.html`).

Each list page names its columns once, next to its view: the label, the sort key the
column's header link sets (`?urut=`, empty for a column that does not sort) and the CSS
class of the header cell. The page's row template renders the cells in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Kolom:
    label: StrOrPromise
    urut: str = ""
    kelas: str = ""
