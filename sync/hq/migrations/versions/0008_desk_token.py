"""Desk tokens rotate: the pending and retiring tokens of each desk.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

Issue 15 item 9: a desk's bearer token never expired. HQ now hands a desk a new token with an
accepted push or pull; ``desk_token`` holds the tokens handed out and not used yet, and the ones
that were replaced, valid for a grace period. ``device.token_hash`` stays the current token, so a
desk enrolled before this revision keeps working unchanged.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_token",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("desk_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desk_token_device_id"), ["device_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("desk_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_token_device_id"))
    op.drop_table("desk_token")
