"""Per-account login lockout, shared by every worker through the database (issue 15, item 9).

Failures are counted per (account, source address). After ``FREE_FAILURES`` wrong passwords from
one source, that source waits before its next try for that account, doubling up to
``MAX_WAIT``. Other sources are untouched: someone guessing the admin's password from one address
cannot lock the admin out from the office, and a correct password from an address that never
failed always passes. A success forgets the source's failures. The in-process per-IP bucket still
stands in front of this.

Issue 19 item 4 adds a lock per account from every source together (the row whose source is
``ANY_SOURCE``): someone spraying guesses from many addresses, five each, stops after
``ACCOUNT_FREE_FAILURES`` in all. That one can lock the account's owner out too, for a while
(doubling from ``ACCOUNT_FIRST_WAIT`` up to ``MAX_WAIT``), which is the price of stopping the spray;
an HQ admin unlocks it at once (``unlock``). Unknown usernames are counted the same way, so the
answers do not tell which accounts exist.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col

from sync.clock import as_utc
from sync.hq.models import LoginFailure

FREE_FAILURES = 5
FIRST_WAIT = timedelta(minutes=1)
MAX_WAIT = timedelta(hours=1)
ANY_SOURCE = "*"  # never a client address: the account's row, failures from everywhere
ACCOUNT_FREE_FAILURES = 10
ACCOUNT_FIRST_WAIT = timedelta(minutes=5)


def _key(username: str, source: str) -> tuple[str, str]:
    return username.strip()[:64], source[:64]


def locked_until(*, session: Session, username: str, source: str, now: datetime) -> datetime | None:
    """When this source may try this account again, or None if it may try now."""
    row = session.get(LoginFailure, _key(username, source))
    if row is None or row.locked_until is None or as_utc(row.locked_until) <= now:
        return None
    return as_utc(row.locked_until)


def account_locked_until(*, session: Session, username: str, now: datetime) -> datetime | None:
    """When this account may be tried again from anywhere, or None if it may be tried now."""
    return locked_until(session=session, username=username, source=ANY_SOURCE, now=now)


def _count(
    *, session: Session, username: str, source: str, now: datetime, free: int, wait: timedelta
) -> None:
    row = session.get(LoginFailure, _key(username, source))
    if row is None:
        name, where = _key(username, source)
        row = LoginFailure(username=name, source=where, failures=0, last_failed_at=now)
    row.failures += 1
    row.last_failed_at = now
    over = row.failures - free
    if over >= 0:
        row.locked_until = now + min(wait * 2 ** min(over, 12), MAX_WAIT)
    session.add(row)


def record_failure(*, session: Session, username: str, source: str, now: datetime) -> None:
    """One more failure from this source, and for the account from every source."""
    _count(
        session=session,
        username=username,
        source=source,
        now=now,
        free=FREE_FAILURES,
        wait=FIRST_WAIT,
    )
    _count(
        session=session,
        username=username,
        source=ANY_SOURCE,
        now=now,
        free=ACCOUNT_FREE_FAILURES,
        wait=ACCOUNT_FIRST_WAIT,
    )


def record_success(*, session: Session, username: str, source: str) -> None:
    for where in (source, ANY_SOURCE):
        row = session.get(LoginFailure, _key(username, where))
        if row is not None:
            session.delete(row)


def unlock(*, session: Session, username: str) -> int:
    """Forget every failure for this account, from every source; how many rows there were."""
    name, _ = _key(username, "")
    result = session.execute(delete(LoginFailure).where(col(LoginFailure.username) == name))
    return int(getattr(result, "rowcount", 0) or 0)
