"""Eligibility of a transfer (docs/domain.md "Mutasi"), with the Pemda's rules from settings.

Every rule gives a plain reason in Bahasa Indonesia. A failed rule blocks submission and
approval unless BKD excepted it in writing (`services.permohonan_override`). Rules that do
not bind a transfer BKD files for organisational need are listed in
`MUTASI_ATURAN["berlaku_kebutuhan_organisasi"]` (docs/mutasi.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pegawai.kompetensi import alasan_tidak_kompeten
from pegawai.models import Pendidikan, StatusAsn
from pegawai.nip import KODE_PPPK

from .models import AsalPermohonan

# code → label; the codes are what BKD excepts and what the settings name.
ATURAN = {
    "cpns": gettext_lazy("Bukan CPNS"),
    "masa_ikatan": gettext_lazy("Masa ikatan sejak TMT PNS"),
    "masa_jabatan": gettext_lazy("Masa dalam jabatan sekarang"),
    "hukuman_disiplin": gettext_lazy("Tidak sedang dihukum disiplin / diperiksa"),
    "tugas_belajar": gettext_lazy("Tidak sedang tugas belajar / ikatan dinas"),
    "bup": gettext_lazy("Tidak dalam 1 tahun menjelang BUP"),
    "kebutuhan_tujuan": gettext_lazy("Unit tujuan kekurangan pegawai pada jabatan tujuan"),
    "pendidikan": gettext_lazy("Kesesuaian kompetensi (pendidikan minimal dan bidangnya)"),
}
# The settings switch that turns each rule off (False) for a Pemda.
_SAKLAR = {
    "cpns": "cpns_dilarang",
    "hukuman_disiplin": "hukuman_disiplin_dilarang",
    "tugas_belajar": "tugas_belajar_dilarang",
    "kebutuhan_tujuan": "tujuan_harus_kekurangan",
    "pendidikan": "pendidikan_minimal",
}


@dataclass(frozen=True)
class HasilAturan:
    kode: str
    lulus: bool | None  # None: could not be checked (a warning, not a failure)
    pesan: str
    dikecualikan: bool = False

    @property
    def label(self):
        return ATURAN[self.kode]

    @property
    def menghalangi(self):
        return self.lulus is False and not self.dikecualikan


@dataclass(frozen=True)
class Kelayakan:
    hasil: tuple[HasilAturan, ...]

    @property
    def layak(self):
        return not any(h.menghalangi for h in self.hasil)

    @property
    def gagal(self):
        return [h for h in self.hasil if h.menghalangi]

    @property
    def peringatan(self):
        return [h for h in self.hasil if h.lulus is None]

    def get(self, kode):
        return next((h for h in self.hasil if h.kode == kode), None)


def aturan():
    """The Pemda's rule settings (defaults in config/settings.py)."""
    return settings.MUTASI_ATURAN


def _tambah_tahun(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _tambah_bulan(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1)


def tmt_cpns_dari_nip(nip: str):
    """TMT CPNS (first of the month) from NIP digits 9–14, or None if unreadable/PPPK."""
    if len(nip) != 18 or not nip.isdigit() or nip[12:14] == KODE_PPPK:
        return None
    tahun, bulan = int(nip[8:12]), int(nip[12:14])
    if not (1 <= bulan <= 12 and tahun >= 1900):
        return None
    return dt.date(tahun, bulan, 1)


def masa_ikatan_tahun(tahun_formasi: int) -> int:
    """Lock-in years for a formation year: the latest matching band, else the default."""
    cfg = aturan()
    years = cfg["masa_ikatan_tahun"]
    for mulai, lama in sorted(cfg.get("masa_ikatan_per_formasi") or []):
        if tahun_formasi >= int(mulai):
            years = int(lama)
    return years


def _tgl(d: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(d, "j F Y")


def _cek_cpns(p, hari_ini, ctx):
    if p.status_asn == StatusAsn.CPNS:
        return False, _("%(nama)s masih berstatus CPNS; CPNS tidak dapat mengajukan mutasi.") % {
            "nama": p.nama_lengkap
        }
    return True, _("Status %(status)s.") % {"status": p.get_status_asn_display()}


def _cek_masa_ikatan(p, hari_ini, ctx):
    if p.status_asn == StatusAsn.PPPK:
        return True, _("Masa ikatan PNS tidak berlaku untuk PPPK.")
    tmt_cpns = tmt_cpns_dari_nip(p.nip)
    if tmt_cpns is None:
        return None, _("TMT CPNS tidak terbaca dari NIP %(nip)s; periksa manual.") % {
            "nip": p.nip_tampil
        }
    cfg = aturan()
    tmt_pns = _tambah_bulan(tmt_cpns, cfg["masa_cpns_bulan"])
    tahun = masa_ikatan_tahun(tmt_cpns.year)
    boleh = _tambah_tahun(tmt_pns, tahun)
    if hari_ini < boleh:
        return False, _(
            "Masih dalam masa ikatan %(n)s tahun sejak TMT PNS %(tmt)s (TMT CPNS dari NIP: "
            "%(cpns)s); mutasi atas permintaan sendiri baru dapat diajukan mulai %(boleh)s."
        ) % {"n": tahun, "tmt": _tgl(tmt_pns), "cpns": _tgl(tmt_cpns), "boleh": _tgl(boleh)}
    return True, _("TMT PNS %(tmt)s; masa ikatan %(n)s tahun sudah lewat.") % {
        "tmt": _tgl(tmt_pns), "n": tahun
    }


def _cek_masa_jabatan(p, hari_ini, ctx):
    n = aturan()["minimal_tahun_di_jabatan"]
    boleh = _tambah_tahun(p.tmt_jabatan, n)
    if hari_ini < boleh:
        return False, _(
            "Belum %(n)s tahun dalam jabatan sekarang (TMT jabatan %(tmt)s); dapat diajukan "
            "mulai %(boleh)s."
        ) % {"n": n, "tmt": _tgl(p.tmt_jabatan), "boleh": _tgl(boleh)}
    return True, _("TMT jabatan %(tmt)s.") % {"tmt": _tgl(p.tmt_jabatan)}


def _cek_hukuman_disiplin(p, hari_ini, ctx):
    if p.hukuman_disiplin:
        return False, _(
            "Tercatat sedang menjalani hukuman disiplin tingkat sedang/berat atau pemeriksaan."
        )
    return True, _("Tidak tercatat hukuman disiplin.")


def _cek_tugas_belajar(p, hari_ini, ctx):
    if p.tugas_belajar:
        return False, _("Tercatat sedang tugas belajar atau terikat ikatan dinas.")
    return True, _("Tidak sedang tugas belajar.")


def _cek_bup(p, hari_ini, ctx):
    bup = p.jabatan.bup
    pensiun = _tambah_tahun(p.tanggal_lahir, bup)
    jarak = aturan()["jarak_bup_tahun"]
    if hari_ini >= _tambah_tahun(pensiun, -jarak):
        return False, _(
            "Kurang dari %(j)s tahun menjelang batas usia pensiun %(bup)s tahun (%(tgl)s)."
        ) % {"j": jarak, "bup": bup, "tgl": _tgl(pensiun)}
    return True, _("BUP %(bup)s tahun pada %(tgl)s.") % {"bup": bup, "tgl": _tgl(pensiun)}


def _cek_kebutuhan_tujuan(p, hari_ini, ctx):
    d = ctx["dampak"]()
    jt = d.jabatan_tujuan
    if d.tujuan_kekurangan is None:
        return None, _(
            "Data ABK belum tersedia untuk %(label)s; kebutuhan unit tujuan belum dapat "
            "diperiksa."
        ) % {"label": jt.label}
    if not d.tujuan_kekurangan:
        return False, _(
            "%(label)s tidak kekurangan pegawai (kebutuhan %(k)s, bezetting %(b)s, selisih "
            "%(s)+d)."
        ) % {"label": jt.label, "k": jt.sebelum.kebutuhan, "b": jt.sebelum.bezetting,
             "s": jt.sebelum.selisih}
    return True, _("%(label)s kekurangan %(n)s pegawai.") % {
        "label": jt.label, "n": -jt.sebelum.selisih
    }


def _cek_pendidikan(p, hari_ini, ctx):
    """Competence fit: education level at least the jabatan's minimum and, when the jabatan
    names a field of study (rumpun), the same field (pegawai.kompetensi)."""
    jab = ctx["jabatan_tujuan"]
    minimal = jab.pendidikan_minimal
    gagal = alasan_tidak_kompeten(pendidikan=p.pendidikan, rumpun=p.rumpun,
                                  pendidikan_minimal=minimal, rumpun_jabatan=jab.rumpun)
    data = {"punya": Pendidikan(p.pendidikan).label, "min": Pendidikan(minimal).label,
            "jab": jab.nama, "rumpun": p.rumpun or _("tidak tercatat"), "wajib": jab.rumpun}
    if "pendidikan" in gagal:
        return False, _(
            "Pendidikan %(punya)s di bawah pendidikan minimal %(min)s untuk jabatan %(jab)s."
        ) % data
    if "rumpun" in gagal:
        return False, _(
            "Bidang pendidikan %(rumpun)s tidak sesuai dengan bidang yang disyaratkan jabatan "
            "%(jab)s (%(wajib)s)."
        ) % data
    if jab.rumpun:
        return True, _("Pendidikan %(punya)s bidang %(rumpun)s memenuhi syarat jabatan %(jab)s "
                       "(minimal %(min)s, bidang %(wajib)s).") % data
    return True, _("Pendidikan %(punya)s memenuhi minimal %(min)s untuk jabatan %(jab)s.") % data


_CEK = {
    "cpns": _cek_cpns,
    "masa_ikatan": _cek_masa_ikatan,
    "masa_jabatan": _cek_masa_jabatan,
    "hukuman_disiplin": _cek_hukuman_disiplin,
    "tugas_belajar": _cek_tugas_belajar,
    "bup": _cek_bup,
    "kebutuhan_tujuan": _cek_kebutuhan_tujuan,
    "pendidikan": _cek_pendidikan,
}


def aturan_berlaku(asal_permohonan):
    """Codes of the rules that apply to this kind of request with this Pemda's settings."""
    cfg = aturan()
    codes = [k for k in ATURAN if cfg.get(_SAKLAR.get(k, ""), True) is not False]
    if asal_permohonan == AsalPermohonan.KEBUTUHAN_ORGANISASI:
        berlaku = set(cfg.get("berlaku_kebutuhan_organisasi", []))
        codes = [k for k in codes if k in berlaku]
    return codes


def periksa_kelayakan(
    *, pegawai, unit_tujuan, jabatan_tujuan, asal_permohonan, dikecualikan=(), hari_ini=None,
    dampak=None,
):
    """Check every applicable rule; `dikecualikan` are codes BKD excepted in writing."""
    from .dampak import dampak_pindah

    hari_ini = hari_ini or timezone.localdate()
    cache = {}

    def get_dampak():
        if dampak is not None:
            return dampak
        if "d" not in cache:
            cache["d"] = dampak_pindah(
                pegawai=pegawai, unit_tujuan=unit_tujuan, jabatan_tujuan=jabatan_tujuan
            )
        return cache["d"]

    ctx = {"dampak": get_dampak, "unit_tujuan": unit_tujuan, "jabatan_tujuan": jabatan_tujuan}
    hasil = []
    for kode in aturan_berlaku(asal_permohonan):
        lulus, pesan = _CEK[kode](pegawai, hari_ini, ctx)
        hasil.append(HasilAturan(kode, lulus, pesan, dikecualikan=kode in dikecualikan))
    return Kelayakan(tuple(hasil))


def kelayakan_permohonan(permohonan, *, hari_ini=None, dampak=None):
    """`periksa_kelayakan` for a stored request, with BKD's exceptions."""
    return periksa_kelayakan(
        pegawai=permohonan.pegawai,
        unit_tujuan=permohonan.unit_tujuan,
        jabatan_tujuan=permohonan.jabatan_tujuan,
        asal_permohonan=permohonan.asal_permohonan,
        dikecualikan=tuple(permohonan.aturan_dikecualikan or ()),
        hari_ini=hari_ini,
        dampak=dampak,
    )
