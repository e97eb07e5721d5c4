"""Events and participants carry the change HQ applied last: their version.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

Issue 15 item 1: HQ ordered edits by the desk's ``updated_at``, so a desk whose clock was behind
had its erasure answered "stored" and never applied, and one record stamped 2099 froze a person for
good. Edits are now ordered by HQ's receipt, and ``change_id`` names the change that made the row
what it is; the pull feed hands out only that change of each record, so a desk converges on HQ's
version whatever its own clock says. Rows HQ already holds get the change that made them under the
old rule (the latest ``updated_at``, the later received among equals); a row no change explains
keeps NULL, and the feed then hands out all of its changes as before.
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TABLES = {"event": "event", "participant": "participant"}  # change kind -> table


def _moment(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _backfill(connection: sa.Connection, kind: str, table: str) -> None:
    best: dict[str, tuple[datetime, str]] = {}
    rows = connection.execute(
        sa.text(
            "SELECT id, record_id, payload FROM change WHERE kind = :kind ORDER BY received_at, id"
        ),
        {"kind": kind},
    )
    for change_id, record_id, payload in rows:
        try:
            stamp = _moment(json.loads(payload)["updated_at"])
        except (KeyError, TypeError, ValueError):
            continue
        kept = best.get(record_id)
        if kept is None or stamp >= kept[0]:  # the old rule: updated_at <= excluded.updated_at
            best[record_id] = (stamp, change_id)
    statement = sa.text(f"UPDATE {table} SET change_id = :change WHERE id = :id")
    pairs = [{"id": record_id, "change": change} for record_id, (_, change) in best.items()]
    for start in range(0, len(pairs), 1000):
        connection.execute(statement, pairs[start : start + 1000])


def upgrade() -> None:
    for table in _TABLES.values():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("change_id", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    for kind, table in _TABLES.items():
        _backfill(connection, kind, table)


def downgrade() -> None:
    for table in _TABLES.values():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("change_id")
