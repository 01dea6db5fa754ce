import pytest
from django.urls import reverse

from pegawai.models import RiwayatJabatan
from pegawai.tests.factories import JabatanFactory, PegawaiFactory

pytestmark = pytest.mark.django_db


def test_bkd_sees_every_employee_in_the_list(client, cast):
    client.force_login(cast.u_bkd)
    r = client.get(reverse("pegawai:daftar"))
    assert r.status_code == 200
    assert r.context["page"].paginator.count == 6


def test_unit_head_sees_only_their_subtree(client, cast):
    client.force_login(cast.u_kepala_asal)
    r = client.get(reverse("pegawai:daftar"))
    nips = {p.nip for p in r.context["page"].object_list}
    assert nips == {cast.pegawai.nip, cast.kepala_asal.nip, cast.kapus.nip}


def test_subunit_head_does_not_see_the_parent_unit(client, cast):
    client.force_login(cast.u_kapus)
    r = client.get(reverse("pegawai:daftar"))
    assert {p.nip for p in r.context["page"].object_list} == {cast.kapus.nip}


def test_filter_by_unit_includes_sub_units(client, cast):
    client.force_login(cast.u_bkd)
    r = client.get(reverse("pegawai:daftar"), {"unit": cast.dinkes.pk})
    assert {p.nip for p in r.context["page"].object_list} == {
        cast.pegawai.nip, cast.kepala_asal.nip, cast.kapus.nip}


def test_search_by_nip_prefix_and_by_name(client, cast):
    client.force_login(cast.u_bkd)
    r = client.get(reverse("pegawai:daftar"), {"q": cast.outsider.nip[:14]})
    assert cast.outsider in r.context["page"].object_list
    r = client.get(reverse("pegawai:daftar"), {"q": cast.outsider.nama.split()[0]})
    assert cast.outsider in r.context["page"].object_list


@pytest.mark.parametrize("urut", ["nip", "-nip"])
def test_sorting_by_nip_both_directions(client, cast, urut):
    # Three employees of their own jabatan whose NIP order is neither the order they were
    # created in (ids) nor the name order (the default), so a sort that is ignored fails.
    jabatan = JabatanFactory()
    nips = sorted(PegawaiFactory.build().nip for _ in range(3))
    dibuat = [
        PegawaiFactory(nama=nama, nip=nip, unit=cast.dishub, jabatan=jabatan)
        for nama, nip in [("Ani", nips[1]), ("Budi", nips[0]), ("Citra", nips[2])]
    ]
    ani, budi, citra = dibuat
    client.force_login(cast.u_bkd)
    r = client.get(reverse("pegawai:daftar"), {"jabatan": jabatan.pk, "urut": urut})
    nama = [p.nama for p in r.context["page"].object_list]
    naik = [budi.nama, ani.nama, citra.nama]
    assert nama == (naik if urut == "nip" else naik[::-1])


def test_unit_head_cannot_filter_on_a_unit_outside_their_subtree(client, cast):
    client.force_login(cast.u_kepala_asal)
    r = client.get(reverse("pegawai:daftar"), {"unit": cast.dishub.pk})
    assert r.status_code == 200
    assert "Saringan tidak valid" in r.content.decode()
    assert all(p.unit_id != cast.dishub.pk for p in r.context["page"].object_list)


def test_pagination_splits_at_50(client, cast):
    PegawaiFactory.create_batch(60, unit=cast.dishub, jabatan=cast.j_pelaksana)
    client.force_login(cast.u_bkd)
    r = client.get(reverse("pegawai:daftar"), {"halaman": 2})
    assert r.context["page"].number == 2
    assert len(r.context["page"].object_list) == 16


@pytest.mark.parametrize("extra", [0, 120])
def test_list_query_count_is_constant(client, cast, django_assert_max_num_queries, extra):
    PegawaiFactory.create_batch(extra, unit=cast.dishub, jabatan=cast.j_pelaksana)
    client.force_login(cast.u_bkd)
    # +1 for the nav's "Menunggu tindakan saya" badge (mutasi.context_processors: one COUNT)
    with django_assert_max_num_queries(13):
        r = client.get(reverse("pegawai:daftar"), {"unit": cast.pemda.pk, "urut": "unit"})
    assert r.status_code == 200


@pytest.mark.parametrize("extra", [0, 120])
def test_export_query_count_is_constant(client, cast, django_assert_max_num_queries, extra):
    PegawaiFactory.create_batch(extra, unit=cast.dishub, jabatan=cast.j_pelaksana)
    client.force_login(cast.u_bkd)
    with django_assert_max_num_queries(7):
        r = client.get(reverse("pegawai:ekspor"))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_export_contains_the_filtered_rows(client, cast):
    import io

    from openpyxl import load_workbook

    client.force_login(cast.u_bkd)
    r = client.get(reverse("pegawai:ekspor"), {"unit": cast.dishub.pk})
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "NIP"
    assert {row[0] for row in rows[1:]} == {cast.kepala_tujuan.nip, cast.outsider.nip}


def test_detail_shows_history(client, cast):
    RiwayatJabatan.objects.create(pegawai=cast.pegawai, unit=cast.dinkes,
                                  jabatan=cast.j_pelaksana, tmt_mulai="2018-01-01",
                                  nomor_sk="821.2/1/BKD/2018")
    client.force_login(cast.u_pegawai)
    r = client.get(reverse("pegawai:profil"))
    assert "821.2/1/BKD/2018" in r.content.decode()


def test_unit_tree_counts_subtrees(client, cast):
    client.force_login(cast.u_bkd)
    r = client.get(reverse("pegawai:unit_pohon"))
    by_kode = {u.kode: u for u in r.context["units"]}
    assert by_kode["DINKES"].jumlah == 2
    assert by_kode["DINKES"].jumlah_subtree == 3
    assert by_kode["PEMDA"].jumlah_subtree == 6


def test_head_rights_move_with_the_position(client, cast):
    """When the head moves to another post, they lose the unit; the new holder gains it."""
    cast.kepala_asal.jabatan = cast.j_pelaksana
    cast.kepala_asal.save()
    cast.pegawai.jabatan = cast.j_kadis
    cast.pegawai.save()
    client.force_login(cast.u_kepala_asal)
    assert client.get(reverse("pegawai:daftar")).status_code == 403
    client.force_login(cast.u_pegawai)
    assert client.get(reverse("pegawai:daftar")).status_code == 200


def test_login_page_in_indonesian(client, db):
    r = client.get(reverse("login"))
    assert "Masuk" in r.content.decode()


def test_list_shows_active_employees_unless_asked(client, cast):
    cast.outsider.aktif = False
    cast.outsider.save()
    client.force_login(cast.u_bkd)
    r = client.get(reverse("pegawai:daftar"))
    assert cast.outsider not in r.context["page"].object_list
    r = client.get(reverse("pegawai:daftar"), {"aktif": "0"})
    assert list(r.context["page"].object_list) == [cast.outsider]
    r = client.get(reverse("pegawai:daftar"), {"aktif": "semua"})
    assert r.context["page"].paginator.count == 6
