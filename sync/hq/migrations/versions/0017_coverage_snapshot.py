"""Coverage figures kept with the version of the data they were computed from.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04

Issue 19 item 6: at 1,000,000 people, coverage by instansi and province (two passes over the
year's certificates) took seconds on every view of the national page; sync/hq/coverage.py keeps
the last result per (year, office, mode) and computes again only when the data changed.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coverage_snapshot",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=200), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("coverage_snapshot")
