"""Sync as the desk sees it: enrol with HQ, run a sync, say where things stand, write a USB bundle.

Qt-free (issue 6): the window calls ``SyncService.run`` from a worker thread and ``status`` for its
status bar, the CLI calls the same functions, and so do the tests and the benchmark. Nothing here
blocks on a lock another sync holds: a second run while one is going answers "busy" at once.

Where things are kept: the desk's ``setting`` table holds HQ's address, this desk's device id and
token, the pull cursor and the last outcome (keys in ``Keys``); the outbox holds what is still to
send (sync/outbox.py). The sync lease is a file lock in the data folder (sync/lease.py).

What the operator is told, and when it is true (sync.md rules 4 and 12): "all data is at HQ"
(``all_at_hq``) only when nothing is pending, in flight or set aside AND the last reconciliation
with HQ's manifest confirmed every acknowledged change, with no change made since.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from desktop.core.clock import utcnow
from desktop.core.db import Database
from desktop.core.desk import desk_identity, get_setting, set_setting
from desktop.core.errors import HadirError
from sync import outbox
from sync.client import (
    BatchSizer,
    CancelToken,
    ClientConfig,
    ConfigError,
    FatalError,
    HqClient,
    KeyTaken,
    ProgressCallback,
    PushPolicy,
    SyncError,
    TransientError,
    is_loopback,
    normalise_server_url,
    pull_changes,
    push_outbox,
    reconcile_outbox,
)
from sync.lease import LeaseHeld, SyncLease, lease_is_held
from sync.outbox import Backoff, SetAsideItem, SyncRun
from sync.protocol import EnrollRequest, PullResponse

log = logging.getLogger(__name__)


class Keys:
    """The desk settings this module owns (``setting`` table)."""

    SERVER = "sync_server_url"
    DEVICE = "sync_device_id"
    TOKEN = "sync_token"
    KEY_ID = "sync_key_id"  # the sealing key HQ registered at enrollment (it signs bundles)
    OFFICE_NAME = "sync_office_name"
    CA_BUNDLE = "sync_ca_bundle"
    CURSOR = "sync_pull_cursor"
    BATCH_SIZE = "sync_batch_size"
    LAST_SUCCESS = "sync_last_success"
    LAST_ATTEMPT = "sync_last_attempt"
    LAST_ERROR = "sync_last_error"
    LAST_ERROR_CODE = "sync_last_error_code"  # {"code", "params"} of LAST_ERROR (JSON)
    ONLINE = "sync_online"
    CLOCK_SKEW = "sync_clock_skew_seconds"
    CLOCK_WARNING = "sync_clock_warning"
    VERIFIED_SEQ = "sync_verified_seq"
    VERIFIED_AT = "sync_verified_at"
    LAST_BUNDLE = "sync_last_bundle"
    HQ_BUNDLE_KEY = "sync_hq_bundle_key"  # HQ's X25519 public key: USB bundles are sealed to it
    HQ_ASKED_AT = "sync_hq_asked_at"  # when /me was last asked (bundle key, certificates' address)
    # Tuning, for offices with unusual links (and for the fault tests): plain numbers.
    BACKOFF_BASE = "sync_backoff_base_seconds"
    BACKOFF_CAP = "sync_backoff_cap_seconds"
    RETRY_FOR = "sync_retry_for_seconds"
    CONNECT_TIMEOUT = "sync_connect_timeout_seconds"
    READ_TIMEOUT = "sync_read_timeout_seconds"
    BATCH_MAX = "sync_batch_max"
    PAGE_SIZE = "sync_pull_page_size"


MAX_PASSES = 5  # a record made during a sync triggers another pass, this many at most per run
HISTORY_KEPT = 300
CLOCK_SKEW_WARN_SECONDS = 300.0  # as HQ's default (sync.protocol.CLOCK_SKEW_WARNING_SECONDS)
ASK_HQ_EVERY = timedelta(days=1)  # how often a desk asks /me what HQ may have changed


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True, slots=True)
class SyncSettings:
    server_url: str | None
    device_id: str | None
    token: str | None
    key_id: str | None
    ca_bundle: str | None
    cursor: int
    batch_size: int
    batch_max: int
    backoff: Backoff
    retry_for_seconds: float
    connect_timeout: float
    read_timeout: float
    page_size: int
    verified_seq: int

    @property
    def enrolled(self) -> bool:
        return bool(self.server_url and self.token and self.device_id)


def _number(session: Session, key: str, default: float) -> float:
    raw = get_setting(session=session, key=key)
    try:
        return float(raw) if raw not in (None, "") else default
    except ValueError:
        log.warning("setting %s=%r is not a number; using %s", key, raw, default)
        return default


def load_settings(*, session: Session) -> SyncSettings:
    batch_max = int(_number(session, Keys.BATCH_MAX, 2000))
    return SyncSettings(
        server_url=get_setting(session=session, key=Keys.SERVER),
        device_id=get_setting(session=session, key=Keys.DEVICE),
        token=get_setting(session=session, key=Keys.TOKEN),
        key_id=get_setting(session=session, key=Keys.KEY_ID),
        ca_bundle=get_setting(session=session, key=Keys.CA_BUNDLE) or None,
        cursor=int(_number(session, Keys.CURSOR, 0)),
        batch_size=max(1, min(batch_max, int(_number(session, Keys.BATCH_SIZE, 500)))),
        batch_max=batch_max,
        backoff=Backoff(
            base_seconds=_number(session, Keys.BACKOFF_BASE, 2.0),
            cap_seconds=_number(session, Keys.BACKOFF_CAP, 300.0),
        ),
        retry_for_seconds=_number(session, Keys.RETRY_FOR, 30.0),
        connect_timeout=_number(session, Keys.CONNECT_TIMEOUT, 10.0),
        read_timeout=_number(session, Keys.READ_TIMEOUT, 60.0),
        page_size=int(_number(session, Keys.PAGE_SIZE, 1000)),
        verified_seq=int(_number(session, Keys.VERIFIED_SEQ, 0)),
    )


def _client_config(settings: SyncSettings) -> ClientConfig:
    from desktop import __version__

    if not settings.enrolled or settings.server_url is None:
        raise ConfigError(
            "This desk is not enrolled with HQ yet: enroll it with the server's address and a "
            "code from HQ (hadir-cli sync enroll).",
            code="sync_not_enrolled",
        )
    return ClientConfig(
        server_url=settings.server_url,
        token=settings.token,
        ca_bundle=settings.ca_bundle,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        user_agent=f"hadir-desk/{__version__}",
    )


def _token_saver(db: Database) -> Callable[[str], None]:
    """Keeps a new token from HQ (issue 15 item 9) in one short write transaction, so that a crash
    leaves the old token or the new one, never neither; HQ accepts the old one until the new one
    is first used and for its grace period after."""

    def save(token: str) -> None:
        with db.write() as session:
            set_setting(session=session, key=Keys.TOKEN, value=token)

    return save


def _stamp(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat() if value else ""


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


# --------------------------------------------------------------------------- enrollment


@dataclass(frozen=True, slots=True)
class EnrollResult:
    server: str
    device_id: str
    office_code: str
    office_name: str
    desk_name: str
    key_id: str
    warnings: list[str]


def enroll(
    db: Database,
    *,
    server_url: str,
    code: str,
    desk_name: str,
    ca_bundle: str | None = None,
    client_factory: Callable[[ClientConfig], HqClient] = HqClient,
) -> EnrollResult:
    """Trade a one-time code from HQ for this desk's device id and token; register the desk's
    sealing key with HQ; make HQ's address the certificates' verification address."""
    from desktop import __version__
    from desktop.core.seal import (
        desk_signer,
        public_key_text,
        revoke_key,
        set_base_url,
    )

    try:
        server = normalise_server_url(server_url)
    except ConfigError as error:
        raise HadirError(error.message, code=error.code, **error.params) from None
    name = " ".join(desk_name.split())
    if not name:
        raise HadirError("The desk needs a name, e.g. 'Meja 1'.", code="desk_name")
    bundle = _check_ca_bundle(ca_bundle)
    config = ClientConfig(
        server_url=server, ca_bundle=bundle, user_agent=f"hadir-desk/{__version__}"
    )
    response = None
    with client_factory(config) as client:
        for _ in range(2):  # a second try only after replacing a key HQ already holds
            with db.write() as session:
                identity = desk_identity(session=session)
                signer = desk_signer(session=session)
                public_key = public_key_text(session=session, key_id=signer.key_id)
            request = EnrollRequest(
                code=code.strip(), desk_name=name, desk_id=identity.desk_id, key_id=signer.key_id,
                public_key=public_key, app_version=__version__,
            )  # fmt: skip
            try:
                response = client.enroll(request)
                break
            except KeyTaken:
                # HQ holds this key from an earlier enrollment (a desk enrolled again after it was
                # revoked): seal from now on with a fresh key and register that one.
                with db.write() as session:
                    revoke_key(session=session, key_id=signer.key_id,
                               reason="replaced at a new enrollment with HQ")  # fmt: skip
            except SyncError as error:
                # HQ's code (hq_enrollment_code_unknown, ...) or the desk's own (sync_unreachable,
                # ...): the window says it in its language, the CLI prints the English sentence.
                raise HadirError(
                    f"Enrollment failed: {error.message}", code=error.code, **error.params
                ) from None
    if response is None:
        raise HadirError(
            "Enrollment failed: HQ refused this desk's new key too.", code="sync_enroll"
        )
    warnings: list[str] = []
    with db.write() as session:
        previous_office = get_setting(session=session, key="office_code")
        if previous_office and previous_office != response.office_code:
            warnings.append(
                f"This desk was set up for office {previous_office}; HQ enrolled it for "
                f"{response.office_code}. Events of {previous_office} will be refused by HQ."
            )
        old_server = get_setting(session=session, key=Keys.SERVER)
        values = {
            Keys.SERVER: server,
            Keys.DEVICE: response.device_id,
            Keys.TOKEN: response.token,
            Keys.KEY_ID: signer.key_id,
            Keys.OFFICE_NAME: response.office_name,
            Keys.CA_BUNDLE: bundle or "",
            Keys.HQ_BUNDLE_KEY: response.bundle_key,
            Keys.LAST_ERROR: "",
            # A new identity at HQ: what was verified before must be verified again.
            Keys.VERIFIED_SEQ: "0",
            Keys.VERIFIED_AT: "",
            "office_code": response.office_code,
            "desk_name": name,
        }
        if old_server != server:
            values[Keys.CURSOR] = "0"  # another server's cursor means nothing here
        for key, value in values.items():
            set_setting(session=session, key=key, value=value)
        set_base_url(session=session, url=server)  # certificates' QR codes point at this HQ
    # ... or at the address HQ names for them (HADIR_HQ_PUBLIC_URL), when it names one.
    # Enrolled all the same if HQ cannot answer that now: the next sync asks again.
    with client_factory(replace(config, token=response.token)) as client, suppress(SyncError):
        _learn_from_hq(db, client, force=True)
    if not server.startswith("https://") and not is_loopback(server):
        warnings.append(
            "The connection to HQ is not encrypted (http://): use https:// outside a test."
        )
    return EnrollResult(
        server=server, device_id=response.device_id, office_code=response.office_code,
        office_name=response.office_name, desk_name=name, key_id=signer.key_id, warnings=warnings,
    )  # fmt: skip


def _check_ca_bundle(path: str | None) -> str | None:
    if not path:
        return None
    bundle = Path(path).expanduser().resolve()
    if not bundle.is_file():
        raise HadirError(f"No CA bundle file at {bundle}.", code="sync_ca_bundle")
    return str(bundle)


def configure(db: Database, *, ca_bundle: str | None = None, **tuning: float) -> dict[str, str]:
    """Change the CA bundle ("" removes it) or a tuning number (``Keys`` names, without prefix)."""
    names = {
        "backoff_base_seconds": Keys.BACKOFF_BASE, "backoff_cap_seconds": Keys.BACKOFF_CAP,
        "retry_for_seconds": Keys.RETRY_FOR, "connect_timeout_seconds": Keys.CONNECT_TIMEOUT,
        "read_timeout_seconds": Keys.READ_TIMEOUT, "batch_max": Keys.BATCH_MAX,
        "batch_size": Keys.BATCH_SIZE, "pull_page_size": Keys.PAGE_SIZE,
    }  # fmt: skip
    changed: dict[str, str] = {}
    with db.write() as session:
        if ca_bundle is not None:
            value = _check_ca_bundle(ca_bundle) or ""
            set_setting(session=session, key=Keys.CA_BUNDLE, value=value)
            changed["ca_bundle"] = value
        for name, number in tuning.items():
            if name not in names:
                raise HadirError(f"Unknown sync setting '{name}'.", code="sync_setting")
            if number <= 0:
                raise HadirError(f"{name} must be more than 0.", code="sync_setting")
            set_setting(session=session, key=names[name], value=str(number))
            changed[name] = str(number)
    return changed


# --------------------------------------------------------------------------- running


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
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["started_at"] = _stamp(self.started_at)
        values["finished_at"] = _stamp(self.finished_at)
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
        if not settings.enrolled:
            report.outcome = "not_enrolled"
        client = client_factory(replace(_client_config(settings), save_token=_token_saver(db)))
        if settings.enrolled:
            _learn_from_hq(db, client)
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


def _note(report: SyncReport, message: str, error: SyncError | None) -> None:
    """Keep the first reason a run fell short, with its code when it came from an error."""
    if report.error is not None:
        return
    report.error = message
    if error is not None:
        report.error_code, report.error_params = error.code, dict(error.params)


def _learn_from_hq(db: Database, client: HqClient, *, force: bool = False) -> None:
    """What HQ tells a desk in ``/me`` beyond the sync itself: its bundle key (a desk enrolled
    before HQ had one asks until it has it, so that its next USB bundle is sealed) and the address
    certificates' QR codes should carry (HADIR_HQ_PUBLIC_URL, which HQ may set after desks
    enrolled). Asked at most once a day, and at once while the bundle key is missing. Not being
    able to ask now changes nothing: the push that follows says why."""
    with db.session() as session:
        has_key = bool(get_setting(session=session, key=Keys.HQ_BUNDLE_KEY))
        asked = _parse(get_setting(session=session, key=Keys.HQ_ASKED_AT))
    if not force and has_key and asked is not None and utcnow() - asked < ASK_HQ_EVERY:
        return
    try:
        info = client.whoami()
    except FatalError:
        raise
    except SyncError:
        return
    with db.write() as session:
        if info.bundle_key:
            set_setting(session=session, key=Keys.HQ_BUNDLE_KEY, value=info.bundle_key)
        if info.verify_base_url:
            from desktop.core.seal import set_base_url

            set_base_url(session=session, url=info.verify_base_url)
        set_setting(session=session, key=Keys.HQ_ASKED_AT, value=_stamp(utcnow()))


def _run_passes(
    db: Database,
    client: HqClient,
    settings: SyncSettings,
    report: SyncReport,
    cancel: CancelToken | None,
    progress: ProgressCallback | None,
    force: bool,
) -> None:
    sizer = BatchSizer(size=settings.batch_size, smallest=min(20, settings.batch_max),
                       largest=settings.batch_max)  # fmt: skip
    cursor = settings.cursor
    try:
        for number in range(MAX_PASSES):
            report.passes += 1
            # Only the operator's own request skips the backoff, and only on the first pass.
            policy = PushPolicy(backoff=settings.backoff, force=force and number == 0,
                                retry_for_seconds=settings.retry_for_seconds)  # fmt: skip
            push = push_outbox(client=client, write=db.write, sizer=sizer, policy=policy,
                               cancel=cancel, progress=progress)  # fmt: skip
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
                _note(report, push.last_error or "Some items could not be sent yet.",
                      push.last_failure)  # fmt: skip
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
    from desktop.core.sync_pull import apply_pulled

    def apply(session: Session, page: PullResponse) -> int:
        return apply_pulled(session=session, changes=page.items).applied

    def store_cursor(session: Session, value: int) -> None:
        # In the page's own transaction: the cursor moves only with what it covers.
        set_setting(session=session, key=Keys.CURSOR, value=str(value))

    with db.session() as session:
        waiting = outbox.pending_count(session=session)  # what HQ's dashboard shows as waiting
    pulled = pull_changes(
        client=client, write=db.write, cursor=cursor, apply=apply, store_cursor=store_cursor,
        pending=waiting, page_size=settings.page_size, cancel=cancel, progress=progress,
    )  # fmt: skip
    if pulled.error is not None:
        _note(report, f"Download from HQ interrupted: {pulled.error}", pulled.failure)
    report.pulled += pulled.applied
    if pulled.cancelled:
        report.outcome = "cancelled"
    if pulled.server_time is not None and report.clock_skew_seconds is None:
        skew = (utcnow() - pulled.server_time.astimezone(UTC)).total_seconds()
        report.clock_skew_seconds = skew
        if abs(skew) > CLOCK_SKEW_WARN_SECONDS:
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
            set_setting(session=session, key=Keys.VERIFIED_AT, value=_stamp(utcnow()))
        elif result.missing:
            set_setting(session=session, key=Keys.VERIFIED_SEQ, value="0")
    return result.requeued


def _finish(db: Database, report: SyncReport, *, record: bool) -> SyncReport:
    from desktop.core.sync_pull import waiting_count

    report.finished_at = utcnow()
    reached = report.hq_answers > 0
    with db.write() as session:
        counts = outbox.counts(session=session)
        report.pending = counts.waiting
        report.set_aside = counts.set_aside
        report.all_at_hq = _all_at_hq(session, counts)
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
        set_setting(session=session, key=Keys.LAST_ATTEMPT, value=_stamp(report.finished_at))
        set_setting(session=session, key=Keys.LAST_ERROR, value=report.error or "")
        coded = {"code": report.error_code, "params": report.error_params} if report.error else {}
        set_setting(session=session, key=Keys.LAST_ERROR_CODE,
                    value=json.dumps(coded, default=str) if report.error_code else "")  # fmt: skip
        set_setting(session=session, key=Keys.ONLINE, value="1" if reached else "0")
        if report.outcome == "ok":
            set_setting(session=session, key=Keys.LAST_SUCCESS, value=_stamp(report.finished_at))
        if report.clock_skew_seconds is not None:
            set_setting(session=session, key=Keys.CLOCK_SKEW,
                        value=f"{report.clock_skew_seconds:.1f}")  # fmt: skip
            set_setting(session=session, key=Keys.CLOCK_WARNING, value=report.clock_warning or "")
        session.add(
            SyncRun(
                started_at=report.started_at, finished_at=report.finished_at,
                outcome=report.outcome, pushed=report.pushed, set_aside=report.set_aside_now,
                pulled=report.pulled, pending=report.pending, message=report.error or "",
            )
        )  # fmt: skip
        session.flush()
        session.connection().execute(
            text(
                "DELETE FROM sync_run WHERE id <= (SELECT id FROM sync_run ORDER BY id DESC "
                "LIMIT 1 OFFSET :keep)"
            ),
            {"keep": HISTORY_KEPT},
        )
    return report


def _all_at_hq(session: Session, counts: outbox.OutboxCounts) -> bool:
    verified = int(_number(session, Keys.VERIFIED_SEQ, 0))
    return counts.waiting == 0 and counts.set_aside == 0 and counts.max_seq <= verified


# --------------------------------------------------------------------------- status


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """Where sync stands, for the status bar and ``sync status``: plain data, safe to hand from a
    worker thread to the window."""

    enrolled: bool
    server: str | None
    device_id: str | None
    office_code: str | None
    office_name: str | None
    online: bool | None  # None: never tried
    running: bool  # a sync holds the lease right now
    pending: int  # pending + in flight: made here, not yet confirmed by HQ
    in_flight: int
    set_aside: int
    acknowledged: int
    pulled_waiting: int
    last_success: datetime | None
    last_attempt: datetime | None
    last_error: str | None
    next_attempt_at: datetime | None
    clock_skew_seconds: float | None
    clock_warning: str | None
    all_at_hq: bool
    verified_at: datetime | None
    problems: list[str]  # English sentences, for the CLI and logs
    # The same problems as (code, params, text): the window shows its own translated sentence.
    problem_codes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        for key in ("last_success", "last_attempt", "next_attempt_at", "verified_at"):
            values[key] = _stamp(values[key]) or None
        return values

    @property
    def headline(self) -> str:
        """One line for the status bar (Bahasa Indonesia, the operators' language)."""
        if not self.enrolled:
            return "Belum terhubung ke kantor pusat"
        if self.all_at_hq:
            return "Semua data sudah di kantor pusat"
        if self.pending:
            return f"{self.pending} data menunggu dikirim"
        if self.set_aside:
            return f"{self.set_aside} data disisihkan oleh kantor pusat"
        return "Menunggu pemeriksaan akhir dengan kantor pusat"


def _coded(stored: str | None) -> dict[str, Any]:
    """``{"code", "params"}`` of the last error as ``_finish`` stored it; {} when none or unreadable."""
    try:
        value = json.loads(stored or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict) or not isinstance(value.get("code"), str):
        return {}
    params = value.get("params")
    return {"code": value["code"], "params": params if isinstance(params, dict) else {}}


def sync_status(db: Database) -> SyncStatus:
    from desktop.core.sync_pull import waiting_count

    with db.session() as session:
        settings = load_settings(session=session)
        counts = outbox.counts(session=session)
        failure = outbox.oldest_failure(session=session)
        due = outbox.next_attempt_at(session=session)
        online_flag = get_setting(session=session, key=Keys.ONLINE)
        last_error = get_setting(session=session, key=Keys.LAST_ERROR) or None
        last_error_code = _coded(get_setting(session=session, key=Keys.LAST_ERROR_CODE))
        skew_text = get_setting(session=session, key=Keys.CLOCK_SKEW)
        warning = get_setting(session=session, key=Keys.CLOCK_WARNING) or None
        status = SyncStatus(
            enrolled=settings.enrolled,
            server=settings.server_url,
            device_id=settings.device_id,
            office_code=get_setting(session=session, key="office_code"),
            office_name=get_setting(session=session, key=Keys.OFFICE_NAME),
            online=None if online_flag is None else online_flag == "1",
            running=lease_is_held(db.folder),
            pending=counts.waiting,
            in_flight=counts.in_flight,
            set_aside=counts.set_aside,
            acknowledged=counts.acknowledged,
            pulled_waiting=waiting_count(session=session),
            last_success=_parse(get_setting(session=session, key=Keys.LAST_SUCCESS)),
            last_attempt=_parse(get_setting(session=session, key=Keys.LAST_ATTEMPT)),
            last_error=last_error,
            next_attempt_at=due if due and due.year > 1 else None,
            clock_skew_seconds=float(skew_text) if skew_text else None,
            clock_warning=warning,
            all_at_hq=_all_at_hq(session, counts),
            verified_at=_parse(get_setting(session=session, key=Keys.VERIFIED_AT)),
            problems=[],
        )
    found: list[tuple[str, dict[str, Any], str]] = []
    if not status.enrolled:
        found.append(("not_enrolled", {}, "This desk is not enrolled with HQ yet."))
    if last_error:
        # With its code when it has one, so the window says it in its own language.
        found.append(("last_error", {"error": last_error, **last_error_code}, last_error))
    if failure is not None and failure.attempts >= 3 and failure.last_error != last_error:
        found.append(("repeated_failure", {"attempts": failure.attempts, "error": failure.last_error},
                      f"Sending has failed {failure.attempts} times: {failure.last_error}"))  # fmt: skip
    if status.set_aside:
        found.append(("set_aside", {"count": status.set_aside},
                      f"{status.set_aside} item(s) were set aside by HQ; see their reasons."))  # fmt: skip
    if status.pulled_waiting:
        found.append(("pulled_waiting", {"count": status.pulled_waiting},
                      f"{status.pulled_waiting} change(s) from HQ wait for records not received yet."))  # fmt: skip
    if warning:
        seconds = round(status.clock_skew_seconds or 0)
        found.append(("clock_warning", {"warning": warning, "seconds": seconds}, warning))
    if status.server and status.server.startswith("http://") and not is_loopback(status.server):
        found.append(("not_encrypted", {}, "The connection to HQ is not encrypted (http://)."))
    problems = [text for _code, _params, text in found]
    codes = [(code, params) for code, params, _text in found]
    return replace(status, problems=problems, problem_codes=codes)


def set_aside(db: Database, *, limit: int = 500) -> list[SetAsideItem]:
    with db.session() as session:
        return outbox.set_aside_items(session=session, limit=limit)


def retry_set_aside(db: Database, *, ids: list[str] | None = None) -> int:
    """Send items HQ set aside again (after HQ fixed what it refused); all of them by default."""
    with db.write() as session:
        chosen = (
            ids
            if ids is not None
            else [i.id for i in outbox.set_aside_items(session=session, limit=1_000_000)]
        )
        return outbox.requeue(session=session, ids=chosen, reason="sent again by the operator")


@dataclass(frozen=True, slots=True)
class SyncHistoryRow:
    started_at: datetime
    finished_at: datetime
    outcome: str
    pushed: int
    set_aside: int
    pulled: int
    pending: int
    message: str


def history(db: Database, *, limit: int = 50) -> list[SyncHistoryRow]:
    with db.session() as session:
        rows = session.exec(select(SyncRun).order_by(col(SyncRun.id).desc()).limit(limit))
        return [
            SyncHistoryRow(r.started_at, r.finished_at, r.outcome, r.pushed, r.set_aside,
                           r.pulled, r.pending, r.message)
            for r in rows
        ]  # fmt: skip


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
        config = replace(_client_config(settings), read_timeout=10.0)
        with client_factory(config) as client:
            client.whoami()
    except SyncError:
        return False
    return True


def seconds_until_due(db: Database, *, interval: float = 300.0) -> float:
    """When the background timer should run next: at the regular interval, or sooner when the
    outbox's backoff ends; 0 when work is waiting and due."""
    with db.session() as session:
        due = outbox.next_attempt_at(session=session)
        last = _parse(get_setting(session=session, key=Keys.LAST_ATTEMPT))
    now = utcnow()
    regular = interval - (now - last).total_seconds() if last else 0.0
    if due is None:
        return max(0.0, regular)
    return max(0.0, min(regular, (due - now).total_seconds()))


# --------------------------------------------------------------------------- the USB bundle


def _hq_bundle_key(db: Database) -> bytes | None:
    with db.session() as session:
        stored = get_setting(session=session, key=Keys.HQ_BUNDLE_KEY)
    if not stored:
        return None
    try:
        raw = base64.b64decode(stored, validate=True)
    except ValueError:
        return None
    return raw if len(raw) == 32 else None


def export_bundle(
    db: Database, *, path: Path, include_acknowledged: bool = False
) -> dict[str, Any]:
    """Write what HQ has not acknowledged (or everything) into one signed, checksummed file for
    ``hadir-hq import-bundle`` (sync/bundle.py). The outbox is unchanged: only HQ's
    acknowledgement clears an item, and the next online sync or reconciliation gets it."""
    from desktop.core.seal import desk_signer
    from sync.bundle import write_bundle
    from sync.protocol import ChangeEnvelope

    with db.write() as session:
        settings = load_settings(session=session)
        if not settings.device_id or not settings.key_id:
            raise HadirError(
                "Enroll this desk with HQ first: HQ trusts a bundle only from a desk it knows.",
                code="sync_not_enrolled",
            )
        signer = desk_signer(session=session)
        items = outbox.unacknowledged(session=session, include_acknowledged=include_acknowledged)
    if signer.key_id != settings.key_id:
        raise HadirError(
            "This desk's signing key changed since it enrolled, so HQ would not trust the bundle: "
            "enroll the desk again.",
            code="sync_key_changed",
        )
    envelopes = [
        ChangeEnvelope(id=item.id, kind=item.kind, payload=json.loads(item.payload))
        for item in items
    ]
    target = Path(path).expanduser()
    if target.is_dir():
        raise HadirError(f"{target} is a folder; give a file name.", code="bundle_path")
    created = utcnow()
    seal_for = _hq_bundle_key(db)
    digest = write_bundle(
        path=target, device_id=settings.device_id, key_id=signer.key_id, items=envelopes,
        sign=signer.private_key.sign, created_at=created, seal_for=seal_for,
    )  # fmt: skip
    result = {"file": str(target.resolve()), "items": len(envelopes), "sha256": digest,
              "all": include_acknowledged, "created_at": _stamp(created),
              "sealed": seal_for is not None}  # fmt: skip
    if seal_for is None:
        result["warning"] = ("Not sealed: this desk does not know HQ's bundle key yet (it learns it "
                             "at its next sync with HQ). Anyone with the stick can read this file.")  # fmt: skip
    with db.write() as session:
        set_setting(session=session, key=Keys.LAST_BUNDLE, value=json.dumps(result))
    return result
