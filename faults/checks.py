"""What the fault scripts set up and what they check afterwards, through the ORM.

- `requests_waiting`: requests ready for BKD's approval (diterima_tujuan), with a history
  that agrees with their state, for employees of the largest units.
- `snapshot_figures` / `reference_figures`: the ABK snapshot as it is, and as a full
  recompute would make it (computed inside a transaction that is rolled back, so the
  check repairs nothing).
- `approvals_check`: no approval lost and no request half-applied.
"""

from __future__ import annotations

import itertools
import re

from django.db import connections, transaction

PEMOHON = "faults_pemohon"

_JAB = ["unit_id", "jabatan_id", "beban_menit", "kebutuhan_exact", "kebutuhan", "bezetting",
        "selisih", "ej", "grade"]
_UNIT = ["unit_id", "opd_id", "jenis", "beban_menit", "kebutuhan", "bezetting", "selisih",
         "kelebihan", "kekurangan", "eu", "grade"]
_INDEKS = ["skor", "ketidakseimbangan", "pindah_diperlukan", "total_kelebihan",
           "total_kekurangan", "total_kebutuhan", "total_bezetting", "eu_stdev", "eu_iqr"]
APPROVED_OR_LATER = ("disetujui_bkd", "sk_terbit", "berlaku")


def fresh_connections():
    """Drop this process's database connections (after a PostgreSQL restart)."""
    for conn in connections.all():
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - a dead connection is what we are dropping
            conn.connection = None


def requests_waiting(n, label):
    """`n` requests waiting for BKD (diterima_tujuan), each to a unit of another large unit.

    Filed by the user PEMOHON (so BKD's `bkd` had no hand in them) with every eligibility
    rule excepted: the faults are about the approval's aftermath, not eligibility. The
    history has the rows of buat, submit, endorse and accept, as the workflow writes them.
    """
    from django.contrib.auth import get_user_model
    from django.db.models import Count, F
    from django.utils import timezone

    from mutasi.eligibility import ATURAN
    from mutasi.models import AsalPermohonan, PermohonanMutasi, RiwayatPermohonan, Status
    from pegawai.models import Pegawai

    pemohon, _c = get_user_model().objects.get_or_create(username=PEMOHON)
    sizes = list(Pegawai.objects.filter(aktif=True).order_by().values("unit_id")
                 .annotate(n=Count("id")).order_by("-n", "unit_id")
                 .values_list("unit_id", flat=True)[:12])
    targets = sizes[:6]
    orang = list(
        Pegawai.objects.filter(aktif=True, user__isnull=True, unit_id__in=sizes)
        .exclude(jabatan_id=F("unit__jabatan_kepala_id"))
        .exclude(pk__in=PermohonanMutasi.objects.values("pegawai_id"))
        .order_by("id")[:n]
    )
    if len(orang) < n:
        raise RuntimeError(f"hanya {len(orang)} pegawai tersedia untuk {n} permohonan")
    now = timezone.now()
    ids = []
    tujuan = itertools.cycle(targets)
    with transaction.atomic():
        for peg in orang:
            ke = next(tujuan)
            if ke == peg.unit_id:
                ke = next(tujuan)
            p = PermohonanMutasi.objects.create(
                pegawai=peg, unit_asal_id=peg.unit_id, jabatan_asal_id=peg.jabatan_id,
                unit_tujuan_id=ke, jabatan_tujuan_id=peg.jabatan_id,
                asal_permohonan=AsalPermohonan.PERMINTAAN_SENDIRI, alasan="pengembangan_karier",
                justifikasi=f"Uji gangguan {label}.", status=Status.DITERIMA_TUJUAN,
                dibuat_oleh=pemohon, diajukan_pada=now, diteruskan_pada=now,
                aturan_dikecualikan=list(ATURAN), alasan_pengecualian=f"Uji gangguan {label}.",
            )
            langkah = [("", Status.DRAFT, "buat"), (Status.DRAFT, Status.DIAJUKAN, "submit"),
                       (Status.DIAJUKAN, Status.DISETUJUI_ASAL, "endorse"),
                       (Status.DISETUJUI_ASAL, Status.DITERIMA_TUJUAN, "accept")]
            RiwayatPermohonan.objects.bulk_create([
                RiwayatPermohonan(permohonan=p, aktor=pemohon, dari_status=dari, ke_status=ke_,
                                  aksi=aksi) for dari, ke_, aksi in langkah])
            ids.append(p.pk)
    return ids


# --- the snapshot -------------------------------------------------------------------


def snapshot_figures():
    """The active periode's snapshot figures (no timestamps) and its latest Pemda index."""
    from bebankerja.models import IndeksPemdaRiwayat, SnapshotJabatan, SnapshotUnit
    from bebankerja.selectors import periode_aktif

    periode = periode_aktif()
    jab = {r[:2]: r for r in SnapshotJabatan.objects.filter(periode=periode).values_list(*_JAB)}
    unit = {r[0]: r for r in SnapshotUnit.objects.filter(periode=periode).values_list(*_UNIT)}
    indeks = (IndeksPemdaRiwayat.objects.filter(periode=periode).order_by("-dihitung", "-id")
              .values_list(*_INDEKS).first())
    return {"jabatan": jab, "unit": unit, "indeks": indeks}


class _Rollback(Exception):
    pass


def reference_figures():
    """The figures a full recompute of the active periode gives now, without keeping them."""
    from bebankerja.hitung import balance_recompute

    out = {}
    try:
        with transaction.atomic():
            balance_recompute()
            out = snapshot_figures()
            raise _Rollback
    except _Rollback:
        pass
    return out


def independent_figures():
    """Need, staff and gap per (unit, jabatan) of the active periode, computed here from rows
    read fresh (two plain SQL aggregates) with the pure `abk.py` — not through the recompute
    (`bebankerja.hitung`) that the reconciliation itself runs, so a defect in it shows."""
    from django.db import connection

    from bebankerja import abk
    from bebankerja.models import TugasJabatan
    from bebankerja.selectors import periode_aktif
    from pegawai.models import Pegawai

    periode = periode_aktif()
    if periode is None:
        return {}
    settings = periode.settings
    t, p = TugasJabatan._meta.db_table, Pegawai._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT unit_id, jabatan_id, beban_menit FROM {t} WHERE periode_id = %s",
                    [periode.pk])
        beban, ceil_sum = {}, {}
        for u, j, b in cur.fetchall():
            beban[(u, j)] = beban.get((u, j), 0) + b
            ceil_sum[(u, j)] = ceil_sum.get((u, j), 0) + abk.sum_ceil_tugas(
                [abk.Tugas(b, 1)], settings)
        cur.execute(f"SELECT unit_id, jabatan_id, COUNT(*) FROM {p} WHERE aktif "
                    "GROUP BY unit_id, jabatan_id")
        staf = {(u, j): n for u, j, n in cur.fetchall()}
    out = {}
    for key in beban.keys() | staf.keys():
        h = abk.hitung_jabatan_dari_beban(
            beban.get(key, 0), staf.get(key, 0), settings,
            kebutuhan_tugas_ceil_sum=ceil_sum.get(key, 0)
            if settings.pembulatan is abk.Pembulatan.CEIL_TUGAS else None)
        out[key] = (h.kebutuhan, h.bezetting, h.selisih)
    return out


def independent_diff(now=None):
    """(unit, jabatan) rows whose need, staff or gap in the snapshot differ from
    `independent_figures` (rows with neither tasks nor staff count as 0, 0, 0)."""
    snap = {k: (r[4], r[5], r[6]) for k, r in (now or snapshot_figures())["jabatan"].items()}
    ref = independent_figures()
    nol = (0, 0, 0)
    return sum(1 for k in snap.keys() | ref.keys() if snap.get(k, nol) != ref.get(k, nol))


def snapshot_diff(now, ref):
    """Rows that differ between two `snapshot_figures` results: {part: count}."""
    diff = {}
    for part in ("jabatan", "unit"):
        a, b = now[part], ref[part]
        n = sum(1 for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        if n:
            diff[part] = n
    if now["indeks"] != ref["indeks"]:
        diff["indeks"] = 1
    return diff


def outbox_count():
    from bebankerja.models import UnitPerluHitung

    return UnitPerluHitung.objects.count()


def settled(now=None):
    """(True, {}) when the outbox is empty, the snapshot equals a full recompute, and its
    need, staff and gap equal an independent computation (`independent_figures`)."""
    pending = outbox_count()
    now = now or snapshot_figures()
    diff = snapshot_diff(now, reference_figures())
    mandiri = independent_diff(now)
    if mandiri:
        diff["beda_hitungan_mandiri"] = mandiri
    if pending:
        diff["antrean_unit"] = pending
    return not diff, diff


# --- approvals ----------------------------------------------------------------------


def approvals_check(ids, ok_approve, ok_sk):
    """Problems (a list of sentences) with the requests `ids` after a fault run.

    `ok_approve`: ids whose approval the client was told succeeded; `ok_sk`: ids of decrees
    the client was told were issued. Every one of them must be approved (or later) with its
    history; every request's history must end in its state with at most one approval; an
    employee is in the receiving unit exactly when the request took effect.
    """
    from mutasi.models import PermohonanMutasi, RiwayatPermohonan, Status
    from pegawai.models import RiwayatJabatan

    problems = []
    rows = {p.pk: p for p in PermohonanMutasi.objects.filter(pk__in=ids)
            .select_related("pegawai")}
    riwayat = {}
    for r in RiwayatPermohonan.objects.filter(permohonan_id__in=ids).order_by("waktu", "id"):
        riwayat.setdefault(r.permohonan_id, []).append(r)
    # The history of posts names the request that moved the employee: "(permohonan #12)".
    pindah = set()
    for ket in RiwayatJabatan.objects.filter(
            pegawai_id__in=[p.pegawai_id for p in rows.values()], keterangan__contains="#"
    ).values_list("keterangan", flat=True):
        pindah.add(_request_id(ket))
    for pk in ok_approve:
        p = rows.get(pk)
        if p is None or p.status not in APPROVED_OR_LATER:
            problems.append(f"persetujuan #{pk} dijawab berhasil, tetapi statusnya "
                            f"{p.status if p else 'hilang'}")
    for pk in ok_sk:
        p = rows.get(pk)
        if p is None or p.status not in (Status.SK_TERBIT, Status.BERLAKU) or not p.sk_id:
            problems.append(f"SK untuk #{pk} dijawab terbit, tetapi statusnya "
                            f"{p.status if p else 'hilang'}")
    for pk, p in rows.items():
        hist = riwayat.get(pk, [])
        if not hist or hist[-1].ke_status != p.status:
            problems.append(f"#{pk}: status {p.status} tetapi riwayat terakhir "
                            f"{hist[-1].ke_status if hist else '-'}")
        n_approve = sum(1 for r in hist if r.aksi == "approve")
        if n_approve != (1 if p.status in APPROVED_OR_LATER else 0):
            problems.append(f"#{pk}: status {p.status} dengan {n_approve} riwayat persetujuan")
        berlaku = p.status == Status.BERLAKU
        di_tujuan = p.pegawai.unit_id == p.unit_tujuan_id
        if berlaku != di_tujuan or berlaku != (pk in pindah):
            problems.append(f"#{pk}: status {p.status}, pegawai di unit {p.pegawai.unit_id} "
                            f"(asal {p.unit_asal_id}, tujuan {p.unit_tujuan_id})")
    # A decree is all or nothing: the requests of one SK whose TMT has come are either all
    # in effect or none (a batch applied in part is what a killed web process leaves).
    per_sk = {}
    for p in rows.values():
        if p.sk_id and p.status in (Status.SK_TERBIT, Status.BERLAKU):
            per_sk.setdefault(p.sk_id, set()).add(p.status)
    for sk_id, statuses in sorted(per_sk.items()):
        if len(statuses) > 1:
            problems.append(f"SK {sk_id}: diterapkan sebagian (sebagian berlaku, sebagian "
                            "masih SK terbit)")
    return problems


def _request_id(keterangan):
    m = re.search(r"#(\d+)\)", keterangan or "")
    return int(m.group(1)) if m else None


def status_counts(ids):
    from django.db.models import Count

    from mutasi.models import PermohonanMutasi

    return dict(PermohonanMutasi.objects.filter(pk__in=ids).values_list("status")
                .annotate(n=Count("id")).order_by())
