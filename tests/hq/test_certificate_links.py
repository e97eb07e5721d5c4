"""A certificate's personal download link at HQ (issue 18 item 5), on SQLite and PostgreSQL: the
page shows that certificate only and gives its PDF; an unknown, expired or revoked link, or a
revoked certificate, gives a page that says so with no personal data and no PDF; links are
authorised like the certificate's other records, a changed link is a conflict, and guesses are
rate-limited per address."""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy import Engine

from sync.hq.settings import Settings
from sync.protocol import ERASED_NAME, LINK_TOKEN_BYTES, CertificateLinkRecord, CertificateRecord
from tests.hq.conftest import start_thread_server
from tests.hq.helpers import T0, Desk, Hq, envelope, new_id, participant_record, statuses
from tests.hq.test_certificates_ingest import _certified_event, _revocation


def _link(
    certificate: CertificateRecord, *, days: int = 30, **changes: object
) -> tuple[str, CertificateLinkRecord]:
    token = secrets.token_urlsafe(LINK_TOKEN_BYTES)
    now = datetime.now(UTC)
    record = CertificateLinkRecord(
        id=new_id(),
        certificate_id=certificate.id,
        number=certificate.number,
        event_id=certificate.event_id,
        token_sha256=hashlib.sha256(token.encode()).hexdigest(),
        created_at=now - timedelta(days=1),
        expires_at=now + timedelta(days=days),
        place="Palu",
        verify_url="https://hadir.example.go.id/v/seal",
        operator="rina",
    )
    return token, record.model_copy(update=changes)


def _page(hq: Hq, token: str, suffix: str = "") -> requests.Response:
    return requests.get(f"{hq.url}/d/{token}{suffix}", timeout=30)


def _no_data(response: requests.Response, certificate: CertificateRecord) -> None:
    assert response.headers["content-type"].startswith("text/html")
    assert certificate.printed_name not in response.text
    assert certificate.number not in response.text
    assert 'id="download"' not in response.text


def test_a_link_gives_its_certificate_until_revoked(hq: Hq) -> None:
    desk = hq.desk()
    _seal, _event, _person, certificate = _certified_event(desk)
    token, link = _link(certificate)
    assert statuses(desk.push([envelope(link)])) == ["stored"]

    page = _page(hq, token)
    assert page.status_code == 200
    assert certificate.printed_name in page.text and certificate.number in page.text
    assert 'id="download"' in page.text
    for header in ("content-security-policy", "x-content-type-options", "x-frame-options"):
        assert header in page.headers
    assert page.headers["cache-control"] == "no-store"
    pdf = _page(hq, token, ".pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]

    # The same link again is harmless; with another token hash it is a conflict, set aside.
    other = link.model_copy(update={"token_sha256": "f" * 64})
    assert statuses(desk.push([envelope(link), envelope(other)])) == ["stored", "conflict"]
    assert _page(hq, token).status_code == 200

    # Revoked: the earliest revocation stands, a later resend without one changes nothing.
    revoked = link.model_copy(update={"revoked_at": datetime.now(UTC)})
    assert statuses(desk.push([envelope(revoked), envelope(link)])) == ["stored", "stored"]
    for suffix in ("", ".pdf"):
        gone = _page(hq, token, suffix)
        assert gone.status_code == 410 and 'data-status="revoked"' in gone.text
        _no_data(gone, certificate)


def test_unknown_expired_and_revoked_certificates_give_nothing(hq: Hq) -> None:
    desk = hq.desk()
    _seal, _event, _person, certificate = _certified_event(desk)
    expired_token, expired = _link(certificate, days=-1)
    live_token, live = _link(certificate)
    assert statuses(desk.push([envelope(expired), envelope(live)])) == ["stored"] * 2

    gone = _page(hq, expired_token, ".pdf")
    assert gone.status_code == 410 and 'data-status="expired"' in gone.text
    _no_data(gone, certificate)
    for guess in (secrets.token_urlsafe(LINK_TOKEN_BYTES), "x", live_token[:-1], "A" * 5000):
        for suffix in ("", ".pdf"):
            unknown = _page(hq, guess, suffix)
            assert unknown.status_code == 404 and 'data-status="unknown"' in unknown.text
            _no_data(unknown, certificate)

    assert _page(hq, live_token, ".pdf").status_code == 200
    assert statuses(desk.push([envelope(_revocation(certificate))])) == ["stored"]
    withdrawn = _page(hq, live_token, ".pdf")
    assert withdrawn.status_code == 410 and 'data-status="revoked"' in withdrawn.text
    _no_data(withdrawn, certificate)


def test_an_erased_person_has_no_download(hq: Hq) -> None:
    """UU 27/2022: once a person is erased, their link serves nothing of them (an unknown link)."""
    desk = hq.desk()
    _seal, _event, person_id, certificate = _certified_event(desk)
    token, link = _link(certificate)
    assert statuses(desk.push([envelope(link)])) == ["stored"]
    assert _page(hq, token).status_code == 200
    erased = participant_record(participant_id=person_id, nip=None, email=None).model_copy(
        update={"full_name": ERASED_NAME, "updated_at": T0 + timedelta(hours=1)}
    )
    assert statuses(desk.push([envelope(erased)])) == ["stored"]
    for suffix in ("", ".pdf"):
        gone = _page(hq, token, suffix)
        assert gone.status_code == 404 and 'data-status="unknown"' in gone.text
        _no_data(gone, certificate)


def test_links_are_authorised_like_the_certificate(hq: Hq) -> None:
    desk = hq.desk()
    _seal, _event, _person, certificate = _certified_event(desk)
    _, unknown = _link(certificate, certificate_id=new_id())
    _, renumbered = _link(certificate, number="SULTENG-9999")
    _, bad_hash = _link(certificate)
    items = [envelope(unknown), envelope(renumbered)]
    answer = desk.push(items).json()["results"]
    assert [item["status"] for item in answer] == ["invalid", "invalid"]
    assert "unknown certificate" in answer[0]["reason"]
    assert "another number" in answer[1]["reason"]
    # Another office's desk cannot attach a link to this office's certificate.
    other: Desk = hq.desk(office="ACEH", name="Meja Aceh")
    assert statuses(other.push([envelope(bad_hash)])) == ["invalid"]


def test_links_work_under_the_configured_address_path(
    database_url: str, engine: Engine, hq: Hq
) -> None:
    """HADIR_HQ_PUBLIC_URL with a path: the QR codes' and the links' address (the desk builds
    both from the event's base address); guesses there are rate-limited too."""
    desk = hq.desk()
    _seal, _event, _person, certificate = _certified_event(desk)
    token, link = _link(certificate)
    assert statuses(desk.push([envelope(link)])) == ["stored"]
    settings = Settings(
        database_url=database_url,
        public_url="https://hadir.example.go.id/hadir",
        verify_burst=2,
        verify_rate_per_minute=1,
    )
    running = start_thread_server(settings, engine)
    try:
        page = requests.get(f"{running.url}/hadir/d/{token}", timeout=10)
        pdf = requests.get(f"{running.url}/hadir/d/{token}.pdf", timeout=30)
        limited = requests.get(f"{running.url}/hadir/d/{token}", timeout=10)
    finally:
        running.server.should_exit = True
        running.thread.join(timeout=10)
    assert page.status_code == 200 and certificate.number in page.text
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert limited.status_code == 429


def test_guesses_are_rate_limited_per_address(database_url: str, engine: Engine) -> None:
    settings = Settings(database_url=database_url, verify_burst=3, verify_rate_per_minute=1)
    running = start_thread_server(settings, engine)
    try:
        codes = [
            requests.get(f"{running.url}/d/{secrets.token_urlsafe(18)}", timeout=10).status_code
            for _ in range(5)
        ]
    finally:
        running.server.should_exit = True
        running.thread.join(timeout=10)
    assert codes[:3] == [404, 404, 404] and codes[3:] == [429, 429]


CHROMIUM = "/usr/bin/chromium"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium must be installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def test_in_a_browser_the_page_shows_the_certificate_and_downloads_it(
    hq: Hq, browser: Browser, database_url: str, tmp_path: Path
) -> None:
    desk = hq.desk()
    _seal, _event, _person, certificate = _certified_event(desk)
    token, link = _link(certificate)
    _revoked_token, revoked = _link(certificate, revoked_at=datetime.now(UTC))
    assert statuses(desk.push([envelope(link), envelope(revoked)])) == ["stored"] * 2

    page = browser.new_page(viewport={"width": 412, "height": 780}, accept_downloads=True)
    page.goto(f"{hq.url}/d/{token}")
    assert page.locator("#status").get_attribute("data-status") == "ready"
    assert page.locator("#name").inner_text() == certificate.printed_name
    assert page.locator("#number").inner_text() == certificate.number
    if database_url.startswith("sqlite"):
        page.screenshot(path=str(SCREENSHOT / "hq-certificate-download.png"), full_page=True)
    with page.expect_download() as started:
        page.locator("#download").click()
    download = started.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")

    page.goto(f"{hq.url}/d/{_revoked_token}")
    assert page.locator("#status").get_attribute("data-status") == "revoked"
    if database_url.startswith("sqlite"):
        page.screenshot(path=str(SCREENSHOT / "hq-certificate-download-revoked.png"))
    assert page.locator("#download").count() == 0
    assert certificate.printed_name not in page.content()
    page.close()
