"""Issuing certificates: a number and a verification seal, made once.

Issuing makes a ``Certificate`` row once: its number and its seal token never change, so a reprint
prints exactly the same certificate and adds a print-log line. Certificates go into the sync outbox
in the transaction that makes them (issue 6), except for demo events; HQ verifies the seals against
them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from desktop.core import numbering, seal
from desktop.core.certificates.eligibility import OnlineRule, attendance_mode, eligibility
from desktop.core.certificates.models import Certificate
from desktop.core.clock import as_utc, new_id, utcnow
from desktop.core.desk import desk_identity
from desktop.core.errors import HadirError, NotFound
from desktop.core.models import Event, Participant
from desktop.core.registry import event_days, get_event
from sync.desk import outbox
from sync.documents.templates import Template
from sync.protocol import CertificateRecord


@dataclass(frozen=True, slots=True)
class IssueOutcome:
    issued: int  # new certificates made now
    existing: int  # already issued before (a reprint keeps their number)
    certificate_ids: list[str] = field(default_factory=list)  # in printing order


class NotEligible(HadirError):
    code = "not_eligible"


def certificate_date(event: Event) -> date:
    """Certificates are dated the event's last day (they are handed out at the closing), even
    when printed before it or reprinted weeks later."""
    return event_days(event)[-1].date


def issue_certificates(
    *,
    session: Session,
    event_id: str,
    operator: str,
    template: Template,
    participant_ids: Sequence[str] | None = None,
    online: OnlineRule | None = None,
    on: date | None = None,
) -> IssueOutcome:
    """Make certificates for the event's qualifying participants (or the ones named), keeping
    those already issued. Naming someone who does not qualify is refused with their names: the
    operator can override with a reason first. The caller commits."""
    event = get_event(session=session, event_id=event_id)
    status = {
        e.participant_id: e for e in eligibility(session=session, event_id=event_id, online=online)
    }
    if participant_ids is None:
        targets = [pid for pid, e in status.items() if e.eligible]
    else:
        targets = list(dict.fromkeys(participant_ids))
        unknown = [pid for pid in targets if pid not in status]
        if unknown:
            raise NotFound(
                f"Not registered for this event: {', '.join(unknown)}.", participant_ids=unknown
            )
    # Certificates in force made by ANY desk of the office (pulled ones too, issue 17 item 2): the
    # person's is reprinted, same number and seal. Two in force (desks that issued offline) wait
    # for an operator's decision; until then the earlier one prints.
    active: dict[str, str] = {}
    for participant_id, certificate_id in session.exec(
        select(Certificate.participant_id, Certificate.id)
        .where(Certificate.event_id == event_id, col(Certificate.revoked_at).is_(None))
        .order_by(col(Certificate.issued_at), col(Certificate.id))
    ):
        active.setdefault(participant_id, certificate_id)
    new = [pid for pid in targets if pid not in active]
    refused = [status[pid] for pid in new if not status[pid].eligible]
    if refused:
        listed = "; ".join(
            f"{e.full_name} ({e.days_attended} of {e.days_required} days)" for e in refused[:5]
        )
        more = f" and {len(refused) - 5} more" if len(refused) > 5 else ""
        raise NotEligible(
            f"Not eligible for a certificate: {listed}{more}. Record an override with a reason "
            "to issue one anyway.",
            participant_ids=[e.participant_id for e in refused],
        )
    ids = {pid: active[pid] for pid in targets if pid in active}
    if new:
        issued_on = on or certificate_date(event)
        signer = seal.desk_signer(session=session)
        desk = desk_identity(session=session)
        numbers = numbering.allocate_numbers(
            session=session,
            office_code=event.office_code,
            event_id=event_id,
            on=issued_on,
            count=len(new),
        )
        names = _names(session, new)
        now = utcnow()
        rows = []
        for pid, allocated in zip(new, numbers, strict=True):
            e = status[pid]
            mode = attendance_mode(event, e.days_attended, e.online_minutes)
            printed_name = names[pid]
            token = signer.seal(
                seal.SealPayload(
                    number=allocated.number,
                    participant_id=pid,
                    event_id=event_id,
                    name_digest=seal.name_digest(printed_name),
                    issued_on=issued_on,
                    mode=mode,
                )
            )
            certificate_id = new_id()
            ids[pid] = certificate_id
            rows.append(
                {
                    "id": certificate_id,
                    "number": allocated.number,
                    "event_id": event_id,
                    "participant_id": pid,
                    "office_code": event.office_code,
                    "desk_id": desk.desk_id,
                    "sequence": allocated.sequence,
                    "printed_name": printed_name,
                    "issued_on": issued_on,
                    "mode": mode,
                    "template_id": template.id,
                    "template_version": template.version,
                    "key_id": signer.key_id,
                    "token": token,
                    "issued_at": now,
                    "issued_by": operator,
                    "revoked_at": None,
                    "revoked_reason": "",
                    "revoked_by": "",
                }
            )
        # One executemany instead of an ORM object per row: issuing 2,000 takes ~0.1 s, not ~1 s.
        session.execute(insert(Certificate), rows)
        if not event.is_demo:
            outbox.enqueue(session=session, records=[certificate_record(row) for row in rows])
    order = [pid for pid in targets if pid in ids]
    return IssueOutcome(
        issued=len(new), existing=len(order) - len(new), certificate_ids=[ids[p] for p in order]
    )


def certificate_record(row: Mapping[str, Any]) -> CertificateRecord:
    """What HQ and the office's other desks keep of an issued certificate (a ``Certificate`` row's
    values), its seal included so another desk can reprint it (issue 17 item 2)."""
    return CertificateRecord(
        id=row["id"],
        number=row["number"],
        event_id=row["event_id"],
        participant_id=row["participant_id"],
        office_code=row["office_code"],
        desk_id=row["desk_id"],
        printed_name=row["printed_name"],
        issued_on=row["issued_on"],
        mode=row["mode"],
        key_id=row["key_id"],
        issued_at=as_utc(row["issued_at"]),
        issued_by=row["issued_by"],
        template_id=row["template_id"],
        template_version=row["template_version"],
        token=row["token"],
    )


def _names(session: Session, participant_ids: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(participant_ids), 500):
        chunk = list(participant_ids[start : start + 500])
        found.update(
            session.exec(
                select(Participant.id, Participant.full_name).where(col(Participant.id).in_(chunk))
            ).all()
        )
    return found
