"""The outbox as the venue hub sees it (issue 17): the member's second state, "the venue has it",
and the hub's relay of members' items under their original change ids.

A member's item has two independent acknowledgements: ``hub_acknowledged_at`` (the hub holds it)
and ``state`` (HQ's, unchanged by anything here), so "all data is at HQ" stays HQ's word.
On the hub, a member's item becomes an ordinary outbox item with the member's change id and frozen
payload: HQ deduplicates on that id whether the record arrives through the hub, directly from the
member or by USB bundle. This module knows nothing of ``desktop``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from sync.desk.outbox import PAYLOAD_SQL, OutboxState, Sendable, sendables
from sync.desk.sqlite_bulk import bulk_insert, sqlite_utc
from sync.protocol import (
    MAX_RELAYED_RUNS,
    AnyRecord,
    RelayedDesk,
    format_relayed_for,
    manifest_group,
    relayed_runs,
)

_WAITING = (OutboxState.PENDING.value, OutboxState.IN_FLIGHT.value)

# --------------------------------------------------------------------------- the member's side


def waiting_for_hub(*, session: Session, limit: int) -> list[Sendable]:
    """Items the hub has not confirmed and HQ has not acknowledged either, oldest first. Nothing
    is marked in flight: the hub stores by change id, so sending an item twice is harmless."""
    rows = (
        session.connection()
        .execute(
            text(
                f"SELECT seq, id, kind, {PAYLOAD_SQL} FROM outbox "
                "WHERE hub_acknowledged_at IS NULL "
                "AND state IN (:pending, :in_flight) ORDER BY seq LIMIT :limit"
            ),
            {"pending": _WAITING[0], "in_flight": _WAITING[1], "limit": max(1, limit)},
        )
        .all()
    )
    return sendables(rows)


def pending_to_hub(*, session: Session) -> int:
    """Items waiting for HQ that the hub has not taken yet."""
    return _waiting(session, at_hub=False)


def at_hub_waiting_for_hq(*, session: Session) -> int:
    """Items the hub holds that HQ has not acknowledged here (yet): at the venue, not at HQ."""
    return _waiting(session, at_hub=True)


def _waiting(session: Session, *, at_hub: bool) -> int:
    held = "IS NOT NULL" if at_hub else "IS NULL"
    value = (
        session.connection()
        .execute(
            text(
                f"SELECT COUNT(*) FROM outbox WHERE hub_acknowledged_at {held} "
                "AND state IN (:pending, :in_flight)"
            ),
            {"pending": _WAITING[0], "in_flight": _WAITING[1]},
        )
        .scalar()
    )
    return int(value or 0)


def mark_at_hub(*, session: Session, ids: Iterable[str], now: datetime) -> int:
    rows = [{"id": item_id, "at": sqlite_utc(now)} for item_id in ids]
    if not rows:
        return 0
    session.connection().execute(
        text(
            "UPDATE outbox SET hub_acknowledged_at = :at WHERE id = :id "
            "AND hub_acknowledged_at IS NULL"
        ),
        rows,
    )
    return len(rows)


def forget_hub_acknowledgements(*, session: Session) -> int:
    """This desk now syncs with another hub (it joined one, or moved to the desk that took over):
    what only the old hub confirmed and HQ has not acknowledged goes to the new hub again, so
    the venue converges without HQ. The new hub stores by change id: a resend doubles nothing."""
    result = session.connection().execute(
        text(
            "UPDATE outbox SET hub_acknowledged_at = NULL WHERE hub_acknowledged_at IS NOT NULL "
            "AND state IN (:pending, :in_flight)"
        ),
        {"pending": _WAITING[0], "in_flight": _WAITING[1]},
    )
    return int(getattr(result, "rowcount", 0) or 0)


def is_own_change(*, session: Session, change_id: str) -> bool:
    """The desk made this change itself (the hub hands a desk's own items back only if another
    path brought them there, e.g. a USB bundle)."""
    return (
        session.connection()
        .execute(text("SELECT 1 FROM outbox WHERE id = :id"), {"id": change_id})
        .first()
        is not None
    )


def set_aside_by_hub(*, session: Session, answers: dict[str, str]) -> int:
    """HQ set these items aside when the hub relayed them: set them aside here too, with HQ's
    reason, so the operator of the desk that made them sees it. Only items the hub holds and
    still waiting here; one this desk sent HQ itself already carries HQ's own answer."""
    rows = [{"id": change_id, "reason": reason[:500]} for change_id, reason in answers.items()]
    if not rows:
        return 0
    changed = 0
    for row in rows:
        result = session.connection().execute(
            text(
                "UPDATE outbox SET state = :aside, reason = :reason, next_attempt_at = NULL "
                "WHERE id = :id AND hub_acknowledged_at IS NOT NULL "
                "AND state IN (:pending, :in_flight)"
            ),
            {
                **row,
                "aside": OutboxState.SET_ASIDE.value,
                "pending": _WAITING[0],
                "in_flight": _WAITING[1],
            },
        )
        changed += int(getattr(result, "rowcount", 0) or 0)
    return changed


def at_hq_by_hub(*, session: Session, ids: Iterable[str], now: datetime) -> int:
    """HQ acknowledged these items when the hub relayed them (the hub says so in its answers):
    acknowledged here too, so a desk that never reaches HQ itself does not show them waiting for
    HQ forever. Only items the hub holds and still waiting here."""
    rows = [{"id": change_id, "at": sqlite_utc(now)} for change_id in ids]
    if not rows:
        return 0
    changed = 0
    for row in rows:
        result = session.connection().execute(
            text(
                "UPDATE outbox SET state = :acknowledged, acknowledged_at = :at, "
                "next_attempt_at = NULL, last_error = '' WHERE id = :id "
                "AND hub_acknowledged_at IS NOT NULL AND state IN (:pending, :in_flight)"
            ),
            {
                **row,
                "acknowledged": OutboxState.ACKNOWLEDGED.value,
                "pending": _WAITING[0],
                "in_flight": _WAITING[1],
            },
        )
        changed += int(getattr(result, "rowcount", 0) or 0)
    return changed


def waiting_for_hq_at_hub(*, session: Session, limit: int) -> list[str]:
    """Items the hub holds and HQ has not acknowledged here, oldest first: what a member asks
    the hub about (``answers``)."""
    return [
        str(change_id)
        for (change_id,) in session.connection().execute(
            text(
                "SELECT id FROM outbox WHERE hub_acknowledged_at IS NOT NULL "
                "AND state IN (:pending, :in_flight) ORDER BY seq LIMIT :limit"
            ),
            {"pending": _WAITING[0], "in_flight": _WAITING[1], "limit": max(1, limit)},
        )
    ]


# --------------------------------------------------------------------------- the hub's side


def acknowledged_relayed(
    *, session: Session, from_desk_id: str, change_ids: Sequence[str]
) -> list[str]:
    """Which of these items, relayed from this member, HQ has acknowledged to the hub."""
    found: list[str] = []
    for start in range(0, len(change_ids), 500):
        part = list(change_ids[start : start + 500])
        marks = ", ".join(f":p{i}" for i in range(len(part)))
        found.extend(
            str(row[0])
            for row in session.connection().execute(
                text(
                    "SELECT o.id FROM outbox o JOIN venue_relayed r ON r.change_id = o.id "
                    f"WHERE r.from_desk_id = :desk AND o.state = :done AND o.id IN ({marks})"
                ),
                {
                    "desk": from_desk_id,
                    "done": OutboxState.ACKNOWLEDGED.value,
                    **{f"p{i}": value for i, value in enumerate(part)},
                },
            )
        )
    return found


def hq_mark(*, session: Session, from_desk_id: str) -> str:
    """A mark of HQ's acknowledgements of this member's relayed items: how many, and the last."""
    count, last = (
        session.connection()
        .execute(
            text(
                "SELECT COUNT(*), MAX(o.acknowledged_at) FROM outbox o "
                "JOIN venue_relayed r ON r.change_id = o.id "
                "WHERE r.from_desk_id = :desk AND o.state = :done"
            ),
            {"desk": from_desk_id, "done": OutboxState.ACKNOWLEDGED.value},
        )
        .one()
    )
    return f"{int(count or 0)}:{last or ''}"


def send_again_to_hq(*, session: Session, from_desk_id: str, change_ids: Sequence[str]) -> int:
    """A member sent again what the hub holds as set aside by HQ (its operator retried it, after
    HQ's side was fixed): queue it for HQ again, under the same change id, so the retry reaches HQ
    rather than the hub's old answer coming back. HQ stores a change id once whatever the number
    of sends. Only this member's own items."""
    changed = 0
    for change_id in change_ids:
        result = session.connection().execute(
            text(
                "UPDATE outbox SET state = :pending, attempts = 0, next_attempt_at = NULL, "
                "reason = '', last_error = 'sent again by the desk that made it' "
                "WHERE id = :id AND state = :aside AND id IN "
                "(SELECT change_id FROM venue_relayed WHERE from_desk_id = :desk)"
            ),
            {
                "id": change_id,
                "desk": from_desk_id,
                "pending": OutboxState.PENDING.value,
                "aside": OutboxState.SET_ASIDE.value,
            },
        )
        changed += int(getattr(result, "rowcount", 0) or 0)
    return changed


def relayed_for(*, session: Session, batch: Sequence[Sendable]) -> tuple[int, str | None]:
    """For a push to HQ: how many of the batch's items go in it (all, unless its items alternate
    between desks more than ``MAX_RELAYED_RUNS`` times) and the ``RELAYED_FOR_HEADER`` value that
    names the member desk of each, None when this desk made them all (every desk that is not a
    hub)."""
    if not batch:
        return 0, None
    sequence = makers_of(session=session, change_ids=[item.id for item in batch])
    if sequence is None:
        return len(batch), None
    count = len(sequence)
    value = format_relayed_for(sequence)
    while value is not None and relayed_runs(value) > MAX_RELAYED_RUNS:
        count = max(1, count // 2)
        value = format_relayed_for(sequence[:count])
    return count, value


def makers_of(*, session: Session, change_ids: Sequence[str]) -> list[RelayedDesk | None] | None:
    """The member desk that made each of these outbox items (None: this desk made it), or None
    when this desk relayed none of them (every desk that is not a hub). For a push's header
    (``relayed_for``) and a USB bundle's (desktop/core/sync/bundle.py)."""
    connection = session.connection()
    if connection.execute(text("SELECT 1 FROM venue_relayed LIMIT 1")).first() is None:
        return None  # no hub: nothing to look up, on every push of every desk
    makers: dict[str, RelayedDesk] = {}
    ids = list(change_ids)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ", ".join(f":p{i}" for i in range(len(part)))
        for change_id, desk_id, desk_name in session.connection().execute(
            text(
                "SELECT r.change_id, r.from_desk_id, COALESCE(m.desk_name, '') "
                "FROM venue_relayed r LEFT JOIN venue_member m ON m.desk_id = r.from_desk_id "
                f"WHERE r.change_id IN ({marks})"
            ),
            {f"p{i}": value for i, value in enumerate(part)},
        ):
            # A member that left keeps its records' attribution; its name is then unknown here.
            makers[str(change_id)] = RelayedDesk(str(desk_id), str(desk_name) or str(desk_id))
    if not makers:
        return None
    return [makers.get(change_id) for change_id in ids]


def put_back(*, session: Session, items: Sequence[Sendable]) -> None:
    """Items taken for a push but left out of it: pending again, no attempt counted."""
    for item in items:
        session.connection().execute(
            text("UPDATE outbox SET state = :pending WHERE id = :id AND state = :in_flight"),
            {"id": item.id, "pending": _WAITING[0], "in_flight": _WAITING[1]},
        )


def set_aside_relayed(*, session: Session, from_desk_id: str, limit: int) -> dict[str, str]:
    """What HQ set aside of the items relayed from this member: change id -> HQ's reason."""
    return {
        str(change_id): str(reason)
        for change_id, reason in session.connection().execute(
            text(
                "SELECT o.id, o.reason FROM outbox o JOIN venue_relayed r ON r.change_id = o.id "
                "WHERE r.from_desk_id = :desk AND o.state = :aside ORDER BY o.seq LIMIT :limit"
            ),
            {"desk": from_desk_id, "aside": OutboxState.SET_ASIDE.value, "limit": max(1, limit)},
        )
    }


def held(*, session: Session, change_ids: Sequence[str]) -> set[str]:
    """Which of these change ids the hub's outbox already holds (its own, or relayed before)."""
    found: set[str] = set()
    for start in range(0, len(change_ids), 500):
        part = list(change_ids[start : start + 500])
        marks = ", ".join(f":p{i}" for i in range(len(part)))
        found.update(
            str(row[0])
            for row in session.connection().execute(
                text(f"SELECT id FROM outbox WHERE id IN ({marks})"),
                {f"p{i}": value for i, value in enumerate(part)},
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class RelayedItem:
    change_id: str
    record: AnyRecord
    payload: str  # the member's frozen JSON, relayed byte for byte


def relay(
    *, session: Session, from_desk_id: str, items: Sequence[RelayedItem], now: datetime
) -> dict[str, int]:
    """Queue members' items for HQ in the caller's transaction, under their own change ids.
    Returns change id -> the new outbox seq (the hub's cursor position of each)."""
    if not items:
        return {}
    stamp = sqlite_utc(now)
    rows: list[dict[str, Any]] = []
    for item in items:
        event_id, day = manifest_group(item.record)
        rows.append(
            {
                "id": item.change_id,
                "kind": item.record.kind,
                "record_id": item.record.id,
                "payload": item.payload,
                "state": OutboxState.PENDING.value,
                "attempts": 0,
                "last_error": "",
                "created_at": stamp,
                "reason": "",
                "event_id": event_id,
                "day": day,
                "hub_acknowledged_at": stamp,
            }
        )
    bulk_insert(session, "outbox", rows)
    bulk_insert(
        session,
        "venue_relayed",
        [
            {"change_id": item.change_id, "from_desk_id": from_desk_id, "received_at": stamp}
            for item in items
        ],
    )
    ids = [item.change_id for item in items]
    seqs: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ", ".join(f":p{i}" for i in range(len(part)))
        for change_id, seq in session.connection().execute(
            text(f"SELECT id, seq FROM outbox WHERE id IN ({marks})"),
            {f"p{i}": value for i, value in enumerate(part)},
        ):
            seqs[str(change_id)] = int(seq)
    return seqs


def feed(
    *, session: Session, cursor: int, limit: int, for_desk_id: str, kinds: Iterable[str]
) -> list[tuple[int, str, str, str]]:
    """What the hub hands a member after ``cursor``: its outbox in order (its own records and
    every member's) of the kinds a desk applies, less what that member itself sent and what HQ
    set aside."""
    wanted = sorted(kinds)
    marks = ", ".join(f":k{i}" for i in range(len(wanted)))
    return [
        (int(seq), str(i), str(kind), str(payload))
        for seq, i, kind, payload in session.connection().execute(
            text(
                f"SELECT seq, id, kind, {PAYLOAD_SQL} FROM outbox WHERE seq > :cursor "
                f"AND kind IN ({marks}) AND state != :aside AND id NOT IN "
                "(SELECT change_id FROM venue_relayed WHERE from_desk_id = :desk) "
                "ORDER BY seq LIMIT :limit"
            ),
            {
                "cursor": cursor,
                "aside": OutboxState.SET_ASIDE.value,
                "desk": for_desk_id,
                "limit": max(1, limit),
                **{f"k{i}": kind for i, kind in enumerate(wanted)},
            },
        )
    ]


def keep_pulled(
    *, session: Session, changes: Sequence[tuple[str, str, dict[str, Any]]], now: datetime
) -> None:
    """On a hub, in the pull page's own transaction: HQ's changes (id, kind, payload), for
    members."""
    import json

    bulk_insert(
        session,
        "venue_pulled",
        [
            {
                "id": change_id,
                "kind": kind,
                "payload": json.dumps(payload),
                "received_at": sqlite_utc(now),
            }
            for change_id, kind, payload in changes
        ],
    )


def feed_pulled(*, session: Session, cursor: int, limit: int) -> list[tuple[int, str, str, str]]:
    """What the hub pulled from HQ after ``cursor``, in arrival order."""
    return [
        (int(seq), str(i), str(kind), str(payload))
        for seq, i, kind, payload in session.connection().execute(
            text(
                "SELECT seq, id, kind, payload FROM venue_pulled WHERE seq > :cursor "
                "ORDER BY seq LIMIT :limit"
            ),
            {"cursor": cursor, "limit": max(1, limit)},
        )
    ]
