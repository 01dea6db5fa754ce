"""The decree (SK mutasi) as a PDF, with reportlab: what docs/domain.md says a decree states.

One employee: the body names them. Many: the body refers to an annex (LAMPIRAN) table.
Standard PDF fonts only (no font files to ship), so text stays within Latin-1.
"""

import logging
from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    HRFlowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from pegawai.models import ProfilPemda
from pegawai.nip import format_nip

log = logging.getLogger(__name__)

BIASA = ParagraphStyle("biasa", fontName="Times-Roman", fontSize=11, leading=13,
                       alignment=TA_JUSTIFY)
TENGAH = ParagraphStyle("tengah", parent=BIASA, alignment=TA_CENTER)
JUDUL = ParagraphStyle("judul", parent=TENGAH, fontName="Times-Bold", fontSize=12, leading=14)
KOP = ParagraphStyle("kop", parent=JUDUL, fontSize=14, leading=18)
KECIL = ParagraphStyle("kecil", parent=BIASA, fontSize=9, leading=11, alignment=0)
KECIL_TEBAL = ParagraphStyle("kecil_tebal", parent=KECIL, fontName="Times-Bold")
HURUF = "abcdefghijklmnopqrstuvwxyz"
DIKTUM = ["KESATU", "KEDUA", "KETIGA", "KEEMPAT"]


def _p(text, style=BIASA):
    return Paragraph(escape(str(text)), style)


def _tgl(d):
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(d, "j F Y")


def _label_table(rows, widths=(3.2 * cm, 0.5 * cm, 12.3 * cm)):
    t = Table([[_p(a), _p(":" if a else ""), b] for a, b in rows], colWidths=widths)
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                           ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return t


def _daftar(items, penanda):
    """A numbered list as a two-column table: marker, text."""
    t = Table([[_p(penanda(i)), _p(x)] for i, x in enumerate(items)],
              colWidths=(0.7 * cm, 11.6 * cm))
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                           ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return t


def _pangkat(peg):
    return f"{peg.pangkat}, {peg.golongan}" if peg.pangkat else peg.golongan


def _data_pegawai(p):
    peg = p.pegawai
    rows = [
        ("Nama", peg.nama_lengkap),
        ("NIP", format_nip(peg.nip)),
        ("Pangkat/golongan", _pangkat(peg)),
        ("Jabatan lama", p.jabatan_asal.nama),
        ("Unit kerja lama", p.unit_asal.nama),
        ("Jabatan baru", p.jabatan_tujuan.nama),
        ("Unit kerja baru", p.unit_tujuan.nama),
    ]
    t = Table([[_p(a), _p(":"), _p(b)] for a, b in rows], colWidths=(3.6 * cm, 0.5 * cm, 8.2 * cm))
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                           ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return t


class _Ttd(KeepTogether):
    """The signature block: kept whole, and its page noted (`Dokumen.halaman_ttd`)."""


class Dokumen(SimpleDocTemplate):
    """Notes the page each signature block lands on (a one-person SK keeps it on page 1)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.halaman_ttd = []

    def afterFlowable(self, flowable):
        if getattr(flowable, "_ttd", False):
            self.halaman_ttd.append(self.page)


def _tanda_tangan(sk, tempat):
    jabatan = sk.penandatangan_jabatan.upper()
    baris = [
        _p(f"Ditetapkan di {tempat}"),
        _p(f"pada tanggal {_tgl(sk.tanggal)}"),
        Spacer(1, 4),
        _p(f"{jabatan},"),
        Spacer(1, 1.8 * cm),
        Paragraph(f"<u>{escape(sk.penandatangan_nama)}</u>", BIASA),
    ]
    if sk.penandatangan_nip:
        baris.append(_p(f"NIP {format_nip(sk.penandatangan_nip)}"))
    t = Table([["", baris]], colWidths=(8.5 * cm, 7.5 * cm))
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    t._ttd = True
    return _Ttd([t])


def _tembusan(daftar, cfg):
    units = []
    for p in daftar:
        for u in (p.unit_asal, p.unit_tujuan):
            if u.nama not in units:
                units.append(u.nama)
    items = [f"Kepala {u};" for u in units]
    items.append(f"{cfg['tembusan_bkn']};")
    items.append("Pegawai Negeri Sipil yang bersangkutan.")
    return [Spacer(1, 0.5 * cm), _p("Tembusan Keputusan ini disampaikan kepada Yth.:"),
            _daftar(items, lambda i: f"{i + 1}.")]


def _lampiran(sk, daftar, tempat, judul_kd):
    kepala = [
        _p(f"LAMPIRAN KEPUTUSAN {judul_kd}", KECIL),
        _p(f"NOMOR {sk.nomor}", KECIL),
        _p(f"TANGGAL {_tgl(sk.tanggal).upper()}", KECIL),
    ]
    head = Table([["", kepala]], colWidths=(9 * cm, 7 * cm))
    kolom = ["No", "Nama / NIP", "Pangkat/ golongan", "Jabatan dan unit kerja lama",
             "Jabatan dan unit kerja baru", "TMT"]
    data = [[_p(k, KECIL_TEBAL) for k in kolom]]
    for i, p in enumerate(daftar, 1):
        peg = p.pegawai
        data.append([
            _p(str(i), KECIL),
            # the NIP on a line of its own, wide enough never to wrap
            Paragraph(f"{escape(peg.nama_lengkap)}<br/>NIP<br/>{format_nip(peg.nip)}", KECIL),
            _p(_pangkat(peg), KECIL),
            _p(f"{p.jabatan_asal.nama} - {p.unit_asal.nama}", KECIL),
            _p(f"{p.jabatan_tujuan.nama} - {p.unit_tujuan.nama}", KECIL),
            _p(_tgl(sk.tmt), KECIL),
        ])
    t = Table(data, colWidths=(1 * cm, 4.6 * cm, 2.2 * cm, 3.4 * cm, 3.4 * cm, 1.9 * cm),
              repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    return [PageBreak(), head, Spacer(1, 0.5 * cm),
            _p("DAFTAR PEGAWAI NEGERI SIPIL YANG DIMUTASI", JUDUL), Spacer(1, 0.3 * cm), t,
            Spacer(1, 0.5 * cm), _tanda_tangan(sk, tempat)]


def _logo(profil):
    """The Pemda's logo, 1.6 cm high, or None when there is none or it cannot be read."""
    if not profil.logo:
        return None
    try:
        with profil.logo.open("rb") as fh:
            data = BytesIO(fh.read())
        lebar, tinggi = ImageReader(data).getSize()
        data.seek(0)
    except Exception:  # a missing or unreadable file costs the logo, never the decree
        log.warning("Logo Pemda %s tidak dapat dibaca; SK dicetak tanpa logo.",
                    profil.logo.name, exc_info=True)
        return None
    h = 1.6 * cm
    return Image(data, width=min(h * lebar / tinggi, 2.5 * cm), height=h)


def sk_pdf(sk, *, compress=True, hasil=None):
    """The decree `sk` (with its requests) as PDF bytes, headed with the Pemda's profile
    (pegawai.ProfilPemda). `hasil`, a dict, receives the page count and the pages of the
    signature blocks (for tests)."""
    cfg = settings.MUTASI_SK
    profil = ProfilPemda.ambil()
    daftar = list(sk.permohonan.select_related(
        "pegawai", "jabatan_asal", "unit_asal", "jabatan_tujuan", "unit_tujuan").order_by("pk"))
    judul_kd = profil.kepala_daerah.upper()
    tempat = profil.tempat_penetapan
    logo = _logo(profil)
    kop = _p(profil.nama_pemda.upper(), KOP)
    if logo is not None:
        # The logo left of the name, as a letterhead: one band, not two.
        kop = Table([[logo, kop, ""]], colWidths=(2.7 * cm, 11.1 * cm, 2.7 * cm))
        kop.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    cerita = [
        kop,
        HRFlowable(width="100%", thickness=1.5, color=colors.black, spaceBefore=2,
                   spaceAfter=10),
        _p(f"KEPUTUSAN {judul_kd}", JUDUL),
        _p(f"NOMOR {sk.nomor}", JUDUL),
        Spacer(1, 4),
        _p("TENTANG", JUDUL),
        Spacer(1, 4),
        _p("MUTASI PEGAWAI NEGERI SIPIL", JUDUL),
        Spacer(1, 8),
        _p("DENGAN RAHMAT TUHAN YANG MAHA ESA", JUDUL),
        Spacer(1, 4),
        _p(f"{judul_kd},", JUDUL),
        Spacer(1, 8),
        _label_table([
            ("Menimbang", _daftar(cfg["menimbang"], lambda i: f"{HURUF[i]}.")),
            ("Mengingat", _daftar([x for x in sk.dasar_hukum.splitlines() if x.strip()],
                                  lambda i: f"{i + 1}.")),
        ]),
        Spacer(1, 6),
        _p("MEMUTUSKAN:", JUDUL),
        Spacer(1, 4),
    ]
    if len(daftar) == 1:
        kesatu = [_p("Memindahkan Pegawai Negeri Sipil:"), Spacer(1, 2),
                  _data_pegawai(daftar[0])]
    else:
        kesatu = [_p(f"Memindahkan {len(daftar)} (jumlah) Pegawai Negeri Sipil yang namanya "
                     "tercantum dalam Lampiran Keputusan ini dari jabatan dan unit kerja lama "
                     "ke jabatan dan unit kerja baru sebagaimana tercantum dalam Lampiran "
                     "tersebut.")]
    cerita.append(_label_table([
        ("Menetapkan", _p(f"KEPUTUSAN {judul_kd} TENTANG MUTASI PEGAWAI NEGERI SIPIL.")),
        (DIKTUM[0], kesatu),
        (DIKTUM[1], _p(f"Mutasi sebagaimana dimaksud dalam Diktum KESATU berlaku terhitung "
                       f"mulai tanggal (TMT) {_tgl(sk.tmt)}.")),
        (DIKTUM[2], _p("Apabila di kemudian hari terdapat kekeliruan dalam Keputusan ini, akan "
                       "diadakan perbaikan sebagaimana mestinya.")),
        (DIKTUM[3], _p("Keputusan ini mulai berlaku pada tanggal ditetapkan.")),
    ]))
    cerita += [Spacer(1, 0.4 * cm), _tanda_tangan(sk, tempat), *_tembusan(daftar, cfg)]
    if len(daftar) > 1:
        cerita += _lampiran(sk, daftar, tempat, judul_kd)
    buf = BytesIO()
    doc = Dokumen(
        buf, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm, topMargin=1.5 * cm,
        bottomMargin=1.5 * cm, title=f"SK {sk.nomor}", author=profil.nama_pemda,
        subject=f"Keputusan {profil.kepala_daerah} tentang Mutasi Pegawai Negeri Sipil",
        pageCompression=1 if compress else 0,
    )
    doc.build(cerita)
    if hasil is not None:
        hasil.update(halaman=doc.page, halaman_ttd=doc.halaman_ttd)
    return buf.getvalue()
