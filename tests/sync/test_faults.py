"""However the network fails, HQ ends up holding exactly what the desk made (issue 6, item 8).

Each test makes real records with the desk's services, breaks the link between desk and HQ with the
fault proxy, syncs through the failure, heals the network and syncs again, then compares HQ's
database with the desk's outbox: same change ids, same content, nothing doubled.
"""

from __future__ import annotations

import threading
import time

import pytest

from desktop.core.sync.run import run_sync
from desktop.core.sync.status import sync_status
from tests.sync import proxy as faults
from tests.sync.helpers import (
    assert_hq_holds_exactly,
    check_in,
    make_event,
    register,
    sync_until_done,
)


def _some_records(db, people: int = 30, attended: int = 20) -> str:
    event_id = make_event(db)
    participants = register(db, event_id, range(people))
    check_in(db, event_id, participants[:attended])
    return event_id


def test_a_clean_sync_sends_everything_once_and_says_so(desk_factory, hq, proxy):
    db = desk_factory()
    _some_records(db)
    report = run_sync(db)
    assert report.outcome == "ok" and report.pending == 0 and report.set_aside == 0
    assert report.pushed == 1 + 30 + 30 + 20  # event, participants, registrations, check-ins
    assert report.all_at_hq
    assert_hq_holds_exactly(hq, [db])
    stats = hq.stats()
    assert stats["checkins"] == 20 and stats["participants"] == 30
    again = run_sync(db)
    assert again.pushed == 0 and again.all_at_hq and hq.stats() == stats


@pytest.mark.parametrize(
    "fault",
    [
        faults.RESET,
        faults.CUT,
        faults.PORTAL,
        faults.REDIRECT,
        faults.STATUS_500,
        faults.STATUS_502,
        faults.STATUS_503,
        faults.GARBAGE,
    ],
)
def test_each_fault_leaves_items_pending_then_they_arrive_once(desk_factory, hq, proxy, fault):
    db = desk_factory(**{"sync_retry_for_seconds": "0"})  # no retry inside the run: see the state
    _some_records(db, people=12, attended=8)
    proxy.set_mode(fault)
    report = run_sync(db)
    status = sync_status(db)
    assert report.pending == status.pending == 1 + 12 + 12 + 8, report
    assert report.pushed == 0 and not report.all_at_hq and report.error
    assert report.outcome in ("incomplete", "offline")
    if fault == faults.CUT:
        # HQ committed what it never could confirm: the lost acknowledgement.
        assert hq.stats()["checkins"] == 8
    else:
        assert hq.stats()["checkins"] == 0
    proxy.heal()
    final = sync_until_done(db)
    assert final.outcome == "ok" and final.all_at_hq
    assert_hq_holds_exactly(hq, [db])


def test_a_login_page_is_named_to_the_operator(desk_factory, proxy):
    db = desk_factory(**{"sync_retry_for_seconds": "0"})
    _some_records(db, people=2, attended=1)
    proxy.set_mode(faults.PORTAL)
    report = run_sync(db)
    assert "login page" in (report.error or "")
    assert "login page" in " ".join(sync_status(db).problems)


def test_faults_inside_one_run_are_retried_with_backoff(desk_factory, hq, proxy):
    db = desk_factory(sync_batch_size="25")
    _some_records(db, people=40, attended=30)
    proxy.script(
        [faults.RESET, faults.CUT, faults.STATUS_503, faults.CUT, faults.PORTAL],
        path="/api/v1/push",
    )
    report = run_sync(db)  # retried within the run (retry_for 3 s, backoff from 0.05 s)
    assert report.outcome == "ok" and report.pending == 0, report
    assert proxy.counters.faults.total() == 5
    assert_hq_holds_exactly(hq, [db])


def test_a_slow_link_that_times_out_makes_batches_smaller(desk_factory, hq, proxy):
    db = desk_factory(sync_batch_size="200", sync_read_timeout_seconds="1")
    _some_records(db, people=60, attended=40)
    proxy.hang_seconds = 2.0
    proxy.script([faults.HANG], path="/api/v1/push")
    report = run_sync(db)
    assert report.outcome == "ok" and report.pending == 0, report
    with db.session() as session:
        size = (
            session.connection()
            .exec_driver_sql("SELECT value FROM setting WHERE key = 'sync_batch_size'")
            .scalar()
        )
    assert int(size) < 200  # halved after the timeout, grown back by a quarter per batch since
    assert proxy.counters.faults[faults.HANG] == 1
    assert_hq_holds_exactly(hq, [db])


def test_hq_restarted_mid_sync(desk_factory, hq, proxy):
    db = desk_factory(
        sync_batch_size="20", sync_retry_for_seconds="20", sync_backoff_cap_seconds="0.5"
    )
    _some_records(db, people=150, attended=120)
    proxy.link.latency_seconds = 0.01  # long enough a sync to restart HQ in its middle
    done: list[object] = []
    runner = threading.Thread(target=lambda: done.append(run_sync(db)))
    runner.start()
    for _ in range(200):
        if proxy.counters.forwarded >= 4:
            break
        time.sleep(0.02)
    hq.kill()
    proxy.drop_connections()
    time.sleep(0.5)
    hq.start()
    runner.join(timeout=60)
    assert done, "the sync run did not finish"
    sync_until_done(db)
    assert_hq_holds_exactly(hq, [db])


def test_the_window_facing_service(desk_factory, hq, proxy):
    """What the window calls from its worker thread: plain values, no Qt."""
    from desktop.services import sync as service
    from tests.sync.helpers import device_id

    db = desk_factory()
    assert service.check_connection(db)
    _some_records(db, people=3, attended=2)
    assert service.snapshot(db, interval=300).status.headline == "9 data menunggu dikirim"
    assert service.snapshot(db, interval=300).seconds_until_due == 0.0  # work waiting and due
    steps = []
    report = service.run(db, progress=steps.append)
    assert report.outcome == "ok" and {step.phase for step in steps} >= {"push", "pull"}
    status = service.snapshot(db, interval=300).status
    assert status.all_at_hq and status.online and status.headline.startswith("Semua data")
    assert 0 < service.snapshot(db, interval=300).seconds_until_due <= 300
    assert [row.outcome for row in service.snapshot(db, interval=300).history] == ["ok"]
    proxy.set_mode(faults.PORTAL)
    assert not service.check_connection(db)  # a login page is not HQ
    proxy.heal()
    hq.revoke(device_id(db))
    assert not service.check_connection(db)
    cancelled = threading.Event()
    cancelled.set()
    _some_records(db, people=1, attended=1)
    assert service.run(db, cancel=cancelled).outcome in ("cancelled", "refused")
