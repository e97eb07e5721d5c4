"""Pull by cursor, merge of people and attendance, and end-of-day reconciliation."""

from __future__ import annotations

from datetime import timedelta

import requests

from sync.hq import merge
from sync.hq.db import read_session
from sync.protocol import manifest_hash
from tests.hq.helpers import (
    T0,
    Hq,
    checkin_record,
    envelope,
    event_record,
    new_id,
    participant_record,
    registration_record,
    statuses,
)


def test_pull_gives_the_office_other_desks_changes_by_cursor(hq: Hq) -> None:
    meja1 = hq.desk("SULTENG", "Meja 1")
    meja2 = hq.desk("SULTENG", "Meja 2")
    elsewhere = hq.desk("ACEH", "Meja Aceh")
    event = event_record("SULTENG")
    people = [participant_record(nip=None, email=f"p{i}@example.go.id") for i in range(5)]
    items = [envelope(event)] + [envelope(p) for p in people]
    items += [envelope(checkin_record(event.id, p.id, desk_name="Meja 1")) for p in people]
    assert set(statuses(meja1.push(items))) == {"stored"}

    pulled, cursor = meja2.pull_all(limit=3)  # small pages: resumable by cursor
    by_kind: dict[str, int] = {}
    for item in pulled:
        by_kind[item["kind"]] = by_kind.get(item["kind"], 0) + 1
    assert by_kind == {"desk_key": 3, "event": 1, "participant": 5, "checkin": 5}
    assert {i["payload"]["desk_name"] for i in pulled if i["kind"] == "checkin"} == {"Meja 1"}
    assert [i["seq"] for i in pulled] == sorted(i["seq"] for i in pulled)

    # Nothing new: the cursor stays; something new: only that comes.
    again, same = meja2.pull_all(cursor)
    assert again == [] and same == cursor
    late = checkin_record(event.id, people[0].id, day=2, desk_name="Meja 1")
    meja1.push([envelope(late)])
    fresh, _ = meja2.pull_all(cursor)
    assert [i["payload"]["id"] for i in fresh] == [late.id]

    # A desk does not get its own changes back, and another office gets none of these.
    mine, _ = meja1.pull_all()
    assert {i["kind"] for i in mine} == {"desk_key"}
    theirs, _ = elsewhere.pull_all()
    assert {i["kind"] for i in theirs} == {"desk_key"}
    assert len([i for i in theirs if i["kind"] == "desk_key"]) == 3
    key = next(i["payload"] for i in theirs if i["payload"]["device_id"] == meja1.device_id)
    assert key["id"] == meja1.key_id and key["revoked_at"] is None


def test_participants_from_two_desks_are_one_person_and_attendance_is_the_earliest(hq: Hq) -> None:
    meja1, meja2 = hq.desk("SULTENG", "Meja 1"), hq.desk("SULTENG", "Meja 2")
    event = event_record("SULTENG")
    at_desk1 = participant_record(nip="198609262015051001", email=None)
    at_desk2 = participant_record(nip="19860926 201505 1 001", email="other@example.go.id")
    stranger = participant_record(nip=None, email=None)
    meja1.push([envelope(event), envelope(at_desk1), envelope(stranger)])
    meja2.push([envelope(at_desk2)])
    late = checkin_record(event.id, at_desk1.id, at=T0 + timedelta(minutes=20), desk_name="Meja 1")
    early = checkin_record(event.id, at_desk2.id, at=T0 + timedelta(minutes=5), desk_name="Meja 2")
    stranger_in = checkin_record(event.id, stranger.id, at=T0)
    assert statuses(meja1.push([envelope(late), envelope(stranger_in)])) == ["stored", "stored"]
    assert statuses(meja2.push([envelope(early)])) == ["stored"]

    counts = hq.stats()
    assert counts["participants"] == 3 and counts["persons"] == 2
    assert counts["checkins"] == 3 and counts["attendances"] == 2
    with read_session(hq.engine) as session:
        day1 = merge.attendances(session=session, event_id=event.id)
    person_time = {a.first_at for a in day1}
    assert T0 + timedelta(minutes=5) in person_time

    # Undoing the earliest check-in makes the later one count; undoing both removes attendance.
    undo = checkin_record(event.id, at_desk2.id, at=T0 + timedelta(minutes=6), undoes_id=early.id)
    meja2.push([envelope(undo)])
    with read_session(hq.engine) as session:
        times = sorted(a.first_at for a in merge.attendances(session=session, event_id=event.id))
    assert times == [T0, T0 + timedelta(minutes=20)]
    meja1.push([envelope(checkin_record(event.id, at_desk1.id, undoes_id=late.id))])
    assert hq.stats()["attendances"] == 1
    assert hq.stats()["checkins"] == 5  # every record is kept, undo records included


def test_reconciliation_says_what_hq_lacks(hq: Hq) -> None:
    desk = hq.desk()
    event = event_record()
    person = participant_record()
    sent = [envelope(event), envelope(person), envelope(registration_record(event.id, person.id))]
    checkins = [envelope(checkin_record(event.id, person.id, day=1)) for _ in range(3)]
    desk.push(sent + checkins[:2])
    day1_ids = [c["id"] for c in checkins]

    def reconcile(groups: list[dict[str, object]]) -> list[dict[str, object]]:
        response = requests.post(
            f"{hq.url}/api/v1/reconcile", json={"groups": groups}, headers=desk.auth, timeout=10
        )
        assert response.status_code == 200, response.text
        return list(response.json()["groups"])

    summary = [
        {
            "event_id": event.id,
            "day": 0,
            "count": 2,
            "ids_sha256": manifest_hash([sent[0]["id"], sent[2]["id"]]),
        },
        {"event_id": None, "day": 0, "count": 1, "ids_sha256": manifest_hash([sent[1]["id"]])},
        {"event_id": event.id, "day": 1, "count": 3, "ids_sha256": manifest_hash(day1_ids)},
    ]
    answer = reconcile(summary)
    assert [g["state"] for g in answer] == ["complete", "complete", "differs"]
    assert answer[2]["hq_count"] == 2
    detail = reconcile([{**summary[2], "ids": day1_ids}])
    assert detail[0]["state"] == "missing"
    assert detail[0]["missing"] == [checkins[2]["id"]]
    desk.push([checkins[2]])
    assert reconcile([{**summary[2], "ids": day1_ids}])[0]["state"] == "complete"
    assert reconcile(summary)[2]["state"] == "complete"
    assert (
        reconcile([{"event_id": new_id(), "day": 1, "count": 0, "ids_sha256": manifest_hash([])}])[
            0
        ]["state"]
        == "complete"
    )
