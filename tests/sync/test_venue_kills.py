"""Issue 17 item 6: SIGKILL the hub or a member at random moments of their exchanges; nothing is
lost or doubled at the hub, at the members or at HQ.

Two members (never enrolled: everything they make reaches HQ only through the hub) and a hub
enrolled with a real HQ. Each round both members make records, then one process is killed at a
random moment: the hub (``venue host``) while a member's ``sync run`` pushes to it, a member's
``sync run`` mid-exchange, or the hub's own ``sync run`` mid-relay to HQ. Afterwards everything
converges and is counted. 3 kills in ``make test`` (one of each kind); ``HADIR_KILLS=N`` for
more, ``HADIR_KILL_SEED`` to replay one sequence.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

from desktop.core.db import Database
from desktop.core.sync.run import run_sync
from desktop.core.sync.status import sync_status
from desktop.core.venue.member import exchange
from tests.sync.helpers import (
    ROOT,
    HqProcess,
    check_in,
    desk_made,
    device_id,
    hq_holds,
    make_desk,
    make_event,
    register,
)
from tests.sync.test_venue_hub import HubProcess, _desk, cli

KILLS = int(os.environ.get("HADIR_KILLS", "3"))
TARGETS = ("hub", "member", "hub relay")
PEOPLE_PER_ROUND = 150  # each a person, a registration and a check-in: 450 records per member


def _sync_run(folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop.cli", "sync", "run", "--data-dir", str(folder), "--json"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill(process: subprocess.Popen[bytes]) -> bool:
    """SIGKILL; False when the process had already finished (the kill landed on nothing)."""
    running = process.poll() is None
    if running:
        process.kill()
    process.wait(timeout=60)
    return running


def _count(db: Database, sql: str) -> tuple[int, ...]:
    with db.session() as session:
        return tuple(session.connection().exec_driver_sql(sql).one())


def test_kills_of_the_hub_or_a_member_lose_and_double_nothing(tmp_path, capsys, hq: HqProcess):
    seed = int(os.environ.get("HADIR_KILL_SEED", str(random.randrange(1_000_000))))
    rng = random.Random(seed)
    hub_db = make_desk(tmp_path / "hub", hq=hq, server_url=hq.url, name="Meja Hub")
    event_id = make_event(hub_db)
    assert run_sync(hub_db).outcome == "ok"
    members = {name: tmp_path / name for name in ("a", "b")}
    for number, folder in enumerate(members.values(), start=1):
        _desk(folder, f"Meja {number}").close()
    hub = HubProcess(tmp_path / "hub")
    hub.start()
    kills: list[str] = []
    try:
        for folder in members.values():
            assert (
                cli(capsys, folder, "venue", "join", "--hub", hub.url, "--code", hub.code)[0] == 0
            )
            assert cli(capsys, folder, "sync", "run")[0] == 0  # the event, from the hub
        for round_number in range(KILLS):
            start = 1000 * (round_number + 1)
            for offset, folder in enumerate(members.values()):
                db = Database(folder)
                first = start + 500 * offset
                check_in(
                    db, event_id, register(db, event_id, range(first, first + PEOPLE_PER_ROUND))
                )
                db.close()
            # The first rounds meet each kind of kill once; later ones (HADIR_KILLS) draw them.
            target = TARGETS[round_number] if round_number < len(TARGETS) else rng.choice(TARGETS)
            delay = rng.uniform(
                0.3, 1.6
            )  # a run takes about 1 s to start (imports), then exchanges
            folder = rng.choice(list(members.values()))
            kills.append(f"{target} after {delay:.2f}s")
            if target == "hub":
                running = _sync_run(folder)
                time.sleep(delay)
                landed = running.poll() is None
                hub.kill()
                running.wait(timeout=120)
                hub.start()
            elif target == "member":
                running = _sync_run(folder)
                time.sleep(delay)
                landed = _kill(running)
            else:
                for other in members.values():  # something to relay
                    running = _sync_run(other)
                    running.wait(timeout=120)
                running = _sync_run(tmp_path / "hub")
                time.sleep(delay)
                landed = _kill(running)
            kills[-1] += "" if landed else " (too late: the run had ended)"
        # Converge: every member gives the hub everything, the hub relays everything to HQ, then
        # every member pulls what the others made.
        dbs = {name: Database(folder) for name, folder in members.items()}
        try:
            for db in dbs.values():
                for _ in range(5):
                    done = exchange(db)
                    assert done is not None
                    if done.pending == 0 and done.error is None:
                        break
                assert done.pending == 0 and done.error is None, (done, seed, kills)
            for _ in range(5):
                relayed = run_sync(hub_db)
                if relayed.pending == 0 and relayed.outcome == "ok":
                    break
            status = sync_status(hub_db)
            assert status.pending == 0 and status.set_aside == 0, (status, seed, kills)
            for db in dbs.values():
                assert exchange(db).error is None  # type: ignore[union-attr]
            total = KILLS * PEOPLE_PER_ROUND * len(members)
            # The hub: each member's change once, and every person and check-in once.
            relayed_rows, distinct = _count(
                hub_db, "SELECT COUNT(*), COUNT(DISTINCT change_id) FROM venue_relayed"
            )
            made = {cid for db in dbs.values() for cid in desk_made(db)}
            assert relayed_rows == distinct == len(made), (relayed_rows, len(made), seed, kills)
            for db in (hub_db, *dbs.values()):
                checkins = _count(db, "SELECT COUNT(*), COUNT(DISTINCT id) FROM checkin")
                people = _count(db, "SELECT COUNT(*) FROM participant")
                assert checkins == (total, total) and people == (total,), (
                    checkins,
                    people,
                    seed,
                    kills,
                )
            # HQ: everything the members and the hub made, through the hub, once.
            held = hq_holds(hq, [device_id(hub_db)])
            assert set(held) == made | set(desk_made(hub_db)), (seed, kills)
            assert hq.query("SELECT COUNT(*), COUNT(DISTINCT id) FROM checkin")[0] == (
                total,
                total,
            )
        finally:
            for db in dbs.values():
                db.close()
    finally:
        hub.kill()
        hub_db.close()
