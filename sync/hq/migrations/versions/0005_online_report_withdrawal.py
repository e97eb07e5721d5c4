"""Online reports carry their Meet day and can be marked withdrawn.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Issue 13 item 15: a desk can take an imported report back out (the wrong file, a Meet report given
the wrong day). HQ keeps the file for audit and marks it withdrawn, with when, by whom and why, from
the desk's ``online_report_removal`` record. ``meeting_date`` is the day a Google Meet report is of,
which its rows do not say. Reports HQ already holds stay as they are: not withdrawn, no day.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("online_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meeting_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("withdrawn_by", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("withdrawn_reason", sa.String(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("withdrawal_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("online_report", schema=None) as batch_op:
        for name in (
            "withdrawal_id",
            "withdrawn_reason",
            "withdrawn_by",
            "withdrawn_at",
            "meeting_date",
        ):
            batch_op.drop_column(name)
