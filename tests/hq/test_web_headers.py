"""HQ's web face (issue 15 item 6): security headers on every answer, nothing with personal data
cached, pages that need no inline script or style, API docs only on request and without a CDN, and
X-Forwarded-* believed only from HADIR_HQ_TRUSTED_PROXIES."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from sqlalchemy import Engine

from sync.clock import utcnow
from sync.hq import admin
from sync.hq.db import write_session
from sync.hq.settings import Settings
from tests.hq.conftest import start_thread_server
from tests.hq.helpers import Hq, dashboard_login, envelope, event_record

PASSWORD = "kata-sandi-yang-panjang-sekali"
EXPECTED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    # Headers and proxies sit in front of every route, whatever the database: SQLite is enough.
    return f"sqlite:///{tmp_path / 'hq.db'}"


@contextmanager
def running(engine: Engine, **overrides: object) -> Iterator[Hq]:
    settings = Settings(database_url=str(engine.url), **overrides)  # type: ignore[arg-type]
    server = start_thread_server(settings, engine)
    try:
        yield Hq(url=server.url, engine=engine, settings=settings)
    finally:
        server.server.should_exit = True
        server.thread.join(timeout=10)


def _staff(hq: Hq) -> requests.Session:
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
    return dashboard_login(hq, username="pusat", password=PASSWORD)


def _assert_locked_down(response: requests.Response, what: str) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (what, name, response.headers.get(name))
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, (what, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (what, csp)


def test_every_answer_carries_the_security_headers(hq: Hq) -> None:
    desk = hq.desk()
    event = event_record()
    desk.push([envelope(event)])
    browser = _staff(hq)
    staff_pages = {
        "overview": "/dashboard/",
        "event page": f"/dashboard/events/{event.id}",
        "events export": "/dashboard/export/events.xlsx",
        "attendance export": f"/dashboard/export/events/{event.id}/attendance.csv",
    }
    for what, path in staff_pages.items():
        answer = browser.get(f"{hq.url}{path}", timeout=10)
        assert answer.status_code == 200, (what, answer.status_code)
        _assert_locked_down(answer, what)
    public = {
        "login page": requests.get(f"{hq.url}/dashboard/login", timeout=10),
        "verification page": requests.get(f"{hq.url}/v/bukan-kode", timeout=10),
        "verification JSON": requests.get(f"{hq.url}/api/v1/verify/bukan-kode", timeout=10),
        "pull without a token": requests.get(f"{hq.url}/api/v1/pull", timeout=10),
        "pull": requests.get(f"{hq.url}/api/v1/pull", headers=desk.auth, timeout=10),
        "no such route": requests.get(f"{hq.url}/nothing-here", timeout=10),
        "health": requests.get(f"{hq.url}/healthz", timeout=10),
    }
    for what, answer in public.items():
        _assert_locked_down(answer, what)
    # Plain HTTP in development: no HSTS (a browser would then refuse the laptop's HQ).
    assert "Strict-Transport-Security" not in public["login page"].headers


def test_pages_need_no_inline_script_or_style(hq: Hq) -> None:
    desk = hq.desk()
    event = event_record()
    desk.push([envelope(event)])
    browser = _staff(hq)
    pages = {
        "overview": browser.get(f"{hq.url}/dashboard/", timeout=10).text,
        "event": browser.get(f"{hq.url}/dashboard/events/{event.id}", timeout=10).text,
        "login": requests.get(f"{hq.url}/dashboard/login", timeout=10).text,
        "verification": requests.get(f"{hq.url}/v/bukan-kode", timeout=10).text,
    }
    for what, html in pages.items():
        assert "<style" not in html and " style=" not in html, what
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), f"{what}: inline <script>"
        assert not re.search(r"\son[a-z]+=", html), f"{what}: an inline event handler"
        assert "http://" not in html and "https://" not in html, f"{what}: an outside address"
        for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
            answer = requests.get(f"{hq.url}{asset}", timeout=10)
            assert answer.status_code == 200, asset
            assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert 'data-confirm="' in pages["overview"]  # revoking still asks first, from confirm.js


def test_hsts_in_production(engine: Engine) -> None:
    with running(engine, environment="production", cookie_secure=True) as hq:
        answer = requests.get(f"{hq.url}/dashboard/login", timeout=10)
        assert answer.headers["Strict-Transport-Security"].startswith("max-age=")


def test_api_docs_only_on_request_and_from_hq_itself(engine: Engine) -> None:
    with running(engine) as hq:
        for path in ("/api/docs", "/openapi.json", "/docs/oauth2-redirect"):
            assert requests.get(f"{hq.url}{path}", timeout=10).status_code == 404, path
    with running(engine, api_docs=True) as hq:
        schema = requests.get(f"{hq.url}/openapi.json", timeout=10)
        assert schema.status_code == 200 and "/api/v1/push" in schema.json()["paths"]
        docs = requests.get(f"{hq.url}/api/docs", timeout=10)
        assert docs.status_code == 200
        _assert_locked_down(docs, "api docs")
        assert "/api/v1/push" in docs.text and 'href="/openapi.json"' in docs.text
        assert "<script" not in docs.text and "cdn" not in docs.text.lower()


def _limited_statuses(hq: Hq, forwarded: list[str], *, proto: str | None = None) -> list[int]:
    statuses = []
    for value in forwarded:
        headers = {"X-Forwarded-For": value}
        if proto:
            headers["X-Forwarded-Proto"] = proto
        statuses.append(
            requests.get(f"{hq.url}/v/bukan-kode", headers=headers, timeout=10).status_code
        )
    return statuses


def test_a_forged_forwarded_for_from_an_untrusted_peer_changes_nothing(engine: Engine) -> None:
    with running(engine, verify_burst=2, verify_rate_per_minute=1) as hq:
        forged = ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"]
        assert _limited_statuses(hq, forged) == [404, 404, 429, 429]  # one client, one bucket
        answer = requests.get(
            f"{hq.url}/healthz", timeout=10, headers={"X-Forwarded-Proto": "https"}
        )
        assert "Strict-Transport-Security" not in answer.headers  # not believed either


def test_a_trusted_proxy_names_the_real_client(engine: Engine) -> None:
    # A network, as operators write it (the peer here is 127.0.0.1).
    with running(
        engine,
        verify_burst=2,
        verify_rate_per_minute=1,
        trusted_proxies=["127.0.0.0/8", "10.0.0.0/8"],
    ) as hq:
        # Each client its own bucket, through a second trusted hop.
        assert _limited_statuses(hq, ["192.0.2.1, 10.1.1.1"] * 3) == [404, 404, 429]
        assert _limited_statuses(hq, ["192.0.2.2"] * 2) == [404, 404]
        # What a client writes to the left of the address the proxy saw is not believed.
        spoofed = [f"198.51.100.{n}, 192.0.2.3" for n in range(3)]
        assert _limited_statuses(hq, spoofed) == [404, 404, 429]
        over_tls = requests.get(
            f"{hq.url}/healthz", timeout=10, headers={"X-Forwarded-Proto": "https"}
        )
        assert over_tls.headers["Strict-Transport-Security"].startswith("max-age=")


def test_trusted_proxies_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HADIR_HQ_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
    assert Settings().trusted_proxies == ["127.0.0.1", "10.0.0.0/8"]
    monkeypatch.setenv("HADIR_HQ_TRUSTED_PROXIES", "nginx")
    with pytest.raises(ValueError, match="not an IP address or network"):
        Settings()
