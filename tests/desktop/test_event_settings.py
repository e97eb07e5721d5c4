"""An event's certificate settings on one desk (issue 17 item 1): each change queues the whole
settings record once, in its own transaction, only when something changed; a demo event queues
nothing; the event's pattern, template and address are what its certificates use; and
``hadir-cli certificates settings`` shows and sets them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from desktop.core import numbering, registry
from desktop.core.db import Database
from desktop.core.errors import HadirError
from desktop.core.event_settings import event_template, verify_base_url
from desktop.core.registry import get_event
from desktop.services import certificates
from sync.documents.templates import Signatory
from tests.desktop.helpers import make_event
from tests.desktop.test_cli import last_json, run


def queued_settings(db: Database) -> list[dict[str, object]]:
    with db.session() as session:
        rows = (
            session.connection()
            .exec_driver_sql(
                "SELECT payload FROM outbox WHERE kind = 'event_settings' ORDER BY seq"
            )
            .all()
        )
    return [json.loads(payload) for (payload,) in rows]


def test_each_change_queues_the_settings_once_and_only_when_they_change(db: Database) -> None:
    event_id = make_event(db, days=3)
    assert queued_settings(db) == []  # nothing set: nothing to tell the other desks

    certificates.event_settings(db, event_id=event_id, operator="rina", min_days=2)
    certificates.event_settings(db, event_id=event_id, operator="rina", min_days=2)  # no change
    certificates.set_signatories(
        db,
        event_id=event_id,
        operator="rina",
        blocks=[Signatory("Kepala Kantor Wilayah", "Dr. Budi Santoso", "")],
    )
    queued = queued_settings(db)
    assert [q["min_days"] for q in queued] == [2, 2]
    assert queued[1]["signatories"] == [
        {"title": "Kepala Kantor Wilayah", "name": "Dr. Budi Santoso", "nip": ""}
    ]
    certificates.event_settings(db, event_id=event_id, operator="rina", min_days=0)  # every day
    assert queued_settings(db)[-1]["min_days"] is None


def test_an_event_made_with_a_rule_queues_its_settings_after_it(db: Database) -> None:
    with db.write() as session:
        event = registry.create_event(
            session=session,
            office_code="SULTENG",
            title="Diseminasi HAM",
            starts_at=datetime(2026, 11, 24, 8),
            ends_at=datetime(2026, 11, 26, 16),
            timezone="Asia/Makassar",
            min_days=2,
        )
        demo = registry.create_event(
            session=session,
            office_code="SULTENG",
            title="Latihan",
            min_days=1,
            is_demo=True,
            starts_at=datetime(2026, 11, 24, 8),
            ends_at=datetime(2026, 11, 26, 16),
            timezone="Asia/Makassar",
        )
    with db.session() as session:
        kinds = (
            session.connection()
            .exec_driver_sql("SELECT kind, record_id FROM outbox ORDER BY seq")
            .all()
        )
    assert [tuple(k) for k in kinds] == [("event", event.id), ("event_settings", event.id)]
    assert demo.id not in {record_id for _kind, record_id in kinds}


def test_the_events_pattern_template_and_address_are_what_it_uses(db: Database) -> None:
    event_id = make_event(db)
    certificates.event_settings(
        db,
        event_id=event_id,
        operator="rina",
        number_pattern="{seq:04}/{desk}/PELATIHAN",
        template_id="sertifikat-standar",
        base_url="https://hadir.example.go.id/",
    )
    with db.session() as session:
        event = get_event(session=session, event_id=event_id)
        pattern = numbering.event_pattern(session=session, office_code="SULTENG", event_id=event_id)
        assert pattern.text == "{seq:04}/{desk}/PELATIHAN"
        assert verify_base_url(session=session, event=event) == "https://hadir.example.go.id"
        template = event_template(session=session, event_id=event_id)
        assert (event.template_id, event.template_version) == (template.id, template.version)
    certificates.event_settings(db, event_id=event_id, operator="rina", number_pattern="")
    with db.session() as session:
        office = numbering.office_pattern(session=session, office_code="SULTENG")
        assert (
            numbering.event_pattern(session=session, office_code="SULTENG", event_id=event_id)
            == office
        )  # cleared: the office's pattern again


def test_cli_shows_and_sets_an_events_settings(data_dir: Path) -> None:
    made = run(
        data_dir,
        "event",
        "create",
        "--title",
        "Penguatan Kapasitas HAM",
        "--start",
        "2026-11-24T08:00",
        "--end",
        "2026-11-26T12:00",
        "--timezone",
        "Asia/Makassar",
        "--office",
        "SULTENG",
        "--json",
    )
    event_id = str(last_json(made)["event_id"])
    shown = last_json(run(data_dir, "certificates", "settings", "--event", event_id, "--json"))
    assert shown["min_days"] is None and shown["number_pattern"] is None
    changed = last_json(
        run(
            data_dir,
            "certificates",
            "settings",
            "--event",
            event_id,
            "--min-days",
            "2",
            "--pattern",
            "{seq:04}/{desk}/{year}",
            "--base-url",
            "https://hadir.example.go.id",
            "--json",
        )
    )
    assert (changed["event_id"], changed["min_days"], changed["number_pattern"]) == (
        event_id,
        2,
        "{seq:04}/{desk}/{year}",
    )
    assert changed["verify_base_url"] == "https://hadir.example.go.id"
    refused = run(
        data_dir, "certificates", "settings", "--event", event_id, "--min-days", "-1", ok=False
    )
    assert refused.returncode != 0 and "negative" in refused.stderr


def test_a_template_of_another_version_is_said_and_a_file_cannot_be_the_events(
    db: Database, tmp_path: Path
) -> None:
    event_id = make_event(db)
    assert any("No HQ address" in w for w in certificates.address_warnings(db, event_id=event_id))
    certificates.event_settings(
        db,
        event_id=event_id,
        operator="rina",
        template_id="sertifikat-standar",
        base_url="https://hadir.example.go.id",
    )
    assert certificates.address_warnings(db, event_id=event_id) == []  # the event's own address
    with db.write() as session:  # as pulled from a desk of a newer Hadir
        event = get_event(session=session, event_id=event_id)
        event.template_version = (event.template_version or 0) + 1
        session.add(event)
    warned = certificates.address_warnings(db, event_id=event_id)
    assert len(warned) == 1 and "sertifikat-standar" in warned[0] and "version" in warned[0]

    own = tmp_path / "punya-rina.json"
    own.write_text("{}", encoding="utf-8")
    with pytest.raises(HadirError, match="does not travel") as refused:
        certificates.event_settings(db, event_id=event_id, operator="rina", template_id=str(own))
    assert refused.value.code == "template_invalid"
