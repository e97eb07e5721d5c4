"""Name badges on A4 sheets: common label layouts (2x4, 2x5) and ID-1 cards with cut marks.

Each badge carries the event (a coloured band), the name with its titles, the instansi and the QR
of the person's badge code (desktop/core/badge_code.py), with the code printed under it for a
clerk to type when a scanner fails. Written with the streaming PDF writer the certificates use
(documents/pdfwriter.py): the band and title, the same on every badge, are one form XObject drawn
at each position; per badge remain two texts and one QR path. A name is first shrunk on one line,
and only wrapped (onto as few lines as keep the size, up to three) when one line would get
smaller than ``NAME_MIN_SIZE``: a name read from two metres must stay large.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from sync.documents import qr
from sync.documents.certificate_pdf import fit_text, layout_ops, text_ops
from sync.documents.pdfwriter import MM, EmbeddedFont, Name, PdfWriter, fmt
from sync.documents.templates import TextElement, fonts_dir, load_ttfont
from sync.documents.textfit import TextLayout

A4_WIDTH, A4_HEIGHT = 210.0, 297.0
BAND_COLOR = (0.122, 0.227, 0.373)  # #1F3A5F, the certificates' navy
INK = (0.07, 0.07, 0.07)
MUTED = (0.3, 0.3, 0.3)
NAME_SIZE, NAME_MIN_SIZE = 20.0, 14.0
PAD = 4.0  # mm inside each badge
CODE_HEIGHT = 4.0  # mm under the QR for the printed code
CUT_MARK = 4.0  # mm long, outside the grid of cards


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    columns: int
    rows: int
    width: float  # mm, one badge
    height: float
    gap_x: float = 0.0  # mm between columns
    cut_marks: bool = False  # plain paper cut into cards (labels come pre-cut)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


LAYOUTS = {
    # A4 label sheets sold in Indonesia as in Europe: 99.1 x 67.7 mm (8 a sheet, e.g. L7165) and
    # 99.1 x 57 mm (10 a sheet, e.g. L7173), in two columns 2.5 mm apart.
    "2x4": Layout("2x4", 2, 4, 99.1, 67.7, gap_x=2.5),
    "2x5": Layout("2x5", 2, 5, 99.1, 57.0, gap_x=2.5),
    # ID-1 (credit card, 85.6 x 54 mm) for lanyard holders: 10 on plain A4, edge to edge so one
    # cut serves two cards.
    "card": Layout("card", 2, 5, 85.6, 54.0, cut_marks=True),
}


@dataclass(frozen=True, slots=True)
class BadgeData:
    name: str  # with titles, as the person writes it
    instansi: str
    code: str  # badge_code.badge_code(...)


@dataclass(frozen=True, slots=True)
class BadgeResult:
    pages: int
    badges: int


def layout(name: str) -> Layout:
    found = LAYOUTS.get(name)
    if found is None:
        raise ValueError(f"unknown badge layout {name!r}")
    return found


def positions(sheet: Layout) -> list[tuple[float, float]]:
    """Bottom-left corners (mm) of the badges on a page, in reading order, the grid centred."""
    grid_width = sheet.columns * sheet.width + (sheet.columns - 1) * sheet.gap_x
    grid_height = sheet.rows * sheet.height
    left = (A4_WIDTH - grid_width) / 2
    bottom = (A4_HEIGHT - grid_height) / 2
    return [
        (
            left + column * (sheet.width + sheet.gap_x),
            bottom + (sheet.rows - 1 - row) * sheet.height,
        )
        for row in range(sheet.rows)
        for column in range(sheet.columns)
    ]


class _Geometry:
    """Where things go inside one badge of a layout (mm, from its bottom-left corner)."""

    def __init__(self, sheet: Layout) -> None:
        w, h = sheet.width, sheet.height
        self.band = round(h * 0.22, 2)
        body = h - self.band
        # The QR's white quiet zone (documents/qr.py) is painted over whatever lies under it, so
        # the whole zone stays inside the badge's body and the texts end before it. A badge code
        # always fits a version 1 symbol (21 modules); the printed code goes under the zone.
        ratio = qr.QUIET_ZONE / 21
        self.qr = min((body - CODE_HEIGHT - 1.0) / (1 + 2 * ratio), w * 0.36)
        quiet = self.qr * ratio
        self.qr_x = w - 0.5 - quiet - self.qr
        self.qr_y = CODE_HEIGHT + quiet
        text_width = self.qr_x - quiet - PAD
        name_height = body * 0.52
        self.title = TextElement(
            PAD,
            h - self.band + 1.2,
            w - 2 * PAD,
            self.band - 2.4,
            "",
            "bold",
            10.0,
            color=(1.0, 1.0, 1.0),
            max_lines=2,
            line_height=1.1,
        )
        self.name = TextElement(
            PAD,
            h - self.band - PAD - name_height,
            text_width,
            name_height,
            "",
            "bold",
            NAME_SIZE,
            color=INK,
            align="left",
            valign="bottom",
            max_lines=1,
            line_height=1.05,
        )
        self.instansi = TextElement(
            PAD,
            PAD,
            text_width,
            h - self.band - 2 * PAD - name_height - 1.5,
            "",
            "regular",
            9.0,
            color=MUTED,
            align="left",
            valign="top",
            max_lines=3,
            line_height=1.15,
        )
        self.code = TextElement(
            self.qr_x - 2,
            0.6,
            self.qr + 4,
            CODE_HEIGHT,
            "",
            "regular",
            6.5,
            color=MUTED,
            max_lines=1,
        )


def fit_name(font: EmbeddedFont, name: str, element: TextElement) -> TextLayout:
    """Shrink on one line down to ``NAME_MIN_SIZE``; past that, wrap onto as few lines as keep
    that size (up to three), shrinking again only when even three lines do not."""
    best = fit_text(font, name, element)
    if best.size >= NAME_MIN_SIZE:
        return best
    for lines in (2, 3):
        wrapped = fit_text(font, name, replace(element, max_lines=lines))
        if wrapped.size >= NAME_MIN_SIZE:
            return wrapped
        if wrapped.size > best.size:
            best = wrapped
    return best


class _SheetMaker:
    def __init__(self, writer: PdfWriter, sheet: Layout, event_title: str) -> None:
        self.writer, self.sheet = writer, sheet
        folder = fonts_dir()
        self.bold = writer.font(load_ttfont(folder / "DejaVuSansCondensed-Bold.ttf"))
        self.regular = writer.font(load_ttfont(folder / "DejaVuSansCondensed.ttf"))
        self.geometry = g = _Geometry(sheet)
        self.slots = positions(sheet)
        w, h = sheet.width * MM, sheet.height * MM
        band = g.band * MM
        outline = b""
        if not sheet.cut_marks:  # a faint outline shows a label's edge on plain-paper proofs
            outline = f"0.85 G 0.4 w 0 0 {fmt(w)} {fmt(h)} re S\n".encode()
        static = (
            outline
            + f"{' '.join(fmt(c) for c in BAND_COLOR)} rg 0 {fmt(h - band)} {fmt(w)} "
            f"{fmt(band)} re f\n".encode()
            + text_ops(self.bold, g.title, event_title)
        )
        form = writer.add_stream(
            {
                "Type": Name("XObject"),
                "Subtype": Name("Form"),
                "BBox": [0, 0, round(w, 3), round(h, 3)],
                "Resources": {"Font": writer.fonts_ref},
            },
            static,
        )
        self.resources = writer.add(
            {"Font": writer.fonts_ref, "XObject": {"Bd": form}, "ProcSet": [Name("PDF")]}
        )
        self._instansi: dict[str, bytes] = {}  # most people share a few instansi

    def _instansi_ops(self, text: str) -> bytes:
        found = self._instansi.get(text)
        if found is None:
            if len(self._instansi) > 512:
                self._instansi.clear()
            found = self._instansi[text] = text_ops(self.regular, self.geometry.instansi, text)
        return found

    def badge(self, data: BadgeData) -> bytes:
        g = self.geometry
        return b"".join(
            (
                layout_ops(self.bold, g.name, fit_name(self.bold, data.name, g.name)),
                self._instansi_ops(data.instansi) if data.instansi.strip() else b"",
                qr.path_ops(qr.encode(data.code), x=g.qr_x * MM, y=g.qr_y * MM, size=g.qr * MM),
                text_ops(self.regular, g.code, data.code),
            )
        )

    def page(self, badges: list[BadgeData]) -> bytes:
        parts = []
        for (x, y), data in zip(self.slots, badges, strict=False):
            parts.append(f"q 1 0 0 1 {fmt(x * MM)} {fmt(y * MM)} cm /Bd Do\n".encode())
            parts.append(self.badge(data))
            parts.append(b"Q\n")
        if self.sheet.cut_marks:
            parts.append(self._cut_marks())
        return b"".join(parts)

    def _cut_marks(self) -> bytes:
        sheet = self.sheet
        left, bottom = self.slots[0][0], self.slots[-1][1]  # top-left and bottom-right badges
        right, top = left + sheet.columns * sheet.width, bottom + sheet.rows * sheet.height
        lines = []
        for column in range(sheet.columns + 1):
            x = (left + column * sheet.width) * MM
            for y0, y1 in ((bottom - CUT_MARK - 1, bottom - 1), (top + 1, top + CUT_MARK + 1)):
                lines.append(f"{fmt(x)} {fmt(y0 * MM)} m {fmt(x)} {fmt(y1 * MM)} l")
        for row in range(sheet.rows + 1):
            y = (bottom + row * sheet.height) * MM
            for x0, x1 in ((left - CUT_MARK - 1, left - 1), (right + 1, right + CUT_MARK + 1)):
                lines.append(f"{fmt(x0 * MM)} {fmt(y)} m {fmt(x1 * MM)} {fmt(y)} l")
        return f"0 G 0.3 w {' '.join(lines)} S\n".encode()


def _chunks(badges: Iterable[BadgeData], size: int) -> Iterator[list[BadgeData]]:
    chunk: list[BadgeData] = []
    for badge in badges:
        chunk.append(badge)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_badges(
    handle: BinaryIO, *, event_title: str, badges: Iterable[BadgeData], layout_name: str = "2x4"
) -> BadgeResult:
    sheet = layout(layout_name)
    writer = PdfWriter(handle)
    maker = _SheetMaker(writer, sheet, event_title)
    pages = count = 0
    for chunk in _chunks(badges, sheet.per_page):
        writer.add_page(
            width=A4_WIDTH * MM,
            height=A4_HEIGHT * MM,
            content=maker.page(chunk),
            resources=maker.resources,
        )
        pages += 1
        count += len(chunk)
    if count == 0:
        raise ValueError("no badges to render")
    writer.close(title=f"Tanda nama - {event_title}", author="Hadir")
    return BadgeResult(pages=pages, badges=count)


def render_badges(
    *, out: Path, event_title: str, badges: Iterable[BadgeData], layout_name: str = "2x4"
) -> BadgeResult:
    """Write the sheets to ``out``, replaced only when complete (no half PDF to print)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    try:
        with partial.open("wb") as handle:
            result = write_badges(
                handle, event_title=event_title, badges=badges, layout_name=layout_name
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, out)
    return result
