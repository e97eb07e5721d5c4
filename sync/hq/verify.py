"""Public verification of a certificate's seal (``GET /v/<token>``).

The token format is ``sync.seal_format`` (shared with the desk). Answers, from what HQ holds:
*valid* (signed by a desk key HQ registered, and HQ has that certificate), *revoked* (HQ has it,
revoked), *unknown* (signed by a registered desk key, but the certificate has not reached HQ yet:
"belum dapat dipastikan, mungkin belum disinkronkan").

Everything else is "tidak dapat diverifikasi" (the caller answers 404), with the same words
whatever failed: a token that cannot be decoded, a signature that does not match the key it names
(an all-zero one included), or a key id HQ never registered. "Plausibly pending" needs a key HQ
knows: a desk's key reaches HQ at enrollment (``sync.hq.enrollment``), before the desk can sync a
single certificate, so a key HQ has never seen belongs to no enrolled desk, and calling its seal
"not synced yet" would lend a forger's certificate a hopeful word (issue 15 item 10). Telling a
forger which check failed would teach them what to try next, so no answer does.

Only what proves the certificate is shown: name, event, dates, number, issuing office, and a masked
NIP (``sync.nip``); never a full NIP, a phone number or an e-mail address.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from sync.ed25519 import PublicKey as Ed25519PublicKey
from sync.hq.clock import local_moment
from sync.hq.models import Certificate, DeskKey, Event, Participant
from sync.indonesian import MONTHS
from sync.nip import mask_nip
from sync.offices import Office, office_name
from sync.protocol import VerificationResult, VerificationStatus
from sync.seal_format import (
    SealError,
    SealPayload,
    decode_key_text,
    name_digest,
    open_seal,
    peek_key_id,
)


def event_dates(event: Event) -> str:
    """ "12 Maret 2026" or "12 - 14 Maret 2026" in the event's own time zone. An event stored with a
    zone or a date HQ cannot read in it (before ingest checked them, issue 15 item 2) is dated in
    UTC, and says so, rather than failing the page."""
    first, first_label = local_moment(event.starts_at, event.timezone)
    last, last_label = local_moment(event.ends_at, event.timezone)
    note = " (UTC)" if "UTC" in (first_label, last_label) and event.timezone != "UTC" else ""
    if first.date() == last.date():
        return f"{first.day} {MONTHS[first.month - 1]} {first.year}{note}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} - {last.day} {MONTHS[first.month - 1]} {first.year}{note}"
    return (
        f"{first.day} {MONTHS[first.month - 1]} {first.year} - "
        f"{last.day} {MONTHS[last.month - 1]} {last.year}{note}"
    )


def _certificate(session: Session, payload: SealPayload) -> Certificate | None:
    # Numbers are unique per office, but HQ takes certificates from many desks and must answer,
    # not fail, if two records ever share one: the earliest issued is the one the seal speaks for.
    return (
        session.execute(
            select(Certificate)
            .where(
                col(Certificate.number) == payload.number,
                col(Certificate.event_id) == payload.event_id,
                col(Certificate.participant_id) == payload.participant_id,
            )
            .order_by(col(Certificate.issued_at), col(Certificate.id))
        )
        .scalars()
        .first()
    )


def verify_token(
    *, session: Session, token: str, offices: dict[str, Office]
) -> VerificationResult | None:
    """None means "cannot be verified" (undecodable, a key HQ never registered, or a signature that
    does not match): 404, one answer for all three."""
    key_id = peek_key_id(token)
    key = session.get(DeskKey, key_id) if key_id else None
    keys = {}
    if key is not None:
        keys[key.id] = Ed25519PublicKey.from_public_bytes(decode_key_text(key.public_key))
    try:
        payload = open_seal(token, keys).payload
    except SealError:
        return None
    certificate = _certificate(session, payload)
    if certificate is not None and name_digest(certificate.printed_name) != payload.name_digest:
        certificate = None  # HQ's record is not the certificate this seal was made for
    participant = session.get(Participant, payload.participant_id)
    event = session.get(Event, payload.event_id)
    if certificate is not None:
        status = VerificationStatus.REVOKED if certificate.revoked_at else VerificationStatus.VALID
        name: str | None = certificate.printed_name
        office: str | None = office_name(offices, certificate.office_code)
    else:
        # Signed by a key HQ knows, but the certificate has not reached HQ (yet): say what the
        # seal itself proves, and the name only when the digest in the seal matches it.
        status = VerificationStatus.UNKNOWN
        known = (
            participant is not None and name_digest(participant.full_name) == payload.name_digest
        )
        name = participant.full_name if known and participant else None
        office = office_name(offices, event.office_code) if event else None
    return VerificationResult(
        status=status,
        certificate_number=payload.number,
        name=name,
        nip_masked=mask_nip(participant.nip) if participant and participant.nip and name else None,
        event_title=event.title if event else None,
        event_dates=event_dates(event) if event else None,
        issued_on=payload.issued_on,
        office_name=office,
        revoked_reason=(certificate.revoked_reason or None)
        if certificate is not None and certificate.revoked_at
        else None,
    )
