"""How the benchmarks time the desk window's check-in screen (one home for bench_desk_window.py and
bench_venue.py): a key pressed in the search box to the matches painted, and a scanner's Enter to
the green "HADIR" card painted (the check-in committed). Qt's offscreen platform; the caller sets
QT_QPA_PLATFORM before importing Qt."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer, SignalInstance
from PySide6.QtTest import QTest

from desktop.core.db import Database
from desktop.core.registry import searchable

# The check-in screen's targets (issue 2; bench_desk_window.py measures them at 200,000 people).
KEYSTROKE_P95_MS = 50
SCAN_P95_MS = 100


def wait_for(signal: SignalInstance, accept: Callable[..., bool], timeout_ms: int = 10_000) -> bool:
    """Block in an event loop (not a busy loop: the workers need the CPU) until ``signal`` fires
    with arguments ``accept`` likes."""
    loop = QEventLoop()
    hit = [False]

    def check(*args: object) -> None:
        if accept(*args):
            hit[0] = True
            loop.quit()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    signal.connect(check)
    timer.start(timeout_ms)
    loop.exec()
    timer.stop()
    signal.disconnect(check)
    return hit[0]


def idle_until(deadline: float) -> None:
    """Let the window's event loop run (timers, workers' answers, a hub's members) until the
    ``time.monotonic()`` deadline: the clerk between two people."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return
    loop = QEventLoop()
    QTimer.singleShot(max(1, round(remaining * 1000)), loop.quit)
    loop.exec()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 1),
        "p95": round(percentile(values, 95), 1),
        "max": round(max(values), 1),
    }


def open_window(folder: Path) -> tuple[Any, Database, Any]:
    """The real window on ``folder`` (as ``hadir`` builds it), shown at 1280x800, its loops on."""
    from desktop.app import application, build_desk

    app = application()
    db = Database(folder)
    desk = build_desk(db, lang="id")
    desk.window.resize(1280, 800)
    desk.window.show()
    desk.controller.start()
    return app, db, desk


def sign_in_and_wait(desk: Any, *, name: str, pin: str) -> None:
    """Sign in by PIN and wait for the last event opened and the day's counter shown."""
    view = desk.window.signin
    view.name.setText(name)
    view.pin.setText(pin)
    view.submitted.emit()
    if not wait_for(desk.controller.event_opened, lambda _e: True, 30_000):
        raise RuntimeError("the last event did not open")
    checkin = desk.window.checkin
    deadline = time.monotonic() + 30
    while "/" not in checkin.counter.text() and time.monotonic() < deadline:
        wait_for(desk.controller.checkin.card_changed, lambda _k: True, 20)


def time_typing(desk: Any, word: str) -> list[float]:
    """Type ``word`` into the search box one key at a time as a person types; for each key that
    makes a searchable text, ms from the key to the matches painted."""
    search, controller = desk.window.checkin.search, desk.controller.checkin
    timings: list[float] = []
    for char in word:
        before = time.perf_counter()
        QTest.keyClick(search, char)
        typed = search.text().strip()
        if not searchable(typed):
            continue
        if not wait_for(controller.results_shown, lambda q, t=typed: q == t):
            raise RuntimeError(f"no results for {typed!r}")
        desk.window.checkin.matches.repaint()  # "shown": painted, not only handed to Qt
        timings.append((time.perf_counter() - before) * 1000)
    return timings


def time_scan(desk: Any, nip: str) -> float:
    """The scanner types ``nip`` (not timed) and Enter: ms to the green "HADIR" card painted for
    that person, the check-in committed to disk. Raises on any other card."""
    search, controller, card = (
        desk.window.checkin.search,
        desk.controller.checkin,
        desk.window.checkin.card,
    )
    QTest.keyClicks(search, nip)
    before = time.perf_counter()
    QTest.keyClick(search, Qt.Key.Key_Return)
    if not wait_for(controller.card_changed, lambda kind: kind == "result"):
        raise RuntimeError(f"no card for {nip}")
    card.repaint()
    elapsed = (time.perf_counter() - before) * 1000
    if card.status.text() != "HADIR" or card.number.text().replace(" ", "") != nip:
        raise RuntimeError(f"unexpected card for {nip}: {card.status.text()}")
    return elapsed
