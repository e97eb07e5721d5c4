"""Online attendance and delivery from the window: preview and import a Zoom/Meet report, resolve
the people it could not match, and get certificates to the people who were not in the room (one
PDF each into a folder or zip; e-mail through the office's SMTP server).

Compositions of desktop/core/online.py, importers/online_reports.py and delivery.py, each write
with its audit line. Qt-free: plain data in and out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from desktop.core import delivery, online
from desktop.core.clock import as_utc, utc_to_local
from desktop.core.db import Database
from desktop.core.delivery import ChoiceCount, ExportResult, SendReport, SmtpSettings, Who
from desktop.core.desk import desk_identity
from desktop.core.importers.online_reports import Role, read_online_report
from desktop.core.models import OnlineReport
from desktop.core.online import OnlineSummary
from desktop.core.operators import record_audit
from desktop.core.registry import event_days, get_event

# --------------------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class ReportPreview:
    path: Path
    variant: str  # desktop.core.importers.online_reports.ReportVariant value
    rows: int
    names: int  # distinct display names, before grouping
    first_join: datetime | None  # local, in ``timezone``
    last_leave: datetime | None
    timezone: str
    skipped: int
    event_minutes: int
    date_order: str = ""  # "dmy" / "mdy" / "ymd": how the dates were read
    meeting_id: str = ""
    topic: str = ""
    warnings: tuple[str, ...] = ()  # codes (online_totals_only, ...)
    for_decision: int = 0  # hosts and dial-ins among the rows
    waiting_room: int = 0  # rows skipped as waiting room


def preview_report(
    db: Database,
    *,
    event_id: str,
    path: Path,
    timezone: str | None = None,
    date_order: str | None = None,
    meeting_ids: Sequence[str] = (),
    meet_date: date | None = None,
) -> ReportPreview:
    """Read the file without importing it: what it is, how many rows, which hours. A file holding
    several meetings is refused (``online_several_meetings``, the meetings in its params) until
    one is chosen; so is a Google Meet report without a date for a multi-day event
    (``online_date_needed``, the event's days in its params) until ``meet_date`` is given."""
    with db.session() as session:
        event = get_event(session=session, event_id=event_id)
        zone_name = timezone or event.timezone
        dates = [day.date for day in event_days(event)]
        minutes = online.event_minutes(event)
    report = read_online_report(
        Path(path),
        timezone=zone_name,
        event_dates=dates,
        date_order=date_order,
        meeting_ids=meeting_ids,
        meet_date=meet_date,
    )
    joins = [as_utc(s.join) for s in report.segments if s.join is not None]
    leaves = [as_utc(s.leave) for s in report.segments if s.leave is not None]
    return ReportPreview(
        path=Path(path),
        variant=report.variant.value,
        rows=len(report.segments),
        names=len({s.original_name.casefold() for s in report.segments}),
        first_join=utc_to_local(min(joins), zone_name) if joins else None,
        last_leave=utc_to_local(max(leaves), zone_name) if leaves else None,
        timezone=zone_name,
        skipped=len(report.skipped),
        event_minutes=minutes,
        date_order=report.date_order.value if report.date_order else "",
        meeting_id=report.meeting_id or "",
        topic=report.topic or "",
        warnings=tuple(str(w["code"]) for w in report.warnings),
        for_decision=len(
            {s.original_name for s in report.segments if s.role in (Role.HOST, Role.DIAL_IN)}
        ),
        waiting_room=sum(1 for s in report.skipped if s.get("code") == "online_waiting_room"),
    )


def run_import(
    db: Database,
    *,
    event_id: str,
    path: Path,
    operator: str,
    min_minutes: int | None = None,
    min_percent: int | None = None,
    timezone: str | None = None,
    date_order: str | None = None,
    meeting_ids: Sequence[str] = (),
    meet_date: date | None = None,
) -> OnlineSummary:
    """The rule, the report and its audit line in one transaction: all or nothing."""
    with db.write() as session:
        summary = online.import_online_report(
            session=session,
            event_id=event_id,
            path=Path(path),
            operator=operator,
            timezone=timezone,
            date_order=date_order,
            meeting_ids=meeting_ids,
            meet_date=meet_date,
            min_minutes=min_minutes,
            min_percent=min_percent,
        )
        stored = session.get(OnlineReport, summary.report_id) if summary.report_id else None
        day = stored.meeting_date if stored is not None else None  # given, or from the file name
        record_audit(
            session=session,
            operator=operator,
            action="online.import",
            detail={
                "event": event_id,
                "file": Path(path).name,
                "report": summary.report_id,
                "date": day.isoformat() if day else None,
                "meetings": stored.meeting_ids if stored is not None else "",
                "min_minutes": min_minutes,
                "min_percent": min_percent,
                **{
                    k: v
                    for k, v in summary.as_dict().items()
                    if k
                    in (
                        "people",
                        "matched",
                        "doubtful",
                        "unmatched",
                        "eligible",
                        "already_imported",
                    )
                },
            },
        )
        return summary


@dataclass(frozen=True, slots=True)
class ReportRow:
    id: str
    file: str
    variant: str
    day: date | None  # the day given to a Meet report; None when its rows carry dates
    imported_at: datetime  # UTC
    operator: str
    rows: int
    meetings: tuple[str, ...] = ()  # the meetings imported from a meeting-history file


def list_reports(db: Database, *, event_id: str) -> list[ReportRow]:
    with db.session() as session:
        found = online.list_reports(session=session, event_id=event_id)
    return [
        ReportRow(
            r["id"],
            r["file"],
            r["variant"],
            date.fromisoformat(r["date"]) if r["date"] else None,
            as_utc(r["imported_at"]),
            r["operator"],
            int(r["rows"]),
            tuple(r["meetings"]),
        )
        for r in found
    ]


def remove_report(
    db: Database, *, report_id: str, operator: str, reason: str = ""
) -> OnlineSummary:
    """Take an imported report back out, with the reason in the audit line; HQ marks it
    withdrawn."""
    with db.write() as session:
        taken = online.take_out_report(session=session, report_id=report_id)
        record_audit(
            session=session,
            operator=operator,
            action="online.remove",
            detail={"event": taken.event_id, **taken.detail, "reason": reason.strip()},
        )
        return online.withdraw_report(
            session=session,
            report_id=report_id,
            event_id=taken.event_id,
            operator=operator,
            reason=reason,
        )


# --------------------------------------------------------------------------- people


@dataclass(frozen=True, slots=True)
class Candidate:
    participant_id: str
    name: str
    nip: str
    instansi: str


@dataclass(frozen=True, slots=True)
class OnlinePersonRow:
    key: str
    name: str
    email: str
    nip: str
    guest: bool
    minutes: int
    match: str  # email / nip / name / manual / new / doubtful / unmatched / ignored
    participant_id: str | None
    participant_name: str
    candidates: tuple[Candidate, ...]
    # The participant's minutes with all their accounts merged, when that differs from this one's.
    counted_minutes: int | None = None
    role: str | None = None  # attendee / panelist / host / dial-in; None if not kept

    @property
    def needs_decision(self) -> bool:
        return self.match in ("doubtful", "unmatched")


@dataclass(frozen=True, slots=True)
class OnlineOverview:
    event_id: str
    summary: OnlineSummary
    required_minutes: int | None
    event_minutes: int
    min_minutes: int | None  # the rule as set: minutes, or
    min_percent: int | None  # a percentage of the event's hours
    reports: int
    people: list[OnlinePersonRow] = field(default_factory=list)


def _candidates(session: Session, ids: set[str]) -> dict[str, Candidate]:
    found: dict[str, Candidate] = {}
    listed = sorted(ids)
    connection = session.connection()
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        marks = ", ".join(f":p{n}" for n in range(len(chunk)))
        rows = connection.execute(
            text(
                f"SELECT id, full_name, COALESCE(nip, nik, ''), instansi FROM participant "
                f"WHERE id IN ({marks})"
            ),
            {f"p{n}": pid for n, pid in enumerate(chunk)},
        )
        for pid, name, number, instansi in rows:
            found[pid] = Candidate(pid, name, number, instansi or "")
    return found


def load_overview(db: Database, *, event_id: str) -> OnlineOverview:
    with db.session() as session:
        event = get_event(session=session, event_id=event_id)
        summary = online.summarise(session=session, event_id=event_id)
        people = online.list_people(session=session, event_id=event_id)
        ids = {p["participant_id"] for p in people if p["participant_id"]}
        ids |= {c for p in people for c in p["candidates"]}
        known = _candidates(session, ids)
        reports = (
            session.connection()
            .execute(
                text("SELECT COUNT(*) FROM online_report WHERE event_id = :e"), {"e": event_id}
            )
            .scalar_one()
        )
        required = online.required_minutes(event)
        minutes = online.event_minutes(event)
        counted = online.online_minutes(session=session, event_id=event_id)
        rule = (event.online_min_minutes, event.online_min_percent)
    rows = [
        OnlinePersonRow(
            key=p["key"],
            name=p["name"],
            email=p["email"] or "",
            nip=p["nip"] or "",
            guest=bool(p["guest"]),
            minutes=int(p["minutes"]),
            match=p["match"],
            participant_id=p["participant_id"],
            participant_name=known[p["participant_id"]].name
            if p["participant_id"] in known
            else "",
            candidates=tuple(known[c] for c in p["candidates"] if c in known),
            counted_minutes=counted.get(p["participant_id"])
            if p["participant_id"] and counted.get(p["participant_id"]) != p["minutes"]
            else None,
            role=p["role"],
        )
        for p in people
    ]
    # Decisions first: what waits for the operator is at the top.
    rows.sort(key=lambda r: (not r.needs_decision, r.name.casefold()))
    return OnlineOverview(
        event_id, summary, required, minutes, rule[0], rule[1], int(reports), rows
    )


def search_registrations(
    db: Database, *, event_id: str, query: str, limit: int = 30
) -> list[Candidate]:
    """Registered participants whose name or number holds every word typed."""
    words = [w for w in query.casefold().split() if w]
    if not words:
        return []
    clauses = " AND ".join(
        f"(lower(p.full_name) LIKE :w{n} OR COALESCE(p.nip, p.nik, '') LIKE :w{n})"
        for n in range(len(words))
    )
    params: dict[str, object] = {f"w{n}": f"%{w}%" for n, w in enumerate(words)}
    params.update(event=event_id, limit=limit)
    with db.session() as session:
        rows = session.connection().execute(
            text(
                "SELECT p.id, p.full_name, COALESCE(p.nip, p.nik, ''), p.instansi "
                "FROM registration r JOIN participant p ON p.id = r.participant_id "
                f"WHERE r.event_id = :event AND {clauses} "
                "ORDER BY p.full_name COLLATE NOCASE LIMIT :limit"
            ),
            params,
        )
        return [
            Candidate(pid, name, number, instansi or "") for pid, name, number, instansi in rows
        ]


@dataclass(frozen=True, slots=True)
class Resolved:
    key: str
    match: str
    participant_id: str | None
    minutes: int


def resolve(
    db: Database,
    *,
    event_id: str,
    person_key: str,
    operator: str,
    participant_id: str | None = None,
    register_new: bool = False,
    ignore: bool = False,
) -> Resolved:
    """Link, register as new, or ignore, with the audit line; returns the person as matched
    afterwards."""
    with db.write() as session:
        person = online.resolve(
            session=session,
            event_id=event_id,
            person_key=person_key,
            participant_id=participant_id,
            register_new=register_new,
            ignore=ignore,
            desk_id=desk_identity(session=session).desk_id,
        )
        record_audit(
            session=session,
            operator=operator,
            action="online.resolve",
            detail={
                "event": event_id,
                "person": person_key,
                "participant": person.participant_id,
                "match": person.match,
            },
        )
        return Resolved(person.person_key, person.match, person.participant_id, person.minutes)


def list_people(db: Database, *, event_id: str) -> list[dict[str, Any]]:
    """Everyone of the event's online reports with their match and minutes (hadir-cli's list)."""
    with db.session() as session:
        return online.list_people(session=session, event_id=event_id)


def report_dicts(db: Database, *, event_id: str) -> list[dict[str, Any]]:
    """The event's imported reports as the core lists them (hadir-cli's JSON)."""
    with db.session() as session:
        return online.list_reports(session=session, event_id=event_id)


# --------------------------------------------------------------------------- delivery


def export_certificates(
    db: Database,
    *,
    event_id: str,
    out: Path,
    operator: str,
    who: Who | str = Who.ALL,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """One PDF per certificate of ``who`` (online, in-person or all who qualify)."""
    chosen = delivery.parse_who(who)
    result = delivery.export_certificates(
        db=db,
        event_id=event_id,
        out=out,
        operator=operator,
        who=chosen,
        progress=progress,
    )
    with db.write() as session:
        # Certificates carry names and NIPs out of the desk: UU 27/2022 wants a record.
        record_audit(
            session=session,
            operator=operator,
            action="certificate.export",
            detail={
                "event": event_id,
                "out": str(out),
                "files": result.files,
                "who": chosen.value,
            },
        )
    return result


def choice_counts(db: Database, *, event_id: str) -> dict[str, ChoiceCount]:
    """How many qualify (and how many have an e-mail address) for each choice of people, by
    its value (online / in-person / all)."""
    with db.session() as session:
        counts = delivery.choice_counts(session=session, event_id=event_id)
    return {who.value: count for who, count in counts.items()}


def smtp_settings(db: Database) -> SmtpSettings | None:
    with db.session() as session:
        return delivery.smtp_settings(session=session)


def save_smtp_settings(db: Database, *, settings: SmtpSettings, operator: str) -> None:
    with db.write() as session:
        delivery.save_smtp_settings(session=session, settings=settings)
        record_audit(
            session=session,
            operator=operator,
            action="smtp.settings",
            detail={
                "host": settings.host,
                "port": settings.port,
                "security": settings.security,
                "sender": settings.sender,
            },
        )


def send(
    db: Database, *, event_id: str, operator: str, who: Who | str = Who.ONLINE
) -> tuple[int, SendReport]:
    """Queue what is new for ``who`` (online by default, as before issue 18), then send
    everything pending; returns (queued now, report)."""
    from desktop.services.certificates import links as download_links

    chosen = delivery.parse_who(who)
    queued = delivery.queue_emails(db=db, event_id=event_id, operator=operator, who=chosen)
    # Each message carries the certificate's personal download link too (issue 18 item 5): the
    # ones it has, else new ones (audited there), working at HQ once this desk has synced.
    by_number = {
        row.number: delivery.DownloadLink(row.url, row.expires_at.date().isoformat())
        for row in download_links(db, event_id=event_id, operator=operator)
    }
    report = delivery.send_queued(db=db, event_id=event_id, links=by_number)
    with db.write() as session:
        record_audit(
            session=session,
            operator=operator,
            action="certificate.email",
            detail={"event": event_id, "who": chosen.value, "queued": queued, **report.as_dict()},
        )
    return queued, report


def resend(
    db: Database, *, event_id: str, operator: str, numbers: Sequence[str] = (), failed: bool = False
) -> int:
    with db.write() as session:
        again = delivery.resend(session=session, event_id=event_id, numbers=numbers, failed=failed)
        record_audit(
            session=session,
            operator=operator,
            action="certificate.resend",
            detail={"event": event_id, "numbers": list(numbers), "failed": failed, "queued": again},
        )
    return again


@dataclass(frozen=True, slots=True)
class MailRow:
    number: str
    to: str
    state: str  # pending / sent / failed
    attempts: int
    error: str
    sent_at: datetime | None


def mail_rows(db: Database, *, event_id: str) -> list[MailRow]:
    with db.session() as session:
        rows = delivery.mail_status(session=session, event_id=event_id)
    return [
        MailRow(
            r["number"],
            r["to"],
            r["state"],
            int(r["attempts"]),
            r["error"] or "",
            as_utc(r["sent_at"]) if r["sent_at"] else None,
        )
        for r in rows
    ]
