"""Where sync stands, for the status bar, the Sync view and ``hadir-cli sync status``: plain data,
safe to hand from a worker thread to the window; the run history, what HQ set aside (and sending
it again), and when the background timer should run next."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from desktop.core.clock import utcnow
from desktop.core.db_read import DatabaseReader
from desktop.core.sync.reads import (
    Keys,
    SettingsReplaced,
    is_enrolled,
    number_value,
    pulled_waiting,
    read_replaced_settings,
    setting_values,
)
from sync.clock import parse_utc_text, utc_text
from sync.desk.lease import lease_is_held
from sync.desk.outbox_reads import (
    OutboxCounts,
    Rows,
    read_counts,
    read_next_attempt_at,
    read_oldest_failure,
    session_rows,
)

# No SQLModel (nor SQLAlchemy) at import: ``hadir-cli sync status`` reads the status over a bare
# SQLCipher connection (``DatabaseReader``), the window through its session (issue 20).
if TYPE_CHECKING:
    from sqlmodel import Session

    from desktop.core.db import Database
    from sync.desk.outbox import SetAsideItem

SETTINGS_REPLACED_SHOWN = timedelta(days=1)  # how long a replaced setting stays in the status


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
    # Events whose certificate settings, as this desk had set them, HQ replaced with another
    # desk's version in the last day (issue 17), newest first.
    settings_replaced: list[SettingsReplaced] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        for key in ("last_success", "last_attempt", "next_attempt_at", "verified_at"):
            values[key] = utc_text(values[key]) or None
        for replaced in values["settings_replaced"]:
            replaced["at"] = utc_text(replaced["at"]) or None
            replaced["fields"] = list(replaced["fields"])
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


def all_at_hq(session: Session, counts: OutboxCounts) -> bool:
    from desktop.core.sync.settings import number_setting

    return _all_at_hq(counts, verified_seq=int(number_setting(session, Keys.VERIFIED_SEQ, 0)))


def _all_at_hq(counts: OutboxCounts, *, verified_seq: int) -> bool:
    """Everything made here is at HQ, and HQ's last reconcile said so up to the newest item."""
    return counts.waiting == 0 and counts.set_aside == 0 and counts.max_seq <= verified_seq


def _params(stored: str) -> dict[str, Any]:
    """A history row's error parameters (JSON); {} when none or unreadable."""
    try:
        value = json.loads(stored or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _coded(stored: str | None) -> dict[str, Any]:
    """``{"code", "params"}`` of the last error as ``_finish`` stored it; {} when none or
    unreadable."""
    try:
        value = json.loads(stored or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict) or not isinstance(value.get("code"), str):
        return {}
    params = value.get("params")
    return {"code": value["code"], "params": params if isinstance(params, dict) else {}}


# The settings the status shows, read in one statement.
_STATUS_KEYS = (
    Keys.SERVER,
    Keys.TOKEN,
    Keys.DEVICE,
    Keys.ONLINE,
    Keys.LAST_ERROR,
    Keys.LAST_ERROR_CODE,
    Keys.CLOCK_SKEW,
    Keys.CLOCK_WARNING,
    Keys.OFFICE_NAME,
    Keys.LAST_SUCCESS,
    Keys.LAST_ATTEMPT,
    Keys.VERIFIED_SEQ,
    Keys.VERIFIED_AT,
    "office_code",
)


@contextmanager
def _rows(db: Database | DatabaseReader) -> Iterator[Rows]:
    if isinstance(db, DatabaseReader):
        yield db.rows
    else:
        with db.session() as session:
            yield session_rows(session)


def sync_status(db: Database | DatabaseReader) -> SyncStatus:
    """Where sync stands: from the window's ``Database``, or from a ``DatabaseReader`` (hadir-cli
    sync status), the same statements and the same rules."""
    with _rows(db) as rows:
        values = setting_values(rows, _STATUS_KEYS)
        counts = read_counts(rows)
        failure = read_oldest_failure(rows)
        due = read_next_attempt_at(rows)
        waiting = pulled_waiting(rows)
        replacements = read_replaced_settings(
            rows, since=utcnow() - SETTINGS_REPLACED_SHOWN, limit=20
        )
    online_flag = values.get(Keys.ONLINE)
    last_error = values.get(Keys.LAST_ERROR) or None
    last_error_code = _coded(values.get(Keys.LAST_ERROR_CODE))
    skew_text = values.get(Keys.CLOCK_SKEW)
    warning = values.get(Keys.CLOCK_WARNING) or None
    verified_seq = int(
        number_value(values.get(Keys.VERIFIED_SEQ), key=Keys.VERIFIED_SEQ, default=0)
    )
    status = SyncStatus(
        enrolled=is_enrolled(
            server_url=values.get(Keys.SERVER),
            token=values.get(Keys.TOKEN),
            device_id=values.get(Keys.DEVICE),
        ),
        server=values.get(Keys.SERVER),
        device_id=values.get(Keys.DEVICE),
        office_code=values.get("office_code"),
        office_name=values.get(Keys.OFFICE_NAME),
        online=None if online_flag is None else online_flag == "1",
        running=lease_is_held(db.folder),
        pending=counts.waiting,
        in_flight=counts.in_flight,
        set_aside=counts.set_aside,
        acknowledged=counts.acknowledged,
        pulled_waiting=waiting,
        last_success=parse_utc_text(values.get(Keys.LAST_SUCCESS)),
        last_attempt=parse_utc_text(values.get(Keys.LAST_ATTEMPT)),
        last_error=last_error,
        next_attempt_at=due if due and due.year > 1 else None,
        clock_skew_seconds=float(skew_text) if skew_text else None,
        clock_warning=warning,
        all_at_hq=_all_at_hq(counts, verified_seq=verified_seq),
        verified_at=parse_utc_text(values.get(Keys.VERIFIED_AT)),
        problems=[],
        settings_replaced=replacements,
    )
    found: list[tuple[str, dict[str, Any], str]] = []
    if not status.enrolled:
        found.append(("not_enrolled", {}, "This desk is not enrolled with HQ yet."))
    if last_error:
        # With its code when it has one, so the window says it in its own language.
        found.append(("last_error", {"error": last_error, **last_error_code}, last_error))
    if failure is not None and failure.attempts >= 3 and failure.last_error != last_error:
        found.append(
            (
                "repeated_failure",
                {"attempts": failure.attempts, "error": failure.last_error},
                f"Sending has failed {failure.attempts} times: {failure.last_error}",
            )
        )
    if status.set_aside:
        found.append(
            (
                "set_aside",
                {"count": status.set_aside},
                f"{status.set_aside} item(s) were set aside by HQ; see their reasons.",
            )
        )
    if status.pulled_waiting:
        found.append(
            (
                "pulled_waiting",
                {"count": status.pulled_waiting},
                f"{status.pulled_waiting} change(s) from HQ wait for records not received yet.",
            )
        )
    if warning:
        seconds = round(status.clock_skew_seconds or 0)
        found.append(("clock_warning", {"warning": warning, "seconds": seconds}, warning))
    for replaced in status.settings_replaced[:3]:
        found.append(
            (
                "settings_replaced",
                {"title": replaced.event_title, "by": replaced.by_desk},
                f"The certificate settings of '{replaced.event_title}' set on this desk were "
                f"replaced by {replaced.by_desk}'s version, which HQ received last.",
            )
        )
    if status.server and status.server.startswith("http://"):
        # Imported only here: the HTTP client module brings requests, which ``sync status`` needs
        # for nothing else (start-up time, issue 20).
        from sync.desk.client import is_loopback

        if not is_loopback(status.server):
            found.append(("not_encrypted", {}, "The connection to HQ is not encrypted (http://)."))
    problems = [text for _code, _params, text in found]
    codes = [(code, params) for code, params, _text in found]
    return replace(status, problems=problems, problem_codes=codes)


def set_aside(db: Database, *, limit: int = 500) -> list[SetAsideItem]:
    from sync.desk import outbox

    with db.session() as session:
        return outbox.set_aside_items(session=session, limit=limit)


def retry_set_aside(db: Database, *, ids: list[str] | None = None) -> int:
    """Send items HQ set aside again (after HQ fixed what it refused); all of them by default."""
    from sync.desk import outbox

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
    error_code: str = ""
    error_params: dict[str, Any] = field(default_factory=dict)


def history(db: Database, *, limit: int = 50) -> list[SyncHistoryRow]:
    from sqlmodel import col, select

    from sync.desk.outbox import SyncRun

    with db.session() as session:
        rows = session.exec(select(SyncRun).order_by(col(SyncRun.id).desc()).limit(limit))
        return [
            SyncHistoryRow(
                r.started_at,
                r.finished_at,
                r.outcome,
                r.pushed,
                r.set_aside,
                r.pulled,
                r.pending,
                r.message,
                r.error_code,
                _params(r.error_params),
            )
            for r in rows
        ]


def seconds_until_due(db: Database, *, interval: float = 300.0) -> float:
    """When the background timer should run next: at the regular interval, or sooner when the
    outbox's backoff ends; 0 when work is waiting and due."""
    with db.session() as session:
        rows = session_rows(session)
        due = read_next_attempt_at(rows)
        last = parse_utc_text(setting_values(rows, [Keys.LAST_ATTEMPT]).get(Keys.LAST_ATTEMPT))
    now = utcnow()
    regular = interval - (now - last).total_seconds() if last else 0.0
    if due is None:
        return max(0.0, regular)
    return max(0.0, min(regular, (due - now).total_seconds()))
