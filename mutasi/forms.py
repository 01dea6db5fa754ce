import json

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pegawai.filters import PilihanCepat, TanggalInput
from pegawai.models import Jabatan, Pegawai, UnitKerja
from pegawai.nip import normalize_nip

from . import keputusan, services
from .eligibility import ATURAN
from .models import (
    ALASAN_PER_ASAL,
    TEKS_MAKS,
    AsalPermohonan,
    JenisDokumen,
    PermohonanMutasi,
)
from .workflow import PERNYATAAN


def _label_unit(unit):
    # Indent sub-units so the flat list reads as the tree it is (as pegawai/filters.py).
    return f"{'· ' * unit.kedalaman}{unit.nama}"


class PermohonanForm(forms.ModelForm):
    """Target unit and position, reason and justification of a request."""

    class Meta:
        model = PermohonanMutasi
        fields = ["unit_tujuan", "jabatan_tujuan", "alasan", "justifikasi"]
        # Some 400 units and 150 positions: options built in Python, not one template each.
        widgets = {
            "unit_tujuan": PilihanCepat,
            "jabatan_tujuan": PilihanCepat,
            "justifikasi": forms.Textarea(attrs={"rows": 5}),
        }

    # The kind of request a new form files (an edit keeps its request's kind).
    ASAL = AsalPermohonan.PERMINTAAN_SENDIRI

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asal = self.instance.asal_permohonan if self.instance.pk else self.ASAL
        # Only this kind's reasons: the employee's, or the organisation's.
        self.fields["alasan"].choices = [("", "---------")] + [
            (a.value, a.label) for a in ALASAN_PER_ASAL[str(self.asal)]]
        self.fields["justifikasi"].help_text = _(
            "Jelaskan alasannya; untuk alasan \u201clainnya\u201d wajib rinci (sedikitnya "
            "%(min)s karakter). Paling banyak %(maks)s karakter.") % {
            "min": settings.MUTASI_JUSTIFIKASI_MIN_RINCI, "maks": TEKS_MAKS}
        unit = self.fields["unit_tujuan"]
        unit.queryset = UnitKerja.objects.only("id", "nama", "kedalaman", "path").order_by("path")
        unit.label_from_instance = _label_unit
        # The competence check of the advice panel reads the level and field: loaded here.
        self.fields["jabatan_tujuan"].queryset = Jabatan.objects.only(
            "id", "nama", "pendidikan_minimal", "rumpun").order_by("nama")

    def clean(self):
        data = super().clean()
        if "alasan" in data and "justifikasi" in data:
            for field, pesan in services.galat_alasan(
                    self.asal, data["alasan"], data["justifikasi"]).items():
                self.add_error(field, pesan)
        return data

    def isi_awal(self, *, pegawai, query):
        """Initial target of an unbound form.

        A new request keeps the employee's jabatan (most transfers do); then
        `?unit_tujuan=<id>&jabatan_tujuan=<id>` (the "Pilih" links of the advice panel)
        override, each checked as the field checks input: an unknown id is dropped.
        """
        if self.instance.pk is None and pegawai is not None:
            self.initial.setdefault("jabatan_tujuan", pegawai.jabatan)
        for name in ("unit_tujuan", "jabatan_tujuan"):
            value = query.get(name)
            if not value:
                continue
            try:
                self.initial[name] = self.fields[name].clean(value)
            except forms.ValidationError:
                pass

    def jabatan_terpilih(self):
        """The target jabatan the form shows now (a Jabatan), or None when unknown."""
        if self.is_bound:
            return getattr(self, "cleaned_data", {}).get("jabatan_tujuan")
        value = self.initial.get("jabatan_tujuan")
        if isinstance(value, Jabatan):
            return value
        if value is not None and value == self.instance.jabatan_tujuan_id:
            return self.instance.jabatan_tujuan
        return None

    def hubungkan_saran(self, *, url, permohonan=None):
        """Refresh the advice panel (#saran-unit) from `url` when the jabatan changes (htmx).

        The select sends its own name (`jabatan_tujuan`); an edit form adds its request's
        id so that the panel's links lead back to the same form.
        """
        attrs = {
            "hx-get": url, "hx-trigger": "change", "hx-target": "#saran-unit",
            "hx-swap": "outerHTML", "hx-sync": "this:replace",
        }
        if permohonan is not None:
            attrs["hx-vals"] = json.dumps({"permohonan": permohonan.pk})
        self.fields["jabatan_tujuan"].widget.attrs.update(attrs)


class PermohonanOrganisasiForm(PermohonanForm):
    """BKD files a request for organisational need on the employee's behalf."""

    ASAL = AsalPermohonan.KEBUTUHAN_ORGANISASI
    nip = forms.CharField(label=_("NIP pegawai"), max_length=30)

    class Meta(PermohonanForm.Meta):
        fields = ["nip", *PermohonanForm.Meta.fields]

    def isi_awal(self, *, pegawai, query):
        """As PermohonanForm's, and `?nip=` (the employee page's "Usulkan mutasi" link) names
        the employee: an active one's NIP is filled in and their jabatan kept; anything else
        is dropped, as unknown ids are."""
        nip = normalize_nip(query.get("nip", ""))
        if nip and pegawai is None:
            pegawai = Pegawai.objects.select_related("jabatan").filter(nip=nip, aktif=True).first()
            if pegawai is not None:
                self.initial["nip"] = pegawai.nip
        super().isi_awal(pegawai=pegawai, query=query)

    def clean_nip(self):
        nip = normalize_nip(self.cleaned_data["nip"])
        pegawai = Pegawai.objects.select_related("unit", "jabatan").filter(
            nip=nip, aktif=True).first()
        if pegawai is None:
            raise forms.ValidationError(
                _("Tidak ada pegawai aktif dengan NIP %(nip)s.") % {"nip": nip})
        self.pegawai = pegawai
        return nip


class DokumenForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis dokumen"), choices=JenisDokumen.choices,
                              error_messages={"required": _("Pilih jenis dokumen.")})
    berkas = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, JPEG atau PNG."),
        # An empty file reaches uploads.periksa_berkas, which says that it is empty.
        allow_empty_file=True,
        error_messages={"required": _("Pilih berkas yang akan diunggah.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class CatatanForm(forms.Form):
    catatan = forms.CharField(label=_("Catatan"), required=False, max_length=TEKS_MAKS,
                              widget=forms.Textarea(attrs={"rows": 2}))


class AjukanForm(CatatanForm):
    """Submit: an optional note to the origin head and the applicant's declaration."""

    pernyataan = forms.BooleanField(
        label=PERNYATAAN, required=True,
        error_messages={"required": _("Centang pernyataan bahwa data dan dokumen yang "
                                      "diajukan benar.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catatan"].label = _("Catatan untuk kepala unit (opsional)")


class PengecualianForm(forms.Form):
    aturan = forms.MultipleChoiceField(
        label=_("Aturan yang dikecualikan"), choices=list(ATURAN.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    alasan = forms.CharField(label=_("Alasan tertulis"), max_length=TEKS_MAKS,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SkForm(forms.Form):
    """BKD issues one decree for the approved requests it ticks."""

    permohonan = forms.ModelMultipleChoiceField(
        label=_("Permohonan"), queryset=PermohonanMutasi.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Centang sedikitnya satu permohonan."),
                        "invalid_choice": _("Permohonan #%(value)s tidak (lagi) berstatus "
                                            "disetujui BKD.")},
    )
    tanggal = forms.DateField(label=_("Tanggal SK"),
                              widget=TanggalInput())
    tmt = forms.DateField(label=_("TMT mutasi"), widget=TanggalInput(),
                          help_text=_("Bila TMT sudah lewat, mutasi langsung diberlakukan."))

    yakin = forms.BooleanField(
        label=_("Saya sudah memeriksa tanggal yang tidak lazim di atas dan memang benar."),
        required=False)

    def __init__(self, *args, calon, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permohonan"].queryset = calon
        self.peringatan = []

    def clean(self):
        """Refuse dates that cannot be right; unusual ones need the `yakin` tick."""
        data = super().clean()
        if not all(data.get(k) for k in ("permohonan", "tanggal", "tmt")):
            return data
        hasil = keputusan.periksa_tanggal_sk(tanggal=data["tanggal"], tmt=data["tmt"],
                                             permohonan=data["permohonan"])
        for pesan in hasil.galat:
            self.add_error(None, pesan)
        self.peringatan = hasil.peringatan
        if hasil.peringatan and not data.get("yakin"):
            self.add_error(None, _("Ada tanggal yang tidak lazim (lihat peringatan di bawah "
                                   "tanggal): periksa, lalu centang konfirmasinya bila memang "
                                   "benar."))
        return data
