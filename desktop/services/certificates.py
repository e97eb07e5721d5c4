"""Certificates from the window: who qualifies, what was issued, previews, prints, revocations,
the daftar hadir and the attendance export. Compositions of desktop/core/certificates/,
documents/ and reports.py, each with its audit line; plus the rasteriser (pypdfium2) that turns
the real PDF bytes into pixels for the preview and the printer.

Qt-free like every service: a raster page is plain bytes that the window wraps in a QImage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop.core import event_settings as settings_of_event
from desktop.core import numbering, reports, seal
from desktop.core.certificates import (
    batch,
    eligibility,
    issuing,
    printing,
    records,
    revocation,
)
from desktop.core.certificates import links as certificate_links
from desktop.core.certificates import signatories as signature_blocks
from desktop.core.certificates.batch import BatchResult
from desktop.core.certificates.issuing import IssueOutcome
from desktop.core.certificates.models import Certificate
from desktop.core.db import Database
from desktop.core.desk import desk_identity
from desktop.core.documents.raster import (  # the window previews and prints through these
    RasterPage,
    pdf_page_sizes_mm,
    rasterise,
)
from desktop.core.errors import HadirError
from desktop.core.event_settings import event_template
from desktop.core.operators import record_audit
from desktop.core.registry import event_days, get_event
from desktop.services.events import check_signatory_nip
from sync.documents.certificate_pdf import render_to_bytes
from sync.documents.templates import Signatory, load_template
from sync.protocol import EventSettingsRecord


@dataclass(frozen=True, slots=True)
class EligibleRow:
    participant_id: str
    name: str
    nip: str
    days_attended: int
    days_required: int
    online_minutes: int | None
    by_rule: bool
    override: bool | None
    override_reason: str
    eligible: bool
    certificate_number: str  # "" when none is in force


@dataclass(frozen=True, slots=True)
class IssuedRow:
    id: str
    number: str
    participant_id: str
    name: str
    nip: str
    issued_on: date
    issued_at: datetime
    prints: int
    revoked_at: datetime | None
    revoked_reason: str


@dataclass(frozen=True, slots=True)
class CertificatesOverview:
    event_id: str
    timezone: str
    days: int
    online_min_minutes: int | None  # the event's online rule, None when it has none
    people: list[EligibleRow]
    issued: list[IssuedRow]
    # People with two certificates in force (desks that issued offline): an operator's decision.
    duplicates: tuple[records.DuplicateCertificates, ...] = ()

    @property
    def eligible_count(self) -> int:
        return sum(1 for p in self.people if p.eligible)


def load_overview(db: Database, *, event_id: str) -> CertificatesOverview:
    """Everyone registered with whether they qualify, and every certificate (revoked ones too)."""
    with db.session() as session:
        event = get_event(session=session, event_id=event_id)
        rule = eligibility.event_online_rule(session=session, event_id=event_id)
        status = eligibility.eligibility(session=session, event_id=event_id, online=rule)
        issued = records.list_certificates(session=session, event_id=event_id, include_revoked=True)
        duplicates = tuple(records.duplicate_certificates(session=session, event_id=event_id))
        days = len(event_days(event))
        timezone = event.timezone
    in_force = {c.participant_id: c.number for c in issued if c.revoked_at is None}
    people = [
        EligibleRow(
            e.participant_id,
            e.full_name,
            e.nip or "",
            e.days_attended,
            e.days_required,
            e.online_minutes,
            e.by_rule,
            e.override,
            e.override_reason,
            e.eligible,
            in_force.get(e.participant_id, ""),
        )
        for e in status
    ]
    rows = [
        IssuedRow(
            c.id,
            c.number,
            c.participant_id,
            c.name,
            c.nip or "",
            c.issued_on,
            c.issued_at,
            c.prints,
            c.revoked_at,
            c.revoked_reason,
        )
        for c in issued
    ]
    return CertificatesOverview(
        event_id,
        timezone,
        days,
        rule.min_minutes if rule is not None else None,
        people,
        rows,
        duplicates,
    )


@dataclass(frozen=True, slots=True)
class Override:
    participant_id: str
    eligible: bool
    reason: str


def set_override(
    db: Database, *, event_id: str, participant_id: str, eligible: bool, reason: str, operator: str
) -> Override:
    with db.write() as session:
        row = eligibility.set_override(
            session=session,
            event_id=event_id,
            participant_id=participant_id,
            eligible=eligible,
            reason=reason,
            operator=operator,
        )
        record_audit(
            session=session,
            operator=operator,
            action="certificate.override",
            detail={
                "event": event_id,
                "participant": participant_id,
                "eligible": eligible,
                "reason": reason.strip(),
            },
        )
        return Override(row.participant_id, row.eligible, row.reason)


def issue(
    db: Database, *, event_id: str, operator: str, participant_ids: Sequence[str] | None = None
) -> IssueOutcome:
    """Issue certificates for the qualifying (or the named) participants; numbers never change."""
    with db.write() as session:
        template = event_template(session=session, event_id=event_id)
        outcome = issuing.issue_certificates(
            session=session,
            event_id=event_id,
            operator=operator,
            template=template,
            participant_ids=participant_ids,
            online=eligibility.event_online_rule(session=session, event_id=event_id),
        )
        record_audit(
            session=session,
            operator=operator,
            action="certificate.issue",
            detail={"event": event_id, "issued": outcome.issued, "existing": outcome.existing},
        )
    return outcome


def certificate_pdf(db: Database, *, certificate_ids: Sequence[str]) -> bytes:
    """The PDF exactly as it prints: the same template and data the batch renderer uses."""
    if not certificate_ids:
        raise HadirError("No certificate was chosen.", code="nothing_to_print")
    with db.session() as session:
        pages = printing.certificate_data(session=session, certificate_ids=list(certificate_ids))
        first = session.get(Certificate, certificate_ids[0])
        template = (
            event_template(session=session, event_id=first.event_id) if first else load_template()
        )
    return render_to_bytes(template=template, certificates=pages)


DEFAULT_VERIFY_URL = seal.DEFAULT_BASE_URL


def verification_address_set(db: Database) -> bool:
    """Whether QR codes carry the office's own address (the window asks before printing if not)."""
    with db.session() as session:
        return seal.base_url_is_set(session=session)


def page_size_mm() -> tuple[float, float]:
    """The default template's page (width, height) in millimetres, for the printer setup."""
    template = load_template()
    return template.width, template.height


def log_printed(
    db: Database, *, certificate_ids: Sequence[str], operator: str, copies: int, destination: str
) -> int:
    with db.write() as session:
        reprinted = len(printing.printed_before(session=session, certificate_ids=certificate_ids))
        count = printing.log_prints(
            session=session,
            certificate_ids=certificate_ids,
            operator=operator,
            copies=copies,
            destination=destination,
        )
        record_audit(
            session=session,
            operator=operator,
            action="certificate.print",
            detail={
                "certificates": len(certificate_ids),
                "copies": copies,
                "destination": destination,
                "reprinted": reprinted,
            },
        )
    return count


def save_batch(
    db: Database,
    *,
    event_id: str,
    out: Path,
    operator: str,
    participant_ids: Sequence[str] | None,
    progress: Callable[[int, int | None], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    template_id: str | None = None,
) -> BatchResult:
    """Issue what is missing and render the batch into ``out`` (nothing is left on cancel)."""
    result = batch.render_event_certificates(
        db=db,
        event_id=event_id,
        out=out,
        operator=operator,
        participant_ids=participant_ids,
        progress=progress,
        cancel=cancelled,
        template=load_template(template_id) if template_id else None,
    )
    if not result.render.cancelled:
        with db.write() as session:
            record_audit(
                session=session,
                operator=operator,
                action="certificate.save_pdf",
                detail={
                    "event": event_id,
                    "file": str(out),
                    "pages": result.render.pages,
                    "reprinted": result.reprinted,
                },
            )
    return result


def address_warnings(db: Database, *, event_id: str | None = None) -> list[str]:
    """What is missing for QR codes that verify (e.g. no verification address set), and, for an
    event, a template here of another version than the one chosen for it."""
    with db.session() as session:
        return batch.address_warnings(session=session, event_id=event_id)


@dataclass(frozen=True, slots=True)
class Revoked:
    number: str
    revoked_at: datetime | None
    reason: str


def revoke(db: Database, *, number: str, reason: str, operator: str) -> Revoked:
    with db.write() as session:
        row = revocation.revoke_certificate(
            session=session, number=number, reason=reason, operator=operator
        )
        record_audit(
            session=session,
            operator=operator,
            action="certificate.revoke",
            detail={"number": number, "reason": reason.strip()},
        )
        return Revoked(row.number, row.revoked_at, row.revoked_reason)


def links(
    db: Database, *, event_id: str, operator: str, days: int = certificate_links.DEFAULT_DAYS
) -> list[certificate_links.LinkRow]:
    """The personal download link of every certificate in force of the event (issue 18 item 5):
    existing unexpired ones listed again, missing ones minted and queued for HQ."""
    with db.write() as session:
        rows = certificate_links.event_links(
            session=session, event_id=event_id, operator=operator, days=days
        )
        minted = sum(1 for row in rows if row.minted)
        if minted:
            record_audit(
                session=session,
                operator=operator,
                action="certificate.links",
                detail={"event_id": event_id, "minted": minted, "days": days},
            )
        return rows


@dataclass(frozen=True, slots=True)
class LinksExport:
    path: str
    links: int
    minted: int
    without_whatsapp: int


def export_links(
    db: Database,
    *,
    event_id: str,
    out: Path,
    operator: str,
    days: int = certificate_links.DEFAULT_DAYS,
) -> LinksExport:
    """The links (``links``: existing ones again, missing ones minted) as a list to send by
    e-mail or WhatsApp: name, number, link, until when, phone and a wa.me link (the window's
    "Tautan unduh sertifikat…"). Written whole or not at all."""
    from desktop.core.invitations import links_sheet

    rows = links(db, event_id=event_id, operator=operator, days=days)
    with db.session() as session:
        sheet, unusable = links_sheet(session=session, event_id=event_id, links=rows)
    target = Path(out).expanduser()
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(sheet)
    partial.replace(target)
    with db.write() as session:
        # Names, phone numbers and personal links leave the desk in this file.
        record_audit(
            session=session,
            operator=operator,
            action="certificate.links_export",
            detail={"event": event_id, "file": str(target), "links": len(rows)},
        )
    return LinksExport(
        path=str(target),
        links=len(rows),
        minted=sum(1 for row in rows if row.minted),
        without_whatsapp=unusable,
    )


def revoke_link(db: Database, *, number: str, operator: str) -> int:
    """Withdraw a certificate's download link (HQ stops serving it); the certificate stays."""
    with db.write() as session:
        count = certificate_links.revoke_link(session=session, number=number, operator=operator)
        record_audit(
            session=session,
            operator=operator,
            action="certificate.link_revoke",
            detail={"number": number, "links": count},
        )
        return count


def event_settings(
    db: Database,
    *,
    event_id: str,
    operator: str,
    min_days: int | None = None,
    number_pattern: str | None = None,
    template_id: str | None = None,
    base_url: str | None = None,
) -> EventSettingsRecord:
    """Show the event's certificate settings (which travel with the event to every desk, issue 17),
    changing what is given: None leaves a setting, 0 or "" clears it to this desk's default."""
    changes = {
        key: value
        for key, value in (
            ("min_days", min_days),
            ("pattern", number_pattern),
            ("template", template_id),
            ("base_url", base_url),
        )
        if value is not None
    }
    with db.write() as session:
        stored = settings_of_event.set_event_settings(
            session=session,
            event_id=event_id,
            min_days=min_days,
            number_pattern=number_pattern,
            template_id=template_id,
            verify_base_url=base_url,
        )
        if changes:
            record_audit(
                session=session,
                operator=operator,
                action="event.settings",
                detail={"event": event_id, **changes},
            )
        return stored


def duplicates(db: Database, *, event_id: str | None = None) -> list[records.DuplicateCertificates]:
    """People with two certificates in force for one event (desks that issued offline, issue 17
    item 2), for an operator to keep one and revoke the other through ``revoke``."""
    with db.session() as session:
        if event_id is not None:
            get_event(session=session, event_id=event_id)
        return records.duplicate_certificates(session=session, event_id=event_id)


def signatories(db: Database, *, event_id: str) -> tuple[Signatory, ...]:
    with db.session() as session:
        return signature_blocks.signatories(
            session=session, event=get_event(session=session, event_id=event_id)
        )


def set_signatories(
    db: Database, *, event_id: str, blocks: Sequence[Signatory], operator: str
) -> tuple[Signatory, ...]:
    """Replace the event's signature blocks; a NIP, when given, must be a valid NIP (it is
    printed under the name on every certificate)."""
    for block in blocks:
        check_signatory_nip(block.nip)
    with db.write() as session:
        stored = signature_blocks.set_signatories(session=session, event_id=event_id, blocks=blocks)
        record_audit(
            session=session,
            operator=operator,
            action="certificate.signatories",
            detail={"event": event_id, "blocks": [[b.title, b.name] for b in stored]},
        )
        return stored


@dataclass(frozen=True, slots=True)
class Numbering:
    office: str
    pattern: str
    desk_code: str
    desk_number: int | None
    verify_base_url: str


def numbering_settings(
    db: Database,
    *,
    office_code: str | None,
    operator: str,
    pattern: str | None = None,
    desk_code: str | None = None,
    desk_number: int | None = None,
    base_url: str | None = None,
) -> Numbering:
    """Show the certificate numbering (and verification address), changing what is given."""
    changes = {
        key: value
        for key, value in (
            ("pattern", pattern),
            ("desk_code", desk_code),
            ("desk_number", desk_number),
            ("base_url", base_url),
        )
        if value not in (None, "")
    }
    with db.write() as session:
        office = (office_code or desk_identity(session=session).office_code or "").upper()
        if not office:
            raise HadirError(
                "Which office? Give --office CODE or set up the desk first.", code="no_office"
            )
        if pattern:
            numbering.set_office_pattern(session=session, office_code=office, pattern=pattern)
        if desk_code:
            numbering.set_desk_code(session=session, code=desk_code)
        if desk_number is not None:
            numbering.set_desk_number(session=session, number=desk_number)
        if base_url:
            seal.set_base_url(session=session, url=base_url)
        if changes:
            record_audit(
                session=session,
                operator=operator,
                action="certificate.numbering",
                detail={"office": office, **changes},
            )
        return Numbering(
            office,
            numbering.office_pattern(session=session, office_code=office).text,
            numbering.desk_code(session=session),
            numbering.desk_number(session=session),
            seal.base_url(session=session),
        )


@dataclass(frozen=True, slots=True)
class SealKey:
    key_id: str
    public_key: str


def seal_key(db: Database) -> SealKey:
    """This desk's sealing key (made on first use): what HQ needs to verify its certificates."""
    with db.write() as session:
        signer = seal.desk_signer(session=session)
        return SealKey(signer.key_id, seal.public_key_text(session=session, key_id=signer.key_id))


def write_daftar_hadir(
    db: Database, *, event_id: str, day: int, out: Path, blank: bool, operator: str
) -> reports.SheetResult:
    with db.session() as session:
        result = reports.write_daftar_hadir(
            session=session, event_id=event_id, day=day, out=out, blank=blank
        )
    with db.write() as session:
        record_audit(
            session=session,
            operator=operator,
            action="report.daftar_hadir",
            detail={
                "event": event_id,
                "day": day,
                "blank": blank,
                "file": str(out),
                "pages": result.pages,
            },
        )
    return result


def export_attendance(
    db: Database, *, event_id: str, out: Path, operator: str
) -> reports.ExportResult:
    with db.session() as session:
        result = reports.export_attendance(session=session, event_id=event_id, out=out)
    with db.write() as session:
        # Personal data leaves the desk: UU 27/2022 wants a record of it.
        record_audit(
            session=session,
            operator=operator,
            action="attendance.export",
            detail={"event": event_id, "file": str(out), "rows": result.rows},
        )
    return result


def preview(db: Database, *, certificate_id: str, width_px: int) -> RasterPage:
    """Page 1 of the certificate's real PDF, ``width_px`` wide."""
    pdf = certificate_pdf(db, certificate_ids=[certificate_id])
    width_mm, _height = pdf_page_sizes_mm(pdf)[0]
    dpi = max(36.0, min(300.0, width_px / (width_mm / 25.4)))
    return next(rasterise(pdf, dpi=dpi, pages=[0]))
