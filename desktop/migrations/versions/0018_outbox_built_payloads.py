"""outbox items built from their rows

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04

Issue 20: an import's participants and registrations are queued with an empty payload and their
JSON is made from their rows when sent (sync/desk/outbox.py, "Built payloads"): 200,000 people no
longer leave 400,000 frozen copies (141 MB) in the desk file. The payload stays frozen all the
same: before a participant row changes or goes, these triggers write the row's JSON as it was
into its built items, with the very expression the sender uses (``PARTICIPANT_JSON`` over
``OLD``; tests/sync/test_outbox_built.py holds the two the same). Registrations never change.

Queued rows of older versions keep their stored JSON and are sent as before. Downgrading writes
every built payload out first, so the previous version reads an ordinary outbox.
"""

from alembic import op


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

# sync/desk/outbox.py PARTICIPANT_JSON as of this revision, for OLD (a copy: a migration must not
# change when the code does).
_OLD_PARTICIPANT_JSON = (
    "json_object('kind', 'participant', 'id', OLD.id, 'full_name', OLD.full_name, "
    "'nip', OLD.nip, 'nik', OLD.nik, 'asn_status', OLD.asn_status, "
    "'golongan', OLD.golongan, 'jabatan', OLD.jabatan, 'unit_kerja', OLD.unit_kerja, "
    "'instansi', OLD.instansi, 'email', OLD.email, 'phone', OLD.phone, "
    "'birth_date', OLD.birth_date, 'gender', OLD.gender, "
    "'updated_at', replace(OLD.updated_at, ' ', 'T') || 'Z')"
)
_FREEZE = (
    f"UPDATE outbox SET payload = {_OLD_PARTICIPANT_JSON} "
    "WHERE payload = '' AND kind = 'participant' AND record_id = OLD.id;"
)


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_outbox_built_participant ON outbox (record_id) "
        "WHERE payload = '' AND kind = 'participant'"
    )
    op.execute(
        f"CREATE TRIGGER outbox_freeze_participant_update AFTER UPDATE ON participant "
        f"BEGIN {_FREEZE} END"
    )
    op.execute(
        f"CREATE TRIGGER outbox_freeze_participant_delete AFTER DELETE ON participant "
        f"BEGIN {_FREEZE} END"
    )


def downgrade() -> None:
    new_json = _OLD_PARTICIPANT_JSON.replace("OLD.", "p.")
    op.execute(
        f"UPDATE outbox SET payload = (SELECT {new_json} FROM participant p "
        "WHERE p.id = outbox.record_id) WHERE payload = '' AND kind = 'participant'"
    )
    op.execute(
        "UPDATE outbox SET payload = (SELECT json_object('kind', 'registration', "
        "'id', r.event_id || '.' || r.participant_id, 'event_id', r.event_id, "
        "'participant_id', r.participant_id, 'source', r.source, 'desk_id', r.desk_id, "
        "'created_at', replace(r.created_at, ' ', 'T') || 'Z') FROM registration r "
        "WHERE r.event_id = outbox.event_id "
        "AND r.participant_id = substr(outbox.record_id, length(outbox.event_id) + 2)) "
        "WHERE payload = '' AND kind = 'registration'"
    )
    op.execute("DROP TRIGGER outbox_freeze_participant_delete")
    op.execute("DROP TRIGGER outbox_freeze_participant_update")
    op.execute("DROP INDEX ix_outbox_built_participant")
