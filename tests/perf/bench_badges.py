"""Name badges: 2,000 people's badges on A4 sheets, against reportlab's naive path.

Run: ``python tests/perf/bench_badges.py`` (or ``make bench``). Prints ONE JSON line:

- ``badges_per_second``: badges for 2,000 registrants of a desk database into one PDF through the
  service the window and hadir-cli use (reading the registrations, the badge codes, fitting the
  names, QR encoding, drawing, writing, the audit line), layout 2x4 (target >= 500/s);
- ``naive_per_second``: reportlab's straightforward path for the same badge (canvas text, a
  ``QrCodeWidget`` per badge), measured on 200 badges in this run, the same-run reference;
  ``speedup`` is the ratio.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlab.graphics import renderPDF  # noqa: E402
from reportlab.graphics.barcode.qr import QrCodeWidget  # noqa: E402
from reportlab.graphics.shapes import Drawing  # noqa: E402
from reportlab.lib.colors import HexColor  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from desktop.core import invitations  # noqa: E402
from desktop.core.db import Database  # noqa: E402
from desktop.core.demo import create_demo  # noqa: E402
from desktop.core.desk import configure_desk, desk_identity  # noqa: E402
from desktop.core.documents.badges import LAYOUTS, positions  # noqa: E402
from desktop.core.registry import get_event  # noqa: E402
from desktop.services import invitations as service  # noqa: E402
from sync.documents.templates import fonts_dir, load_ttfont  # noqa: E402
from tests.keyring_backend import use_for_this_process  # noqa: E402

use_for_this_process()  # the desk's key in a keyring, as on an office laptop

PEOPLE = 2_000
NAIVE = 200
TARGET = 500
MM = 72.0 / 25.4


def fast_path(folder: Path) -> tuple[float, int, list[invitations.Invitee], str]:
    db = Database(folder / "desk")
    try:
        with db.write() as session:
            configure_desk(session=session, office_code="SULTENG", desk_name="Meja 1")
            event_id = create_demo(
                session=session,
                desk=desk_identity(session=session),
                participants=PEOPLE,
                attended=0,
            ).event_id
        load_ttfont(fonts_dir() / "DejaVuSansCondensed-Bold.ttf")  # parsed once, as a running desk
        started = time.perf_counter()
        result = service.render_badges(
            db, event_id=event_id, out=folder / "badges.pdf", operator="bench", layout="2x4"
        )
        seconds = time.perf_counter() - started
        assert result.badges == PEOPLE, result
        with db.session() as session:
            people = invitations.invitees(session=session, event_id=event_id)[:NAIVE]
            title = get_event(session=session, event_id=event_id).title
        return seconds, result.pages, people, title
    finally:
        db.close()


def naive_path(folder: Path, people: list[invitations.Invitee], title: str) -> float:
    """reportlab as one would first write it: every badge drawn from scratch."""
    sheet = LAYOUTS["2x4"]
    bold = load_ttfont(fonts_dir() / "DejaVuSansCondensed-Bold.ttf")
    regular = load_ttfont(fonts_dir() / "DejaVuSansCondensed.ttf")
    for font in (bold, regular):
        if font.fontName not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(font)
    canvas = Canvas(str(folder / "naive.pdf"), pagesize=(210 * MM, 297 * MM))
    slots = positions(sheet)
    started = time.perf_counter()
    for index, person in enumerate(people):
        x, y = slots[index % len(slots)]
        x, y = x * MM, y * MM
        w, h = sheet.width * MM, sheet.height * MM
        canvas.setFillColor(HexColor("#1F3A5F"))
        canvas.rect(x, y + h * 0.78, w, h * 0.22, stroke=0, fill=1)
        canvas.setFillColor(HexColor("#FFFFFF"))
        canvas.setFont(bold.fontName, 10)
        canvas.drawCentredString(x + w / 2, y + h * 0.86, title[:60])
        canvas.setFillColor(HexColor("#111111"))
        size = 20.0
        while size > 8 and pdfmetrics.stringWidth(person.name, bold.fontName, size) > w * 0.55:
            size -= 0.5
        canvas.setFont(bold.fontName, size)
        canvas.drawString(x + 4 * MM, y + h * 0.5, person.name)
        canvas.setFont(regular.fontName, 9)
        canvas.drawString(x + 4 * MM, y + h * 0.3, person.instansi[:50])
        widget = QrCodeWidget(person.code, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        side = 35 * MM
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, canvas, x + w - side - 4 * MM, y + 6 * MM)
        if index % len(slots) == len(slots) - 1:
            canvas.showPage()
    canvas.save()
    return len(people) / (time.perf_counter() - started)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seconds, pages, people, title = fast_path(folder)
        naive_rate = naive_path(folder, people, title)
    rate = PEOPLE / seconds
    result = {
        "bench": "badges",
        "badges": PEOPLE,
        "pages": pages,
        "seconds": round(seconds, 3),
        "badges_per_second": round(rate, 1),
        "naive_badges": NAIVE,
        "naive_per_second": round(naive_rate, 1),
        "speedup": round(rate / naive_rate, 1),
        "targets": {"badges_per_second": TARGET},
        "pass": bool(rate >= TARGET),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
