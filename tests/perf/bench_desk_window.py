"""The desk window at 200,000 participants: how fast it answers the clerk.

Run: ``QT_QPA_PLATFORM=offscreen python tests/perf/bench_desk_window.py`` (or ``make bench``).
Builds a demo desk with 200,000 participants (50,000 already present) in a temporary folder with
``create_demo``, then prints ONE JSON line:

- ``keystroke_to_results_ms``: from a key pressed in the search box (typing names and NIP prefixes,
  one key at a time as a person types) to the matches shown in the list; p95 target <= 50 ms;
- ``keystroke_after_scan_ms``: the same, for a name typed right after a scan (the queue at eight);
- ``scan_to_green_card_ms``: from the scanner's Enter after a NIP to the green "HADIR" card, the
  check-in committed to disk (synchronous=FULL); p95 target <= 100 ms;
- ``start_to_usable_ms``: a fresh process, from its start to the check-in screen ready on that data
  (window shown, operator signed in by PIN, the last event opened, the day's counter shown and a
  first search answered); target <= 3,000 ms. ``start_to_signin_ms`` is the part up to the
  sign-in page;
- ``participants_view``: loading all 200,000 rows into the participants view and filtering them,
  both off the UI thread, and the longest the UI thread went without running a 10 ms timer
  meanwhile (``ui_longest_stall_ms``: the window never freezes if this stays small).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# As ``hadir`` starts: the desk's Qt-free core before Qt (see desktop/app.py's imports).
import desktop.app  # noqa: E402, F401, I001

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from sqlalchemy import text  # noqa: E402

from desktop.core.db import Database  # noqa: E402
from desktop.core.demo import create_demo  # noqa: E402
from desktop.core.desk import desk_identity, set_setting  # noqa: E402
from tests.keyring_backend import use_for_this_process  # noqa: E402
from tests.perf import window_timing  # noqa: E402
from tests.perf.window_timing import (  # noqa: E402
    open_window,
    summary,
    time_scan,
    time_typing,
    wait_for,
)

# The desk's key in a keyring, as on an office laptop (tests/keyring_backend.py).
use_for_this_process()

PARTICIPANTS = 200_000
ATTENDED = 50_000
ADMIN, PIN = "Koordinator", "918273"
QUERIES = 40  # words typed letter by letter
SCANS = 200
TARGETS = {
    "keystroke_p95_ms": window_timing.KEYSTROKE_P95_MS,
    "scan_p95_ms": window_timing.SCAN_P95_MS,
    "start_ms": 1000,  # issue 20 (issue 3: 3,000)
}


def build(folder: Path) -> tuple[list[str], list[str]]:
    """The desk, its admin and the 200,000-person demo event; NIPs not yet present, and names."""
    from desktop.services.desk import LAST_EVENT, first_start

    db = Database(folder)
    first_start(db, office_code="SULTENG", desk_name="Meja 1", admin_name=ADMIN, pin=PIN)
    with db.write() as session:
        desk = desk_identity(session=session)
        event_id = create_demo(
            session=session, desk=desk, participants=PARTICIPANTS, attended=ATTENDED
        ).event_id
        set_setting(session=session, key=LAST_EVENT, value=event_id)
    with db.session() as session:
        connection = session.connection()
        nips = [
            n
            for (n,) in connection.execute(
                text(
                    "SELECT p.nip FROM participant p WHERE NOT EXISTS "
                    "(SELECT 1 FROM checkin c WHERE c.participant_id = p.id) LIMIT 5000"
                )
            )
        ]
        names = [
            n
            for (n,) in connection.execute(
                text("SELECT full_name FROM participant ORDER BY random() LIMIT 2000")
            )
        ]
    db.close()
    return nips, names


def sign_in_and_wait(desk) -> None:  # type: ignore[no-untyped-def]
    window_timing.sign_in_and_wait(desk, name=ADMIN, pin=PIN)


def child_start(folder: Path, started: float) -> None:
    """In a fresh process: time to the sign-in page, then to the check-in screen ready."""
    _app, db, desk = open_window(folder)
    QTest.qWaitForWindowExposed(desk.window)
    at_signin = time.time() - started
    sign_in_and_wait(desk)
    search = desk.window.checkin.search
    search.setText("dewi")
    if not wait_for(desk.controller.checkin.results_shown, lambda q: q == "dewi"):
        raise RuntimeError("no first search")
    ready = time.time() - started
    print(json.dumps({"signin_ms": at_signin * 1000, "ready_ms": ready * 1000}))
    desk.close()
    db.close()


def measure_start(folder: Path) -> dict[str, float]:
    best: dict[str, float] | None = None
    for _ in range(3):  # the best of three cold-ish starts: the OS file cache is warm after one
        started = time.time()
        out = subprocess.run(
            [sys.executable, __file__, "--child-start", str(folder), str(started)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        run = json.loads(out.stdout.strip().splitlines()[-1])
        if best is None or run["ready_ms"] < best["ready_ms"]:
            best = run
    assert best is not None
    return best


def measure_keystrokes(desk, names: list[str], nips: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    words = []
    for name in rng.sample(names, QUERIES):
        core = name.split(",")[0].replace("Dr. ", "").replace("H. ", "").replace("Hj. ", "")
        words.append(" ".join(core.split()[:2]).lower())
    words += [n[:8] for n in rng.sample(nips, 10)]
    timings: list[float] = []
    for word in words:
        desk.window.checkin.search.clear()
        timings += time_typing(desk, word)
    desk.window.checkin.search.clear()
    return timings


def measure_scans(desk, nips: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    return [time_scan(desk, nip) for nip in nips[:SCANS]]


def measure_participants(desk) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Open the participants view (200,000 rows loaded off the UI thread), then filter it; meanwhile
    a 10 ms timer on the UI thread records the longest gap between its ticks: the longest moment
    the window could not have answered a key."""
    controller = desk.controller.participants
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    started = time.perf_counter()
    desk.window.show_screen("participants")
    if not wait_for(controller.loaded, lambda: True, 60_000):
        raise RuntimeError("the participants did not load")
    loaded = time.perf_counter() - started
    filter_started = time.perf_counter()
    desk.window.participants.filter.setText("dewi")
    if not wait_for(controller.filtered, lambda: True, 30_000):
        raise RuntimeError("the filter did not apply")
    filtered = time.perf_counter() - filter_started
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    desk.window.show_screen("checkin")
    return {
        "load_ms": round(loaded * 1000),
        "filter_ms": round(filtered * 1000),
        "ui_longest_stall_ms": round(max(gaps) * 1000, 1) if gaps else 0.0,
    }


def measure_typing_after_scans(desk, nips: list[str], names: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    """The queue at eight: a scan, then at once a name typed for the next person (while the day's
    counter is being recounted in the background)."""
    rng = random.Random(11)
    timings: list[float] = []
    for nip, name in zip(nips, rng.sample(names, len(nips)), strict=False):
        time_scan(desk, nip)
        timings += time_typing(desk, name.split(",")[0].split()[-1].lower()[:4])
        desk.window.checkin.search.clear()
    return timings


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hadir-bench-desk-") as tmp:
        folder = Path(tmp) / "desk"
        built = time.perf_counter()
        nips, names = build(folder)
        build_s = time.perf_counter() - built
        start = measure_start(folder)
        _app, db, desk = open_window(folder)
        sign_in_and_wait(desk)
        keys = measure_keystrokes(desk, names, nips[SCANS + 50 :])
        scans = measure_scans(desk, nips)
        mixed = measure_typing_after_scans(desk, nips[SCANS : SCANS + 50], names)
        participants = measure_participants(desk)
        desk.close()
        db.close()
    result = {
        "bench": "desk_window",
        "participants": PARTICIPANTS,
        "keystroke_to_results_ms": summary(keys),
        "scan_to_green_card_ms": summary(scans),
        "keystroke_after_scan_ms": summary(mixed),
        "start_to_signin_ms": round(start["signin_ms"]),
        "start_to_usable_ms": round(start["ready_ms"]),
        "participants_view": participants,
        "build_demo_s": round(build_s, 1),
        "targets": TARGETS,
    }
    result["pass"] = bool(
        result["keystroke_to_results_ms"]["p95"] <= TARGETS["keystroke_p95_ms"]  # type: ignore[index]
        and result["scan_to_green_card_ms"]["p95"] <= TARGETS["scan_p95_ms"]  # type: ignore[index]
        and result["start_to_usable_ms"] <= TARGETS["start_ms"]  # type: ignore[operator]
    )
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child-start":
        child_start(Path(sys.argv[2]), float(sys.argv[3]))
    else:
        main()
