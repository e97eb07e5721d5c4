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
from sync.seal_format import read_unverified


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


def sealed_participant(certificate: Certificate) -> str:
    """The participant id the certificate was sealed for, which HQ holds it under. A certificate
    pulled from another desk (issue 17 item 2) is kept under this desk's own row for the same
    person (``sync_alias``), but its revocation must name the issuing desk's id."""
    opened = read_unverified(certificate.token)
    return opened.payload.participant_id if opened is not None else certificate.participant_id


@dataclass(frozen=True, slots=True)
class IssuedCopy:
    """One of a person's certificates in force, and the desk that issued it."""

    number: str
    desk_id: str
    desk_name: str
    issued_at: datetime
    issued_by: str


@dataclass(frozen=True, slots=True)
class DuplicateCertificates:
    """A person with more than one certificate in force for one event: desks that issued offline
    before either had the other's (issue 17 item 2). An operator keeps one and revokes the other
    with a reason; nothing decides it by itself."""

    event_id: str
    participant_id: str
    name: str
    certificates: tuple[IssuedCopy, ...]  # earliest issued first


def duplicate_certificates(
    *, session: Session, event_id: str | None = None
) -> list[DuplicateCertificates]:
    """Every person with two or more certificates in force for an event (one event, or all)."""
    from desktop.core.certificates.models import DeskKey
    from desktop.core.desk import desk_identity

    statement = select(Certificate).where(col(Certificate.revoked_at).is_(None))
    if event_id is not None:
        statement = statement.where(Certificate.event_id == event_id)
    grouped: dict[tuple[str, str], list[Certificate]] = {}
    for row in session.exec(statement.order_by(col(Certificate.issued_at), col(Certificate.id))):
        grouped.setdefault((row.event_id, row.participant_id), []).append(row)
    pairs = {key: rows for key, rows in grouped.items() if len(rows) > 1}
    if not pairs:
        return []
    own = desk_identity(session=session)
    labels = {key.key_id: key.label for key in session.exec(select(DeskKey))}

    def desk_name(row: Certificate) -> str:
        if row.desk_id == own.desk_id:
            return own.desk_name
        label = labels.get(row.key_id, "")
        # A key learnt from HQ is labelled "<desk name> (<office>)" (desktop/core/sync/pull.py).
        return label.rsplit(" (", 1)[0] if label.endswith(")") else label or row.desk_id

    return [
        DuplicateCertificates(
            event_id=key[0],
            participant_id=key[1],
            name=rows[0].printed_name,
            certificates=tuple(
                IssuedCopy(r.number, r.desk_id, desk_name(r), as_utc(r.issued_at), r.issued_by)
                for r in rows
            ),
        )
        for key, rows in sorted(pairs.items(), key=lambda item: item[1][0].printed_name)
    ]
