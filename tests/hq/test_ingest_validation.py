"""Issue 15 items 2 and 7: a zone that is not one, or a date no desk works in, is refused item by
item at ingest (the batch's other items stored), and every page renders whatever is already stored,
against the real HQ over HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from sync import zones
from sync.clock import utcnow
from sync.hq import admin
from sync.hq.clock import local_time_text
from sync.hq.db import write_session
from sync.hq.models import Certificate, CheckIn, Event
from sync.seal_format import SealPayload, name_digest, seal
from sync.zones import known_zone
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
)

PASSWORD = "kata-sandi-yang-panjang-sekali"


def _results(response: requests.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


def _with(item: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The envelope with payload fields replaced by raw JSON values, as a crafted desk sends."""
    return {**item, "id": new_id(), "payload": {**item["payload"], **changes}}


@pytest.mark.parametrize("timezone", ["Asia", "Etc", "Mars/Olympus", "", "posixrules", "zone.tab"])
def test_only_the_tz_databases_zones_are_zones(timezone: str) -> None:
    assert known_zone(timezone) is None
    assert known_zone("Asia/Jayapura") is not None and known_zone("UTC") is not None


def test_without_the_list_of_zones_a_folder_is_still_no_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A frozen desk that lost tzdata's list of zones must still create events in real zones."""
    monkeypatch.setattr(zones, "_tzdata_names", frozenset)
    monkeypatch.setattr(zones, "_listed", lambda name: False)
    zones._any_listed.cache_clear()
    try:
        assert not zones._any_listed()
        assert known_zone("Asia/Makassar") is not None
        assert known_zone("Asia") is None and known_zone("Mars/Olympus") is None
    finally:
        zones._any_listed.cache_clear()


def test_bad_zones_and_dates_are_refused_item_by_item_and_the_rest_is_stored(hq: Hq) -> None:
    desk = hq.desk()
    event = event_record()
    person = participant_record()
    good = [
        envelope(event),
        envelope(person),
        envelope(registration_record(event.id, person.id)),
        envelope(checkin_record(event.id, person.id)),
    ]
    base_event, base_person, base_checkin = good[0], good[1], good[3]
    bad = {
        "folder zone": (_with(base_event, id=new_id(), timezone="Asia"), "zone_unknown"),
        "unknown zone": (_with(base_event, id=new_id(), timezone="Mars/Olympus"), "zone_unknown"),
        "end of time in Jayapura": (
            _with(
                base_event,
                id=new_id(),
                timezone="Asia/Jayapura",
                ends_at="9999-12-31T23:59:00+09:00",
            ),
            "time_out_of_range",
        ),
        "ends before it starts": (
            _with(base_event, id=new_id(), ends_at=(T0 - timedelta(hours=1)).isoformat()),
            "event_dates",
        ),
        "check-in at the start of time": (
            _with(base_checkin, id=new_id(), at="0001-01-01T00:00:00+14:00"),
            "time_out_of_range",
        ),
        "participant from year 1": (
            _with(base_person, id=new_id(), updated_at="0001-01-01T00:00:00+14:00"),
            "time_out_of_range",
        ),
        "born in year 1": (
            _with(base_person, id=new_id(), birth_date="0001-01-01"),
            "time_out_of_range",
        ),
    }
    items = good[:2] + [item for item, _ in bad.values()] + good[2:]
    results = _results(desk.push(items))
    by_id = {result["id"]: result for result in results}

    assert [by_id[item["id"]]["status"] for item in good] == ["stored"] * 4
    for label, (item, code) in bad.items():
        answer = by_id[item["id"]]
        assert answer["status"] == "invalid", label
        assert answer["reason"].endswith(f"[{code}]"), (label, answer["reason"])
    assert "'Asia' is not a time zone" in by_id[bad["folder zone"][0]["id"]]["reason"]
    counts = hq.stats()
    assert (counts["events"], counts["participants"], counts["checkins"]) == (1, 1, 1)


def _certificate_dates(hq: Hq, desk: Desk, *, issued_on: str, issued_at: str) -> list[str]:
    """A certificate of a good event whose dates are out of range: refused, the event stored."""
    event, person = event_record(), participant_record()
    item = {
        "id": new_id(),
        "kind": "certificate",
        "payload": {
            "kind": "certificate",
            "id": new_id(),
            "number": "W.32-1",
            "event_id": event.id,
            "participant_id": person.id,
            "office_code": "SULTENG",
            "desk_id": desk.desk_id,
            "printed_name": person.full_name,
            "issued_on": issued_on,
            "mode": "luring",
            "key_id": desk.key_id,
            "issued_at": issued_at,
            "issued_by": "petugas",
            "template_id": "default",
            "template_version": 1,
        },
    }
    return [r["status"] for r in _results(desk.push([envelope(event), envelope(person), item]))]


def test_a_certificate_dated_out_of_range_is_refused_alone(hq: Hq) -> None:
    desk = hq.desk()
    assert _certificate_dates(
        hq, desk, issued_on="0001-01-01", issued_at="2026-03-13T01:00:00+00:00"
    ) == ["stored", "stored", "invalid"]
    assert _certificate_dates(
        hq, desk, issued_on="2026-03-13", issued_at="9999-12-31T23:59:59-12:00"
    ) == ["stored", "stored", "invalid"]


# --- what is already stored (before HQ checked at ingest) still renders ------------------------


def _log_in(hq: Hq) -> requests.Session:
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
    return dashboard_login(hq, username="pusat", password=PASSWORD)


@pytest.mark.parametrize(
    ("timezone", "starts_at", "ends_at"),
    [
        ("Asia", T0, T0 + timedelta(hours=8)),  # a folder of the tz database
        ("Asia/Jayapura", T0, datetime(9999, 12, 31, 23, 0, tzinfo=UTC)),  # past 9999 in WIT
        ("Asia/Makassar", datetime(1, 1, 1, tzinfo=UTC), T0),  # before year 1 in WITA
    ],
)
def test_every_page_renders_an_event_stored_with_a_bad_zone_or_date(
    hq: Hq, timezone: str, starts_at: datetime, ends_at: datetime
) -> None:
    desk = hq.desk()
    good = event_record()
    person = participant_record()
    assert desk.push([envelope(good), envelope(person)]).status_code == 200
    event_id = new_id()
    with write_session(hq.engine) as session:
        session.add(
            Event(
                id=event_id,
                office_code="SULTENG",
                title="Kegiatan Rusak",
                theme="",
                venue="",
                starts_at=starts_at,
                ends_at=ends_at,
                timezone=timezone,
                mode="luring",
                jp=None,
                updated_at=T0,
                device_id=desk.device_id,
            )
        )
    # A check-in, stored the way ingest stores one, so the event's attendance has a row to show,
    # and one on day 2 stored at the event's own bad edge, as an older HQ would have kept it.
    assert (
        desk.push(
            [
                envelope(registration_record(event_id, person.id)),
                envelope(checkin_record(event_id, person.id)),
            ]
        ).status_code
        == 200
    )
    with write_session(hq.engine) as session:
        session.add(
            CheckIn(
                id=new_id(),
                event_id=event_id,
                participant_id=person.id,
                day=2,
                at=ends_at if ends_at.year == 9999 else starts_at,
                desk_id="desk",
                desk_name="Meja 1",
                operator="operator",
                method="scan",
                payload_hash="0" * 64,
            )
        )
    payload = SealPayload(
        number="W.32.UM.01.01-9",
        participant_id=person.id,
        event_id=event_id,
        name_digest=name_digest(person.full_name),
        issued_on=date(2026, 3, 13),
        mode="luring",
    )
    with write_session(hq.engine) as session:
        session.add(
            Certificate(
                id=new_id(),
                number=payload.number,
                event_id=event_id,
                participant_id=person.id,
                office_code="SULTENG",
                desk_id=desk.desk_id,
                printed_name=person.full_name,
                issued_on=payload.issued_on,
                mode="luring",
                key_id=desk.key_id,
                issued_at=utcnow(),
                device_id=desk.device_id,
            )
        )
    token = seal(payload, desk.private_key)

    browser = _log_in(hq)
    pages = [
        "/dashboard/",
        f"/dashboard/events/{event_id}",
        "/dashboard/export/events.csv",
        "/dashboard/export/events.xlsx",
        f"/dashboard/export/events/{event_id}/attendance.csv",
        f"/dashboard/export/events/{event_id}/attendance.xlsx",
    ]
    for page in pages:
        answer = browser.get(f"{hq.url}{page}", timeout=30)
        assert answer.status_code == 200, (page, answer.status_code, answer.text[:300])
    assert "Kegiatan Rusak" in browser.get(f"{hq.url}/dashboard/", timeout=30).text
    for page in (f"/v/{token}", f"/api/v1/verify/{token}"):
        answer = requests.get(f"{hq.url}{page}", timeout=30)
        assert answer.status_code == 200, (page, answer.status_code, answer.text[:300])
    verified = requests.get(f"{hq.url}/api/v1/verify/{token}", timeout=30).json()
    assert verified["status"] == "valid"
    # A date HQ could not read in the event's zone is given in UTC, and says so.
    assert ("(UTC)" in verified["event_dates"]) == (timezone == "Asia" or ends_at.year == 9999)
    event_page = browser.get(f"{hq.url}/dashboard/events/{event_id}", timeout=30).text
    if ends_at.year == 9999:  # the day-2 check-in at 9999-12-31T23:00Z: past 9999 in WIT
        assert "31-12-9999 23.00 UTC" in event_page
    if timezone == "Asia":
        assert "12-03-2026 01.00 UTC" in event_page
        export = browser.get(f"{hq.url}/dashboard/export/events/{event_id}/attendance.csv")
        assert "Waktu hadir (UTC)" in export.text  # shown as UTC, and named so


def test_a_time_past_the_zones_limit_is_shown_in_utc_named() -> None:
    assert local_time_text(datetime(9999, 12, 31, 23, 0, tzinfo=UTC), "Asia/Jayapura") == (
        "31-12-9999 23.00 UTC"
    )
    assert local_time_text(T0, "Asia") == "12-03-2026 01.00 UTC"


# --- the desk refuses such a zone in one sentence ---------------------------------------------

CLI = shutil.which("hadir-cli", path=str(Path(sys.executable).parent)) or "hadir-cli"


@pytest.mark.parametrize("timezone", ["Asia", "Mars/Olympus"])
def test_the_desk_refuses_a_zone_that_is_not_one_in_one_sentence(
    tmp_path: Path, timezone: str
) -> None:
    env = {**os.environ, "HADIR_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [
            CLI,
            "event",
            "create",
            "--title",
            "Penguatan Kapasitas HAM",
            "--start",
            "2026-11-24T08:00",
            "--end",
            "2026-11-24T16:00",
            "--timezone",
            timezone,
            "--office",
            "SULTENG",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert lines == [lines[0]] and f"'{timezone}' is not a known time zone" in lines[0], (
        result.stderr
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("9999-12-30T08:00", "9999-12-31T16:00"),  # HQ would refuse it [time_out_of_range]
        ("1999-12-31T08:00", "1999-12-31T16:00"),
        ("0001-01-01T00:00", "0001-01-01T08:00"),  # has no UTC form east of UTC
    ],
)
def test_the_desk_refuses_an_event_outside_the_years_hq_holds(
    tmp_path: Path, start: str, end: str
) -> None:
    """The desk used to keep a year-9999 event and have every sync set it aside; the clerk now
    hears it at once, in one sentence, and nothing is written."""
    env = {**os.environ, "HADIR_DATA_DIR": str(tmp_path / "data")}
    made = subprocess.run(
        [
            CLI,
            "event",
            "create",
            "--title",
            "Penguatan Kapasitas HAM",
            "--start",
            start,
            "--end",
            end,
            "--timezone",
            "Asia/Jayapura",
            "--office",
            "SULTENG",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert made.returncode != 0 and "Traceback" not in made.stderr
    assert "between 2000 and 2099" in made.stderr, made.stderr
    listed = subprocess.run(
        [CLI, "--json", "event", "list"], capture_output=True, text=True, timeout=120, env=env
    )
    assert json.loads(listed.stdout.strip().splitlines()[-1]) == []
