"""Issue 14 item 2: HQ's "Data menunggu" and "Sinkron terakhir" follow every contact of a desk (push,
pull, reconciliation), against a real HQ on 127.0.0.1 and desks syncing with the desk's own code; a
desk of the previous version (no waiting count with a pull) still syncs."""

from __future__ import annotations

import gzip
import json
import sqlite3
from datetime import UTC, datetime

import requests

from desktop.core.sync.run import run_sync
from desktop.core.sync.settings import Keys
from desktop.core.sync.status import sync_status
from sync.desk.client import ClientConfig, HqClient
from sync.protocol import API_PREFIX, PENDING_HEADER
from tests.sync.helpers import check_in, device_id, make_event, register


def _device(hq, db) -> tuple[int | None, str | None, str | None]:  # type: ignore[no-untyped-def]
    rows = hq.query(
        "SELECT pending_count, last_seen_at, last_push_at FROM device WHERE id = ?", device_id(db)
    )
    return rows[0]


def _token(db) -> str:  # type: ignore[no-untyped-def]
    with db.session() as session:
        value = (
            session.connection()
            .exec_driver_sql("SELECT value FROM setting WHERE key = ?", (Keys.TOKEN,))
            .scalar()
        )
    return str(value)


def test_a_desk_that_sent_everything_shows_nothing_waiting(desk_factory, hq):  # type: ignore[no-untyped-def]
    # Small batches: the last push carries data, and before this fix HQ kept that batch as waiting.
    first = desk_factory("Meja 1", **{Keys.BATCH_SIZE: "7", Keys.BATCH_MAX: "7"})
    second = desk_factory("Meja 2", **{Keys.BATCH_SIZE: "7", Keys.BATCH_MAX: "7"})
    for db, numbers in ((first, range(0, 12)), (second, range(100, 105))):
        event_id = make_event(db)
        people = register(db, event_id, numbers)
        check_in(db, event_id, people)
        report = run_sync(db)
        assert report.outcome == "ok" and report.pending == 0 and report.pushed > 7
        pending, seen, pushed = _device(hq, db)
        assert pending == 0 and seen is not None and pushed is not None


def test_a_pull_and_a_reconciliation_bring_the_count_up_to_date(desk_factory, hq, proxy):  # type: ignore[no-untyped-def]
    db = desk_factory()
    event_id = make_event(db)
    people = register(db, event_id, range(5))
    assert run_sync(db).pending == 0
    check_in(db, event_id, people[:3])  # made offline: three check-ins waiting on the desk
    waiting = sync_status(db).pending
    assert waiting == 3

    _, seen_before, pushed_before = _device(hq, db)
    config = ClientConfig(server_url=proxy.url, token=_token(db))
    with HqClient(config) as client:
        client.pull(cursor=0, limit=10, pending=waiting)
    pending, seen, pushed = _device(hq, db)
    assert pending == 3 and pushed == pushed_before
    assert seen is not None and seen_before is not None and seen > seen_before

    # A desk of the previous version pulls without saying: HQ keeps what it knew, the pull works,
    # and the contact still counts as the last one.
    answer = requests.get(
        f"{proxy.url}{API_PREFIX}/pull",
        params={"cursor": 0},
        headers={"Authorization": f"Bearer {_token(db)}"},
        timeout=10,
    )
    assert answer.status_code == 200 and answer.json()["items"]
    later_pending, later_seen, _ = _device(hq, db)
    assert later_pending == 3 and later_seen is not None and later_seen >= seen
    # A header that is not a count is ignored rather than stopping the sync.
    answer = requests.get(
        f"{proxy.url}{API_PREFIX}/pull",
        params={"cursor": 0},
        headers={"Authorization": f"Bearer {_token(db)}", PENDING_HEADER: "-4"},
        timeout=10,
    )
    assert answer.status_code == 200 and _device(hq, db)[0] == 3

    report = run_sync(db)  # push, pull, reconcile: the last contact says nothing waits
    assert report.pending == 0 and report.all_at_hq
    assert _device(hq, db)[0] == 0


def test_a_reconciliation_alone_tells_hq_the_count(desk_factory, hq, proxy):  # type: ignore[no-untyped-def]
    db = desk_factory()
    event_id = make_event(db)
    register(db, event_id, range(3))
    assert run_sync(db).pending == 0
    with sqlite3.connect(hq.database) as connection:  # a stale figure, as before this fix
        connection.execute("UPDATE device SET pending_count = 42, last_seen_at = NULL")
    connection.close()
    manifest = {"groups": []}
    body = gzip.compress(json.dumps(manifest).encode())
    answer = requests.post(
        f"{proxy.url}{API_PREFIX}/reconcile",
        data=body,
        headers={
            "Authorization": f"Bearer {_token(db)}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            PENDING_HEADER: "0",
        },
        timeout=10,
    )
    assert answer.status_code == 200
    pending, seen, _ = _device(hq, db)
    assert pending == 0 and seen is not None


def test_a_push_from_a_desk_of_the_previous_version_stores_what_is_left(desk_factory, hq, proxy):  # type: ignore[no-untyped-def]
    """Every desk version counts the batch it sends among the waiting: HQ subtracts what it
    answered, so an older desk's last push also leaves 0, and one with more to send its rest."""
    db = desk_factory()
    body = {
        "protocol": 1,
        "desk_time": datetime.now(UTC).isoformat(),
        "pending": 5,
        "items": [{"id": "01TESTCHANGE0000000000001", "kind": "event", "payload": {"kind": "x"}}],
    }
    answer = requests.post(
        f"{proxy.url}{API_PREFIX}/push",
        data=gzip.compress(json.dumps(body).encode()),
        headers={
            "Authorization": f"Bearer {_token(db)}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
        timeout=10,
    )
    assert answer.status_code == 200 and answer.json()["results"][0]["status"] == "invalid"
    assert _device(hq, db)[0] == 4  # the one answered item left the desk's queue (set aside)
