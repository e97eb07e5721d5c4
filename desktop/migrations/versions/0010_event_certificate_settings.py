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
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number_pattern', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('template_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('template_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('verify_base_url', sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('verify_base_url')
        batch_op.drop_column('template_version')
        batch_op.drop_column('template_id')
        batch_op.drop_column('number_pattern')
