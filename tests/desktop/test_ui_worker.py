"""The background helper: values and failures arrive on the main thread; cancel stops work; a
stale result never overwrites a newer one."""

from __future__ import annotations

import subprocess
import sys
import threading

from PySide6.QtCore import QThread

from desktop.ui.worker import LatestOnly, Runner, TaskContext


def test_result_and_failure_arrive_on_the_main_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = Runner("test")
    main = QThread.currentThread()
    seen: list[object] = []

    def work(_ctx: TaskContext) -> threading.Thread:
        return threading.current_thread()

    task = runner.submit(
        work, on_success=lambda t: seen.append((t, QThread.currentThread() is main))
    )
    qtbot.waitUntil(lambda: task.done)
    worker_thread, on_main = seen[0]  # type: ignore[misc]
    assert worker_thread is not threading.main_thread() and on_main

    def fail(_ctx: TaskContext) -> None:
        raise ValueError("no")

    errors: list[Exception] = []
    task = runner.submit(fail, on_failure=errors.append)
    qtbot.waitUntil(lambda: task.done)
    assert isinstance(errors[0], ValueError)
    runner.shutdown()


def test_cancel_stops_at_the_next_progress_report(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = Runner("test")
    started, release = threading.Event(), threading.Event()
    reached: list[int] = []

    def work(ctx: TaskContext) -> str:
        started.set()
        release.wait(5)
        for n in range(100):
            ctx.progress(n, 100)
            reached.append(n)
        return "finished"

    outcome: list[str] = []
    task = runner.submit(
        work, on_success=outcome.append, on_cancel=lambda: outcome.append("cancelled")
    )
    assert started.wait(5)
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: task.done)
    assert outcome == ["cancelled"] and reached == []
    runner.shutdown()


def test_latest_only_drops_stale_results(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = Runner("test")
    gates = {"a": threading.Event(), "ab": threading.Event(), "abc": threading.Event()}
    ran: list[str] = []

    def make(query: str):  # type: ignore[no-untyped-def]
        def work(_ctx: TaskContext) -> str:
            gates[query].wait(5)
            ran.append(query)
            return query.upper()

        return work

    latest: LatestOnly[str] = LatestOnly(runner, make)
    delivered: list[tuple[str, str]] = []
    latest.delivered.connect(lambda request, result: delivered.append((request, result)))
    latest.request("a")  # runs at once
    latest.request("ab")  # waits; replaced by the next
    latest.request("abc")
    gates["a"].set()
    gates["abc"].set()
    qtbot.waitUntil(lambda: delivered == [("abc", "ABC")])
    assert ran == ["a", "abc"]  # "ab" never ran; "a"'s result was dropped
    assert not latest.busy
    runner.shutdown()


def test_the_window_services_do_not_import_qt() -> None:
    code = (
        "import sys, desktop.services.checkin, desktop.services.people, "
        "desktop.services.imports, desktop.services.events, desktop.services.desk; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
