"""an event carries its number pattern, template and verification address

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

Issue 17 item 1. The certificate rule and signatories were already event columns; the number
pattern and the verification address were desk settings and the template a choice at printing,
so two desks of one event made different certificates. They become event settings that travel
(sync/protocol.py EventSettingsRecord); NULL keeps the desk's own default, as before.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch rebuild: every table that names an event keeps pointing at
    # it, and SQLite refuses to drop a table that others refer to while foreign keys are on.
    op.add_column('event', sa.Column('number_pattern', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column('event', sa.Column('template_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column('event', sa.Column('template_version', sa.Integer(), nullable=True))
    op.add_column('event', sa.Column('verify_base_url', sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place (no rebuild), for the same reason.
    for name in ('verify_base_url', 'template_version', 'template_id', 'number_pattern'):
        op.drop_column('event', name)
