"""One sync run: push the outbox, pull HQ's changes, reconcile with HQ's manifest; again while
records made meanwhile wait. Qt-free (issue 6): the window runs ``run_sync`` from a worker thread
and the CLI, the tests and the benchmark call the same function. Nothing here blocks on a lock
another sync holds: a second run while one is going answers "busy" at once (the lease,
sync/desk/lease.py).

What the operator is told, and when it is true (sync.md rules 4 and 12): "all data is at HQ"
(``all_at_hq``, desktop/core/sync/status.py) only when nothing is pending, in flight or set aside
AND the last reconciliation with HQ's manifest confirmed every acknowledged change, with no change
made since."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from desktop.core.clock import utcnow
from desktop.core.db import Database
from desktop.core.desk import set_setting
from desktop.core.sync.enrollment import learn_from_hq
from desktop.core.sync.settings import (
    Keys,
    SyncSettings,
    client_config,
    load_settings,
    token_saver,
)
from desktop.core.sync.status import all_at_hq
from sync.clock import utc_text
from sync.desk import outbox
from sync.desk.client import (
    BatchSizer,
    CancelToken,
    ClientConfig,
    FatalError,
    HqClient,
    ProgressCallback,
    PushPolicy,
    SyncError,
    TransientError,
    pull_changes,
    push_outbox,
    reconcile_outbox,
)
from sync.desk.lease import LeaseHeld, SyncLease
from sync.desk.outbox import SyncRun
from sync.protocol import CLOCK_SKEW_WARNING_SECONDS, PullResponse

log = logging.getLogger(__name__)

MAX_PASSES = 5  # a record made during a sync triggers another pass, this many at most per run
HISTORY_KEPT = 300


@dataclass(slots=True)
class SyncReport:
    """One run's outcome, plain data for the window (from a worker thread) and the CLI."""

    outcome: str = "ok"  # ok / incomplete / offline / refused / not_enrolled / busy / cancelled
    pushed: int = 0  # acknowledged by HQ in this run
    pending: int = 0  # still to send after the run
    set_aside: int = 0  # set aside in total (with HQ's reasons)
    set_aside_now: int = 0  # newly set aside in this run
    pulled: int = 0  # changes from HQ applied in this run
    pulled_waiting: int = 0  # pulled changes kept until what they name arrives
    requeued: int = 0  # found missing at HQ by reconciliation and queued again
    passes: int = 0
    all_at_hq: bool = False
    error: str | None = None  # why the run stopped or fell short, for the operator (English)
    # The code and params of ``error``, for the window's sentence in its own language ("" when the
    # error has no code: the window then shows ``error``).
    error_code: str = ""
    error_params: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    clock_skew_seconds: float | None = None
    clock_warning: str | None = None
    bytes_sent: int = 0
    bytes_received: int = 0
    hq_answers: int = 0  # requests HQ itself answered: 0 means offline (or a login portal)
    # A member of a venue hub (issue 17): {"pushed", "pulled", "pending", "reached", "error"} of
    # the exchange with the hub, which comes first; None on a desk that is no member.
    hub: dict[str, Any] | None = None
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["started_at"] = utc_text(self.started_at)
        values["finished_at"] = utc_text(self.finished_at)
        return values


def run_sync(
    db: Database,
    *,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
    force: bool = True,
    client_factory: Callable[[ClientConfig], HqClient] = HqClient,
) -> SyncReport:
    """One full sync: push everything, pull, reconcile when the queue is empty; again while records
    made meanwhile are waiting (at most MAX_PASSES). ``force`` sends even if the queue is backing
    off (the operator asked; the background timer passes False)."""
    report = SyncReport()
    lease = SyncLease(db.folder)
    try:
        lease.acquire()
    except LeaseHeld as error:
        report.outcome, report.error, report.error_code = "busy", str(error), "sync_running"
        return _finish(db, report, record=False)
    client: HqClient | None = None
    try:
        with db.write() as session:
            recovered = outbox.recover_in_flight(session=session)
            settings = load_settings(session=session)
        if recovered:
            log.info("%d items left in flight by an interrupted sync are pending again", recovered)
        report.hub = _exchange_with_hub(db)
        if not settings.enrolled:
            report.outcome = "not_enrolled"
        client = client_factory(replace(client_config(settings), save_token=token_saver(db)))
        if settings.enrolled:
            learn_from_hq(db, client)
        _run_passes(db, client, settings, report, cancel, progress, force)
    except FatalError as error:
        # Authentication or configuration: retrying cannot help, so the run stops here at once
        # and the operator reads why (sync.md rule 8). Items sent in this request are pending.
        if report.outcome != "not_enrolled":
            report.outcome = "refused"
        report.error, report.error_code, report.error_params = None, "", {}
        _note(report, error.message, error)
    finally:
        if client is not None:
            report.bytes_sent = client.traffic.sent
            report.bytes_received = client.traffic.received
            report.hq_answers = client.traffic.answers
            client.close()
        try:
            _finish(db, report, record=True)
        finally:
            lease.release()
    return report


def _exchange_with_hub(db: Database) -> dict[str, Any] | None:
    """The venue hub first (push, then pull): at a venue without internet it is all there is."""
    from desktop.core.venue.member import exchange

    result = exchange(db)
    return result.as_dict() if result is not None else None


def _note(report: SyncReport, message: str, error: SyncError | None) -> None:
    """Keep the first reason a run fell short, with its code when it came from an error."""
    if report.error is not None:
        return
    report.error = message
    if error is not None:
        report.error_code, report.error_params = error.code, dict(error.params)


def _run_passes(
    db: Database,
    client: HqClient,
    settings: SyncSettings,
    report: SyncReport,
    cancel: CancelToken | None,
    progress: ProgressCallback | None,
    force: bool,
) -> None:
    sizer = BatchSizer(
        size=settings.batch_size, smallest=min(20, settings.batch_max), largest=settings.batch_max
    )
    cursor = settings.cursor
    try:
        for number in range(MAX_PASSES):
            report.passes += 1
            # Only the operator's own request skips the backoff, and only on the first pass.
            policy = PushPolicy(
                backoff=settings.backoff,
                force=force and number == 0,
                retry_for_seconds=settings.retry_for_seconds,
            )
            push = push_outbox(
                client=client,
                write=db.write,
                sizer=sizer,
                policy=policy,
                cancel=cancel,
                progress=progress,
            )
            report.pushed += push.acknowledged
            report.set_aside_now += push.set_aside
            if push.clock_skew_seconds is not None:
                report.clock_skew_seconds = push.clock_skew_seconds
                report.clock_warning = push.clock_warning
            if push.cancelled:
                report.outcome = "cancelled"
                return
            if not push.drained:
                # This pass's reason replaces an earlier pass's.
                report.error, report.error_code, report.error_params = None, "", {}
                _note(
                    report,
                    push.last_error or "Some items could not be sent yet.",
                    push.last_failure,
                )
            cursor = _pull(db, client, settings, cursor, report, cancel, progress)
            if report.outcome == "cancelled" or not push.drained:
                return
            requeued = _reconcile(db, client, report)
            with db.session() as session:
                waiting = outbox.pending_count(session=session)
            # Records made while this pass ran, or found missing at HQ: another pass.
            if not waiting and not requeued:
                return
    finally:
        with db.write() as session:
            set_setting(session=session, key=Keys.BATCH_SIZE, value=str(sizer.size))


def _pull(
    db: Database,
    client: HqClient,
    settings: SyncSettings,
    cursor: int,
    report: SyncReport,
    cancel: CancelToken | None,
    progress: ProgressCallback | None,
) -> int:
    from desktop.core.sync.pull import apply_pulled

    erased = 0

    def apply(session: Session, page: PullResponse) -> int:
        from desktop.core.venue.hub import keep_for_members

        nonlocal erased
        keep_for_members(session=session, changes=page.items)  # a venue hub's members get them
        applied = apply_pulled(session=session, changes=page.items)
        erased += applied.erased
        return applied.applied

    def store_cursor(session: Session, value: int) -> None:
        # In the page's own transaction: the cursor moves only with what it covers.
        set_setting(session=session, key=Keys.CURSOR, value=str(value))

    with db.session() as session:
        waiting = outbox.pending_count(session=session)  # what HQ's dashboard shows as waiting
    pulled = pull_changes(
        client=client,
        write=db.write,
        cursor=cursor,
        apply=apply,
        store_cursor=store_cursor,
        pending=waiting,
        page_size=settings.page_size,
        cancel=cancel,
        progress=progress,
    )
    if erased:
        # The erased person's rows are scrubbed in the file; the WAL's older page images still
        # hold them until it is checkpointed (desktop/services/privacy.py does the same).
        from desktop.core.personal_data import forget_freed_pages

        forget_freed_pages(db)
    if pulled.error is not None:
        _note(report, f"Download from HQ interrupted: {pulled.error}", pulled.failure)
    report.pulled += pulled.applied
    if pulled.cancelled:
        report.outcome = "cancelled"
    if pulled.server_time is not None and report.clock_skew_seconds is None:
        skew = (utcnow() - pulled.server_time.astimezone(UTC)).total_seconds()
        report.clock_skew_seconds = skew
        if abs(skew) > CLOCK_SKEW_WARNING_SECONDS:
            direction = "ahead of" if skew > 0 else "behind"
            report.clock_warning = (
                f"This desk's clock is {abs(skew) / 60:.0f} minutes {direction} HQ's: "
                "check the laptop's date, time and time zone."
            )
    return pulled.cursor


def _reconcile(db: Database, client: HqClient, report: SyncReport) -> int:
    """Check with HQ that it holds everything it acknowledged; record the check when it holds it
    all and nothing else is waiting, which is what ``all_at_hq`` stands on."""
    with db.session() as session:
        before = outbox.counts(session=session)
    try:
        result = reconcile_outbox(client=client, write=db.write)
    except TransientError as error:
        _note(report, f"Reconciliation with HQ interrupted: {error.message}", error)
        return 0
    report.requeued += result.requeued
    with db.write() as session:
        if result.complete and before.waiting == 0 and before.set_aside == 0:
            set_setting(session=session, key=Keys.VERIFIED_SEQ, value=str(before.max_seq))
            set_setting(session=session, key=Keys.VERIFIED_AT, value=utc_text(utcnow()))
        elif result.missing:
            set_setting(session=session, key=Keys.VERIFIED_SEQ, value="0")
    return result.requeued


def _finish(db: Database, report: SyncReport, *, record: bool) -> SyncReport:
    from desktop.core.sync.pull import waiting_count

    report.finished_at = utcnow()
    reached = report.hq_answers > 0
    with db.write() as session:
        counts = outbox.counts(session=session)
        report.pending = counts.waiting
        report.set_aside = counts.set_aside
        report.all_at_hq = all_at_hq(session, counts)
        report.pulled_waiting = waiting_count(session=session)
        if report.outcome == "ok" and (report.error is not None or report.pending):
            report.outcome = "incomplete" if reached else "offline"
        if report.set_aside:
            report.problems.append(
                f"{report.set_aside} item(s) were set aside by HQ; see their reasons."
            )
        if report.clock_warning:
            report.problems.append(report.clock_warning)
        if report.error:
            report.problems.insert(0, report.error)
        if not record:
            return report
        set_setting(session=session, key=Keys.LAST_ATTEMPT, value=utc_text(report.finished_at))
        set_setting(session=session, key=Keys.LAST_ERROR, value=report.error or "")
        coded = {"code": report.error_code, "params": report.error_params} if report.error else {}
        set_setting(
            session=session,
            key=Keys.LAST_ERROR_CODE,
            value=json.dumps(coded, default=str) if report.error_code else "",
        )
        set_setting(session=session, key=Keys.ONLINE, value="1" if reached else "0")
        if report.outcome == "ok":
            set_setting(session=session, key=Keys.LAST_SUCCESS, value=utc_text(report.finished_at))
        if report.clock_skew_seconds is not None:
            set_setting(
                session=session, key=Keys.CLOCK_SKEW, value=f"{report.clock_skew_seconds:.1f}"
            )
            set_setting(session=session, key=Keys.CLOCK_WARNING, value=report.clock_warning or "")
        session.add(
            SyncRun(
                started_at=report.started_at,
                finished_at=report.finished_at,
                outcome=report.outcome,
                pushed=report.pushed,
                set_aside=report.set_aside_now,
                pulled=report.pulled,
                pending=report.pending,
                message=report.error or "",
                error_code=report.error_code if report.error else "",
                error_params=(
                    json.dumps(report.error_params, default=str)
                    if report.error and report.error_params
                    else ""
                ),
            )
        )
        session.flush()
        session.connection().execute(
            text(
                "DELETE FROM sync_run WHERE id <= (SELECT id FROM sync_run ORDER BY id DESC "
                "LIMIT 1 OFFSET :keep)"
            ),
            {"keep": HISTORY_KEPT},
        )
    return report


def check_connection(
    db: Database, *, client_factory: Callable[[ClientConfig], HqClient] = HqClient
) -> bool:
    """A quick "can this desk reach HQ, and does HQ still accept it?" for the window to call when
    the network comes back; a sync follows if True. Raises nothing."""
    with db.session() as session:
        settings = load_settings(session=session)
    if not settings.enrolled:
        return False
    try:
        config = replace(client_config(settings), read_timeout=10.0)
        with client_factory(config) as client:
            client.whoami()
    except SyncError:
        return False
    return True
