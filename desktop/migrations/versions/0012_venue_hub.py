"""venue hub: the outbox's hub acknowledgement, the hub's members and what it relays

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

Issue 17 items 3 and 8. ``outbox.hub_acknowledged_at`` records "the venue has it" beside the HQ
state an item already has, so "all data is at HQ" still waits for HQ. On a hub, ``venue_member``
holds each paired desk with its pinned key and ``venue_relayed`` the change ids it took from
members (relayed to HQ under their own ids; not handed back to the desk that made them), and
``venue_pulled`` what it pulled from HQ, handed down to members by a cursor of its own.

"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("hub_acknowledged_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    op.create_table(
        "venue_member",
        sa.Column("desk_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("desk_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("office_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("public_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("paired_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_seen", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("desk_id"),
        sa.UniqueConstraint("public_key"),
    )
    op.create_table(
        "venue_relayed",
        sa.Column("change_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("from_desk_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("change_id"),
    )
    with op.batch_alter_table("venue_relayed", schema=None) as batch_op:
        batch_op.create_index("ix_venue_relayed_from_desk_id", ["from_desk_id"], unique=False)
    op.create_table(
        "venue_pulled",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("payload", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )


def downgrade() -> None:
    op.drop_table("venue_pulled")
    op.drop_table("venue_relayed")
    op.drop_table("venue_member")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("hub_acknowledged_at")
