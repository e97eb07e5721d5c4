"""HQ knows who made a relayed record and which desk syncs through which hub.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04

Issue 17 item 5: a venue hub pushes its member desks' records under their own change ids, so HQ
recorded the hub as the maker. A hub now names the member desk of each item
(sync/protocol.py RELAYED_FOR_HEADER): ``change.made_by_desk_id`` keeps it per change, and
``desk_via_hub`` which desk reached HQ through which hub, first and last, for the dashboard.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("made_by_desk_id", sa.String(length=64), nullable=True))
    op.create_table(
        "desk_via_hub",
        sa.Column("desk_id", sa.String(length=64), nullable=False),
        sa.Column("hub_device_id", sa.String(length=36), nullable=False),
        sa.Column("office_code", sa.String(length=16), nullable=False),
        sa.Column("desk_name", sa.String(length=100), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("desk_id", "hub_device_id"),
    )
    with op.batch_alter_table("desk_via_hub", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_desk_via_hub_office_code"), ["office_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("desk_via_hub", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_via_hub_office_code"))
    op.drop_table("desk_via_hub")
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_column("made_by_desk_id")
