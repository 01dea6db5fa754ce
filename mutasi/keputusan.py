"""The decree's (SK mutasi) number and its usual effective date (TMT).

Issuing a decree and its taking effect are workflow transitions: `workflow.sk_issue`,
`workflow.permohonan_berlaku`, `workflow.permohonan_apply_tmt`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import NomorSkCounter


def nomor_sk(*, urut: int, tahun: int) -> str:
    """The decree number in the Pemda's format (setting MUTASI_SK["format_nomor"])."""
    return settings.MUTASI_SK["format_nomor"].format(n=urut, tahun=tahun)


def urut_berikut(tahun: int) -> int:
    """The next number of `tahun`, under a row lock held until the caller's commit."""
    # The row may not exist yet: two first issuances of a year both insert, one is ignored,
    # and both then queue on the same row lock.
    NomorSkCounter.objects.bulk_create([NomorSkCounter(tahun=tahun)], ignore_conflicts=True)
    counter = NomorSkCounter.objects.select_for_update().get(tahun=tahun)
    counter.terakhir += 1
    counter.save(update_fields=["terakhir"])
    return counter.terakhir


def tmt_bawaan(hari_ini: dt.date | None = None) -> dt.date:
    """The first day of next month, the usual TMT of a transfer."""
    d = hari_ini or timezone.localdate()
    return (d.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
