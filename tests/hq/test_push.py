"""Push over HTTP on SQLite and PostgreSQL: results per item, idempotence, office boundaries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests
from sqlalchemy import func, select

from sync.hq.db import read_session
from sync.hq.models import Change, ChangeConflict, Event, Participant
from tests.hq.helpers import (
    Hq,
    checkin_record,
    envelope,
    event_record,
    new_id,
    participant_record,
    registration_record,
    statuses,
)


def test_health_answers_json(hq: Hq) -> None:
    response = requests.get(f"{hq.url}/healthz", timeout=10)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_a_batch_is_stored_once_and_acknowledged_by_id(hq: Hq) -> None:
    desk = hq.desk()
    event = event_record()
    person = participant_record()
    items = [
        envelope(event),
        envelope(person),
        envelope(registration_record(event.id, person.id)),
        envelope(checkin_record(event.id, person.id)),
    ]
    first = desk.push(items, pending=4)
    assert statuses(first) == ["stored"] * 4
    assert first.json()["acknowledged"] == [item["id"] for item in items]
    assert first.json()["clock_warning"] is None

    again = desk.push(items, pending=0)
    assert statuses(again) == ["already_stored"] * 4
    assert again.json()["acknowledged"] == [item["id"] for item in items]
    counts = hq.stats()
    assert (
        counts["events"],
        counts["participants"],
        counts["registrations"],
        counts["checkins"],
    ) == (1, 1, 1, 1)
    assert counts["attendances"] == 1


def test_same_id_with_other_content_is_a_conflict_kept_aside(hq: Hq) -> None:
    desk = hq.desk()
    event = event_record()
    person = participant_record()
    original = envelope(
        checkin_record(event.id, person.id, at=datetime(2026, 3, 12, 1, 5, tzinfo=UTC))
    )
    assert statuses(desk.push([envelope(event), envelope(person), original])) == ["stored"] * 3
    altered = {**original, "payload": {**original["payload"], "at": "2026-03-12T02:00:00Z"}}
    response = desk.push([altered])
    assert statuses(response) == ["conflict"]
    assert "different content" in response.json()["results"][0]["reason"]
    assert response.json()["acknowledged"] == []
    with read_session(hq.engine) as session:
        kept = session.execute(select(ChangeConflict)).scalars().all()
        assert [k.change_id for k in kept] == [original["id"]]
    # A new change id naming the same check-in with other content is a conflict too.
    renamed = {**altered, "id": new_id()}
    assert statuses(desk.push([renamed])) == ["conflict"]
    with read_session(hq.engine) as session:
        assert (
            session.execute(
                select(func.count()).select_from(Change).where(Change.id == renamed["id"])
            ).scalar_one()
            == 0
        )
    # The same change id twice in one batch with different content.
    twice = envelope(checkin_record(event.id, person.id))
    other = {**twice, "payload": {**twice["payload"], "day": 2}}
    assert statuses(desk.push([twice, other])) == ["stored", "conflict"]


def test_one_bad_item_does_not_stop_the_others(hq: Hq) -> None:
    desk = hq.desk()
    event = event_record()
    good = envelope(event)
    unknown_kind = {"id": new_id(), "kind": "sertifikat-palsu", "payload": {}}
    broken = {"id": new_id(), "kind": "participant", "payload": {"id": "x", "full_name": 3}}
    mismatched = {
        "id": new_id(),
        "kind": "checkin",
        "payload": envelope(participant_record())["payload"],
    }
    response = desk.push([unknown_kind, good, broken, mismatched])
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["invalid", "stored", "invalid", "invalid"]
    assert "unknown record kind" in results[0]["reason"]
    assert "full_name" in results[2]["reason"]
    assert "does not match" in results[3]["reason"]
    assert response.json()["acknowledged"] == [good["id"]]


def test_a_desk_writes_only_its_own_office(hq: Hq) -> None:
    palu = hq.desk("SULTENG", "Meja Palu")
    makassar = hq.desk("SULSEL", "Meja Makassar")
    palu_event = event_record("SULTENG")
    person = participant_record(nip="198001012005011002")
    assert statuses(palu.push([envelope(palu_event), envelope(person)])) == ["stored", "stored"]

    foreign_event = event_record("SULTENG")  # Makassar's desk claiming Palu's office
    hijack = event_record(
        "SULSEL",
        event_id=palu_event.id,
        title="Diganti",
        updated_at=palu_event.updated_at + timedelta(days=1),
    )
    checkin = checkin_record(palu_event.id, person.id)
    registration = registration_record(palu_event.id, person.id)
    renamed = participant_record(
        participant_id=person.id,
        nip=person.nip,
        name="Orang Lain",
        updated_at=person.updated_at + timedelta(days=1),
    )
    response = makassar.push(
        [
            envelope(foreign_event),
            envelope(hijack),
            envelope(checkin),
            envelope(registration),
            envelope(renamed),
        ]
    )
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["invalid"] * 5
    assert "enrolled for SULSEL" in results[0]["reason"]
    assert "belongs to office SULTENG" in results[1]["reason"]
    assert "belongs to office SULTENG" in results[2]["reason"]
    assert "belongs to office SULTENG" in results[4]["reason"]
    with read_session(hq.engine) as session:
        assert session.get(Event, palu_event.id).title == palu_event.title  # type: ignore[union-attr]
        assert session.get(Participant, person.id).full_name == person.full_name  # type: ignore[union-attr]
    assert hq.stats()["checkins"] == 0
    # Palu's own desk may of course check the person in.
    assert statuses(palu.push([envelope(checkin)])) == ["stored"]


def test_unknown_event_is_refused_with_a_reason(hq: Hq) -> None:
    desk = hq.desk()
    response = desk.push([envelope(checkin_record(new_id(), new_id()))])
    assert statuses(response) == ["invalid"]
    assert "unknown event" in response.json()["results"][0]["reason"]


def test_the_participant_state_received_last_wins_whatever_its_stamp(hq: Hq) -> None:
    """Issue 15 item 1: a stamp is the desk's clock, so it does not order edits; nothing is
    answered "stored" and then ignored (test_erasure_order.py has the erasure cases)."""
    desk = hq.desk()
    person = participant_record(name="Ahmad Yani")
    newer = participant_record(
        participant_id=person.id,
        name="Dr. Ahmad Yani",
        updated_at=person.updated_at + timedelta(hours=1),
    )
    assert statuses(desk.push([envelope(newer)])) == ["stored"]
    assert statuses(desk.push([envelope(person)])) == ["stored"]  # received last: applied
    with read_session(hq.engine) as session:
        assert session.get(Participant, person.id).full_name == "Ahmad Yani"  # type: ignore[union-attr]


def test_clock_skew_is_reported(hq: Hq) -> None:
    desk = hq.desk()
    ahead = desk.push([], desk_time=datetime.now(UTC) + timedelta(minutes=12))
    body = ahead.json()
    assert body["clock_skew_seconds"] > 600
    assert "12 minutes ahead" in body["clock_warning"]
    fine = desk.push([], desk_time=datetime.now(UTC) + timedelta(seconds=30)).json()
    assert fine["clock_warning"] is None
