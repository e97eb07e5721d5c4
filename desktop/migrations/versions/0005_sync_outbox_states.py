"""sync: outbox backoff and set-aside reason, reconciliation group, run history, pulled changes
waiting for what they name, aliases of HQ record ids

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

Issue 6. Existing outbox rows get their reconciliation group from their frozen payload (event id
and day, the grouping HQ uses), so a desk upgraded mid-event reconciles like a new one.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('day', sa.Integer(), nullable=False, server_default='0'))
    op.execute(
        "UPDATE outbox SET "
        "event_id = CASE kind WHEN 'event' THEN json_extract(payload, '$.id') "
        "WHEN 'participant' THEN NULL ELSE json_extract(payload, '$.event_id') END, "
        "day = CASE kind WHEN 'checkin' THEN COALESCE(json_extract(payload, '$.day'), 0) ELSE 0 END"
    )
    op.create_table('sync_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('pushed', sa.Integer(), nullable=False),
    sa.Column('set_aside', sa.Integer(), nullable=False),
    sa.Column('pulled', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Integer(), nullable=False),
    sa.Column('message', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('sync_pulled_waiting',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('payload', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('waits_for', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('sync_pulled_waiting', schema=None) as batch_op:
        batch_op.create_index('ix_sync_pulled_waiting_waits_for', ['waits_for'], unique=False)
    op.create_table('sync_alias',
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('remote_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('local_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'remote_id')
    )


def downgrade() -> None:
    op.drop_table('sync_alias')
    with op.batch_alter_table('sync_pulled_waiting', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_pulled_waiting_waits_for')
    op.drop_table('sync_pulled_waiting')
    op.drop_table('sync_run')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('day')
        batch_op.drop_column('event_id')
        batch_op.drop_column('reason')
        batch_op.drop_column('next_attempt_at')
