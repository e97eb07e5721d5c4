"""invitation e-mail queue

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04

Issue 18: each invitation to e-mail is a queued record, like a certificate's (0006): sent once,
failures kept with the server's reason, resent only when an operator asks.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('invitation_mail',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('recipient', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('queued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('queued_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'participant_id')
    )
    with op.batch_alter_table('invitation_mail', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_mail_event_id'), ['event_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('invitation_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_mail_event_id'))
    op.drop_table('invitation_mail')
