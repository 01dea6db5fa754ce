"""factory_boy factories producing valid records (valid NIPs, consistent dates)."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from pegawai.models import Jabatan, JenisJabatan, JenisUnit, Pegawai, UnitKerja
from pegawai.nip import make_nip


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    password = factory.django.Password("rahasia-uji-123")


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan

    kode = factory.Sequence(lambda n: f"J{n:04d}")
    nama = factory.Sequence(lambda n: f"Jabatan {n}")
    jenis = JenisJabatan.PELAKSANA
    kelas = 7
    pendidikan_minimal = "SMA"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja
        skip_postgeneration_save = True

    kode = factory.Sequence(lambda n: f"U{n:04d}")
    nama = factory.Sequence(lambda n: f"Unit {n}")
    jenis = JenisUnit.DINAS
    induk = None

    @factory.post_generation
    def refresh_tree(obj, create, extracted, **kwargs):
        if create:
            from pegawai.services import unit_tree_refresh

            unit_tree_refresh()
            obj.refresh_from_db()


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    class Params:
        # Born 1962–1983, so a TMT CPNS in 2005 is always after the 18th birthday.
        lahir = factory.Sequence(
            lambda n: dt.date(1962, 1, 1) + dt.timedelta(days=(n * 37) % 8000)
        )
        tmt_cpns = dt.date(2005, 3, 1)

    tanggal_lahir = factory.LazyAttribute(lambda o: o.lahir)
    jenis_kelamin = "L"
    nip = factory.LazyAttributeSequence(
        lambda o, n: make_nip(o.lahir, o.tmt_cpns, o.jenis_kelamin, (n % 999) + 1,
                              pppk=o.status_asn == "PPPK")
    )
    nama = factory.Faker("name", locale="id_ID")
    status_asn = "PNS"
    golongan = "III/a"
    jabatan = factory.SubFactory(JabatanFactory)
    unit = factory.SubFactory(UnitFactory)
    tmt_jabatan = dt.date(2018, 1, 1)
    pendidikan = "S1"
