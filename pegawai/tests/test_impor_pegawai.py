"""Employee import: every row checked, all or nothing, upsert by NIP, history of posts."""

import datetime as dt

import pytest

from pegawai.impor import impor_file
from pegawai.models import Jabatan, Pegawai, RiwayatJabatan
from pegawai.tests.factories import JabatanFactory

from .test_impor_bantuan import (  # noqa: F401
    baris_pegawai,
    celery_eager,
    nip_ke,
    tulis_csv,
    tulis_xlsx,
)

pytestmark = pytest.mark.django_db


def _impor(path, **kw):
    return impor_file(fileobj_or_path=path, nama_file=path.name, jenis="pegawai", **kw)


def _alasan(hasil):
    return {(g.baris, g.kolom): g.alasan for g in hasil.galat}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_ten_bad_rows_among_a_thousand_write_nothing_and_exactly_those_are_reported(
        cast, tmp_path, fmt):
    rows = [baris_pegawai(i) for i in range(1000)]
    bad = {
        5: {"nip": "12345"},                                   # not 18 digits
        50: {"kode_unit": "TIDAKADA"},                        # unknown unit
        100: {"nip": rows[3]["nip"]},                          # NIP twice in the file
        200: {"tmt_jabatan": "2999-01-01"},                    # future date
        300: {"golongan": "V/a"},                              # unknown golongan
        400: {"nama": ""},                                     # empty required cell
        500: {"jenis_kelamin": "P"},                           # NIP says L
        600: {"tanggal_lahir": "1999-12-31"},                  # NIP says otherwise
        700: {"status_asn": "Honorer"},                        # unknown status
        800: {"tmt_jabatan": "31-02-2020"},                    # no such date
    }
    for i, ubah in bad.items():
        rows[i].update(ubah)
    path = tmp_path / f"seribu.{fmt}"
    (tulis_csv if fmt == "csv" else tulis_xlsx)(path, rows)
    before = (Pegawai.objects.count(), RiwayatJabatan.objects.count())

    hasil = _impor(path)

    assert not hasil.berhasil
    assert hasil.baris_bermasalah == sorted(i + 2 for i in bad)  # header is row 1
    assert (Pegawai.objects.count(), RiwayatJabatan.objects.count()) == before
    alasan = _alasan(hasil)
    assert "18 digit" in alasan[(7, "nip")]
    assert "unit kerja tidak dikenal" in alasan[(52, "kode_unit")]
    assert "sama dengan baris 5" in alasan[(102, "nip")]
    assert "masa depan" in alasan[(202, "tmt_jabatan")]
    assert "golongan tidak dikenal untuk PNS" in alasan[(302, "golongan")]
    assert alasan[(402, "nama")] == "wajib diisi"
    assert "jenis kelamin" in alasan[(502, "nip")]
    assert "tanggal lahir" in alasan[(602, "nip")]
    assert "PNS, CPNS atau PPPK" in alasan[(702, "status_asn")]
    assert "kalender" in alasan[(802, "tmt_jabatan")]


def test_a_good_file_creates_employees_each_with_one_open_history_row(cast, tmp_path):
    rows = [baris_pegawai(i) for i in range(30)]
    rows[0].update(status_asn="PPPK", golongan="IX")
    rows[0]["nip"], _l = nip_ke(0, pppk=True)
    path = tulis_csv(tmp_path / "baru.csv", rows)

    hasil = _impor(path)

    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert (hasil.baru, hasil.diubah, hasil.tetap, hasil.total_baris) == (30, 0, 0, 30)
    assert hasil.unit_berubah == {cast.dinkes.pk}
    baru = Pegawai.objects.filter(nip__in=[r["nip"] for r in rows])
    assert baru.count() == 30
    p = baru.get(nip=rows[1]["nip"])
    assert (p.nama, p.gelar_belakang, p.status_asn, p.golongan) == (
        "Pegawai Uji 1", "S.Kom.", "PNS", "III/a")
    assert (p.jabatan, p.unit, p.tmt_jabatan) == (cast.j_pelaksana, cast.dinkes,
                                                  dt.date(2020, 1, 1))
    assert p.aktif and not p.hukuman_disiplin and not p.tugas_belajar
    assert baru.get(nip=rows[0]["nip"]).golongan == "IX"
    riwayat = RiwayatJabatan.objects.filter(pegawai__in=baru)
    assert riwayat.count() == 30
    assert all(r.tmt_selesai is None and r.keterangan == "Impor data" for r in riwayat)
    assert riwayat.get(pegawai=p).tmt_mulai == dt.date(2020, 1, 1)


def test_reimport_updates_by_nip_counts_unchanged_and_moves_close_history(cast, tmp_path):
    rows = [baris_pegawai(i) for i in range(5)]
    assert _impor(tulis_csv(tmp_path / "a.csv", rows)).berhasil
    moved = Pegawai.objects.get(nip=rows[1]["nip"])

    rows[0]["nama"] = "Nama Baru"                                     # updated, same post
    rows[1].update(kode_unit="DISHUB", tmt_jabatan="2024-07-01")     # moved
    rows[2]["aktif"] = "Tidak"                                        # retired
    hasil = _impor(tulis_csv(tmp_path / "b.csv", rows))

    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert (hasil.baru, hasil.diubah, hasil.tetap) == (0, 3, 2)
    assert hasil.unit_berubah == {cast.dinkes.pk, cast.dishub.pk}
    assert Pegawai.objects.get(nip=rows[0]["nip"]).nama == "Nama Baru"
    moved.refresh_from_db()
    assert (moved.unit, moved.tmt_jabatan) == (cast.dishub, dt.date(2024, 7, 1))
    riwayat = list(RiwayatJabatan.objects.filter(pegawai=moved).order_by("tmt_mulai"))
    assert [(r.unit_id, r.tmt_mulai, r.tmt_selesai) for r in riwayat] == [
        (cast.dinkes.pk, dt.date(2020, 1, 1), dt.date(2024, 7, 1)),
        (cast.dishub.pk, dt.date(2024, 7, 1), None),
    ]
    assert not Pegawai.objects.get(nip=rows[2]["nip"]).aktif
    # Unchanged and merely renamed employees keep their single open history row.
    assert RiwayatJabatan.objects.filter(pegawai__nip=rows[0]["nip"]).count() == 1


def test_an_unchanged_reimport_writes_nothing(cast, tmp_path):
    rows = [baris_pegawai(i) for i in range(5)]
    path = tulis_csv(tmp_path / "a.csv", rows)
    assert _impor(path).berhasil
    diubah = dict(Pegawai.objects.values_list("nip", "diubah"))

    hasil = _impor(path)

    assert (hasil.baru, hasil.diubah, hasil.tetap) == (0, 0, 5)
    assert hasil.unit_berubah == set()
    assert dict(Pegawai.objects.values_list("nip", "diubah")) == diubah
    assert RiwayatJabatan.objects.filter(pegawai__nip__in=[r["nip"] for r in rows]).count() == 5


def test_an_existing_employee_from_elsewhere_is_updated_and_a_change_of_jabatan_is_history(
        cast, tmp_path):
    p = cast.pegawai
    RiwayatJabatan.objects.create(pegawai=p, unit=p.unit, jabatan=p.jabatan,
                                  tmt_mulai=p.tmt_jabatan)
    row = baris_pegawai(0, nip=p.nip, tanggal_lahir=p.tanggal_lahir.isoformat(),
                        kode_jabatan="KAPUS", tmt_jabatan="2025-01-02")
    hasil = _impor(tulis_csv(tmp_path / "a.csv", [row]))
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert (hasil.baru, hasil.diubah) == (0, 1)
    p.refresh_from_db()
    assert p.jabatan == cast.j_kapus
    assert list(RiwayatJabatan.objects.filter(pegawai=p).order_by("tmt_mulai").values_list(
        "jabatan__kode", "tmt_selesai")) == [("PU", dt.date(2025, 1, 2)), ("KAPUS", None)]


def test_a_move_dated_before_the_current_post_is_refused(cast, tmp_path):
    p = cast.pegawai  # tmt_jabatan 2018-01-01
    row = baris_pegawai(0, nip=p.nip, tanggal_lahir=p.tanggal_lahir.isoformat(),
                        kode_unit="DISHUB", tmt_jabatan="2017-06-01")
    hasil = _impor(tulis_csv(tmp_path / "a.csv", [row]))
    assert "lebih awal" in _alasan(hasil)[(2, "tmt_jabatan")]
    p.refresh_from_db()
    assert p.unit == cast.dinkes


def test_optional_columns_left_out_keep_current_values(cast, tmp_path):
    p = cast.pegawai
    Pegawai.objects.filter(pk=p.pk).update(email="lama@contoh.go.id", tugas_belajar=True)
    row = baris_pegawai(0, nip=p.nip, tanggal_lahir=p.tanggal_lahir.isoformat(),
                        nama="Diganti", tmt_jabatan=p.tmt_jabatan.isoformat())
    for kolom in ["email", "tugas_belajar", "aktif", "gelar_depan", "gelar_belakang",
                  "hukuman_disiplin"]:
        row.pop(kolom)
    hasil = _impor(tulis_csv(tmp_path / "a.csv", [row]))
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    p.refresh_from_db()
    assert (p.nama, p.email, p.tugas_belajar) == ("Diganti", "lama@contoh.go.id", True)


def test_golongan_is_checked_against_the_status(cast, tmp_path):
    rows = [
        baris_pegawai(1, status_asn="PPPK", golongan="III/a"),
        baris_pegawai(2, golongan="IX"),
        baris_pegawai(3, golongan="iii/B"),  # case does not matter
        baris_pegawai(4, status_asn="PPPK", golongan="XVIII"),
    ]
    hasil = _impor(tulis_csv(tmp_path / "gol.csv", rows))
    alasan = _alasan(hasil)
    assert hasil.baris_bermasalah == [2, 3, 5]
    assert "PPPK (I sampai XVII)" in alasan[(2, "golongan")]
    assert "PNS (I/a sampai IV/e)" in alasan[(3, "golongan")]


def test_other_cell_rules_are_reported_in_bahasa_indonesia(cast, tmp_path):
    rows = [
        baris_pegawai(1, email="bukan-email"),
        baris_pegawai(2, aktif="Mungkin"),
        baris_pegawai(3, pendidikan="S4"),
        baris_pegawai(4, kode_jabatan="J-TIDAKADA"),
        baris_pegawai(5, tanggal_lahir="kemarin"),
        baris_pegawai(6, nama="x" * 151),
        baris_pegawai(7, pendidikan="D-IV", aktif="ya") | {"jenis_kelamin": "Laki-laki"},
    ]
    hasil = _impor(tulis_csv(tmp_path / "aturan.csv", rows))
    alasan = _alasan(hasil)
    assert hasil.baris_bermasalah == [2, 3, 4, 5, 6, 7]
    assert "e-mail" in alasan[(2, "email")]
    assert "Ya atau Tidak" in alasan[(3, "aktif")]
    assert "pendidikan tidak dikenal" in alasan[(4, "pendidikan")]
    assert "jabatan tidak dikenal" in alasan[(5, "kode_jabatan")]
    assert "format tanggal" in alasan[(6, "tanggal_lahir")]
    assert "150 karakter" in alasan[(7, "nama")]


def test_messages_read_as_row_column_value_reason(cast, tmp_path):
    hasil = _impor(tulis_csv(tmp_path / "a.csv", [baris_pegawai(1, golongan="Z/z")]))
    assert [str(g) for g in hasil.galat] == [
        "Baris 2, kolom golongan (nilai 'Z/z'): golongan tidak dikenal untuk PNS "
        "(I/a sampai IV/e)"]


def test_progress_is_reported_through_every_stage(cast, tmp_path):
    calls = []
    path = tulis_csv(tmp_path / "a.csv", [baris_pegawai(i) for i in range(10)])
    assert _impor(path, progress=lambda *a: calls.append(a)).berhasil
    assert [c[0] for c in calls][0] == "membaca"
    assert ("menulis", 1.0, 10) in calls
    assert {c[0] for c in calls} == {"membaca", "memeriksa", "menulis"}


def test_staff_changes_mark_the_units_for_the_abk_recompute(cast, tmp_path):
    from pegawai import hooks

    seen = []

    def receiver(*, unit_ids):
        seen.append(sorted(unit_ids))

    hooks.register_units_changed(receiver)
    try:
        assert _impor(tulis_csv(tmp_path / "a.csv", [baris_pegawai(1)])).berhasil
    finally:
        hooks._receivers.remove(receiver)
    assert seen == [[cast.dinkes.pk]]


@pytest.mark.django_db(transaction=True)
def test_a_failure_while_writing_rolls_back_every_row(cast, tmp_path):
    """All or nothing also at the database: a position deleted after the check (between
    validation and write) breaks the foreign key at commit and nothing stays written."""
    JabatanFactory(kode="SEMENTARA")
    rows = [baris_pegawai(i) for i in range(20)]
    rows[-1]["kode_jabatan"] = "SEMENTARA"

    def progress(tahap, fraksi, baris):
        if tahap == "menulis" and fraksi == 0.0:
            Jabatan.objects.filter(kode="SEMENTARA").delete()

    before = (Pegawai.objects.count(), RiwayatJabatan.objects.count())
    hasil = _impor(tulis_csv(tmp_path / "a.csv", rows), progress=progress)

    assert not hasil.berhasil
    assert "Tidak ada data yang ditulis" in hasil.galat[0].alasan
    assert (hasil.baru, hasil.unit_berubah) == (0, set())
    assert (Pegawai.objects.count(), RiwayatJabatan.objects.count()) == before



def test_an_in_memory_xlsx_upload_is_read(tmp_path, cast):
    """A file object without a path on disk (e.g. a small upload kept in memory) works."""
    import io

    from pegawai.impor import impor_file
    from pegawai.tests.test_impor_bantuan import baris_pegawai, tulis_xlsx

    path = tulis_xlsx(tmp_path / "a.xlsx", [baris_pegawai(1)])
    buf = io.BytesIO(path.read_bytes())
    buf.name = "pegawai.xlsx"
    hasil = impor_file(fileobj_or_path=buf, nama_file="pegawai.xlsx", jenis="pegawai")
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert hasil.baru == 1


def test_names_with_backslash_tab_and_newline_are_stored_exactly(cast, tmp_path):
    """PostgreSQL's COPY text format escapes these; the writer must escape them too."""
    nama = ["Budi\\Santoso", "Ani\tRahma", "Citra\nDewi", "Dodi \\N"]
    rows = [baris_pegawai(i, nama=n, gelar_belakang="S.Kom.\\M.T.") for i, n in enumerate(nama)]
    hasil = _impor(tulis_csv(tmp_path / "a.csv", rows))
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert sorted(Pegawai.objects.filter(nip__in=[r["nip"] for r in rows]).values_list(
        "nama", "gelar_belakang")) == sorted((n, "S.Kom.\\M.T.") for n in nama)


def test_import_writes_with_django_debug_cursors(cast, tmp_path, settings):
    """DEBUG=True wraps cursors in CursorDebugWrapper, whose copy_expert() refused the
    keyword `size`: every valid file failed on PostgreSQL under the README's settings."""
    settings.DEBUG = True
    rows = [baris_pegawai(i) for i in range(5)]
    hasil = _impor(tulis_csv(tmp_path / "debug.csv", rows))
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert Pegawai.objects.filter(nip__in=[r["nip"] for r in rows]).count() == 5
