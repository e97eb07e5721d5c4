"""The one rule for an effective check-in (sync/attendance_rule.py), which the desk's attendance and
HQ's merge both build on: a check-in counts unless it is an undo or an undo names it."""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String, Table, create_engine, select

from sync.attendance_rule import counts


def _checkins() -> tuple[Table, list[dict[str, str | None]]]:
    checkin = Table(
        "checkin", MetaData(), Column("id", String, primary_key=True), Column("undoes_id", String)
    )
    rows: list[dict[str, str | None]] = [
        {"id": "kept", "undoes_id": None},
        {"id": "undone", "undoes_id": None},
        {"id": "undo-1", "undoes_id": "undone"},
        # An undo of an undo cancels nothing that counts: the first check-in stays cancelled.
        {"id": "undone-then", "undoes_id": None},
        {"id": "undo-2", "undoes_id": "undone-then"},
        {"id": "undo-of-undo", "undoes_id": "undo-2"},
        # An undo naming a check-in this side never received still never counts itself.
        {"id": "undo-of-unknown", "undoes_id": "elsewhere"},
    ]
    return checkin, rows


def test_a_check_in_counts_unless_it_is_an_undo_or_an_undo_names_it() -> None:
    checkin, rows = _checkins()
    engine = create_engine("sqlite://")
    checkin.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(checkin.insert(), rows)
        on_table = connection.execute(select(checkin.c.id).where(counts(checkin))).scalars()
        alias = checkin.alias("c")
        on_alias = connection.execute(select(alias.c.id).where(counts(alias))).scalars()
        assert sorted(on_table) == sorted(on_alias) == ["kept"]


def test_the_rule_can_appear_twice_in_one_statement() -> None:
    # HQ joins attendance to the check-ins that made it: two subqueries, each applying the rule.
    checkin, rows = _checkins()
    engine = create_engine("sqlite://")
    checkin.metadata.create_all(engine)
    first, second = checkin.alias(), checkin.alias()
    left = select(first.c.id).where(counts(first)).subquery()
    right = select(second.c.id).where(counts(second)).subquery()
    with engine.begin() as connection:
        connection.execute(checkin.insert(), rows)
        joined = connection.execute(
            select(left.c.id).join_from(left, right, left.c.id == right.c.id)
        ).scalars()
        assert list(joined) == ["kept"]
