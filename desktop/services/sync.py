"""Sync as the window needs it: one snapshot for the Sync view and the status bar, and the
operator's actions (enroll, retry what HQ set aside, write a USB bundle) with their audit lines.
desktop/core/sync/ does the work, one module per job; this only composes it. Qt-free."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.db import Database
from desktop.core.sync import bundle, enrollment, settings
from desktop.core.sync import run as sync_run
from desktop.core.sync import status as sync_state
from desktop.core.sync.enrollment import EnrollResult
from desktop.core.sync.run import SyncReport
from desktop.core.sync.status import SyncHistoryRow, SyncStatus
from desktop.services.audit import audit
from sync.desk.client import CancelToken, ProgressCallback
from sync.desk.outbox import SetAsideItem


@dataclass(frozen=True, slots=True)
class SyncSnapshot:
    status: SyncStatus
    history: list[SyncHistoryRow]
    set_aside: list[SetAsideItem]
    seconds_until_due: float


def snapshot(db: Database, *, interval: float, details: bool = True) -> SyncSnapshot:
    """Status always; history and set-aside items when the Sync view shows them."""
    status = sync_state.sync_status(db)
    return SyncSnapshot(
        status=status,
        history=sync_state.history(db, limit=50) if details else [],
        set_aside=sync_state.set_aside(db, limit=500) if details and status.set_aside else [],
        seconds_until_due=sync_state.seconds_until_due(db, interval=interval),
    )


def run(
    db: Database,
    *,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
    force: bool = False,
) -> SyncReport:
    """One run, the window's timer's or an operator's. No audit line: the run's own history
    (``sync history``) is its record, and an audit line would be one more item waiting for HQ
    right after a run that sent everything."""
    return sync_run.run_sync(db, cancel=cancel, progress=progress, force=force)


def check_connection(db: Database) -> bool:
    """Whether HQ answers (a login page on the hotel Wi-Fi is not HQ)."""
    return sync_run.check_connection(db)


def enroll(
    db: Database,
    *,
    server_url: str,
    code: str,
    desk_name: str,
    operator: str,
    ca_bundle: str | None = None,
) -> EnrollResult:
    result = enrollment.enroll(
        db,
        server_url=server_url.strip(),
        code=code.strip(),
        desk_name=desk_name.strip(),
        ca_bundle=ca_bundle,
    )
    audit(
        db,
        operator=operator,
        action="sync.enroll",
        server=result.server,
        device=result.device_id,
        desk=result.desk_name,
    )
    return result


def configure(
    db: Database, *, operator: str, ca_bundle: str | None = None, **tuning: float
) -> dict[str, str]:
    """Show the sync settings, changing what is given."""
    result = settings.configure(db, ca_bundle=ca_bundle, **tuning)
    if ca_bundle is not None or tuning:
        audit(db, operator=operator, action="sync.config", ca_bundle=ca_bundle, **tuning)
    return result


def retry_set_aside(db: Database, *, ids: list[str] | None, operator: str) -> int:
    count = sync_state.retry_set_aside(db, ids=ids)
    audit(db, operator=operator, action="sync.retry_set_aside", items=count)
    return count


def export_bundle(
    db: Database, *, path: Path, include_acknowledged: bool, operator: str
) -> dict[str, Any]:
    result = bundle.export_bundle(db, path=path, include_acknowledged=include_acknowledged)
    # The bundle carries every record out of the desk on a stick: UU 27/2022 wants a record.
    audit(
        db,
        operator=operator,
        action="sync.export_bundle",
        file=result["file"],
        items=result["items"],
        all=include_acknowledged,
        sealed=result["sealed"],
    )
    return result
