"""Personal certificate download links.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04

Issue 18 item 5: a desk mints a random token per certificate and sends the SHA-256 of it
(sync/protocol.py CertificateLinkRecord); HQ serves ``/d/<token>`` (sync/hq/downloads.py) while the
link is unexpired and neither it nor its certificate is revoked.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_link",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("certificate_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=255), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("verify_url", sa.String(length=2000), nullable=False),
        sa.Column("operator", sa.String(length=100), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("certificate_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificate_link_certificate_id"), ["certificate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_certificate_link_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_certificate_link_token_sha256"), ["token_sha256"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("certificate_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_link_token_sha256"))
        batch_op.drop_index(batch_op.f("ix_certificate_link_event_id"))
        batch_op.drop_index(batch_op.f("ix_certificate_link_certificate_id"))
    op.drop_table("certificate_link")
