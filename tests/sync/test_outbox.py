"""The outbox's promises (issue 6, item 1): states, frozen payloads resent byte for byte, only HQ's
explicit acknowledgement clears an item, HQ's reasons kept for what it sets aside, backoff."""

from __future__ import annotations

import gzip
import json
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from desktop.core import registry
from desktop.core.sync.run import run_sync
from desktop.core.sync.status import set_aside, sync_status
from sync.desk import outbox
from sync.desk.outbox import Backoff, OutboxState
from sync.protocol import ItemResult, ItemStatus
from tests.sync import proxy as faults
from tests.sync.helpers import (
    assert_hq_holds_exactly,
    check_in,
    make_desk,
    make_event,
    register,
    sync_until_done,
)

NOW = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


def _states(db) -> dict[str, int]:
    with db.session() as session:
        rows = session.connection().execute(
            text("SELECT state, COUNT(*) FROM outbox GROUP BY state")
        )
        return {state: count for state, count in rows}


def _sent_payloads(proxy) -> dict[str, list[bytes]]:
    """Change id -> each payload's exact bytes as they crossed the wire, per sending."""
    seen: dict[str, list[bytes]] = {}
    for path, body in proxy.counters.bodies:
        if not path.startswith("/api/v1/push"):
            continue
        raw = gzip.decompress(body)
        for item in json.loads(raw)["items"]:
            marker = f'"id":{json.dumps(item["id"])},"kind":{json.dumps(item["kind"])},"payload":'
            start = raw.index(marker.encode()) + len(marker)
            length = len(json.dumps(item["payload"], separators=(",", ":")).encode())
            seen.setdefault(item["id"], []).append(raw[start : start + length])
    return seen


def test_a_resent_item_carries_the_same_bytes_even_after_a_local_edit(desk_factory, hq, proxy):
    db = desk_factory(**{"sync_retry_for_seconds": "0"})
    event_id = make_event(db)
    [person] = register(db, event_id, [7])
    proxy.record_bodies = True
    proxy.set_mode(faults.CUT)  # HQ stores it, the desk never hears
    run_sync(db)
    with db.write() as session:  # the person's name is corrected while the first is unconfirmed
        registry.update_participant(
            session=session, participant_id=person, full_name="Peserta Tujuh"
        )
    proxy.heal()
    sync_until_done(db)
    sent = _sent_payloads(proxy)
    with db.session() as session:
        frozen = dict(session.connection().execute(text("SELECT id, payload FROM outbox")).all())
    resent = [change_id for change_id, copies in sent.items() if len(copies) > 1]
    assert len(resent) == 3  # event, participant, registration went twice
    for change_id, copies in sent.items():
        assert all(copy == frozen[change_id].encode() for copy in copies)
    names = [json.loads(p)["full_name"] for p in frozen.values() if '"participant"' in p]
    assert names == ["Peserta 7", "Peserta Tujuh"]  # the edit is a new change, the old unchanged
    assert_hq_holds_exactly(hq, [db])


def test_in_flight_is_marked_before_sending_and_recovered_after_a_crash(db):
    event_id = make_event(db)
    register(db, event_id, range(3))
    with db.write() as session:
        batch = outbox.take_batch(session=session, limit=4, now=NOW)
    assert [item.kind for item in batch] == ["event", "participant", "registration", "participant"]
    assert _states(db) == {"in_flight": 4, "pending": 3}
    # The process died here. Whoever takes the lease next puts them back.
    with db.write() as session:
        assert outbox.recover_in_flight(session=session) == 4
    assert _states(db) == {"pending": 7}


def test_only_an_explicit_acknowledgement_of_an_id_clears_it(db):
    event_id = make_event(db)
    register(db, event_id, range(2))
    with db.write() as session:
        batch = outbox.take_batch(session=session, limit=10, now=NOW)
        ids = [item.id for item in batch]
        results = [
            ItemResult(id=ids[0], status=ItemStatus.STORED),  # stored and acknowledged
            ItemResult(id=ids[1], status=ItemStatus.STORED),  # "stored" but not in acknowledged
            ItemResult(id=ids[2], status=ItemStatus.INVALID, reason="no such event"),
            ItemResult(id=ids[3], status=ItemStatus.CONFLICT, reason="other content"),
            # ids[4] not answered at all
        ]
        applied = outbox.apply_results(
            session=session,
            sent=batch,
            results=results,
            acknowledged=[ids[0], "not-sent"],
            now=NOW,
            backoff=Backoff(),
        )
    assert (applied.acknowledged, applied.set_aside, applied.unanswered) == (1, 2, 2)
    with db.session() as session:
        rows = dict(session.connection().execute(text("SELECT id, state FROM outbox")).all())
        reasons = dict(session.connection().execute(text("SELECT id, reason FROM outbox")).all())
    assert rows[ids[0]] == OutboxState.ACKNOWLEDGED
    assert rows[ids[1]] == rows[ids[4]] == OutboxState.PENDING
    assert rows[ids[2]] == rows[ids[3]] == OutboxState.SET_ASIDE
    assert reasons[ids[2]] == "invalid: no such event"
    assert reasons[ids[3]] == "conflict: other content"


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    backoff = Backoff(base_seconds=2, cap_seconds=60)
    rng = random.Random(1)
    for attempts, ceiling in [(1, 2), (2, 4), (3, 8), (5, 32), (6, 60), (40, 60)]:
        delays = [backoff.delay(attempts, rng) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > ceiling / 4  # spread, so desks do not come back together


def test_the_queue_head_backing_off_holds_back_later_items(db):
    event_id = make_event(db)
    with db.write() as session:
        batch = outbox.take_batch(session=session, limit=1, now=NOW)
        due = outbox.fail(
            session=session,
            ids=[batch[0].id],
            error="reset",
            now=NOW,
            backoff=Backoff(base_seconds=10),
        )
    register(db, event_id, [1])  # made later, due now, but must not overtake the event
    with db.write() as session:
        assert outbox.take_batch(session=session, limit=10, now=NOW + timedelta(seconds=1)) == []
        assert len(outbox.take_batch(session=session, limit=10, now=due)) == 3
    with db.write() as session:
        outbox.recover_in_flight(session=session)
        assert len(outbox.take_batch(session=session, limit=10, now=NOW, force=True)) == 3


def test_items_hq_refuses_are_set_aside_with_its_reason_and_the_rest_flow(tmp_path, hq, proxy):
    # This desk's event is for SULTENG, but HQ enrolls the desk for another office.
    db = make_desk(tmp_path / "desk", hq=hq, server_url=proxy.url)
    from desktop.core.desk import set_setting
    from desktop.core.sync.enrollment import enroll

    event_id = make_event(db)
    people = register(db, event_id, range(3))
    check_in(db, event_id, people)
    enroll(db, server_url=proxy.url, code=hq.enrollment_code("DKI"), desk_name="Meja 9")
    with db.write() as session:
        set_setting(session=session, key="office_code", value="DKI")
    report = run_sync(db)
    assert report.set_aside == 1 + 3 + 3  # the event and what names it; participants are fine
    assert report.pushed == 3 and report.pending == 0 and not report.all_at_hq
    reasons = {item.kind: item.reason for item in set_aside(db)}
    assert "enrolled for DKI" in reasons["event"]
    assert reasons["checkin"].startswith("invalid: unknown event")
    status = sync_status(db)
    assert status.set_aside == 7 and "set aside" in " ".join(status.problems)
    db.close()
