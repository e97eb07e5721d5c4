"""venue stations: phones and tablets paired with a venue hub as check-in stations

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04

Issue 17 item 7. On a hub, ``venue_station`` holds each paired phone or tablet: its id, its name
(the operator of its check-ins) and the random key its page seals every call with. A removed row
is a revoked station. The check-ins themselves need no new column: ``method`` "station" and the
station's name as ``operator``.

"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "venue_station",
        sa.Column("station_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_seen", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("station_id"),
        sa.UniqueConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("venue_station")
