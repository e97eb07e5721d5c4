"""The one reader of a stored timestamp, for the desk and HQ alike: aware UTC, whatever the form.

Every timestamp is stored in UTC. The ORM hands one back as a ``datetime`` (naive from SQLite,
aware from PostgreSQL); raw SQL on SQLite hands back its text: SQLAlchemy's form
``2026-03-12 01:02:03.000123`` (naive, space separator), an aggregate such as ``MIN(at)`` of it,
or text written by hand elsewhere (``isoformat()`` with ``+00:00``, ``Z``, a ``T``, another
offset). One function reads them all, so no caller guesses which form it got.
"""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(value: datetime | str) -> datetime:
    """Aware UTC from a stored timestamp: a naive one is UTC (how both sides store time); one with
    an offset is converted. Raises ValueError for text that is not a timestamp."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise ValueError("an empty text is not a timestamp")
        value = datetime.fromisoformat(text)  # 3.11+: "Z", a space or a "T", any fraction
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
