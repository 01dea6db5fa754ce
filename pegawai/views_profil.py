"""Profil Pemda: the Pemda's identity, which BKD edits (name, kepala daerah, place and
signatory of decrees, logo, decree number pattern)."""

from io import BytesIO

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import access
from .models import ProfilPemda

# (magic prefix, extension, Pillow format): PNG or JPEG, told by content, never by name.
JENIS_LOGO = ((b"\x89PNG\r\n\x1a\n", ".png", "PNG"), (b"\xff\xd8\xff", ".jpg", "JPEG"))
LOGO_MAKS_PIKSEL = 4000


def periksa_logo(berkas):
    """The extension of an acceptable logo, else ValidationError saying why."""
    maks = settings.PEMDA_LOGO_MAKS_BYTE
    if not berkas.size:
        raise forms.ValidationError(_("Berkas logo kosong (0 bita)."))
    if berkas.size > maks:
        raise forms.ValidationError(
            _("Logo berukuran %(ukuran)s, melebihi batas %(maks)s.")
            % {"ukuran": filesizeformat(berkas.size), "maks": filesizeformat(maks)})
    berkas.seek(0)
    isi = berkas.read()
    berkas.seek(0)
    jenis = next((j for j in JENIS_LOGO if isi.startswith(j[0])), None)
    if jenis is None:
        raise forms.ValidationError(_("Logo harus gambar PNG atau JPEG menurut isinya (bukan "
                                      "nama berkasnya)."))
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(BytesIO(isi)) as img:
            if img.format != jenis[2]:
                raise forms.ValidationError(_("Isi berkas logo tidak cocok dengan jenisnya."))
            lebar, tinggi = img.size
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise forms.ValidationError(_("Berkas logo rusak atau bukan gambar.")) from exc
    if max(lebar, tinggi) > LOGO_MAKS_PIKSEL:
        raise forms.ValidationError(_("Logo paling besar %(n)s × %(n)s piksel.")
                                    % {"n": LOGO_MAKS_PIKSEL})
    return jenis[1]


class ProfilPemdaForm(forms.ModelForm):
    logo = forms.FileField(
        label=gettext_lazy("Logo (PNG atau JPEG)"), required=False, allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": ".png,.jpg,.jpeg"}),
        help_text=gettext_lazy("Dicetak di kepala SK. Kosongkan untuk mempertahankan logo "
                               "yang ada."))
    hapus_logo = forms.BooleanField(label=gettext_lazy("Hapus logo"), required=False)

    class Meta:
        model = ProfilPemda
        fields = ["nama_pemda", "kepala_daerah", "nama_kepala_daerah", "tempat_penetapan",
                  "penandatangan_nama", "penandatangan_nip", "penandatangan_jabatan",
                  "format_nomor"]

    def clean_logo(self):
        berkas = self.cleaned_data.get("logo")
        if berkas:
            self.ekstensi_logo = periksa_logo(berkas)
        return berkas

    def clean_penandatangan_nip(self):
        nip = "".join(self.cleaned_data["penandatangan_nip"].split())
        if nip and (len(nip) != 18 or not nip.isdigit()):
            raise forms.ValidationError(_("NIP penandatangan harus 18 digit angka."))
        return nip

    def clean_format_nomor(self):
        pola = self.cleaned_data["format_nomor"].strip()
        try:
            contoh = pola.format(n=1, tahun=2026)
            lain = pola.format(n=2, tahun=2026)
        except (KeyError, IndexError, ValueError) as exc:
            raise forms.ValidationError(
                _("Pola nomor tidak dapat dipakai (%(err)s); gunakan hanya {n} dan {tahun}, "
                  "misalnya 800.1.6.4/{n:04d}/BKPSDM/{tahun}.") % {"err": exc}) from exc
        if contoh == lain:
            raise forms.ValidationError(_("Pola nomor harus memuat {n} (nomor urut), agar "
                                          "setiap SK bernomor lain."))
        if len(pola.format(n=99999, tahun=2026)) > 100:
            raise forms.ValidationError(_("Nomor SK yang dihasilkan lebih dari 100 karakter."))
        return pola


@login_required
def profil_pemda(request):
    """BKD edits the Pemda's profile; the next decree (and every PDF) uses it."""
    access.require_bkd(request.user)
    profil = ProfilPemda.ambil()
    form = ProfilPemdaForm(request.POST or None, request.FILES or None, instance=profil)
    if request.method == "POST" and form.is_valid():
        lama = profil.logo.name if profil.logo else ""
        with transaction.atomic():
            obj = form.save(commit=False)
            obj.diubah_oleh = request.user
            berkas = form.cleaned_data.get("logo")
            if berkas:
                obj._ekstensi = form.ekstensi_logo
                obj.logo.save("logo" + form.ekstensi_logo, berkas, save=False)
            elif form.cleaned_data.get("hapus_logo"):
                obj.logo = ""
            obj.save()
            if lama and lama != (obj.logo.name if obj.logo else ""):
                storage = obj.logo.storage
                transaction.on_commit(lambda: storage.delete(lama))
        messages.success(request, _("Profil Pemda disimpan; SK berikutnya memakainya."))
        return redirect("pegawai:profil_pemda")
    return render(request, "pegawai/profil_pemda.html", {
        "form": form, "profil": profil,
        "contoh_nomor": profil.nomor_sk(urut=1, tahun=2026),
    })
