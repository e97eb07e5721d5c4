"""HQ's key for USB bundles: desks seal their bundles to it, so a lost stick shows nothing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Issue 9: a USB bundle carries a whole event's participants; it is now encrypted to HQ (libsodium
sealed box, X25519). The key pair is made here, once per HQ database, so every worker reads the
same one and no race can make two.
"""

import base64
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from nacl.public import PrivateKey

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "hq_key",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("private_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    private = PrivateKey.generate()
    op.bulk_insert(
        table,
        [
            {
                "name": "bundle",
                "public_key": base64.b64encode(bytes(private.public_key)).decode(),
                "private_key": base64.b64encode(bytes(private)).decode(),
                "created_at": datetime.now(UTC),
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("hq_key")
