"""Benchmark: one venue, four desks, one hub, a real HQ (issue 17 item 9).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tests/perf/bench_venue.py`` (or ``make bench``)
[--desks 4] [--people 500] [--pace 0.4] [--reference 80] [--registered 5000].

The venue: desk "Meja 1" is the hub AND one of the four check-in desks (the issue's 4 x 500 =
2,000): it runs the real window (offscreen), made the hub from its Sync screen's controller, signed
in, scanning its own people while it serves. Meja 2..4 are members, each in its own process with
its own encrypted SQLite folder; each joins the hub with the code the window shows (the real
pairing over HTTP on 127.0.0.1), pulls the event and its registrations from the hub, then runs the
window's own sync loop without widgets (``SyncScheduler`` on a QCoreApplication: the live exchange
with the hub every second and at once after each check-in, ``desktop/services/venue.py
exchange``), checking its people in with the check-in screen's service function
(``check_in_entry`` with a scanned NIP). Only the hub is enrolled with HQ (``hadir-hq serve``,
SQLite, on 127.0.0.1, as bench_sync.py starts it): the members' records reach HQ through the hub.

Scanner pace: every desk scans one person every ``--pace`` seconds (0.4 s: 10 check-ins a second
at the venue, a queue at its busiest), all four at once, 500 each (about 200 s).

Prints ONE JSON line:
- ``propagation_ms``: for every check-in and every OTHER desk, from the check-in's ``at`` (the
  maker's clock, set inside the transaction that commits it) to the moment the receiving desk's
  watcher first sees the row in its own database (a thread in each desk's process polling its
  database every 50 ms, so the figure is up to 50 ms late, never early); p50/p95/max, target p95
  <= 2,000 ms; ``missing`` counts check-ins a desk never received.
- ``hub_window``: the hub's check-in screen while serving (``serving``: its 500 scans at the same
  pace, a name typed letter by letter after each one, as bench_desk_window.py's "queue at eight")
  against a same-run ``reference``: a desk built the same way, the same screen, no hub and no
  members, ``--reference`` people at the same pace. Timed by tests/perf/window_timing.py (one home
  with bench_desk_window.py); targets: keystroke p95 <= 50 ms, scan p95 <= 100 ms.
- ``hq``: check-ins at HQ after the hub relayed (exactly 2,000: 500 per desk, each id once and each
  person once), ``at_hq_when_scanning_ended`` (what the window's own sync had relayed by then).
- ``pass``: every target held, nothing missing anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.core import registry  # noqa: E402
from desktop.core.clock import zone  # noqa: E402
from desktop.core.db import Database  # noqa: E402
from desktop.core.desk import configure_desk, desk_identity, set_setting  # noqa: E402
from desktop.core.importers.preregistration import import_preregistration  # noqa: E402
from tests.keyring_backend import use_for_this_process  # noqa: E402
from tests.sync.helpers import HqProcess, free_port, nip  # noqa: E402

# The desks' keys in a keyring shared by the processes started here (tests/keyring_backend.py).
use_for_this_process()

ADMIN, PIN = "Koordinator", "918273"
# An office no other test uses: the window's hub announces itself on the LAN (mDNS) and another
# test's "venue join" without --hub, browsing for its own office's hub, must not find this one.
OFFICE, TIMEZONE = "KALTIM", "Asia/Makassar"
WATCH_S = 0.05  # how often each desk's watcher reads its own database
MEMBER_NICENESS = 10
PROPAGATION_P95_MS = 2000
_FIRST = "Andi Budi Citra Dewi Eka Fajar Gita Hadi Indah Joko Kartika Lestari Made Nur Putu Rina"
_LAST = "Lamarauna Pakaya Tombolotutu Mangge Lasahido Bandu Talasa Rasyid Lalu Sumbung Tandiari"
FIRST, LAST = _FIRST.split(), _LAST.split()


def person_name(number: int) -> str:
    return f"{FIRST[number % len(FIRST)]} {LAST[(number // len(FIRST)) % len(LAST)]} {number}"


# --------------------------------------------------------------------------- the desks' data


def build_event_desk(folder: Path, name: str, registered: int) -> tuple[Database, str]:
    """A desk with its admin and today's one-day event with ``registered`` people (a list import,
    as an office prepares a day), opened when the window starts."""
    from desktop.services.desk import LAST_EVENT, first_start

    db = Database(folder)
    first_start(db, office_code=OFFICE, desk_name=name, admin_name=ADMIN, pin=PIN)
    today = datetime.now(zone(TIMEZONE)).date()
    listing = folder / "peserta.csv"
    listing.write_text(
        "nama,nip,instansi,jabatan\n"
        + "".join(
            f"{person_name(n)},{nip(n)},Pemerintah Kota Palu,Analis Kebijakan\n"
            for n in range(registered)
        ),
        encoding="utf-8",
    )
    with db.write() as session:
        desk = desk_identity(session=session)
        event = registry.create_event(
            session=session,
            office_code=OFFICE,
            title="Penguatan Kapasitas HAM bagi ASN",
            starts_at=datetime.combine(today, datetime.min.time()).replace(hour=0, minute=5),
            ends_at=datetime.combine(today, datetime.min.time()).replace(hour=23, minute=55),
            timezone=TIMEZONE,
            venue="Aula Kanwil",
        )
        event_id = event.id
    with db.write() as session:
        report = import_preregistration(
            session=session, event_id=event_id, desk_id=desk.desk_id, path=listing
        )
        if report.imported != registered:
            raise RuntimeError(f"the list imported {report.imported} of {registered}")
        set_setting(session=session, key=LAST_EVENT, value=event_id)
    return db, event_id


class Watcher(threading.Thread):
    """A desk's view of its own database: when each check-in row first appears there."""

    def __init__(self, db: Database) -> None:
        super().__init__(name="bench-watcher", daemon=True)
        self.db = db
        self.seen: dict[str, float] = {}  # check-in id -> time.time() first seen
        self.rows: dict[str, tuple[str, str]] = {}  # id -> (at, desk_name)
        self._last = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.read()
            self._halt.wait(WATCH_S)

    def read(self) -> None:
        with self.db.session() as session:
            rows = (
                session.connection()
                .exec_driver_sql(
                    "SELECT rowid, id, at, desk_name FROM checkin WHERE rowid > ? ORDER BY rowid",
                    (self._last,),
                )
                .all()
            )
        now = time.time()
        for rowid, checkin_id, at, desk_name in rows:
            self.seen.setdefault(checkin_id, now)
            self.rows[checkin_id] = (str(at), str(desk_name))
            self._last = max(self._last, int(rowid))

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)
        self.read()

    def report(self) -> dict[str, Any]:
        return {
            "seen": self.seen,
            "rows": {k: list(v) for k, v in self.rows.items()},
        }


# --------------------------------------------------------------------------- a member's process


def member_main(config: dict[str, Any]) -> None:
    """One member desk: join, pull the event, say ready, wait for "go", then check its people in
    at the pace while the window's sync loop exchanges with the hub; until it holds every check-in
    of the venue. Writes what it saw to ``config["out"]``."""
    from PySide6.QtCore import QCoreApplication, QTimer

    from desktop.services import checkin as checkin_service
    from desktop.services import venue as venue_service
    from desktop.ui.sync.scheduler import SyncScheduler
    from desktop.ui.worker import Workers

    folder, name = Path(config["folder"]), config["name"]
    # At a venue each member is its own laptop; here all share the hub's cores: the members (and
    # HQ) yield the CPU to the hub's process, so the hub's figures are the cost of serving them
    # (its server threads), not of hosting their processes too.
    os.nice(MEMBER_NICENESS)
    db = Database(folder)
    with db.write() as session:
        configure_desk(session=session, office_code=OFFICE, desk_name=name)
    venue_service.join(db, hub_url=config["hub"], code=config["code"], operator="petugas")
    # The event and its registrations from the hub (the live exchange would bring them too).
    deadline = time.monotonic() + 120
    while _registrations(db, config["event_id"]) < config["registered"]:
        result = venue_service.exchange(db)
        if time.monotonic() > deadline or (result is not None and result.error):
            raise RuntimeError(f"{name}: the event did not arrive from the hub: {result}")
    with db.session() as session:
        desk = desk_identity(session=session)
    print(json.dumps({"ready": name}), flush=True)
    go = float(sys.stdin.readline().split()[1])  # "go <epoch>"

    app = QCoreApplication([])
    workers = Workers()
    scheduler = SyncScheduler(db=db, workers=workers)
    watcher = Watcher(db)
    watcher.start()
    exchanges: list[float] = []
    errors: list[str] = []

    def exchanged(result: Any) -> None:
        exchanges.append(time.time())
        if result is not None and result.error:
            errors.append(str(result.error))

    scheduler.hub_exchanged.connect(exchanged)
    numbers = list(range(config["first"], config["first"] + config["people"]))
    made: dict[str, float] = {}
    start_mono = time.monotonic() + (go - time.time())
    finished_at: list[float] = []

    def scan(index: int) -> None:
        result = checkin_service.check_in_entry(
            db,
            event_id=config["event_id"],
            day=1,
            entry=nip(numbers[index]),
            desk=desk,
            operator="petugas",
        )
        if result.outcome.value != "checked_in" or result.checkin_id is None:
            raise RuntimeError(f"{name}: {nip(numbers[index])} gave {result.outcome}")
        made[result.checkin_id] = time.time()
        scheduler.record_made()  # the check-in controller's attendance_changed does this
        if index + 1 < len(numbers):
            _at(start_mono + (index + 1) * config["pace"], lambda: scan(index + 1))
        else:
            finished_at.append(time.monotonic())

    def until_all_seen() -> None:
        # Done when this desk holds the venue's every check-in and the hub has all of its own.
        done = (
            bool(finished_at)
            and len(watcher.seen) >= config["total"]
            and venue_service.status(db)["pending_to_hub"] == 0
        )
        late = finished_at and time.monotonic() - finished_at[0] > config["linger"]
        if done or late:
            app.quit()
        else:
            QTimer.singleShot(100, until_all_seen)

    scheduler.start()
    _at(start_mono, lambda: scan(0))
    QTimer.singleShot(100, until_all_seen)
    cpu = time.process_time()
    app.exec()
    cpu = time.process_time() - cpu
    scheduler.stop()
    watcher.stop()
    Path(config["out"]).write_text(
        json.dumps(
            {
                "name": name,
                "made": made,
                "exchanges": len(exchanges),
                "cpu_s": round(cpu, 1),
                "errors": errors[:5],
                "error_count": len(errors),
                **watcher.report(),
            }
        ),
        encoding="utf-8",
    )
    db.close()


def _at(when_monotonic: float, action: Any) -> None:
    from PySide6.QtCore import QTimer

    QTimer.singleShot(max(0, round((when_monotonic - time.monotonic()) * 1000)), action)


def _registrations(db: Database, event_id: str) -> int:
    with db.session() as session:
        return int(
            session.connection()
            .exec_driver_sql("SELECT COUNT(*) FROM registration WHERE event_id = ?", (event_id,))
            .scalar()
            or 0
        )


class Member:
    """A member's process, its stdout read on a thread (the hub window keeps its loop running)."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        env = {
            k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")
        }
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--member", json.dumps(config)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def ready(self) -> bool:
        try:
            line = self.lines.get_nowait()
        except queue.Empty:
            if self.process.poll() is not None:
                ended = f"{self.config['name']} ended ({self.process.returncode})"
                raise RuntimeError(ended) from None
            return False
        return '"ready"' in line

    def go(self, at: float) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"go {at}\n")
        self.process.stdin.flush()

    def result(self, timeout: float) -> dict[str, Any]:
        code = self.process.wait(timeout=timeout)
        if code != 0:
            raise RuntimeError(f"{self.config['name']} exited with {code}")
        return dict(json.loads(Path(self.config["out"]).read_text(encoding="utf-8")))

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


# --------------------------------------------------------------------------- the hub's window


def scan_and_type(desk: Any, numbers: list[int], pace: float, words: list[str]) -> dict[str, Any]:
    """The clerk's day at the hub desk: one scan every ``pace`` seconds, and after each scan a name
    typed letter by letter for the next person (then cleared), the event loop running between."""
    from tests.perf.window_timing import idle_until, time_scan, time_typing

    scans: list[float] = []
    keys: list[float] = []
    started = time.monotonic()
    late = 0
    for index, number in enumerate(numbers):
        due = started + index * pace
        if time.monotonic() > due + pace:
            late += 1  # the clerk could not keep the pace (the window was slower than the queue)
        idle_until(due)
        scans.append(time_scan(desk, nip(number)))
        keys += time_typing(desk, words[index % len(words)])
        desk.window.checkin.search.clear()
    return {"scans": scans, "keys": keys, "late": late, "seconds": time.monotonic() - started}


def typed_words(count: int) -> list[str]:
    rng = random.Random(17)
    return [rng.choice(LAST)[:4].lower() for _ in range(count)]


def window_figures(run: dict[str, Any]) -> dict[str, Any]:
    from tests.perf.window_timing import summary

    return {
        "keystroke_to_results_ms": summary(run["keys"]),
        "scan_to_green_card_ms": summary(run["scans"]),
        "scans_behind_pace": run["late"],
    }


def measure_reference(folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    from tests.perf.window_timing import open_window, sign_in_and_wait

    db, _ = build_event_desk(folder, "Meja Rujukan", args.registered)
    db.close()
    _app, db, desk = open_window(folder)
    try:
        sign_in_and_wait(desk, name=ADMIN, pin=PIN)
        run = scan_and_type(
            desk, list(range(args.reference)), args.pace, typed_words(args.reference)
        )
    finally:
        desk.close()
        db.close()
    return window_figures(run)


def host_from_window(desk: Any, port: int) -> Any:
    from tests.perf.window_timing import wait_for

    venue = desk.controller.venue
    venue.host()
    if not wait_for(venue.hosting_changed, lambda running: running is not None, 30_000):
        raise RuntimeError(f"the window did not start the hub: {desk.window.sync.venue_message}")
    return venue.running


def relay_until_done(desk: Any, hq: HqProcess, expected: int) -> int:
    """The operator's "Sinkronkan sekarang" on the hub until HQ holds what the venue made."""
    from tests.perf.window_timing import wait_for

    scheduler = desk.controller.sync
    for _ in range(10):
        if hq.stats()["checkins"] >= expected:
            break
        if scheduler.task is None:
            scheduler.sync(force=True)
        wait_for(scheduler.finished, lambda _report: True, 120_000)
    return int(hq.stats()["checkins"])


def propagation(reports: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """For every check-in and every desk that did not make it: receiver's first sight - ``at``."""
    rows: dict[str, tuple[str, str]] = {}
    for report in reports.values():
        rows.update({k: (v[0], v[1]) for k, v in report["rows"].items()})
    delays: list[float] = []
    missing = 0
    for checkin_id, (at, maker) in rows.items():
        made = datetime.fromisoformat(at).replace(tzinfo=UTC).timestamp()
        for receiver, report in reports.items():
            if receiver == maker:
                continue
            seen = report["seen"].get(checkin_id)
            if seen is None:
                missing += 1
            else:
                delays.append((seen - made) * 1000)
    from tests.perf.window_timing import summary

    figures: dict[str, Any] = summary(delays) if delays else {"n": 0}
    figures["missing"] = missing
    figures["checkins"] = len(rows)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--desks", type=int, default=4, help="check-in desks, the hub included")
    parser.add_argument("--people", type=int, default=500, help="check-ins per desk")
    parser.add_argument("--pace", type=float, default=0.4, help="seconds between two scans")
    parser.add_argument("--reference", type=int, default=80, help="scans of the reference run")
    parser.add_argument("--registered", type=int, default=5000)
    args = parser.parse_args()
    if args.desks * args.people > args.registered:
        parser.error("--registered must cover --desks x --people")
    result = run(args)
    print(json.dumps(result))


def run(args: argparse.Namespace) -> dict[str, Any]:
    from desktop.core.sync.enrollment import enroll
    from desktop.services.venue import PORT_SETTING
    from tests.perf.window_timing import (
        KEYSTROKE_P95_MS,
        SCAN_P95_MS,
        idle_until,
        open_window,
        sign_in_and_wait,
    )

    total = args.desks * args.people
    members: list[Member] = []
    with tempfile.TemporaryDirectory(prefix="hadir-bench-venue-") as tmp:
        base = Path(tmp)
        hq = HqProcess(database=base / "hq.db")
        hq.start()
        assert hq.process is not None
        os.setpriority(os.PRIO_PROCESS, hq.process.pid, MEMBER_NICENESS)  # HQ is far away
        try:
            # --reference 0 (the smoke test): no reference run, the venue only.
            reference = measure_reference(base / "reference", args) if args.reference else None
            built = time.perf_counter()
            hub_db, event_id = build_event_desk(base / "hub", "Meja 1", args.registered)
            enroll(hub_db, server_url=hq.url, code=hq.enrollment_code(OFFICE), desk_name="Meja 1")
            port = free_port()
            with hub_db.write() as session:
                set_setting(session=session, key=PORT_SETTING, value=str(port))
            hub_db.close()
            _app, db, desk = open_window(base / "hub")
            hub_watcher = Watcher(db)
            try:
                sign_in_and_wait(desk, name=ADMIN, pin=PIN)
                running = host_from_window(desk, port)
                for number in range(1, args.desks):
                    members.append(
                        Member(
                            {
                                "folder": str(base / f"meja{number + 1}"),
                                "name": f"Meja {number + 1}",
                                "hub": f"http://127.0.0.1:{port}",
                                "code": running.pair_code,
                                "event_id": event_id,
                                "registered": args.registered,
                                "first": number * args.people,
                                "people": args.people,
                                "pace": args.pace,
                                "total": total,
                                "linger": 60.0,
                                "out": str(base / f"meja{number + 1}.json"),
                            }
                        )
                    )
                waiting = set(range(len(members)))
                deadline = time.monotonic() + 300
                while waiting:
                    waiting = {i for i in waiting if not members[i].ready()}
                    if time.monotonic() > deadline:
                        raise RuntimeError("the members did not get ready")
                    idle_until(time.monotonic() + 0.1)
                setup_s = time.perf_counter() - built
                go = time.time() + 1.0
                for member in members:
                    member.go(go)
                hub_watcher.start()
                idle_until(time.monotonic() + (go - time.time()))
                hub_cpu = time.process_time()
                serving = scan_and_type(
                    desk, list(range(args.people)), args.pace, typed_words(args.people)
                )
                hub_cpu = time.process_time() - hub_cpu
                at_hq_when_done = int(hq.stats()["checkins"])
                # The members' last check-ins reach the hub within their next exchange or two.
                deadline = time.monotonic() + 60
                while len(hub_watcher.seen) < total and time.monotonic() < deadline:
                    idle_until(time.monotonic() + 0.1)
                reports = {"Meja 1": hub_watcher.report()}
                for member in members:
                    got = member.result(timeout=120)
                    reports[got["name"]] = got
                hub_watcher.stop()
                reports["Meja 1"] = hub_watcher.report()
                at_hq = relay_until_done(desk, hq, total)
            finally:
                for member in members:
                    member.kill()
                desk.close()
                db.close()
            per_desk = dict(hq.query("SELECT desk_name, COUNT(*) FROM checkin GROUP BY desk_name"))
            ((ids, people),) = hq.query(
                "SELECT COUNT(DISTINCT id), COUNT(DISTINCT participant_id || '/' || day) "
                "FROM checkin"
            )
        finally:
            hq.kill()
            hq.stop()
    spread = propagation(reports)
    held = {name: len(report["seen"]) for name, report in reports.items()}
    hub_serving = window_figures(serving)
    result: dict[str, Any] = {
        "bench": "venue",
        "desks": args.desks,
        "hub": "Meja 1, one of the desks (its window serves and scans)",
        "people_per_desk": args.people,
        "pace_s": args.pace,
        "registered": args.registered,
        "propagation_ms": spread,
        "watch_interval_ms": round(WATCH_S * 1000),
        "held_per_desk": held,
        "hub_window": {"serving": hub_serving, "reference": reference},
        "hq": {
            "checkins": at_hq,
            "distinct_ids": ids,
            "distinct_people_days": people,
            "per_desk": per_desk,
            "at_hq_when_scanning_ended": at_hq_when_done,
        },
        "hub_cpu_s_while_scanning": round(hub_cpu, 1),
        "members": {
            name: {
                "exchanges": r.get("exchanges"),
                "errors": r.get("error_count"),
                "cpu_s": r.get("cpu_s"),
            }
            for name, r in reports.items()
            if name != "Meja 1"
        },
        "hub_scanning_s": round(serving["seconds"], 1),
        "setup_s": round(setup_s, 1),
        "targets": {
            "propagation_p95_ms": PROPAGATION_P95_MS,
            "keystroke_p95_ms": KEYSTROKE_P95_MS,
            "scan_p95_ms": SCAN_P95_MS,
            "hq_checkins": total,
        },
    }
    result["pass"] = bool(
        spread["missing"] == 0
        and spread.get("p95", 1e9) <= PROPAGATION_P95_MS
        and all(count == total for count in held.values())
        and hub_serving["keystroke_to_results_ms"]["p95"] <= KEYSTROKE_P95_MS
        and hub_serving["scan_to_green_card_ms"]["p95"] <= SCAN_P95_MS
        and at_hq == total
        and ids == total
        and people == total
        and all(per_desk.get(f"Meja {n}") == args.people for n in range(1, args.desks + 1))
    )
    return result


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--member":
        member_main(json.loads(sys.argv[2]))
    else:
        main()
