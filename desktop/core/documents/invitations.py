"""A person's invitation: an A5 page as PDF (to print or attach) and the same card as PNG (to send
by WhatsApp, which shows a picture at once where a PDF is a download).

One layout (``_blocks``) in millimetres feeds both: texts are fitted once with the font's own
metrics (documents/textfit.py, as certificates and badges), then drawn by the PDF writer or by
Pillow from the same lines, sizes and positions, so the picture and the page say the same thing
in the same place. The QR carries the person's badge code (desktop/core/badge_code.py), large
enough (46 mm; 1 mm modules at 21 x 21 plus quiet zone) to be scanned from a phone screen held
up to a scanner or a webcam.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from desktop.core.documents import raster
from sync.documents import qr
from sync.documents.certificate_pdf import layout_ops
from sync.documents.pdfwriter import MM, Name, PdfWriter, fmt
from sync.documents.templates import TextElement, fonts_dir, load_ttfont
from sync.documents.textfit import TextLayout, fit_lines

PAGE_WIDTH, PAGE_HEIGHT = 148.0, 210.0  # mm, A5 portrait
PNG_WIDTH = 1080  # px: WhatsApp's full width, sharp on a phone without being a large file
BAND = 30.0  # mm, the navy head
QR_SIZE = 46.0  # mm, the symbol without its quiet zone
NAVY = (0.122, 0.227, 0.373)
INK = (0.07, 0.07, 0.07)
MUTED = (0.33, 0.33, 0.33)
WHITE = (1.0, 1.0, 1.0)
INSTRUCTION = (
    "Tunjukkan kode QR ini di meja registrasi saat datang (dari layar HP atau dicetak). "
    "Kode ini hanya berlaku untuk Anda pada kegiatan ini."
)


@dataclass(frozen=True, slots=True)
class InvitationData:
    event_title: str
    office: str
    dates: str  # "Senin, 23 November 2026"
    hours: str  # "08.00 – 16.00 WITA"
    venue: str
    name: str  # with titles
    instansi: str
    code: str


@dataclass(frozen=True, slots=True)
class _Block:
    element: TextElement  # box in mm from the page's bottom-left, as certificates' elements
    layout: TextLayout


_FONTS = {"bold": "DejaVuSansCondensed-Bold.ttf", "regular": "DejaVuSansCondensed.ttf"}


def _font_path(kind: str) -> Path:
    return fonts_dir() / _FONTS[kind]


def _box(
    top: float,
    height: float,
    text: str,
    kind: str,
    size: float,
    color: tuple[float, float, float],
    max_lines: int = 1,
    margin: float = 12.0,
) -> _Block:
    """A centred text box ``height`` mm tall whose top is ``top`` mm below the page's top."""
    element = TextElement(
        margin,
        PAGE_HEIGHT - top - height,
        PAGE_WIDTH - 2 * margin,
        height,
        text,
        kind,
        size,
        color=color,
        max_lines=max_lines,
        line_height=1.18,
    )
    font = load_ttfont(_font_path(kind))
    face = font.face
    layout = fit_lines(
        " ".join(text.split()),
        measure=lambda line, at: float(font.stringWidth(line, at)),
        extent=(face.ascent - face.descent) / 1000.0,
        width=element.width * MM,
        height=element.height * MM,
        size=size,
        max_lines=max_lines,
        line_height=element.line_height,
    )
    return _Block(element, layout)


def _blocks(data: InvitationData) -> list[_Block]:
    blocks = [
        _box(7.0, 11.0, "UNDANGAN", "bold", 22, WHITE),
        _box(19.0, 8.0, data.office, "regular", 10, WHITE),
        _box(36.0, 22.0, data.event_title, "bold", 16, INK, max_lines=3),
        _box(61.0, 6.0, data.dates, "regular", 11, INK),
        _box(67.5, 6.0, f"Pukul {data.hours}", "regular", 11, INK),
        _box(74.0, 11.0, data.venue, "regular", 11, INK, max_lines=2),
        _box(91.0, 5.0, "Kepada Yth.", "regular", 9, MUTED),
        _box(96.5, 13.0, data.name, "bold", 15, INK, max_lines=2),
        _box(110.0, 9.0, data.instansi, "regular", 9.5, MUTED, max_lines=2),
        _box(181.5, 6.0, data.code, "bold", 12, INK),
        _box(190.0, 13.0, INSTRUCTION, "regular", 9, MUTED, max_lines=3, margin=16.0),
    ]
    return [block for block in blocks if block.element.text.strip()]


def _qr_position() -> tuple[float, float]:
    """Bottom-left of the QR symbol, mm from the page's bottom-left."""
    return (PAGE_WIDTH - QR_SIZE) / 2, PAGE_HEIGHT - 172.0


# --------------------------------------------------------------------------- PDF


def write_pdf(data: InvitationData) -> bytes:
    buffer = BytesIO()
    writer = PdfWriter(buffer)
    fonts = {kind: writer.font(load_ttfont(_font_path(kind))) for kind in _FONTS}
    resources = writer.add({"Font": writer.fonts_ref, "ProcSet": [Name("PDF"), Name("Text")]})
    width, height = PAGE_WIDTH * MM, PAGE_HEIGHT * MM
    band = BAND * MM
    parts = [
        f"{' '.join(fmt(c) for c in NAVY)} rg 0 {fmt(height - band)} {fmt(width)} "
        f"{fmt(band)} re f\n".encode()
    ]
    # The QR first: its white quiet zone must not paint over a text next to it.
    x, y = _qr_position()
    parts.append(qr.path_ops(qr.encode(data.code), x=x * MM, y=y * MM, size=QR_SIZE * MM))
    for block in _blocks(data):
        parts.append(layout_ops(fonts[block.element.font], block.element, block.layout))
    writer.add_page(width=width, height=height, content=b"".join(parts), resources=resources)
    writer.close(title=f"Undangan - {data.event_title}", author="Hadir")
    return buffer.getvalue()


# --------------------------------------------------------------------------- PNG


def write_png(pdf: bytes) -> bytes:
    """The invitation as a picture for WhatsApp: its PDF page (``write_pdf``) rasterised, so the
    picture is the very page, drawn once, and the bundle needs no font rasteriser of its own."""
    return raster.png(pdf, width_px=PNG_WIDTH)
