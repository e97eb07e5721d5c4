"""online reports carry the day they are of; the duplicate check includes it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

Issue 13 item 15. A Google Meet report has no date inside: on a multi-day event the clerk names the
day, and the same file given for another day is another report. The unique key (event, sha256)
becomes (event, sha256, meeting_date).

SQLite cannot drop the old unnamed unique constraint in place, so online_report is rebuilt; since
online_segment refers to it (and foreign keys are on inside the migration's transaction), the
segments are set aside, their table dropped and made again exactly as 0004 made it.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_REPORT_COLUMNS = "id, event_id, file_name, sha256, variant, timezone, raw, operator, imported_at"
_SEGMENT_COLUMNS = ("id, report_id, event_id, row, display_name, original_name, email, guest, "
                    "joined_at, left_at, minutes")


def _report_table(*, meeting_date: bool) -> None:
    columns = [
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('variant', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('raw', sa.LargeBinary(), nullable=False),
        sa.Column('operator', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('imported_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    ]
    if meeting_date:
        columns.append(sa.Column('meeting_date', sa.Date(), nullable=True))
    unique = ('event_id', 'sha256', 'meeting_date') if meeting_date else ('event_id', 'sha256')
    op.create_table('online_report', *columns,
                    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint(*unique))


def _segment_table() -> None:
    op.create_table('online_segment',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('report_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('original_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('guest', sa.Boolean(), nullable=False),
    sa.Column('joined_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('left_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('minutes', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.ForeignKeyConstraint(['report_id'], ['online_report.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('online_segment', schema=None) as batch_op:
        batch_op.create_index('ix_online_segment_event', ['event_id'], unique=False)


def _rebuild(*, meeting_date: bool) -> None:
    op.execute(f"CREATE TEMP TABLE saved_segment AS SELECT {_SEGMENT_COLUMNS} FROM online_segment")
    op.execute(f"CREATE TEMP TABLE saved_report AS SELECT {_REPORT_COLUMNS} FROM online_report")
    op.drop_table('online_segment')
    op.drop_table('online_report')
    _report_table(meeting_date=meeting_date)
    op.execute(f"INSERT INTO online_report ({_REPORT_COLUMNS}) SELECT {_REPORT_COLUMNS} FROM saved_report")
    _segment_table()
    op.execute(f"INSERT INTO online_segment ({_SEGMENT_COLUMNS}) "
               f"SELECT {_SEGMENT_COLUMNS} FROM saved_segment")
    op.execute("DROP TABLE saved_segment")
    op.execute("DROP TABLE saved_report")


def upgrade() -> None:
    # Reports imported before this revision: Meet reports were put on the date in their file name
    # or the event's first day; their segments' times say which, so nothing is lost by leaving the
    # date empty (an empty date only means "before the day was asked").
    _rebuild(meeting_date=True)


def downgrade() -> None:
    _rebuild(meeting_date=False)
