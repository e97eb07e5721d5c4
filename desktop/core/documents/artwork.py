"""The default certificate's artwork: its background border and its placeholder emblem.

The files in resources/certificates (``sertifikat-standar-latar.pdf``, ``lambang-contoh.png``) are
made by this module (``python -m desktop.core.documents.artwork``) so they can be remade or
restyled from source. ``draw_background`` is also what the benchmark's "naive" reportlab path
redraws on every page, to compare against drawing it once as a form XObject.

The emblem is a neutral placeholder (scales of justice in a ring), not any office's logo: an
office puts its own logo file beside the template and names it in the template's image element.
"""

from __future__ import annotations

import math
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

NAVY = HexColor("#1F3A5F")
GOLD = HexColor("#B08D3C")
PALE_GOLD = HexColor("#E4D3A6")
MM = 72.0 / 25.4


def _guilloche(
    canvas: Canvas,
    *,
    x0: float,
    x1: float,
    y: float,
    amplitude: float,
    color: Color,
    strands: int = 7,
) -> None:
    """A band of interlaced sine waves, the engraved look of official paper, in thin lines."""
    canvas.setStrokeColor(color)
    canvas.setLineWidth(0.35)
    steps = 180
    for strand in range(strands):
        phase = strand * math.pi / strands
        path = canvas.beginPath()
        for step in range(steps + 1):
            t = step / steps
            x = x0 + (x1 - x0) * t
            wave = (
                math.sin(t * 2 * math.pi * 14 + phase) * 0.65
                + math.sin(t * 2 * math.pi * 5 - phase) * 0.35
            )
            if step == 0:
                path.moveTo(x, y + amplitude * wave)
            else:
                path.lineTo(x, y + amplitude * wave)
        canvas.drawPath(path, stroke=1, fill=0)


def _corner(canvas: Canvas, x: float, y: float, sx: int, sy: int) -> None:
    """A small ornament of nested L-shapes and a diamond, mirrored into each corner."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(sx, sy)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.1)
    for inset, length in ((0, 15), (2.6, 9.5)):
        path = canvas.beginPath()
        path.moveTo(inset * MM, (inset + length) * MM)
        path.lineTo(inset * MM, inset * MM)
        path.lineTo((inset + length) * MM, inset * MM)
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.setFillColor(NAVY)
    d = 1.7 * MM
    c = 6.2 * MM
    path = canvas.beginPath()
    path.moveTo(c, c - d)
    path.lineTo(c + d, c)
    path.lineTo(c, c + d)
    path.lineTo(c - d, c)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def draw_background(canvas: Canvas, width: float, height: float) -> None:
    """The border of the default A4-landscape template; everything inside 9 mm of the edge is
    left blank because office printers cannot print to the edge."""
    canvas.saveState()
    outer = 9 * MM
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(2.4)
    canvas.rect(outer, outer, width - 2 * outer, height - 2 * outer, stroke=1, fill=0)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.9)
    inner = 11.2 * MM
    canvas.rect(inner, inner, width - 2 * inner, height - 2 * inner, stroke=1, fill=0)
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(0.4)
    hair = 12.4 * MM
    canvas.rect(hair, hair, width - 2 * hair, height - 2 * hair, stroke=1, fill=0)
    for x, y, sx, sy in (
        (hair, hair, 1, 1),
        (width - hair, hair, -1, 1),
        (hair, height - hair, 1, -1),
        (width - hair, height - hair, -1, -1),
    ):
        _corner(canvas, x + sx * 2.2 * MM, y + sy * 2.2 * MM, sx, sy)
    # The guilloche band along the top, parted around the emblem (see the template's image).
    centre = width / 2
    for x0, x1 in ((45 * MM, centre - 22 * MM), (centre + 22 * MM, width - 45 * MM)):
        _guilloche(canvas, x0=x0, x1=x1, y=height - 17.5 * MM, amplitude=2.0 * MM, color=PALE_GOLD)
    # The rule the participant's name sits on, with a diamond at its middle.
    rule_y = 107 * MM
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.8)
    canvas.line(width / 2 - 95 * MM, rule_y, width / 2 - 3 * MM, rule_y)
    canvas.line(width / 2 + 3 * MM, rule_y, width / 2 + 95 * MM, rule_y)
    canvas.setFillColor(GOLD)
    path = canvas.beginPath()
    d = 1.6 * MM
    path.moveTo(width / 2, rule_y - d)
    path.lineTo(width / 2 + d, rule_y)
    path.lineTo(width / 2, rule_y + d)
    path.lineTo(width / 2 - d, rule_y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def make_background_pdf(path: Path, width_mm: float = 297, height_mm: float = 210) -> None:
    canvas = Canvas(str(path), pagesize=(width_mm * MM, height_mm * MM), invariant=True)
    canvas.setTitle("Latar sertifikat Hadir")
    draw_background(canvas, width_mm * MM, height_mm * MM)
    canvas.showPage()
    canvas.save()


def make_emblem(path: Path, pixels: int = 480) -> None:
    """A neutral round emblem (scales of justice) drawn 4x larger and scaled down for smooth
    edges."""
    from PIL import Image, ImageDraw

    big = pixels * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    navy, gold = (0x1F, 0x3A, 0x5F, 255), (0xB0, 0x8D, 0x3C, 255)
    c = big / 2
    draw.ellipse((0, 0, big - 1, big - 1), fill=navy)
    ring = big * 0.045
    draw.ellipse((ring, ring, big - ring, big - ring), fill=(255, 255, 255, 255))
    ring2 = big * 0.075
    draw.ellipse((ring2, ring2, big - ring2, big - ring2), outline=gold, width=int(big * 0.014))
    # Small dots around the ring, like a seal's engraving.
    for k in range(36):
        angle = 2 * math.pi * k / 36
        r = big * 0.40
        x, y = c + r * math.cos(angle), c + r * math.sin(angle)
        dot = big * 0.009
        draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=gold)
    w = big * 0.022
    # Pillar, base and beam.
    draw.rectangle((c - w, big * 0.27, c + w, big * 0.70), fill=navy)
    draw.polygon(
        [
            (c - big * 0.14, big * 0.74),
            (c + big * 0.14, big * 0.74),
            (c + big * 0.08, big * 0.69),
            (c - big * 0.08, big * 0.69),
        ],
        fill=navy,
    )
    draw.rectangle(
        (c - big * 0.24, big * 0.32 - w / 2, c + big * 0.24, big * 0.32 + w / 2), fill=navy
    )
    draw.ellipse((c - w * 2, big * 0.25 - w * 2, c + w * 2, big * 0.25 + w * 2), fill=gold)
    for side in (-1, 1):
        px = c + side * big * 0.22
        top = big * 0.32
        pan_y = big * 0.52
        draw.line((px, top, px - big * 0.09, pan_y), fill=navy, width=int(w * 0.7))
        draw.line((px, top, px + big * 0.09, pan_y), fill=navy, width=int(w * 0.7))
        draw.chord(
            (px - big * 0.11, pan_y - big * 0.07, px + big * 0.11, pan_y + big * 0.07),
            0,
            180,
            fill=gold,
        )
    image.resize((pixels, pixels), Image.Resampling.LANCZOS).save(path, optimize=True)


def main() -> None:
    from sync.documents.templates import templates_dir

    folder = templates_dir()
    make_background_pdf(folder / "sertifikat-standar-latar.pdf")
    make_emblem(folder / "lambang-contoh.png")


if __name__ == "__main__":
    main()
