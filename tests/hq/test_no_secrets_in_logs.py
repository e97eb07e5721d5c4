"""No secret reaches a log (issue 9, item 6): desk tokens, enrollment codes, admin passwords and
session cookies stay out of everything HQ logs, at DEBUG level, including uvicorn's access log."""

from __future__ import annotations

import logging
import re

import pytest
import requests

from sync.clock import utcnow
from sync.hq import admin
from sync.hq.db import write_session
from tests.hq.helpers import Hq, envelope, event_record

PASSWORD = "sandi-rahasia-yang-panjang-sekali-123"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_hq_logs_no_token_code_password_or_cookie(hq: Hq, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    code = hq.enrollment_code("SULTENG")
    desk = hq.desk("SULTENG")  # enrolls with its own code
    desk.push([envelope(event_record(office="SULTENG"))])
    desk.pull()
    requests.get(
        f"{hq.url}/api/v1/me", headers={"Authorization": "Bearer wrong-token-value-xyz"}, timeout=10
    )
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
    browser = requests.Session()
    form = browser.get(f"{hq.url}/dashboard/login", timeout=10).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert csrf is not None
    browser.post(
        f"{hq.url}/dashboard/login",
        timeout=10,
        data={"username": "pusat", "password": PASSWORD, "csrf_token": csrf.group(1)},
    )
    browser.post(
        f"{hq.url}/dashboard/login",
        timeout=10,
        data={"username": "pusat", "password": "salah-" + PASSWORD, "csrf_token": "x"},
    )
    cookie = browser.cookies.get("hadir_session") or next(iter(browser.cookies.values()), "")
    logged = caplog.text
    assert len(caplog.records) > 5, "the run logged something to check"
    for secret in (desk.token, code, PASSWORD, "wrong-token-value-xyz", cookie):
        assert secret and secret not in logged
