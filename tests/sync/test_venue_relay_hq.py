"""Issue 17 item 5 end to end: a member desk that never reaches HQ, a real hub (``hadir-cli venue
host``) and a real HQ (``hadir-hq serve``) on 127.0.0.1.

HQ records the member as the maker of what the hub relayed (and the hub as the pusher); HQ's
acknowledgement reaches the member through the hub's answers, so its outbox does not wait for HQ
forever; a member's retry of a record HQ set aside reaches HQ through the hub (the hub queues it
again) and is stored once.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from desktop.core.clock import utcnow
from desktop.core.db import Database
from desktop.core.sync.run import run_sync
from sync.desk.outbox import enqueue
from sync.protocol import CheckInRecord
from tests.sync.helpers import HqProcess, check_in, identity, make_desk, make_event, register
from tests.sync.test_venue_hub import HubProcess, _desk, cli


def _outbox(folder: Path) -> list[tuple[str, str, str]]:
    db = Database(folder)
    try:
        with db.session() as session:
            rows = (
                session.connection()
                .exec_driver_sql("SELECT id, record_id, state FROM outbox ORDER BY seq")
                .all()
            )
        return [(str(i), str(r), str(s)) for i, r, s in rows]
    finally:
        db.close()


def _venue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hq: HqProcess
) -> tuple[Database, Path, str, HubProcess]:
    """A hub desk enrolled at HQ with an event, hosting (a real ``venue host`` process), and a
    member desk of the office joined to it that never reaches HQ itself. The caller kills the hub
    and closes the hub's database."""
    hub_db = make_desk(tmp_path / "hub", hq=hq, server_url=hq.url, name="Meja Hub")
    member = tmp_path / "a"
    _desk(member, "Meja 1").close()  # of the office, never enrolled: HQ is out of its reach
    event_id = make_event(hub_db)
    assert run_sync(hub_db).outcome == "ok"
    hub = HubProcess(tmp_path / "hub")
    hub.start()
    try:
        joined = cli(capsys, member, "venue", "join", "--hub", hub.url, "--code", hub.code)
        assert joined[0] == 0, joined
        assert cli(capsys, member, "sync", "run")[0] == 0
    except BaseException:
        hub.kill()
        hub_db.close()
        raise
    return hub_db, member, event_id, hub


def _check_in_record(db: Database, event_id: str, person: str, **extra: str) -> CheckInRecord:
    desk = identity(db)
    values = {
        "id": str(uuid.uuid4()),
        "event_id": event_id,
        "participant_id": person,
        "day": 1,
        "at": utcnow(),
        "desk_id": desk.desk_id,
        "desk_name": desk.desk_name,
        "operator": "petugas",
        "method": "manual",
        "undoes_id": None,
        **extra,
    }
    return CheckInRecord.model_validate(values)


def test_hq_knows_the_member_made_it_and_its_acknowledgement_reaches_the_member(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hq: HqProcess
) -> None:
    hub_db, a, event_id, hub = _venue(tmp_path, capsys, hq)
    try:
        a_db = Database(a)
        check_in(a_db, event_id, register(a_db, event_id, range(3)))
        a_desk = identity(a_db).desk_id
        a_db.close()
        code, ran = cli(capsys, a, "sync", "run")
        assert ran["hub"]["pushed"] == 9 and ran["hub"]["at_hq"] == 0, ran
        assert run_sync(hub_db).pushed >= 9  # and the hub's own audit lines

        made = _outbox(a)
        hub_device = hq.query("SELECT id FROM device WHERE desk_name = 'Meja Hub'")[0][0]
        rows = {
            change_id: (device, maker)
            for change_id, device, maker in hq.query(
                "SELECT id, device_id, made_by_desk_id FROM change"
            )
        }
        # Every record A made: pushed by the hub's device, made by A.
        assert {rows[change_id] for change_id, _, _ in made} == {(hub_device, a_desk)}
        assert hq.query("SELECT desk_id, hub_device_id, desk_name FROM desk_via_hub") == [
            (a_desk, hub_device, "Meja 1")
        ]
        assert {r[0] for r in hq.query("SELECT desk_id FROM checkin")} == {a_desk}

        # HQ acknowledged them to the hub; the hub tells A.
        assert cli(capsys, a, "venue", "status")[1]["at_hub_waiting_for_hq"] == len(made)
        code, ran = cli(capsys, a, "sync", "run")
        # All A made: the 9 records and the audit line of its joining.
        assert code == 0 and ran["hub"]["at_hq"] == len(made) == 10, ran
        assert ran["hub"]["set_aside"] == 0
        assert {state for _, _, state in _outbox(a)} == {"acknowledged"}
        status = cli(capsys, a, "sync", "status")[1]
        assert status["pending"] == 0 and status["set_aside"] == 0, status
        venue = cli(capsys, a, "venue", "status")[1]
        assert venue["pending_to_hub"] == 0 and venue["at_hub_waiting_for_hq"] == 0, venue
        assert cli(capsys, a, "sync", "run")[1]["hub"]["at_hq"] == 0  # told once
    finally:
        hub.kill()
        hub_db.close()


def test_a_members_retry_of_a_set_aside_record_reaches_hq_through_the_hub(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hq: HqProcess
) -> None:
    hub_db, a, event_id, hub = _venue(tmp_path, capsys, hq)
    try:
        a_db = Database(a)
        [person] = register(a_db, event_id, [7])
        # An undo that reaches HQ before the check-in it names: HQ sets it aside.
        checkin = _check_in_record(a_db, event_id, person)
        undo = _check_in_record(a_db, event_id, person, undoes_id=checkin.id)
        with a_db.write() as session:
            enqueue(session=session, records=[undo])
        a_db.close()
        assert cli(capsys, a, "sync", "run")[1]["hub"]["pushed"] == 3
        assert run_sync(hub_db).set_aside == 1
        assert cli(capsys, a, "sync", "run")[1]["hub"]["set_aside"] == 1
        assert [s for _, r, s in _outbox(a) if r == undo.id] == ["set_aside"]

        # The check-in arrives; A's operator retries the undo.
        a_db = Database(a)
        with a_db.write() as session:
            enqueue(session=session, records=[checkin])
        a_db.close()
        assert cli(capsys, a, "sync", "run")[1]["hub"]["pushed"] == 1
        assert run_sync(hub_db).pushed == 1
        assert cli(capsys, a, "sync", "set-aside", "--retry")[1] == {"requeued": 1}
        code, ran = cli(capsys, a, "sync", "run")
        # The undo again, and the audit line of the retry.
        assert ran["hub"]["pushed"] == 2 and ran["hub"]["set_aside"] == 0, ran
        relayed = run_sync(hub_db)
        assert relayed.pushed >= 2 and relayed.set_aside == 0 and relayed.pending == 0, relayed

        code, ran = cli(capsys, a, "sync", "run")
        assert code == 0 and ran["hub"]["set_aside"] == 0 and ran["hub"]["at_hq"] >= 1, ran
        assert {state for _, _, state in _outbox(a)} == {"acknowledged"}
        undo_change = [i for i, r, _ in _outbox(a) if r == undo.id]
        assert hq.query("SELECT COUNT(*) FROM change WHERE id = ?", undo_change[0]) == [(1,)]
        assert hq.query("SELECT undoes_id FROM checkin WHERE id = ?", undo.id) == [(checkin.id,)]
    finally:
        hub.kill()
        hub_db.close()


def test_the_header_names_each_items_desk_and_a_batch_that_alternates_too_often_is_split(
    tmp_path: Path,
) -> None:
    from sync.desk.outbox import Sendable
    from sync.desk.venue_outbox import put_back, relayed_for
    from sync.protocol import (
        MAX_RELAYED_RUNS,
        RelayedDesk,
        format_relayed_for,
        parse_relayed_for,
        relayed_runs,
    )

    one, two = RelayedDesk("d1", "Meja 2"), RelayedDesk("d2", "Méja 3")
    makers = [None, one, one, two, None, two]
    value = format_relayed_for(makers)
    assert value is not None and value.isascii()
    assert parse_relayed_for(value, items=6) == makers
    assert format_relayed_for([None, None]) is None  # a desk's own push carries no header
    for bad, items in (
        (value, 5),
        ('{"desks":[],"runs":[[0,1]]}', 1),
        ('{"desks":[["d1","x"]],"runs":[[0,0]]}', 0),
        ("not json", 1),
    ):
        with pytest.raises(ValueError, match="Hadir-Relayed-For"):
            parse_relayed_for(bad, items=items)

    # A hub whose outbox alternates between its own items and a member's on every item.
    db = Database(tmp_path / "hub")
    try:
        with db.write() as session:
            connection = session.connection()
            for number in range(1000):
                connection.exec_driver_sql(
                    "INSERT INTO outbox (id, kind, record_id, payload, state, attempts, "
                    "last_error, created_at, reason, day) VALUES (?, 'audit', ?, '{}', "
                    "'in_flight', 0, '', '2026-12-04 00:00:00', '', 0)",
                    (f"c{number}", f"r{number}"),
                )
                if number % 2:
                    connection.exec_driver_sql(
                        "INSERT INTO venue_relayed (change_id, from_desk_id, received_at) "
                        "VALUES (?, 'd1', '2026-12-04 00:00:00')",
                        (f"c{number}",),
                    )
        batch = [Sendable(n + 1, f"c{n}", "audit", "{}") for n in range(1000)]
        with db.write() as session:
            count, header = relayed_for(session=session, batch=batch)
            put_back(session=session, items=batch[count:])
        assert header is not None and relayed_runs(header) <= MAX_RELAYED_RUNS < 1000
        assert 0 < count < 1000
        made = parse_relayed_for(header, items=count)
        assert made[0] is None and made[1] == RelayedDesk("d1", "d1")  # a member that left
        with db.session() as session:
            states = dict(
                session.connection()
                .exec_driver_sql("SELECT state, COUNT(*) FROM outbox GROUP BY state")
                .all()
            )
        assert states == {"in_flight": count, "pending": 1000 - count}
    finally:
        db.close()


def test_a_hubs_usb_bundle_says_who_made_what_and_cannot_be_reattributed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hq: HqProcess
) -> None:
    """The hub's only way to HQ is a USB stick: HQ still files the member's records under the
    member, and the attribution is signed with the rest (changing it breaks the signature)."""
    import gzip
    import json

    from desktop.core.sync.bundle import export_bundle
    from sync.bundle import read_bundle
    from tests.sync.test_bundle_reconcile_lease import import_bundle

    hub_db, a, event_id, hub = _venue(tmp_path, capsys, hq)
    try:
        a_db = Database(a)
        check_in(a_db, event_id, register(a_db, event_id, range(3)))
        a_desk = identity(a_db).desk_id
        a_db.close()
        assert cli(capsys, a, "sync", "run")[1]["hub"]["pushed"] == 9
    finally:
        hub.kill()
    made = {change_id for change_id, _, _ in _outbox(a)}
    try:
        with hub_db.write() as session:  # no sealing: the test reads the file it checks
            session.connection().exec_driver_sql(
                "DELETE FROM setting WHERE key = 'sync_hq_bundle_key'"
            )
        stick = tmp_path / "hub.hadir"
        bundle_info = export_bundle(hub_db, path=stick)
        assert bundle_info["sealed"] is False
        bundle = read_bundle(stick)
        makers = bundle.makers()
        assert makers is not None
        by_id = {item.id: maker for item, maker in zip(bundle.items, makers, strict=True)}
        assert {getattr(by_id[change_id], "desk_id", None) for change_id in made} == {a_desk}

        # Whoever holds the stick re-attributes the records to the hub itself: refused.
        document = json.loads(gzip.decompress(stick.read_bytes()))
        document.pop("relayed_for")
        forged = tmp_path / "forged.hadir"
        forged.write_bytes(gzip.compress(json.dumps(document).encode()))
        code, refused, stderr = import_bundle(hq, forged)
        assert code != 0 and "signature" in (stderr + json.dumps(refused or {})), stderr

        code, imported, stderr = import_bundle(hq, stick)
        assert code == 0 and imported["invalid"] == 0 and imported["conflict"] == 0, stderr
        hub_device = hq.query("SELECT id FROM device WHERE desk_name = 'Meja Hub'")[0][0]
        rows = dict(hq.query("SELECT id, made_by_desk_id FROM change"))
        assert {rows[change_id] for change_id in made} == {a_desk}
        assert hq.query("SELECT desk_id, hub_device_id FROM desk_via_hub") == [(a_desk, hub_device)]
    finally:
        hub_db.close()
