"""Template filters of the shared page parts (`templates/partials/`)."""

from __future__ import annotations

from django import template
from django.forms import BaseForm, BoundField

register = template.Library()


@register.filter
def kolom_saringan(form: BaseForm, tata: str) -> list[tuple[BoundField, str]]:
    """The fields of a filter card with their width: `tata` is "name:width …" in the order
    shown, e.g. "q:3 unit:3 jabatan:2" (Bootstrap's `col-md-<width>`)."""
    hasil = []
    for bagian in tata.split():
        nama, _, lebar = bagian.partition(":")
        hasil.append((form[nama], lebar))
    return hasil
