"""Per-account login lockout shared through the database (issue 15, item 9): the guessing source
is locked, the admin from another address is not. Both databases."""

from __future__ import annotations

import re
from datetime import timedelta

import requests
from sqlalchemy import Engine

from sync.clock import utcnow
from sync.hq import admin, lockout
from sync.hq.db import write_session
from tests.hq.helpers import Hq, dashboard_login

PASSWORD = "kata-sandi-yang-panjang-sekali"


def _try(hq: Hq, password: str) -> int:
    browser = requests.Session()
    form = browser.get(f"{hq.url}/dashboard/login", timeout=10)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = browser.post(
        f"{hq.url}/dashboard/login",
        timeout=10,
        allow_redirects=False,
        data={"username": "pusat", "password": password, "csrf_token": token.group(1)},
    )
    return answer.status_code


def test_a_guessing_source_is_locked_even_with_the_right_password(hq: Hq) -> None:
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
    assert [_try(hq, "salah") for _ in range(lockout.FREE_FAILURES)] == [401] * 5
    assert _try(hq, PASSWORD) == 429  # this source waits, whichever worker answers
    with write_session(hq.engine) as session:  # the wait is over
        lockout.record_success(session=session, username="pusat", source="127.0.0.1")
    dashboard_login(hq, username="pusat", password=PASSWORD)


def test_other_sources_are_not_locked_and_the_wait_grows(engine: Engine) -> None:
    now = utcnow()
    with write_session(engine) as session:
        for _ in range(lockout.FREE_FAILURES):
            lockout.record_failure(session=session, username="pusat", source="203.0.113.9", now=now)
    with write_session(engine) as session:
        until = lockout.locked_until(
            session=session, username="pusat", source="203.0.113.9", now=now
        )
        assert until == now + lockout.FIRST_WAIT
        assert (
            lockout.locked_until(session=session, username="pusat", source="10.0.0.5", now=now)
            is None
        )
        assert (
            lockout.locked_until(session=session, username="lain", source="203.0.113.9", now=now)
            is None
        )
        later = now + timedelta(minutes=2)
        assert (
            lockout.locked_until(session=session, username="pusat", source="203.0.113.9", now=later)
            is None
        )
        lockout.record_failure(session=session, username="pusat", source="203.0.113.9", now=later)
    with write_session(engine) as session:
        until = lockout.locked_until(
            session=session, username="pusat", source="203.0.113.9", now=later
        )
        assert until == later + 2 * lockout.FIRST_WAIT
