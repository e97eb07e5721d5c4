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
        return int(
            session.connection()
            .execute(
                text("SELECT COUNT(*) FROM registration WHERE event_id = :e"), {"e": data.event_id}
            )
            .scalar_one()
        )


def test_preview_mapping_and_row_report(
    qtbot, window: Desk, desk_data: DeskData, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "peserta.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    importer = _open_import(qtbot, window, path)
    dialog = importer.dialog
    preview = importer.preview
    assert preview.header_row == 3 and preview.data_rows == 3
    assert [importer.combos[i].currentData() for i in range(5)] == [
        "",
        "full_name",
        "nip",
        "instansi",
        "",
    ]
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
    # The preview numbers rows as the spreadsheet does (issue 14 item 7): Siti's row is 5 in both.
    assert [dialog.preview.verticalHeaderItem(r).text() for r in range(1, 4)] == ["4", "5", "6"]
    assert dialog.preview.item(2, 1).text() == "Siti Aminah"
    assert "digit ke-15 harus 1 (laki-laki) atau 2 (perempuan)" in dialog.skipped.item(0, 1).text()
    assert _registered(desk_data) == before + 2
    with desk_data.db.session() as session:
        unit_kerja = (
            session.connection()
            .execute(text("SELECT unit_kerja FROM participant WHERE nip = '198609262015051001'"))
            .scalar_one()
        )
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


def test_the_preview_opens_with_no_name_column_recognised(
    qtbot, window: Desk, desk_data: DeskData, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Headers Hadir does not know: every column still has its combo and the clerk maps the name."""
    path = tmp_path / "odd.csv"
    path.write_text(
        "Nama Pegawai;Nomor Pegawai;Kantor\nAhmad Yani, S.H.;19860926 201505 1 001;Pemkot Palu\n",
        encoding="utf-8",
    )
    importer = _open_import(qtbot, window, path)
    dialog = importer.dialog
    assert len(importer.combos) == 3 and all(c.currentData() == "" for c in importer.combos)
    assert not dialog.run.isEnabled()
    assert dialog.error.text() == "Belum ada kolom yang dipetakan ke Nama."
    for column, name in enumerate(("full_name", "nip", "instansi")):
        importer.combos[column].setCurrentIndex(importer.combos[column].findData(name))
    assert dialog.run.isEnabled() and not dialog.error.isVisible()
    before = _registered(desk_data)
    with qtbot.waitSignal(importer.imported, timeout=10_000):
        qtbot.keyClick(dialog.run, Qt.Key.Key_Space)
    assert importer.summary.imported == 1 and _registered(desk_data) == before + 1
    with desk_data.db.session() as session:
        instansi = (
            session.connection()
            .execute(text("SELECT instansi FROM participant WHERE nip = '198609262015051001'"))
            .scalar_one()
        )
    assert instansi == "Pemkot Palu"


def test_the_result_names_what_was_not_imported_and_the_sheets(
    qtbot, window: Desk, desk_data: DeskData, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from tests.desktop.fixtures.prereg.workbooks import kanwil_workbook

    path = kanwil_workbook(tmp_path / "kanwil.xlsx")
    workbook = load_workbook(path)
    palu = workbook["Kota Palu"]
    palu.insert_cols(8)  # an EMAIL column before KET
    palu["H4"] = "EMAIL"
    palu["H6"] = "ahmad@palu.go.id"
    palu["H7"] = "siti@dinsos,palu.go.id"  # a comma for the dot: imported without it
    donggala = workbook["Kab. Donggala"]
    donggala["C6"] = "19870314201001100"  # the first person's NIP, one digit short
    workbook.save(path)
    importer = _open_import(qtbot, window, path)
    dialog = importer.dialog
    assert importer.preview.sheet == "Kota Palu"
    assert importer.preview.lists == ["Kota Palu", "Kab. Donggala"]
    assert "“Kota Palu”, “Kab. Donggala”" in dialog.info.text()
    assert [dialog.preview.verticalHeaderItem(r).text() for r in range(1, 3)] == ["5", "6"]
    with qtbot.waitSignal(importer.imported, timeout=10_000):
        qtbot.keyClick(dialog.run, Qt.Key.Key_Space)
    summary = importer.summary
    assert (summary.imported, len(summary.warnings), summary.not_people) == (4, 1, 16)
    text_shown = dialog.summary.text()
    assert "4 peserta baru terdaftar" in text_shown and "1 baris dilewati" in text_shown
    assert "1 peserta diimpor dengan catatan" in text_shown
    assert "16 baris bukan data peserta" in text_shown
    assert "Lembar yang tidak dibaca: “REKAP”" in text_shown
    assert dialog.skipped.item(0, 0).text() == "Kab. Donggala, 6"
    assert (
        dialog.skipped.item(0, 1).text()
        == "Nomor ini 17 digit. NIP dan NI PPPK 18 digit, NIK 16 digit."
    )
    # Siti (Kota Palu, row 7) is imported without her mistyped address, and the list says so.
    assert dialog.skipped.rowCount() == 2 and dialog.skipped.item(1, 0).text() == "Kota Palu, 7"
    assert dialog.skipped.item(1, 1).text() == (
        "Diimpor, dengan catatan: Alamat email “siti@dinsos,palu.go.id” tidak valid sehingga tidak "
        "dipakai; perbaiki di tab Peserta."
    )


def test_the_clerk_can_import_one_sheet_of_a_workbook(
    qtbot, window: Desk, desk_data: DeskData, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.desktop.fixtures.prereg.workbooks import DONGGALA, kanwil_workbook

    importer = _open_import(qtbot, window, kanwil_workbook(tmp_path / "kanwil.xlsx"))
    dialog = importer.dialog
    assert dialog.sheet.isVisibleTo(dialog)
    assert [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())] == [
        "Semua lembar berisi daftar",
        "Kota Palu",
        "Kab. Donggala",
    ]
    first = importer.preview
    dialog.sheet.setCurrentIndex(dialog.sheet.findData("Kab. Donggala"))
    qtbot.waitUntil(lambda: importer.preview is not first and not dialog.progress.isVisible())
    assert importer.preview.sheet == "Kab. Donggala" and importer.preview.only == "Kab. Donggala"
    assert dialog.preview.item(2, 1).text() == DONGGALA[0][0]  # row 6, under the column numbers
    assert dialog.sheet.currentData() == "Kab. Donggala"
    with qtbot.waitSignal(importer.imported, timeout=10_000):
        qtbot.keyClick(dialog.run, Qt.Key.Key_Space)
    assert importer.summary.imported == len(DONGGALA)
    assert [s["name"] for s in importer.summary.sheets if s["read"]] == ["Kab. Donggala"]
    assert "Lembar yang tidak dibaca: “REKAP”, “Kota Palu”" in dialog.summary.text()
