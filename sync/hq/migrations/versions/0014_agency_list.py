"""The reference list of agencies and their ASN, for coverage by instansi.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04

Issue 19 item 3: ``hadir-hq agencies import FILE`` loads it; the national and office pages read
which of the largest agencies are not yet reached (sync/hq/coverage.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=False),
        sa.Column("office_code", sa.String(length=16), nullable=True),
        sa.Column("asn", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key", "province", name="uq_agency_name_province"),
    )
    op.create_index("ix_agency_name_key", "agency", ["name_key"])


def downgrade() -> None:
    op.drop_index("ix_agency_name_key", table_name="agency")
    op.drop_table("agency")
