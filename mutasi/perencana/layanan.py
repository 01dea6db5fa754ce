"""Services of the balance planner (docs/perencana.md, "Django side").

Plans:      rencana_buat → (Celery) rencana_jalankan → a Skenario with its moves.
Scenarios:  skenario_buat, skenario_hapus_pindah, skenario_tambah_pindah,
            skenario_ganti_pegawai, skenario_abk_simpan, skenario_abk_hapus,
            evaluasi_skenario, skenario_basi, bandingkan_skenario.
Requests:   skenario_ke_permohonan (all or nothing, through mutasi.services).

Nothing here writes live data except `skenario_ke_permohonan`, which files draft
organisational-need requests through the normal workflow.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Context, Decimal, localcontext

from django.db import OperationalError, transaction
from django.db.models import Case, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from bebankerja import abk, keseimbangan
from bebankerja.models import PeriodeAbk, SnapshotJabatan, TugasJabatan
from mutasi import services
from mutasi.eligibility import ATURAN, kelayakan_permohonan
from mutasi.models import (
    STATUS_AKTIF,
    Alasan,
    AsalPermohonan,
    PermohonanMutasi,
    RencanaMutasi,
    Skenario,
    SkenarioAbk,
    SkenarioPindah,
)
from pegawai.models import Pegawai

from . import data, inti

log = logging.getLogger(__name__)
S = RencanaMutasi.Status
BASI_SETELAH = dt.timedelta(minutes=15)
JEDA_LAPOR_S = 0.5

LABEL_BASI = {
    "tidak_aktif": "Pegawai sudah pensiun atau tidak aktif",
    "sudah_pindah": "Pegawai sudah tidak di unit/jabatan asal",
    "tidak_layak": "Pegawai tidak lagi memenuhi syarat",
    "tujuan_tidak_kurang": "Unit tujuan tidak lagi kekurangan pada jabatan ini",
    "permohonan_aktif": "Pegawai sudah memiliki permohonan mutasi aktif",
    "aturan_berubah": "Aturan kelayakan berubah sejak skenario dibuat",
}
LABEL_ALASAN_PINDAH = {
    "sama_jabatan": "Jabatan sama",
    "jabatan_setara": "Jabatan setara",
    "sama_opd": "Dalam OPD yang sama",
    "lintas_opd": "Lintas OPD",
    "bersedia": "Pegawai bersedia",
    "unit_pilihan": "Unit pilihan pegawai",
    "manual": "Ditambahkan BKD",
}


class PerencanaError(Exception):
    """A refused action, explained to the user; `rincian` holds one line per move."""

    def __init__(self, pesan, rincian=()):
        super().__init__(pesan)
        self.rincian = list(rincian)


# --- plans ---------------------------------------------------------------------------------


def rencana_buat(*, periode: PeriodeAbk, opsi: data.OpsiRencana, aktor) -> RencanaMutasi:
    """Store a plan run and queue it (the task starts once the row is committed)."""
    data.periode_dengan_angka(periode.tahun)  # DataError for a periode without figures
    with transaction.atomic():
        rencana = RencanaMutasi.objects.create(
            periode=periode, tahun_horizon=opsi.tahun_horizon, opsi=opsi.ke_json(),
            dibuat_oleh=aktor)
        transaction.on_commit(lambda: _antrikan(rencana.pk))
    return rencana


def _antrikan(rencana_id: int) -> None:
    from .tasks import perencana_jalankan

    try:
        perencana_jalankan.delay(rencana_id)
    except Exception:
        log.exception("rencana %s: tugas latar tidak dapat diantrikan", rencana_id)
        RencanaMutasi.objects.filter(pk=rencana_id, status=S.ANTRI).update(
            status=S.GAGAL, selesai=timezone.now(),
            pesan=_("Layanan antrian tugas latar (Celery/Redis) tidak dapat dihubungi; "
                    "rencana belum dihitung. Coba lagi beberapa saat lagi."))


def _klaim(rencana_id: int) -> int | None:
    """Take the run (see pegawai/impor/jobs.py): the claim number, or None if not ours."""
    now = timezone.now()
    kondisi = Q(status=S.ANTRI) | Q(status=S.BERJALAN, diperbarui__lt=now - BASI_SETELAH)
    with transaction.atomic():
        row = (RencanaMutasi.objects.select_for_update().filter(kondisi, pk=rencana_id)
               .values("klaim").first())
        if row is None:
            return None
        klaim = row["klaim"] + 1
        RencanaMutasi.objects.filter(pk=rencana_id).update(
            status=S.BERJALAN, mulai=now, diperbarui=now, persen=1, tahap="membaca",
            klaim=klaim)
    return klaim


def _pelapor(rencana_id: int, klaim: int):
    def lapor(tahap, persen):
        RencanaMutasi.objects.filter(pk=rencana_id, klaim=klaim, status=S.BERJALAN).update(
            tahap=tahap, persen=persen, diperbarui=timezone.now())

    return lapor


def rencana_jalankan(*, rencana_id: int) -> Skenario | None:
    """Run one plan (idempotent: a run already taken or finished is left alone)."""
    klaim = _klaim(rencana_id)
    if klaim is None:
        return None
    rencana = RencanaMutasi.objects.select_related("periode").get(pk=rencana_id)
    lapor = _pelapor(rencana_id, klaim)
    try:
        opsi = data.OpsiRencana.dari_json(rencana.opsi)
        masukan = data.muat_input(rencana.periode, opsi, lapor=lapor)
        lapor("menghitung", 65)
        hasil = inti.rencanakan(masukan.baris, masukan.kandidat, masukan.grup, masukan.opsi)
        lapor("menyimpan", 90)
        with transaction.atomic():
            if not RencanaMutasi.objects.select_for_update().filter(
                    pk=rencana_id, klaim=klaim, status=S.BERJALAN).exists():
                return None  # another run took over
            skenario = _simpan_skenario(rencana, opsi, hasil)
            now = timezone.now()
            RencanaMutasi.objects.filter(pk=rencana_id).update(
                status=S.SELESAI, persen=100, tahap="", selesai=now, diperbarui=now,
                ketidakseimbangan_awal=hasil.ketidakseimbangan_awal,
                ketidakseimbangan_akhir=hasil.ketidakseimbangan_akhir,
                pengurangan=hasil.pengurangan, batas=hasil.batas, rasio=hasil.rasio,
                status_solver=hasil.status, solver=hasil.solver[:60],
                waktu_s=round(hasil.waktu_solver_s, 3), jumlah_kandidat=len(masukan.kandidat),
                tak_tertutup=[_tt_json(t) for t in hasil.tak_tertutup],
                pesan=_("%(n)s pindah diusulkan dari %(k)s kandidat; %(p)s pegawai pensiun "
                        "sebelum tahun proyeksi.") % {"n": len(hasil.pindah),
                                                     "k": len(masukan.kandidat),
                                                     "p": masukan.jumlah_pensiun})
        return skenario
    except data.DataError as e:
        _gagal(rencana_id, klaim, str(e))
    except OperationalError:
        RencanaMutasi.objects.filter(pk=rencana_id, klaim=klaim).update(status=S.ANTRI)
        raise
    except Exception as e:
        log.exception("rencana %s gagal", rencana_id)
        _gagal(rencana_id, klaim, _("Kesalahan tak terduga saat menghitung rencana: %(e)s.")
               % {"e": type(e).__name__})
    return None


def _gagal(rencana_id, klaim, pesan):
    now = timezone.now()
    RencanaMutasi.objects.filter(pk=rencana_id, klaim=klaim).update(
        status=S.GAGAL, tahap="", selesai=now, diperbarui=now, pesan=pesan)


def _tt_json(t: inti.TakTertutup) -> dict:
    return {"unit_id": t.unit_id, "jabatan_id": t.jabatan_id, "kurang": t.kurang,
            "alasan": t.alasan, "rincian": [list(r) for r in t.rincian]}


def _simpan_skenario(rencana, opsi, hasil: inti.Rencana) -> Skenario:
    sk = Skenario.objects.create(
        nama=_("Rencana #%(id)s (ABK %(t)s)") % {"id": rencana.pk, "t": rencana.periode.tahun},
        periode=rencana.periode, rencana=rencana, aturan=data.jejak_aturan(),
        tanggal_rencana=opsi.tanggal, tahun_horizon=opsi.tahun_horizon,
        dibuat_oleh=rencana.dibuat_oleh)
    SkenarioPindah.objects.bulk_create([
        SkenarioPindah(skenario=sk, pegawai_id=m.pegawai_id, dari_unit_id=m.dari_unit,
                       dari_jabatan_id=m.dari_jabatan, ke_unit_id=m.ke_unit,
                       ke_jabatan_id=m.ke_jabatan, alasan=list(m.alasan), urutan=i)
        for i, m in enumerate(hasil.pindah, 1)], batch_size=2000)
    return sk


# --- scenario edits ------------------------------------------------------------------------


def skenario_buat(*, nama, periode, aktor, catatan="") -> Skenario:
    """An empty scenario, to fill by hand."""
    nama = (nama or "").strip()
    if not nama:
        raise PerencanaError(_("Isi nama skenario."))
    return Skenario.objects.create(nama=nama[:150], periode=periode, catatan=catatan,
                                   aturan=data.jejak_aturan(), dibuat_oleh=aktor,
                                   tanggal_rencana=timezone.localdate())


def _cek_bisa_diubah(pindah: SkenarioPindah):
    if pindah.permohonan_id:
        raise PerencanaError(_("Pindah ini sudah menjadi permohonan #%(id)s dan tidak dapat "
                               "diubah dari skenario.") % {"id": pindah.permohonan_id})


def skenario_hapus_pindah(*, skenario, pindah_id) -> None:
    pindah = SkenarioPindah.objects.filter(skenario=skenario, pk=pindah_id).first()
    if pindah is None:
        raise PerencanaError(_("Pindah tidak ditemukan di skenario ini."))
    _cek_bisa_diubah(pindah)
    pindah.delete()
    Skenario.objects.filter(pk=skenario.pk).update(diubah=timezone.now())


def _cek_pegawai_baru(skenario, pegawai, kecuali_pindah=None):
    if not pegawai.aktif:
        raise PerencanaError(_("%(nama)s tidak aktif.") % {"nama": pegawai.nama_lengkap})
    lain = SkenarioPindah.objects.filter(skenario=skenario, pegawai=pegawai)
    if kecuali_pindah is not None:
        lain = lain.exclude(pk=kecuali_pindah.pk)
    if lain.exists():
        raise PerencanaError(_("%(nama)s sudah dipindahkan dalam skenario ini; seorang pegawai "
                               "hanya boleh pindah sekali.") % {"nama": pegawai.nama_lengkap})


def skenario_tambah_pindah(*, skenario, pegawai, ke_unit, ke_jabatan) -> SkenarioPindah:
    """Add a move by hand (refused for a person already moved in the scenario)."""
    _cek_pegawai_baru(skenario, pegawai)
    if ke_unit.pk == pegawai.unit_id and ke_jabatan.pk == pegawai.jabatan_id:
        raise PerencanaError(_("Unit dan jabatan tujuan sama dengan unit dan jabatan sekarang."))
    urutan = (SkenarioPindah.objects.filter(skenario=skenario).order_by("-urutan")
              .values_list("urutan", flat=True).first() or 0) + 1
    pindah = SkenarioPindah.objects.create(
        skenario=skenario, pegawai=pegawai, dari_unit_id=pegawai.unit_id,
        dari_jabatan_id=pegawai.jabatan_id, ke_unit=ke_unit, ke_jabatan=ke_jabatan,
        alasan=["manual"], urutan=urutan)
    Skenario.objects.filter(pk=skenario.pk).update(diubah=timezone.now())
    return pindah


def skenario_ganti_pegawai(*, skenario, pindah_id, pegawai) -> SkenarioPindah:
    """Put another person on a move (same target); refused if they are already moved."""
    pindah = SkenarioPindah.objects.filter(skenario=skenario, pk=pindah_id).first()
    if pindah is None:
        raise PerencanaError(_("Pindah tidak ditemukan di skenario ini."))
    _cek_bisa_diubah(pindah)
    _cek_pegawai_baru(skenario, pegawai, kecuali_pindah=pindah)
    if pindah.ke_unit_id == pegawai.unit_id and pindah.ke_jabatan_id == pegawai.jabatan_id:
        raise PerencanaError(_("%(nama)s sudah berada di unit dan jabatan tujuan.")
                             % {"nama": pegawai.nama_lengkap})
    pindah.pegawai = pegawai
    pindah.dari_unit_id, pindah.dari_jabatan_id = pegawai.unit_id, pegawai.jabatan_id
    pindah.alasan = sorted({*pindah.alasan, "manual"})
    pindah.save(update_fields=["pegawai", "dari_unit", "dari_jabatan", "alasan"])
    Skenario.objects.filter(pk=skenario.pk).update(diubah=timezone.now())
    return pindah


# --- ABK changes of a scenario --------------------------------------------------------------

# Bounds of a what-if ABK change: a need beyond these for one jabatan in one unit is a typo.
MAKS_KEBUTUHAN = 10_000
MAKS_VOLUME = Decimal("1000000")
MAKS_NORMA = Decimal("100000")


@dataclass(frozen=True)
class PerubahanAbk:
    """The scenario's ABK changes, resolved: the new need per (unit, jabatan), the
    workload before/after of the pairs whose tasks change, and one row per change."""

    kebutuhan: dict[tuple[int, int], int]
    beban: dict[tuple[int, int], tuple[Decimal, Decimal]]
    baris: list[tuple]  # SkenarioAbk values (PERUBAHAN_FIELDS)


PERUBAHAN_FIELDS = ("id", "unit_id", "jabatan_id", "kebutuhan_baru", "tugas_id", "volume_baru",
                    "norma_baru", "tugas__uraian", "tugas__volume", "tugas__norma_waktu",
                    "tugas__satuan_norma", "tugas__periode_volume")


def perubahan_abk(skenario: Skenario, settings: abk.AbkSettings | None = None) -> PerubahanAbk:
    """Resolve the scenario's ABK changes (one query, and one over the tasks of the pairs
    whose task volume or norm changes). A changed task's pair gets its need recomputed
    from all its tasks with `abk.hitung_jabatan` and the periode's settings (rounding
    included); a direct need change of the same pair wins over it."""
    settings = settings or skenario.periode.settings
    baris = list(SkenarioAbk.objects.filter(skenario=skenario).order_by("id")
                 .values_list(*PERUBAHAN_FIELDS))
    kebutuhan: dict[tuple[int, int], int] = {}
    beban: dict[tuple[int, int], tuple[Decimal, Decimal]] = {}
    ubah_tugas = {r[4]: (r[5], r[6]) for r in baris if r[4]}
    if ubah_tugas:
        pasangan = {(r[1], r[2]) for r in baris if r[4]}
        per_pasangan: dict[tuple[int, int], list] = defaultdict(list)
        for tid, u, j, vol, norma, sat, pv in TugasJabatan.objects.filter(
                periode_id=skenario.periode_id, unit_id__in={u for u, _j in pasangan},
                jabatan_id__in={j for _u, j in pasangan}).order_by().values_list(
                "id", "unit_id", "jabatan_id", "volume", "norma_waktu", "satuan_norma",
                "periode_volume"):
            if (u, j) in pasangan:
                per_pasangan[(u, j)].append((tid, vol, norma, sat, pv))
        for key, tugas in per_pasangan.items():
            lama, baru = [], []
            for tid, vol, norma, sat, pv in tugas:
                lama.append(abk.Tugas.dari_form(vol, norma, sat, pv))
                v1, n1 = ubah_tugas.get(tid, (None, None))
                baru.append(abk.Tugas.dari_form(vol if v1 is None else v1,
                                                norma if n1 is None else n1, sat, pv))
            h0 = abk.hitung_jabatan(lama, 0, settings)
            h1 = abk.hitung_jabatan(baru, 0, settings)
            kebutuhan[key] = h1.kebutuhan
            beban[key] = (h0.beban_menit, h1.beban_menit)
    for r in baris:
        if not r[4]:
            kebutuhan[(r[1], r[2])] = r[3]
    return PerubahanAbk(kebutuhan, beban, baris)


def skenario_abk_simpan(*, skenario: Skenario, unit, jabatan, kebutuhan_baru=None, tugas=None,
                        volume_baru=None, norma_baru=None) -> SkenarioAbk:
    """Add (or replace) one ABK change: a jabatan's need in a unit, or one task's volume
    and/or norm. Refused with a message, nothing written, on bad input."""
    periode = skenario.periode
    label = {"j": jabatan, "u": unit, "t": periode.tahun}
    if not SnapshotJabatan.objects.filter(periode=periode, unit=unit, jabatan=jabatan).exists():
        raise PerencanaError(_("Jabatan %(j)s di %(u)s tidak ada dalam angka ABK periode "
                               "%(t)s.") % label)
    if tugas is None:
        if volume_baru is not None or norma_baru is not None:
            raise PerencanaError(_("Pilih tugas yang volume atau norma waktunya diubah."))
        if kebutuhan_baru is None:
            raise PerencanaError(_("Isi kebutuhan baru, atau pilih tugas dan isi volume atau "
                                   "norma waktu barunya."))
        _cek_angka(kebutuhan_baru, _("Kebutuhan baru"), MAKS_KEBUTUHAN)
    else:
        if kebutuhan_baru is not None:
            raise PerencanaError(_("Ubah kebutuhan jabatan atau tugasnya, tidak keduanya "
                                   "sekaligus."))
        if (tugas.periode_id, tugas.unit_id, tugas.jabatan_id) != (periode.pk, unit.pk,
                                                                   jabatan.pk):
            raise PerencanaError(_("Tugas yang dipilih bukan tugas %(j)s di %(u)s pada ABK "
                                   "periode %(t)s.") % label)
        if volume_baru is None and norma_baru is None:
            raise PerencanaError(_("Isi volume baru atau norma waktu baru tugas."))
        if volume_baru is not None:
            _cek_angka(volume_baru, _("Volume baru"), MAKS_VOLUME)
        if norma_baru is not None:
            _cek_angka(norma_baru, _("Norma waktu baru"), MAKS_NORMA)
    with transaction.atomic():
        if tugas is None:
            obj, _c = SkenarioAbk.objects.update_or_create(
                skenario=skenario, unit=unit, jabatan=jabatan, tugas=None,
                defaults={"kebutuhan_baru": kebutuhan_baru})
        else:
            obj, _c = SkenarioAbk.objects.update_or_create(
                skenario=skenario, tugas=tugas,
                defaults={"unit": unit, "jabatan": jabatan, "volume_baru": volume_baru,
                          "norma_baru": norma_baru, "kebutuhan_baru": None})
            baru = perubahan_abk(skenario).kebutuhan.get((unit.pk, jabatan.pk), 0)
            if baru > MAKS_KEBUTUHAN:
                raise PerencanaError(_(
                    "Perubahan ini membuat kebutuhan %(j)s di %(u)s menjadi %(n)s pegawai "
                    "(paling banyak %(m)s). Periksa volume dan norma waktu.")
                    % {**label, "n": f"{baru:,}".replace(",", "."),
                       "m": f"{MAKS_KEBUTUHAN:,}".replace(",", ".")})
        Skenario.objects.filter(pk=skenario.pk).update(diubah=timezone.now())
    return obj


def _cek_angka(nilai, nama, maks):
    if nilai < 0:
        raise PerencanaError(_("%(n)s tidak boleh negatif.") % {"n": nama})
    if nilai > maks:
        raise PerencanaError(_("%(n)s paling banyak %(m)s.")
                             % {"n": nama, "m": f"{maks:,}".replace(",", ".")})


def skenario_abk_hapus(*, skenario: Skenario, abk_id) -> None:
    deleted, _d = SkenarioAbk.objects.filter(skenario=skenario, pk=abk_id).delete()
    if not deleted:
        raise PerencanaError(_("Perubahan ABK itu tidak ada di skenario ini."))
    Skenario.objects.filter(pk=skenario.pk).update(diubah=timezone.now())


# --- what-if evaluation ----------------------------------------------------------------------


@dataclass(frozen=True)
class HasilPindah:
    """One move's eligibility, evaluated in scenario order."""

    pindah_id: int
    gagal: tuple[str, ...]  # rule codes (eligibility.ATURAN)
    peringatan: tuple[str, ...] = ()  # "rumpun": field of study differs (competence)

    @property
    def layak(self):
        return not self.gagal

    @property
    def gagal_label(self):
        return [str(ATURAN.get(k, k)) for k in self.gagal]


@dataclass
class BarisTabel:
    """Before/after figures of a unit or a jabatan touched by the scenario."""

    id: int
    kebutuhan_sebelum: int
    kebutuhan_sesudah: int
    bezetting_sebelum: int
    bezetting_sesudah: int
    lebih_sebelum: int = 0
    lebih_sesudah: int = 0
    kurang_sebelum: int = 0
    kurang_sesudah: int = 0
    eu_sebelum: Decimal | None = None
    eu_sesudah: Decimal | None = None
    nama: str = ""  # filled by the page

    @property
    def selisih_sebelum(self):
        return self.bezetting_sebelum - self.kebutuhan_sebelum

    @property
    def selisih_sesudah(self):
        return self.bezetting_sesudah - self.kebutuhan_sesudah


@dataclass
class BarisAbk:
    """One ABK change of the scenario with the need and EJ of its (unit, jabatan) before and
    after (after: the scenario's ABK changes and moves applied)."""

    id: int
    unit_id: int
    jabatan_id: int
    kebutuhan_sebelum: int
    kebutuhan_sesudah: int
    ej_sebelum: Decimal | None
    ej_sesudah: Decimal | None
    tugas_id: int | None = None
    uraian: str = ""
    volume_lama: Decimal | None = None
    volume_baru: Decimal | None = None
    norma_lama: Decimal | None = None
    norma_baru: Decimal | None = None
    satuan_norma: str = ""
    periode_volume: str = ""
    unit: str = ""  # filled by the page
    jabatan: str = ""

    @property
    def jenis(self):
        return "tugas" if self.tugas_id else "kebutuhan"


@dataclass
class Evaluasi:
    indeks_sebelum: keseimbangan.IndeksPemda
    indeks_sesudah: keseimbangan.IndeksPemda
    per_unit: list[BarisTabel]
    per_jabatan: list[BarisTabel]
    pindah: dict[int, HasilPindah] = field(default_factory=dict)
    jumlah_pindah: int = 0
    abk: list[BarisAbk] = field(default_factory=list)

    @property
    def jumlah_layak(self):
        return sum(h.layak for h in self.pindah.values())


_CTX = Context(prec=40)


def _skor(ketidakseimbangan, scale) -> Decimal:
    """keseimbangan.indeks_pemda's score formula, in the same precision."""
    with localcontext(_CTX):
        skor = (Decimal(100) * (1 - Decimal(ketidakseimbangan) / scale) if scale
                else Decimal(100))
        return min(Decimal(100), max(Decimal(0), skor))


def _lebih():
    return Sum(Case(When(selisih__gt=0, then=F("selisih")), default=Value(0),
                    output_field=IntegerField()))


def _kurang():
    return Sum(Case(When(selisih__lt=0, then=-F("selisih")), default=Value(0),
                    output_field=IntegerField()))


def _indeks(per_jabatan, per_unit, settings) -> keseimbangan.IndeksPemda:
    """The Pemda index from per-jabatan totals {j: (keb, bez, lebih, kurang)} and per-unit
    sums {u: (beban, keb, bez)}. The EU figures come from `keseimbangan.indeks_pemda` over
    one row per unit (the same unit sums it forms itself); the rest are sums of the
    per-jabatan totals."""
    unit_rows = [keseimbangan.BarisJabatan(u, 0, max(0, k), max(0, b), beban)
                 for u, (beban, k, b) in per_unit.items()]
    eu = keseimbangan.indeks_pemda(unit_rows, settings)
    keb = sum(v[0] for v in per_jabatan.values())
    bez = sum(v[1] for v in per_jabatan.values())
    lebih = sum(v[2] for v in per_jabatan.values())
    kurang = sum(v[3] for v in per_jabatan.values())
    return dataclasses.replace(
        eu, ketidakseimbangan=lebih + kurang,
        pindah_diperlukan=sum(min(v[2], v[3]) for v in per_jabatan.values()),
        total_kelebihan=lebih, total_kekurangan=kurang, total_kebutuhan=keb,
        total_bezetting=bez, skor=_skor(lebih + kurang, keb + bez))


def _agregat(periode):
    """Per-jabatan [kebutuhan, bezetting, kelebihan, kekurangan] and per-unit [beban,
    kebutuhan, bezetting] sums of the periode's rows: two aggregate queries."""
    snap = SnapshotJabatan.objects.filter(periode=periode).order_by()
    pj = {r["jabatan_id"]: [r["k"] or 0, r["b"] or 0, r["l"] or 0, r["u"] or 0]
          for r in snap.values("jabatan_id").annotate(
              k=Sum("kebutuhan"), b=Sum("bezetting"), l=_lebih(), u=_kurang())}
    pu = {r["unit_id"]: [r["beban"] or Decimal(0), r["k"] or 0, r["b"] or 0]
          for r in snap.values("unit_id").annotate(
              beban=Sum("beban_menit"), k=Sum("kebutuhan"), b=Sum("bezetting"))}
    return pj, pu


def indeks_hari_ini(periode) -> keseimbangan.IndeksPemda:
    """The Pemda index of the periode's figures as they are."""
    pj, pu = _agregat(periode)
    return _indeks(pj, pu, periode.settings)


def evaluasi_skenario(skenario: Skenario, *, hari_ini: dt.date | None = None) -> Evaluasi:
    """What-if: the periode's figures with the scenario's ABK changes and moves applied in
    memory (moves in order; each checked against the state the earlier ones leave).

    Queries: moves, ABK changes, jabatan, per-jabatan and per-unit sums, the touched rows,
    the moved people: a fixed handful whatever the number of moves.
    """
    hari_ini = hari_ini or timezone.localdate()
    periode = skenario.periode
    moves = list(SkenarioPindah.objects.filter(skenario=skenario).order_by("urutan", "id")
                 .values_list("id", "pegawai_id", "dari_unit_id", "dari_jabatan_id",
                              "ke_unit_id", "ke_jabatan_id"))
    settings = periode.settings
    ubah_abk = perubahan_abk(skenario, settings)
    perubahan = list(ubah_abk.kebutuhan.items())
    jabatan = data.muat_jabatan()
    snap = SnapshotJabatan.objects.filter(periode=periode).order_by()
    pj, pu = _agregat(periode)
    # A horizon scenario is evaluated at its horizon: retirements leave first.
    pensiun = (data.pensiun_sebelum(skenario.tahun_horizon, jabatan)
               if skenario.tahun_horizon else {})

    pairs = {key for key, _k in perubahan} | set(pensiun)
    for _id, _p, du, dj, ku, kj in moves:
        pairs |= {(du, dj), (ku, kj)}
    units_t = {u for u, _j in pairs}
    jab_t = {j for _u, j in pairs}
    rows = {}
    beban_snap = {}
    if pairs:
        for u, j, k, b, bm in snap.filter(unit_id__in=units_t, jabatan_id__in=jab_t
                                          ).values_list("unit_id", "jabatan_id", "kebutuhan",
                                                        "bezetting", "beban_menit"):
            if (u, j) in pairs:
                rows[(u, j)] = [k, b]
                beban_snap[(u, j)] = bm

    def ubah(key, dk=0, db=0, k_baru=None, dbeban=0):
        row = rows.setdefault(key, [0, 0])
        u, j = key
        k0, b0 = row
        k1 = k_baru if k_baru is not None else k0 + dk
        b1 = max(0, b0 + db)
        row[0], row[1] = k1, b1
        tj = pj.setdefault(j, [0, 0, 0, 0])
        tj[0] += k1 - k0
        tj[1] += b1 - b0
        tj[2] += max(b1 - k1, 0) - max(b0 - k0, 0)
        tj[3] += max(k1 - b1, 0) - max(k0 - b0, 0)
        tu = pu.setdefault(u, [Decimal(0), 0, 0])
        tu[0] += dbeban
        tu[1] += k1 - k0
        tu[2] += b1 - b0

    for key, ids in pensiun.items():
        if key in rows:  # as data.muat_input: only rows of the ABK figures
            ubah(key, db=-len(ids))
    sebelum_j = {j: tuple(v) for j, v in pj.items()}
    sebelum_u = {u: tuple(v) for u, v in pu.items()}
    indeks_sebelum = _indeks(sebelum_j, sebelum_u, settings)
    awal = {key: tuple(v) for key, v in rows.items()}
    # The tables show what the scenario's own moves and ABK changes touch.
    tampil = {key for key, _k in perubahan}
    for _id, _p, du, dj, ku, kj in moves:
        tampil |= {(du, dj), (ku, kj)}
    units_t = {u for u, _j in tampil}
    jab_t = {j for _u, j in tampil}
    dbeban = {key: b1 - b0 for key, (b0, b1) in ubah_abk.beban.items()}
    for key, k in perubahan:
        ubah(key, k_baru=k, dbeban=dbeban.get(key, 0))
    kode = data.kode_aturan()
    orang = {p.id: p for p in data.muat_orang(Pegawai.objects.filter(
        id__in={m[1] for m in moves}))} if moves else {}
    hasil = {}
    for pid, peg_id, du, dj, ku, kj in moves:
        p = orang.get(peg_id)
        gagal, peringatan = [], []
        if p is not None:
            gagal += data.gagal_pribadi(p, jabatan[p.jabatan_id], hari_ini, kode)
            if "pendidikan" in kode and data.gagal_pendidikan(p, jabatan[kj]):
                gagal.append("pendidikan")
            if "rumpun" in data.tidak_kompeten(p, jabatan[kj]):
                peringatan.append("rumpun")
        if "kebutuhan_tujuan" in kode:
            k, b = rows.get((ku, kj), (0, 0))
            if b - k >= 0:
                gagal.append("kebutuhan_tujuan")
        hasil[pid] = HasilPindah(pid, tuple(c for c in ATURAN if c in gagal),
                                 tuple(peringatan))
        ubah((du, dj), db=-1)
        ubah((ku, kj), db=+1)
    indeks_sesudah = _indeks(pj, pu, settings)

    def eu(beban, bez):
        if not bez:
            return None
        with localcontext(_CTX):
            return abk.round4(beban / (bez * settings.wke_menit))

    def ej(key, b, d=0):
        bm = beban_snap.get(key)
        if bm is None or not b:
            return None
        with localcontext(_CTX):
            return abk.round4((bm + d) / (b * settings.wke_menit))

    baris_abk = []
    for (aid, u, j, _kb, tid, vol1, nor1, uraian, vol0, nor0, sat, pv) in ubah_abk.baris:
        key = (u, j)
        k0, b0 = awal.get(key, (0, 0))
        k1, b1 = rows.get(key, (0, 0))
        baris_abk.append(BarisAbk(
            aid, u, j, k0, k1, ej(key, b0), ej(key, b1, dbeban.get(key, 0)), tid,
            uraian or "", vol0, vol1, nor0, nor1, sat or "", pv or ""))

    per_unit = []
    for u in sorted(units_t):
        s0 = sebelum_u.get(u, (Decimal(0), 0, 0))
        s1 = pu[u]
        per_unit.append(BarisTabel(
            u, s0[1], s1[1], s0[2], s1[2],
            lebih_sebelum=sum(max(b - k, 0) for (uu, _j), (k, b) in awal.items() if uu == u),
            lebih_sesudah=sum(max(b - k, 0) for (uu, _j), (k, b) in rows.items() if uu == u),
            kurang_sebelum=sum(max(k - b, 0) for (uu, _j), (k, b) in awal.items() if uu == u),
            kurang_sesudah=sum(max(k - b, 0) for (uu, _j), (k, b) in rows.items() if uu == u),
            eu_sebelum=eu(s0[0], s0[2]), eu_sesudah=eu(s1[0], s1[2])))
    per_jabatan = []
    for j in sorted(jab_t):
        s0 = sebelum_j.get(j, (0, 0, 0, 0))
        s1 = pj[j]
        per_jabatan.append(BarisTabel(j, s0[0], s1[0], s0[1], s1[1], s0[2], s1[2], s0[3],
                                      s1[3]))
    return Evaluasi(indeks_sebelum, indeks_sesudah, per_unit, per_jabatan, hasil, len(moves),
                    baris_abk)


# --- stale moves -------------------------------------------------------------------------


@dataclass
class Basi:
    aturan_berubah: bool
    pindah: dict[int, list[str]]  # move id → reason codes (LABEL_BASI)

    @property
    def ada(self):
        return self.aturan_berubah or bool(self.pindah)


def skenario_basi(skenario: Skenario, *, hari_ini: dt.date | None = None) -> Basi:
    """Which moves went stale since the scenario was made, and why (LABEL_BASI codes)."""
    hari_ini = hari_ini or timezone.localdate()
    moves = list(SkenarioPindah.objects.filter(skenario=skenario).order_by("urutan", "id")
                 .values_list("id", "pegawai_id", "dari_unit_id", "dari_jabatan_id",
                              "ke_unit_id", "ke_jabatan_id", "permohonan_id"))
    out: dict[int, list[str]] = defaultdict(list)
    if moves:
        jabatan = data.muat_jabatan()
        kode = data.kode_aturan()
        orang = {p.id: p for p in data.muat_orang(
            Pegawai.objects.filter(id__in={m[1] for m in moves}))}
        aktif = set(PermohonanMutasi.objects.filter(
            pegawai_id__in=orang, status__in=STATUS_AKTIF).values_list("pegawai_id", flat=True))
        dari_skenario = {m[6] for m in moves if m[6]}
        aktif -= set(PermohonanMutasi.objects.filter(pk__in=dari_skenario).values_list(
            "pegawai_id", flat=True))
        perubahan = perubahan_abk(skenario).kebutuhan
        tujuan = Counter((m[4], m[5]) for m in moves if not m[6])
        kurang = {}
        units = {u for u, _j in tujuan}
        jabs = {j for _u, j in tujuan}
        pensiun = (data.pensiun_sebelum(skenario.tahun_horizon, jabatan)
                   if skenario.tahun_horizon else {})
        for u, j, k, b in SnapshotJabatan.objects.filter(
                periode=skenario.periode, unit_id__in=units, jabatan_id__in=jabs
        ).values_list("unit_id", "jabatan_id", "kebutuhan", "bezetting"):
            b = max(0, b - len(pensiun.get((u, j), ())))
            kurang[(u, j)] = max(0, perubahan.get((u, j), k) - b)
        dipakai = Counter()
        for mid, peg_id, du, dj, ku, kj, perm in moves:
            if perm:
                continue  # already a request: the workflow checks it from here
            p = orang.get(peg_id)
            if p is None or not p.aktif:
                out[mid].append("tidak_aktif")
                continue
            if (p.unit_id, p.jabatan_id) != (du, dj):
                out[mid].append("sudah_pindah")
            if data.gagal_pribadi(p, jabatan[p.jabatan_id], hari_ini, kode) or (
                    "pendidikan" in kode and data.gagal_pendidikan(p, jabatan[kj])):
                out[mid].append("tidak_layak")
            if peg_id in aktif:
                out[mid].append("permohonan_aktif")
            dipakai[(ku, kj)] += 1
            if dipakai[(ku, kj)] > kurang.get((ku, kj), 0):
                out[mid].append("tujuan_tidak_kurang")
    berubah = bool(skenario.aturan) and skenario.aturan != data.jejak_aturan()
    return Basi(aturan_berubah=berubah, pindah=dict(out))


# --- compare -------------------------------------------------------------------------------


def bandingkan_skenario(a: Skenario, b: Skenario) -> dict:
    """Two scenarios and today (the figures of the first one's periode as they are):
    {"hari_ini": IndeksPemda, "a": Evaluasi, "b": Evaluasi}."""
    ea, eb = evaluasi_skenario(a), evaluasi_skenario(b)
    return {"hari_ini": indeks_hari_ini(a.periode), "a": ea, "b": eb}


# --- from a scenario to requests -----------------------------------------------------------


def skenario_ke_permohonan(skenario: Skenario, pindah_ids, aktor, alasan_pengecualian=None
                           ) -> list[PermohonanMutasi]:
    """Turn the chosen moves into draft organisational-need requests in one transaction.

    Each request goes through `services.permohonan_create` and its eligibility
    (`kelayakan_permohonan`). A failed rule refuses the whole batch with one line per move,
    unless BKD gave a written reason: then the failed rules are excepted with it
    (`services.permohonan_override`, recorded in the request's history).
    """
    alasan_pengecualian = (alasan_pengecualian or "").strip()
    ids = list(dict.fromkeys(int(i) for i in pindah_ids))
    if not ids:
        raise PerencanaError(_("Pilih sedikitnya satu pindah."))
    moves = list(SkenarioPindah.objects.filter(skenario=skenario, pk__in=ids)
                 .select_related("pegawai", "pegawai__unit", "pegawai__jabatan", "ke_unit",
                                 "ke_jabatan", "dari_unit").order_by("urutan", "id"))
    if len(moves) != len(ids):
        raise PerencanaError(_("Sebagian pindah yang dipilih tidak ada di skenario ini."))
    rincian, dibuat = [], []
    with transaction.atomic():
        for m in moves:
            peg = m.pegawai
            label = f"{peg.nama_lengkap} ({peg.nip}) → {m.ke_unit} / {m.ke_jabatan}"
            if m.permohonan_id:
                rincian.append(_("%(l)s: sudah menjadi permohonan #%(id)s.")
                               % {"l": label, "id": m.permohonan_id})
                continue
            if not peg.aktif or (peg.unit_id, peg.jabatan_id) != (m.dari_unit_id,
                                                                   m.dari_jabatan_id):
                rincian.append(_("%(l)s: pegawai sudah tidak di unit/jabatan asal atau "
                                 "tidak aktif (skenario basi).") % {"l": label})
                continue
            try:
                p = services.permohonan_create(
                    pegawai=peg, aktor=aktor, unit_tujuan=m.ke_unit,
                    jabatan_tujuan=m.ke_jabatan, alasan=Alasan.PEMERATAAN_BEBAN_KERJA,
                    asal_permohonan=AsalPermohonan.KEBUTUHAN_ORGANISASI,
                    justifikasi=_("Kebutuhan organisasi menurut skenario perencanaan "
                                  "\u201c%(s)s\u201d: %(asal)s kelebihan dan %(tujuan)s "
                                  "kekurangan pegawai pada jabatan ini.")
                    % {"s": skenario.nama, "asal": m.dari_unit, "tujuan": m.ke_unit})
            except services.PermohonanError as e:
                rincian.append(f"{label}: {e}")
                continue
            gagal = kelayakan_permohonan(p).gagal
            if gagal and not alasan_pengecualian:
                rincian.append(_("%(l)s: %(g)s.") % {"l": label, "g": "; ".join(
                    f"{h.label}: {h.pesan}" for h in gagal)})
                continue
            if gagal:
                p = services.permohonan_override(
                    permohonan=p, aktor=aktor, aturan=[h.kode for h in gagal],
                    alasan=alasan_pengecualian)
            SkenarioPindah.objects.filter(pk=m.pk).update(permohonan=p)
            dibuat.append(p)
        if rincian:
            raise PerencanaError(
                _("Tidak ada permohonan yang dibuat: %(n)s dari %(t)s pindah tidak dapat "
                  "diajukan. Perbaiki skenario, atau tulis alasan pengecualian bila "
                  "memang dibenarkan.") % {"n": len(rincian), "t": len(moves)}, rincian)
    return dibuat
