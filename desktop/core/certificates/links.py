"""Personal download links (issue 18 item 5): one random token per certificate, the address
``<event's base address>/d/<token>`` opening that certificate only at HQ.

The token is 144 random bits and says nothing about the person; HQ receives only its SHA-256
(``CertificateLinkRecord``), so neither HQ's database nor a copy of it can rebuild an address. The
desk keeps the token itself, in its encrypted database, so the list (for e-mail or WhatsApp) can be
printed again without minting new links that would make the ones already sent useless. A link
expires (``DEFAULT_DAYS`` after it was made, unless told otherwise) and can be revoked; revoking the
certificate stops its link at HQ as well, since HQ reads the certificate's own state.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from desktop.core.certificates.models import Certificate, CertificateLink
from desktop.core.certificates.printing import certificate_data
from desktop.core.clock import as_utc, new_id, utcnow
from desktop.core.errors import HadirError, NotFound
from desktop.core.event_settings import verify_base_url
from desktop.core.registry import get_event
from sync.desk import outbox
from sync.protocol import LINK_PATH, LINK_TOKEN_BYTES, CertificateLinkRecord

DEFAULT_DAYS = 90  # long enough to find the WhatsApp message again, short enough to bound a leak
MAX_DAYS = 3660


@dataclass(frozen=True, slots=True)
class LinkRow:
    number: str
    name: str
    url: str
    expires_at: datetime
    minted: bool  # made by this call (False: an existing unexpired link, listed again)


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def link_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}{LINK_PATH}{token}"


def _record(
    link: CertificateLink, certificate: Certificate, operator: str
) -> CertificateLinkRecord:
    return CertificateLinkRecord(
        id=link.id,
        certificate_id=certificate.id,
        number=certificate.number,
        event_id=certificate.event_id,
        token_sha256=link.token_sha256,
        created_at=as_utc(link.created_at),
        expires_at=as_utc(link.expires_at),
        revoked_at=as_utc(link.revoked_at) if link.revoked_at else None,
        place=link.place,
        verify_url=link.verify_url,
        operator=operator,
    )


def event_links(
    *, session: Session, event_id: str, operator: str, days: int = DEFAULT_DAYS
) -> list[LinkRow]:
    """A link for every certificate in force of the event: the unexpired one it has, else a new
    one (queued for HQ in this transaction, except for demo events)."""
    if not 1 <= days <= MAX_DAYS:
        raise HadirError(
            f"--days {days} is out of range: give 1 to {MAX_DAYS} days.",
            code="link_days",
            days=days,
            limit=MAX_DAYS,
        )
    event = get_event(session=session, event_id=event_id)
    # The address its QR codes carry: HQ serves the links where it serves verification.
    base = verify_base_url(session=session, event=event)
    now = utcnow()
    certificates = session.exec(
        select(Certificate)
        .where(Certificate.event_id == event_id, col(Certificate.revoked_at).is_(None))
        .order_by(col(Certificate.sequence), col(Certificate.issued_at))
    ).all()
    current: dict[str, CertificateLink] = {}
    for found in session.exec(
        select(CertificateLink)
        .join(Certificate, col(Certificate.id) == col(CertificateLink.certificate_id))
        .where(Certificate.event_id == event_id, col(CertificateLink.revoked_at).is_(None))
    ):
        if as_utc(found.expires_at) > now:
            known = current.get(found.certificate_id)
            if known is None or as_utc(known.expires_at) < as_utc(found.expires_at):
                current[found.certificate_id] = found
    # What the page prints that HQ does not hold (the place, the QR's address), read where the
    # printed page reads it.
    printed = {
        certificate.id: page
        for certificate, page in zip(
            (c for c in certificates if c.id not in current),
            certificate_data(
                session=session,
                certificate_ids=[c.id for c in certificates if c.id not in current],
            ),
            strict=True,
        )
    }
    rows: list[LinkRow] = []
    records: list[CertificateLinkRecord] = []
    for certificate in certificates:
        link = current.get(certificate.id)
        minted = link is None
        if link is None:
            token = secrets.token_urlsafe(LINK_TOKEN_BYTES)
            link = CertificateLink(
                id=new_id(),
                certificate_id=certificate.id,
                token=token,
                token_sha256=token_sha256(token),
                created_at=now,
                created_by=operator,
                expires_at=now + timedelta(days=days),
                place=printed[certificate.id].place,
                verify_url=printed[certificate.id].verify_url,
            )
            session.add(link)
            records.append(_record(link, certificate, operator))
        rows.append(
            LinkRow(
                number=certificate.number,
                name=certificate.printed_name,
                url=link_url(base, link.token),
                expires_at=as_utc(link.expires_at),
                minted=minted,
            )
        )
    session.flush()
    if records and not event.is_demo:
        outbox.enqueue(session=session, records=records)
    return rows


def revoke_link(*, session: Session, number: str, operator: str) -> int:
    """Withdraw the links in force of the certificate with this number (HQ stops serving them);
    the next ``event_links`` mints a new one. Returns how many were withdrawn."""
    certificate = session.exec(select(Certificate).where(Certificate.number == number)).first()
    if certificate is None:
        raise NotFound(
            f"No certificate numbered {number!r} on this desk: check the number "
            "(hadir-cli certificates list --event ID).",
            code="certificate_unknown",
        )
    now = utcnow()
    links = session.exec(
        select(CertificateLink).where(
            CertificateLink.certificate_id == certificate.id,
            col(CertificateLink.revoked_at).is_(None),
        )
    ).all()
    for link in links:
        link.revoked_at = now
        session.add(link)
    session.flush()
    if links and not get_event(session=session, event_id=certificate.event_id).is_demo:
        outbox.enqueue(
            session=session, records=[_record(link, certificate, operator) for link in links]
        )
    return len(links)
