"""The Daring screen's one job at a time (matching's decisions and removals, delivery's export and
sending): both controllers share one busy row, so they share this guard, its progress and its
failure sentence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.ui import i18n
from desktop.ui.i18n import translate
from desktop.ui.online.view import BusyRow
from desktop.ui.worker import Task, TaskContext, Workers


class ScreenJobs:
    def __init__(self, busy: BusyRow, workers: Workers) -> None:
        self.busy, self._workers = busy, workers
        self.task: Task[Any] | None = None
        busy.cancel_requested.connect(self.cancel)

    def start(
        self,
        label: str,
        work: Callable[[TaskContext], Any],
        done: Callable[[Any], None],
        *,
        cancellable: bool = False,
        writes: bool = False,
    ) -> None:
        """Run ``work`` unless a job is running; the busy row shows it, its failure and a stop."""
        if self.task is not None:
            return
        busy = self.busy

        def finished(value: Any) -> None:
            self.task = None
            busy.set_busy("")
            done(value)

        def failed(error: Exception) -> None:
            self.task = None
            busy.set_busy("")
            busy.show_message(i18n.error_text(error), error=True)

        def cancelled() -> None:
            self.task = None
            busy.set_busy("")
            # The screen's sentences keep the translation context they had before the split.
            busy.show_message(translate("OnlineController", "Dihentikan."))

        busy.set_busy(label, cancellable=cancellable)
        runner = self._workers.writes if writes else self._workers.long
        self.task = runner.submit(
            work,
            on_success=finished,
            on_failure=failed,
            on_cancel=cancelled,
            on_progress=lambda d, t, _l: busy.set_progress(d, t),
            name="online-job",
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
