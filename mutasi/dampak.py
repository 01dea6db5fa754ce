"""What a transfer does to the workload balance: the one adapter between mutasi and ABK.

Figures come live from the database through `bebankerja.selectors.abk_langsung` (the
tasks of the active periode and the active staff of the two units), the same reader the
recompute uses; every formula is `bebankerja.abk`. Without an active periode, or
without tasks for a unit, need/gap/grade are unknown (None) and a warning says so.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from bebankerja import abk, keseimbangan, selectors


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
    indeks_sebelum: keseimbangan.IndeksPemda | None = None
    indeks_sesudah: keseimbangan.IndeksPemda | None = None
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


def _pindah(rows, dari, ke):
    """Rows after moving one person from `dari` to `ke` (with keseimbangan.simulasi_pindah)."""
    if dari == ke:
        return list(rows)
    if not any(r.kunci == dari and r.bezetting > 0 for r in rows):
        # The employee is not counted at the origin (inactive record): count them there
        # first, so that the move only adds them at the destination.
        if any(r.kunci == dari for r in rows):
            rows = [dataclasses.replace(r, bezetting=1) if r.kunci == dari else r for r in rows]
        else:
            rows = [*rows, keseimbangan.BarisJabatan(dari[0], dari[1], 0, 1)]
    return keseimbangan.simulasi_pindah(rows, dari=dari, ke=ke)


def _angka_jabatan(rows, key, settings, ada_abk):
    row = next((r for r in rows if r.kunci == key), None)
    bez = row.bezetting if row else 0
    if not ada_abk:
        return Angka(None, bez, None, None, None)
    beban = row.beban_menit if row else Decimal(0)
    kebutuhan = row.kebutuhan if row else 0
    ej = abk.efisiensi(beban, bez, settings)
    return Angka(kebutuhan, bez, bez - kebutuhan, ej, abk.grade_for(ej, settings.bands))


def _angka_unit(rows, unit_id, settings, ada_abk):
    di_unit = [r for r in rows if r.unit_id == unit_id]
    hasil = keseimbangan.rekap_unit(di_unit, settings).get(unit_id)
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
    periode = selectors.periode_aktif()
    unit_ids = {pegawai.unit_id, unit_tujuan.pk}
    langsung = selectors.abk_langsung(periode=periode, unit_ids=unit_ids)
    settings = langsung.settings
    ada_abk = {u: langsung.ada_tugas(u) for u in unit_ids}
    rows = langsung.baris()
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
        semua = selectors.abk_langsung(periode=periode).baris()
        hasil.indeks_sebelum = keseimbangan.indeks_pemda(semua, settings)
        hasil.indeks_sesudah = keseimbangan.indeks_pemda(_pindah(semua, dari, ke), settings)
    hasil.peringatan = _peringatan(hasil, periode, unit_asal, unit_tujuan)
    if jabatan_tujuan.kelas < pegawai.jabatan.kelas:
        # Every reviewer sees it: a move to a lower kelas lowers the allowance.
        hasil.peringatan.append(
            _("Kelas jabatan turun dari %(a)s (%(ja)s) ke %(b)s (%(jb)s).")
            % {"a": pegawai.jabatan.kelas, "ja": pegawai.jabatan.nama,
               "b": jabatan_tujuan.kelas, "jb": jabatan_tujuan.nama})
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
