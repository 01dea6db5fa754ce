"""The import's NIP rules hold on every path that writes an employee (issue 11, item 3).

The probe saved 10 of 11 malformed NIPs through the Django admin.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pegawai.models import Pegawai

pytestmark = pytest.mark.django_db

LAHIR = dt.date(1985, 3, 12)
BAIK = "198503122010011004"

# (NIP, what the message must say)
SALAH = [
    ("12345", "18 digit"),
    ("19850312201001100A", "hanya boleh berisi angka"),
    ("1.98503E+17", "18 digit"),
    ("198502302010011004", "bukan tanggal lahir yang sah"),  # 30 February
    ("198503122010131004", "bukan tahun-bulan TMT CPNS"),  # month 13
    ("198503122010013004", "digit ke-15"),  # gender digit 3
    ("198503122010011000", "nomor urut"),  # sequence 000
    ("198503132010011004", "tidak sama dengan NIP"),  # birth date differs
    ("198503122010012004", "jenis kelamin"),  # gender differs
    ("198503122030011004", "masa depan"),  # TMT CPNS in the future
    ("198503122001011004", "usia 18"),  # before the 18th birthday
]


def _pegawai(cast, nip):
    return Pegawai(nip=nip, nama="Uji", status_asn="PNS", golongan="III/a",
                   jabatan=cast.j_pelaksana, unit=cast.dinkes, tmt_jabatan=dt.date(2020, 1, 1),
                   tanggal_lahir=LAHIR, jenis_kelamin="L", pendidikan="S1")


@pytest.mark.parametrize(("nip", "pesan"), SALAH)
def test_model_validation_refuses_every_malformed_nip(cast, nip, pesan):
    with pytest.raises(ValidationError) as e:
        _pegawai(cast, nip).full_clean()
    assert any(pesan in m for m in e.value.message_dict["nip"]), e.value.message_dict


def test_a_valid_nip_passes_and_spaces_are_removed(cast):
    p = _pegawai(cast, "19850312 201001 1 004"[:18])
    p.nip = "19850312.201001.1."  # not 18 digits after normalising
    with pytest.raises(ValidationError):
        p.full_clean()
    p = _pegawai(cast, BAIK)
    p.full_clean()
    p.save()


@pytest.mark.parametrize(("nip", "pesan"), SALAH[:3])
def test_the_admin_refuses_a_malformed_nip_with_its_reason(client, cast, nip, pesan):
    client.force_login(cast.u_admin)
    data = {
        "nip": nip, "nama": "Uji Admin", "status_asn": "PNS", "golongan": "III/a",
        "jabatan": cast.j_pelaksana.pk, "unit": cast.dinkes.pk, "tmt_jabatan": "2020-01-01",
        "tanggal_lahir": "1985-03-12", "jenis_kelamin": "L", "pendidikan": "S1", "aktif": "on",
        "riwayat-TOTAL_FORMS": "0", "riwayat-INITIAL_FORMS": "0",
    }
    r = client.post("/admin/pegawai/pegawai/add/", data)
    assert r.status_code == 200
    assert pesan in r.content.decode()
    assert not Pegawai.objects.filter(nama="Uji Admin").exists()
    data["nip"] = BAIK
    r = client.post("/admin/pegawai/pegawai/add/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Pegawai.objects.filter(nama="Uji Admin", nip=BAIK).exists()


@pytest.mark.parametrize("nip", ["12345", "19850312201001100A", "198503122010011 04"])
def test_the_database_refuses_anything_but_18_digits(cast, nip):
    p = _pegawai(cast, BAIK)
    p.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pegawai.objects.filter(pk=p.pk).update(nip=nip)
