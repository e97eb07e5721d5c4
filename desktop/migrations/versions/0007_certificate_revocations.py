"""revocations of certificates learnt from HQ

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24

Issue 5 item 4 / issue 6: HQ publishes revoked certificates to every desk, so that a desk's offline
check says "revoked" for a certificate another desk issued (the desk keeps no row for those).
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificate_revocation',
    sa.Column('certificate_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('desk_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('certificate_id')
    )
    with op.batch_alter_table('certificate_revocation', schema=None) as batch_op:
        batch_op.create_index('ix_certificate_revocation_number', ['number'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('certificate_revocation', schema=None) as batch_op:
        batch_op.drop_index('ix_certificate_revocation_number')
    op.drop_table('certificate_revocation')
