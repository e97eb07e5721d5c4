"""initial desk schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23

Tables for events, participants, registrations, append-only check-ins, settings and the sync
outbox; an FTS5 index over participant names, NIPs and instansi kept current by triggers.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('office_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('venue', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('jp', sa.Integer(), nullable=True),
    sa.Column('min_days', sa.Integer(), nullable=True),
    sa.Column('is_demo', sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column('signatory_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('signatory_title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('signatory_nip', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_office_code'), ['office_code'], unique=False)

    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('payload', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('acknowledged_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('seq'),
    sa.UniqueConstraint('id')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_state_seq', ['state', 'seq'], unique=False)

    op.create_table('participant',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('nip', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('nik', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('asn_status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('golongan', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('jabatan', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('unit_kerja', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('instansi', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('gender', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('nip')
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        # Most participants are ASN with no NIK: index only the rows that have one.
        batch_op.create_index('ix_participant_nik', ['nik'], unique=False,
                              sqlite_where=sa.text('nik IS NOT NULL'))

    op.create_table('setting',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('checkin',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('desk_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('desk_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('method', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('undoes_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.create_index('ix_checkin_event_day', ['event_id', 'day'], unique=False)
        batch_op.create_index('ix_checkin_event_participant_day', ['event_id', 'participant_id', 'day'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkin_undoes_id'), ['undoes_id'], unique=False)

    op.create_table('registration',
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('desk_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('event_id', 'participant_id'),
    sqlite_with_rowid=False,
    )


    # Search (issue 2): an external-content FTS5 index over names and instansi, keyed by the
    # participant table's rowid. unicode61 with remove_diacritics folds case and accents and splits
    # on punctuation, so "Dr. H. Ahmad Fauzan, S.H." is found by "ahmad fauzan". Prefix indexes
    # make the type-as-you-go prefix queries cheap; detail=column drops word positions we never
    # use (no phrase queries), a quarter of the index. NIPs are searched through their B-tree index.
    # VACUUM may renumber rowids: run 'rebuild' after one.
    op.execute(
        "CREATE VIRTUAL TABLE participant_fts USING fts5("
        "full_name, instansi, content='participant', content_rowid='rowid', "
        "tokenize='unicode61 remove_diacritics 2', prefix='2 3', detail=column)"
    )
    op.execute(
        "CREATE TRIGGER participant_fts_insert AFTER INSERT ON participant BEGIN "
        "INSERT INTO participant_fts(rowid, full_name, instansi) "
        "VALUES (new.rowid, new.full_name, new.instansi); END"
    )
    op.execute(
        "CREATE TRIGGER participant_fts_delete AFTER DELETE ON participant BEGIN "
        "INSERT INTO participant_fts(participant_fts, rowid, full_name, instansi) "
        "VALUES ('delete', old.rowid, old.full_name, old.instansi); END"
    )
    op.execute(
        "CREATE TRIGGER participant_fts_update AFTER UPDATE OF full_name, instansi "
        "ON participant BEGIN "
        "INSERT INTO participant_fts(participant_fts, rowid, full_name, instansi) "
        "VALUES ('delete', old.rowid, old.full_name, old.instansi); "
        "INSERT INTO participant_fts(rowid, full_name, instansi) "
        "VALUES (new.rowid, new.full_name, new.instansi); END"
    )


def downgrade() -> None:
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS participant_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS participant_fts")
    op.drop_table('registration')
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_undoes_id'))
        batch_op.drop_index('ix_checkin_event_participant_day')
        batch_op.drop_index('ix_checkin_event_day')

    op.drop_table('checkin')
    op.drop_table('setting')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_nik')

    op.drop_table('participant')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_state_seq')

    op.drop_table('outbox')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_office_code'))

    op.drop_table('event')
