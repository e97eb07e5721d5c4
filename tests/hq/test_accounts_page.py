"""Staff accounts in a real headless Chromium (Playwright, Debian's chromium), issue 19 item 4: an
office's account sees and exports only its office (another office's event and export are not
found), a viewer gets no forms, an HQ admin manages accounts from the page, TOTP is turned on by
scanning the page's own QR code and then asked for at sign-in (a used code refused), and a locked
account is unlocked from the page. Both databases."""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
import requests
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect, sync_playwright

from sync.clock import utcnow
from sync.hq import admin, lockout
from sync.hq.db import write_session
from sync.hq.security import totp_key_bytes
from sync.hq.settings import Settings
from tests.hq.conftest import start_thread_server
from tests.hq.helpers import Hq, envelope, event_record

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "kata-sandi-yang-panjang-sekali"
TOTP_KEY = "9dL0sMZl4y7tVQwzXb3e5JcD1kRm2nHpA8uGfSiTo6E"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        verify_burst=1000,
        login_burst=1000,
        verify_rate_per_minute=6000,
        totp_key=TOTP_KEY,
    )


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


def _account(hq: Hq, name: str, role: str = "admin", office: str | None = None) -> None:
    with write_session(hq.engine) as session:
        admin.create_account(
            session=session,
            username=name,
            password=PASSWORD,
            now=utcnow(),
            role=role,
            office=office,
        )


def _sign_in(browser: Browser, hq: Hq, name: str, password: str = PASSWORD) -> Page:
    page = browser.new_context().new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the forms' "are you sure?"
    page.goto(f"{hq.url}/dashboard/login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("#login")
    return page


def test_an_office_viewer_sees_and_exports_only_its_office(hq: Hq, browser: Browser) -> None:
    own = event_record(office="SULTENG", title="Kegiatan Palu")
    other = event_record(office="DKI", title="Kegiatan Jakarta")
    assert hq.desk("SULTENG").push([envelope(own)]).json()["acknowledged"]
    assert hq.desk("DKI").push([envelope(other)]).json()["acknowledged"]
    _account(hq, "pusat")
    _account(hq, "palu", role="viewer", office="SULTENG")

    page = _sign_in(browser, hq, "palu")
    page.wait_for_selector("#events")
    assert page.locator("#events tr[data-event]").evaluate_all(
        "rows => rows.map(r => r.dataset.event)"
    ) == [own.id]
    assert page.locator("#desks tr[data-desk-id]").count() == 1  # its desk, not DKI's
    # A viewer changes nothing: no form but the logout button's, no accounts link.
    assert page.locator("form").evaluate_all("fs => fs.map(f => f.action)") == [
        f"{hq.url}/dashboard/logout"
    ]
    assert page.locator("#nav-accounts").count() == 0
    assert "peninjau, SULTENG" in page.inner_text("#who")
    # Another office's event, its export and the accounts page, typed in by hand.
    assert page.goto(f"{hq.url}/dashboard/events/{other.id}").status == 404  # type: ignore[union-attr]
    request = page.context.request
    assert request.get(f"{hq.url}/dashboard/export/events/{other.id}/attendance.csv").status == 404
    assert request.get(f"{hq.url}/dashboard/accounts").status == 403
    own_export = request.get(f"{hq.url}/dashboard/export/events/{own.id}/attendance.csv")
    assert own_export.status == 200
    events_csv = request.get(f"{hq.url}/dashboard/export/events.csv").text()
    assert "Kegiatan Palu" in events_csv and "Kegiatan Jakarta" not in events_csv
    page.goto(f"{hq.url}/dashboard/events/{own.id}")
    assert "Kegiatan Palu" in page.inner_text("h1")

    # HQ's admin sees both, with the forms.
    hq_page = _sign_in(browser, hq, "pusat")
    hq_page.wait_for_selector("#events")
    assert hq_page.locator("#events tr[data-event]").count() == 2
    assert hq_page.locator("#desks tr[data-desk-id]").count() == 2
    assert hq_page.locator("#make-code").count() == 1 and hq_page.locator("button.revoke").count()


def test_an_hq_admin_manages_accounts_from_the_page(hq: Hq, browser: Browser) -> None:
    _account(hq, "pusat")
    page = _sign_in(browser, hq, "pusat")
    page.click("#nav-accounts")
    page.fill("#new-username", "dki-admin")
    page.fill("#new-password", "password1234")  # too common
    page.select_option("#new-role", "admin")
    page.select_option("#new-office", "DKI")
    page.click("#create")
    expect(page.locator("#error")).to_contain_text("terlalu umum")
    page.fill("#new-username", "dki-admin")
    page.fill("#new-password", PASSWORD)
    page.select_option("#new-role", "admin")
    page.select_option("#new-office", "DKI")
    page.click("#create")
    expect(page.locator("#message")).to_contain_text("dki-admin")
    row = page.locator('#accounts tr[data-account="dki-admin"]')
    assert row.locator("td.role").inner_text() == "admin"
    assert row.locator("td.office").inner_text() == "DKI"
    if "sqlite" in hq.settings.effective_database_url:
        page.set_viewport_size({"width": 1366, "height": 768})
        page.screenshot(path=str(SCREENSHOTS / "hq-accounts.png"), full_page=True)

    row.locator("button.reset-password").click()
    temporary = page.inner_text("#temporary-password")
    office = _sign_in(browser, hq, "dki-admin", temporary)
    office.wait_for_url("**/dashboard/account")  # a reset password is changed before anything
    for elsewhere in ("/dashboard/", "/dashboard/accounts", "/dashboard/national"):
        office.goto(f"{hq.url}{elsewhere}")
        assert office.url.endswith("/dashboard/account"), elsewhere
    office.fill("#current", temporary)
    office.fill("#new", "burung-kakatua-di-jakarta")
    office.fill("#repeat", "burung-kakatua-di-jakarta")
    office.click("#save-password")
    expect(office.locator("#message")).to_contain_text("diganti")
    office.goto(f"{hq.url}/dashboard/")
    assert office.url.endswith("/dashboard/") and office.locator("#make-code").count() == 1
    options = office.locator("#office option").all_inner_texts()
    assert len(options) == 1 and options[0].startswith("DKI")  # codes for its own office only

    page.goto(f"{hq.url}/dashboard/accounts")
    page.locator('#accounts tr[data-account="dki-admin"] button.disable').click()
    expect(page.locator("#message")).to_contain_text("dinonaktifkan")
    office.goto(f"{hq.url}/dashboard/")
    assert office.url.endswith("/dashboard/login")  # its session ended at once
    actions = page.locator("#audit td.action").all_inner_texts()
    for action in ("account_created", "password_reset", "password_changed", "account_disabled"):
        assert action in actions


def _qr_text(page: Page) -> str:
    """What the page's QR code says, read back from a screenshot by zxing-cpp's decoder."""
    image = Image.open(io.BytesIO(page.locator("#totp-qr").screenshot()))
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code found in the page's image"
    return str(found[0].text)


def test_totp_sign_in_end_to_end(hq: Hq, browser: Browser) -> None:
    _account(hq, "pusat")
    _account(hq, "palu", office="SULTENG")
    page = _sign_in(browser, hq, "palu")
    page.click("#nav-account")
    page.click("#start-totp")
    secret = page.inner_text("#totp-secret")
    uri = page.inner_text("#totp-uri")
    assert _qr_text(page) == uri and f"secret={secret}" in uri
    if "sqlite" in hq.settings.effective_database_url:
        page.screenshot(path=str(SCREENSHOTS / "hq-totp-setup.png"), full_page=True)
    totp = pyotp.TOTP(secret)
    page.fill("#totp-code", totp.now())
    page.click("#confirm-totp")
    expect(page.locator("#totp-state")).to_contain_text("aktif")
    page.click("#logout")

    # The next step's code: the step that confirmed TOTP cannot be used again.
    code = totp.at(time.time() + 30)
    again = _sign_in(browser, hq, "palu")
    again.wait_for_selector("#code")
    assert again.context.cookies() and "/dashboard/login" in again.url
    again.fill("#code", "000000" if code != "000000" else "111111")
    again.click("#verify-code")
    expect(again.locator("#error")).to_contain_text("Kode salah")
    again.fill("#code", code)
    again.click("#verify-code")
    again.wait_for_url("**/dashboard/")
    assert "palu" in again.inner_text("#who")
    again.click("#logout")

    replay = _sign_in(browser, hq, "palu")
    replay.fill("#code", code)
    replay.click("#verify-code")
    expect(replay.locator("#error")).to_contain_text("sudah dipakai")

    # A lost phone: HQ's admin resets the account's TOTP; the password alone signs in.
    hq_page = _sign_in(browser, hq, "pusat")
    hq_page.goto(f"{hq.url}/dashboard/accounts")
    assert hq_page.locator('#accounts tr[data-account="palu"] td.totp').inner_text() == "aktif"
    hq_page.locator('#accounts tr[data-account="palu"] button.reset-totp').click()
    expect(hq_page.locator("#message")).to_contain_text("TOTP akun 'palu' dimatikan")
    plain = _sign_in(browser, hq, "palu")
    plain.wait_for_url("**/dashboard/")


def test_a_locked_account_is_unlocked_from_the_page(hq: Hq, browser: Browser) -> None:
    _account(hq, "pusat")
    _account(hq, "palu", role="viewer", office="SULTENG")
    now = utcnow()
    with write_session(hq.engine) as session:  # guesses from ten addresses, one each
        for n in range(lockout.ACCOUNT_FREE_FAILURES):
            lockout.record_failure(
                session=session, username="palu", source=f"203.0.113.{n}", now=now
            )
    locked = _sign_in(browser, hq, "palu")
    expect(locked.locator("#error")).to_contain_text("untuk akun ini")
    hq_page = _sign_in(browser, hq, "pusat")
    hq_page.goto(f"{hq.url}/dashboard/accounts")
    row = hq_page.locator('#accounts tr[data-account="palu"]')
    expect(row.locator(".locked")).to_be_visible()
    row.locator("button.unlock").click()
    expect(hq_page.locator("#message")).to_contain_text("dibuka")
    assert hq_page.locator('#accounts tr[data-account="palu"] .locked').count() == 0
    _sign_in(browser, hq, "palu").wait_for_url("**/dashboard/")
    # Five wrong passwords from this browser's address: it waits, whatever the password.
    for _ in range(lockout.FREE_FAILURES):
        _sign_in(browser, hq, "palu", "bukan-sandinya-ya").wait_for_selector("#error")
    expect(_sign_in(browser, hq, "palu").locator("#error")).to_contain_text("dari alamat ini")


def test_a_code_step_on_a_server_with_another_key_says_what_to_do(hq: Hq) -> None:
    """A TOTP key changed under a running HQ: the code step cannot open the secret; the page says
    an HQ admin can reset TOTP (no traceback, no JSON), and the password alone is not enough."""
    _account(hq, "palu")
    with write_session(hq.engine) as session:
        user_id = admin.list_accounts(session=session, now=utcnow())[0].id
        secret = admin.begin_totp(
            session=session, user_id=user_id, totp_key=totp_key_bytes(TOTP_KEY), now=utcnow()
        ).secret
    with write_session(hq.engine) as session:
        admin.confirm_totp(
            session=session,
            user_id=user_id,
            code=pyotp.TOTP(secret).now(),
            totp_key=totp_key_bytes(TOTP_KEY),
            now=utcnow(),
        )
    other = start_thread_server(hq.settings.model_copy(update={"totp_key": "B" * 43}), hq.engine)
    try:
        browser = requests.Session()
        form = browser.get(f"{other.url}/dashboard/login", timeout=10)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        step = browser.post(
            f"{other.url}/dashboard/login",
            data={"username": "palu", "password": PASSWORD, "csrf_token": token.group(1)},
            timeout=10,
            allow_redirects=False,
        )
        assert step.status_code == 200 and 'id="code"' in step.text
        answer = browser.post(
            f"{other.url}/dashboard/login/code",
            data={"code": pyotp.TOTP(secret).at(time.time() + 30), "csrf_token": token.group(1)},
            timeout=10,
            allow_redirects=False,
        )
        assert answer.status_code == 422 and "mengatur ulang TOTP" in answer.text
        assert "hadir_hq_session" not in browser.cookies
    finally:
        other.server.should_exit = True
        other.thread.join(timeout=10)
