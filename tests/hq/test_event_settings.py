"""An event's certificate settings at HQ (issue 17 item 1), on SQLite and PostgreSQL: stored per
event, the version received last stands whatever the desks' clocks say, the pull feed hands out
only that version, another office cannot write them, and an event record as protocol 1 desks send
it (no settings anywhere) is still accepted."""

from __future__ import annotations

import json
from datetime import timedelta

from sync.hq.db import read_session
from sync.hq.models import EventSettings
from sync.protocol import EventSettingsRecord, SignatureBlock
from tests.hq.helpers import T0, Hq, envelope, event_record, statuses

KEPALA = SignatureBlock(title="Kepala Kantor Wilayah", name="Dr. Budi Santoso", nip="")


def settings_record(
    event_id: str, *, min_days: int, desk: str, minutes_later: int = 0, office: str = "SULTENG"
) -> EventSettingsRecord:
    return EventSettingsRecord(
        id=event_id,
        office_code=office,
        min_days=min_days,
        online_min_minutes=None,
        online_min_percent=None,
        signatories=(KEPALA,),
        number_pattern="{seq:04}/{desk}/{year}",
        template_id="sertifikat-standar",
        template_version=1,
        verify_base_url="https://hadir.example.go.id",
        desk_name=desk,
        updated_at=T0 + timedelta(minutes=minutes_later),
    )


def test_settings_received_last_stand_and_are_the_only_version_handed_out(hq: Hq) -> None:
    first, second = hq.desk(name="Meja 1"), hq.desk(name="Meja 2")
    event = event_record()
    # Protocol 1's event record, exactly as those desks send it: no settings field.
    payload = envelope(event)
    assert "min_days" not in payload["payload"]
    assert statuses(first.push([payload])) == ["stored"]

    # Meja 1's clock is ahead: its edit says later, but Meja 2's was received last and stands.
    mine = settings_record(event.id, min_days=2, desk="Meja 1", minutes_later=30)
    theirs = settings_record(event.id, min_days=1, desk="Meja 2", minutes_later=5)
    assert statuses(first.push([envelope(mine)])) == ["stored"]
    assert statuses(second.push([envelope(theirs)])) == ["stored"]

    with read_session(hq.engine) as session:
        row = session.get(EventSettings, event.id)
        assert row is not None
        assert (row.min_days, row.desk_name) == (1, "Meja 2")
        assert json.loads(row.signatories) == [KEPALA.model_dump()]
        assert row.number_pattern == "{seq:04}/{desk}/{year}"

    # Meja 1 pulls Meja 2's version (the one HQ holds); Meja 2 is handed no older one of Meja 1.
    pulled_by_first, _ = first.pull_all()
    held = [i["payload"] for i in pulled_by_first if i["kind"] == "event_settings"]
    assert [(p["min_days"], p["desk_name"]) for p in held] == [(1, "Meja 2")]
    pulled_by_second, _ = second.pull_all()
    assert [i for i in pulled_by_second if i["kind"] == "event_settings"] == []
    # A third desk that joins later sees exactly one version: HQ's.
    third = hq.desk(name="Meja 3")
    pulled_by_third, _ = third.pull_all()
    kinds = [(i["kind"], i["payload"].get("min_days")) for i in pulled_by_third]
    assert kinds.count(("event_settings", 1)) == 1 and ("event_settings", 2) not in kinds


def test_settings_of_another_offices_event_are_refused(hq: Hq) -> None:
    palu, jakarta = hq.desk(office="SULTENG"), hq.desk(office="DKI", name="Meja DKI")
    event = event_record()
    assert statuses(palu.push([envelope(event)])) == ["stored"]
    foreign = settings_record(event.id, min_days=1, desk="Meja DKI", office="DKI")
    disguised = settings_record(event.id, min_days=1, desk="Meja DKI", office="SULTENG")
    unknown = settings_record("no-such-event", min_days=1, desk="Meja 1")
    answer = jakarta.push([envelope(foreign), envelope(disguised)]).json()["results"]
    assert [r["status"] for r in answer] == ["invalid", "invalid"]
    assert "belongs to office SULTENG" in answer[0]["reason"]
    assert "enrolled for DKI" in answer[1]["reason"]
    assert statuses(palu.push([envelope(unknown)])) == ["invalid"]
    with read_session(hq.engine) as session:
        assert session.get(EventSettings, event.id) is None


def test_event_and_its_settings_in_one_batch(hq: Hq) -> None:
    desk = hq.desk()
    event = event_record()
    # Settings first in the batch: HQ still authorises them by the event sent with them.
    batch = [envelope(settings_record(event.id, min_days=2, desk="Meja 1")), envelope(event)]
    assert statuses(desk.push(batch)) == ["stored", "stored"]
    with read_session(hq.engine) as session:
        row = session.get(EventSettings, event.id)
        assert row is not None and row.min_days == 2
