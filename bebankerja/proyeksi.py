"""Proyeksi kebutuhan: per jabatan and year, what retirements take away and what stays short.

The arithmetic (`hitung_proyeksi`, `tahun_pensiun`) is Django-free; `baca_proyeksi` reads the
figures it needs (two aggregate queries). Rules (docs/abk.md, "Proyeksi kebutuhan"):

- An employee retires at BUP (58, 60 or 65 by jabatan, `pegawai.models.BUP`); the pension
  takes effect (TMT pensiun) on the first day of the month after the BUP birthday, so a
  December birthday retires in January of the next year.
- For each of `n` years from `tahun_awal`, `pensiun[i]` counts those whose TMT pensiun falls
  in that year; `sisa[i]` is the staff in post at the end of that year (today's bezetting
  minus every retirement up to then; nobody new counted); `kurang[i]` = max(0, kebutuhan −
  sisa[i]), taken Pemda-wide per jabatan.
- A Pemda-wide shortage of a jabatan cannot be covered by moving people of the same jabatan:
  it is the formation need (usulan kebutuhan ASN) unless interchangeable jabatan cover it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

TAHUN_PROYEKSI = 5


def tahun_pensiun(tahun_lahir: int, bulan_lahir: int, bup: int) -> int:
    """Year of TMT pensiun: the first day of the month after the BUP birthday."""
    return tahun_lahir + bup + (1 if bulan_lahir == 12 else 0)


@dataclass(frozen=True)
class BarisProyeksi:
    jabatan_id: Hashable
    kebutuhan: int
    bezetting: int
    pensiun: tuple[int, ...]
    sisa: tuple[int, ...]
    kurang: tuple[int, ...]
    # The jabatan object, for pages (set by the caller; the arithmetic never reads it).
    jabatan: Any = field(default=None, compare=False)

    @property
    def kurang_sekarang(self) -> int:
        return max(0, self.kebutuhan - self.bezetting)

    @property
    def pensiun_total(self) -> int:
        return sum(self.pensiun)

    @property
    def kebutuhan_formasi(self) -> int:
        """Shortage at the end of the horizon: the formation need."""
        return self.kurang[-1] if self.kurang else self.kurang_sekarang


def hitung_proyeksi(
    *,
    kebutuhan: Mapping[Hashable, int],
    bezetting: Mapping[Hashable, int],
    pensiun: Mapping[tuple[Hashable, int], int],
    tahun_awal: int,
    n: int = TAHUN_PROYEKSI,
) -> list[BarisProyeksi]:
    """One row per jabatan that has a need or staff; `pensiun[(jabatan, year)]` counts the
    staff whose TMT pensiun falls in that year (years before `tahun_awal` are ignored: they
    are already gone or overdue)."""
    if n < 1:
        raise ValueError("n harus ≥ 1")
    hasil = []
    for j in sorted(set(kebutuhan) | set(bezetting), key=repr):
        k, b = int(kebutuhan.get(j, 0)), int(bezetting.get(j, 0))
        per_tahun = tuple(int(pensiun.get((j, tahun_awal + i), 0)) for i in range(n))
        sisa, tersisa = [], b
        for p in per_tahun:
            tersisa = max(0, tersisa - p)
            sisa.append(tersisa)
        hasil.append(BarisProyeksi(
            jabatan_id=j, kebutuhan=k, bezetting=b, pensiun=per_tahun, sisa=tuple(sisa),
            kurang=tuple(max(0, k - s) for s in sisa)))
    return hasil


def baca_proyeksi(*, periode, tahun_awal: int, n: int = TAHUN_PROYEKSI) -> list[BarisProyeksi]:
    """The projection for `periode`'s ABK need (its snapshot) and today's active staff."""
    from django.db.models import Count, Sum

    from pegawai.models import BUP, BUP_BAKU, Pegawai

    from .models import SnapshotJabatan

    kebutuhan = dict(
        SnapshotJabatan.objects.filter(periode=periode).values("jabatan_id")
        .annotate(k=Sum("kebutuhan")).values_list("jabatan_id", "k"))
    bezetting: dict[Hashable, int] = {}
    pensiun: dict[tuple[Hashable, int], int] = {}
    for j, jenis, th, bl, jumlah in (
        Pegawai.objects.aktif().order_by()
        .values_list("jabatan_id", "jabatan__jenis", "tanggal_lahir__year",
                     "tanggal_lahir__month")
        .annotate(n=Count("id"))
    ):
        bezetting[j] = bezetting.get(j, 0) + jumlah
        tahun = tahun_pensiun(th, bl, BUP.get(jenis, BUP_BAKU))
        pensiun[(j, tahun)] = pensiun.get((j, tahun), 0) + jumlah
    return hitung_proyeksi(kebutuhan=kebutuhan, bezetting=bezetting, pensiun=pensiun,
                           tahun_awal=tahun_awal, n=n)
