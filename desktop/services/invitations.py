"""Invitations and badges (issue 18): the front door the window and hadir-cli share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path

from desktop.core import invitations
from desktop.core.db import Database
from desktop.core.documents import badges as badge_pdf
from desktop.core.errors import HadirError
from desktop.core.operators import record_audit
from desktop.core.registry import get_event

LAYOUTS = tuple(badge_pdf.LAYOUTS)
BadgeResult = badge_pdf.BadgeResult  # for the window, which imports services only


def _badge_inputs(
    db: Database, *, event_id: str, layout: str
) -> tuple[str, list[badge_pdf.BadgeData]]:
    if layout not in badge_pdf.LAYOUTS:
        raise HadirError(
            f"Badge layout '{layout}' is not one of {', '.join(LAYOUTS)}.",
            code="badge_layout",
            value=layout,
            wanted=list(LAYOUTS),
        )
    with db.session() as session:
        title = get_event(session=session, event_id=event_id).title
        people = invitations.invitees(session=session, event_id=event_id)
    if not people:
        raise HadirError("Nobody is registered for this event yet.", code="nobody_registered")
    return title, invitations.badges(people)


def _audit_badges(
    db: Database, *, event_id: str, operator: str, layout: str, badges: int, destination: str
) -> None:
    with db.write() as session:
        # Badges print names out of the desk: UU 27/2022 wants a record.
        record_audit(
            session=session,
            operator=operator,
            action="badges.render",
            detail={"event": event_id, "out": destination, "layout": layout, "badges": badges},
        )


def render_badges(
    db: Database, *, event_id: str, out: Path, operator: str, layout: str = "2x4"
) -> badge_pdf.BadgeResult:
    """A4 sheets of name badges for everyone registered, into ``out`` (a PDF)."""
    title, badges = _badge_inputs(db, event_id=event_id, layout=layout)
    result = badge_pdf.render_badges(
        out=Path(out), event_title=title, badges=badges, layout_name=layout
    )
    _audit_badges(
        db,
        event_id=event_id,
        operator=operator,
        layout=layout,
        badges=result.badges,
        destination=str(out),
    )
    return result


def badges_pdf(
    db: Database, *, event_id: str, layout: str = "2x4"
) -> tuple[bytes, badge_pdf.BadgeResult]:
    """The sheets in memory, for the window's preview and print (nothing leaves the desk yet:
    ``log_badges_printed`` records the print)."""
    title, badges = _badge_inputs(db, event_id=event_id, layout=layout)
    buffer = BytesIO()
    result = badge_pdf.write_badges(buffer, event_title=title, badges=badges, layout_name=layout)
    return buffer.getvalue(), result


def log_badges_printed(
    db: Database, *, event_id: str, operator: str, layout: str, badges: int, printer: str
) -> None:
    _audit_badges(
        db,
        event_id=event_id,
        operator=operator,
        layout=layout,
        badges=badges,
        destination=f"printer:{printer}",
    )


def export_invitations(
    db: Database,
    *,
    event_id: str,
    out: Path,
    operator: str,
    progress: Callable[[int, int], None] | None = None,
) -> invitations.ExportResult:
    """One PDF and one PNG invitation per registered person, the send list and the WhatsApp
    list, into a folder or a ``.zip``."""
    with db.session() as session:
        result = invitations.export_invitations(
            session=session, event_id=event_id, out=Path(out), progress=progress
        )
    with db.write() as session:
        # Invitations carry names, e-mail addresses and phone numbers out of the desk.
        record_audit(
            session=session,
            operator=operator,
            action="invitations.export",
            detail={
                "event": event_id,
                "out": str(out),
                "people": result.people,
                "without_whatsapp": sum(1 for row in result.whatsapp if not row.link),
            },
        )
    return result


def send_invitations(
    db: Database,
    *,
    event_id: str,
    operator: str,
    resend: Sequence[str] = (),
    resend_failed: bool = False,
) -> invitations.MailReport:
    """E-mail each registrant with an address their invitation (PDF and PNG attached), once:
    queue what is new, put back what the operator asks to resend (people by participant id, or
    every failed one), then send everything pending."""
    with db.write() as session:
        again = 0
        if resend or resend_failed:
            again = invitations.resend_invitations(
                session=session, event_id=event_id, participant_ids=resend, failed=resend_failed
            )
        queued = invitations.queue_invitations(
            session=session, event_id=event_id, operator=operator
        )
    report = invitations.send_invitations(db=db, event_id=event_id, queued=queued)
    with db.write() as session:
        record_audit(
            session=session,
            operator=operator,
            action="invitations.email",
            detail={
                "event": event_id,
                "queued": queued,
                "resent": again,
                "sent": report.sent,
                "failed": report.failed,
                "pending": report.pending,
            },
        )
    return report
