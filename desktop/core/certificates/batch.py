"""A batch: issue what is missing, render the PDF off the write lock, log the prints."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from desktop.core import seal
from desktop.core.certificates.eligibility import event_online_rule
from desktop.core.certificates.issuing import issue_certificates
from desktop.core.certificates.printing import certificate_data, log_prints, printed_before
from desktop.core.db import Database
from desktop.core.errors import HadirError
from desktop.core.event_settings import event_template, template_warnings
from desktop.core.models import Event
from desktop.core.registry import get_event
from sync.documents.certificate_pdf import (
    Cancel,
    Progress,
    RenderResult,
    render_certificates,
)
from sync.documents.templates import CertificateData, Template


@dataclass(frozen=True, slots=True)
class BatchResult:
    render: RenderResult
    issued: int
    existing: int
    reprinted: int = 0  # of the pages, certificates some desk had printed before


def address_warnings(*, session: Session, event_id: str | None = None) -> list[str]:
    """What to tell whoever prints before the desk knows the office's verification address
    (``seal.base_url_is_set``; an event's own address, issue 17, counts too), or when the event's
    template here is another version than the one chosen for it: the CLI lists it under
    "warnings", the window asks first."""
    warnings = template_warnings(session=session, event_id=event_id) if event_id else []
    event = session.get(Event, event_id) if event_id else None
    if seal.base_url_is_set(session=session) or (event is not None and event.verify_base_url):
        return warnings
    return [
        *warnings,
        f"No HQ address is set on this desk, so the QR codes carry the default address "
        f"{seal.DEFAULT_BASE_URL}. Enroll the desk with HQ (hadir-cli sync enroll) or set the "
        "address (hadir-cli certificates numbering --base-url) before printing, unless the office "
        "verifies certificates there.",
    ]


_READ_PAGES = 500  # certificates read per short session while the pages are drawn


def _pages(
    db: Database, first: list[CertificateData], rest: Sequence[str]
) -> Iterator[CertificateData]:
    """The pages in order, read from the database in short sessions as drawing goes on: while
    worker processes draw (issue 20) this process reads the next pages instead of waiting."""
    yield from first
    for start in range(0, len(rest), _READ_PAGES):
        with db.session() as session:
            chunk = certificate_data(
                session=session, certificate_ids=rest[start : start + _READ_PAGES]
            )
        yield from chunk


def render_event_certificates(
    *,
    db: Database,
    event_id: str,
    out: Path,
    operator: str,
    participant_ids: Sequence[str] | None = None,
    template: Template | None = None,
    progress: Progress | None = None,
    cancel: Cancel = None,
    workers: int | None = None,
) -> BatchResult:
    """Issue what is missing, render the batch to ``out`` and log the prints.

    Three short transactions, none held open while the PDF is drawn (which is what takes time),
    so a window can run this on a worker thread while the desk keeps checking people in.
    ``workers``: processes drawing the pages (default: one per core for a long batch; 1: this
    process only).
    """
    with db.write() as session:
        template = template or event_template(session=session, event_id=event_id)
        outcome = issue_certificates(
            session=session,
            event_id=event_id,
            operator=operator,
            template=template,
            participant_ids=participant_ids,
            online=event_online_rule(session=session, event_id=event_id),
        )
    if not outcome.certificate_ids:
        raise HadirError(
            "Nobody qualifies for a certificate yet (check-ins or overrides needed).",
            code="nothing_to_print",
        )
    ids = outcome.certificate_ids
    with db.session() as session:
        first = certificate_data(session=session, certificate_ids=ids[:_READ_PAGES])
        title = f"Sertifikat - {get_event(session=session, event_id=event_id).title}"
    result = render_certificates(
        template=template,
        certificates=_pages(db, first, ids[_READ_PAGES:]),
        out=out,
        total=len(ids),
        progress=progress,
        cancel=cancel,
        title=title,
        workers=workers,
    )
    reprinted = 0
    if not result.cancelled:
        with db.write() as session:
            reprinted = len(
                printed_before(session=session, certificate_ids=outcome.certificate_ids)
            )
            log_prints(
                session=session,
                certificate_ids=outcome.certificate_ids,
                operator=operator,
                destination=f"pdf:{Path(out).name}",
            )
    return BatchResult(
        render=result, issued=outcome.issued, existing=outcome.existing, reprinted=reprinted
    )
