"""The offline check of a certificate's verification seal: against the keys this desk knows, then
against its records (revocations, the sealed name).

A seal that does not check out gets one answer, ``CANNOT_BE_VERIFIED``, whatever failed: a code that
is no Hadir code, a changed character, a signature that does not match the key it names (an
all-zero one included), or a key this desk does not know. Telling a forger which check failed
would teach them what to try next, and a hopeful word ("not synced yet") would lend a forged
certificate credit (issue 15 item 10, as HQ answers in sync/hq/verify.py). The softer answer,
``UNKNOWN_DESK_KEY``, is kept for the one case where a genuine certificate is plausible: a key this
desk has not learnt yet (a desk enrolled after this desk's last sync) sealing a certificate of an
event this desk holds for its own office, with a signature that some key could have made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from desktop.core import seal
from desktop.core.certificates.models import Certificate, CertificateRevocation
from desktop.core.certificates.records import sealed_participant
from desktop.core.clock import as_utc, utcnow
from desktop.core.desk import get_setting
from desktop.core.models import Event
from sync.ed25519 import PublicKey as Ed25519PublicKey
from sync.seal_format import decode_key_text, read_unverified

CANNOT_BE_VERIFIED = (
    "This certificate cannot be verified (tidak dapat diverifikasi): its code is not a Hadir "
    "code, was altered, or was not sealed by a desk key this desk can check. Do not treat it as "
    "valid; contact the event organiser."
)
UNKNOWN_DESK_KEY = (
    "This certificate was sealed by a desk key this desk does not know ({key_id}), for an event "
    "of this office: it may come from a desk this desk has not heard of since its last sync. "
    "Not verified here; check it online at HQ."
)


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
        reason = CANNOT_BE_VERIFIED
        if error.code == "seal_unknown_key" and error.key_id:
            reason = _unknown_key_reason(session, token_or_url, error.key_id)
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
    if (sealed_participant(certificate), certificate.event_id) != (
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


def _unknown_key_reason(session: Session, token_or_url: str, key_id: str) -> str:
    """What to say of a seal by a key this desk does not trust: revoked (only when that key truly
    made it), plausibly a desk not heard of yet, or the one answer for everything else."""
    revoked = seal.revoked_key(session=session, key_id=key_id)
    if revoked is not None:
        public = Ed25519PublicKey.from_public_bytes(decode_key_text(revoked.public_key))
        try:
            seal.open_seal(token_or_url, {key_id: public})
        except seal.SealError:
            return CANNOT_BE_VERIFIED  # a revoked key's id under a signature it did not make
        return (
            f"This certificate was sealed with a desk key that was revoked on "
            f"{as_utc(revoked.revoked_at or utcnow()).date().isoformat()}"
            f" ({revoked.revoked_reason or 'no reason given'})."
        )
    claims = read_unverified(token_or_url)
    if claims is None or not claims.signature_possible:
        return CANNOT_BE_VERIFIED
    event = session.get(Event, claims.payload.event_id)
    office = get_setting(session=session, key="office_code")
    if event is None or event.is_demo or not office or event.office_code != office:
        return CANNOT_BE_VERIFIED
    return UNKNOWN_DESK_KEY.format(key_id=key_id)
