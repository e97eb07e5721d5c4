"""Erasure wins and HQ's receipt orders edits (issue 15 item 1), against the real HQ over HTTP on
both databases: a desk's clock, behind or in 2099, can neither hide an erasure nor freeze a record,
and nothing HQ did not apply is answered "stored"."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from alembic import command
from sqlalchemy import select, text

from sync.hq.db import _alembic_config, head_revision, make_engine, migrate, read_session
from sync.hq.models import ChangeConflict, Event, Participant
from sync.protocol import ERASED_NAME, ParticipantRecord
from tests.hq.helpers import (
    T0,
    Desk,
    Hq,
    envelope,
    event_record,
    new_id,
    participant_record,
    statuses,
)


def _erasure(participant_id: str, updated_at: datetime) -> ParticipantRecord:
    """What desktop/core/personal_data.py erase_person queues."""
    return participant_record(
        participant_id=participant_id, name=ERASED_NAME, nip=None, email=None, updated_at=updated_at
    ).model_copy(
        update={
            "phone": "",
            "golongan": "",
            "jabatan": "",
            "unit_kerja": "",
            "instansi": "",
            "gender": None,
        }
    )


def _held(hq: Hq, participant_id: str) -> Participant:
    with read_session(hq.engine) as session:
        row = session.get(Participant, participant_id)
        assert row is not None
        session.expunge(row)
        return row


def _results(desk: Desk, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = desk.push(items)
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


def _pulled_participants(desk: Desk, participant_id: str) -> list[dict[str, Any]]:
    items, _ = desk.pull_all()
    return [
        item["payload"]
        for item in items
        if item["kind"] == "participant" and item["payload"]["id"] == participant_id
    ]


def test_an_erasure_from_a_desk_whose_clock_is_behind_is_applied(hq: Hq) -> None:
    meja1, meja2 = hq.desk(name="Meja 1"), hq.desk(name="Meja 2")
    person = participant_record(updated_at=T0)
    assert statuses(meja1.push([envelope(person)])) == ["stored"]
    # Meja 2's clock is a day behind: its erasure carries an older updated_at than HQ's copy.
    assert statuses(meja2.push([envelope(_erasure(person.id, T0 - timedelta(days=1)))])) == [
        "stored"
    ]
    held = _held(hq, person.id)
    assert (held.full_name, held.nip, held.email, held.phone) == (ERASED_NAME, None, None, "")
    # The other desk gets the erasure, and only it, from the feed.
    pulled = _pulled_participants(meja1, person.id)
    assert [p["full_name"] for p in pulled] == [ERASED_NAME]


def test_an_erasure_after_an_edit_stamped_2099_is_applied(hq: Hq) -> None:
    meja = hq.desk()
    person = participant_record(updated_at=T0)
    future = person.model_copy(
        update={"jabatan": "Kepala", "updated_at": datetime(2099, 1, 1, tzinfo=UTC)}
    )
    assert statuses(meja.push([envelope(person)])) == ["stored"]
    # 2099 is far beyond HQ's clock: refused with its code; it does not freeze the record.
    (result,) = _results(meja, [envelope(future)])
    assert result["status"] == "invalid"
    assert result["reason"].endswith("[clock_ahead]"), result["reason"]
    assert _held(hq, person.id).jabatan == "Analis"
    assert statuses(meja.push([envelope(_erasure(person.id, T0 + timedelta(hours=1)))])) == [
        "stored"
    ]
    assert _held(hq, person.id).full_name == ERASED_NAME


def test_an_erasure_wins_over_a_held_version_stamped_later(hq: Hq) -> None:
    """A version stamped ahead but within a day (a laptop in the wrong zone) does not win either:
    HQ's receipt orders, so the erasure received after it is applied."""
    meja = hq.desk()
    now = datetime.now(UTC)
    person = participant_record(updated_at=now + timedelta(hours=20))
    assert statuses(meja.push([envelope(person)])) == ["stored"]
    assert statuses(meja.push([envelope(_erasure(person.id, now))])) == ["stored"]
    assert _held(hq, person.id).full_name == ERASED_NAME


def test_an_edit_after_an_erasure_is_a_conflict_and_keeps_no_identity(hq: Hq) -> None:
    meja1, meja2 = hq.desk(name="Meja 1"), hq.desk(name="Meja 2")
    person = participant_record(updated_at=T0)
    assert statuses(meja1.push([envelope(person), envelope(_erasure(person.id, T0))])) == [
        "stored",
        "stored",
    ]
    # A stale edit, stamped after the erasure (or from a desk ahead), must not bring the name back.
    stale = person.model_copy(update={"updated_at": T0 + timedelta(days=1)})
    stale_change = new_id()
    (result,) = _results(meja2, [envelope(stale, stale_change)])
    assert result["status"] == "conflict", result
    assert result["reason"].endswith("[erased]"), result["reason"]
    held = _held(hq, person.id)
    assert (held.full_name, held.nip, held.email) == (ERASED_NAME, None, None)
    # Resending is answered the same way, not "stored".
    assert statuses(meja2.push([envelope(stale, stale_change)])) == ["conflict"]
    # Not handed to other desks, and not kept aside with the identity the erasure removed.
    pulled = _pulled_participants(meja1, person.id)
    assert [p["full_name"] for p in pulled] == []  # meja1's own erasure is not handed back to it
    pulled = _pulled_participants(hq.desk(name="Meja 3"), person.id)
    assert [p["full_name"] for p in pulled] == [ERASED_NAME]
    with read_session(hq.engine) as session:
        kept = list(
            session.execute(
                select(ChangeConflict.payload).where(ChangeConflict.change_id == stale_change)
            ).scalars()
        )
    assert kept
    for payload in kept:
        assert person.nip is not None and person.nip not in payload
        assert person.full_name not in payload and json.loads(payload)["id"] == person.id


def test_an_edit_and_an_erasure_in_one_batch_in_either_order(hq: Hq) -> None:
    meja = hq.desk()
    first, second = participant_record(), participant_record(nip="198501012010011002")
    assert statuses(meja.push([envelope(first), envelope(second)])) == ["stored", "stored"]
    later_edit = first.model_copy(
        update={"jabatan": "Kepala", "updated_at": T0 + timedelta(hours=2)}
    )
    results = _results(
        meja,
        [
            envelope(_erasure(first.id, T0 + timedelta(hours=1))),
            envelope(later_edit),  # after the erasure in the batch: a conflict
            envelope(second.model_copy(update={"jabatan": "Kepala"})),
            envelope(_erasure(second.id, T0 - timedelta(days=3))),  # after an edit: applied
        ],
    )
    assert [r["status"] for r in results] == ["stored", "conflict", "stored", "stored"]
    assert results[1]["reason"].endswith("[erased]")
    assert _held(hq, first.id).full_name == ERASED_NAME
    assert _held(hq, second.id).full_name == ERASED_NAME


def test_edits_are_ordered_by_hqs_receipt_and_the_feed_hands_out_that_version(hq: Hq) -> None:
    meja1, meja2, meja3 = (hq.desk(name=f"Meja {n}") for n in (1, 2, 3))
    person = participant_record(updated_at=T0)
    assert statuses(meja1.push([envelope(person)])) == ["stored"]
    # Meja 2's clock is behind: its later edit carries an earlier stamp, and is applied all the same.
    edit = person.model_copy(
        update={"jabatan": "Kepala Bagian", "updated_at": T0 - timedelta(hours=5)}
    )
    assert statuses(meja2.push([envelope(edit)])) == ["stored"]
    assert _held(hq, person.id).jabatan == "Kepala Bagian"
    # Every desk pulling gets HQ's version and nothing older.
    assert [p["jabatan"] for p in _pulled_participants(meja3, person.id)] == ["Kepala Bagian"]
    assert [p["jabatan"] for p in _pulled_participants(meja1, person.id)] == ["Kepala Bagian"]
    assert _pulled_participants(meja2, person.id) == []  # its own is the one HQ holds


def test_event_edits_follow_receipt_and_far_future_stamps_are_refused(hq: Hq) -> None:
    meja1, meja2 = hq.desk(name="Meja 1"), hq.desk(name="Meja 2")
    event = event_record(updated_at=T0)
    assert statuses(meja1.push([envelope(event)])) == ["stored"]
    retitled = event.model_copy(
        update={"title": "Judul Baru", "updated_at": T0 - timedelta(days=2)}
    )
    frozen = event.model_copy(
        update={"title": "Beku", "updated_at": datetime(2099, 12, 31, tzinfo=UTC)}
    )
    other = event_record(updated_at=T0)
    results = _results(meja2, [envelope(frozen), envelope(other), envelope(retitled)])
    assert [r["status"] for r in results] == ["invalid", "stored", "stored"]
    assert results[0]["reason"].endswith("[clock_ahead]")
    with read_session(hq.engine) as session:
        held = session.get(Event, event.id)
        assert held is not None and held.title == "Judul Baru"
    items, _ = meja1.pull_all()
    titles = [
        i["payload"]["title"]
        for i in items
        if i["kind"] == "event" and i["payload"]["id"] == event.id
    ]
    assert titles == ["Judul Baru"]


def test_a_day_ahead_is_the_limit(hq: Hq) -> None:
    meja = hq.desk()
    now = datetime.now(UTC)
    near = participant_record(updated_at=now + timedelta(hours=23))
    far = participant_record(nip="198501012010011002", updated_at=now + timedelta(hours=25))
    assert statuses(meja.push([envelope(near), envelope(far)])) == ["stored", "invalid"]


def test_migration_0006_names_the_version_the_old_rule_kept(database_url: str) -> None:
    """Rows HQ already holds get the change that made them (the latest updated_at, the later
    received among equals), so the feed hands out that one only from then on."""
    engine = make_engine(database_url)
    try:
        config = _alembic_config()
        person = participant_record(updated_at=T0)
        stale = person.model_copy(update={"updated_at": T0 - timedelta(days=1)})
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0005")
            connection.execute(
                text(
                    "INSERT INTO participant (id, person_id, office_code, full_name, asn_status, "
                    "golongan, jabatan, unit_kerja, instansi, phone, updated_at) VALUES (:id, :id, "
                    "'SULTENG', :name, 'PNS', '', '', '', '', '', '2026-03-12 01:00:00+00:00')"
                ),
                {"id": person.id, "name": person.full_name},
            )
            # The one HQ kept arrived first; the stale one after it changed nothing.
            for change_id, record, received in (
                ("c-kept", person, "2026-03-12 02:00:00+00:00"),
                ("c-stale", stale, "2026-03-12 03:00:00+00:00"),
            ):
                connection.execute(
                    text(
                        "INSERT INTO change (id, kind, record_id, payload_hash, payload, "
                        "office_code, day, received_at) VALUES (:id, 'participant', :record, "
                        "'h', :payload, 'SULTENG', 0, :received)"
                    ),
                    {
                        "id": change_id,
                        "record": person.id,
                        "payload": record.model_dump_json(),
                        "received": received,
                    },
                )
        assert migrate(engine) == ("0005", head_revision())
        with engine.connect() as connection:
            version = connection.execute(
                text("SELECT change_id FROM participant WHERE id = :id"), {"id": person.id}
            ).scalar()
        assert version == "c-kept"
    finally:
        engine.dispose()
