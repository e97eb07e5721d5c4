"""The one rule for an effective check-in, for the desk and HQ alike (sync.md rule 16).

A check-in counts unless it is itself an undo or an undo names it. Check-ins are append-only on
both sides: an undo is a row of the same ``checkin`` table whose ``undoes_id`` names the check-in it
cancels, so which check-ins count is a question asked of the table, never a flag kept on a row.
Attendance (present on a day, and since when) is then the earliest check-in that counts, which the
desk's ``desktop/core/attendance.py`` and HQ's ``sync/hq/merge.py`` both build on this expression.

It is an expression over the caller's own table (the desk's SQLModel table or HQ's), so each side
keeps its queries, its indexes and its dialect while the rule itself is written once.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, and_, select
from sqlalchemy.sql.selectable import Alias


def counts(checkin: FromClause) -> ColumnElement[bool]:
    """True for the rows of ``checkin`` that count: the table itself or an alias of it in the
    caller's query. The undo is looked up in the same table under an anonymous alias, so one
    statement may apply the rule in several of its subqueries."""
    table = checkin.element if isinstance(checkin, Alias) else checkin
    undo = table.alias()
    cancelled = select(undo.c.id).where(undo.c.undoes_id == checkin.c.id).exists()
    return and_(checkin.c.undoes_id.is_(None), ~cancelled)
