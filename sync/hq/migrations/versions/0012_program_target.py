"""The program's targets: people to train per year, for the nation and each office.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04

Issue 19 item 2: ``hadir-hq target set`` writes them; ``hadir-hq stats`` and the national figures
(sync/hq/national.py) read them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "program_target",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("scope", "year"),
    )


def downgrade() -> None:
    op.drop_table("program_target")
