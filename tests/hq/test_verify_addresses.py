"""Issue 14 item 13 (HQ side): a certificate printed before its desk knew the office's address (its
QR carries the default address's ``/v/<token>``) and one printed after (under HQ's configured
``public_url``, here with a path) both verify; a desk enrolling learns the configured address."""

from __future__ import annotations

import pytest
import requests

from desktop.core.db import Database
from desktop.core.seal import base_url
from desktop.core.sync.enrollment import enroll
from sync.hq.settings import Settings
from sync.seal_format import DEFAULT_BASE_URL, VERIFY_PATH
from tests.hq.helpers import Hq
from tests.hq.test_verify import _certified

PUBLIC_URL = "https://kanwil.example.go.id/hadir"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        verify_burst=1000,
        login_burst=1000,
        verify_rate_per_minute=6000,
        public_url=PUBLIC_URL,
    )


def test_a_token_verifies_under_the_default_and_the_configured_address(hq: Hq) -> None:
    desk = hq.desk()
    token, payload = _certified(hq, desk)
    # What a QR code holds, with the host part replaced by where this HQ listens.
    printed_before = f"{DEFAULT_BASE_URL}{VERIFY_PATH}{token}".replace(DEFAULT_BASE_URL, hq.url)
    printed_after = f"{PUBLIC_URL}{VERIFY_PATH}{token}".replace(
        "https://kanwil.example.go.id", hq.url
    )
    for url in (printed_before, printed_after):
        page = requests.get(url, timeout=10)
        assert page.status_code == 200 and "Sertifikat sah" in page.text, url
        assert payload.number in page.text
        as_json = requests.get(url, headers={"Accept": "application/json"}, timeout=10)
        assert as_json.json()["status"] == "valid"
    forged = requests.get(f"{hq.url}/hadir/v/{token[:-4]}AAAA", timeout=10)
    assert forged.status_code == 404  # the second address is the same check, not a shortcut

    me = requests.get(f"{hq.url}/api/v1/me", headers=desk.auth, timeout=10)
    assert me.json()["verify_base_url"] == PUBLIC_URL


def test_a_desk_enrolling_prints_the_configured_address(hq: Hq, db: Database) -> None:
    with db.session() as session:
        assert base_url(session=session) == DEFAULT_BASE_URL
    enroll(db, server_url=hq.url, code=hq.enrollment_code("SULTENG"), desk_name="Meja 1")
    with db.session() as session:
        assert base_url(session=session) == PUBLIC_URL  # not the sync address, which is internal


def test_an_unusable_public_url_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="HADIR_HQ_PUBLIC_URL"):
        Settings(database_url="sqlite://", public_url="hadir.kemenham.go.id")


def test_a_desk_learns_an_address_hq_set_later_at_its_next_daily_ask(hq: Hq, db: Database) -> None:
    from datetime import timedelta

    from desktop.core.clock import utcnow
    from desktop.core.desk import set_setting
    from desktop.core.seal import set_base_url
    from desktop.core.sync.run import run_sync
    from desktop.core.sync.settings import Keys

    enroll(db, server_url=hq.url, code=hq.enrollment_code("SULTENG"), desk_name="Meja 1")
    with db.write() as session:  # as a desk enrolled before HQ named its public address
        set_base_url(session=session, url=hq.url)
    assert run_sync(db).outcome == "ok"  # asked at enrollment, less than a day ago: not again
    with db.session() as session:
        assert base_url(session=session) == hq.url
    with db.write() as session:
        stale = (utcnow() - timedelta(days=2)).isoformat()
        set_setting(session=session, key=Keys.HQ_ASKED_AT, value=stale)
    assert run_sync(db).outcome == "ok"
    with db.session() as session:
        assert base_url(session=session) == PUBLIC_URL
