"""The USB bundle (item 6), end-of-day reconciliation (item 5) and the one-sync-at-a-time lease
(item 4), against the real HQ and its real ``hadir-hq import-bundle``."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.public import PrivateKey as X25519PrivateKey

from desktop.core.desk import set_setting
from desktop.core.sync.bundle import export_bundle
from desktop.core.sync.run import run_sync
from desktop.core.sync.settings import Keys, load_settings
from desktop.core.sync.status import sync_status
from sync.bundle import SEALED_MAGIC, BundleError, read_bundle, write_bundle
from sync.clock import as_utc
from sync.protocol import ChangeEnvelope
from tests.sync import proxy as faults
from tests.sync.helpers import (
    ROOT,
    assert_hq_holds_exactly,
    check_in,
    device_id,
    make_event,
    register,
)


def import_bundle(hq, path: Path) -> tuple[int, dict | None, str]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sync.hq.cli",
            "import-bundle",
            str(path),
            "--database-url",
            hq.database_url,
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = result.stdout.strip().splitlines()
    return result.returncode, (json.loads(lines[-1]) if lines else None), result.stderr


def test_a_usb_bundle_carries_what_the_network_could_not(tmp_path, desk_factory, hq, proxy):
    db = desk_factory()
    event_id = make_event(db)
    check_in(db, event_id, register(db, event_id, range(25)))
    proxy.set_mode(faults.PORTAL)  # the venue's only network wants a voucher nobody has
    assert run_sync(db).pending == 76  # event, 25 people, registrations, check-ins

    bundle = export_bundle(db, path=tmp_path / "meja1.hadir")
    assert bundle["items"] == 76 and bundle["sealed"] is True and "warning" not in bundle
    sealed = (tmp_path / "meja1.hadir").read_bytes()
    assert sealed.startswith(SEALED_MAGIC)  # only HQ's key opens it: a lost stick shows nothing
    with db.session() as session:
        names = [
            r[0] for r in session.connection().exec_driver_sql("SELECT full_name FROM participant")
        ]
    assert names and not any(name.encode() in sealed for name in names)
    with pytest.raises(BundleError, match="sealed for HQ"):
        read_bundle(tmp_path / "meja1.hadir")  # without HQ's key
    [(before,)] = hq.query("SELECT last_push_at FROM device")
    code, imported, _ = import_bundle(hq, tmp_path / "meja1.hadir")
    assert code == 0 and imported["stored"] == 76 and imported["invalid"] == 0
    stats = hq.stats()
    assert stats["checkins"] == 25 and stats["participants"] == 25
    # The dashboard's "last sync" of the desk: the moment its bundle was written, nothing waiting.
    [(last_push, pending)] = hq.query("SELECT last_push_at, pending_count FROM device")
    assert before is None or str(before) < str(last_push)
    assert as_utc(last_push) == as_utc(bundle["created_at"]) and pending == 0

    code, again, _ = import_bundle(hq, tmp_path / "meja1.hadir")  # imported twice: no change
    assert code == 0 and again["already_stored"] == 76 and again["stored"] == 0
    assert hq.stats() == stats
    assert not sync_status(db).all_at_hq  # the desk cannot know yet: nothing acknowledged it

    proxy.heal()  # back online: the same ids are "already stored", nothing doubles
    report = run_sync(db)
    assert report.pushed == 76 and report.pending == 0 and report.all_at_hq
    assert hq.stats() == stats
    assert_hq_holds_exactly(hq, [db])

    export_bundle(db, path=tmp_path / "all.hadir", include_acknowledged=True)
    code, after, _ = import_bundle(hq, tmp_path / "all.hadir")  # after the online sync: no change
    assert code == 0 and after["already_stored"] == 76 and hq.stats() == stats


def test_damaged_or_foreign_bundles_are_refused_with_a_clear_message(tmp_path, desk_factory, hq):
    db = desk_factory()
    event_id = make_event(db)
    check_in(db, event_id, register(db, event_id, range(5)))
    good = tmp_path / "good.hadir"
    export_bundle(db, path=good)
    data = good.read_bytes()

    flipped = tmp_path / "flipped.hadir"
    flipped.write_bytes(data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
    cut = tmp_path / "cut.hadir"
    cut.write_bytes(data[: len(data) // 2])
    foreign = tmp_path / "foreign.hadir"
    envelopes = [ChangeEnvelope(id="x1", kind="checkin", payload={"id": "c"})]
    write_bundle(
        path=foreign,
        device_id="not-a-desk-of-this-hq",
        key_id="00" * 8,
        items=envelopes,
        sign=Ed25519PrivateKey.generate().sign,
        created_at=datetime.now(UTC),
    )
    with db.session() as session:
        key_id = load_settings(session=session).key_id
    forged = tmp_path / "forged.hadir"  # this desk's header, another key's signature
    write_bundle(
        path=forged,
        device_id=device_id(db),
        key_id=key_id,
        items=envelopes,
        sign=Ed25519PrivateKey.generate().sign,
        created_at=datetime.now(UTC),
    )
    other_hq = tmp_path / "other-hq.hadir"  # sealed to a key that is not this HQ's
    write_bundle(
        path=other_hq,
        device_id=device_id(db),
        key_id=key_id,
        items=envelopes,
        sign=Ed25519PrivateKey.generate().sign,
        created_at=datetime.now(UTC),
        seal_for=bytes(X25519PrivateKey.generate().public_key),
    )
    for path, words in [
        (flipped, "damaged"),
        (cut, "damaged"),
        (foreign, "does not know"),
        (forged, "signature"),
        (other_hq, "another HQ"),
    ]:
        code, _, message = import_bundle(hq, path)
        assert code != 0 and words in message, (path.name, message)
    assert hq.stats()["checkins"] == 0  # nothing of any of them
    code, imported, _ = import_bundle(hq, good)
    assert code == 0 and imported["stored"] == 16


def test_a_desk_enrolled_before_sealed_bundles_learns_the_key_at_its_next_sync(
    tmp_path, desk_factory, hq
):
    db = desk_factory()
    with db.write() as session:
        set_setting(session=session, key=Keys.HQ_BUNDLE_KEY, value="")  # as an older desk has it
    event_id = make_event(db)
    check_in(db, event_id, register(db, event_id, range(2)))
    unsealed = export_bundle(db, path=tmp_path / "old.hadir")
    assert unsealed["sealed"] is False and "Anyone with the stick" in unsealed["warning"]
    assert run_sync(db).outcome == "ok"
    assert (
        export_bundle(db, path=tmp_path / "new.hadir", include_acknowledged=True)["sealed"] is True
    )
    code, imported, _ = import_bundle(hq, tmp_path / "new.hadir")
    assert code == 0 and imported["already_stored"] == imported["items"]


def test_reconciliation_requeues_what_hq_lost_and_only_then_says_all_is_there(desk_factory, hq):
    db = desk_factory()
    event_id = make_event(db)
    people = register(db, event_id, range(10))
    check_in(db, event_id, people)
    first = run_sync(db)
    assert first.all_at_hq and sync_status(db).all_at_hq
    check_in(db, event_id, people[:3], day=2)  # a new day's check-ins: not at HQ yet
    assert not sync_status(db).all_at_hq
    assert run_sync(db).all_at_hq

    # HQ is restored from a backup that misses the last check-ins of day 1.
    lost = [
        row[0]
        for row in hq.query(
            "SELECT id FROM change WHERE kind = 'checkin' AND day = 1 ORDER BY id LIMIT 4"
        )
    ]
    records = [
        row[0]
        for row in hq.query(
            f"SELECT record_id FROM change WHERE id IN ({','.join('?' * 4)})", *lost
        )
    ]
    connection = sqlite3.connect(hq.database)
    connection.execute(f"DELETE FROM change WHERE id IN ({','.join('?' * 4)})", lost)
    connection.execute(f"DELETE FROM checkin WHERE id IN ({','.join('?' * 4)})", records)
    connection.commit()
    connection.close()
    assert hq.stats()["checkins"] == 13 - 4

    report = run_sync(db)  # the end-of-day check finds them missing, sends them again
    assert report.requeued == 4 and report.pending == 0 and report.all_at_hq
    assert hq.stats()["checkins"] == 13
    assert_hq_holds_exactly(hq, [db])


def test_one_sync_at_a_time_and_a_crash_does_not_keep_the_lease(tmp_path, desk_factory, hq):
    db = desk_factory()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from sync.desk.lease import SyncLease\n"
            "lease = SyncLease(Path(sys.argv[1])); lease.acquire(); print('held', flush=True)\n"
            "time.sleep(60)",
            str(db.folder),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    busy = run_sync(db)
    assert busy.outcome == "busy" and sync_status(db).running
    holder.kill()  # SIGKILL: no clean-up code runs
    holder.wait(timeout=10)
    assert not sync_status(db).running
    assert run_sync(db).outcome == "ok"

    event_id = make_event(db)
    register(db, event_id, range(60))
    outcomes: list[str] = []
    runners = [
        threading.Thread(target=lambda: outcomes.append(run_sync(db).outcome)) for _ in range(2)
    ]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join(timeout=60)
    assert sorted(outcomes) in (["busy", "ok"], ["ok", "ok"])  # never two at once
    assert run_sync(db).pending == 0
    assert_hq_holds_exactly(hq, [db])


def test_a_record_made_during_a_sync_triggers_another_pass(desk_factory, hq):
    db = desk_factory(sync_batch_size="20")
    event_id = make_event(db)
    people = register(db, event_id, range(30))
    made: list[str] = []

    def progress(step) -> None:
        if step.phase == "pull" and not made:  # the clerk checks someone in mid-sync
            made.extend(check_in(db, event_id, people[:1]))

    report = run_sync(db, progress=progress)
    assert made and report.passes >= 2
    assert report.pending == 0 and report.outcome == "ok" and report.all_at_hq
    assert_hq_holds_exactly(hq, [db])
