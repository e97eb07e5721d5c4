"""The pull side: a server-assigned cursor over the change log, paged and resumable (sync.md rule
13).

Cursor positions (``change.seq``) are handed out by one sequencer at a time, only to rows already
committed, in a transaction that holds a lock until it commits. So a reader that has seen position N
has seen every position below N, and a change that commits late gets a position above every one
already handed out: no desk can skip it. Inserting with an identity column instead would let a slow
transaction commit position 103 after a reader had moved past 105.
"""

from __future__ import annotations

import json
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import text
from sqlmodel import Session

from sync.clock import utcnow
from sync.hq.models import EVERY_OFFICE, Change
from sync.hq.security import sha256_hex
from sync.hq.sql import dialect_name, insert
from sync.ids import new_id
from sync.protocol import HQ_ONLY_KINDS, PulledChange, PullResponse

_SEQUENCER_LOCK_KEY = 0x48445153  # "HDQS"; any constant shared by every HQ process
SEQUENCE_BATCH = 20_000
MAX_PAGE = 5000

# Desk-sent changes other desks have no use for (certificates, print logs, online reports of up to
# 5 MB): kept out of the feed. HQ's own changes of those kinds (published revocations) are in it.
_HQ_ONLY = ", ".join(f"'{kind}'" for kind in sorted(HQ_ONLY_KINDS))

# Events, their settings and participants are edited: HQ keeps the version it received last (an
# erasure stands), and names it in ``change_id``. Only that change of each is handed out, so a desk
# converges on what HQ holds whatever order, or clock, it saw the edits in; an older change is
# never handed out after a newer one, and a desk's own newer edit is not undone by another desk's
# older one it pulls later.
# A row without a version (none of its changes explained it at migration 0006) hands out all.
_VERSIONS = (
    "LEFT JOIN event ve ON c.kind = 'event' AND ve.id = c.record_id "
    "LEFT JOIN participant vp ON c.kind = 'participant' AND vp.id = c.record_id "
    "LEFT JOIN event_settings vs ON c.kind = 'event_settings' AND vs.id = c.record_id"
)
_CURRENT = (
    "(ve.change_id IS NULL OR ve.change_id = c.id) "
    "AND (vp.change_id IS NULL OR vp.change_id = c.id) "
    "AND (vs.change_id IS NULL OR vs.change_id = c.id)"
)

# One statement for both dialects: number the unsequenced rows after the highest position so far.
_ASSIGN = text(
    """
    WITH base AS (SELECT COALESCE(MAX(seq), 0) AS top FROM change),
    todo AS (
        SELECT id, ROW_NUMBER() OVER (ORDER BY received_at, id) AS n
        FROM (SELECT id, received_at FROM change WHERE seq IS NULL
              ORDER BY received_at, id LIMIT :batch) AS pending
    )
    UPDATE change SET seq = (SELECT top FROM base) + todo.n
    FROM todo WHERE change.id = todo.id
    """
)


def publish(
    *,
    session: Session,
    kind: str,
    record: BaseModel,
    office_code: str = EVERY_OFFICE,
    now: datetime | None = None,
) -> str:
    """Put a record made at HQ (a desk key, a revocation) into the feed; returns its change id."""
    payload = record.model_dump_json()
    change_id = new_id()
    session.execute(
        insert(session, Change).values(
            id=change_id,
            kind=kind,
            record_id=str(getattr(record, "id", change_id)),
            payload_hash=sha256_hex(payload),
            payload=payload,
            device_id=None,
            office_code=office_code,
            event_id=None,
            day=0,
            received_at=now or utcnow(),
        )
    )
    return change_id


def assign_sequence(*, session: Session, batch: int = SEQUENCE_BATCH) -> int:
    """Give cursor positions to up to ``batch`` committed, unsequenced changes. The caller commits
    at once (the lock is held until then). Returns how many were numbered."""
    if dialect_name(session) == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SEQUENCER_LOCK_KEY})
    result = session.execute(_ASSIGN, {"batch": batch})
    return int(getattr(result, "rowcount", 0) or 0)


def pull_page(
    *, session: Session, office_code: str, device_id: str, cursor: int, limit: int
) -> PullResponse:
    """Changes for this office (and for every office) after ``cursor``, except the ones this
    device sent itself and desk-sent records that only HQ keeps; the cursor still moves past this
    device's own so a page is never empty for nothing."""
    limit = max(1, min(limit, MAX_PAGE))
    rows = session.execute(
        text(
            "SELECT c.seq, c.id, c.kind, c.payload, c.device_id FROM change c "
            f"{_VERSIONS} "
            "WHERE c.office_code IN (:office, :every) AND c.seq > :cursor "
            f"AND NOT (c.device_id IS NOT NULL AND c.kind IN ({_HQ_ONLY})) "
            f"AND {_CURRENT} "
            "ORDER BY c.seq LIMIT :limit"
        ),
        {"office": office_code, "every": EVERY_OFFICE, "cursor": cursor, "limit": limit + 1},
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    items = [
        PulledChange(seq=row.seq, id=row.id, kind=row.kind, payload=json.loads(row.payload))
        for row in rows
        if row.device_id != device_id
    ]
    next_cursor = rows[-1].seq if rows else cursor
    return PullResponse(
        items=items, next_cursor=next_cursor, has_more=has_more, server_time=utcnow()
    )
