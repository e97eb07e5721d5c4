"""An event's certificate settings travel with it: one current version per event.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

Issue 17 item 1: the certificate rule, signature blocks, number pattern, template and
verification address were each desk's own, so two desks of one event decided differently. Desks
now send them as ``event_settings`` records; HQ keeps the version it received last (``change_id``
names it, as for events since 0006) and the pull feed hands out only that one.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_settings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("office_code", sa.String(length=16), nullable=False),
        sa.Column("min_days", sa.Integer(), nullable=True),
        sa.Column("online_min_minutes", sa.Integer(), nullable=True),
        sa.Column("online_min_percent", sa.Integer(), nullable=True),
        sa.Column("signatories", sa.Text(), nullable=False),
        sa.Column("number_pattern", sa.String(length=200), nullable=True),
        sa.Column("template_id", sa.String(length=200), nullable=True),
        sa.Column("template_version", sa.Integer(), nullable=True),
        sa.Column("verify_base_url", sa.String(length=500), nullable=True),
        sa.Column("desk_name", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("change_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event_settings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_settings_office_code"), ["office_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("event_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_settings_office_code"))
    op.drop_table("event_settings")
