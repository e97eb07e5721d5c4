"""online rows keep their role; a meeting-history file is one report per meeting chosen

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

Issue 13 items 8-16 follow-up. The reader tells each row's role (attendee, panelist, host,
dial-in); it is now kept on online_segment and summed up on online_person, so "host" and "phone
caller" stay visible after the import. A Zoom meeting-history file holds several meetings: importing
it again for another meeting is another report, so the meetings chosen (online_report.meeting_ids)
join the unique key, which becomes (event, sha256, meeting_date, meeting_ids).

As in 0008, SQLite cannot change an unnamed unique constraint in place: online_report is rebuilt,
and online_segment (which refers to it) with it. Rows imported before keep role NULL ("not kept")
and meeting_ids "": which meetings of a history file were imported then is not known, so
such a file stays "already imported" for any meeting (desktop/core/online.py _import).

Downgrading fails (a unique-key violation) when one file was imported for two meetings, because
0008's key cannot hold both; remove one of the two reports first.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_REPORT_COLUMNS = (
    "id, event_id, file_name, sha256, variant, timezone, raw, operator, imported_at, meeting_date"
)
_SEGMENT_COLUMNS = (
    "id, report_id, event_id, row, display_name, original_name, email, guest, "
    "joined_at, left_at, minutes"
)


def _report_table(*, meeting_ids: bool) -> None:
    columns = [
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("variant", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("operator", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=True),
    ]
    unique = ["event_id", "sha256", "meeting_date"]
    if meeting_ids:
        columns.append(sa.Column("meeting_ids", sqlmodel.sql.sqltypes.AutoString(), nullable=False))
        unique.append("meeting_ids")
    op.create_table(
        "online_report",
        *columns,
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(*unique),
    )


def _segment_table(*, role: bool) -> None:
    columns = [
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("report_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("original_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("guest", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("left_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("minutes", sa.Float(), nullable=True),
    ]
    if role:
        columns.append(sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_table(
        "online_segment",
        *columns,
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["online_report.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("online_segment", schema=None) as batch_op:
        batch_op.create_index("ix_online_segment_event", ["event_id"], unique=False)


def _rebuild(*, new: bool) -> None:
    # Segments keep their role only upwards: 0008 has no column for it.
    op.execute(f"CREATE TEMP TABLE saved_segment AS SELECT {_SEGMENT_COLUMNS} FROM online_segment")
    op.execute(f"CREATE TEMP TABLE saved_report AS SELECT {_REPORT_COLUMNS} FROM online_report")
    op.drop_table("online_segment")
    op.drop_table("online_report")
    _report_table(meeting_ids=new)
    if new:
        op.execute(
            f"INSERT INTO online_report ({_REPORT_COLUMNS}, meeting_ids) "
            f"SELECT {_REPORT_COLUMNS}, '' FROM saved_report"
        )
    else:
        op.execute(
            f"INSERT INTO online_report ({_REPORT_COLUMNS}) "
            f"SELECT {_REPORT_COLUMNS} FROM saved_report"
        )
    _segment_table(role=new)
    op.execute(
        f"INSERT INTO online_segment ({_SEGMENT_COLUMNS}) "
        f"SELECT {_SEGMENT_COLUMNS} FROM saved_segment"
    )
    op.execute("DROP TABLE saved_segment")
    op.execute("DROP TABLE saved_report")


def upgrade() -> None:
    _rebuild(new=True)
    with op.batch_alter_table("online_person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("online_person", schema=None) as batch_op:
        batch_op.drop_column("role")
    _rebuild(new=False)
