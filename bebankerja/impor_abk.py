"""Import a unit's ABK (tasks per jabatan) from an .xlsx or .csv, all or nothing.

    from bebankerja.impor_abk import impor_abk
    hasil = impor_abk(fileobj_or_path="abk.xlsx", nama_file="abk.xlsx")
    hasil.berhasil, hasil.pasangan, hasil.tugas, hasil.galat

The file is read by the employee import's reader (pegawai.impor.reader: type by content,
size and row caps, every cell as text or number, formulas refused), so the same safety
rules hold (docs/impor.md). Semantics: for every (kode_unit, kode_jabatan) pair in the
file, that jabatan's tasks in that unit and periode are REPLACED by the file's rows; pairs
absent from the file are untouched. One file = one periode (chosen by the caller; the
active periode by default), so a file can never touch two years by accident.
"""

from __future__ import annotations

import io
import os
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook

from pegawai.impor.hasil import AdaGalat, BerkasDitolak, Galat, galat_berkas, nilai_tampil
from pegawai.impor.kolom import Kolom, teks
from pegawai.impor.reader import baca
from pegawai.impor.service import sebagai_path
from pegawai.impor.template import lembar_data, lembar_kode
from pegawai.impor.validators import peta_kolom
from pegawai.models import Jabatan, UnitKerja
from pegawai.spreadsheet import add_instruction_sheet, safe_cell

from . import abk, hitung, outbox, selectors
from .models import PeriodeAbk, PeriodeVolume, SatuanNorma, TugasJabatan

# ABK files are small (a Pemda has ~20,000 unit × jabatan rows in all): the import runs
# inline in the request, so its row cap is far below the employee import's.
MAKS_BARIS = 20_000
_HAPUS_PER_QUERY = 200  # units per DELETE, to keep the OR of pairs a sane size

KOLOM_ABK = [
    Kolom("kode_unit", True, "Kode unit kerja yang sudah ada (lihat lembar Kode unit). "
          "Format sel sebagai Teks.", "DINKES"),
    Kolom("kode_jabatan", True, "Kode jabatan yang sudah ada (lihat lembar Kode jabatan). "
          "Format sel sebagai Teks.", "PLK"),
    Kolom("uraian_tugas", True, "Uraian tugas, maksimal 500 karakter.",
          "Memverifikasi laporan puskesmas"),
    Kolom("satuan_hasil", True, "Satuan hasil (laporan, dokumen, berkas, kegiatan…), "
          "maksimal 60 karakter.", "laporan"),
    Kolom("volume", True, "Beban kerja: jumlah hasil per tahun (atau per bulan, lihat "
          "periode_volume). Angka ≥ 0, paling banyak 2 angka di belakang koma, tanpa "
          "pemisah ribuan.", "1200", teks=False),
    Kolom("periode_volume", False, "tahun atau bulan; kosong = tahun. Volume per bulan "
          "dikalikan 12.", "tahun"),
    Kolom("norma_waktu", True, "Waktu penyelesaian satu hasil, dalam menit atau jam (lihat "
          "satuan_norma). Angka ≥ 0, paling banyak 2 angka di belakang koma.", "45",
          teks=False),
    Kolom("satuan_norma", False, "menit atau jam; kosong = menit. Jam dikalikan 60.", "menit"),
]
_URUTAN = [k.nama for k in KOLOM_ABK]
_MAKS_PANJANG = {"uraian_tugas": 500, "satuan_hasil": 60}
# max_digits − decimal_places of the model fields: the largest whole part that fits.
_MAKS_ANGKA = {"volume": Decimal(10) ** 10, "norma_waktu": Decimal(10) ** 8}
_SATUAN_NORMA = {"menit": SatuanNorma.MENIT, "mnt": SatuanNorma.MENIT,
                 "jam": SatuanNorma.JAM}
_PERIODE_VOLUME = {"tahun": PeriodeVolume.TAHUN, "per tahun": PeriodeVolume.TAHUN,
                   "tahunan": PeriodeVolume.TAHUN, "bulan": PeriodeVolume.BULAN,
                   "per bulan": PeriodeVolume.BULAN, "bulanan": PeriodeVolume.BULAN}
# "1.200" or "12.000.000": Indonesian thousands grouping, which a reader of English takes
# for a decimal point; refused rather than guessed.
_RIBUAN = re.compile(r"\d{1,3}(\.\d{3})+")
_ANGKA = re.compile(r"\d+([.,]\d+)?")

# The worked example of docs/domain.md (Dinas Kesehatan, 2026), the template's example rows.
CONTOH = [
    ("PLK", "Memverifikasi laporan puskesmas", "laporan", 1200, 45),
    ("PLK", "Menyusun rekap data kesehatan", "rekap", 48, 480),
    ("PLK", "Memproses berkas izin praktik", "berkas", 2400, 30),
    ("PU", "Mengagendakan surat masuk", "surat", 6000, 5),
    ("PU", "Mengarsipkan dokumen", "dokumen", 3000, 10),
]


@dataclass
class HasilImporAbk(AdaGalat):
    """The outcome of `impor_abk`: counts when written, or every error (nothing written)."""

    tahun: int | None = None
    total_baris: int = 0
    pasangan: int = 0  # (unit, jabatan) pairs whose tasks were replaced
    tugas: int = 0  # tasks written
    diganti: int = 0  # tasks that were there before and were replaced
    unit: int = 0  # units marked for recompute
    galat: list[Galat] = field(default_factory=list)
    detik: float = 0.0


def impor_abk(*, fileobj_or_path, nama_file: str = "",
              periode: PeriodeAbk | None = None) -> HasilImporAbk:
    """Import ABK tasks into `periode` (the active one by default). All or nothing.

    Steps: read with the employee import's reader (capped at MAKS_BARIS rows) → check
    every row (codes, numbers, choices) → if any problem, return them all and write
    nothing → else, in one transaction, delete the tasks of every pair in the file,
    bulk-create the file's rows and mark the touched units dirty (one call).
    """
    t0 = time.monotonic()
    if not nama_file and isinstance(fileobj_or_path, (str, os.PathLike)):
        nama_file = os.path.basename(os.fspath(fileobj_or_path))
    nama_file = nama_file or getattr(fileobj_or_path, "name", "") or ""
    hasil = HasilImporAbk()
    periode = periode or selectors.periode_aktif()
    if periode is None:
        hasil.galat = [galat_berkas(_(
            "Belum ada periode ABK yang aktif: buat atau aktifkan periode dahulu di halaman "
            "Periode ABK, atau pilih tahunnya."))]
        return hasil
    hasil.tahun = periode.tahun
    with sebagai_path(fileobj_or_path) as path:
        try:
            tabel = baca(path, os.path.basename(nama_file), maks_baris=MAKS_BARIS)
            hasil.total_baris = len(tabel)
            per_pasangan, galat = _periksa(tabel)
        except BerkasDitolak as e:
            hasil.galat = e.galat
            hasil.detik = time.monotonic() - t0
            return hasil
    if galat:
        hasil.galat = galat
        hasil.detik = time.monotonic() - t0
        return hasil

    tugas = [
        TugasJabatan(
            periode=periode, unit_id=u, jabatan_id=j, urutan=i, **r,
            beban_menit=abk.beban_tugas(r["volume"], r["norma_waktu"], r["satuan_norma"],
                                        r["periode_volume"]),
        )
        for (u, j), rows in per_pasangan.items()
        for i, r in enumerate(rows, start=1)
    ]
    jabatan_per_unit = defaultdict(list)
    for u, j in per_pasangan:
        jabatan_per_unit[u].append(j)
    units = sorted(jabatan_per_unit)
    with transaction.atomic():
        # Same lock as the periode copy and the recompute: no half-replaced unit is summed.
        hitung.kunci_periode(periode.pk)
        for start in range(0, len(units), _HAPUS_PER_QUERY):
            cond = Q()
            for u in units[start:start + _HAPUS_PER_QUERY]:
                cond |= Q(unit_id=u, jabatan_id__in=jabatan_per_unit[u])
            n, _detail = TugasJabatan.objects.filter(cond, periode=periode).delete()
            hasil.diganti += n
        TugasJabatan.objects.bulk_create(tugas, batch_size=outbox.BATCH)
        outbox.units_mark_dirty(unit_ids=units, periode=periode)
    hasil.pasangan, hasil.tugas, hasil.unit = len(per_pasangan), len(tugas), len(units)
    hasil.detik = time.monotonic() - t0
    return hasil


# --- checking ---------------------------------------------------------------------


class _Salah(ValueError):
    """A cell value that cannot be used; the message is the reason shown to the user."""


def _angka(v, maks: Decimal) -> Decimal:
    """A number >= 0 below `maks` with at most 2 decimals, from a number or text cell."""
    if isinstance(v, bool):
        raise _Salah(_("isi dengan angka"))
    if isinstance(v, int):
        d = Decimal(v)
    elif isinstance(v, float):
        d = Decimal(repr(v))
    else:
        s = teks(v).strip().replace(" ", "")
        if _RIBUAN.fullmatch(s):
            raise _Salah(_("tulis angka tanpa pemisah ribuan (mis. 1200, bukan 1.200); "
                           "pecahan dengan koma atau titik, mis. 1,5"))
        if s.startswith("-") and _ANGKA.fullmatch(s[1:]):
            raise _Salah(_("tidak boleh negatif"))
        if not _ANGKA.fullmatch(s):
            raise _Salah(_("bukan angka"))
        d = Decimal(s.replace(",", "."))
    if not d.is_finite():
        raise _Salah(_("bukan angka"))
    if d < 0:
        raise _Salah(_("tidak boleh negatif"))
    if d >= maks:
        raise _Salah(_("terlalu besar (harus kurang dari %(m)s)")
                     % {"m": f"{maks:,}".replace(",", ".")})
    sen = d.quantize(Decimal("0.01"))
    if sen != d:
        raise _Salah(_("paling banyak 2 angka di belakang koma"))
    return sen


def _pilihan(v, peta, pesan) -> str:
    s = " ".join(teks(v).strip().lower().split())
    if s == "":
        return next(iter(peta.values()))
    r = peta.get(s)
    if r is None:
        raise _Salah(pesan)
    return r


def _periksa(tabel) -> tuple[dict[tuple[int, int], list[dict]], list[Galat]]:
    """Rows grouped by (unit_id, jabatan_id) in file order, and every problem found."""
    idx = peta_kolom(tabel, "ABK", spec=KOLOM_ABK)
    n = len(tabel)

    def kolom(nama):
        return tabel.kolom[idx[nama]] if nama in idx else [None] * n

    k = {nama: kolom(nama) for nama in _URUTAN}
    kode_unit = {teks(v).strip() for v in k["kode_unit"]} - {""}
    kode_jab = {teks(v).strip() for v in k["kode_jabatan"]} - {""}
    units = dict(UnitKerja.objects.filter(kode__in=kode_unit).values_list("kode", "pk"))
    jabatan = dict(Jabatan.objects.filter(kode__in=kode_jab).values_list("kode", "pk"))

    galat: list[Galat] = []
    per_pasangan: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for j in range(n):
        baris = tabel.baris[j]
        salah = False

        def catat(nama, v, alasan, baris=baris):
            nonlocal salah
            salah = True
            galat.append(Galat(baris, nama, nilai_tampil(teks(v)), alasan))

        nilai = {}
        for nama in ("kode_unit", "kode_jabatan", "uraian_tugas", "satuan_hasil"):
            v = k[nama][j]
            s = teks(v).strip()
            if s == "":
                catat(nama, v, _("wajib diisi"))
            elif nama in _MAKS_PANJANG and len(s) > _MAKS_PANJANG[nama]:
                catat(nama, v, _("terlalu panjang: %(n)s karakter, paling banyak %(m)s")
                      % {"n": len(s), "m": _MAKS_PANJANG[nama]})
            nilai[nama] = s
        if nilai["kode_unit"] and nilai["kode_unit"] not in units:
            catat("kode_unit", nilai["kode_unit"], _("kode unit kerja tidak dikenal"))
        if nilai["kode_jabatan"] and nilai["kode_jabatan"] not in jabatan:
            catat("kode_jabatan", nilai["kode_jabatan"], _("kode jabatan tidak dikenal"))
        for nama in ("volume", "norma_waktu"):
            v = k[nama][j]
            if v is None or teks(v).strip() == "":
                catat(nama, v, _("wajib diisi"))
                continue
            try:
                nilai[nama] = _angka(v, _MAKS_ANGKA[nama])
            except _Salah as e:
                catat(nama, v, str(e))
        for nama, peta, pesan in (
            ("satuan_norma", _SATUAN_NORMA, _("isi dengan menit atau jam (kosong = menit)")),
            ("periode_volume", _PERIODE_VOLUME,
             _("isi dengan tahun atau bulan (kosong = tahun)")),
        ):
            try:
                nilai[nama] = _pilihan(k[nama][j], peta, pesan)
            except _Salah as e:
                catat(nama, k[nama][j], str(e))
        if salah:
            continue
        per_pasangan[(units[nilai["kode_unit"]], jabatan[nilai["kode_jabatan"]])].append({
            "uraian": nilai["uraian_tugas"], "satuan_hasil": nilai["satuan_hasil"],
            "volume": nilai["volume"], "norma_waktu": nilai["norma_waktu"],
            "satuan_norma": nilai["satuan_norma"], "periode_volume": nilai["periode_volume"],
        })

    # The reader's own cell problems (formulas, Excel errors) first; drop our echoes of them.
    sudah = {(g.baris, g.kolom) for g in tabel.galat}
    galat = list(tabel.galat) + [g for g in galat if (g.baris, g.kolom) not in sudah]
    pos = {nama: i for i, nama in enumerate(_URUTAN)}
    galat.sort(key=lambda g: (g.baris or 0, pos.get(g.kolom, 99), g.kolom))
    return dict(per_pasangan), galat


# --- template ---------------------------------------------------------------------


def _kode_contoh() -> tuple[str, dict[str, str]]:
    """The codes of the example's unit and jabatan in this database, if they exist."""
    unit = UnitKerja.objects.filter(nama__iexact="Dinas Kesehatan").values_list(
        "kode", flat=True).first() or "DINKES"
    nama = {"PLK": "Pengelola Layanan Kesehatan", "PU": "Pengadministrasi Umum"}
    ada = dict(Jabatan.objects.filter(nama__in=nama.values()).values_list("nama", "kode"))
    return unit, {k: ada.get(v, k) for k, v in nama.items()}


def template_xlsx() -> bytes:
    """Sheet "Data" (header + the worked example of docs/domain.md), "Petunjuk", and the codes."""
    wb = Workbook()
    ws = lembar_data(wb, KOLOM_ABK)
    ws.column_dimensions["C"].width = 40
    unit, jab = _kode_contoh()
    for r, (kode_jab, uraian, satuan, volume, norma) in enumerate(CONTOH, start=2):
        row = [unit, jab[kode_jab], uraian, satuan, volume, "tahun", norma, "menit"]
        for i, (k, v) in enumerate(zip(KOLOM_ABK, row, strict=True), start=1):
            c = ws.cell(row=r, column=i, value=safe_cell(v))
            if k.teks:
                c.number_format = "@"

    add_instruction_sheet(
        wb,
        heading=_("Petunjuk impor ABK (uraian tugas per unit kerja dan jabatan)"),
        lines=(
            _("Isi lembar “Data” mulai baris 2. Baris 2–6 adalah contoh perhitungan ABK Dinas "
              "Kesehatan (WKE 75.000 menit): hapus atau timpa."),
            _("PENTING – penggantian per pasangan: untuk setiap pasangan kode_unit + kode_jabatan "
              "yang ada di berkas, SEMUA tugas jabatan itu di unit itu pada periode yang dipilih "
              "DIGANTI dengan baris berkas. Pasangan yang tidak ada di berkas tidak berubah. Untuk "
              "menambah satu tugas, sertakan juga tugas lama jabatan itu."),
            _("Satu berkas untuk satu periode (tahun) ABK, yang dipilih saat mengunggah."),
            _("Impor bersifat semua-atau-tidak-sama-sekali: bila ada satu baris salah, tidak ada "
              "data yang disimpan dan semua kesalahan ditampilkan (baris, kolom, nilai, alasan)."),
            _("Satuan: volume per tahun atau per bulan (periode_volume), norma waktu dalam menit "
              "atau jam (satuan_norma). Semuanya diubah ke menit per tahun, jadi 4 per bulan × "
              "8 jam sama dengan 48 per tahun × 480 menit."),
            _("Paling banyak %(m)s baris data per berkas. Rumus tidak dijalankan: sel berisi rumus "
              "ditolak; salin lalu tempel sebagai nilai.")
            % {"m": f"{MAKS_BARIS:,}".replace(",", ".")},
            _("Kode unit dan kode jabatan diketik sebagai Teks agar nol di depan tidak hilang."),
        ),
        columns=KOLOM_ABK,
    )

    lembar_kode(wb, "unit", "jabatan")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["impor_abk", "template_xlsx", "HasilImporAbk", "KOLOM_ABK", "MAKS_BARIS"]
