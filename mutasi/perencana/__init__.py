"""Balance planner (perencana mutasi). The Django-free core is `mutasi.perencana.inti`."""

from mutasi.perencana.inti import (
    ALASAN_TAK_TERTUTUP,
    Baris,
    Kandidat,
    Opsi,
    Pindah,
    Rencana,
    TakTertutup,
    ketidakseimbangan,
    rencanakan,
)

__all__ = [
    "ALASAN_TAK_TERTUTUP",
    "Baris",
    "Kandidat",
    "Opsi",
    "Pindah",
    "Rencana",
    "TakTertutup",
    "ketidakseimbangan",
    "rencanakan",
]
