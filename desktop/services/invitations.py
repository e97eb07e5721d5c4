"""Invitations and badges (issue 18): the front door the window and hadir-cli share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from desktop.core import invitations
from desktop.core.db import Database
from desktop.core.documents import badges as badge_pdf
from desktop.core.errors import HadirError
from desktop.core.operators import record_audit
from desktop.core.registry import get_event

LAYOUTS = tuple(badge_pdf.LAYOUTS)


def render_badges(
    db: Database, *, event_id: str, out: Path, operator: str, layout: str = "2x4"
) -> badge_pdf.BadgeResult:
    """A4 sheets of name badges for everyone registered, into ``out`` (a PDF)."""
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
    result = badge_pdf.render_badges(
        out=Path(out), event_title=title, badges=invitations.badges(people), layout_name=layout
    )
    with db.write() as session:
        # Badges print names out of the desk: UU 27/2022 wants a record.
        record_audit(
            session=session,
            operator=operator,
            action="badges.render",
            detail={"event": event_id, "out": str(out), "layout": layout, "badges": result.badges},
        )
    return result


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
