"""Withdrawing a certificate: its row and number stay, with ``revoked_at`` and a reason; and the
revocations HQ publishes back, which the offline check reads for certificates of other desks."""

from __future__ import annotations

from sqlmodel import Session

from desktop.core.certificates.models import Certificate, CertificateRevocation
from desktop.core.certificates.records import get_certificate, sealed_participant
from desktop.core.clock import as_utc, new_id, utcnow
from desktop.core.desk import desk_identity
from desktop.core.errors import HadirError
from desktop.core.registry import get_event
from sync.desk import outbox
from sync.protocol import CertificateRevocationRecord


def revoke_certificate(*, session: Session, number: str, reason: str, operator: str) -> Certificate:
    """Withdraw a certificate: the row and its number stay, the seal check reports the reason."""
    if not reason.strip():
        raise HadirError("A revocation needs a reason.", code="revoke_reason")
    certificate = get_certificate(session=session, number=number)
    if certificate.revoked_at is not None:
        raise HadirError(
            f"Certificate {certificate.number} was already revoked ({certificate.revoked_reason}).",
            code="already_revoked",
        )
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason.strip()
    certificate.revoked_by = operator
    session.add(certificate)
    session.flush()
    if not get_event(session=session, event_id=certificate.event_id).is_demo:
        outbox.enqueue(
            session=session,
            records=[
                CertificateRevocationRecord(
                    id=new_id(),
                    certificate_id=certificate.id,
                    number=certificate.number,
                    event_id=certificate.event_id,
                    participant_id=sealed_participant(certificate),
                    revoked_at=as_utc(certificate.revoked_at),
                    reason=certificate.revoked_reason,
                    operator=operator,
                    desk_id=desk_identity(session=session).desk_id,
                )
            ],
        )
    return certificate


def apply_revocation(*, session: Session, record: CertificateRevocationRecord) -> None:
    """A revocation HQ published: remembered for the offline check of certificates from any desk,
    and written on this desk's own certificate when it is one. The earliest revocation stands, as
    at HQ, so applying revocations in any order, or twice, ends the same."""
    at = as_utc(record.revoked_at)
    known = session.get(CertificateRevocation, record.certificate_id)
    if known is None or at < as_utc(known.revoked_at):
        if known is not None:
            session.delete(known)
            session.flush()
        session.add(
            CertificateRevocation(
                certificate_id=record.certificate_id,
                id=record.id,
                number=record.number,
                event_id=record.event_id,
                participant_id=record.participant_id,
                revoked_at=at,
                reason=record.reason,
                operator=record.operator,
                desk_id=record.desk_id,
            )
        )
    own = session.get(Certificate, record.certificate_id)
    if own is not None and (own.revoked_at is None or at < as_utc(own.revoked_at)):
        own.revoked_at = at
        own.revoked_reason = record.reason
        own.revoked_by = record.operator
        session.add(own)
    session.flush()
