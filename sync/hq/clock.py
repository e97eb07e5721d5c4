"""HQ's time: aware UTC everywhere. SQLite hands timestamps back naive, so reads go through as_utc."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | str) -> datetime:
    """Aware UTC from a stored value; raw SQL on SQLite returns aggregates such as MIN(at) as text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_id() -> str:
    return str(uuid.uuid4())
