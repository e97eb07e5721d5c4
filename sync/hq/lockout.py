"""Per-account login lockout, shared by every worker through the database (issue 15, item 9).

Failures are counted per (account, source address). After ``FREE_FAILURES`` wrong passwords from
one source, that source waits before its next try for that account, doubling up to
``MAX_WAIT``. Other sources are untouched: someone guessing the admin's password from one address
cannot lock the admin out from the office, and a correct password from an address that never
failed always passes. A success forgets the source's failures. The in-process per-IP bucket still
stands in front of this.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from sync.clock import as_utc
from sync.hq.models import LoginFailure

FREE_FAILURES = 5
FIRST_WAIT = timedelta(minutes=1)
MAX_WAIT = timedelta(hours=1)


def _key(username: str, source: str) -> tuple[str, str]:
    return username.strip()[:64], source[:64]


def locked_until(*, session: Session, username: str, source: str, now: datetime) -> datetime | None:
    """When this source may try this account again, or None if it may try now."""
    row = session.get(LoginFailure, _key(username, source))
    if row is None or row.locked_until is None or as_utc(row.locked_until) <= now:
        return None
    return as_utc(row.locked_until)


def record_failure(*, session: Session, username: str, source: str, now: datetime) -> None:
    row = session.get(LoginFailure, _key(username, source))
    if row is None:
        name, where = _key(username, source)
        row = LoginFailure(username=name, source=where, failures=0, last_failed_at=now)
    row.failures += 1
    row.last_failed_at = now
    over = row.failures - FREE_FAILURES
    if over >= 0:
        row.locked_until = now + min(FIRST_WAIT * 2 ** min(over, 12), MAX_WAIT)
    session.add(row)


def record_success(*, session: Session, username: str, source: str) -> None:
    row = session.get(LoginFailure, _key(username, source))
    if row is not None:
        session.delete(row)
