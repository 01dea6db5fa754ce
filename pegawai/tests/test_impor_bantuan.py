"""Helpers shared by the import tests: valid rows, CSV/XLSX writers, eager Celery.

Import the fixture into a test module with `from .test_impor_bantuan import celery_eager`.
"""

import csv
import datetime as dt

import pytest
from openpyxl import Workbook

from pegawai.impor import KOLOM
from pegawai.nip import make_nip

HEADER_PEGAWAI = [k.nama for k in KOLOM["pegawai"]]
TMT_CPNS = dt.date(2010, 1, 1)


@pytest.fixture(autouse=True)
def celery_eager(celery_eager):
    """The root conftest's: tasks run in-process even when CELERY_BROKER_URL is set
    (CONTRIBUTING.md, trap 3), except in tests marked `celery_worker`. Kept under this name for
    the modules that import it."""
    yield


def nip_ke(i, *, jk="L", pppk=False):
    """A valid NIP, different for every i < 9,000,000 (and from the cast's NIPs)."""
    lahir = dt.date(1960, 1, 1) + dt.timedelta(days=i % 9000)
    return make_nip(lahir, TMT_CPNS, jk, i // 9000 + 1, pppk=pppk), lahir


def baris_pegawai(i, **ubah):
    """Row i of a valid employee file, as {column: text}; `ubah` overrides columns."""
    status = ubah.get("status_asn", "PNS")
    jk = ubah.get("jenis_kelamin", "L")
    nip, lahir = nip_ke(i, jk=jk, pppk=status == "PPPK")
    row = {
        "nip": nip, "nama": f"Pegawai Uji {i}", "gelar_depan": "", "gelar_belakang": "S.Kom.",
        "status_asn": status, "golongan": "IX" if status == "PPPK" else "III/a",
        "kode_jabatan": "PU", "kode_unit": "DINKES", "tmt_jabatan": "2020-01-01",
        "tanggal_lahir": lahir.isoformat(), "jenis_kelamin": jk, "pendidikan": "S1",
        "email": "", "hukuman_disiplin": "Tidak", "tugas_belajar": "Tidak", "aktif": "Ya",
    }
    row.update(ubah)
    return row


def tulis_csv(path, rows, header=None, sep=","):
    header = header or list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=sep)
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header] if isinstance(r, dict) else r)
    return path


def tulis_xlsx(path, rows, header=None, sheet="Data"):
    """Rows of dicts or lists; values are written with their Python type (str stays text,
    int/float are numbers, dates are date cells, "=…" strings become formulas)."""
    header = header or list(rows[0])
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append([r.get(h, "") for h in header] if isinstance(r, dict) else r)
    wb.save(path)
    return path
