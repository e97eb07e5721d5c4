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
import json
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from sync.clock import as_utc
from sync.documents.certificate_pdf import render_to_bytes
from sync.documents.templates import (
    CertificateData,
    Signatory,
    load_template,
    printed_signatories,
)
from sync.hq.clock import local_moment
from sync.hq.models import Certificate, CertificateLink, Event, EventSettings, Participant
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
    link: CertificateLink
    participant: Participant
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
    if participant is None or participant.full_name == ERASED_NAME:
        return LinkState.UNKNOWN, None  # erased (UU 27/2022): nothing of the person is served
    if link.revoked_at is not None or certificate.revoked_at is not None:
        return LinkState.REVOKED, None
    if as_utc(link.expires_at) <= as_utc(now):
        return LinkState.EXPIRED, None
    return LinkState.READY, Download(
        certificate=certificate,
        event=event,
        link=link,
        participant=participant,
        event_dates=event_dates(event),
        office_name=office_name(offices, certificate.office_code),
        expires_at=as_utc(link.expires_at),
    )


def certificate_pdf(*, session: Session, download: Download, offices: dict[str, Office]) -> bytes:
    """The certificate's PDF as the desk prints it (desktop/core/certificates/printing.py
    certificate_data builds the same page data there): the event's template and signatories as
    its settings travelled (EventSettingsRecord), the person as HQ holds them, and the place and
    QR address the link carried."""
    certificate, event, person = download.certificate, download.event, download.participant
    settings = session.get(EventSettings, event.id)
    template = (
        load_template(settings.template_id)
        if settings is not None and settings.template_id
        else load_template()
    )
    stored = [
        Signatory(block["title"], block["name"], block["nip"])
        for block in (json.loads(settings.signatories) if settings is not None else [])
    ]
    page = CertificateData(
        number=certificate.number,
        printed_name=certificate.printed_name,
        nip=person.nip,
        asn_status=person.asn_status,
        golongan=person.golongan,
        jabatan=person.jabatan,
        instansi=person.instansi,
        unit_kerja=person.unit_kerja,
        event_title=event.title,
        event_theme=event.theme,
        event_venue=event.venue,
        first_day=local_moment(event.starts_at, event.timezone)[0].date(),
        last_day=local_moment(event.ends_at, event.timezone)[0].date(),
        jp=event.jp,
        mode=certificate.mode,
        office_name=office_name(offices, event.office_code) or "",
        place=download.link.place,
        issued_on=certificate.issued_on,
        signatories=printed_signatories(stored),
        verify_url=download.link.verify_url,
    )
    return render_to_bytes(template=template, certificates=[page])
