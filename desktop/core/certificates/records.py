"""The certificates this desk issued, as rows to list, and one found by its number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from desktop.core import seal
from desktop.core.certificates.models import Certificate
from desktop.core.clock import as_utc
from desktop.core.errors import NotFound
from desktop.core.event_settings import verify_base_url
from desktop.core.models import Participant
from desktop.core.registry import get_event


@dataclass(frozen=True, slots=True)
class CertificateRow:
    id: str
    number: str
    participant_id: str
    name: str
    nip: str | None
    issued_on: date
    issued_at: datetime
    verify_url: str
    revoked_at: datetime | None
    revoked_reason: str
    prints: int


def list_certificates(
    *, session: Session, event_id: str, include_revoked: bool = False
) -> list[CertificateRow]:
    base = verify_base_url(session=session, event=get_event(session=session, event_id=event_id))
    prints: dict[str, int] = dict(
        session.connection()
        .execute(
            text(
                "SELECT p.certificate_id, SUM(p.copies) FROM certificate_print p "
                "JOIN certificate c ON c.id = p.certificate_id WHERE c.event_id = :event "
                "GROUP BY p.certificate_id"
            ),
            {"event": event_id},
        )
        .all()
    )
    statement = (
        select(Certificate, Participant.nip)
        .join(Participant, col(Participant.id) == col(Certificate.participant_id))
        .where(Certificate.event_id == event_id)
        .order_by(col(Certificate.sequence), col(Certificate.issued_at))
    )
    if not include_revoked:
        statement = statement.where(col(Certificate.revoked_at).is_(None))
    return [
        CertificateRow(
            id=c.id,
            number=c.number,
            participant_id=c.participant_id,
            name=c.printed_name,
            nip=nip,
            issued_on=c.issued_on,
            issued_at=as_utc(c.issued_at),
            verify_url=seal.verify_url(base, c.token),
            revoked_at=as_utc(c.revoked_at) if c.revoked_at else None,
            revoked_reason=c.revoked_reason,
            prints=int(prints.get(c.id, 0)),
        )
        for c, nip in session.exec(statement)
    ]


def get_certificate(*, session: Session, number: str) -> Certificate:
    row = session.exec(select(Certificate).where(Certificate.number == number.strip())).first()
    if row is None:
        raise NotFound(f"No certificate numbered '{number}' on this desk.", number=number)
    return row
