"""Wrong passwords per account and source address, for the dashboard's login lockout.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Issue 15 item 9: login limiting was per IP and per worker only. Failures are now counted in the
database (every worker sees them) per account and per source, so a guesser locks only itself.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username", "source"),
    )


def downgrade() -> None:
    op.drop_table("login_failure")
