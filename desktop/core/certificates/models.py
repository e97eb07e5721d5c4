"""The desk's tables for certificates: desk keys, issued certificates, their print log, eligibility
overrides, signatories beyond the event's own, and the number counters.

Issued certificates are records (Indico's lesson): the row is made once, its number and seal token
never change, a reprint reads the row back (same number, same token) and adds a print-log line,
and a withdrawal sets ``revoked_at`` with a reason instead of deleting anything. The schema is
owned by migrations 0002, 0006 (the e-mail queue), 0007 (revocations learnt from HQ) and 0011
(certificates of other desks); these classes must match them. Certificates of the office's other
desks (pulled from HQ, issue 17 item 2) are rows here too, with that desk's ``desk_id``, key and
seal, so any desk reprints them.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from desktop.core.clock import new_id, utcnow


class DeskKey(SQLModel, table=True):
    """An Ed25519 key that seals certificates. This desk's own key has its private half; keys of
    other desks (learnt from HQ, issue 6) have only the public half and serve offline checks."""

    __tablename__ = "desk_key"

    key_id: str = Field(primary_key=True)  # 16 hex digits: the first 8 bytes of SHA-256(public)
    desk_id: str = Field(index=True)
    algorithm: str = "ed25519"
    public_key: str  # base64url of the 32 raw bytes
    private_key: str | None = None  # base64url of the 32-byte seed; only for this desk's key
    label: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    revoked_reason: str = ""


class Certificate(SQLModel, table=True):
    __table_args__ = (
        # One certificate in force per person, event and issuing desk; a revoked one may be
        # replaced by a new one (with a new number: numbers are never reused). Issuing looks across
        # desks (issuing.py); two desks that issued offline for one person both keep both, for an
        # operator's decision (migration 0011, issue 17 item 2).
        Index(
            "ux_certificate_event_participant_desk_active",
            "event_id",
            "participant_id",
            "desk_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    number: str = Field(unique=True)
    event_id: str = Field(foreign_key="event.id", index=True)
    participant_id: str = Field(foreign_key="participant.id", index=True)
    office_code: str
    desk_id: str
    sequence: int  # the {seq} the number was made from
    printed_name: str  # exactly as printed: reprints use it and the seal digests it
    issued_on: date  # the date printed on the certificate (at the venue)
    mode: str  # how the person attended: luring / daring / hybrid
    template_id: str
    template_version: int
    key_id: str = Field(foreign_key="desk_key.key_id")
    token: str  # the verification seal, base64url
    issued_at: datetime = Field(default_factory=utcnow)
    issued_by: str = ""  # operator
    revoked_at: datetime | None = None
    revoked_reason: str = ""
    revoked_by: str = ""


class CertificatePrint(SQLModel, table=True):
    """One printing (or PDF saved for printing) of a certificate: who, when, how many copies."""

    __tablename__ = "certificate_print"

    id: str = Field(default_factory=new_id, primary_key=True)
    certificate_id: str = Field(foreign_key="certificate.id", index=True)
    printed_at: datetime = Field(default_factory=utcnow)
    operator: str
    desk_id: str
    copies: int = 1
    destination: str = ""  # "pdf:<file name>" or "printer:<name>"


class CertificateRevocation(SQLModel, table=True):
    """A revocation HQ published (issue 5 item 4), of a certificate from any desk, so that this
    desk's offline check says "revoked" for certificates it did not issue. A revocation of one of
    this desk's own certificates is also written on its ``Certificate`` row. No foreign keys: the
    certificate, its event and its participant usually live on another desk."""

    __tablename__ = "certificate_revocation"
    __table_args__ = (Index("ix_certificate_revocation_number", "number"),)

    certificate_id: str = Field(primary_key=True)  # the earliest revocation of it stands
    id: str  # the revocation's own id
    number: str
    event_id: str
    participant_id: str
    revoked_at: datetime
    reason: str
    operator: str
    desk_id: str  # the desk that revoked it
    received_at: datetime = Field(default_factory=utcnow)


class EligibilityOverride(SQLModel, table=True):
    """An operator's decision that overrides the attendance rule for one person, with the reason.
    Append-only: the latest decision counts, the earlier ones stay as the record."""

    __tablename__ = "eligibility_override"
    __table_args__ = (
        Index("ix_eligibility_override_event_participant", "event_id", "participant_id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    event_id: str = Field(foreign_key="event.id")
    participant_id: str = Field(foreign_key="participant.id")
    eligible: bool
    reason: str
    operator: str
    desk_id: str
    created_at: datetime = Field(default_factory=utcnow)


class CertificateSignatory(SQLModel, table=True):
    """Signature blocks 1-3 of an event's certificates. Without rows, block 1 comes from the
    event's own signatory fields."""

    __tablename__ = "certificate_signatory"

    event_id: str = Field(foreign_key="event.id", primary_key=True)
    position: int = Field(primary_key=True)  # 1 = main (right), 2 = left, 3 = middle
    title: str
    name: str = ""
    nip: str = ""


class CertificateCounter(SQLModel, table=True):
    """The last sequence number used in one numbering scope (office, desk code, year)."""

    __tablename__ = "certificate_counter"

    scope: str = Field(primary_key=True)
    last: int = 0


class MailState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class CertificateMail(SQLModel, table=True):
    """One certificate to e-mail to one person. Never deleted; resending is an operator's act."""

    __tablename__ = "certificate_mail"

    id: str = Field(default_factory=new_id, primary_key=True)
    certificate_id: str = Field(foreign_key="certificate.id", unique=True)
    event_id: str = Field(foreign_key="event.id", index=True)
    recipient: str
    state: str = MailState.PENDING.value
    attempts: int = 0
    last_error: str = ""
    queued_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    queued_by: str = ""


class CertificateLink(SQLModel, table=True):
    """A personal download link for a certificate (issue 18 item 5, migration 0017). The desk keeps
    the token itself, so ``certificates links`` can print the list again: the desk database is
    encrypted at rest, and HQ gets only ``token_sha256`` (sync/protocol.py CertificateLinkRecord).
    One link in force per certificate; a revoked or expired one is followed by a new token."""

    __tablename__ = "certificate_link"

    id: str = Field(default_factory=new_id, primary_key=True)
    certificate_id: str = Field(foreign_key="certificate.id", index=True)
    token: str = Field(unique=True)  # base64url, sync.protocol.LINK_TOKEN_BYTES random bytes
    token_sha256: str
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = ""
    expires_at: datetime
    revoked_at: datetime | None = None
    place: str = ""  # as the certificate prints it, for HQ's PDF (CertificateLinkRecord)
    verify_url: str = ""
