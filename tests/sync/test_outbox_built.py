"""Built outbox items (issue 20): an import's participants and registrations are queued without a
frozen copy and their JSON is made from their rows when sent. What must hold: the JSON is the
record the desk would have frozen, every build of an unchanged row gives the same bytes, a row
that changes first freezes its waiting items as they were, HQ gets each change exactly once, and
databases of the previous schema migrate both ways."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import text

from desktop.core import db as dbmod
from desktop.core import encryption, registry
from desktop.core.db import Database
from desktop.core.desk import desk_identity
from desktop.core.importers.preregistration import import_preregistration
from sync.desk import outbox
from sync.protocol import ParticipantRecord, RegistrationRecord
from tests.sync import proxy as faults
from tests.sync.helpers import assert_hq_holds_exactly, make_event, nip, sync_until_done
from tests.sync.test_outbox import _sent_payloads

NOW = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


def _import(db: Database, event_id: str, folder: Path, numbers: range) -> None:
    source = folder / "peserta.csv"
    lines = ["No;Nama Lengkap;NIP;Instansi;Email"]
    lines += [f"{n};Peserta {n}, S.H.;{nip(n)};Pemkot Palu;peserta{n}@palu.go.id" for n in numbers]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with db.write() as session:
        desk = desk_identity(session=session)
        report = import_preregistration(
            session=session, event_id=event_id, desk_id=desk.desk_id, path=source
        )
    assert report.imported == len(numbers)


def _items(db: Database) -> list[tuple[str, str, str, str, str]]:
    """(id, kind, record_id, stored payload, payload as sent) of every item, in order."""
    with db.session() as session:
        return [
            (str(i), str(k), str(r), str(stored), str(sent))
            for i, k, r, stored, sent in session.connection().execute(
                text(
                    f"SELECT id, kind, record_id, payload, {outbox.PAYLOAD_SQL} FROM outbox "
                    "ORDER BY seq"
                )
            )
        ]


def test_an_imported_person_is_queued_built_as_the_record_the_desk_would_freeze(db, tmp_path):
    event_id = make_event(db)
    _import(db, event_id, tmp_path, range(1, 4))
    items = [item for item in _items(db) if item[1] in outbox.BUILT_KINDS]
    assert [kind for _, kind, *_ in items] == ["participant"] * 3 + ["registration"] * 3
    assert all(stored == outbox.BUILT for *_, stored, _ in items)  # nothing frozen in the file
    with db.session() as session:
        for _, kind, record_id, _, sent in items:
            if kind == "participant":
                person = registry.get_participant(session=session, participant_id=record_id)
                # Byte for byte what enqueue would have frozen from the same row.
                assert sent == registry.participant_record(person).model_dump_json()
            else:
                record = RegistrationRecord.model_validate_json(sent)
                assert record.id == record_id and record.event_id == event_id
                assert record.source == "import"
    # Read twice (take_batch, then the USB bundle's reading): the same bytes.
    with db.write() as session:
        taken = outbox.take_batch(session=session, limit=100, now=NOW, force=True)
        again = {item.id: item.payload for item in outbox.unacknowledged(session=session)}
    assert all(again[item.id] == item.payload for item in taken)


def test_an_edit_freezes_the_waiting_item_as_it_was_and_queues_the_new_version(db, tmp_path):
    event_id = make_event(db)
    _import(db, event_id, tmp_path, range(1, 3))
    before = {i: (record_id, sent) for i, kind, record_id, _, sent in _items(db)}
    [(first_id, (person, built))] = [
        (i, value) for i, value in before.items() if value[0] != event_id and "." not in value[0]
    ][:1]
    with db.write() as session:
        registry.update_participant(session=session, participant_id=person, jabatan="Kepala")
    after = _items(db)
    frozen = next(item for item in after if item[0] == first_id)
    assert frozen[3] == built and frozen[4] == built  # stored now, the very bytes it was built as
    newest = after[-1]
    assert newest[1:3] == ("participant", person)
    assert ParticipantRecord.model_validate_json(newest[4]).jabatan == "Kepala"
    # The other person's item is untouched: still built.
    assert sum(1 for item in after if item[1] == "participant" and item[3] == outbox.BUILT) == 1


def test_a_built_payload_escapes_text_as_the_frozen_one_would(db):
    """Quotes, backslashes, control characters, accents, emoji and the JSON-awkward U+2028: the
    SQL build and pydantic's model_dump_json write the same bytes (SQLite 3.40 and SQLCipher's
    3.5x alike), so nothing about a name decides whether a resend matches."""
    event_id = make_event(db)
    awkward = 'Dra. "Ani" \\ Désy\tÖzil 😀 \u2028 Kurniawati'
    with db.write() as session:
        desk = desk_identity(session=session)
        person, _ = registry.register_participant(
            session=session,
            event_id=event_id,
            desk_id=desk.desk_id,
            full_name="Peserta",
            nip=nip(5),
            instansi="Pemkot Palu",
        )
        session.connection().execute(
            text("UPDATE participant SET full_name = :n, jabatan = :n WHERE id = :p"),
            {"n": awkward, "p": person.id},
        )
        outbox.enqueue(session=session, built_participants=[person.id])
    with db.session() as session:
        row = registry.get_participant(session=session, participant_id=person.id)
        expected = registry.participant_record(row).model_dump_json()
        [(change_id,)] = (
            session.connection().execute(text("SELECT id FROM outbox WHERE payload = ''")).all()
        )
        built = outbox.payload_text(session=session, change_id=change_id)
    assert built == expected and awkward in ParticipantRecord.model_validate_json(built).full_name


def test_the_freezing_triggers_use_the_senders_own_expression(db):
    with db.session() as session:
        triggers = dict(
            session.connection()
            .execute(text("SELECT name, sql FROM sqlite_master WHERE name LIKE 'outbox_freeze_%'"))
            .all()
        )
    assert sorted(triggers) == [
        "outbox_freeze_participant_delete",
        "outbox_freeze_participant_update",
    ]
    for sql in triggers.values():
        assert f"SET payload = {outbox.PARTICIPANT_JSON.format(p='OLD')} " in sql


def test_imported_people_reach_hq_once_and_a_resend_carries_the_same_bytes(
    desk_factory, hq, proxy, tmp_path
):
    db = desk_factory(**{"sync_retry_for_seconds": "0"})
    event_id = make_event(db)
    _import(db, event_id, tmp_path, range(1, 6))
    proxy.record_bodies = True
    proxy.set_mode(faults.CUT)  # HQ stores the batch, the desk never hears
    sync_until_done(db, runs=1)
    [person] = [r for _, k, r, _, _ in _items(db) if k == "participant"][:1]
    with db.write() as session:  # corrected while the first sending is unconfirmed
        registry.update_participant(
            session=session, participant_id=person, full_name="Peserta Satu"
        )
    proxy.heal()
    sync_until_done(db)
    sent = _sent_payloads(proxy)
    now = {i: payload.encode() for i, _, _, _, payload in _items(db)}
    assert any(len(copies) > 1 for copies in sent.values())
    for change_id, copies in sent.items():
        assert all(copy == now[change_id] for copy in copies), change_id
    assert_hq_holds_exactly(hq, [db])


def _at_revision(data_dir: Path, revision: str) -> None:
    engine = dbmod.make_engine(data_dir / "hadir.db", encryption.unlock(data_dir=data_dir))
    config = dbmod._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_a_queued_row_of_the_previous_schema_is_sent_as_it_was_stored(data_dir):
    _at_revision(data_dir, "0017")
    frozen = json.dumps({"kind": "participant", "id": "p1", "full_name": "Lama"})
    connection = encryption.connect(data_dir / "hadir.db", encryption.unlock(data_dir=data_dir))
    connection.execute(
        "INSERT INTO outbox (id, kind, record_id, payload, state, attempts, last_error, "
        "created_at, reason, day) VALUES ('c1', 'participant', 'p1', ?, 'pending', 0, '', "
        "'2026-11-20 01:00:00.000000', '', 0)",
        (frozen,),
    )
    connection.commit()
    connection.close()
    db = Database(data_dir)  # migrates to head
    try:
        with db.write() as session:
            [item] = outbox.take_batch(session=session, limit=10, now=NOW)
        assert (item.id, item.payload) == ("c1", frozen)
    finally:
        db.close()


def test_going_back_to_the_previous_schema_writes_the_built_payloads_out(data_dir, tmp_path):
    db = Database(data_dir)
    event_id = make_event(db)
    _import(db, event_id, tmp_path, range(1, 3))
    sent = {i: payload for i, _, _, _, payload in _items(db)}
    config = dbmod._alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0017")
    with db.session() as session:
        stored = dict(session.connection().execute(text("SELECT id, payload FROM outbox")).all())
        names = (
            session.connection()
            .execute(
                text(
                    "SELECT name FROM sqlite_master WHERE name LIKE '%outbox_%built%' "
                    "OR name LIKE 'outbox_freeze_%'"
                )
            )
            .all()
        )
    db.close()
    assert stored == sent and names == []
