"""Issue 17 item 5 at HQ: a venue hub's push names the member desk that made each item
(``Hadir-Relayed-For``); HQ keeps who made what and which desk syncs through which hub, takes the
claim only for desks of the hub's own office, and the dashboard shows the routes ("Langsung",
"Melalui hub: Meja 1") in a real headless Chromium (Playwright, Debian's /usr/bin/chromium), on
SQLite and PostgreSQL. HADIR_SCREENSHOT_DIR=docs/screenshots saves hq-desks-via-hub.png."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import text

from sync.clock import utcnow
from sync.hq import admin
from sync.hq.db import write_session
from sync.hq.enrollment import revoke_device
from sync.protocol import RELAYED_FOR_HEADER, RelayedDesk, format_relayed_for
from tests.hq.helpers import (
    T0,
    Desk,
    Hq,
    checkin_record,
    dashboard_login,
    envelope,
    event_record,
    new_id,
    participant_record,
    registration_record,
    statuses,
)

PASSWORD = "kata-sandi-kuat-1"
CHROMIUM = "/usr/bin/chromium"


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


def _people(
    event_id: str, desk_id: str, count: int, start: int, name: str = "Meja"
) -> list[dict[str, Any]]:
    """Walk-ins made at one desk: participant, registration and check-in each."""
    items = []
    for number in range(start, start + count):
        person = participant_record(nip=None, email=f"p{number}@example.go.id", name=f"P {number}")
        items += [
            envelope(person),
            envelope(registration_record(event_id, person.id, desk_id=desk_id)),
            envelope(
                checkin_record(
                    event_id, person.id, at=T0 + timedelta(minutes=number), desk_name=name
                ).model_copy(update={"desk_id": desk_id})
            ),
        ]
    return items


def _push(desk: Desk, items: list[dict[str, Any]], makers: list[RelayedDesk | None]) -> Any:
    value = format_relayed_for(makers)
    headers = {RELAYED_FOR_HEADER: value} if value else {}
    return desk.push_raw(desk.push_body(items), headers=headers)


def test_hq_keeps_who_made_what_and_shows_the_routes(hq: Hq, browser: Browser) -> None:
    hub = hq.desk("SULTENG", "Meja 1")
    both = hq.desk("SULTENG", "Meja 2")  # enrolled, syncs directly and through the hub
    unenrolled = RelayedDesk(new_id(), "Meja 3")  # known to HQ only through the hub
    meja2 = RelayedDesk(both.desk_id, "Meja 2")
    aceh = hq.desk("ACEH", "Meja Aceh")
    gone = hq.desk("SULTENG", "Meja Lama")
    with write_session(hq.engine) as session:
        revoke_device(session=session, device_id=gone.device_id, now=utcnow())
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())

    event = event_record("SULTENG")
    own = [envelope(event), *_people(event.id, hub.desk_id, 1, 0, "Meja 1")]
    from_2 = _people(event.id, both.desk_id, 2, 10, "Meja 2")
    from_3 = _people(event.id, unenrolled.desk_id, 3, 20, "Meja 3")
    items = own + from_2 + from_3
    makers = [None] * len(own) + [meja2] * len(from_2) + [unenrolled] * len(from_3)
    answer = _push(hub, items, makers)
    assert statuses(answer) == ["stored"] * len(items)

    # The claims HQ does not take, each refused alone: another office's desk, a revoked desk, a
    # record that names another desk than the claim.
    person = participant_record(nip=None, email="q@example.go.id")
    wrong = [
        envelope(person),
        envelope(checkin_record(event.id, person.id).model_copy(update={"desk_id": gone.desk_id})),
        envelope(checkin_record(event.id, person.id, day=2).model_copy(update={"desk_id": "x"})),
    ]
    answer = _push(
        hub,
        wrong,
        [
            RelayedDesk(aceh.desk_id, "Meja Aceh"),
            RelayedDesk(gone.desk_id, "Meja Lama"),
            unenrolled,
        ],
    )
    reasons = [r["reason"] or "" for r in answer.json()["results"]]
    assert statuses(answer) == ["invalid"] * 3, reasons
    assert reasons[0].endswith("[relay_other_office]") and "ACEH" in reasons[0]
    assert reasons[1].endswith("[relay_revoked_desk]")
    assert reasons[2].endswith("[relay_desk_mismatch]")
    # A desk enrolled again (its old device revoked) is the hub's to relay; a hub that lost a
    # member's name (it sends the id) does not rename it at HQ.
    first = hq.desk("SULTENG", "Meja 4")
    with write_session(hq.engine) as session:
        revoke_device(session=session, device_id=first.device_id, now=utcnow())
    again = Desk(hq=hq, office="SULTENG", name="Meja 4", desk_id=first.desk_id)  # a new key
    assert again.enroll(hq.enrollment_code("SULTENG")).status_code == 201
    later = _people(event.id, again.desk_id, 1, 50, "Meja 4") + _people(
        event.id, unenrolled.desk_id, 1, 60, "Meja 3"
    )
    answer = _push(
        hub,
        later,
        [RelayedDesk(again.desk_id, "Meja 4")] * 3
        + [RelayedDesk(unenrolled.desk_id, unenrolled.desk_id)] * 3,
    )
    assert statuses(answer) == ["stored"] * 6
    # A header that does not cover the push refuses it whole; nothing is stored under the hub.
    bad = hub.push_raw(
        hub.push_body(_people(event.id, unenrolled.desk_id, 1, 40)),
        headers={RELAYED_FOR_HEADER: '{"desks":[],"runs":[[-1,5]]}'},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "body_invalid"

    # Meja 2 also reaches HQ itself: its check-in again (already stored) and a new one.
    direct = from_2[2:3] + _people(event.id, both.desk_id, 1, 30, "Meja 2")
    assert statuses(both.push(direct)) == ["already_stored", "stored", "stored", "stored"]

    with hq.engine.connect() as connection:
        made = dict(
            connection.execute(
                text("SELECT id, made_by_desk_id FROM change WHERE device_id = :hub"),
                {"hub": hub.device_id},
            ).all()
        )
        routes = connection.execute(
            text("SELECT desk_id, hub_device_id, desk_name FROM desk_via_hub ORDER BY desk_name")
        ).all()
    assert {made[item["id"]] for item in own} == {None}
    assert {made[item["id"]] for item in from_2} == {both.desk_id}
    assert {made[item["id"]] for item in from_3} == {unenrolled.desk_id}
    assert {made[item["id"]] for item in later[:3]} == {again.desk_id}
    assert [tuple(r) for r in routes] == [
        (both.desk_id, hub.device_id, "Meja 2"),
        (unenrolled.desk_id, hub.device_id, "Meja 3"),
        (again.desk_id, hub.device_id, "Meja 4"),
    ]

    page: Page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{hq.url}/dashboard/")
    page.fill("#username", "pusat")
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_selector("#desks")
    row_2 = page.locator(f'tr[data-device="{both.device_id}"] td.routes')
    texts_2 = row_2.locator(".route").all_inner_texts()
    assert texts_2[0].startswith("Langsung (") and texts_2[1].startswith("Melalui hub: Meja 1 (")
    assert all(t.endswith(" WITA)") for t in texts_2)  # Palu's zone, named
    row_3 = page.locator(f'tr[data-desk-id="{unenrolled.desk_id}"]')
    assert "tidak terdaftar di HQ" in row_3.inner_text()
    assert row_3.locator(".route").all_inner_texts()[0].startswith("Melalui hub: Meja 1 (")
    assert row_3.locator("button.revoke").count() == 0  # nothing of HQ's to revoke
    assert page.locator(f'tr[data-device="{first.device_id}"] .route').count() == 0
    again_row = page.locator(f'tr[data-device="{again.device_id}"] .route')
    assert again_row.all_inner_texts()[0].startswith("Melalui hub: Meja 1 (")
    hub_row = page.locator(f'tr[data-device="{hub.device_id}"] td.routes')
    assert hub_row.locator(".route").all_inner_texts()[0].startswith("Langsung")
    assert hub_row.locator(".serves").inner_text() == "Hub lokasi untuk: Meja 2, Meja 3, Meja 4"
    folder = os.environ.get("HADIR_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, "hq-desks-via-hub.png"), full_page=True)

    page.click(f'tr[data-event="{event.id}"] a')
    page.wait_for_selector("#event-desks")
    desks = {
        row.locator("td").first.inner_text(): row.locator("td.routes").inner_text()
        for row in page.locator("#event-desks tr[data-desk-id]").all()
    }
    assert desks["Meja 3"].strip() == "Melalui hub: Meja 1"
    assert desks["Meja 2"].split() == ["Langsung", "Melalui", "hub:", "Meja", "1"]
    checkins_2 = page.locator(f'#event-desks tr[data-desk-id="{both.desk_id}"] td.checkins')
    assert checkins_2.inner_text() == "3"
    if folder:
        page.screenshot(path=os.path.join(folder, "hq-event-desks-via-hub.png"), full_page=True)
    page.close()

    session = dashboard_login(hq, username="pusat", password=PASSWORD)
    exported = session.get(f"{hq.url}/dashboard/export/desks.csv", timeout=10)
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Kantor;Meja;ID meja;Terdaftar di HQ;Jalur sinkron;Terakhir"
    of_2 = [line.split(";")[4] for line in lines if f";{both.desk_id};" in line]
    assert of_2 == ["Langsung", "Melalui hub: Meja 1"]  # a desk that does both has both rows
    of_3 = [line.split(";")[3:5] for line in lines if f";{unenrolled.desk_id};" in line]
    assert of_3 == [["tidak", "Melalui hub: Meja 1"]]
