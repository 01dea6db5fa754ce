"""The workflow of a transfer request: its transition table, the engine, every transition.

`TRANSISI` says, for each action, the states it starts from, the state it leads to, who
may take it (a predicate of `access`), the checks it runs first and what follows it: the
`sesudah` hooks run in the same transaction once the action won (the units marked for
recompute on approval, the employee moved on the TMT), the `setelah_commit` hooks after
commit (the e-mail). The engine, `jalankan`, knows no action by name.

Each transition is a conditional UPDATE (`filter(pk=..., status=FROM).update(...)`) inside
`transaction.atomic` that writes exactly one `RiwayatPermohonan` row; 0 rows updated means
someone else acted first. The decree (`terbitkan_sk`) and the TMT (`berlaku`) are rows of
the table like the others; their services, which act on a batch and on a date, are in
`keputusan.py` (`sk_issue`, `permohonan_berlaku`, `permohonan_apply_tmt`).

Imports: this module builds on `access`, `models`, `eligibility` and `uploads`;
`keputusan`, services, views, notifications and tasks build on it, never the other way.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bebankerja.outbox import units_mark_dirty
from pegawai.services import pegawai_pindah

from . import access, tasks, uploads
from .eligibility import kelayakan_permohonan
from .models import (
    TEKS_MAKS,
    AlasanKeberatan,
    AsalPermohonan,
    PermohonanMutasi,
    RiwayatPermohonan,
    Status,
    SuratKeputusan,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
    from django_stubs_ext import StrOrPromise

    # Whoever asks which actions they may take (a request's user); an action's actor is an
    # account (`User`), or None for the system.
    Pengguna = AbstractBaseUser | AnonymousUser

log = logging.getLogger(__name__)

SUDAH_DIPROSES = gettext_lazy(
    "Permohonan sudah diproses oleh pengguna lain; muat ulang halaman untuk melihat "
    "statusnya sekarang."
)


class PermohonanError(Exception):
    """A refused action that the user can understand and fix (shown as a message)."""


class BukanWewenang(PermissionDenied):
    """The user may see the request but may not take this action (403)."""


# --- what runs around a step (named in the table) ----------------------------------------


def cek_atas_permintaan_sendiri(p: PermohonanMutasi) -> None:
    """`submit` is for a request at the employee's own wish; organisational need goes to the
    employee first (`kirim_pegawai`)."""
    if p.asal_permohonan == AsalPermohonan.KEBUTUHAN_ORGANISASI:
        raise PermohonanError(_("Usulan mutasi kebutuhan organisasi dikirim dulu ke pegawai "
                                "yang bersangkutan untuk ditanggapi."))


def cek_kebutuhan_organisasi(p: PermohonanMutasi) -> None:
    if p.asal_permohonan != AsalPermohonan.KEBUTUHAN_ORGANISASI:
        raise PermohonanError(_("Hanya usulan kebutuhan organisasi yang dikirim ke pegawai "
                                "untuk ditanggapi."))


def cek_siap_diajukan(p: PermohonanMutasi) -> None:
    """Documents complete and every applicable rule passed or excepted."""
    kurang = uploads.dokumen_kurang(p)
    gagal = kelayakan_permohonan(p).gagal
    pesan = []
    if kurang:
        pesan.append(_("dokumen belum diunggah: %(daftar)s") % {"daftar": ", ".join(kurang)})
    if gagal:
        pesan.append(
            _("syarat belum terpenuhi: %(daftar)s")
            % {"daftar": "; ".join(f"{h.label}: {h.pesan}" for h in gagal)}
        )
    if pesan:
        raise PermohonanError(
            _("Permohonan #%(id)s belum dapat diajukan — %(pesan)s.")
            % {"id": p.pk, "pesan": " — ".join(pesan)}
        )


def cek_masih_layak(p: PermohonanMutasi) -> None:
    """Every rule still passes (or is excepted) at BKD's decision."""
    gagal = kelayakan_permohonan(p).gagal
    if gagal:
        raise PermohonanError(
            _("Permohonan #%(id)s tidak dapat disetujui: %(daftar)s. Kecualikan aturan itu "
              "dengan alasan tertulis bila memang dibenarkan.")
            % {"id": p.pk, "daftar": "; ".join(f"{h.label}: {h.pesan}" for h in gagal)}
        )


def tandai_unit_berubah(p: PermohonanMutasi) -> None:
    """Mark both units for the ABK recompute, in the approval's transaction.

    Marks (not tasks): the recompute picks them up after commit, or the reconciliation
    does if the broker was down.
    """
    units_mark_dirty(unit_ids=[p.unit_asal_id, p.unit_tujuan_id])


def pindahkan_pegawai(p: PermohonanMutasi) -> None:
    """Move the employee to the new unit and post through pegawai's one move service, which
    writes the history of posts and marks the units (the one they actually left may differ
    from the frozen unit_asal: that one is marked too)."""
    if p.sk_id is None or p.tmt is None:  # the step's own check (`tmt_tiba`) came first
        raise PermohonanError(_("Permohonan #%(id)s belum memiliki SK dengan TMT.")
                              % {"id": p.pk})
    sk = SuratKeputusan.objects.get(pk=p.sk_id)
    pegawai_pindah(
        pegawai_id=p.pegawai_id, unit_id=p.unit_tujuan_id, jabatan_id=p.jabatan_tujuan_id,
        tmt=p.tmt, nomor_sk=sk.nomor, tanggal_sk=sk.tanggal,
        keterangan=_("Mutasi (permohonan #%(id)s)") % {"id": p.pk}, unit_lain=[p.unit_asal_id],
    )


def publish_notifikasi(permohonan_id: int, aksi: str) -> None:
    """Queue the e-mail about `aksi`; a broker that is down costs the mail, never the action."""
    try:
        tasks.kirim_notifikasi.apply_async(args=[permohonan_id, aksi], retry=False)
    except Exception:
        # The transition is committed and the in-app count shows what waits; only the
        # e-mail is lost, and it says so in the log.
        log.exception("Gagal mengantrekan notifikasi e-mail permohonan mutasi #%s (%s).",
                      permohonan_id, aksi)


def mengapa_bukan_pemutus(p: PermohonanMutasi, user: Any) -> str:
    """Why a BKD officer may not approve `p` (segregation of duties), or "" if no such reason."""
    if not access.is_bkd(user):
        return ""
    if access.empat_mata() and access.mengecualikan_aturan(p, user):
        return _("Anda sendiri mengecualikan aturan kelayakan pada permohonan #%(id)s, jadi "
                 "persetujuannya harus diberikan oleh staf BKD lain (prinsip empat mata).") \
            % {"id": p.pk}
    if access.terlibat(p, user):
        return _("Anda ikut membuat, mengajukan atau menyetujui permohonan #%(id)s di tahap "
                 "sebelumnya, jadi persetujuan BKD harus diberikan oleh staf BKD lain.") \
            % {"id": p.pk}
    return ""


# --- the transition table -------------------------------------------------------------------

Peran = Callable[[PermohonanMutasi, Any], bool]
Langkah = Callable[[PermohonanMutasi], None]
SetelahCommit = Callable[[int, str], None]


@dataclass(frozen=True)
class Transisi:
    dari: frozenset[str]
    ke: Status
    peran: Peran
    label: StrOrPromise
    catatan_wajib: bool = False
    konfirmasi: StrOrPromise = ""
    # Taken by the system (aktor None), never by a user: the TMT taking effect.
    sistem: bool = False
    # Checks in the transaction, before the conditional update (raise PermohonanError).
    syarat: tuple[Langkah, ...] = ()
    # In the same transaction, once this call has won the conditional update.
    sesudah: tuple[Langkah, ...] = ()
    # After commit, each on its own (`robust`): a failure never hides the next one.
    setelah_commit: tuple[SetelahCommit, ...] = ()
    # Who is told that it is their turn (notifikasi): "kepala_asal", "kepala_tujuan", "bkd".
    berikutnya: str = ""
    # Why `peran` refuses this user, when there is more to say than "not your role".
    mengapa_ditolak: Callable[[PermohonanMutasi, Any], str] | None = None


_DITINJAU = access.STATUS_DITINJAU
_KABARI = (publish_notifikasi,)

TRANSISI: dict[str, Transisi] = {
    "submit": Transisi(
        frozenset({Status.DRAFT}), Status.DIAJUKAN, access.adalah_pemohon_sendiri,
        gettext_lazy("Ajukan"), syarat=(cek_siap_diajukan, cek_atas_permintaan_sendiri),
        setelah_commit=_KABARI, berikutnya="kepala_asal",
    ),
    # Organisational need: BKD sends it to the employee named, who answers before any head
    # sees it (docs/mutasi.md, "Tanggapan pegawai").
    "kirim_pegawai": Transisi(
        frozenset({Status.DRAFT}), Status.MENUNGGU_PEGAWAI, access.adalah_pengusul_organisasi,
        gettext_lazy("Kirim ke pegawai untuk ditanggapi"),
        syarat=(cek_siap_diajukan, cek_kebutuhan_organisasi), setelah_commit=_KABARI,
        berikutnya="pegawai",
    ),
    "terima_pegawai": Transisi(
        frozenset({Status.MENUNGGU_PEGAWAI}), Status.DIAJUKAN, access.adalah_pegawai_diusulkan,
        gettext_lazy("Saya bersedia dipindahkan"),
        konfirmasi=gettext_lazy("Setelah Anda menyatakan bersedia, usulan diteruskan ke kepala "
                                "unit asal."),
        setelah_commit=_KABARI, berikutnya="kepala_asal",
    ),
    "keberatan": Transisi(
        frozenset({Status.MENUNGGU_PEGAWAI}), Status.KEBERATAN, access.adalah_pegawai_diusulkan,
        gettext_lazy("Ajukan keberatan"), catatan_wajib=True, setelah_commit=_KABARI,
        berikutnya="bkd",
    ),
    "lanjutkan": Transisi(
        frozenset({Status.KEBERATAN}), Status.DIAJUKAN, access.adalah_pengusul_organisasi,
        gettext_lazy("Lanjutkan meski ada keberatan (BKD)"), catatan_wajib=True,
        konfirmasi=gettext_lazy("Usulan diteruskan ke kepala unit asal walaupun pegawai "
                                "keberatan; alasan Anda dicatat di riwayat."),
        setelah_commit=_KABARI, berikutnya="kepala_asal",
    ),
    "resubmit": Transisi(
        frozenset({Status.DIKEMBALIKAN}), Status.DIAJUKAN, access.adalah_pemohon,
        gettext_lazy("Ajukan kembali"), syarat=(cek_siap_diajukan,), setelah_commit=_KABARI,
        berikutnya="kepala_asal",
    ),
    "withdraw": Transisi(
        frozenset({Status.DRAFT, Status.DIKEMBALIKAN, Status.MENUNGGU_PEGAWAI,
                   Status.KEBERATAN}) | _DITINJAU, Status.DITARIK,
        access.adalah_pemohon, gettext_lazy("Tarik permohonan"),
        konfirmasi=gettext_lazy("Permohonan yang ditarik tidak dapat diaktifkan lagi."),
        setelah_commit=_KABARI,
    ),
    "endorse": Transisi(
        frozenset({Status.DIAJUKAN}), Status.DISETUJUI_ASAL, access.adalah_kepala_asal,
        gettext_lazy("Setujui pelepasan (unit asal)"), setelah_commit=_KABARI,
        berikutnya="kepala_tujuan",
    ),
    "accept": Transisi(
        frozenset({Status.DISETUJUI_ASAL}), Status.DITERIMA_TUJUAN, access.adalah_kepala_tujuan,
        gettext_lazy("Terima (unit tujuan)"), setelah_commit=_KABARI, berikutnya="bkd",
    ),
    "approve": Transisi(
        frozenset({Status.DITERIMA_TUJUAN}), Status.DISETUJUI_BKD, access.adalah_bkd_pemutus,
        gettext_lazy("Setujui mutasi (BKD)"),
        konfirmasi=gettext_lazy("Persetujuan BKD tidak dapat dibatalkan dari aplikasi."),
        syarat=(cek_masih_layak,), sesudah=(tandai_unit_berubah,), setelah_commit=_KABARI,
        berikutnya="bkd",  # the decree is BKD's next step
        mengapa_ditolak=mengapa_bukan_pemutus,
    ),
    "refuse": Transisi(
        _DITINJAU, Status.DITOLAK, access.adalah_peninjau, gettext_lazy("Tolak"),
        catatan_wajib=True,
        konfirmasi=gettext_lazy("Permohonan yang ditolak selesai dan tidak dapat diajukan lagi."),
        setelah_commit=_KABARI,
    ),
    "return": Transisi(
        _DITINJAU, Status.DIKEMBALIKAN, access.adalah_peninjau,
        gettext_lazy("Kembalikan untuk perbaikan"), catatan_wajib=True, setelah_commit=_KABARI,
    ),
    # Through `sk_issue` (one decree for one or many requests), not a button.
    "terbitkan_sk": Transisi(
        frozenset({Status.DISETUJUI_BKD}), Status.SK_TERBIT, access.adalah_bkd,
        gettext_lazy("Terbitkan SK"), setelah_commit=_KABARI,
    ),
    "berlaku": Transisi(
        frozenset({Status.SK_TERBIT}), Status.BERLAKU, access.adalah_sistem,
        gettext_lazy("TMT berlaku (sistem)"), sistem=True, sesudah=(pindahkan_pegawai,),
        setelah_commit=_KABARI,
    ),
}
AKSI_LABEL = {k: t.label for k, t in TRANSISI.items()} | {
    "buat": gettext_lazy("Dibuat"),
    "override": gettext_lazy("Pengecualian aturan oleh BKD"),
}


def aksi_tersedia(p: PermohonanMutasi, user: Pengguna | None) -> list[str]:
    """The actions of TRANSISI that `user` may take on `p` in its current state."""
    return [
        aksi
        for aksi, t in TRANSISI.items()
        if p.status in t.dari and (user is None) == t.sistem and t.peran(p, user)
    ]


def jalankan(*, permohonan: PermohonanMutasi, aktor: User | None, aksi: str, catatan: str = "",
             perubahan: dict[str, Any] | None = None,
             sebelum: Langkah | None = None) -> PermohonanMutasi:
    """Apply `aksi` to `permohonan`: the checks, the conditional update, one history row,
    and the hooks the table names for `aksi`.

    `perubahan` are extra fields to set with the status; `sebelum(permohonan)` is a check of
    this call only (after the table's `syarat`), run inside the transaction.
    """
    t = TRANSISI[aksi]
    p = permohonan
    dari = p.status
    if dari not in t.dari:
        raise PermohonanError(
            _("Aksi \u201c%(aksi)s\u201d tidak dapat dilakukan pada permohonan #%(id)s yang "
              "berstatus \u201c%(status)s\u201d.")
            % {"aksi": t.label, "id": p.pk, "status": Status(dari).label}
        )
    if (aktor is None) != t.sistem or not t.peran(p, aktor):
        alasan = t.mengapa_ditolak(p, aktor) if t.mengapa_ditolak and aktor is not None else ""
        raise BukanWewenang(
            alasan
            or _("Anda tidak berwenang melakukan \u201c%(aksi)s\u201d pada permohonan #%(id)s.")
            % {"aksi": t.label, "id": p.pk}
        )
    catatan = (catatan or "").strip()
    if len(catatan) > TEKS_MAKS:
        raise PermohonanError(_("Catatan paling banyak %(maks)s karakter (sekarang %(n)s).")
                              % {"maks": TEKS_MAKS, "n": len(catatan)})
    if t.catatan_wajib and not catatan:
        raise PermohonanError(
            _("Isi alasan/catatan untuk \u201c%(aksi)s\u201d permohonan #%(id)s.")
            % {"aksi": t.label, "id": p.pk}
        )
    now = timezone.now()
    fields = {"status": t.ke, "diubah": now, **(perubahan or {})}
    with transaction.atomic():
        for cek in (*t.syarat, *([sebelum] if sebelum is not None else [])):
            cek(p)
        updated = PermohonanMutasi.objects.filter(pk=p.pk, status=dari).update(**fields)
        if updated != 1:
            raise PermohonanError(str(SUDAH_DIPROSES))
        RiwayatPermohonan.objects.create(
            permohonan_id=p.pk, aktor=aktor, dari_status=dari, ke_status=t.ke, aksi=aksi,
            catatan=catatan,
        )
        for name, value in fields.items():
            setattr(p, name, value)
        for langkah in t.sesudah:
            langkah(p)
        for kabar in t.setelah_commit:
            transaction.on_commit(functools.partial(kabar, p.pk, aksi), robust=True)
    return p


# --- the review ------------------------------------------------------------------------------


def _beku_asal(p: PermohonanMutasi) -> dict[str, Any]:
    """The origin unit and position as they are at submission."""
    peg = p.pegawai
    p.unit_asal, p.jabatan_asal = peg.unit, peg.jabatan
    return {"unit_asal_id": peg.unit_id, "jabatan_asal_id": peg.jabatan_id}


PERNYATAAN = gettext_lazy(
    "Saya menyatakan data dan dokumen yang saya ajukan benar. Setelah diajukan, permohonan "
    "tidak dapat diubah kecuali dikembalikan untuk perbaikan."
)


def _pernyataan(pernyataan: bool, aktor: User) -> tuple[Langkah, dict[str, Any]]:
    """The applicant's declaration that data and documents are true: required to submit,
    recorded on the request (who, when) with the submission."""

    def cek(p: PermohonanMutasi) -> None:
        if not pernyataan:
            raise PermohonanError(
                _("Permohonan #%(id)s belum diajukan: centang pernyataan bahwa data dan "
                  "dokumen yang diajukan benar.") % {"id": p.pk})

    return cek, {"pernyataan_pada": timezone.now(), "pernyataan_oleh": aktor}


def permohonan_submit(*, permohonan: PermohonanMutasi, aktor: User, catatan: str = "",
                      pernyataan: bool = False) -> PermohonanMutasi:
    """Submit a draft: documents and eligibility are checked first, and the applicant
    declares that data and documents are true (`pernyataan`, recorded). An
    organisational-need request goes to the employee named (`kirim_pegawai`), who answers
    before the heads."""
    p = permohonan
    cek, dicatat = _pernyataan(pernyataan, aktor)
    if p.asal_permohonan == AsalPermohonan.KEBUTUHAN_ORGANISASI:
        return jalankan(permohonan=p, aktor=aktor, aksi="kirim_pegawai", catatan=catatan,
                        perubahan=_beku_asal(p) | dicatat, sebelum=cek)
    perubahan = _beku_asal(p) | {"diajukan_pada": timezone.now(), "diteruskan_pada": None}
    return jalankan(permohonan=p, aktor=aktor, aksi="submit", catatan=catatan,
                    perubahan=perubahan | dicatat, sebelum=cek)


def permohonan_terima_pegawai(*, permohonan: PermohonanMutasi, aktor: User,
                              catatan: str = "") -> PermohonanMutasi:
    """The employee accepts an organisational-need transfer; the heads review it next."""
    return jalankan(permohonan=permohonan, aktor=aktor, aksi="terima_pegawai", catatan=catatan,
                    perubahan={"diajukan_pada": timezone.now(), "diteruskan_pada": None})


def permohonan_keberatan(*, permohonan: PermohonanMutasi, aktor: User, catatan: str = "",
                         alasan: str = "") -> PermohonanMutasi:
    """The employee objects, with a reason (AlasanKeberatan) and their words; BKD decides."""
    if alasan not in AlasanKeberatan.values:
        raise PermohonanError(_("Pilih alasan keberatan: kesehatan, keluarga atau lainnya."))
    return jalankan(permohonan=permohonan, aktor=aktor, aksi="keberatan", catatan=catatan,
                    perubahan={"alasan_keberatan": alasan})


def permohonan_lanjutkan(*, permohonan: PermohonanMutasi, aktor: User,
                         catatan: str = "") -> PermohonanMutasi:
    """BKD proceeds despite the objection, with a written reason; the heads review next."""
    return jalankan(permohonan=permohonan, aktor=aktor, aksi="lanjutkan", catatan=catatan,
                    perubahan={"diajukan_pada": timezone.now(), "diteruskan_pada": None})


def permohonan_resubmit(*, permohonan: PermohonanMutasi, aktor: User, catatan: str = "",
                        pernyataan: bool = False) -> PermohonanMutasi:
    """Submit again after a return (declaring again); the review starts over at the
    origin head."""
    p = permohonan
    cek, dicatat = _pernyataan(pernyataan, aktor)
    perubahan = _beku_asal(p) | {"diajukan_pada": p.diajukan_pada or timezone.now(),
                                 "diteruskan_pada": None}
    return jalankan(permohonan=p, aktor=aktor, aksi="resubmit", catatan=catatan,
                    perubahan=perubahan | dicatat, sebelum=cek)


def permohonan_withdraw(*, permohonan: PermohonanMutasi, aktor: User,
                        catatan: str = "") -> PermohonanMutasi:
    """The applicant withdraws the request before BKD's decision."""
    return jalankan(permohonan=permohonan, aktor=aktor, aksi="withdraw", catatan=catatan)


def permohonan_endorse(*, permohonan: PermohonanMutasi, aktor: User,
                       catatan: str = "") -> PermohonanMutasi:
    """The origin head releases the employee; the request goes to the receiving head."""
    return jalankan(permohonan=permohonan, aktor=aktor, aksi="endorse", catatan=catatan,
                    perubahan={"diteruskan_pada": timezone.now()})


def permohonan_accept(*, permohonan: PermohonanMutasi, aktor: User,
                      catatan: str = "") -> PermohonanMutasi:
    """The receiving head accepts the employee; the request goes to BKD."""
    return jalankan(permohonan=permohonan, aktor=aktor, aksi="accept", catatan=catatan)


def permohonan_approve(*, permohonan: PermohonanMutasi, aktor: User,
                       catatan: str = "") -> PermohonanMutasi:
    """BKD approves; eligibility is checked again and both units are marked for recompute."""
    return jalankan(permohonan=permohonan, aktor=aktor, aksi="approve", catatan=catatan)


def permohonan_refuse(*, permohonan: PermohonanMutasi, aktor: User,
                      catatan: str) -> PermohonanMutasi:
    """The reviewer at the current step refuses, with a reason. Final."""
    return jalankan(permohonan=permohonan, aktor=aktor, aksi="refuse", catatan=catatan)


def permohonan_return(*, permohonan: PermohonanMutasi, aktor: User,
                      catatan: str) -> PermohonanMutasi:
    """The reviewer at the current step sends the request back for revision, with a note."""
    return jalankan(permohonan=permohonan, aktor=aktor, aksi="return", catatan=catatan)
