"""certificate download links

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04

Issue 18 item 5: a personal, expiring, revocable download link per certificate. The desk keeps the
token (the database is encrypted) so the list can be printed again; HQ gets only its SHA-256.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificate_link',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('certificate_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('token_sha256', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('verify_url', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token')
    )
    with op.batch_alter_table('certificate_link', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_certificate_link_certificate_id'), ['certificate_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('certificate_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_link_certificate_id'))
    op.drop_table('certificate_link')
