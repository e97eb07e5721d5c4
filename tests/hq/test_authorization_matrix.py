"""Who may do what at HQ: every endpoint against every kind of caller (issue 9, item 4).

Callers: anonymous, a desk of the event's office, a desk of another office, a revoked desk, an
HQ admin (dashboard session), and a desk token presented to the dashboard. The matrix must name
every route the app has: a new endpoint without a row here fails the test.
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
from sync.seal_format import key_id_for
from tests.hq.helpers import Desk, Hq, dashboard_login, envelope, event_record, public_key_b64

PASSWORD = "kata-sandi-yang-panjang-sekali"
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@dataclass
class World:
    hq: Hq
    own: Desk  # SULTENG, the event's office
    other: Desk  # DKI
    revoked: Desk  # SULTENG, revoked after enrolling
    admin: requests.Session  # logged-in dashboard session
    admin_csrf: str
    event_id: str


def _log_in(hq: Hq) -> tuple[requests.Session, str]:
    browser = dashboard_login(hq, username="pusat", password=PASSWORD)
    page = browser.get(f"{hq.url}/dashboard/", timeout=10)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    return browser, csrf.group(1)


@pytest.fixture
def world(hq: Hq) -> World:
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
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
    return World(hq, own, other, revoked, session_, csrf, event.id)


Call = Callable[[World, str], requests.Response]  # (world, caller) -> response


def _desk_for(world: World, caller: str) -> Desk | None:
    return {"own": world.own, "other": world.other, "revoked": world.revoked}.get(caller)


def _bearer(world: World, caller: str) -> dict[str, str]:
    desk = _desk_for(world, caller)
    if caller == "desk_on_dashboard":
        desk = world.own
    return desk.auth if desk is not None else {}


def _get(path: str) -> Call:
    def call(world: World, caller: str) -> requests.Response:
        client = world.admin if caller == "admin" else requests
        return client.get(
            world.hq.url + path.format(event=world.event_id),
            headers=_bearer(world, caller),
            timeout=30,
            allow_redirects=False,
        )

    return call


def _dashboard_post(path: str) -> Call:
    def call(world: World, caller: str) -> requests.Response:
        client = world.admin if caller == "admin" else requests
        target = path.format(device=world.other.device_id)
        data = {"csrf_token": world.admin_csrf, "office": "SULTENG"}
        return client.post(
            world.hq.url + target,
            data=data,
            headers=_bearer(world, caller),
            timeout=30,
            allow_redirects=False,
        )

    return call


def _set_target(world: World, caller: str) -> requests.Response:
    client = world.admin if caller == "admin" else requests
    return client.post(
        f"{world.hq.url}/dashboard/targets",
        data={"csrf_token": world.admin_csrf, "year": "2026", "scope": "SULTENG", "people": "5"},
        headers=_bearer(world, caller),
        timeout=30,
        allow_redirects=False,
    )


def _push(world: World, caller: str) -> requests.Response:
    desk = _desk_for(world, caller) or world.own
    body = desk.push_body([envelope(event_record(office="SULTENG"))])
    headers = {
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
        **_bearer(world, caller),
    }
    client = world.admin if caller == "admin" else requests
    return client.post(f"{world.hq.url}/api/v1/push", data=body, headers=headers, timeout=30)


def _reconcile(world: World, caller: str) -> requests.Response:
    client = world.admin if caller == "admin" else requests
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
    client = world.admin if caller == "admin" else requests
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
}
EVERYONE = dict.fromkeys(DESK_ONLY, 200)

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
        {**STAFF_ONLY, "admin": 303},
    ),
    ("GET", "/dashboard/"): (_get("/dashboard/"), STAFF_ONLY),
    ("POST", "/dashboard/enrollment-codes"): (
        _dashboard_post("/dashboard/enrollment-codes"),
        STAFF_ONLY,
    ),
    ("POST", "/dashboard/devices/{device_id}/revoke"): (
        _dashboard_post("/dashboard/devices/{device}/revoke"),
        STAFF_ONLY,
    ),
    ("GET", "/dashboard/events/{event_id}"): (_get("/dashboard/events/{event}"), STAFF_ONLY),
    ("GET", "/dashboard/export/events.{fmt}"): (_get("/dashboard/export/events.csv"), STAFF_ONLY),
    ("GET", "/dashboard/export/desks.{fmt}"): (_get("/dashboard/export/desks.csv"), STAFF_ONLY),
    ("GET", "/dashboard/national"): (_get("/dashboard/national"), STAFF_ONLY),
    ("GET", "/dashboard/export/national.{fmt}"): (
        _get("/dashboard/export/national.csv"),
        STAFF_ONLY,
    ),
    ("GET", "/dashboard/offices/{code}"): (_get("/dashboard/offices/SULTENG"), STAFF_ONLY),
    ("POST", "/dashboard/targets"): (_set_target, {**STAFF_ONLY, "admin": 303}),
    ("GET", "/dashboard/export/national/{figure}.{fmt}"): (
        _get("/dashboard/export/national/provinsi.csv"),
        STAFF_ONLY,
    ),
    ("GET", "/dashboard/export/offices/{code}/{figure}.{fmt}"): (
        _get("/dashboard/export/offices/SULTENG/kegiatan.xlsx"),
        STAFF_ONLY,
    ),
    ("GET", "/dashboard/export/events/{event_id}/attendance.{fmt}"): (
        _get("/dashboard/export/events/{event}/attendance.csv"),
        STAFF_ONLY,
    ),
}
CALLERS = (
    "anonymous",
    "own",
    "other",
    "revoked",
    "desk_on_dashboard",
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
            if path == "/dashboard/logout" and caller == "admin":
                continue  # checked last, below, so the admin stays logged in meanwhile
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
    assert call(world, "admin").status_code == expected["admin"]
    assert (
        world.admin.get(f"{world.hq.url}/dashboard/", timeout=30, allow_redirects=False).status_code
        == 303
    )  # logged out for real
    assert len(seen) >= 90


def test_a_desk_of_another_office_cannot_write_or_read_this_offices_data(world: World) -> None:
    stranger = world.other
    answer = stranger.push([envelope(event_record(office="SULTENG"))]).json()
    assert answer["acknowledged"] == [] and answer["results"][0]["status"] == "invalid"
    seen_by_stranger = {i["payload"].get("id") for i in stranger.pull_all()[0]}
    assert world.event_id not in seen_by_stranger
    colleague = world.hq.desk("SULTENG", "Meja 3")  # control: the same office does see it
    assert world.event_id in {i["payload"].get("id") for i in colleague.pull_all()[0]}
