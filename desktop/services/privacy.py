"""A person's rights and the desk's retention (UU 27/2022): their data exported or erased on
request, and old events purged once HQ holds them. Each is audited here, in the transaction of
what it records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from desktop.core import personal_data, registry
from desktop.core.clock import as_utc
from desktop.core.db import Database
from desktop.core.desk import get_setting
from desktop.core.errors import HadirError
from desktop.core.operators import record_audit

DEFAULT_RETENTION_DAYS = personal_data.DEFAULT_RETENTION_DAYS


def _participant_id(session: Session, *, participant_id: str | None, number: str | None) -> str:
    if participant_id:
        return str(registry.get_participant(session=session, participant_id=participant_id).id)
    fields = registry.identity_fields(number or "")
    person = (
        registry.find_participant_by_nip(session=session, nip=fields.nip)
        if fields.nip
        else registry.find_participant_by_nik(session=session, nik=fields.nik or "")
    )
    if person is None:
        raise HadirError(f"No participant with NIP/NIK {number} on this desk.", code="not_found")
    return str(person.id)


@dataclass(frozen=True, slots=True)
class PersonExport:
    out: Path
    tables: dict[str, int]  # rows written per table


def export_person(
    db: Database,
    *,
    out: Path,
    operator: str,
    participant_id: str | None = None,
    number: str | None = None,
) -> PersonExport:
    """Everything the desk holds about one person, as JSON (their right of access)."""
    with db.session() as session:
        person = _participant_id(session, participant_id=participant_id, number=number)
        data = personal_data.export_person(session=session, participant_id=person)
    out.write_text(json.dumps(data, default=str, ensure_ascii=False, indent=2), encoding="utf-8")
    with db.write() as session:
        record_audit(
            session=session,
            operator=operator,
            action="person.export",
            detail={"participant_id": person, "file": str(out)},
        )
    tables = {k: (len(v) if isinstance(v, list) else 1) for k, v in data.items()}
    return PersonExport(out, tables)


def erase_person(
    db: Database,
    *,
    reason: str,
    operator: str,
    participant_id: str | None = None,
    number: str | None = None,
) -> str:
    """Overwrite who the person is, with the audit line; returns the participant id."""
    with db.write() as session:
        person = _participant_id(session, participant_id=participant_id, number=number)
        personal_data.erase_person(session=session, participant_id=person, reason=reason)
        record_audit(
            session=session,
            operator=operator,
            action="person.erase",
            detail={"participant_id": person, "reason": reason.strip()},
        )
    personal_data.forget_freed_pages(db)  # the WAL's older page images held the person too
    return person


def purge_events(
    db: Database, *, operator: str, event_id: str | None = None, older_than_days: int = 0
) -> dict[str, list[dict[str, Any]]]:
    """Purge one event, or every event older than ``older_than_days``, that HQ holds in full;
    each one apart, so one refused (not all at HQ) leaves the others purged."""
    from desktop.core.sync.settings import Keys

    purged, kept = [], []
    with db.session() as session:
        stamp = get_setting(session=session, key=Keys.VERIFIED_AT)
        verified = as_utc(stamp) if stamp else None
        events = (
            [event_id]
            if event_id
            else personal_data.expired_events(session=session, older_than_days=older_than_days)
        )
    for event in events:
        try:
            with db.write() as session:
                result = personal_data.purge_event(
                    session=session, event_id=event, verified_at=verified
                )
                record_audit(
                    session=session,
                    operator=operator,
                    action="event.purge",
                    detail={
                        "event_id": event,
                        "title": result.title,
                        "participants": result.participants,
                    },
                )
            purged.append(
                {
                    "event_id": event,
                    "participants": result.participants,
                    "checkins": result.checkins,
                    "certificates": result.certificates,
                }
            )
        except HadirError as refusal:
            kept.append({"event_id": event, "reason": str(refusal)})
    return {"purged": purged, "kept": kept}
