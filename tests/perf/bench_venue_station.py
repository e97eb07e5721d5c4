"""Benchmark: a phone's check-ins through the venue hub's station door (issue 17 item 7).

Prints ONE JSON line. What is timed: one check-in by NIP, from the station's sealed call leaving
to its sealed answer opened (HTTP on loopback, the hub's ThreadingHTTPServer, secretbox both ways,
the station looked up in the database, the desk's ``check_in_entry`` with its audit line and
outbox item, the day's count), and the search a station sends as its clerk types. The same-run
reference is the desk's own scan field: ``check_in_entry`` called directly on the same database
for other people. Target: a station's check-in p95 within 50 ms of the desk's own (a scanner at a
phone feels no slower than at the desk) and under 100 ms.

    .venv/bin/python tests/perf/bench_venue_station.py [--people 2000] [--checkins 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop.core.desk import desk_identity  # noqa: E402
from desktop.services import checkin, station, venue  # noqa: E402
from tests.keyring_backend import use_for_this_process  # noqa: E402
from tests.sync.helpers import free_port, nip, register  # noqa: E402
from tests.sync.test_venue_station import Page, _desk, _event_today  # noqa: E402

use_for_this_process()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--checkins", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = _desk(Path(folder) / "hub", "Meja Hub")
        event_id = _event_today(db)
        register(db, event_id, range(args.people))
        running = venue.host(db, bind="127.0.0.1", port=free_port(), operator="admin")
        try:
            page = Page(station.add_station(db, name="HP 1", operator="admin")["url"])
            with db.session() as session:
                desk = desk_identity(session=session)
            desk_ms, station_ms, search_ms = [], [], []
            for number in range(args.checkins):
                t0 = time.perf_counter()
                checkin.check_in_entry(
                    db, event_id=event_id, day=1, entry=nip(number), desk=desk, operator="petugas"
                )
                desk_ms.append((time.perf_counter() - t0) * 1000)
            for number in range(args.checkins, 2 * args.checkins):
                t0 = time.perf_counter()
                answer = page.call("checkin", {"event": event_id, "day": 1, "entry": nip(number)})
                station_ms.append((time.perf_counter() - t0) * 1000)
                assert answer["outcome"] == "checked_in", answer
            for number in range(100):
                t0 = time.perf_counter()
                page.call("search", {"event": event_id, "query": f"Peserta {number}"})
                search_ms.append((time.perf_counter() - t0) * 1000)
        finally:
            running.stop()
            db.close()
    result = {
        "bench": "venue_station",
        "people": args.people,
        "checkins": args.checkins,
        "desk_checkin_p50_ms": round(statistics.median(desk_ms), 2),
        "desk_checkin_p95_ms": round(percentile(desk_ms, 0.95), 2),
        "station_checkin_p50_ms": round(statistics.median(station_ms), 2),
        "station_checkin_p95_ms": round(percentile(station_ms, 0.95), 2),
        "station_search_p95_ms": round(percentile(search_ms, 0.95), 2),
    }
    result["pass"] = (
        result["station_checkin_p95_ms"] <= result["desk_checkin_p95_ms"] + 50
        and result["station_checkin_p95_ms"] < 100
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
