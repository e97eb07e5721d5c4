"""An event's certificate settings, the same on every desk of the event (issue 17 item 1).

Who qualifies (``Event.min_days``, the online minimum in minutes or percent), the signature blocks
(block 1 on the event, blocks 2-3 in ``certificate_signatory``), the number pattern, the template
and the verification address used to be each desk's own: Meja 1 found 0 eligible where Meja 2
found 5. They now travel as one ``EventSettingsRecord`` per event: every change queues the whole
record in the transaction that makes it (only when something changed), HQ keeps the version it
received last, and a pulled version replaces this desk's (desktop/core/sync/pull.py). When the
version replaced was this desk's own edit, an audit line says so (``SETTINGS_REPLACED``), and the
Sync screen and ``sync status`` show it.

None (or "") means "not set for the event": this desk's default then applies (every day, the
office's pattern, the standard template, the address the desk learnt from HQ).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from desktop.core import numbering, seal
from desktop.core.certificates.models import CertificateSignatory
from desktop.core.certificates.signatories import main_signatory
from desktop.core.clock import as_utc, utcnow
from desktop.core.desk import desk_identity
from desktop.core.errors import HadirError
from desktop.core.models import Event
from desktop.core.registry import get_event
from desktop.core.sync.reads import SETTINGS_REPLACED as SETTINGS_REPLACED
from desktop.core.sync.reads import SettingsReplaced as SettingsReplaced
from desktop.core.sync.reads import read_replaced_settings
from sync.desk import outbox
from sync.desk.outbox import OutboxState
from sync.desk.outbox_reads import session_rows
from sync.documents.templates import Template, TemplateError, load_template
from sync.protocol import MAX_SIGNATURE_BLOCKS, EventSettingsRecord, RecordKind, SignatureBlock

_LEGACY_MAIN_POSITION = 1  # see desktop/core/certificates/signatories.py


def _blocks(session: Session, event: Event) -> tuple[SignatureBlock, ...]:
    """The blocks as stored: block 1 without the printed default title, trailing blanks dropped."""
    main = main_signatory(session=session, event=event)
    rows = {
        row.position: row
        for row in session.exec(
            select(CertificateSignatory).where(
                CertificateSignatory.event_id == event.id,
                col(CertificateSignatory.position) > _LEGACY_MAIN_POSITION,
            )
        )
    }
    blocks = [SignatureBlock(title=main.title, name=main.name, nip=main.nip)]
    for position in range(2, MAX_SIGNATURE_BLOCKS + 1):
        row = rows.get(position)
        blocks.append(
            SignatureBlock(title=row.title, name=row.name, nip=row.nip)
            if row
            else SignatureBlock(title="", name="", nip="")
        )
    while blocks and not (blocks[-1].title or blocks[-1].name or blocks[-1].nip):
        blocks.pop()
    return tuple(blocks)


def settings_record(*, session: Session, event: Event) -> EventSettingsRecord:
    """The event's settings as this desk holds them, stamped now by this desk."""
    return EventSettingsRecord(
        id=event.id,
        office_code=event.office_code,
        min_days=event.min_days,
        online_min_minutes=event.online_min_minutes,
        online_min_percent=event.online_min_percent,
        signatories=_blocks(session, event),
        number_pattern=event.number_pattern or None,
        template_id=event.template_id or None,
        template_version=event.template_version,
        verify_base_url=event.verify_base_url or None,
        desk_name=desk_identity(session=session).desk_name,
        updated_at=as_utc(utcnow()),
    )


def queue_if_changed(*, session: Session, event: Event, before: EventSettingsRecord | None) -> bool:
    """Queue the event's settings for HQ when they differ from ``before`` (taken with
    ``settings_record`` before the change; None for a new event: anything set is a change). In the
    caller's transaction, like every outbox item; demo events never leave the desk."""
    session.flush()
    after = settings_record(session=session, event=event)
    if before is None:
        before = after.model_copy(
            update={
                "min_days": None,
                "online_min_minutes": None,
                "online_min_percent": None,
                "signatories": (),
                "number_pattern": None,
                "template_id": None,
                "template_version": None,
                "verify_base_url": None,
            }
        )
    if event.is_demo or after.same_settings(before):
        return False
    outbox.enqueue(session=session, records=[after])
    return True


def set_event_settings(
    *,
    session: Session,
    event_id: str,
    min_days: int | None = None,
    number_pattern: str | None = None,
    template_id: str | None = None,
    verify_base_url: str | None = None,
) -> EventSettingsRecord:
    """Change what is given; None leaves a setting as it is, 0 or "" clears it back to this desk's
    default (every day, the office's pattern, the standard template, the desk's address). Returns
    the settings as they now stand. The template's version is the one installed when chosen."""
    event = get_event(session=session, event_id=event_id)
    before = settings_record(session=session, event=event)
    if min_days is not None:
        if min_days < 0:
            raise HadirError(
                f"The days attended for a certificate cannot be negative ({min_days}).",
                code="event_min_days",
                value=min_days,
            )
        event.min_days = min_days or None
    if number_pattern is not None:
        pattern = number_pattern.strip()
        event.number_pattern = numbering.parse_pattern(pattern).text if pattern else None
    if template_id is not None:
        if template_id.strip().lower().endswith(".json"):
            # A file of this laptop: the other desks of the event could not print with it.
            raise TemplateError(
                f"Only a template that comes with Hadir can be an event's (its file does not "
                f"travel to the other desks): '{template_id.strip()}' is a file."
            )
        if template_id.strip():
            template = load_template(template_id.strip())
            event.template_id, event.template_version = template.id, template.version
        else:
            event.template_id, event.template_version = None, None
    if verify_base_url is not None:
        url = verify_base_url.strip().rstrip("/")
        if url and not url.startswith(("https://", "http://")):
            raise HadirError(
                f"'{url}' is not an address; it starts with https://.",
                code="event_base_url",
                value=url,
            )
        event.verify_base_url = url or None
    session.add(event)
    queue_if_changed(session=session, event=event, before=before)
    return settings_record(session=session, event=event)


def apply_settings(*, session: Session, event: Event, record: EventSettingsRecord) -> None:
    """Hold ``record``'s settings for the event (a version pulled from HQ). Queues nothing."""
    event.min_days = record.min_days
    event.online_min_minutes = record.online_min_minutes
    event.online_min_percent = record.online_min_percent
    event.number_pattern = record.number_pattern
    event.template_id, event.template_version = record.template_id, record.template_version
    event.verify_base_url = record.verify_base_url
    blocks = list(record.signatories)
    main = blocks[0] if blocks else SignatureBlock(title="", name="", nip="")
    event.signatory_title, event.signatory_name, event.signatory_nip = (
        main.title,
        main.name,
        main.nip,
    )
    session.add(event)
    for row in session.exec(
        select(CertificateSignatory).where(CertificateSignatory.event_id == event.id)
    ):
        session.delete(row)
    session.flush()
    for position, block in enumerate(blocks[1:], start=2):
        if block.title or block.name or block.nip:
            session.add(
                CertificateSignatory(
                    event_id=event.id,
                    position=position,
                    title=block.title,
                    name=block.name,
                    nip=block.nip,
                )
            )
    session.flush()


def held_own_version(*, session: Session, event: Event) -> bool:
    """Whether the settings this desk holds for the event are its own last edit (the newest
    settings it queued), as opposed to a version it pulled."""
    payload = (
        session.connection()
        .execute(
            text(
                "SELECT payload FROM outbox WHERE kind = :kind AND record_id = :id "
                "ORDER BY seq DESC LIMIT 1"
            ),
            {"kind": RecordKind.EVENT_SETTINGS.value, "id": event.id},
        )
        .scalar()
    )
    if payload is None:
        return False
    own = EventSettingsRecord.model_validate_json(payload)
    return own.same_settings(settings_record(session=session, event=event))


def has_unsent(*, session: Session, event_id: str) -> bool:
    """An edit of the event's settings HQ has not acknowledged yet: it keeps this desk's version,
    which HQ will receive after the one just pulled and so hold."""
    found = (
        session.connection()
        .execute(
            text(
                "SELECT 1 FROM outbox WHERE kind = :kind AND record_id = :id "
                "AND state IN (:pending, :in_flight) LIMIT 1"
            ),
            {
                "kind": RecordKind.EVENT_SETTINGS.value,
                "id": event_id,
                "pending": OutboxState.PENDING.value,
                "in_flight": OutboxState.IN_FLIGHT.value,
            },
        )
        .first()
    )
    return found is not None


def changed_fields(old: EventSettingsRecord, new: EventSettingsRecord) -> list[str]:
    skip = {"desk_name", "updated_at"}
    before, after = old.model_dump(exclude=skip), new.model_dump(exclude=skip)
    return [name for name in after if before.get(name) != after[name]]


def verify_base_url(*, session: Session, event: Event) -> str:
    """The address this event's QR codes carry: the event's, else the one the desk knows."""
    return (event.verify_base_url or "").rstrip("/") or seal.base_url(session=session)


def event_template(*, session: Session, event_id: str) -> Template:
    """The template the event's certificates print with: the event's choice, else the standard."""
    event = get_event(session=session, event_id=event_id)
    return load_template(event.template_id) if event.template_id else load_template()


def template_warnings(*, session: Session, event_id: str) -> list[str]:
    """The event's template is installed here in another version than the one chosen for it (a
    desk of another Hadir version): its certificates would look different from the other desks'."""
    event = get_event(session=session, event_id=event_id)
    if not event.template_id or event.template_version is None:
        return []
    installed = load_template(event.template_id).version
    if installed == event.template_version:
        return []
    return [
        f"This event's certificates use template '{event.template_id}' version "
        f"{event.template_version}, but this desk has version {installed}: update Hadir on this "
        "desk, or choose the template again (hadir-cli certificates settings --template)."
    ]


def replaced_settings(
    *, session: Session, since: datetime, limit: int = 20
) -> list[SettingsReplaced]:
    """The replacements since ``since``, newest first (from the audit log, which keeps them)."""
    return read_replaced_settings(session_rows(session), since=since, limit=limit)
