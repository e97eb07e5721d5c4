"""certificates of the office's other desks are kept too: one in force per person, event and desk

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

Issue 17 item 2. Certificates and their print log now reach the office's other desks, so that a
desk asked to print for someone who already has a certificate reprints that one. Two desks that
issued offline for the same person and event both hold both certificates after their pulls, for
an operator to keep one and revoke the other (nothing is revoked by itself): the unique index of
certificates in force becomes one per person, event and issuing desk. Issuing still looks across
every desk's certificates (desktop/core/certificates/issuing.py), so a desk never makes a second
one for someone whose certificate it holds.

Downgrading fails (a unique-index violation) while a person has two certificates in force for an
event; revoke one first.
"""

from alembic import op
import sqlalchemy as sa


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index("ux_certificate_event_participant_active")
        batch_op.create_index(
            "ux_certificate_event_participant_desk_active",
            ["event_id", "participant_id", "desk_id"],
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index("ux_certificate_event_participant_desk_active")
        batch_op.create_index(
            "ux_certificate_event_participant_active",
            ["event_id", "participant_id"],
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
        )
