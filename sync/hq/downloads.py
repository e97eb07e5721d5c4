"""A certificate's personal download page (issue 18 item 5): ``/d/<token>`` shows that certificate
only (name, number, event) with a button for its PDF; ``/d/<token>.pdf`` is the PDF.

The token is the desk's (desktop/core/certificates/links.py); HQ holds only its SHA-256 and finds
the link by that hash, so a token is never compared as text and an unknown one costs the same one
index probe as a known one (no timing tells a guess from a near miss; 144 random bits leave
nothing to enumerate anyway). An unknown, expired or revoked link, a revoked certificate or an
erased person all give a page that says the link cannot be used, with no personal data and no PDF.
Guesses are rate-limited per address with the verification page's bucket
(sync/hq/api/middleware.py route_policy).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from sync.clock import as_utc
from sync.hq.models import Certificate, CertificateLink, Event, Participant
from sync.hq.verify import event_dates
from sync.offices import Office, office_name
from sync.protocol import ERASED_NAME, LINK_TOKEN_BYTES

# What a desk mints: base64url of LINK_TOKEN_BYTES bytes, no padding. Anything else is unknown
# without a database probe being skipped (the probe runs on a fixed dummy hash instead).
_TOKEN_LENGTH = (LINK_TOKEN_BYTES * 4 + 2) // 3
_TOKEN = re.compile(rf"^[A-Za-z0-9_-]{{{_TOKEN_LENGTH}}}$")
_DUMMY_HASH = "0" * 64


class LinkState(StrEnum):
    READY = "ready"
    UNKNOWN = "unknown"  # no such link, or it was never valid
    EXPIRED = "expired"
    REVOKED = "revoked"  # the link, or its certificate


@dataclass(frozen=True, slots=True)
class Download:
    """A link that gives its certificate, with what the page shows."""

    certificate: Certificate
    event: Event
    event_dates: str
    office_name: str | None
    expires_at: datetime


def find_link(
    *, session: Session, token: str, now: datetime, offices: dict[str, Office]
) -> tuple[LinkState, Download | None]:
    well_formed = _TOKEN.match(token) is not None
    digest = hashlib.sha256(token.encode()).hexdigest() if well_formed else _DUMMY_HASH
    link = session.exec(
        select(CertificateLink).where(col(CertificateLink.token_sha256) == digest)
    ).first()
    if link is None or not well_formed:
        return LinkState.UNKNOWN, None
    certificate = session.get(Certificate, link.certificate_id)
    event = session.get(Event, link.event_id)
    if certificate is None or event is None or certificate.number != link.number:
        return LinkState.UNKNOWN, None
    participant = session.get(Participant, certificate.participant_id)
    if participant is not None and participant.full_name == ERASED_NAME:
        return LinkState.UNKNOWN, None  # erased (UU 27/2022): nothing of the person is served
    if link.revoked_at is not None or certificate.revoked_at is not None:
        return LinkState.REVOKED, None
    if as_utc(link.expires_at) <= as_utc(now):
        return LinkState.EXPIRED, None
    return LinkState.READY, Download(
        certificate=certificate,
        event=event,
        event_dates=event_dates(event),
        office_name=office_name(offices, certificate.office_code),
        expires_at=as_utc(link.expires_at),
    )
