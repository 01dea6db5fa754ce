"""What a transfer does to the workload balance: the one adapter between mutasi and ABK.

Figures come live from the database: tasks (`bebankerja.models.TugasJabatan`) of the
active `PeriodeAbk` and bezetting counted from active `Pegawai`; the arithmetic is the
pure module `bebankerja.abk`, the same the dashboard uses. Without an active periode, or
without tasks for a unit, need/gap/grade are unknown (None) and a warning says so.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from bebankerja import abk
from bebankerja.models import PeriodeAbk, TugasJabatan
from pegawai.models import Pegawai


@dataclass(frozen=True)
class Angka:
    """Need, staff, gap, efficiency (EJ or EU) and grade of one post or unit."""

    kebutuhan: int | None
    bezetting: int
    selisih: int | None
    efisiensi: Decimal | None
    grade: str | None

    @property
    def efisiensi_tampil(self):
        return abk.round4(self.efisiensi)


@dataclass(frozen=True)
class Perubahan:
    """One post or unit before and after the move."""

    label: str
    sebelum: Angka
    sesudah: Angka

    @property
    def membuka_kekurangan(self):
        a, b = self.sebelum.selisih, self.sesudah.selisih
        return a is not None and b is not None and a >= 0 > b

    @property
    def menambah_kekurangan(self):
        a, b = self.sebelum.selisih, self.sesudah.selisih
        return a is not None and b is not None and 0 > a > b


@dataclass
class Dampak:
    """The impact preview of moving one employee (docs/mutasi.md, "Dampak")."""

    periode: int | None
    jabatan_asal: Perubahan
    jabatan_tujuan: Perubahan
    unit_asal: Perubahan
    unit_tujuan: Perubahan
    ada_abk_asal: bool
    ada_abk_tujuan: bool
    indeks_sebelum: abk.IndeksPemda | None = None
    indeks_sesudah: abk.IndeksPemda | None = None
    peringatan: list[str] = field(default_factory=list)

    @property
    def tujuan_kekurangan(self):
        """True/False whether the receiving post lacks staff now; None without ABK data."""
        s = self.jabatan_tujuan.sebelum.selisih
        return None if s is None or not self.ada_abk_tujuan else s < 0

    @property
    def perubahan(self):
        return [self.jabatan_asal, self.jabatan_tujuan, self.unit_asal, self.unit_tujuan]

    @property
    def skor_delta(self):
        """Change of the Pemda balance score (positive = better); None without ABK."""
        if self.indeks_sebelum is None or self.indeks_sesudah is None:
            return None
        return abk.round4(self.indeks_sesudah.skor - self.indeks_sebelum.skor)


def _periode_aktif():
    return PeriodeAbk.objects.filter(aktif=True).first()


def _tugas(periode, unit_ids=None):
    """{(unit_id, jabatan_id): [beban_menit, ...]} of the periode's tasks."""
    qs = TugasJabatan.objects.filter(periode=periode)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    out = defaultdict(list)
    for unit_id, jabatan_id, beban in qs.values_list("unit_id", "jabatan_id", "beban_menit"):
        out[(unit_id, jabatan_id)].append(beban)
    return out


def _bezetting(unit_ids=None):
    """{(unit_id, jabatan_id): count of active employees}."""
    qs = Pegawai.objects.filter(aktif=True)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return {
        (r["unit_id"], r["jabatan_id"]): r["n"]
        for r in qs.values("unit_id", "jabatan_id").annotate(n=Count("id")).order_by()
    }


def _rows(tugas, bezetting, settings):
    """Peta jabatan rows (abk.BarisJabatan) for every (unit, jabatan) with tasks or staff."""
    rows = []
    for key in sorted(set(tugas) | set(bezetting)):
        bebans = tugas.get(key, [])
        hasil = abk.hitung_jabatan_dari_beban(
            sum(bebans, Decimal(0)),
            bezetting.get(key, 0),
            settings,
            kebutuhan_tugas_ceil_sum=abk.sum_ceil_tugas(
                [abk.Tugas(volume=b, norma_menit=1) for b in bebans], settings
            ),
        )
        rows.append(abk.BarisJabatan.dari_hasil(key[0], key[1], hasil))
    return rows


def _pindah(rows, dari, ke):
    """Rows after moving one person from `dari` to `ke` (with abk.simulasi_pindah)."""
    if dari == ke:
        return list(rows)
    if not any(r.kunci == dari and r.bezetting > 0 for r in rows):
        # The employee is not counted at the origin (inactive record): count them there
        # first, so that the move only adds them at the destination.
        if any(r.kunci == dari for r in rows):
            rows = [dataclasses.replace(r, bezetting=1) if r.kunci == dari else r for r in rows]
        else:
            rows = [*rows, abk.BarisJabatan(dari[0], dari[1], 0, 1)]
    return abk.simulasi_pindah(rows, dari=dari, ke=ke)


def _angka_jabatan(rows, key, settings, ada_abk):
    row = next((r for r in rows if r.kunci == key), None)
    bez = row.bezetting if row else 0
    if not ada_abk:
        return Angka(None, bez, None, None, None)
    beban = row.beban_menit if row else Decimal(0)
    kebutuhan = row.kebutuhan if row else 0
    ej = beban / (bez * settings.wke_menit) if bez else None
    return Angka(kebutuhan, bez, bez - kebutuhan, ej, abk.grade_for(ej, settings.bands))


def _angka_unit(rows, unit_id, settings, ada_abk):
    hasil = abk.rekap_unit([r for r in rows if r.unit_id == unit_id], settings).get(unit_id)
    if hasil is None:
        return Angka(0 if ada_abk else None, 0, 0 if ada_abk else None, None, None)
    if not ada_abk:
        return Angka(None, hasil.bezetting, None, None, None)
    return Angka(hasil.kebutuhan, hasil.bezetting, hasil.selisih, hasil.eu, hasil.grade)


def dampak_pindah(*, pegawai, unit_tujuan, jabatan_tujuan, dengan_indeks=False):
    """Before/after figures of moving `pegawai` to `jabatan_tujuan` in `unit_tujuan`.

    For the position in the origin and in the receiving unit, and for both units; with
    `dengan_indeks` also the Pemda balance index before and after (reads every task of the
    periode: for a detail page, not for a list).
    """
    periode = _periode_aktif()
    settings = periode.settings if periode else abk.DEFAULT_SETTINGS
    unit_ids = {pegawai.unit_id, unit_tujuan.pk}
    tugas = _tugas(periode, unit_ids) if periode else {}
    ada_abk = {u: any(k[0] == u for k in tugas) for u in unit_ids}
    rows = _rows(tugas, _bezetting(unit_ids), settings)
    dari = (pegawai.unit_id, pegawai.jabatan_id)
    ke = (unit_tujuan.pk, jabatan_tujuan.pk)
    sesudah = _pindah(rows, dari, ke)

    def jab(key, label):
        a = ada_abk[key[0]]
        return Perubahan(
            label,
            _angka_jabatan(rows, key, settings, a),
            _angka_jabatan(sesudah, key, settings, a),
        )

    def unit(unit_id, label):
        a = ada_abk[unit_id]
        return Perubahan(
            label,
            _angka_unit(rows, unit_id, settings, a),
            _angka_unit(sesudah, unit_id, settings, a),
        )

    unit_asal = pegawai.unit
    hasil = Dampak(
        periode=periode.tahun if periode else None,
        jabatan_asal=jab(dari, f"{pegawai.jabatan.nama} — {unit_asal.nama}"),
        jabatan_tujuan=jab(ke, f"{jabatan_tujuan.nama} — {unit_tujuan.nama}"),
        unit_asal=unit(unit_asal.pk, unit_asal.nama),
        unit_tujuan=unit(unit_tujuan.pk, unit_tujuan.nama),
        ada_abk_asal=ada_abk[unit_asal.pk],
        ada_abk_tujuan=ada_abk[unit_tujuan.pk],
    )
    if dengan_indeks and periode and any(ada_abk.values()):
        semua = _rows(_tugas(periode), _bezetting(), settings)
        hasil.indeks_sebelum = abk.indeks_pemda(semua, settings)
        hasil.indeks_sesudah = abk.indeks_pemda(_pindah(semua, dari, ke), settings)
    hasil.peringatan = _peringatan(hasil, periode, unit_asal, unit_tujuan)
    return hasil


def _peringatan(d, periode, unit_asal, unit_tujuan):
    out = []
    if periode is None:
        out.append(_("Data ABK belum tersedia: belum ada periode ABK yang aktif."))
    else:
        for ada, unit in ((d.ada_abk_asal, unit_asal), (d.ada_abk_tujuan, unit_tujuan)):
            if not ada:
                out.append(
                    _("Data ABK belum tersedia untuk %(unit)s pada periode %(tahun)s.")
                    % {"unit": unit.nama, "tahun": periode.tahun}
                )
    for p in d.perubahan:
        a, b = p.sebelum.selisih, p.sesudah.selisih
        if p.membuka_kekurangan:
            out.append(
                _("Mutasi ini membuka kekurangan pegawai pada %(label)s "
                  "(selisih %(a)+d → %(b)+d).")
                % {"label": p.label, "a": a, "b": b}
            )
        elif p.menambah_kekurangan:
            out.append(
                _("Mutasi ini menambah kekurangan pegawai pada %(label)s "
                  "(selisih %(a)+d → %(b)+d).")
                % {"label": p.label, "a": a, "b": b}
            )
    return out
