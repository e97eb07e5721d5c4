"""The window's sync loop: when a sync runs, one at a time, off the UI thread; no widgets.

One sync at a time, on its own worker queue (a sync on a weak hotspot can take minutes and must
not hold up an import or a check-in). It runs:
- every ``interval`` seconds, or sooner when the outbox's backoff ends (``seconds_until_due``);
- when the network comes back (Qt's reachability signal where the platform has one, else a cheap
  connection check while the last attempt found HQ unreachable);
- a few seconds after a record is made (the check-in controller signals it), and once more after
  a run during which a record was made;
- when the operator presses "Sinkronkan sekarang" (which ignores the backoff).
Separately from HQ's timer, a desk that joined a venue hub exchanges with it every ``HUB_MS``
(push, then pull; issue 17 item 4), on the same queue, one exchange at a time: a check-in made at
another desk of the venue reaches this one's database within about a second.
The sync lease (sync/desk/lease.py) keeps a second process from syncing the same data folder at
once. The operator's sync actions (enrolment, retry, USB bundle) run on the same queue, so they
never race a run. What it learns (``sync_status``, read off the UI thread) and how runs end are
signals; the Sync screen's controller (desktop/ui/sync/controller.py) turns them into sentences.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.db import Database
from desktop.core.sync.run import SyncReport
from desktop.core.sync.status import SyncStatus
from desktop.core.venue.member import HubExchange
from desktop.services import sync as service
from desktop.services import venue as venue_service
from desktop.services.sync import SyncSnapshot
from desktop.ui.worker import Runner, Task, TaskContext, Workers

INTERVAL_S = 300.0  # a regular sync every five minutes
POLL_MS = 15_000  # how often the status (pending count, lease) is read
OFFLINE_CHECK_S = 60.0  # while HQ is unreachable, a cheap check this often
AFTER_RECORD_MS = 5_000  # a check-in is pushed this long after it was made (bursts coalesce)
HUB_MS = 1_000  # a member's live exchange with the venue hub (a round trip takes ~60 ms)


class _Cancel:
    """The sync's cancel token (``is_set``) over the task's cancel flag."""

    def __init__(self, ctx: TaskContext) -> None:
        self._ctx = ctx

    def is_set(self) -> bool:
        return self._ctx.cancelled


class SyncScheduler(QObject):
    snapshot_read = Signal(object)  # SyncSnapshot
    status_changed = Signal(object)  # SyncStatus, after snapshot_read
    status_failed = Signal(object)  # the exception reading the status
    started = Signal()  # a run began
    progressed = Signal(int, int, str)  # done, total, "phase:message"
    finished = Signal(object)  # SyncReport
    failed = Signal(object)  # the exception that ended a run
    cancelled = Signal()
    # HQ's changes were applied here (another desk's event, registrations, check-ins): the views
    # show them without the clerk signing out and in (issue 14, item 3).
    pulled = Signal(object)  # SyncReport
    # A live exchange with the venue hub ended (HubExchange); ``hub_pulled`` when it applied
    # another desk's records here.
    hub_exchanged = Signal(object)
    hub_pulled = Signal(object)

    def __init__(
        self,
        *,
        db: Database,
        workers: Workers,
        interval: float = INTERVAL_S,
        details: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__()
        self._db, self._workers = db, workers
        self.interval = interval
        self._details = details  # whether the status read includes history (the screen is shown)
        self.runner = Runner("sync")  # its own thread: a long sync holds up nothing else
        self.runner.unhandled_failure.connect(
            workers.failed
        )  # reaches the status bar like the rest
        self.status: SyncStatus | None = None
        self.snapshot: SyncSnapshot | None = None
        self.task: Task[Any] | None = None
        self.last_report: SyncReport | None = None
        self.again = False  # a record was made during the running sync
        self.looping = False
        self._reading = False
        self._last_check = 0.0
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._tick)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(AFTER_RECORD_MS)
        self.soon.timeout.connect(lambda: self.sync(force=False))
        self.hub_task: Task[Any] | None = None
        self.last_exchange: HubExchange | None = None
        self.hub_timer = QTimer(self)
        self.hub_timer.setInterval(HUB_MS)
        self.hub_timer.timeout.connect(self.exchange_with_hub)
        self._watch_network()

    @property
    def busy(self) -> bool:
        """A run or an operator's sync action is on the queue."""
        return self.task is not None

    @property
    def running(self) -> bool:
        """A sync run (not a status check or an operator's action) is under way."""
        return self.task is not None and self.task.name == "sync"

    # ---------------------------------------------------------------- the loop

    def start(self) -> None:
        """Begin the background loop (after sign-in: records exist only once someone works)."""
        if not self.looping:
            self.looping = True
            self.poll.start()
            self.hub_timer.start()
        self.refresh()

    def stop(self) -> None:
        self.looping = False
        self.poll.stop()
        self.soon.stop()
        self.hub_timer.stop()
        self.runner.shutdown(timeout_ms=15_000)

    def record_made(self) -> None:
        """A check-in or another record was made: push it soon, or after the running sync. To
        the venue hub at once (the other desks pull within their next second)."""
        if self.looping:
            self.exchange_with_hub()
        if self.task is not None:
            self.again = True
        elif self.looping and self.status is not None and self.status.enrolled:
            self.soon.start()

    def sync_soon(self) -> None:
        """A sync in a few seconds (set-aside records queued again, say)."""
        self.soon.start()

    def _watch_network(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadDefaultBackend():
                info = QNetworkInformation.instance()
                if info is not None:
                    info.reachabilityChanged.connect(self._reachability_changed)
        except (ImportError, RuntimeError):  # no backend on this platform: the poll covers it
            pass

    def _reachability_changed(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability in (
            QNetworkInformation.Reachability.Online,
            QNetworkInformation.Reachability.Site,
        ):
            self.sync(force=False)

    def _tick(self) -> None:
        self.refresh(then_decide=True)

    def _decide(self, snapshot: SyncSnapshot) -> None:
        status = snapshot.status
        if not self.looping or self.task is not None or not status.enrolled or status.running:
            return
        if status.online is False:
            # Offline: a cheap "is HQ there?" now and then; a sync follows when it is.
            if time.monotonic() - self._last_check >= OFFLINE_CHECK_S:
                self._last_check = time.monotonic()
                self._check_connection()
            return
        if snapshot.seconds_until_due <= 0:
            self.sync(force=False)

    def _check_connection(self) -> None:
        db = self._db

        def work(_ctx: TaskContext) -> bool:
            return service.check_connection(db)

        self.task = self.runner.submit(
            work, on_success=self._checked, on_failure=self._check_failed, name="sync-check"
        )

    def _checked(self, reachable: bool) -> None:
        self.task = None
        if reachable:
            self.sync(force=False)

    def _check_failed(self, error: Exception) -> None:
        # The check answers "not reachable" itself (it raises nothing): a failure is a bug, told
        # to the clerk like any other; the next poll tries again.
        self.task = None
        self.runner.report_unhandled("sync-check", error)

    # ---------------------------------------------------------------- status

    def refresh(self, *, then_decide: bool = False) -> None:
        if self._reading:
            return
        self._reading = True
        db, interval, details = self._db, self.interval, self._details()

        def work(_ctx: TaskContext) -> SyncSnapshot:
            return service.snapshot(db, interval=interval, details=details)

        def done(snapshot: SyncSnapshot) -> None:
            self._reading = False
            self.snapshot = snapshot
            self.status = snapshot.status
            self.snapshot_read.emit(snapshot)
            self.status_changed.emit(snapshot.status)
            if then_decide:
                self._decide(snapshot)

        def failed(error: Exception) -> None:
            self._reading = False
            self.status_failed.emit(error)

        self._workers.background.submit(
            work, on_success=done, on_failure=failed, name="sync-status"
        )

    # ---------------------------------------------------------------- a run

    def sync(self, *, force: bool) -> None:
        if self.task is not None:
            if self.task.name == "sync":
                self.again = True
            return
        self.soon.stop()
        self.again = False
        db = self._db

        def work(ctx: TaskContext) -> SyncReport:
            def progress(step: Any) -> None:
                ctx.progress(
                    step.done,
                    (step.done + step.remaining) if step.remaining else 0,
                    f"{step.phase}:{step.message}",
                )

            return service.run(db, cancel=_Cancel(ctx), progress=progress, force=force)

        self.task = self.runner.submit(
            work,
            on_success=self._finished,
            on_failure=self._failed,
            on_cancel=self._cancelled,
            on_progress=self.progressed.emit,
            name="sync",
        )
        self.started.emit()

    def _finished(self, report: SyncReport) -> None:
        self.task = None
        self.last_report = report
        self.finished.emit(report)
        if report.pulled:
            self.pulled.emit(report)
        again, self.again = self.again, False
        self.refresh()
        # A record made while the run was finishing: one more pass (not after a refusal or when
        # HQ is unreachable; the loop retries those on its own schedule).
        if again and report.outcome in ("ok", "incomplete"):
            self.soon.start()

    def _failed(self, error: Exception) -> None:
        self.task = None
        self.failed.emit(error)
        self.refresh()

    def _cancelled(self) -> None:
        self.task = None
        self.cancelled.emit()
        self.refresh()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    # ---------------------------------------------------------------- the venue hub

    def exchange_with_hub(self) -> None:
        """One live exchange with the hub, queued behind whatever the sync queue is doing (a run
        exchanges with the hub itself first); skipped while the previous one is still queued, so
        a hub that takes its 10 s timeout to fail never piles exchanges up."""
        if self.hub_task is not None or self.running:
            return
        db = self._db

        def work(_ctx: TaskContext) -> HubExchange | None:
            return venue_service.exchange(db)

        self.hub_task = self.runner.submit(
            work, on_success=self._exchanged, on_failure=self._exchange_failed, name="venue-hub"
        )

    def _exchanged(self, result: HubExchange | None) -> None:
        self.hub_task = None
        if result is None:  # no member (or no longer): nothing to say
            if self.last_exchange is not None:
                self.last_exchange = None
                self.hub_exchanged.emit(None)
            return
        self.last_exchange = result
        self.hub_exchanged.emit(result)
        if result.pulled:
            self.hub_pulled.emit(result)

    def _exchange_failed(self, error: Exception) -> None:
        # exchange() reports an unreachable hub in its result: anything raised is a bug, told to
        # the clerk like any other; the next tick tries again.
        self.hub_task = None
        self.runner.report_unhandled("venue-hub", error)

    # ---------------------------------------------------------------- operator actions

    def run_job(
        self,
        work: Callable[[TaskContext], Any],
        *,
        name: str,
        on_success: Callable[[Any], object],
        on_failure: Callable[[Exception], object],
    ) -> bool:
        """An operator's sync action (enrol, retry, bundle) on the sync queue; False, and nothing
        started, while a run or another action is under way. The status is read again after."""
        if self.task is not None:
            return False

        def finished(value: Any) -> None:
            self.task = None
            on_success(value)
            self.refresh()

        def failed(error: Exception) -> None:
            self.task = None
            on_failure(error)
            self.refresh()

        self.task = self.runner.submit(work, on_success=finished, on_failure=failed, name=name)
        return True
