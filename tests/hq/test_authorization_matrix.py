"""Who may do what at HQ: every endpoint against every kind of caller (issue 9, item 4).

Callers: anonymous, a desk of the event's office, a desk of another office, a revoked desk, an
HQ admin (dashboard session), and a desk token presented to the dashboard; and since issue 19
item 4 the other kinds of staff account: an HQ viewer, an admin and a viewer of the event's office
(SULTENG), and an admin of another office (DKI). The matrix must name every route the app has: a
new endpoint without a row here fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from fastapi.routing import APIRoute
from starlette.routing import Route

from sync.clock import utcnow
from sync.ed25519 import PrivateKey as Ed25519PrivateKey
from sync.hq import admin
from sync.hq.app import create_app
from sync.hq.db import write_session
from sync.hq.enrollment import revoke_device
from sync.hq.settings import Settings
from sync.seal_format import key_id_for
from tests.hq.helpers import Desk, Hq, dashboard_login, envelope, event_record, public_key_b64

PASSWORD = "kata-sandi-yang-panjang-sekali"
TOTP_KEY = "9dL0sMZl4y7tVQwzXb3e5JcD1kRm2nHpA8uGfSiTo6E"  # 32 bytes, for the TOTP setup page
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
# The staff accounts besides the HQ admin "pusat": (role, office).
STAFF_ACCOUNTS = {
    "hq_viewer": ("viewer", None),
    "office_admin": ("admin", "SULTENG"),
    "office_viewer": ("viewer", "SULTENG"),
    "other_office": ("admin", "DKI"),
}


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        verify_burst=1000,
        login_burst=1000,
        verify_rate_per_minute=6000,
        totp_key=TOTP_KEY,
    )


@dataclass
class World:
    hq: Hq
    own: Desk  # SULTENG, the event's office
    other: Desk  # DKI
    revoked: Desk  # SULTENG, revoked after enrolling
    admin: requests.Session  # logged-in dashboard session of the HQ admin
    admin_csrf: str
    event_id: str
    staff: dict[str, tuple[requests.Session, str]]  # every staff caller's session and CSRF token
    spare_account: int  # an account the accounts routes act on


def _log_in(hq: Hq, username: str = "pusat") -> tuple[requests.Session, str]:
    browser = dashboard_login(hq, username=username, password=PASSWORD)
    page = browser.get(f"{hq.url}/dashboard/", timeout=10)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    return browser, csrf.group(1)


@pytest.fixture
def world(hq: Hq) -> World:
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
        for name, (role, office) in STAFF_ACCOUNTS.items():
            admin.create_account(
                session=session,
                username=name,
                password=PASSWORD,
                now=utcnow(),
                role=role,
                office=office,
            )
        spare = admin.create_account(
            session=session, username="cadangan", password=PASSWORD, now=utcnow(), role="viewer"
        )
        spare_id = spare.id or 0
    own, other, revoked = (
        hq.desk("SULTENG", "Meja 1"),
        hq.desk("DKI", "Meja 1"),
        hq.desk("SULTENG", "Meja 9"),
    )
    event = event_record(office="SULTENG")
    assert own.push([envelope(event)]).json()["acknowledged"]
    with write_session(hq.engine) as session:
        revoke_device(session=session, device_id=revoked.device_id, now=datetime.now(UTC))
    session_, csrf = _log_in(hq)
    staff = {"admin": (session_, csrf)} | {name: _log_in(hq, name) for name in STAFF_ACCOUNTS}
    return World(hq, own, other, revoked, session_, csrf, event.id, staff, spare_id)


Call = Callable[[World, str], requests.Response]  # (world, caller) -> response


def _desk_for(world: World, caller: str) -> Desk | None:
    return {"own": world.own, "other": world.other, "revoked": world.revoked}.get(caller)


def _bearer(world: World, caller: str) -> dict[str, str]:
    desk = _desk_for(world, caller)
    if caller == "desk_on_dashboard":
        desk = world.own
    return desk.auth if desk is not None else {}


def _client(world: World, caller: str) -> Any:
    return world.staff[caller][0] if caller in world.staff else requests


def _get(path: str) -> Call:
    def call(world: World, caller: str) -> requests.Response:
        client = _client(world, caller)
        return client.get(
            world.hq.url + path.format(event=world.event_id),
            headers=_bearer(world, caller),
            timeout=30,
            allow_redirects=False,
        )

    return call


def _dashboard_post(path: str, **fields: str) -> Call:
    def call(world: World, caller: str) -> requests.Response:
        client = _client(world, caller)
        target = path.format(device=world.other.device_id, account=world.spare_account)
        csrf = world.staff[caller][1] if caller in world.staff else world.admin_csrf
        data = {"csrf_token": csrf, "office": "SULTENG", **fields}
        return client.post(
            world.hq.url + target,
            data=data,
            headers=_bearer(world, caller),
            timeout=30,
            allow_redirects=False,
        )

    return call


def _push(world: World, caller: str) -> requests.Response:
    desk = _desk_for(world, caller) or world.own
    body = desk.push_body([envelope(event_record(office="SULTENG"))])
    headers = {
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
        **_bearer(world, caller),
    }
    client = _client(world, caller)
    return client.post(f"{world.hq.url}/api/v1/push", data=body, headers=headers, timeout=30)


def _reconcile(world: World, caller: str) -> requests.Response:
    client = _client(world, caller)
    return client.post(
        f"{world.hq.url}/api/v1/reconcile",
        json={"groups": []},
        headers=_bearer(world, caller),
        timeout=30,
    )


def _enroll(world: World, caller: str) -> requests.Response:
    # Enrollment is open to anyone holding a valid one-time code; without one, nobody gets in,
    # whatever else they hold (a desk token, an admin session).
    key = Ed25519PrivateKey.generate()
    client = _client(world, caller)
    return client.post(
        f"{world.hq.url}/api/v1/enroll",
        headers=_bearer(world, caller),
        timeout=30,
        json={
            "code": "NOT-A-CODE",
            "desk_name": "x",
            "desk_id": "x",
            "key_id": key_id_for(key.public_key()),
            "public_key": public_key_b64(key),
        },
    )


DESK_ONLY = {
    "anonymous": 401,
    "own": 200,
    "other": 200,
    "revoked": 401,
    "admin": 401,
    "desk_on_dashboard": 200,
}
STAFF_ONLY = {
    "anonymous": 303,
    "own": 303,
    "other": 303,
    "revoked": 303,
    "admin": 200,
    "desk_on_dashboard": 303,
    "hq_viewer": 200,
    "office_admin": 200,
    "office_viewer": 200,
    "other_office": 200,
}
DESK_ONLY |= {name: DESK_ONLY["admin"] for name in STAFF_ACCOUNTS}  # a session is no desk token
EVERYONE = dict.fromkeys(DESK_ONLY, 200)
VIEWERS = ("hq_viewer", "office_viewer")


def _staff(**changed: int) -> dict[str, int]:
    """STAFF_ONLY with some staff callers answered otherwise."""
    return {**STAFF_ONLY, **changed}


HQ_ADMIN_ONLY = _staff(hq_viewer=403, office_admin=403, office_viewer=403, other_office=403)
NOT_OTHER_OFFICE = _staff(other_office=404)  # the SULTENG event is not found from DKI
NATIONAL_FILES = _staff(office_admin=404, office_viewer=404, other_office=404)

# (method, route path as FastAPI names it) -> (how to call it, expected status per caller)
MATRIX: dict[tuple[str, str], tuple[Call, dict[str, int]]] = {
    ("GET", "/healthz"): (_get("/healthz"), EVERYONE),
    # /openapi.json and /api/docs exist only with HADIR_HQ_API_DOCS=true (test_web_headers.py).
    ("GET", "/v/{token}"): (_get("/v/not-a-real-token"), dict.fromkeys(DESK_ONLY, 404)),
    # A personal download link: public like the verification page, nothing without a real token.
    ("GET", "/d/{token}"): (_get("/d/not-a-real-token"), dict.fromkeys(DESK_ONLY, 404)),
    ("GET", "/d/{token}.pdf"): (_get("/d/not-a-real-token.pdf"), dict.fromkeys(DESK_ONLY, 404)),
    ("GET", "/api/v1/verify/{token}"): (
        _get("/api/v1/verify/not-a-real-token"),
        dict.fromkeys(DESK_ONLY, 404),
    ),
    ("POST", "/api/v1/enroll"): (_enroll, dict.fromkeys(DESK_ONLY, 403)),
    ("POST", "/api/v1/push"): (_push, DESK_ONLY),
    ("GET", "/api/v1/pull"): (_get("/api/v1/pull"), DESK_ONLY),
    ("POST", "/api/v1/reconcile"): (_reconcile, DESK_ONLY),
    ("GET", "/api/v1/me"): (_get("/api/v1/me"), DESK_ONLY),
    ("GET", "/dashboard/login"): (_get("/dashboard/login"), EVERYONE),
    ("POST", "/dashboard/login"): None,  # type: ignore[dict-item]  (exercised by _log_in)
    ("POST", "/dashboard/logout"): (
        _dashboard_post("/dashboard/logout"),
        {**STAFF_ONLY, **{name: 303 for name in ("admin", *STAFF_ACCOUNTS)}},
    ),
    ("GET", "/dashboard/"): (_get("/dashboard/"), STAFF_ONLY),
    ("POST", "/dashboard/login/code"): (  # no login form cookie: refused before anything else
        _dashboard_post("/dashboard/login/code", code="123456"),
        dict.fromkeys(STAFF_ONLY, 403),
    ),
    # Viewers change nothing; an office's admin makes codes for its own office only (SULTENG).
    ("POST", "/dashboard/enrollment-codes"): (
        _dashboard_post("/dashboard/enrollment-codes"),
        _staff(hq_viewer=403, office_viewer=403, other_office=403),
    ),
    # The DKI desk: revoked by HQ's admin and DKI's; SULTENG's admin is told there is no such desk.
    ("POST", "/dashboard/devices/{device_id}/revoke"): (
        _dashboard_post("/dashboard/devices/{device}/revoke"),
        _staff(hq_viewer=403, office_admin=404, office_viewer=403),
    ),
    ("GET", "/dashboard/events/{event_id}"): (_get("/dashboard/events/{event}"), NOT_OTHER_OFFICE),
    ("GET", "/dashboard/export/events.{fmt}"): (_get("/dashboard/export/events.csv"), STAFF_ONLY),
    ("GET", "/dashboard/export/desks.{fmt}"): (_get("/dashboard/export/desks.csv"), STAFF_ONLY),
    # Office staff are sent to their own office's page; the nation's files are HQ staff's.
    ("GET", "/dashboard/national"): (
        _get("/dashboard/national"),
        _staff(office_admin=303, office_viewer=303, other_office=303),
    ),
    ("GET", "/dashboard/export/national.{fmt}"): (
        _get("/dashboard/export/national.csv"),
        NATIONAL_FILES,
    ),
    ("GET", "/dashboard/people"): (_get("/dashboard/people?q=ahmad"), STAFF_ONLY),
    # HQ admins pass; the form names no record, so the page says so (422): the decision is tested
    # in tests/hq/test_people_link.py. Viewers and office staff may not decide who is one person.
    ("POST", "/dashboard/people/link"): (
        _dashboard_post("/dashboard/people/link"),
        {**HQ_ADMIN_ONLY, "admin": 422},
    ),
    ("POST", "/dashboard/people/unlink"): (
        _dashboard_post("/dashboard/people/unlink"),
        {**HQ_ADMIN_ONLY, "admin": 422},
    ),
    ("GET", "/dashboard/offices/{code}"): (_get("/dashboard/offices/SULTENG"), NOT_OTHER_OFFICE),
    ("POST", "/dashboard/targets"): (
        _dashboard_post("/dashboard/targets", year="2026", scope="SULTENG", people="5"),
        {**HQ_ADMIN_ONLY, "admin": 303},
    ),
    ("GET", "/dashboard/export/national/{figure}.{fmt}"): (
        _get("/dashboard/export/national/provinsi.csv"),
        NATIONAL_FILES,
    ),
    ("GET", "/dashboard/export/offices/{code}/{figure}.{fmt}"): (
        _get("/dashboard/export/offices/SULTENG/kegiatan.xlsx"),
        NOT_OTHER_OFFICE,
    ),
    ("GET", "/dashboard/export/events/{event_id}/attendance.{fmt}"): (
        _get("/dashboard/export/events/{event}/attendance.csv"),
        NOT_OTHER_OFFICE,
    ),
    # Managing accounts: HQ admins only (issue 19 item 4).
    ("GET", "/dashboard/accounts"): (_get("/dashboard/accounts"), HQ_ADMIN_ONLY),
    ("POST", "/dashboard/accounts"): (
        _dashboard_post(
            "/dashboard/accounts", username="baru", password=PASSWORD + "-baru", role="viewer"
        ),
        HQ_ADMIN_ONLY,
    ),
    ("POST", "/dashboard/accounts/{account_id}/{action}"): (
        _dashboard_post("/dashboard/accounts/{account}/unlock"),
        HQ_ADMIN_ONLY,
    ),
    # One's own account: every staff account (a wrong current password is refused as invalid).
    ("GET", "/dashboard/account"): (_get("/dashboard/account"), STAFF_ONLY),
    ("POST", "/dashboard/account/password"): (
        _dashboard_post("/dashboard/account/password", current="salah", new="x", repeat="x"),
        dict.fromkeys(STAFF_ONLY, 303) | dict.fromkeys(STAFF_ACCOUNTS.keys() | {"admin"}, 422),
    ),
    ("POST", "/dashboard/account/totp/{step}"): (
        _dashboard_post("/dashboard/account/totp/start"),
        STAFF_ONLY,
    ),
}
CALLERS = (
    "anonymous",
    "own",
    "other",
    "revoked",
    "desk_on_dashboard",
    *STAFF_ACCOUNTS,
    "admin",
)  # admin last: logout


def _all_routes(routes: list[Any], prefix: str = "") -> set[tuple[str, str]]:
    """Every (method, path) the app answers, through included routers (which this FastAPI keeps
    as wrappers around the original router)."""
    found: set[tuple[str, str]] = set()
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = (
                route.include_context()
                if callable(route.include_context)
                else route.include_context
            )
            found |= _all_routes(inner.routes, prefix + context.prefix)
        elif isinstance(route, APIRoute | Route):
            found |= {
                (m, prefix + route.path) for m in (route.methods or set()) - {"HEAD", "OPTIONS"}
            }
    return found


def test_the_matrix_names_every_route(world: World) -> None:
    routes = _all_routes(create_app(world.hq.settings, world.hq.engine).routes)
    assert ("POST", "/api/v1/push") in routes  # the walk reaches included routers
    assert routes == set(MATRIX), (
        f"without a row: {routes - set(MATRIX)}; gone: {set(MATRIX) - routes}"
    )


def test_every_caller_gets_exactly_what_it_may(world: World) -> None:
    seen: list[str] = []
    for (method, path), entry in MATRIX.items():
        if entry is None:
            continue
        call, expected = entry
        for caller in CALLERS:
            if path == "/dashboard/logout" and caller in world.staff:
                continue  # checked last, below, so the staff stay logged in meanwhile
            got = call(world, caller).status_code
            seen.append(f"{method} {path} as {caller}: {got}")
            assert got == expected[caller], (
                f"{method} {path} as {caller}: {got}, expected {expected[caller]}"
            )
    # An admin's form without its CSRF token is refused (a page elsewhere cannot post for them).
    forged = world.admin.post(
        f"{world.hq.url}/dashboard/enrollment-codes",
        data={"office": "SULTENG"},
        timeout=30,
        allow_redirects=False,
    )
    assert forged.status_code == 403
    call, expected = MATRIX[("POST", "/dashboard/logout")]
    for caller, (browser, _csrf) in world.staff.items():
        assert call(world, caller).status_code == expected[caller]
        assert (
            browser.get(f"{world.hq.url}/dashboard/", timeout=30, allow_redirects=False).status_code
            == 303
        ), caller  # logged out for real
    assert len(seen) >= 90


def test_a_desk_of_another_office_cannot_write_or_read_this_offices_data(world: World) -> None:
    stranger = world.other
    answer = stranger.push([envelope(event_record(office="SULTENG"))]).json()
    assert answer["acknowledged"] == [] and answer["results"][0]["status"] == "invalid"
    seen_by_stranger = {i["payload"].get("id") for i in stranger.pull_all()[0]}
    assert world.event_id not in seen_by_stranger
    colleague = world.hq.desk("SULTENG", "Meja 3")  # control: the same office does see it
    assert world.event_id in {i["payload"].get("id") for i in colleague.pull_all()[0]}
