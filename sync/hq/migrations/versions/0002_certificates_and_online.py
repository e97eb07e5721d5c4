"""Certificates, their print log and revocations, and online attendance as desks send them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

Until now the ``certificate`` table was only read (verification, dashboard); desks now push their
certificates, print records, revocations, online reports (the raw file, for audit) and online
results. Columns added to ``certificate`` get defaults so that rows HQ already holds stay valid.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("issued_by", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("template_id", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("template_version", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("revoked_by", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("revocation_id", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("payload_hash", sa.String(length=64), nullable=False, server_default="")
        )

    op.create_table(
        "certificate_print",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("certificate_id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator", sa.String(length=100), nullable=False),
        sa.Column("desk_id", sa.String(length=64), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("destination", sa.String(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("certificate_print", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certificate_print_certificate_id"), ["certificate_id"], unique=False
        )

    op.create_table(
        "online_report",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("variant", sa.String(length=32), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("online_report", schema=None) as batch_op:
        batch_op.create_index("ix_online_report_event_sha256", ["event_id", "sha256"], unique=False)

    op.create_table(
        "online_attendance",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("person_key", sa.String(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("nip", sa.String(length=32), nullable=True),
        sa.Column("guest", sa.Boolean(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("match", sa.String(length=16), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=True),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("desk_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("event_id", "person_key"),
    )


def downgrade() -> None:
    op.drop_table("online_attendance")
    with op.batch_alter_table("online_report", schema=None) as batch_op:
        batch_op.drop_index("ix_online_report_event_sha256")
    op.drop_table("online_report")
    with op.batch_alter_table("certificate_print", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_print_certificate_id"))
    op.drop_table("certificate_print")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_column("payload_hash")
        batch_op.drop_column("revocation_id")
        batch_op.drop_column("revoked_by")
        batch_op.drop_column("template_version")
        batch_op.drop_column("template_id")
        batch_op.drop_column("issued_by")
