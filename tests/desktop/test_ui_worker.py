"""The background helper: values and failures arrive on the main thread; cancel stops work; a
stale result never overwrites a newer one."""

from __future__ import annotations

import subprocess
import sys
import threading

from PySide6.QtCore import QThread

from desktop.core.errors import HadirError
from desktop.core.identity import IdentityError, parse_identity
from desktop.ui import i18n
from desktop.ui.worker import LatestOnly, Runner, TaskContext, Workers


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


def test_work_without_a_failure_path_reports_through_the_workers(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Neither a task submitted without ``on_failure`` nor a LatestOnly without one ends in a log
    line only: both arrive on ``Workers.failed``, which the window shows on the status bar."""
    workers = Workers()
    failed: list[tuple[str, str]] = []
    workers.failed.connect(lambda name, error: failed.append((name, str(error))))

    def fail(_ctx: TaskContext) -> None:
        raise HadirError("the list is gone", code="not_found")

    task = workers.writes.submit(fail, name="save-list")
    qtbot.waitUntil(lambda: task.done)
    latest: LatestOnly[None] = LatestOnly(workers.reads, lambda _request: fail)
    latest.request("a")
    qtbot.waitUntil(lambda: len(failed) == 2)
    assert failed == [("save-list", "the list is gone"), ("latest-only", "the list is gone")]
    workers.shutdown()


def test_a_plain_value_error_is_a_bug_logged_and_shown_as_unexpected(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    """IdentityError is one of the HadirError family (a sentence the clerk can act on, no
    traceback); a plain ValueError is a bug: its traceback is logged, the clerk told it was
    unexpected rather than shown its English."""
    runner = Runner("test")
    errors: list[Exception] = []

    def bug(_ctx: TaskContext) -> None:
        int("12 orang")  # a real ValueError, as a slip in the code would raise it

    def bad_number(_ctx: TaskContext) -> None:
        parse_identity("19860926201505100")

    with caplog.at_level("ERROR", logger="desktop.ui.worker"):
        for work in (bug, bad_number):
            task = runner.submit(work, on_failure=errors.append)
            qtbot.waitUntil(lambda: task.done)  # noqa: B023 (waited for before the next)
    runner.shutdown()
    value_error, identity_error = errors
    assert isinstance(identity_error, IdentityError) and isinstance(identity_error, HadirError)
    assert identity_error.code == "bad_length" and identity_error.params["length"] == 17
    logged = [r for r in caplog.records if r.exc_info]
    assert [type(r.exc_info[1]) for r in logged] == [ValueError]  # type: ignore[index]
    assert "tak terduga (ValueError)" in i18n.error_text(value_error)
    assert "12 orang" not in i18n.error_text(value_error)
    assert i18n.error_text(identity_error) == i18n.code_text("bad_length", identity_error.params)


def test_an_offices_broken_header_list_still_reads_as_advice(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The core's deliberate refusals stay sentences the clerk can act on, not "unexpected": an
    office's mistyped import-headers.toml names the file and the section."""
    from desktop.core.importers import preregistration

    broken = tmp_path / "import-headers.toml"
    broken.write_text('[pekerjaan]\nheaders = ["Pekerjaan"]\n', encoding="utf-8")
    try:
        preregistration.load_header_vocabulary(broken)
    except ValueError as error:
        refused: Exception = error
    assert isinstance(refused, HadirError)
    text = i18n.error_text(refused)
    assert text.startswith("Tidak dapat dilakukan:") and "[pekerjaan]" in text


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
