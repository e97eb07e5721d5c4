"""certificates: desk keys, issued certificates, print log, overrides, signatories, counters

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Issue 4. Certificates are records: a number and a seal token are made once; reprints add print-log
rows; a withdrawal sets revoked_at. One certificate in force per person and event (a partial unique
index), numbers unique on the desk and never reused.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('desk_key',
    sa.Column('key_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('desk_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('algorithm', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('public_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('private_key', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('key_id')
    )
    with op.batch_alter_table('desk_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_key_desk_id'), ['desk_id'], unique=False)

    op.create_table('certificate',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('office_code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('desk_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('printed_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('template_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('template_version', sa.Integer(), nullable=False),
    sa.Column('key_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('issued_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('issued_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('revoked_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.ForeignKeyConstraint(['key_id'], ['desk_key.key_id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('ux_certificate_event_participant_active', ['event_id', 'participant_id'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'))

    op.create_table('certificate_print',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('certificate_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('printed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('desk_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('destination', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('certificate_print', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_print_certificate_id'), ['certificate_id'], unique=False)

    op.create_table('eligibility_override',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('participant_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('eligible', sa.Boolean(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('desk_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('eligibility_override', schema=None) as batch_op:
        batch_op.create_index('ix_eligibility_override_event_participant', ['event_id', 'participant_id'], unique=False)

    op.create_table('certificate_signatory',
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('nip', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.PrimaryKeyConstraint('event_id', 'position')
    )

    op.create_table('certificate_counter',
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('scope')
    )


def downgrade() -> None:
    op.drop_table('certificate_counter')
    op.drop_table('certificate_signatory')
    with op.batch_alter_table('eligibility_override', schema=None) as batch_op:
        batch_op.drop_index('ix_eligibility_override_event_participant')

    op.drop_table('eligibility_override')
    with op.batch_alter_table('certificate_print', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_print_certificate_id'))

    op.drop_table('certificate_print')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index('ux_certificate_event_participant_active')
        batch_op.drop_index(batch_op.f('ix_certificate_participant_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_event_id'))

    op.drop_table('certificate')
    with op.batch_alter_table('desk_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_key_desk_id'))

    op.drop_table('desk_key')
