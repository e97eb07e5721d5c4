"""An office's page (issue 19 item 3) in a real headless Chromium, on SQLite and PostgreSQL: from
the national page a click on an office opens its page, which shows that office's figures and its
events with the people registered, attended and certified (counted here from the plan); a figure
downloads as CSV with the page's numbers; an HQ admin's target set in the national page's form
shows on both pages; coverage names the largest agencies of the (made-up) list not yet reached.
Office staff see only their office (``_visible_office``)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sync.clock import utcnow
from sync.hq import admin
from sync.hq.cli import main
from sync.hq.dashboard.national_pages import _visible_office
from sync.hq.db import write_session
from sync.hq.errors import NotFound
from sync.offices import load_offices
from tests.hq.helpers import Hq
from tests.hq.test_national import COVERAGE_PLAN, FIXTURE_AGENCIES, push_coverage_plan
from tests.hq.test_national_page import PASSWORD, browser  # noqa: F401  (the fixture)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_from_the_national_page_to_an_office(
    hq: Hq,
    browser: Browser,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    event_ids = push_coverage_plan(hq)
    listed = tmp_path / "instansi.csv"
    listed.write_text(FIXTURE_AGENCIES, encoding="utf-8")
    url = hq.settings.effective_database_url
    assert main(["agencies", "import", str(listed), "--database-url", url]) == 0
    capsys.readouterr()
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{hq.url}/dashboard/login")
    page.fill("#username", "pusat")
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.goto(f"{hq.url}/dashboard/national?year=2026")

    # Coverage on the national page: the list is loaded, its largest unreached are named.
    assert page.inner_text("#agencies-reached") == "5"
    unreached = page.locator("#unreached tr td:first-child").all_inner_texts()
    assert unreached[0] == "Pemerintah Kabupaten Poso"

    # A target set in the form shows.
    page.select_option("#target-scope", "SULTENG")
    page.fill("#target-people", "1500")
    page.click("#target-save")
    page.wait_for_selector("#target-saved")
    sulteng_row = page.locator("#offices tr[data-office='SULTENG']")
    assert sulteng_row.locator("td.target").inner_text() == "1.500"
    if "sqlite" in url:
        page.screenshot(path=str(SCREENSHOTS / "hq-national.png"), full_page=True)

    # Click the office: its page, its figures, its events.
    sulteng_row.locator("a.office-link").click()
    page.wait_for_selector("#events")
    assert "/dashboard/offices/SULTENG" in page.url
    plan = [row for row in COVERAGE_PLAN if row[0] == "SULTENG"]
    certified = [row for row in plan if not row[5]]
    assert page.inner_text("#people-trained") == str(len(certified))
    assert page.inner_text("#office-target") == "1.500"
    event = page.locator(f"#events tr[data-event='{event_ids['SULTENG']}']")
    assert event.locator("td.registered").inner_text() == str(len(plan))
    assert event.locator("td.attended").inner_text() == str(sum(1 for row in plan if row[6]))
    assert event.locator("td.certified").inner_text() == str(len(certified))
    assert page.locator("#desks tr[data-desk]").count() == 1
    assert "WITA" in page.locator("#desks td.last-contact").inner_text()
    assert page.locator("#events tr[data-event]").count() == 1  # not Aceh's
    unreached = page.locator("#unreached tr td:first-child").all_inner_texts()
    assert unreached == ["Pemerintah Kabupaten Poso", "Pemerintah Kota Luwuk"]
    if "sqlite" in url:
        page.screenshot(path=str(SCREENSHOTS / "hq-office.png"), full_page=True)

    # Its events as CSV: the page's numbers.
    with page.expect_download() as download:
        page.click("#export-kegiatan-csv")
    assert download.value.suggested_filename == "sulteng-kegiatan-2026.csv"
    content = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0] == ["Kegiatan", "Tanggal", "Cara", "JP", "Terdaftar", "Hadir", "Bersertifikat"]
    assert rows[1][4:] == [str(len(plan)), "2", str(len(certified))]
    desks = page.request.get(f"{hq.url}/dashboard/export/offices/SULTENG/meja.csv")
    assert desks.status == 200 and "Meja Palu;" in desks.text() and "Meja Aceh" not in desks.text()
    provinces = page.request.get(f"{hq.url}/dashboard/export/national/provinsi.csv?year=2026")
    assert "Sulawesi Tengah;4;3;4;2" in provinces.text()  # p1..p4; Palu, Donggala, Sigi

    # The office filter on the national page is the office's page; mode narrows the figures.
    page.goto(f"{hq.url}/dashboard/national?year=2026")
    page.select_option("#office", "ACEH")
    page.select_option("#mode", "daring")
    page.click("#apply")
    page.wait_for_selector("#events")
    assert "/dashboard/offices/ACEH" in page.url and "mode=daring" in page.url
    assert page.inner_text("#people-trained") == "0"
    assert page.inner_text("#mode-luring") == "3"

    # Another office's page that does not exist answers 404.
    assert page.goto(f"{hq.url}/dashboard/offices/ATLANTIS").status == 404  # type: ignore[union-attr]


def test_office_staff_see_only_their_office(hq: Hq) -> None:
    offices = load_offices(hq.settings.offices_csv)
    palu = admin.StaffSession(1, "palu", "x", role="viewer", office="SULTENG")
    assert _visible_office(palu, offices, "sulteng").code == "SULTENG"
    with pytest.raises(NotFound):
        _visible_office(palu, offices, "ACEH")  # as if it did not exist
    hq_staff = admin.StaffSession(2, "pusat", "x")
    assert _visible_office(hq_staff, offices, "ACEH").code == "ACEH"
