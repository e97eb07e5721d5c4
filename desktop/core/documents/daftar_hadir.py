"""The daftar hadir (attendance sheet): the paper record auditors ask for, one per event day.

A4 portrait. Page 1 carries the header (DAFTAR HADIR, event, office, day and date, hours with the
zone label WIB/WITA/WIT, venue); later pages a short running header. The table has the columns
No | Nama | NIP | Gol | Unit Kerja / Instansi | Tanda Tangan, and in filled mode the check-in time
(Jam) before the signature. The signature column is staggered as on Indonesian forms: odd row
numbers sign in the left half, even ones in the right half, with the row number printed in the
cell, so neighbouring signatures never collide. After the last row: the counts (hadir / tidak
hadir), place and date, and the responsible officer's signature block.

Two modes: a blank sheet printed before the day for registrants to sign, and a filled sheet made
from the desk's check-ins (times in the event's zone; "tidak hadir" printed in the signature cell
of an absent person so nobody signs for them later).

Rows have a fixed height, so the pagination is plain arithmetic (``paginate``) and the same for
the preview, the print and the tests.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from desktop.core.identity import GOLONGAN_PNS
from sync.documents.templates import fonts_dir, load_ttfont
from sync.documents.textfit import TextLayout, fit_lines
from sync.indonesian import day_and_date, long_date

MM = 72.0 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0  # mm, A4 portrait
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15.0, 14.0, 14.0
FIRST_HEADER, LATER_HEADER = 46.0, 12.0  # mm above the table on page 1 / later pages
TABLE_HEADER_ROW, ROW = 8.0, 9.0
CLOSING_BLOCK = 54.0  # counts and signature block after the last row
BODY_SIZE = 8.5
# Nothing on the sheet is set smaller: below 7 pt a photocopy of a photocopy cannot be read.
# Text that does not fit at this size wraps onto more lines, and only past the box's last line
# is it cut with an ellipsis (issue 14, item 4).
MIN_SIZE = 7.0
LINE_HEIGHT = 1.15

ROWS_FIRST_PAGE = math.floor(
    (PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - FIRST_HEADER - TABLE_HEADER_ROW) / ROW
)
ROWS_LATER_PAGE = math.floor(
    (PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - LATER_HEADER - TABLE_HEADER_ROW) / ROW
)

INK = HexColor("#111111")
GRID = HexColor("#555555")
MUTED = HexColor("#6B6B6B")
HEADER_FILL = HexColor("#E8ECF2")


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int
    name: str
    nip: str  # printed form, or "-"
    golongan: str
    unit: str  # unit kerja and instansi
    checked_in_at: str | None  # "08.12" in filled mode when present


@dataclass(frozen=True, slots=True)
class AttendanceSheet:
    """Everything one sheet prints: plain values."""

    event_title: str
    office_name: str
    day_number: int
    day_count: int
    day: date
    hours: str  # "08.00 – 16.00 WITA"
    zone_label: str
    venue: str
    rows: tuple[SheetRow, ...]
    blank: bool
    place: str
    signatory_title: str
    signatory_name: str
    signatory_nip: str  # printed form or ""
    printed_at: str  # "23 November 2026 10.15 WITA"

    @property
    def present(self) -> int:
        return sum(1 for row in self.rows if row.checked_in_at)

    @property
    def absent(self) -> int:
        return len(self.rows) - self.present


@dataclass(frozen=True, slots=True)
class SheetResult:
    pages: int
    rows: int
    present: int | None  # None on a blank sheet: nobody has signed yet
    absent: int | None


# "IV/a", "IV.a", "IV-a", "IV a", "iv/a", with or without the pangkat around it ("Pembina / IV.a",
# "Pembina Tk. I (IV/b)"). The roman numeral must be a whole word, so the "I" of "Tk. I" is not one.
_PNS_GOLONGAN = re.compile(r"\b(IV|III|II|I)\s*[/.\-]?\s*([a-e])\b", re.IGNORECASE)
_PPPK_GOLONGAN = re.compile(r"^(?:gol(?:ongan)?\.?\s*)?([IVX]+)$", re.IGNORECASE)


def _pangkat_key(pangkat: str) -> str:
    # "Penata Muda Tingkat I", "penata muda tk i" and "Penata Muda Tk. I" are the same pangkat.
    words = pangkat.casefold().replace(".", " ").replace("tingkat", "tk").split()
    return " ".join(words)


# The pangkat alone ("Penata Muda Tk. I") names its golongan too.
_PANGKAT_CODE = {
    _pangkat_key(pangkat): code for code, pangkat in (entry.split(" ", 1) for entry in GOLONGAN_PNS)
}


def golongan_code(golongan: str) -> str:
    """What the Gol column prints: the code as offices write it, "IV/a", not the pangkat.

    The column is narrow (it holds "III/d" at body size); "Pembina / IV.a" would need 3 pt.
    A pangkat alone gives its code; PPPK golongan (I-XVII) are already codes. Anything else is
    printed as given, wrapped onto two lines.
    """
    text = " ".join(golongan.split())
    pns = _PNS_GOLONGAN.search(text)
    if pns:
        return f"{pns.group(1).upper()}/{pns.group(2).lower()}"
    pppk = _PPPK_GOLONGAN.match(text)
    if pppk:
        return pppk.group(1).upper()
    return _PANGKAT_CODE.get(_pangkat_key(text), text)


def paginate(row_count: int) -> list[int]:
    """Rows on each page; the closing block goes after the last row, on a new page if needed."""
    pages: list[int] = []
    left = row_count
    capacity = ROWS_FIRST_PAGE
    while True:
        pages.append(min(left, capacity))
        left -= pages[-1]
        if left == 0:
            break
        capacity = ROWS_LATER_PAGE
    header = FIRST_HEADER if len(pages) == 1 else LATER_HEADER
    used = header + TABLE_HEADER_ROW + pages[-1] * ROW
    if used + CLOSING_BLOCK > PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM:
        pages.append(0)  # a page with the closing block only
    return pages


def _columns(blank: bool) -> list[tuple[str, float]]:
    if blank:
        return [
            ("No", 8),
            ("Nama", 48),
            ("NIP", 32),
            ("Gol", 10),
            ("Unit Kerja / Instansi", 44),
            ("Tanda Tangan", 38),
        ]
    return [
        ("No", 8),
        ("Nama", 46),
        ("NIP", 32),
        ("Gol", 10),
        ("Unit Kerja / Instansi", 36),
        ("Jam", 11),
        ("Tanda Tangan", 37),
    ]


class _Fonts:
    def __init__(self) -> None:
        self.regular = self._register("DejaVuSansCondensed")
        self.bold = self._register("DejaVuSansCondensed-Bold")

    @staticmethod
    def _register(stem: str) -> str:
        font = load_ttfont(fonts_dir() / f"{stem}.ttf")
        if font.fontName not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(font)
        return str(font.fontName)


class _Painter:
    def __init__(self, canvas: Canvas, fonts: _Fonts) -> None:
        self.c = canvas
        self.fonts = fonts

    def text(
        self,
        value: str,
        *,
        x: float,
        y: float,
        width: float,
        height: float,
        size: float = BODY_SIZE,
        bold: bool = False,
        align: str = "left",
        max_lines: int = 1,
        color: Color = INK,
        italic_gray: bool = False,
    ) -> None:
        """Draw ``value`` fitted inside the box (mm), vertically centred."""
        if not value:
            return
        font = self.fonts.bold if bold else self.fonts.regular
        face = pdfmetrics.getFont(font).face
        ascent, descent = face.ascent / 1000, face.descent / 1000

        def measure(line: str, at: float) -> float:
            return float(pdfmetrics.stringWidth(line, font, at))

        extent = ascent - descent

        def fit(lines: int) -> TextLayout:
            return fit_lines(
                value,
                measure=measure,
                extent=extent,
                width=width * MM,
                height=height * MM,
                size=size,
                max_lines=lines,
                line_height=LINE_HEIGHT,
            )

        layout = fit(max_lines)
        floor = min(size, MIN_SIZE)
        if layout.size < floor:
            # More lines, if the box is tall enough for them at the floor size...
            room = max(1, math.floor((height * MM - extent * floor) / (LINE_HEIGHT * floor)) + 1)
            if room > max_lines:
                layout = fit(room)
            # ...and past that, the floor size with the end cut off.
            if layout.size < floor:
                layout = _elided(value, measure=measure, width=width * MM, size=floor, room=room)
        leading = LINE_HEIGHT * layout.size
        block = (ascent - descent) * layout.size + (len(layout.lines) - 1) * leading
        top = y * MM + (height * MM + block) / 2
        self.c.setFillColor(MUTED if italic_gray else color)
        self.c.setFont(font, layout.size)
        for index, (line, line_width) in enumerate(zip(layout.lines, layout.widths, strict=True)):
            baseline = top - ascent * layout.size - index * leading
            if align == "center":
                left = x * MM + (width * MM - line_width) / 2
            elif align == "right":
                left = x * MM + width * MM - line_width
            else:
                left = x * MM
            self.c.drawString(left, baseline, line)


def _elided(
    value: str, *, measure: Callable[[str, float], float], width: float, size: float, room: int
) -> TextLayout:
    """``value`` wrapped at ``size`` into at most ``room`` lines, cut with "…" where it
    overflows."""

    def cut(line: str) -> str:
        while line and measure(line + "…", size) > width:
            line = line[:-1].rstrip()
        return line + "…"

    lines: list[str] = []
    words = value.split()
    while words and len(lines) < room:
        line = words.pop(0)
        while words and measure(f"{line} {words[0]}", size) <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:  # the rest has no room: the last line shows that something was left out
        lines[-1] = cut(f"{lines[-1]} {words[0]}")
    # A single word wider than the box (nowhere to wrap) is cut the same way.
    lines = [cut(line) if measure(line, size) > width else line for line in lines]
    return TextLayout(size, tuple(lines), tuple(measure(line, size) for line in lines))


def _header_first(p: _Painter, sheet: AttendanceSheet, top: float) -> None:
    width = PAGE_WIDTH - 2 * MARGIN_X
    p.text(
        "DAFTAR HADIR",
        x=MARGIN_X,
        y=top - 8,
        width=width,
        height=7,
        size=15,
        bold=True,
        align="center",
    )
    p.text(
        sheet.event_title,
        x=MARGIN_X + 10,
        y=top - 19.5,
        width=width - 20,
        height=10.5,
        size=11.5,
        bold=True,
        align="center",
        max_lines=2,
    )
    p.text(
        sheet.office_name, x=MARGIN_X, y=top - 25, width=width, height=5, size=9.5, align="center"
    )
    p.c.setStrokeColor(GRID)
    p.c.setLineWidth(0.6)
    p.c.line(MARGIN_X * MM, (top - 27) * MM, (PAGE_WIDTH - MARGIN_X) * MM, (top - 27) * MM)
    day_text = day_and_date(sheet.day)
    if sheet.day_count > 1:
        day_text += f" (hari ke-{sheet.day_number} dari {sheet.day_count})"
    info = (("Hari/Tanggal", day_text), ("Waktu", sheet.hours), ("Tempat", sheet.venue or "-"))
    mode_width = 55.0
    for index, (label, value) in enumerate(info):
        y = top - 33 - index * 4.6
        p.text(label, x=MARGIN_X, y=y, width=22, height=4.4, size=9)
        p.text(":", x=MARGIN_X + 22, y=y, width=3, height=4.4, size=9)
        # The last line shares its height with the mode note on the right: it stops short of it.
        room = width - 25 - (mode_width + 3 if index == len(info) - 1 else 0)
        p.text(value, x=MARGIN_X + 25, y=y, width=room, height=4.4, size=9)
    mode = "Lembar tanda tangan" if sheet.blank else "Diisi dari catatan check-in Hadir"
    p.text(
        mode,
        x=PAGE_WIDTH - MARGIN_X - mode_width,
        y=top - 42.2,
        width=mode_width,
        height=4,
        size=7.5,
        align="right",
        italic_gray=True,
    )


def _header_later(p: _Painter, sheet: AttendanceSheet, top: float) -> None:
    width = PAGE_WIDTH - 2 * MARGIN_X
    p.text(
        f"DAFTAR HADIR · {sheet.event_title}",
        x=MARGIN_X,
        y=top - 6,
        width=width * 0.66,
        height=5,
        size=9,
        bold=True,
    )
    p.text(
        day_and_date(sheet.day),
        x=MARGIN_X + width * 0.66,
        y=top - 6,
        width=width * 0.34,
        height=5,
        size=9,
        align="right",
    )
    p.c.setStrokeColor(GRID)
    p.c.setLineWidth(0.6)
    p.c.line(MARGIN_X * MM, (top - 8) * MM, (PAGE_WIDTH - MARGIN_X) * MM, (top - 8) * MM)


def _table_header(p: _Painter, columns: list[tuple[str, float]], top: float, zone: str) -> None:
    x = MARGIN_X
    bottom = top - TABLE_HEADER_ROW
    p.c.setFillColor(HEADER_FILL)
    p.c.rect(
        MARGIN_X * MM,
        bottom * MM,
        (PAGE_WIDTH - 2 * MARGIN_X) * MM,
        TABLE_HEADER_ROW * MM,
        stroke=0,
        fill=1,
    )
    for title, width in columns:
        label = f"Jam ({zone})" if title == "Jam" else title
        p.text(
            label,
            x=x + 1,
            y=bottom,
            width=width - 2,
            height=TABLE_HEADER_ROW,
            size=8.5,
            bold=True,
            align="center",
            max_lines=2,
        )
        x += width
    _grid(p, columns, top, bottom)


def _grid(p: _Painter, columns: list[tuple[str, float]], top: float, bottom: float) -> None:
    p.c.setStrokeColor(GRID)
    p.c.setLineWidth(0.5)
    left, right = MARGIN_X * MM, (PAGE_WIDTH - MARGIN_X) * MM
    p.c.rect(left, bottom * MM, right - left, (top - bottom) * MM, stroke=1, fill=0)
    x = MARGIN_X
    for _title, width in columns[:-1]:
        x += width
        p.c.line(x * MM, bottom * MM, x * MM, top * MM)


def _row(
    p: _Painter, row: SheetRow, columns: list[tuple[str, float]], top: float, blank: bool
) -> None:
    bottom = top - ROW
    values = [str(row.number), row.name, row.nip, golongan_code(row.golongan), row.unit]
    if not blank:
        values.append(row.checked_in_at or "–")
    x = MARGIN_X
    for (title, width), value in zip(columns[:-1], values, strict=True):
        align = "left" if title in ("Nama", "Unit Kerja / Instansi") else "center"
        lines = {"Nama": 2, "Gol": 2, "Unit Kerja / Instansi": 3}.get(title, 1)
        size = 7.0 if title == "Unit Kerja / Instansi" else BODY_SIZE
        p.text(
            value,
            x=x + 1.2,
            y=bottom + 0.4,
            width=width - 2.4,
            height=ROW - 0.8,
            size=size,
            align=align,
            max_lines=lines,
            bold=title == "Nama",
        )
        x += width
    # The staggered signature cell: odd numbers on the left half, even on the right.
    sign_width = columns[-1][1]
    half = sign_width / 2
    slot = x if row.number % 2 else x + half
    p.text(
        f"{row.number}.", x=slot + 1, y=bottom + ROW - 4.2, width=6, height=3.6, size=7, color=MUTED
    )
    if not blank and not row.checked_in_at:
        p.text(
            "tidak hadir",
            x=slot + 1,
            y=bottom + 1,
            width=half - 2,
            height=4,
            size=7.5,
            italic_gray=True,
        )
    p.c.setStrokeColor(GRID)
    p.c.setLineWidth(0.5)
    p.c.line(MARGIN_X * MM, bottom * MM, (PAGE_WIDTH - MARGIN_X) * MM, bottom * MM)


def _closing(p: _Painter, sheet: AttendanceSheet, top: float) -> None:
    y = top - 8
    registered = len(sheet.rows)
    if sheet.blank:
        counts = (
            ("Jumlah peserta terdaftar", f"{registered} orang"),
            ("Hadir", "........ orang"),
            ("Tidak hadir", "........ orang"),
        )
    else:
        counts = (
            ("Jumlah peserta terdaftar", f"{registered} orang"),
            ("Hadir", f"{sheet.present} orang"),
            ("Tidak hadir", f"{sheet.absent} orang"),
        )
    for index, (label, value) in enumerate(counts):
        line_y = y - index * 5.2
        p.text(label, x=MARGIN_X, y=line_y, width=40, height=5, size=9.5)
        p.text(":", x=MARGIN_X + 40, y=line_y, width=3, height=5, size=9.5)
        p.text(value, x=MARGIN_X + 43, y=line_y, width=40, height=5, size=9.5, bold=True)
    block_x, block_w = PAGE_WIDTH - MARGIN_X - 75, 75
    place_date = f"{sheet.place}, {long_date(sheet.day)}" if sheet.place else long_date(sheet.day)
    p.text(place_date, x=block_x, y=y, width=block_w, height=5, size=9.5, align="center")
    p.text(
        f"{sheet.signatory_title},",
        x=block_x,
        y=y - 10,
        width=block_w,
        height=9.5,
        size=9.5,
        align="center",
        max_lines=2,
    )
    name_y = y - 34
    if sheet.signatory_name:
        p.text(
            sheet.signatory_name,
            x=block_x,
            y=name_y,
            width=block_w,
            height=5,
            size=9.5,
            bold=True,
            align="center",
        )
        width = min(pdfmetrics.stringWidth(sheet.signatory_name, p.fonts.bold, 9.5) / MM, block_w)
        rule_x = block_x + (block_w - width) / 2
    else:
        width, rule_x = 55.0, block_x + (block_w - 55) / 2  # a line to write the name on
    p.c.setStrokeColor(INK)
    p.c.setLineWidth(0.6)
    p.c.line(rule_x * MM, (name_y + 0.6) * MM, (rule_x + width) * MM, (name_y + 0.6) * MM)
    nip = f"NIP. {sheet.signatory_nip}" if sheet.signatory_nip else "NIP."
    p.text(nip, x=block_x, y=name_y - 5, width=block_w, height=4.6, size=9, align="center")


def _footer(p: _Painter, sheet: AttendanceSheet, page: int, pages: int) -> None:
    y = MARGIN_BOTTOM - 8
    width = PAGE_WIDTH - 2 * MARGIN_X
    p.text(
        f"Dicetak {sheet.printed_at} dengan Hadir",
        x=MARGIN_X,
        y=y,
        width=width * 0.7,
        height=4,
        size=7,
        italic_gray=True,
    )
    p.text(
        f"Halaman {page} dari {pages}",
        x=MARGIN_X + width * 0.7,
        y=y,
        width=width * 0.3,
        height=4,
        size=7.5,
        align="right",
        color=MUTED,
    )


def render_daftar_hadir(sheet: AttendanceSheet, out: Path | BinaryIO) -> SheetResult:
    pages = paginate(len(sheet.rows))
    target = str(out) if isinstance(out, Path) else out
    canvas = Canvas(target, pagesize=(PAGE_WIDTH * MM, PAGE_HEIGHT * MM), pageCompression=1)
    canvas.setTitle(f"Daftar hadir - {sheet.event_title} - {sheet.day.isoformat()}")
    canvas.setAuthor("Hadir")
    painter = _Painter(canvas, _Fonts())
    columns = _columns(sheet.blank)
    rows: Sequence[SheetRow] = sheet.rows
    index = 0
    top_limit = PAGE_HEIGHT - MARGIN_TOP
    for page_number, count in enumerate(pages, start=1):
        if page_number == 1:
            _header_first(painter, sheet, top_limit)
            top = top_limit - FIRST_HEADER
        else:
            _header_later(painter, sheet, top_limit)
            top = top_limit - LATER_HEADER
        if count:
            _table_header(painter, columns, top, sheet.zone_label)
            top -= TABLE_HEADER_ROW
            table_top = top
            for row in rows[index : index + count]:
                _row(painter, row, columns, top, sheet.blank)
                top -= ROW
            _grid(painter, columns, table_top, top)
            index += count
        if page_number == len(pages):
            _closing(painter, sheet, top)
        _footer(painter, sheet, page_number, len(pages))
        canvas.showPage()
    canvas.save()
    return SheetResult(
        pages=len(pages),
        rows=len(sheet.rows),
        present=None if sheet.blank else sheet.present,
        absent=None if sheet.blank else sheet.absent,
    )
