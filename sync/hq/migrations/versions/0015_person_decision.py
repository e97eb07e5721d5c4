"""Operators' decisions about who is one person: link and unlink, audited.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04

Issue 19 item 1: ``hadir-hq people link|unlink`` and the dashboard's people page write them;
sync/hq/merge.py obeys them on every later ingest.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("other_participant_id", sa.String(length=64), nullable=True),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("merged_person_id", sa.String(length=64), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person_decision") as batch_op:
        for column in ("participant_id", "other_participant_id", "merged_person_id"):
            batch_op.create_index(f"ix_person_decision_{column}", [column], unique=False)


def downgrade() -> None:
    op.drop_table("person_decision")
