"""The desk's outbox: every change HQ needs, queued in the same transaction that makes it.

The payload is frozen when queued (../shared/design/sync.md rule 5): a retry resends identical bytes
and a later local edit cannot change what an id means. Only HQ's explicit acknowledgement of an id
clears an item (the client, in its own issue). This module knows nothing of ``desktop``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, Session, SQLModel

from sync.ids import new_id
from sync.protocol import AnyRecord
from sync.sqlite_bulk import bulk_insert, sqlite_utc


class OutboxState(StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    ACKNOWLEDGED = "acknowledged"
    SET_ASIDE = "set_aside"


def _utcnow() -> datetime:
    return datetime.now(UTC)


class OutboxItem(SQLModel, table=True):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_seq", "state", "seq"),)

    # seq keeps the order changes were made in (a registration after its participant).
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True)  # the change's id; HQ deduplicates on it
    kind: str
    record_id: str
    payload: str  # frozen JSON of the record
    state: str = OutboxState.PENDING.value
    attempts: int = 0
    last_error: str = ""
    created_at: datetime = Field(default_factory=_utcnow)
    acknowledged_at: datetime | None = None


def _row(record: AnyRecord, created_at: str) -> dict[str, Any]:
    return {
        "id": new_id(),
        "kind": record.kind,
        "record_id": record.id,
        "payload": record.model_dump_json(),
        "state": OutboxState.PENDING.value,
        "attempts": 0,
        "last_error": "",
        "created_at": created_at,
    }


def enqueue(*, session: Session, records: Iterable[AnyRecord]) -> int:
    """Queue records inside the caller's transaction; the caller commits. Returns how many."""
    now = sqlite_utc(_utcnow())
    rows = [_row(record, now) for record in records]
    bulk_insert(session, "outbox", rows)
    return len(rows)


def pending_count(*, session: Session) -> int:
    from sqlalchemy import func, select

    statement = (
        select(func.count())
        .select_from(OutboxItem)
        .where(
            OutboxItem.state.in_([OutboxState.PENDING.value, OutboxState.IN_FLIGHT.value])  # type: ignore[attr-defined]
        )
    )
    return int(session.execute(statement).scalar_one())


def decode(item: OutboxItem) -> dict[str, Any]:
    return dict(json.loads(item.payload))
