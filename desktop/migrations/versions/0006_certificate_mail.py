"""certificate e-mail queue for online participants

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

Issue 7: each certificate to e-mail is a queued record, sent once, failures kept with the server's
reason, resent only when an operator asks.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificate_mail',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('certificate_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('recipient', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('queued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('queued_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], ),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('certificate_id')
    )
    with op.batch_alter_table('certificate_mail', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_mail_event_id'), ['event_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('certificate_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_mail_event_id'))
    op.drop_table('certificate_mail')
