"""The staff dashboard in a real headless browser (Debian's chromium and chromedriver, no download)."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests
from openpyxl import load_workbook
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from sync.clock import utcnow
from sync.hq import admin
from sync.hq.db import write_session
from tests.hq.helpers import (
    T0,
    Desk,
    Hq,
    checkin_record,
    envelope,
    event_record,
    participant_record,
    registration_record,
)

CHROMEDRIVER = "/usr/bin/chromedriver"
PASSWORD = "kata-sandi-kuat-1"


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        pytest.fail(
            "chromium and chromium-driver must be installed (apt-get install chromium chromium-driver)"
        )
    options = Options()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _day_of_data(hq: Hq) -> tuple[Desk, str]:
    desk = hq.desk("SULTENG", "Meja Palu 1")
    event = event_record("SULTENG")
    people = [
        participant_record(nip=None, email=f"p{i}@example.go.id", name=f"Peserta {i}")
        for i in range(3)
    ]
    items = (
        [envelope(event)]
        + [envelope(p) for p in people]
        + [envelope(registration_record(event.id, p.id)) for p in people]
    )
    items += [
        envelope(checkin_record(event.id, p.id, day=1, at=T0 + timedelta(minutes=i)))
        for i, p in enumerate(people)
    ]
    items += [envelope(checkin_record(event.id, people[0].id, day=2, at=T0 + timedelta(days=1)))]
    response = desk.push(items, desk_time=datetime.now(UTC) + timedelta(minutes=9), pending=17)
    assert response.status_code == 200 and response.json()["clock_warning"]
    return desk, event.id


def _screenshot(browser: webdriver.Chrome, name: str) -> None:
    """For looking at the page: saved where HADIR_SCREENSHOT_DIR says, when it says."""
    folder = os.environ.get("HADIR_SCREENSHOT_DIR")
    if folder:
        browser.save_screenshot(os.path.join(folder, name))


def _log_in(browser: webdriver.Chrome, hq: Hq, password: str) -> None:
    browser.get(f"{hq.url}/dashboard/")
    WebDriverWait(browser, 10).until(lambda b: "/dashboard/login" in b.current_url)
    browser.find_element(By.ID, "username").send_keys("pusat")
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.ID, "login").click()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_staff_see_the_day_make_codes_revoke_and_export(hq: Hq, browser: webdriver.Chrome) -> None:
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
    desk, event_id = _day_of_data(hq)

    _log_in(browser, hq, "salah-sandi-sekali")
    # The answer is a new page: wait for it rather than reading the old one (a race under load).
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "error"))
    assert "salah" in browser.find_element(By.ID, "error").text
    _log_in(browser, hq, PASSWORD)
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "desks"))

    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-device="{desk.device_id}"]')
    assert "Meja Palu 1" in row.text and "Sulawesi Tengah" in row.text
    # 17 waiting with the batch of 11 included: 6 are left once HQ has answered the batch.
    assert row.find_element(By.CLASS_NAME, "pending").text == "6"
    assert row.find_element(By.CLASS_NAME, "last-contact").text != "belum pernah"
    skew = row.find_element(By.CLASS_NAME, "skew")
    assert "warn" in (skew.get_attribute("class") or "") and "periksa jam" in skew.text
    assert skew.text.startswith("9 menit lebih cepat")  # not "+540 detik"
    # A desk's last contact in its office's zone (Palu: WITA), the zone named.
    assert row.find_element(By.CLASS_NAME, "last-contact").text.endswith(" WITA")
    _screenshot(browser, "hq-overview.png")
    event_row = browser.find_element(By.CSS_SELECTOR, f'tr[data-event="{event_id}"]')
    assert event_row.find_element(By.CLASS_NAME, "registered").text == "3"
    assert event_row.find_element(By.CLASS_NAME, "attended").text == "Hari 1: 3, Hari 2: 1"

    event_row.find_element(By.TAG_NAME, "a").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "attendance"))
    assert [e.text for e in browser.find_elements(By.CLASS_NAME, "attended-day")] == ["3", "1"]
    table = browser.find_element(By.ID, "attendance").text
    # The event is in Palu (WITA): 01.00 UTC is 09.00 WITA, as on the desk and the paper sheet.
    assert "Peserta 0" in table and "12-03-2026 09.00 WITA" in table and "WIB" not in table
    _screenshot(browser, "hq-event.png")
    browser.back()

    Select(browser.find_element(By.ID, "office")).select_by_value("ACEH")
    browser.find_element(By.ID, "make-code").click()
    code = WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "new-code")).text
    newcomer = Desk(hq=hq, office="ACEH", name="Meja Aceh")
    enrolled = newcomer.enroll(code)
    assert enrolled.status_code == 201 and enrolled.json()["office_code"] == "ACEH"

    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    csv_file = requests.get(f"{hq.url}/dashboard/export/events.csv", cookies=cookies, timeout=10)
    assert csv_file.status_code == 200
    text = csv_file.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith(
        "Kantor;Kegiatan;Tanggal;Terdaftar;Hadir hari 1;Hadir hari 2"
    )
    assert ";3;3;1;0;0" in text
    xlsx = requests.get(
        f"{hq.url}/dashboard/export/events/{event_id}/attendance.xlsx", cookies=cookies, timeout=10
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Hari", "Nama") and len(rows) == 1 + 4
    assert rows[0][4] == "Waktu hadir (WITA)" and str(rows[1][4]).endswith("09:00:00+08:00")
    assert (
        requests.get(
            f"{hq.url}/dashboard/export/events.csv", timeout=10, allow_redirects=False
        ).status_code
        == 303
    )

    # A form posted without this session's CSRF token is refused.
    forged = requests.post(
        f"{hq.url}/dashboard/enrollment-codes", data={"office": "DKI"}, cookies=cookies, timeout=10
    )
    assert forged.status_code == 403

    browser.find_element(
        By.CSS_SELECTOR, f'tr[data-device="{desk.device_id}"] button.revoke'
    ).click()
    browser.switch_to.alert.accept()
    message = WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "message")).text
    assert "dicabut" in message
    assert desk.push([]).status_code == 401

    browser.find_element(By.ID, "logout").click()
    WebDriverWait(browser, 10).until(lambda b: "/dashboard/login" in b.current_url)
    assert (
        requests.get(
            f"{hq.url}/dashboard/", cookies=cookies, timeout=10, allow_redirects=False
        ).status_code
        == 303
    )
