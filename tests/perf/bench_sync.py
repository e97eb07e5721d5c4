"""Benchmark: one desk syncs to a real HQ, on loopback and over a simulated slow link.

Prints ONE JSON line. Targets (issue 20 rows 5 and 6; issue 6 item 9 asked for 10 s, 400 B, 60 s):
- 10,000 check-ins with their participants (and registrations, and the event: 30,001 outbox
  items) from one desk to HQ on loopback in <= 2 s, with <= 120 bytes on the wire per check-in,
  both directions counted;
- 1,000 check-ins with their participants (3,001 items) over a 64 kbit/s link with 300 ms latency
  each way in <= 20 s.

What is timed: one ``run_sync`` (push everything, pull, reconcile), from call to return, with HQ
(``hadir-hq serve``, SQLite, the embedded default) already running. The desk's records are made
beforehand with the desk's own services (a list import and check-ins), as a day at the desk would.
Bytes are counted by the test proxy the desk talks through: request and response lines, headers
and bodies (TCP/IP overhead not included). The slow link is the same proxy delaying each message by
the latency plus its size at 8,000 bytes/s, in each direction.

The same-run references: on loopback, HQ alone (the desk's very push bodies, as recorded by the
proxy, posted in order to a second HQ with no desk around them: what the desk's own bookkeeping
adds is the difference); on the slow link, the link alone (the bytes that crossed it at 8,000
bytes/s plus 600 ms per exchange: what HQ and the desk add is the difference).

    .venv/bin/python tests/perf/bench_sync.py [--checkins 10000] [--slow-checkins 1000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.core.db import Database  # noqa: E402
from desktop.core.desk import desk_identity  # noqa: E402
from desktop.core.importers.preregistration import import_preregistration  # noqa: E402
from desktop.core.sync.run import run_sync  # noqa: E402
from sync.protocol import COMPACT_ANSWER_HEADER  # noqa: E402
from tests.keyring_backend import use_for_this_process  # noqa: E402
from tests.sync.helpers import HqProcess, check_in, make_desk, make_event, nip  # noqa: E402
from tests.sync.proxy import FaultProxy, Link  # noqa: E402

# The desk's key in a keyring, as on an office laptop (tests/keyring_backend.py).
use_for_this_process()


def _desk_with_a_day(
    folder: Path, hq: HqProcess, proxy: FaultProxy, checkins: int, office: str
) -> Database:
    # The desk's default timeouts and backoff (the tests' helper shortens them).
    defaults = {
        "sync_retry_for_seconds": "30",
        "sync_read_timeout_seconds": "60",
        "sync_connect_timeout_seconds": "10",
        "sync_backoff_base_seconds": "2",
        "sync_backoff_cap_seconds": "300",
    }
    db = make_desk(folder, hq=hq, server_url=proxy.url, settings=defaults, office=office)
    event_id = make_event(db)
    listing = folder / "list.csv"
    rows = [
        f"Peserta Nomor {n},{nip(n)},Pemerintah Kota Palu,Analis Kebijakan\n"
        for n in range(checkins)
    ]
    listing.write_text("nama,nip,instansi,jabatan\n" + "".join(rows), encoding="utf-8")
    with db.write() as session:
        desk = desk_identity(session=session)
        report = import_preregistration(
            session=session, event_id=event_id, desk_id=desk.desk_id, path=listing
        )
        assert report.imported == checkins, report
    with db.session() as session:
        people = [
            row[0]
            for row in session.connection()
            .exec_driver_sql(
                "SELECT participant_id FROM registration WHERE event_id = ?", (event_id,)
            )
            .all()
        ]
    check_in(db, event_id, people)
    return db


def _measure(db: Database, proxy: FaultProxy, checkins: int) -> dict[str, float | int | bool]:
    up, down = proxy.counters.up, proxy.counters.down
    started = time.perf_counter()
    report = run_sync(db)
    seconds = time.perf_counter() - started
    wire = proxy.counters.up - up + proxy.counters.down - down
    items = 1 + 3 * checkins
    return {
        "seconds": round(seconds, 2),
        "ok": report.outcome == "ok" and report.pending == 0 and report.pushed == items,
        "all_at_hq": report.all_at_hq,
        "items": items,
        "bytes_on_wire": wire,
        "bytes_per_checkin": round(wire / checkins, 1),
        "bytes_per_item": round(wire / items, 1),
        "requests": proxy.counters.requests,
    }


LOOPBACK_SECONDS, BYTES_PER_CHECKIN, SLOW_SECONDS = 2.0, 120.0, 20.0  # issue 20's targets
LATENCY, BYTES_PER_SECOND = 0.3, 8000


def _hq_alone(folder: Path, bodies: list[bytes], office: str) -> float:
    """Seconds for a fresh HQ to take the desk's push bodies in order, posted by plain HTTP."""
    from sync.ed25519 import PrivateKey
    from sync.seal_format import b64encode, key_id_for, raw_public_key

    hq = HqProcess(database=folder / "hq-alone.db")
    hq.start()
    try:
        key = PrivateKey.generate()
        enrolled = requests.post(
            f"{hq.url}/api/v1/enroll",
            json={
                "code": hq.enrollment_code(office),
                "desk_name": "Meja rujukan",
                "desk_id": str(uuid.uuid4()),
                "key_id": key_id_for(key.public_key()),
                "public_key": b64encode(raw_public_key(key.public_key())),
            },
            timeout=30,
        )
        enrolled.raise_for_status()
        headers = {
            "Authorization": f"Bearer {enrolled.json()['token']}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            COMPACT_ANSWER_HEADER: "1",
        }
        with requests.Session() as http:
            started = time.perf_counter()
            for body in bodies:
                answer = http.post(f"{hq.url}/api/v1/push", data=body, headers=headers, timeout=60)
                answer.raise_for_status()
                assert not answer.json()["others"], answer.text[:500]
            return time.perf_counter() - started
    finally:
        hq.kill()
        hq.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkins", type=int, default=10_000)
    parser.add_argument("--slow-checkins", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hadir-bench-sync-") as tmp:
        folder = Path(tmp)
        hq = HqProcess(database=folder / "hq.db")
        hq.start()
        try:
            with FaultProxy(hq.port) as proxy:
                fast_desk = _desk_with_a_day(
                    folder / "desk-fast", hq, proxy, args.checkins, "SULTENG"
                )
                proxy.counters.requests = 0
                proxy.record_bodies = True
                loopback = _measure(fast_desk, proxy, args.checkins)
                stored = hq.stats()["checkins"]
                fast_desk.close()
                pushed = [body for path, body in proxy.counters.bodies if path == "/api/v1/push"]
                proxy.record_bodies = False
            with FaultProxy(hq.port) as slow_proxy:
                # Another office's desk: it has only its own day to send, nothing of the first to
                # download (a desk of the same office would pull the first desk's 30,000 records).
                slow_desk = _desk_with_a_day(
                    folder / "desk-slow", hq, slow_proxy, args.slow_checkins, "ACEH"
                )
                slow_proxy.link = Link(bytes_per_second=BYTES_PER_SECOND, latency_seconds=LATENCY)
                slow_proxy.counters.requests = 0
                slow = _measure(slow_desk, slow_proxy, args.slow_checkins)
                slow_desk.close()
        finally:
            hq.kill()
            hq.stop()
        alone = _hq_alone(folder, pushed, "SULTENG")
    link_alone = slow["bytes_on_wire"] / BYTES_PER_SECOND + 2 * LATENCY * slow["requests"]
    result = {
        "benchmark": "sync",
        "checkins": args.checkins,
        "loopback_seconds": loopback["seconds"],
        "loopback_target_seconds": LOOPBACK_SECONDS,
        "loopback_reference_hq_alone_seconds": round(alone, 2),
        "loopback_ratio_to_hq_alone": round(float(loopback["seconds"]) / alone, 2),
        "bytes_per_checkin": loopback["bytes_per_checkin"],
        "bytes_per_checkin_target": BYTES_PER_CHECKIN,
        "bytes_per_item": loopback["bytes_per_item"],
        "loopback_items": loopback["items"],
        "loopback_requests": loopback["requests"],
        "loopback_ok": loopback["ok"] and loopback["all_at_hq"] and stored == args.checkins,
        "slow_checkins": args.slow_checkins,
        "slow_link": "64 kbit/s, 300 ms each way",
        "slow_seconds": slow["seconds"],
        "slow_target_seconds": SLOW_SECONDS,
        "slow_reference_link_alone_seconds": round(link_alone, 2),
        "slow_ratio_to_link_alone": round(float(slow["seconds"]) / link_alone, 2),
        "slow_bytes_per_checkin": slow["bytes_per_checkin"],
        "slow_requests": slow["requests"],
        "slow_ok": slow["ok"] and slow["all_at_hq"],
    }
    result["pass"] = bool(
        result["loopback_ok"]
        and result["slow_ok"]
        and float(loopback["seconds"]) <= LOOPBACK_SECONDS
        and float(loopback["bytes_per_checkin"]) <= BYTES_PER_CHECKIN
        and float(slow["seconds"]) <= SLOW_SECONDS
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
