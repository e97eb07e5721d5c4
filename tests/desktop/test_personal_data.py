"""A person's data exported and erased on request; old events purged only once HQ holds them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.core import attendance, personal_data, registry
from desktop.core.errors import HadirError
from desktop.core.registry import search_participants
from desktop.services import privacy
from tests.desktop.helpers import NIP_AHMAD, NIP_SITI, desk, make_event, register
from tests.desktop.test_cli import last_json, run


def count(db, sql: str, **params) -> int:
    with db.session() as session:
        return int(session.connection().execute(text(sql), params).scalar_one())


def test_export_and_erase_a_person(db):
    event = make_event(db)
    ahmad = register(
        db,
        event,
        "Dr. H. Ahmad Fauzan, S.H.",
        NIP_AHMAD,
        email="ahmad@palu.go.id",
        phone="0812345",
        instansi="Pemkot Palu",
    )
    with db.write() as session:
        attendance.check_in(
            session=session,
            event_id=event,
            participant_id=ahmad,
            day=1,
            desk=desk(db),
            operator="rina",
        )
        data = personal_data.export_person(session=session, participant_id=ahmad)
    assert data["participant"]["nip"] == NIP_AHMAD and len(data["checkin"]) == 1
    queued = count(db, "SELECT COUNT(*) FROM outbox WHERE kind = 'participant'")
    with pytest.raises(HadirError, match="why"):
        privacy.erase_person(db, participant_id=ahmad, operator="admin", reason=" ")
    privacy.erase_person(db, participant_id=ahmad, operator="admin", reason="permintaan tertulis")
    with db.session() as session:
        row = (
            session.connection()
            .execute(
                text(
                    "SELECT full_name, nip, email, phone, instansi, birth_date FROM participant WHERE id = :p"
                ),
                {"p": ahmad},
            )
            .one()
        )
        assert search_participants(session=session, event_id=event, query="ahmad").hits == []
        assert search_participants(session=session, event_id=event, query="1986").hits == []
    assert tuple(row) == (personal_data.ERASED, None, None, "", "", None)
    assert count(db, "SELECT COUNT(*) FROM checkin") == 1  # attendance stays, anonymous
    # HQ too: the erasure is queued, and the registration's record, never sent, is superseded by it
    # and dropped, so no version with the identity is ever sent (issue 15 item 1).
    assert queued == 1
    with db.session() as session:
        [payload] = (
            session.connection()
            .execute(text("SELECT payload FROM outbox WHERE kind = 'participant'"))
            .scalars()
        )
    assert json.loads(payload)["full_name"] == personal_data.ERASED and NIP_AHMAD not in payload
    assert count(db, "SELECT COUNT(*) FROM outbox WHERE kind = 'audit'") == 1  # and learns why
    assert count(db, "SELECT COUNT(*) FROM audit_entry WHERE action = 'person.erase'") == 1


def test_purge_refuses_what_hq_has_not_acknowledged_and_keeps_other_events(db):
    old, current = make_event(db, title="Lama"), make_event(db, title="Baru")
    ahmad = register(db, old, "Ahmad", NIP_AHMAD)
    siti = register(db, old, "Siti", NIP_SITI)
    register(db, current, "Siti", NIP_SITI)  # Siti is also in a current event
    with pytest.raises(HadirError, match="not acknowledged"), db.write() as session:
        personal_data.purge_event(session=session, event_id=old, verified_at=None)
    assert count(db, "SELECT COUNT(*) FROM event") == 2  # nothing deleted
    # HQ acknowledges everything, but no reconciliation has confirmed it yet.
    with db.write() as session:
        session.connection().execute(
            text("UPDATE outbox SET state = 'acknowledged', acknowledged_at = :t"),
            {"t": "2026-11-24 10:00:00.000000"},
        )
    with pytest.raises(HadirError, match="reconciliation"), db.write() as session:
        personal_data.purge_event(session=session, event_id=old, verified_at=None)
    verified = datetime(2026, 11, 24, 11, tzinfo=UTC)
    with db.write() as session:
        result = personal_data.purge_event(session=session, event_id=old, verified_at=verified)
    assert result.participants == 1  # Ahmad only: Siti is still registered for the current event
    assert count(db, "SELECT COUNT(*) FROM participant WHERE id = :p", p=ahmad) == 0
    assert count(db, "SELECT COUNT(*) FROM participant WHERE id = :p", p=siti) == 1
    assert count(db, "SELECT COUNT(*) FROM event") == 1
    with db.session() as session:
        assert search_participants(session=session, event_id=current, query="siti").hits


def test_expired_events_by_end_date(db):
    make_event(db)  # ends 2026-11-24
    with db.session() as session:
        assert (
            personal_data.expired_events(
                session=session, older_than_days=90, now=datetime(2026, 12, 1, tzinfo=UTC)
            )
            == []
        )
        assert len(
            personal_data.expired_events(
                session=session,
                older_than_days=90,
                now=datetime(2026, 11, 24, tzinfo=UTC) + timedelta(days=100),
            )
        )


def test_cli_export_erase_and_purge_demo(data_dir, tmp_path):
    demo = last_json(run(data_dir, "demo", "--participants", "20", "--attended", "5", "--json"))
    people = last_json(run(data_dir, "participants", "list", "--event", demo["event_id"], "--json"))
    out = tmp_path / "orang.json"
    exported = last_json(
        run(data_dir, "person", "export", "--nip", people[0]["nip"], "--out", str(out), "--json")
    )
    assert json.loads(out.read_text(encoding="utf-8"))["participant"]["nip"] == people[0]["nip"]
    assert exported["tables"]["participant"] == 1
    run(data_dir, "person", "erase", "--participant", people[0]["id"], "--reason", "permintaan")
    purged = last_json(run(data_dir, "retention", "purge", "--event", demo["event_id"], "--json"))
    assert purged["purged"][0]["participants"] == 20 and purged["kept"] == []
    assert last_json(run(data_dir, "event", "list", "--json")) == []


def test_an_erasure_scrubs_the_outbox_but_keeps_what_hq_may_hold_sendable(db):
    """Issue 15 item 1: the outbox's frozen payloads of the person (their versions, certificates'
    printed names, online results) are overwritten once HQ has answered them or if they were never
    sent; an item sent once without an answer keeps its bytes, or its retry would be a conflict."""
    from desktop.core import online
    from tests.desktop.helpers import hybrid_event

    event, people = hybrid_event(db)
    ahmad = people["ahmad"]
    report = Path(__file__).parent / "fixtures" / "online" / "zoom_basic_bom_ampm.csv"
    with db.write() as session:
        online.import_online_report(session=session, event_id=event, path=report, operator="rina")
        session.connection().execute(
            text("UPDATE outbox SET state = 'acknowledged' WHERE kind = 'online_attendance'")
        )
        # A later edit of Ahmad, sent once: the answer was lost (HQ may hold it under its id).
        registry.update_participant(session=session, participant_id=ahmad, jabatan="Kepala")
        session.connection().execute(
            text(
                "UPDATE outbox SET attempts = 1 WHERE seq = (SELECT MAX(seq) FROM outbox "
                "WHERE kind = 'participant')"
            )
        )
    with db.session() as session:
        before = (
            session.connection()
            .execute(text("SELECT id, payload FROM outbox WHERE attempts = 1"))
            .one()
        )
        results = list(
            session.connection()
            .execute(text("SELECT payload FROM outbox WHERE kind = 'online_attendance'"))
            .scalars()
        )
    assert any("ahmad@palu.go.id" in payload for payload in results)
    privacy.erase_person(db, participant_id=ahmad, operator="admin", reason="permintaan tertulis")
    with db.session() as session:
        rows = (
            session.connection()
            .execute(text("SELECT id, kind, payload, attempts FROM outbox"))
            .all()
        )
    kept = {change_id: payload for change_id, _, payload, attempts in rows if attempts}
    assert kept == {before.id: before.payload}  # unchanged: its retry is "already stored"
    for change_id, kind, payload, _ in rows:
        if change_id == before.id or kind == "online_report":
            continue
        for needle in ("Ahmad Fauzan", "ahmad@palu.go.id", NIP_AHMAD):
            assert needle not in payload, (kind, payload)
    online_rows = [json.loads(p) for _, kind, p, _ in rows if kind == "online_attendance"]
    assert any(
        row["display_name"] == personal_data.ERASED and row["person_key"].startswith("erased:")
        for row in online_rows
    )
    assert any("Siti" in row["display_name"] for row in online_rows)  # others untouched


def test_an_erasure_leaves_no_earlier_spelling_in_the_search_index(db):
    """Issue 15 item 1: a corrected name's old words were deleted from the FTS5 index only as a
    marker; in a segment shared with thousands of others they stay readable in the file until
    that segment is merged. The erasure merges the index, and truncates the WAL."""
    from desktop.core.demo import create_demo
    from desktop.core.desk import desk_identity
    from desktop.core.registry import register_participant
    from tests.sync.sqlcipher_pages import decrypted_pages

    event = make_event(db)
    with db.write() as session:  # one segment for the person and 3,000 others (an import)
        person, _ = register_participant(
            session=session,
            event_id=event,
            desk_id="d",
            full_name="Zulkarnain Habibulah",
            nip=NIP_AHMAD,
        )
        create_demo(
            session=session, desk=desk_identity(session=session), participants=3000, attended=0
        )
    with db.write() as session:
        registry.update_participant(
            session=session, participant_id=person.id, full_name="Zulkarnaen Habibullah"
        )
    privacy.erase_person(db, participant_id=person.id, operator="admin", reason="permintaan")
    words = (b"zulkarnain", b"habibulah", b"zulkarnaen", b"habibullah", NIP_AHMAD.encode())
    for path in sorted(db.path.parent.glob("hadir.db*")):
        if not path.name.endswith("-shm"):
            content = decrypted_pages(path, db.key.raw).lower()
            assert [word for word in words if word in content] == [], path.name
