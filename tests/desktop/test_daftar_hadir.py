"""The daftar hadir (attendance sheet) and the attendance export."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream
from sqlalchemy import text

from desktop.core import reports
from desktop.core.db import Database
from desktop.core.documents import daftar_hadir
from desktop.core.errors import HadirError
from tests.desktop.certificate_support import check_in, make_event, rasterise


def numbered_rows(page: PageObject) -> list[int]:
    """The row numbers printed in the No column of a page, top to bottom."""
    left = daftar_hadir.MARGIN_X * daftar_hadir.MM
    right = left + 8 * daftar_hadir.MM
    found: list[tuple[float, int]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip().isdigit() and left <= tm[4] <= right:
            found.append((-tm[5], int(text)))

    page.extract_text(visitor_text=visit)
    return [number for _y, number in sorted(found)]


def test_95_participants_fill_the_expected_pages_in_order(db: Database, tmp_path: Path) -> None:
    sample = make_event(db, participants=95, days=2)
    present = sample.participant_ids[:60]
    check_in(db, sample, present, day=1, minute=5)
    out = tmp_path / "dh.pdf"
    with db.session() as session:
        result = reports.write_daftar_hadir(
            session=session, event_id=sample.event_id, day=1, out=out
        )
    assert (result.pages, result.rows, result.present, result.absent) == (4, 95, 60, 35)

    reader = PdfReader(out)
    assert len(reader.pages) == 4
    expected = daftar_hadir.paginate(95)
    assert expected[0] == daftar_hadir.ROWS_FIRST_PAGE
    assert all(count == daftar_hadir.ROWS_LATER_PAGE for count in expected[1:-1])
    texts = [page.extract_text() for page in reader.pages]
    seen = []
    for page, count in zip(reader.pages, expected, strict=True):
        rows = numbered_rows(page)
        assert len(rows) == count
        seen += rows
    assert seen == list(range(1, 96))
    everything = "\n".join(texts)
    for name in sample.names:
        assert name.split(",")[0] in everything.replace("\n", " ")
    assert "DAFTAR HADIR" in texts[0] and "Senin, 23 November 2026 (hari ke-1 dari 2)" in texts[0]
    assert "08.00 – 16.00 WITA" in texts[0] and "Hotel Santika Palu" in texts[0]
    assert "Halaman 1 dari 4" in texts[0] and "Halaman 4 dari 4" in texts[3]
    assert re.search(r"Hadir\s*:\s*60 orang", texts[3])
    assert re.search(r"Tidak hadir\s*:\s*35 orang", texts[3])
    assert everything.count("tidak hadir") == 35
    assert "Kepala Kantor Wilayah," in texts[3]
    assert "Palu, 23 November 2026" in texts[3]
    assert re.search(r"Jam\s*\(WITA\)", texts[0])
    assert re.search(r"\b08\.0[5-9]\b", texts[0])  # check-in times in the event's zone


def test_blank_sheet_has_no_times_and_counts_left_to_fill_in(db: Database, tmp_path: Path) -> None:
    sample = make_event(db, participants=30, days=1, timezone="Asia/Jayapura")
    check_in(db, sample, sample.participant_ids[:10])
    out = tmp_path / "blank.pdf"
    with db.session() as session:
        result = reports.write_daftar_hadir(
            session=session, event_id=sample.event_id, day=1, out=out, blank=True
        )
    assert (result.present, result.absent) == (None, None)
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Jam (" not in text and "tidak hadir" not in text
    assert "08.00 – 16.00 WIT" in text
    assert re.search(r"Hadir\s*:\s*\.{4,} orang", text)
    assert re.search(r"Jumlah peserta terdaftar\s*:\s*30 orang", text)


def test_signature_column_is_staggered_odd_left_even_right(db: Database, tmp_path: Path) -> None:
    sample = make_event(db, participants=6, days=1)
    out = tmp_path / "stagger.pdf"
    with db.session() as session:
        reports.write_daftar_hadir(
            session=session, event_id=sample.event_id, day=1, out=out, blank=True
        )
    positions: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if re.fullmatch(r"\d\.", text.strip()):
            positions[text.strip()] = tm[4]

    PdfReader(out).pages[0].extract_text(visitor_text=visit)
    assert set(positions) == {"1.", "2.", "3.", "4.", "5.", "6."}
    odd = {positions[f"{n}."] for n in (1, 3, 5)}
    even = {positions[f"{n}."] for n in (2, 4, 6)}
    assert len(odd) == 1 and len(even) == 1
    column = dict(daftar_hadir._columns(True))["Tanda Tangan"]
    assert even.pop() - odd.pop() == pytest.approx(column / 2 * daftar_hadir.MM, abs=0.5)


def test_the_sheet_looks_right_when_rasterised(db: Database, tmp_path: Path) -> None:
    from PIL import Image

    sample = make_event(db, participants=3, days=1)
    out = tmp_path / "look.pdf"
    with db.session() as session:
        reports.write_daftar_hadir(session=session, event_id=sample.event_id, day=1, out=out)
    with Image.open(rasterise(out, 1, dpi=40)) as page:
        assert page.size == (round(210 / 25.4 * 40), round(297 / 25.4 * 40))  # A4 portrait
        grey = page.convert("L")
    margin = round(daftar_hadir.MARGIN_X / 25.4 * 40) - 2
    left_strip = grey.crop((0, 0, margin, grey.height))
    assert sum(left_strip.histogram()[:200]) == 0  # nothing in the left margin


def font_sizes(pdf: Path) -> list[float]:
    """Every size a Tf operator sets on any page: what the sheet really prints at."""
    reader = PdfReader(pdf)
    sizes = []
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                sizes.append(float(operands[1]))
    return sizes


@pytest.mark.parametrize(
    ("given", "printed"),
    [
        ("Pembina / IV.a", "IV/a"),
        ("IV/a Pembina", "IV/a"),
        ("III/c Penata", "III/c"),
        ("Pembina Tk. I (IV/b)", "IV/b"),
        ("Penata Muda Tk. I - III-b", "III/b"),
        ("iv.e", "IV/e"),
        ("II a", "II/a"),
        ("IX", "IX"),
        ("Gol. XVII", "XVII"),
        ("Juru Muda Tingkat I", "I/b"),  # the pangkat alone names the golongan
        ("pembina utama muda", "IV/c"),
        ("Pengatur Teknis", "Pengatur Teknis"),  # neither code nor pangkat: printed as given
        ("", ""),
    ],
)
def test_the_gol_column_prints_the_code_as_offices_write_it(given: str, printed: str) -> None:
    assert daftar_hadir.golongan_code(given) == printed


def test_nothing_on_the_sheet_is_set_below_7_pt(db: Database, tmp_path: Path) -> None:
    sample = make_event(db, participants=4, days=1)
    long_unit = (
        "Bidang Pengembangan Kompetensi Manajerial dan Fungsional, Badan Pengembangan "
        "Sumber Daya Manusia Daerah Provinsi Sulawesi Tengah, Kantor Wilayah Kementerian "
        "Hukum dan Hak Asasi Manusia"
    )
    long_name = (
        "Prof. Dr. Ir. Hj. Andi Nurhayati Mappanyukki Daeng Matene, S.H., M.H., M.Si., M.Kn."
    )
    golongan = ["Pembina / IV.a", "Penata Muda Tk. I (III/b)", "Ahli Pertama Fungsional", "IX"]
    with db.write() as session:
        connection = session.connection()
        for participant_id, gol in zip(sample.participant_ids, golongan, strict=True):
            connection.execute(
                text(
                    "UPDATE participant SET golongan = :g, unit_kerja = :u, full_name = :n "
                    "WHERE id = :id"
                ),
                {"g": gol, "u": long_unit, "n": long_name, "id": participant_id},
            )
        connection.execute(
            text("UPDATE event SET title = :t, venue = :v WHERE id = :id"),
            {
                "t": "Pelatihan Kepemimpinan Administrator Angkatan XXIV Tahun Anggaran 2026 " * 3,
                "v": "Aula Lantai 3 Gedung Badan Pengembangan Sumber Daya Manusia Daerah " * 3,
                "id": sample.event_id,
            },
        )
    for blank in (True, False):
        out = tmp_path / f"small-{blank}.pdf"
        with db.session() as session:
            reports.write_daftar_hadir(
                session=session, event_id=sample.event_id, day=1, out=out, blank=blank
            )
        sizes = font_sizes(out)
        assert sizes and min(sizes) >= daftar_hadir.MIN_SIZE - 1e-6, (blank, min(sizes))
        printed = PdfReader(out).pages[0].extract_text()
        assert "IV/a" in printed and "III/b" in printed and "Pembina" not in printed
        assert "Ahli" in printed  # neither code nor pangkat: printed, wrapped
        assert "…" in printed  # what cannot fit even on three lines is cut, visibly


def test_pagination_leaves_room_for_the_closing_block() -> None:
    for rows in range(0, 200):
        pages = daftar_hadir.paginate(rows)
        assert sum(pages) == rows
        header = daftar_hadir.FIRST_HEADER if len(pages) == 1 else daftar_hadir.LATER_HEADER
        body = daftar_hadir.PAGE_HEIGHT - daftar_hadir.MARGIN_TOP - daftar_hadir.MARGIN_BOTTOM
        used = header + (
            daftar_hadir.TABLE_HEADER_ROW + pages[-1] * daftar_hadir.ROW if pages[-1] else 0
        )
        assert used + daftar_hadir.CLOSING_BLOCK <= body


def test_a_day_outside_the_event_is_refused(db: Database, tmp_path: Path) -> None:
    sample = make_event(db, participants=1, days=2)
    with db.session() as session, pytest.raises(HadirError, match="Day 3"):
        reports.write_daftar_hadir(
            session=session, event_id=sample.event_id, day=3, out=tmp_path / "x.pdf"
        )


def test_attendance_export_xlsx_and_csv(db: Database, tmp_path: Path) -> None:
    sample = make_event(db, participants=12, days=2, min_days=2)
    check_in(db, sample, sample.participant_ids[:8], day=1, minute=10)
    check_in(db, sample, sample.participant_ids[:5], day=2, minute=20)
    with db.session() as session:
        xlsx = reports.export_attendance(
            session=session, event_id=sample.event_id, out=tmp_path / "hadir.xlsx"
        )
        csv_result = reports.export_attendance(
            session=session, event_id=sample.event_id, out=tmp_path / "hadir.csv"
        )
    assert xlsx.rows == csv_result.rows == 12
    book = load_workbook(tmp_path / "hadir.xlsx")
    sheet = book["Kehadiran"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("No", "Nama", "NIP / NI PPPK")
    assert "Hari 1 (23/11) WITA" in header and "Hari 2 (24/11) WITA" in header
    assert len(rows) == 13
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    first = by_name[sample.names[0]]
    assert first["Hari 1 (23/11) WITA"] == "08.10"
    assert first["Hari 2 (24/11) WITA"] == "08.20"
    assert first["Hari hadir"] == 2 and first["Memenuhi syarat sertifikat"] == "Ya"
    assert by_name[sample.names[6]]["Memenuhi syarat sertifikat"] == "Tidak"
    assert " " in str(first["NIP / NI PPPK"])  # printed form: Excel keeps it as text
    assert "Email" not in header and "Telepon" not in header

    raw = (tmp_path / "hadir.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    with (tmp_path / "hadir.csv").open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle, delimiter=";"))
    assert table[0] == list(header)
    assert len(table) == 13

    with db.session() as session, pytest.raises(HadirError, match=r"\.xlsx or \.csv"):
        reports.export_attendance(session=session, event_id=sample.event_id, out=tmp_path / "x.pdf")
