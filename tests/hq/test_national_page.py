"""HQ's national page (issue 19 item 3) in a real headless Chromium (Playwright, Debian's
chromium), on SQLite and PostgreSQL: its figures are the ones counted from the pushed records
(tests/hq/test_national.py's plan), each chart is an image with a name and a table beside it, the
filters change the figures, and the office table downloads as CSV with the same numbers."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from sync.clock import utcnow
from sync.hq import admin
from sync.hq.db import write_session
from tests.hq.helpers import Hq
from tests.hq.test_national import push_plan

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "kata-sandi-yang-panjang-sekali"


@pytest.fixture
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium must be installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


def test_the_national_page_shows_people_against_targets(hq: Hq, browser: Browser) -> None:
    certified = push_plan(hq)
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{hq.url}/dashboard/")
    page.fill("#username", "pusat")
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.click("#national-link")
    page.select_option("#year", "2026")
    page.click("#apply")
    page.wait_for_selector("#offices")

    nation = certified[(2026, "SULTENG")] | certified[(2026, "ACEH")]
    assert page.inner_text("#people-trained") == str(len(nation))
    assert page.inner_text("#national-target") == "1.000.000"
    trained = {
        row.get_attribute("data-office"): row.locator("td.trained").inner_text()
        for row in page.locator("#offices tr[data-office]").all()
    }
    assert trained["SULTENG"] == str(len(certified[(2026, "SULTENG")]))
    assert trained["ACEH"] == str(len(certified[(2026, "ACEH")]))
    assert len(trained) >= 20  # every office of the file, the unreached ones too
    first = page.locator("#offices tr[data-office]").first.get_attribute("data-office")
    assert first == "ACEH"  # sorted by people trained
    assert page.locator("#offices tr[data-office='SULTENG'] td.events").inner_text() == "2"
    months = [int(m) for m in page.locator("#monthly td.month").all_inner_texts()]
    assert sum(months) == len(nation) and months[2] == len(nation)  # all certified in March
    charts = page.locator("svg.chart")
    assert charts.count() == 5  # progress, offices, months, modes, provinces
    labels = [charts.nth(i).get_attribute("aria-label") or "" for i in range(5)]
    assert all(label.startswith("Orang terlatih") for label in labels), labels
    offices_chart = page.locator("svg.chart[aria-label*='per kantor wilayah'] desc")
    assert "Aceh: 2" in (offices_chart.text_content() or "")
    for chart in charts.all():  # each chart has its table beside it, in the same figure
        assert chart.locator("xpath=..").locator("table").count() >= 1

    # Online only: none of the plan's certificates was online.
    page.select_option("#mode", "daring")
    page.click("#apply")
    page.wait_for_selector("#offices")
    assert page.inner_text("#people-trained") == "0"
    assert page.inner_text("#mode-luring") == str(len(nation))  # the split is the year's

    # The office table as CSV: the same numbers, and the nation's once.
    page.select_option("#mode", "")
    page.click("#apply")
    with page.expect_download() as download:
        page.click("#export-national-csv")
    content = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:4] == ["Kantor", "Nama", "Orang terlatih", "Target"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["ACEH"][2] == "2" and by_code["SULTENG"][2] == "1"
    assert by_code["NASIONAL"][2] == str(len(nation)) and by_code["NASIONAL"][3] == "1000000"
