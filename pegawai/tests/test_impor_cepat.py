"""The import's whole-column fast path (pegawai/impor/cepat.py) must agree with the
row-by-row checks on every row: same rows accepted with the same values, same problems."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pegawai.impor.reader import Tabel
from pegawai.impor.validators import periksa_pegawai

from .test_impor_bantuan import HEADER_PEGAWAI, baris_pegawai, celery_eager  # noqa: F401

pytestmark = pytest.mark.django_db

HARI_INI = dt.date(2026, 11, 25)


def _nip_varian(nip: str, lahir: dt.date):
    """Cells an employee file may hold in the NIP column, right and wrong."""
    return [
        nip, nip, nip, "", None, "12345", "1.96001E+17", int(nip), float(nip),
        f" {nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}", f"{nip[:8]}.{nip[8:]}",
        nip[:14] + "3" + nip[15:],            # gender digit 3
        nip[:15] + "000",                     # sequence 000
        nip[:12] + "13" + nip[14:],           # month 13
        nip[:8] + "1970" + nip[12:],          # service before age 18
        nip[:8] + "2099" + nip[12:],          # service in the future
        nip[:8] + "201021" + nip[14:],        # PPPK layout
        "٠" * 18,                             # Arabic-Indic digits
        "2999" + nip[4:],                     # birth in the future
        nip[:4] + "0230" + nip[8:],           # 30 February
    ]


def _lahir_varian(lahir: dt.date):
    return [lahir.isoformat(), lahir.isoformat(), lahir, dt.datetime.combine(lahir, dt.time()),
            lahir.strftime("%d/%m/%Y"), lahir.strftime("%d-%m-%Y"),
            (lahir - dt.date(1899, 12, 30)).days, "1999-12-31", "", None, "2999-01-01",
            "31-02-2020", True]


VARIAN = {
    "nama": ["Budi", "", None, "x" * 151, "x" * 150, 123, "  "],
    "gelar_depan": ["", "dr.", "x" * 31, None, 5],
    "gelar_belakang": ["", "S.Kom.", "x" * 61, None],
    "status_asn": ["PNS", "PNS", "CPNS", "PPPK", "pns", "Honorer", "", None, 1],
    "golongan": ["III/a", "III/a", "iii/a", "III / a", "IX", "ix", "V/a", "", None, 9, 9.0],
    "kode_jabatan": ["PU", "PU", "KAPUS", "XX", "", None, 1],
    "kode_unit": ["DINKES", "DINKES", "DISHUB", "NOPE", "", None, 7],
    "tmt_jabatan": ["2020-01-01", "01-01-2020", "2999-01-01", "31-02-2020", "1800-01-01", "",
                    None, dt.date(2020, 1, 1), dt.datetime(2020, 1, 1, 8, 0), 43831, 43831.0,
                    True, "abc", "2020-01-01 00:00:00"],
    "jenis_kelamin": ["L", "L", "P", "l", "Laki-laki", "X", "", None],
    "pendidikan": ["S1", "S1", "s-1", "SMK", "PhD", "", None],
    "email": ["", "", "a@b.id", "bad", "x" * 250 + "@a.id", None, "a@b"],
    "hukuman_disiplin": ["Tidak", "", "Ya", "ya ", "mungkin", True, False, 1, 0, None, 1.0],
    "tugas_belajar": ["Tidak", "", "Ya", "T", "?", True, None],
    "aktif": ["Ya", "", "Tidak", "TRUE", "n", "bukan", False, None],
}


@st.composite
def tabel_pegawai(draw):
    n = draw(st.integers(1, 12))
    rows = []
    for _i in range(n):
        row = baris_pegawai(draw(st.integers(0, 30)), **draw(st.sampled_from([
            {}, {}, {"status_asn": "PPPK"}, {"jenis_kelamin": "P"}])))
        lahir = dt.date.fromisoformat(row["tanggal_lahir"])
        nip = row["nip"]
        for kolom in HEADER_PEGAWAI:
            if not draw(st.integers(0, 5)) == 0:
                continue  # most cells stay valid
            if kolom == "nip":
                row[kolom] = draw(st.sampled_from(_nip_varian(nip, lahir)))
            elif kolom == "tanggal_lahir":
                row[kolom] = draw(st.sampled_from(_lahir_varian(lahir)))
            else:
                row[kolom] = draw(st.sampled_from(VARIAN[kolom]))
        rows.append(row)
    header = [h for h in HEADER_PEGAWAI if h in ("nip", "nama", "status_asn", "golongan",
                                                 "kode_jabatan", "kode_unit", "tmt_jabatan",
                                                 "tanggal_lahir", "jenis_kelamin", "pendidikan")
              or draw(st.booleans())]
    kolom = [[r[h] for r in rows] for h in header]
    return Tabel(header=header, header_asli=header, baris=list(range(2, n + 2)), kolom=kolom)


def _hasil(tabel, cepat):
    d = periksa_pegawai(tabel, hari_ini=HARI_INI, cepat=cepat)
    return d.baris, [(g.baris, g.kolom, g.nilai, g.alasan) for g in d.galat], d.ada


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(tabel=tabel_pegawai())
def test_fast_path_agrees_with_row_by_row_checks(cast, tabel):
    assert _hasil(tabel, cepat=True) == _hasil(tabel, cepat=False)


def test_fast_path_clears_clean_rows_and_sends_a_nip_twice_row_by_row(cast):
    rows = [baris_pegawai(i) for i in range(50)]
    rows[40] = dict(rows[10], nama="Kembar")
    header = list(rows[0])
    tabel = Tabel(header=header, header_asli=header, baris=list(range(2, 52)),
                  kolom=[[r[h] for r in rows] for h in header])
    d = periksa_pegawai(tabel, hari_ini=HARI_INI)
    assert [(g.baris, g.kolom) for g in d.galat] == [(42, "nip")]
    assert "sama dengan baris 12" in d.galat[0].alasan
    assert len(d.baris) == 49
    assert _hasil(tabel, cepat=True) == _hasil(tabel, cepat=False)
