"""Badge codes and badges: the code checks its person in through the scan field's service, another
event's code gives the red card, and the QR decoded from a rendered badge sheet does the same."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from desktop.cli import main as cli_main
from desktop.core import badge_code
from desktop.core.db import Database
from desktop.core.errors import HadirError
from desktop.services import checkin
from tests.desktop.certificate_support import make_event as make_sample
from tests.desktop.certificate_support import rasterise
from tests.desktop.helpers import NIP_AHMAD, NIP_SITI, desk, make_event, register


def scan(db: Database, event_id: str, entry: str) -> checkin.EntryResult:
    """What the check-in screen does on Enter."""
    return checkin.check_in_entry(
        db, event_id=event_id, day=1, entry=entry, desk=desk(db), operator="Rina"
    )


def test_code_shape_is_stable_and_reveals_nothing() -> None:
    code = badge_code.badge_code("01EVENT", "01PERSON")
    assert code == badge_code.badge_code("01EVENT", "01PERSON")
    assert code != badge_code.badge_code("01EVENT2", "01PERSON")
    assert code.startswith("HDR-") and len(code) == 19
    assert "PERSON" not in code and not code.replace("-", "").isdigit()
    # Typed by hand: case, spaces, dashes and look-alikes do not matter.
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert badge_code.parse(typed) == badge_code.parse(code)
    assert badge_code.parse("198609262015051001") is None
    assert badge_code.parse("HDR-1234") is None


def test_badge_code_checks_in_and_another_events_code_is_red(db: Database) -> None:
    event = make_event(db)
    other = make_event(db, title="Rapat Koordinasi Pelayanan Publik")
    ahmad = register(db, event, "Dr. Ahmad Yani, S.H.", NIP_AHMAD)
    siti = register(db, other, "Siti Nurhaliza", NIP_SITI)
    code = badge_code.badge_code(event, ahmad)
    assert checkin.is_code(code) and checkin.is_code(code.lower())

    first = scan(db, event, code.lower().replace("-", ""))
    assert first.outcome is checkin.Outcome.CHECKED_IN and first.person is not None
    assert first.person.participant_id == ahmad
    assert scan(db, event, code).outcome is checkin.Outcome.ALREADY

    with pytest.raises(HadirError) as other_event:
        scan(db, event, badge_code.badge_code(other, siti))
    assert other_event.value.code == "badge_other_event"
    assert other_event.value.params["title"] == "Rapat Koordinasi Pelayanan Publik"
    with pytest.raises(HadirError) as unknown_event:
        scan(db, event, badge_code.badge_code("01NOTONTHISDESK", siti))
    assert unknown_event.value.code == "badge_other_event_unknown"
    with pytest.raises(HadirError) as mistyped:
        scan(db, event, code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert mistyped.value.code == "badge_code_unknown"
    # Nobody was checked in by the refused codes.
    assert checkin.day_count(db, event_id=event, day=1).present == 1
    assert checkin.day_count(db, event_id=other, day=1).present == 0


def test_a_registration_made_after_the_first_scan_is_found(db: Database) -> None:
    event = make_event(db)
    ahmad = register(db, event, "Ahmad Yani", NIP_AHMAD)
    scan(db, event, badge_code.badge_code(event, ahmad))
    # A registration arriving later (walk-in, sync) is not in the cached tags yet.
    siti = register(db, event, "Siti Nurhaliza", NIP_SITI)
    result = scan(db, event, badge_code.badge_code(event, siti))
    assert result.outcome is checkin.Outcome.CHECKED_IN


# --------------------------------------------------------------------------- badge sheets


def decode_all(png: Path) -> list[str]:
    with Image.open(png) as image:
        return sorted(str(found.text) for found in zxingcpp.read_barcodes(image))


@pytest.mark.parametrize(("layout", "per_page"), [("2x4", 8), ("2x5", 10), ("card", 10)])
def test_cli_renders_badges_whose_qr_codes_check_people_in(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], layout: str, per_page: int
) -> None:
    sample = make_sample(db, participants=per_page + 1)
    other = make_event(db, title="Rapat Koordinasi Pelayanan Publik")
    stranger = register(db, other, "Siti Nurhaliza", NIP_SITI)
    data_dir = str(db.folder)
    out = tmp_path / f"badges-{layout}.pdf"
    args = ["badges", "render", "--event", sample.event_id, "--out", str(out), "--layout", layout]
    code = cli_main(["--data-dir", data_dir, *args, "--json"])
    rendered = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0 and rendered == {"pages": 2, "badges": per_page + 1}
    assert len(PdfReader(str(out)).pages) == 2
    with db.session() as session:
        last = session.connection().exec_driver_sql(
            "SELECT action FROM audit_entry ORDER BY at DESC, rowid DESC LIMIT 1"
        )
        assert last.scalar_one() == "badges.render"
    # Every badge on page 1 decodes, each to its own person's code.
    codes = decode_all(rasterise(out, 1, dpi=110))
    expected = {badge_code.badge_code(sample.event_id, p) for p in sample.participant_ids}
    assert len(codes) == per_page and set(codes) <= expected
    for found in codes:
        assert scan(db, sample.event_id, found).outcome is checkin.Outcome.CHECKED_IN
    assert checkin.day_count(db, event_id=sample.event_id, day=1).present == per_page
    # The names are on the page as text, titles kept (searchable, and what a reader sees).
    text = PdfReader(str(out)).pages[0].extract_text()
    assert sample.names[0] in " ".join(text.split())
    with pytest.raises(HadirError) as refused:
        scan(db, sample.event_id, badge_code.badge_code(other, stranger))
    assert refused.value.code == "badge_other_event"


def test_long_names_shrink_then_wrap_inside_their_box() -> None:
    from desktop.core.documents.badges import LAYOUTS, NAME_MIN_SIZE, _Geometry, fit_name
    from sync.documents.pdfwriter import MM, PdfWriter
    from sync.documents.templates import fonts_dir, load_ttfont

    writer = PdfWriter(io.BytesIO())
    font = writer.font(load_ttfont(fonts_dir() / "DejaVuSansCondensed-Bold.ttf"))
    box = _Geometry(LAYOUTS["card"]).name
    short = fit_name(font, "Budi", box)
    assert short.lines == ("Budi",) and short.size == box.size
    medium = fit_name(font, "Siti Nurhaliza", box)  # shrunk a little, still one line
    assert len(medium.lines) == 1 and NAME_MIN_SIZE <= medium.size < box.size
    titled = fit_name(font, "Dr. H. Ahmad Yani, S.H.", box)  # two lines, not three
    assert len(titled.lines) == 2 and titled.size >= NAME_MIN_SIZE
    long_name = "Prof. Dr. Ir. Hj. Andi Mappanyukki Tandiarrang Daeng Matutu, S.H., M.H., M.Si."
    fitted = fit_name(font, long_name, box)
    assert 1 < len(fitted.lines) <= 3 and " ".join(fitted.lines) == long_name
    assert max(fitted.widths) <= box.width * MM + 0.01
    height = (font.ascent - font.descent) * fitted.size + (len(fitted.lines) - 1) * (
        box.line_height * fitted.size
    )
    assert height <= box.height * MM + 0.01


def test_an_unknown_layout_is_refused_with_the_choices(db: Database, tmp_path: Path) -> None:
    from desktop.services import invitations

    sample = make_sample(db, participants=1)
    with pytest.raises(HadirError) as refused:
        invitations.render_badges(
            db, event_id=sample.event_id, out=tmp_path / "x.pdf", operator="Rina", layout="3x8"
        )
    assert refused.value.code == "badge_layout" and not (tmp_path / "x.pdf").exists()


# --------------------------------------------------------------------------- the window


def test_a_badge_code_typed_into_the_scan_field_checks_in_and_another_events_is_red(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from desktop.services import invitations
    from tests.desktop import ui_support

    db = Database(tmp_path / "desk")
    try:
        data = ui_support.make_desk(db, participants=3)
        other = make_event(db, title="Rapat Koordinasi Pelayanan Publik")
        stranger = register(db, other, "Siti Nurhaliza", NIP_SITI)
        out = tmp_path / "badges.pdf"
        invitations.render_badges(db, event_id=data.event_id, out=out, operator="Rina")
        code = decode_all(rasterise(out, 1, dpi=110))[0]
        desk_window = ui_support.open_desk(qtbot, db)
        try:
            ui_support.sign_in(qtbot, desk_window)
            w = desk_window.window
            qtbot.waitUntil(lambda: w.events.table.rowCount() >= 1)
            # The demo event is the one checked in here; open it (the other event has no date
            # today, so it is listed after it).
            row = next(
                r
                for r in range(w.events.table.rowCount())
                if "Rapat Koordinasi" not in w.events.table.item(r, 0).text()
                and "Rapat Koordinasi" not in w.events.table.item(r, 1).text()
            )
            w.events.table.selectRow(row)
            with qtbot.waitSignal(desk_window.controller.event_opened):
                qtbot.keyClick(w.events.table, Qt.Key.Key_Return)
            view, screen = w.checkin, desk_window.controller.checkin
            assert screen.current_event is not None and screen.current_event.id == data.event_id
            with qtbot.waitSignal(screen.card_changed, check_params_cb=lambda k: k == "result"):
                qtbot.keyClicks(view.search, code)
                qtbot.keyClick(view.search, Qt.Key.Key_Return)
            assert view.card.status.text() == "HADIR"
            wrong = badge_code.badge_code(other, stranger)
            with qtbot.waitSignal(screen.card_changed, check_params_cb=lambda k: k == "error"):
                qtbot.keyClicks(view.search, wrong)
                qtbot.keyClick(view.search, Qt.Key.Key_Return)
            assert view.card.name.text() == (
                "Kode undangan acara lain: Rapat Koordinasi Pelayanan Publik."
            )
        finally:
            desk_window.close()
    finally:
        db.close()


def test_the_certificates_screen_previews_and_prints_badge_sheets(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtPrintSupport import QPrinter

    from desktop.services.desk import set_last_event
    from tests.desktop import ui_support

    db = Database(tmp_path / "desk")
    try:
        data = ui_support.make_desk(db, participants=12)
        set_last_event(db, event_id=data.event_id, operator=ui_support.ADMIN)
        desk_window = ui_support.open_desk(qtbot, db)
        try:
            ui_support.sign_in(qtbot, desk_window)
            controller = desk_window.controller.certificates
            view = desk_window.window.certificates
            qtbot.waitUntil(lambda: controller.current_event is not None)
            with qtbot.waitSignal(controller.loaded, timeout=20_000):
                qtbot.keyClick(
                    desk_window.window.desk, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier
                )
            out = tmp_path / "printed.pdf"
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(out))
            asked: list[tuple[float, float]] = []

            def choose(_parent, width, height):  # type: ignore[no-untyped-def]
                asked.append((round(width), round(height)))
                return printer

            controller.choose_printer = choose
            view.badge_layout.setCurrentIndex(view.badge_layout.findData("card"))
            with qtbot.waitSignal(controller.printed, timeout=60_000) as printed:
                qtbot.mouseClick(view.badges, Qt.MouseButton.LeftButton)
            assert printed.args == [2] and asked == [(210, 297)]  # 12 cards, 10 a sheet
            image = controller.preview_image
            assert image is not None and image.width() / image.height() == pytest.approx(
                210 / 297, rel=0.01
            )
            assert "12 peserta pada 2 lembar" in view.preview_caption.text()
            # The printed sheet's QR codes are the registrants' codes and check them in.
            codes = decode_all(rasterise(out, 1, dpi=110))
            assert len(codes) == 10
            assert scan(db, data.event_id, codes[0]).outcome is checkin.Outcome.CHECKED_IN
            desk_window.window.resize(1366, 768)
            qtbot.wait(200)
            desk_window.window.grab().save(str(tmp_path / "screen.png"))
        finally:
            desk_window.close()
    finally:
        db.close()
