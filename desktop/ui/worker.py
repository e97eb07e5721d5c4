"""Background work for the window: run a plain function on a worker thread, get its value back on
the main thread through a signal, with progress and cancel.

The function never sees a widget (Anki's ``CollectionOp`` warns that UI calls inside the operation
crash Qt): it gets a ``TaskContext`` for progress and cancel and returns a value. Each function opens
its own short session from the ``Database``; writes go through ``Database.write()``, which holds the
database's write lock, so two writers never race into SQLITE_BUSY.

Signals are emitted on the worker thread by a relay object and delivered by a queued connection to
the ``Task``, which lives on the main thread and re-emits them there; so every callback a controller
connects runs on the main thread.

Every failure reaches the clerk: work submitted without its own ``on_failure`` (and a ``LatestOnly``
without one) reports through its runner's ``unhandled_failure`` signal, which ``Workers`` gathers
into ``failed``; the window shows that on the status bar. A log line alone is never the end of it.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import warnings
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")


class Cancelled(Exception):
    """Raised inside background work when the user cancelled; a write transaction rolls back."""


class TaskContext:
    """What background work may touch: a cancel flag and a progress reporter (both thread-safe)."""

    def __init__(self, report: Callable[[int, int, str], None]) -> None:
        self._cancel = threading.Event()
        self._report = report

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Stop here if the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, label: str = "") -> None:
        """Report progress; also a cancellation point, so long loops stop promptly."""
        self.check()
        self._report(done, total, label)


class _Relay(QObject):
    """Emitted from the worker thread; connected to the Task with a queued connection."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    was_cancelled = Signal()


class Task(QObject, Generic[T]):
    """One piece of background work, as seen from the main thread."""

    progressed = Signal(int, int, str)  # done, total, label
    succeeded = Signal(object)  # the function's return value
    failed = Signal(object)  # the exception
    cancelled = Signal()
    finished = Signal()  # after exactly one of succeeded / failed / cancelled

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.done = False
        self._relay = _Relay()
        self.context = TaskContext(self._relay.progressed.emit)
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.progressed.connect(self._on_progress, queued)
        self._relay.succeeded.connect(self._on_success, queued)
        self._relay.failed.connect(self._on_failure, queued)
        self._relay.was_cancelled.connect(self._on_cancel, queued)

    def cancel(self) -> None:
        self.context.cancel()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, label: str) -> None:
        if not self.done:
            self.progressed.emit(done, total, label)

    @Slot(object)
    def _on_success(self, value: object) -> None:
        self._finish(self.succeeded, value)

    @Slot(object)
    def _on_failure(self, error: object) -> None:
        self._finish(self.failed, error)

    @Slot()
    def _on_cancel(self) -> None:
        self._finish(self.cancelled)

    def _finish(self, signal: Any, *args: object) -> None:
        self.done = True
        try:
            signal.emit(*args)
            self.finished.emit()
        finally:
            self._drop_connections()

    def _drop_connections(self) -> None:
        # The callbacks connected to a task usually close over it (or over what holds it); such a
        # cycle runs through Qt's side, where Python's collector cannot see it, so every finished
        # task would leak. Cutting the connections once it has delivered breaks the cycles.
        signals = (
            self.progressed,
            self.succeeded,
            self.failed,
            self.cancelled,
            self.finished,
            self._relay.progressed,
            self._relay.succeeded,
            self._relay.failed,
            self._relay.was_cancelled,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # "nothing to disconnect"
            for signal in signals:
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect()


def _run(
    function: Callable[[TaskContext], Any], context: TaskContext, relay: _Relay, name: str
) -> None:
    """On a worker thread: run the function and hand its outcome to the relay."""
    try:
        context.check()
        value = function(context)
    except Cancelled:
        relay.was_cancelled.emit()
    except Exception as error:  # delivered to the main thread; the user sees a sentence
        if not _expected(error):
            log.exception("background task %s failed", name)
        relay.failed.emit(error)
    else:
        relay.succeeded.emit(value)


def _expected(error: Exception) -> bool:
    """An error a user can act on (the HadirError family, IdentityError included); anything else,
    a plain ValueError too, is a bug whose traceback belongs in the log."""
    from desktop.core.errors import HadirError

    return isinstance(error, HadirError)


class Runner(QObject):
    """A queue of background work on its own threads.

    One thread keeps work in submission order (searches, check-ins): a later result never arrives
    before an earlier one.
    """

    busy_changed = Signal(bool)
    # A task that failed with no ``on_failure`` of its own: its name and the exception, for
    # whoever shows failures to the clerk (``Workers.failed``, then the status bar).
    unhandled_failure = Signal(str, object)

    def __init__(self, name: str, *, threads: int = 1) -> None:
        super().__init__()
        self.name = name
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(threads)
        self._tasks: set[Task[Any]] = set()

    def submit(
        self,
        function: Callable[[TaskContext], T],
        *,
        on_success: Callable[[T], object] | None = None,
        on_failure: Callable[[Exception], object] | None = None,
        on_progress: Callable[[int, int, str], object] | None = None,
        on_cancel: Callable[[], object] | None = None,
        name: str = "",
    ) -> Task[T]:
        task: Task[T] = Task(name or getattr(function, "__name__", "task"))
        if on_success is not None:
            task.succeeded.connect(on_success)
        if on_failure is not None:
            task.failed.connect(on_failure)
        else:
            task.failed.connect(lambda error: self.report_unhandled(task.name, error))
        if on_progress is not None:
            task.progressed.connect(on_progress)
        if on_cancel is not None:
            task.cancelled.connect(on_cancel)
        was_idle = not self._tasks
        self._tasks.add(task)  # keeps the Task alive until it has delivered its result
        task.finished.connect(lambda: self._forget(task))
        # A plain callable, not a QRunnable subclass: PySide keeps a started runnable's Python
        # object alive for good, one per task.
        self._pool.start(functools.partial(_run, function, task.context, task._relay, task.name))
        if was_idle:
            self.busy_changed.emit(True)
        return task

    def report_unhandled(self, name: str, error: Exception) -> None:
        """A failure nobody asked to handle: to the clerk through ``unhandled_failure``."""
        log.error("task %s failed: %s", name, error)
        self.unhandled_failure.emit(name, error)

    def _forget(self, task: Task[Any]) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self.busy_changed.emit(False)

    @property
    def idle(self) -> bool:
        return not self._tasks

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def wait(self, ms: int) -> bool:
        return bool(self._pool.waitForDone(ms))

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel what can be cancelled and wait for the threads (at exit)."""
        self.cancel_all()
        return bool(self._pool.waitForDone(timeout_ms))


class Workers(QObject):
    """The window's background queues, each on its own thread:

    - ``reads``: what a keystroke waits for (search as you type, the participants filter), so
      nothing slow stands in front of it;
    - ``background``: slower reads (the day's counter, recent check-ins, suggestions, lists);
    - ``writes``: quick writes (check-in, undo, walk-in, sign-in) in the order the clerk made them;
    - ``long``: imports, exports, loading 200,000 rows, demo data, which must not hold up a
      check-in queued behind them.

    ``failed`` carries every failure no controller handled itself (task name, exception).
    """

    failed = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self.reads = Runner("reads")
        self.background = Runner("background")
        self.writes = Runner("writes")
        self.long = Runner("long")
        self.runners = (self.reads, self.background, self.writes, self.long)
        for runner in self.runners:
            runner.unhandled_failure.connect(self.failed)

    @property
    def idle(self) -> bool:
        return all(runner.idle for runner in self.runners)

    def shutdown(self) -> None:
        for runner in reversed(self.runners):
            runner.shutdown()

    def wait_a_little(self, ms: int = 20) -> None:
        """Block the calling (main) thread briefly while workers run; for non-interactive use
        (screenshots, benchmarks), never from an interactive window."""
        for runner in self.runners:
            if not runner.idle:
                runner.wait(ms)
                return


class LatestOnly(QObject, Generic[T]):
    """Runs a request in the background, coalescing requests that arrive while one runs.

    At most one request runs at a time; when it finishes, a result for an older request than the
    newest is dropped and the newest request runs instead. So a stale result never overwrites a newer
    one, and a burst of keystrokes costs at most two queries, not one per key.
    """

    delivered = Signal(object, object)  # request, result

    def __init__(
        self,
        runner: Runner,
        work: Callable[[Any], Callable[[TaskContext], T]],
        *,
        on_failure: Callable[[Any, Exception], object] | None = None,
    ) -> None:
        super().__init__()
        self._runner = runner
        self._work = work
        self._on_failure = on_failure
        self._generation = 0
        self._pending: Any = None
        self._has_pending = False
        self._running = False

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def busy(self) -> bool:
        return self._running or self._has_pending

    def request(self, request: Any) -> None:
        self._generation += 1
        self._pending, self._has_pending = request, True
        if not self._running:
            self._start()

    def invalidate(self) -> None:
        """Forget any pending request and drop the running one's result."""
        self._generation += 1
        self._pending, self._has_pending = None, False

    def _start(self) -> None:
        request, generation = self._pending, self._generation
        self._pending, self._has_pending = None, False
        self._running = True
        self._runner.submit(
            self._work(request),
            on_success=lambda value: self._finished(generation, request, value, None),
            on_failure=lambda error: self._finished(generation, request, None, error),
            name="latest-only",
        )

    def _finished(self, generation: int, request: Any, value: Any, error: Exception | None) -> None:
        self._running = False
        if generation == self._generation:
            if error is None:
                self.delivered.emit(request, value)
            elif self._on_failure is not None:
                self._on_failure(request, error)
            else:
                self._runner.report_unhandled("latest-only", error)
        if self._has_pending:
            self._start()
