"""Sync as the window needs it: one snapshot for the Sync view and the status bar, and the
operator's actions (enroll, retry what HQ set aside, write a USB bundle) with their audit lines.
desktop/core/sync_service.py does the work; this only composes it. Qt-free."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core import sync_service
from desktop.core.db import Database
from desktop.core.operators import record_audit
from desktop.core.sync_service import EnrollResult, SyncHistoryRow, SyncStatus
from sync.outbox import SetAsideItem


@dataclass(frozen=True, slots=True)
class SyncSnapshot:
    status: SyncStatus
    history: list[SyncHistoryRow]
    set_aside: list[SetAsideItem]
    seconds_until_due: float


def snapshot(db: Database, *, interval: float, details: bool = True) -> SyncSnapshot:
    """Status always; history and set-aside items when the Sync view shows them."""
    service = sync_service.SyncService(db)
    status = service.status()
    return SyncSnapshot(
        status=status,
        history=service.history(limit=50) if details else [],
        set_aside=service.set_aside(limit=500) if details and status.set_aside else [],
        seconds_until_due=service.seconds_until_due(interval=interval),
    )


def enroll(db: Database, *, server_url: str, code: str, desk_name: str,
           operator: str) -> EnrollResult:  # fmt: skip
    result = sync_service.enroll(db, server_url=server_url.strip(), code=code.strip(),
                                 desk_name=desk_name.strip())  # fmt: skip
    audit(db, operator=operator, action="sync.enroll",
          server=result.server, device=result.device_id, desk=result.desk_name)  # fmt: skip
    return result


def retry_set_aside(db: Database, *, ids: list[str] | None, operator: str) -> int:
    count = sync_service.retry_set_aside(db, ids=ids)
    audit(db, operator=operator, action="sync.retry_set_aside", items=count)
    return count


def export_bundle(db: Database, *, path: Path, include_acknowledged: bool,
                  operator: str) -> dict[str, Any]:  # fmt: skip
    result = sync_service.export_bundle(db, path=path, include_acknowledged=include_acknowledged)
    # The bundle carries every record out of the desk on a stick: UU 27/2022 wants a record.
    audit(db, operator=operator, action="sync.export_bundle", file=result["file"],
          items=result["items"], all=include_acknowledged, sealed=result["sealed"])  # fmt: skip
    return result


def audit(db: Database, *, operator: str, action: str, **detail: object) -> None:
    with db.write() as session:
        record_audit(session=session, operator=operator, action=action, detail=dict(detail))
