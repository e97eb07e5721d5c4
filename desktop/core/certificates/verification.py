"""The offline check of a certificate's verification seal: against the keys this desk knows, then
against its records (revocations, the sealed name)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from desktop.core import seal
from desktop.core.certificates.models import Certificate, CertificateRevocation
from desktop.core.clock import as_utc, utcnow
from desktop.core.models import Event


@dataclass(frozen=True, slots=True)
class Verification:
    """What a verification shows: only what proves the certificate (UU 27/2022), never a NIP."""

    valid: bool
    number: str | None
    name: str | None
    event: str | None
    reason: str
    issued_on: date | None = None
    key_id: str | None = None


def verify(*, session: Session, token_or_url: str) -> Verification:
    """Check a certificate's verification seal offline, against the keys this desk knows, then
    against this desk's records (revocation, name)."""
    try:
        opened = seal.open_seal(token_or_url, seal.known_keys(session=session))
    except seal.SealError as error:
        reason = str(error)
        if error.code == "seal_unknown_key" and error.key_id:
            revoked = seal.revoked_key(session=session, key_id=error.key_id)
            if revoked is not None:
                reason = (
                    f"This certificate was sealed with a desk key that was revoked on "
                    f"{as_utc(revoked.revoked_at or utcnow()).date().isoformat()}"
                    f" ({revoked.revoked_reason or 'no reason given'})."
                )
            else:
                reason = (
                    f"This certificate was sealed by a desk key this desk does not know "
                    f"({error.key_id}); check it online at HQ."
                )
        return Verification(False, None, None, None, reason)
    payload = opened.payload
    event = session.get(Event, payload.event_id)
    event_title = event.title if event else None
    certificate = session.exec(
        select(Certificate).where(Certificate.number == payload.number)
    ).first()
    if certificate is None:
        withdrawn = session.exec(
            select(CertificateRevocation).where(
                CertificateRevocation.number == payload.number,
                CertificateRevocation.event_id == payload.event_id,
                CertificateRevocation.participant_id == payload.participant_id,
            )
        ).first()
        if withdrawn is not None:
            return Verification(
                False,
                payload.number,
                None,
                event_title,
                f"Certificate revoked on {as_utc(withdrawn.revoked_at).date().isoformat()}: "
                f"{withdrawn.reason} (a revocation published by HQ).",
                payload.issued_on,
                opened.key_id,
            )
        return Verification(
            True,
            payload.number,
            None,
            event_title,
            "The verification seal is authentic (desk key "
            f"{opened.key_id}). This certificate was issued on another desk, so this desk cannot "
            "show the name or know about a revocation; HQ can.",
            payload.issued_on,
            opened.key_id,
        )
    if (certificate.participant_id, certificate.event_id) != (
        payload.participant_id,
        payload.event_id,
    ):
        return Verification(
            False,
            payload.number,
            None,
            event_title,
            "The seal does not belong to the certificate with this number.",
        )
    if seal.name_digest(certificate.printed_name) != payload.name_digest:
        return Verification(
            False,
            payload.number,
            None,
            event_title,
            "The name on record does not match the sealed name.",
        )
    if certificate.revoked_at is not None:
        return Verification(
            False,
            certificate.number,
            certificate.printed_name,
            event_title,
            f"Certificate revoked on {as_utc(certificate.revoked_at).date().isoformat()}: "
            f"{certificate.revoked_reason}.",
            certificate.issued_on,
            opened.key_id,
        )
    return Verification(
        True,
        certificate.number,
        certificate.printed_name,
        event_title,
        "Authentic: issued by Hadir and not altered (verification seal, not an electronic "
        "signature).",
        certificate.issued_on,
        opened.key_id,
    )
