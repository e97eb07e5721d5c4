"""Desks' audit logs at HQ.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Issue 9: every desk action worth answering for (sign-in, check-in, undo, import, export, erasure,
purge, ...) reaches HQ with the operator's name, kept with the device and office that sent it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_audit",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("desk_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.Column("office_code", sa.String(length=16), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("desk_audit", schema=None) as batch_op:
        batch_op.create_index("ix_desk_audit_office_at", ["office_code", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("desk_audit", schema=None) as batch_op:
        batch_op.drop_index("ix_desk_audit_office_at")
    op.drop_table("desk_audit")
