"""The import dialog: detected columns, an unrecognised column mapped by hand, the skipped-row
report in Indonesian, and a cancelled import that changes nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import text

from desktop.app import Desk
from tests.desktop import ui_support
from tests.desktop.ui_support import DeskData, sign_in

CSV = (
    "Daftar Peserta Pelatihan HAM\n"
    "\n"
    "No;Nama Lengkap;NIP;Asal Instansi;Kantor Cabang\n"
    "1;Ahmad Yani, S.H.;19860926 201505 1 001;Pemerintah Kota Palu;Cabang Utara\n"
    "2;Siti Aminah;19860926 201505 7 002;Dinas Sosial;Cabang Selatan\n"
    "3;Dewi Lestari, M.Si.;199001152019032004;RSUD Palu;Cabang Timur\n"
)

# Fixtures shared by the window tests.
desk_data = ui_support.desk_data
window = ui_support.window


def _open_import(qtbot, desk: Desk, path: Path):  # type: ignore[no-untyped-def]
    sign_in(qtbot, desk)
    w = desk.window
    qtbot.waitUntil(lambda: w.events.table.rowCount() == 1)
    desk.controller.events.import_row(0, path=path)
    importer = desk.controller.events.importer
    qtbot.waitUntil(lambda: importer.preview is not None)
    return importer


def _registered(data: DeskData) -> int:
    with data.db.session() as session:
        return int(session.connection().execute(
            text("SELECT COUNT(*) FROM registration WHERE event_id = :e"), {"e": data.event_id}
        ).scalar_one())  # fmt: skip


def test_preview_mapping_and_row_report(
    qtbot, window: Desk, desk_data: DeskData, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "peserta.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    importer = _open_import(qtbot, window, path)
    dialog = importer.dialog
    preview = importer.preview
    assert preview.header_row == 3 and preview.data_rows == 3
    assert [importer.combos[i].currentData() for i in range(5)] == ["", "full_name", "nip",
                                                                     "instansi", ""]  # fmt: skip
    assert preview.unrecognised == [4]  # "Kantor Cabang"
    assert "Kantor Cabang" in dialog.info.text()
    # The clerk says the unrecognised column is the unit kerja.
    unit = importer.combos[4]
    unit.setCurrentIndex(unit.findData("unit_kerja"))
    assert importer.column_map() == {1: "full_name", 2: "nip", 3: "instansi", 4: "unit_kerja"}
    before = _registered(desk_data)
    with qtbot.waitSignal(importer.imported, timeout=10_000):
        qtbot.keyClick(dialog.run, Qt.Key.Key_Space)
    summary = importer.summary
    assert (summary.imported, len(summary.skipped)) == (2, 1)
    assert "2 peserta baru terdaftar" in dialog.summary.text()
    assert dialog.skipped.rowCount() == 1
    assert dialog.skipped.item(0, 0).text() == "5"
    assert "digit ke-15 harus 1 (laki-laki) atau 2 (perempuan)" in dialog.skipped.item(0, 1).text()
    assert _registered(desk_data) == before + 2
    with desk_data.db.session() as session:
        unit_kerja = session.connection().execute(
            text("SELECT unit_kerja FROM participant WHERE nip = '198609262015051001'")).scalar_one()  # fmt: skip
    assert unit_kerja == "Cabang Utara"


def test_mapping_nothing_to_the_name_refuses(qtbot, window: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "peserta.csv"
    path.write_text(CSV, encoding="utf-8")
    importer = _open_import(qtbot, window, path)
    name = importer.combos[1]
    name.setCurrentIndex(name.findData(""))
    assert not importer.dialog.run.isEnabled()
    assert "Nama" in importer.dialog.error.text()


def test_a_cancelled_import_changes_nothing(
    qtbot, window: Desk, desk_data: DeskData, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "peserta.csv"
    path.write_text(CSV, encoding="utf-8")
    importer = _open_import(qtbot, window, path)
    before = _registered(desk_data)
    # Hold the write lock so the import waits at its transaction; cancel; let it go.
    with desk_data.db.write_lock:
        importer.run()
        importer.cancel()
    qtbot.waitUntil(lambda: importer.task is None, timeout=10_000)
    assert importer.summary is None
    assert "dihentikan" in importer.dialog.error.text()
    assert _registered(desk_data) == before


def test_an_unreadable_file_is_refused_with_a_sentence(qtbot, window: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "kosong.csv"
    path.write_text("", encoding="utf-8")
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.window.events.table.rowCount() == 1)
    window.controller.events.import_row(0, path=path)
    importer = window.controller.events.importer
    qtbot.waitUntil(lambda: importer.dialog.error.isVisible())
    # The window's own sentence (issue 14 item 6); the core's English one goes to the log.
    assert importer.dialog.error.text().startswith("Berkas ini tidak dapat diimpor")
