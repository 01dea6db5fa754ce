"""`manage.py rencana_mutasi --periode YYYY [--horizon YYYY] [--json FILE]`: plan the moves
that best balance the Pemda (docs/perencana.md) and write them as JSON; nothing is saved."""

from __future__ import annotations

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mutasi.perencana import ALASAN_TAK_TERTUTUP, data, inti
from pegawai.models import Jabatan, Pegawai, UnitKerja


class Command(BaseCommand):
    help = "Hitung rencana mutasi penyeimbang untuk satu periode ABK (tidak menyimpan apa pun)."

    def add_arguments(self, parser):
        parser.add_argument("--periode", required=True, help="tahun periode ABK, mis. 2026")
        parser.add_argument("--horizon", type=int, default=None,
                            help="tahun proyeksi: pegawai yang mencapai BUP sebelumnya keluar")
        parser.add_argument("--tanggal", default=None,
                            help="tanggal rencana YYYY-MM-DD (bawaan: hari ini)")
        parser.add_argument("--maks-total", type=int, default=None)
        parser.add_argument("--maks-per-unit", type=int, default=None)
        parser.add_argument("--json", dest="berkas", default=None,
                            help="tulis rencana lengkap ke berkas JSON ini ('-' = stdout)")

    def handle(self, *args, periode, horizon, tanggal, maks_total, maks_per_unit, berkas,
               **kw):
        try:
            p = data.periode_dengan_angka(periode)
            tgl = dt.date.fromisoformat(tanggal) if tanggal else timezone.localdate()
            if horizon is not None and not (tgl.year <= horizon <= tgl.year + 10):
                raise data.DataError(f"Tahun proyeksi harus antara {tgl.year} dan "
                                     f"{tgl.year + 10}.")
            for nama, v in (("--maks-total", maks_total), ("--maks-per-unit", maks_per_unit)):
                if v is not None and v < 1:
                    raise data.DataError(f"{nama} paling sedikit 1.")
            opsi = data.OpsiRencana(tanggal=tgl, tahun_horizon=horizon,
                                    maks_pindah_total=maks_total,
                                    maks_pindah_per_unit=maks_per_unit)
            masukan = data.muat_input(p, opsi)
        except ValueError as e:  # DataError, or a date that does not parse
            raise CommandError(str(e)) from None
        hasil = inti.rencanakan(masukan.baris, masukan.kandidat, masukan.grup, masukan.opsi)
        out = _json(p, opsi, masukan, hasil)
        if berkas:
            teks = json.dumps(out, ensure_ascii=False, indent=1)
            if berkas == "-":
                sys.stdout.write(teks + "\n")
            else:
                with open(berkas, "w", encoding="utf-8") as f:
                    f.write(teks)
        self.stdout.write(
            f"Periode {p.tahun}: {len(hasil.pindah)} pindah dari {len(masukan.kandidat)} "
            f"kandidat; ketidakseimbangan {hasil.ketidakseimbangan_awal} → "
            f"{hasil.ketidakseimbangan_akhir}; pengurangan {hasil.pengurangan} dari batas "
            f"{hasil.batas} (rasio {hasil.rasio:.4f}, {hasil.status}); "
            f"{sum(t.kurang for t in hasil.tak_tertutup)} kekurangan tidak tertutup; "
            f"{hasil.waktu_solver_s:.1f} s.")


def _json(periode, opsi, masukan, hasil) -> dict:
    peg = dict(Pegawai.objects.filter(pk__in=[m.pegawai_id for m in hasil.pindah])
               .values_list("id", "nip")) if hasil.pindah else {}
    units = dict(UnitKerja.objects.values_list("id", "nama"))
    jab = dict(Jabatan.objects.values_list("id", "nama"))
    return {
        "periode": periode.tahun, "opsi": opsi.ke_json(),
        "ketidakseimbangan_awal": hasil.ketidakseimbangan_awal,
        "ketidakseimbangan_akhir": hasil.ketidakseimbangan_akhir,
        "pengurangan": hasil.pengurangan, "batas": hasil.batas, "rasio": hasil.rasio,
        "status": hasil.status, "solver": hasil.solver,
        "kandidat": len(masukan.kandidat), "pensiun_sebelum_horizon": masukan.jumlah_pensiun,
        "pindah": [{
            "nip": peg.get(m.pegawai_id), "dari_unit": units.get(m.dari_unit),
            "dari_jabatan": jab.get(m.dari_jabatan), "ke_unit": units.get(m.ke_unit),
            "ke_jabatan": jab.get(m.ke_jabatan), "alasan": list(m.alasan),
        } for m in hasil.pindah],
        "tak_tertutup": [{
            "unit": units.get(t.unit_id), "jabatan": jab.get(t.jabatan_id), "kurang": t.kurang,
            "alasan": t.alasan, "alasan_label": ALASAN_TAK_TERTUTUP.get(t.alasan, t.alasan),
            "rincian": dict(t.rincian),
        } for t in hasil.tak_tertutup],
    }
