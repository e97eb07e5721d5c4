"""Online attendance for hybrid events: import Zoom/Meet reports, group rows into people, merge
overlapping intervals, count only the event's hours, match people to registrations, and decide who
qualifies for a certificate.

Grouping: rows are one person when they share an e-mail or a NIP found in the display name; a row
with neither joins the one e-mail/NIP person with the same name (a second device signed in as a
guest), else groups by name without titles and by the instansi written beside it ("Nama
(Instansi)" and the like: ``guest_name``). Matching to registrations goes e-mail, then NIP, then
name (the instansi choosing between registrations of one name); a name shared by several
registrations, only close to one, or with a shortened first name ("M. Rizky") is "doubtful" and
waits for an operator. Nothing is dropped silently: unmatched people are listed. A participant
matched under several identities (two accounts) has their intervals merged before counting.

What HQ needs goes into the sync outbox in the same transaction (issue 7 item 6), except for demo
events: each imported report once, whole (the raw file, for audit), and each person's result
whenever an import, a resolution or a change of the event's online rule changes it.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, text
from sqlmodel import Session, col, select

from desktop.core.clock import as_utc, new_id, utcnow
from desktop.core.desk import desk_identity
from desktop.core.errors import HadirError, ImportRefused
from desktop.core.identity import IdentityError, parse_identity
from desktop.core.importers.online_reports import OnlineReport as ReadReport
from desktop.core.importers.online_reports import ReportVariant, Role, read_online_report
from desktop.core.models import Event, OnlinePerson, OnlineReport, OnlineSegment
from desktop.core.names import (
    abbreviates,
    core_name,
    instansi_agrees,
    normalise_instansi,
    split_guest_name,
)
from desktop.core.registry import event_days, get_event
from sync.desk import outbox
from sync.protocol import (
    MAX_ONLINE_REPORT_BYTES,
    OnlineAttendanceRecord,
    OnlineReportRecord,
    OnlineReportRemovalRecord,
)

_NIP_IN_NAME = re.compile(r"(?<!\d)(\d{8}[\s.]?\d{6}[\s.]?\d[\s.]?\d{3})(?!\d)")
NAME_SIMILARITY = 0.88
LONGEST_NAME = 256  # characters of a report's name that are read as a name


def nip_in_name(name: str) -> str | None:
    """A valid NIP someone typed into their display name ("198609262015051001 - Ahmad")."""
    for found in _NIP_IN_NAME.findall(name):
        try:
            return parse_identity(found).number
        except IdentityError:
            continue
    return None


@dataclass(frozen=True, slots=True)
class GuestName:
    """What a display name says about the person: their name (core forms, the most telling
    first) and the instansi they wrote beside it (normalised; "" when none)."""

    names: tuple[str, ...]
    instansi: str
    shown: str  # how to show the person: Zoom's original name, or the name as typed


def guest_name(display: str, original: str) -> GuestName:
    """The person and instansi in a report's name: hosts ask guests to rename themselves
    "Nama (Instansi)", "NAMA_INSTANSI", "Nama/Instansi" or "Nama - Instansi" (or "NIP - Nama").

    Zoom writes a renamed account as "current (original)", which a reader cannot tell from a guest's
    own "Budi (Dinsos)". The part in parentheses is taken as Zoom's original name only where that
    shape is unambiguous: the current name already carries its own instansi ("Siti - Dinsos
    (Siti Nurhaliza)"), or the two share a word ("Ahmad HP (Ahmad Fauzan)"). Otherwise it is the
    instansi, never a name: "Budi (Dinsos)" and "Siti (Dinsos)" are two people (issue 13 item 13).
    """
    # Zoom and Meet names are short (Zoom allows 64 characters); a longer cell is no name, and the
    # splitting below is quadratic in the worst case (a fuzzed report of spaces took seconds).
    display, original = display[:LONGEST_NAME], original[:LONGEST_NAME]
    person, instansi = split_guest_name(_NIP_IN_NAME.sub(" ", display))
    current = core_name(person)
    names: list[str] = []
    notes = [instansi] if instansi else []
    original, shown = original.strip(), display.strip()
    if original and original != display.strip():
        original_person, original_instansi = split_guest_name(_NIP_IN_NAME.sub(" ", original))
        original_core = core_name(original_person)
        if instansi or set(original_core.split()) & set(current.split()):
            names.append(original_core)
            notes += [original_instansi] if original_instansi else []
            shown = original
        else:
            notes.append(original)
            shown = f"{display.strip()} ({original})"
    names.append(current)
    if "_" in display:  # "Budi_Santoso": an underscore for a space, not before an instansi
        names.append(core_name(_NIP_IN_NAME.sub(" ", display).replace("_", " ")))
    kept = tuple(dict.fromkeys(n for n in names if n and not n.replace(" ", "").isdigit()))
    return GuestName(kept, normalise_instansi(" ".join(notes)), shown or original)


# --------------------------------------------------------------------------- grouping


@dataclass
class _Person:
    key: str
    display_name: str
    email: str | None = None
    nip: str | None = None
    guest: bool = True
    names: list[str] = field(default_factory=list)
    instansi: list[str] = field(default_factory=list)
    segments: list[OnlineSegment] = field(default_factory=list)


def _instansi_compatible(a: set[str], b: set[str]) -> bool:
    """Two rows' instansi do not tell them apart: one has none, or they agree."""
    return (
        not a or not b or any(instansi_agrees(x, y) or instansi_agrees(y, x) for x in a for y in b)
    )


def group_segments(segments: list[OnlineSegment]) -> list[_Person]:
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    said = [guest_name(seg.display_name, seg.original_name) for seg in segments]
    strong: dict[int, list[str]] = {}
    for index, seg in enumerate(segments):
        keys = []
        if seg.email:
            keys.append(f"email:{seg.email}")
        nip = nip_in_name(seg.display_name) or nip_in_name(seg.original_name)
        if nip:
            keys.append(f"nip:{nip}")
        strong[index] = keys
        for other in keys[1:]:
            union(keys[0], other)
    # Which strong group each person's name belongs to (and the instansi it came with), to attach
    # name-only rows: a second device signed in as a guest.
    name_owner: dict[str, set[str]] = defaultdict(set)
    owner_instansi: dict[str, set[str]] = defaultdict(set)
    for index in range(len(segments)):
        if strong[index]:
            root = find(strong[index][0])
            for variant in said[index].names:
                name_owner[variant].add(root)
            if said[index].instansi:
                owner_instansi[root].add(said[index].instansi)
    for index, seg in enumerate(segments):
        if strong[index]:
            continue
        name = said[index]
        mine = {name.instansi} - {""}
        owners = {find(o) for v in name.names for o in name_owner.get(v, ())}
        owners = {o for o in owners if _instansi_compatible(mine, owner_instansi[o])}
        if len(owners) == 1:
            strong[index] = [next(iter(owners))]
        else:
            # The name, and the instansi beside it: two Budi Santosos of two offices are two people.
            said_name = name.names[0] if name.names else seg.original_name.casefold()
            strong[index] = [f"name:{said_name}" + (f" @ {name.instansi}" if name.instansi else "")]
    people: dict[str, _Person] = {}
    for index, seg in enumerate(segments):
        root = find(strong[index][0])
        person = people.setdefault(root, _Person(key=root, display_name=said[index].shown))
        person.segments.append(seg)
        person.email = person.email or seg.email
        person.nip = person.nip or nip_in_name(seg.display_name) or nip_in_name(seg.original_name)
        person.guest = person.guest and seg.guest
        for variant in said[index].names:
            if variant not in person.names:
                person.names.append(variant)
        if said[index].instansi and said[index].instansi not in person.instansi:
            person.instansi.append(said[index].instansi)
    for person in people.values():
        # The canonical key: e-mail, else NIP, else name, so decisions survive re-imports.
        person.key = (
            f"email:{person.email}"
            if person.email
            else f"nip:{person.nip}"
            if person.nip
            else person.key
        )
    return list(people.values())


# --------------------------------------------------------------------------- minutes


def merged_minutes(segments: list[OnlineSegment], event: Event) -> int:
    """Minutes inside the event's hours, overlapping intervals (two devices, rejoins) merged."""
    windows = [(as_utc(d.starts_at), as_utc(d.ends_at)) for d in event_days(event)]
    total_seconds = 0.0
    intervals = sorted(
        (as_utc(s.joined_at), as_utc(s.left_at))
        for s in segments
        if s.joined_at is not None and s.left_at is not None
    )
    for start, end in windows:
        clipped = [(max(a, start), min(b, end)) for a, b in intervals if b > start and a < end]
        current: tuple[datetime, datetime] | None = None
        for a, b in clipped:
            if current and a <= current[1]:
                current = (current[0], max(current[1], b))
            else:
                if current:
                    total_seconds += (current[1] - current[0]).total_seconds()
                current = (a, b)
        if current:
            total_seconds += (current[1] - current[0]).total_seconds()
    # Reports without times (Zoom "unique users") give totals: counted, capped at the event length.
    totals = sum(s.minutes or 0 for s in segments if s.joined_at is None)
    event_minutes = sum((b - a).total_seconds() for a, b in windows) / 60
    return int(total_seconds // 60 + min(totals, event_minutes))


def event_minutes(event: Event) -> int:
    return int(sum((d.ends_at - d.starts_at).total_seconds() for d in event_days(event)) // 60)


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class _Registered:
    participant_id: str
    full_name: str
    email: str | None
    nip: str | None
    core: str
    instansi: str


def _registered(session: Session, event_id: str) -> list[_Registered]:
    rows = session.connection().execute(
        text(
            "SELECT p.id, p.full_name, p.email, COALESCE(p.nip, p.nik), p.instansi FROM participant p "
            "JOIN registration r ON r.participant_id = p.id WHERE r.event_id = :event"
        ),
        {"event": event_id},
    )
    return [
        _Registered(pid, name, email, nip, core_name(name), instansi or "")
        for pid, name, email, nip, instansi in rows
    ]


def _same_instansi(person: _Person, registered: list[_Registered]) -> list[_Registered]:
    return [r for r in registered if any(instansi_agrees(i, r.instansi) for i in person.instansi)]


@dataclass(frozen=True, slots=True)
class _Registrations:
    """The event's registrations, indexed the ways an online person is matched."""

    by_email: dict[str, _Registered]
    by_nip: dict[str, _Registered]
    by_core: dict[str, list[_Registered]]
    by_last: dict[str, list[_Registered]]  # by the last word of the name, for shortened first names
    by_id: dict[str, _Registered]
    cores: list[str]  # every core name, for difflib

    @classmethod
    def of(cls, registered: list[_Registered]) -> _Registrations:
        by_core: dict[str, list[_Registered]] = defaultdict(list)
        by_last: dict[str, list[_Registered]] = defaultdict(list)
        for r in registered:
            by_core[r.core].append(r)
            by_last[r.core.rsplit(" ", 1)[-1]].append(r)
        return cls(
            {r.email: r for r in registered if r.email},
            {r.nip: r for r in registered if r.nip},
            dict(by_core),
            dict(by_last),
            {r.participant_id: r for r in registered},
            list(by_core),
        )


def _ranked(person: _Person, candidates: list[_Registered]) -> list[str]:
    """Candidates for the operator, those of the instansi the guest wrote first."""
    agreeing = {r.participant_id for r in _same_instansi(person, candidates)}
    return sorted(
        {r.participant_id for r in candidates}, key=lambda pid: (pid not in agreeing, pid)
    )


def _match(person: _Person, known: _Registrations) -> tuple[str, str | None, list[str]]:
    by_email, by_nip, by_core = known.by_email, known.by_nip, known.by_core
    if person.email and person.email in by_email:
        return "email", by_email[person.email].participant_id, []
    if person.nip and person.nip in by_nip:
        return "nip", by_nip[person.nip].participant_id, []
    exact = list({r.participant_id: r for n in person.names for r in by_core.get(n, [])}.values())
    if len(exact) == 1:
        return "name", exact[0].participant_id, []
    if len(exact) > 1:
        # Two registrations share the name: the instansi the guest wrote can tell them apart.
        agreeing = _same_instansi(person, exact)
        if len(agreeing) == 1:
            return "name", agreeing[0].participant_id, []
        return "doubtful", None, _ranked(person, exact)
    close: set[str] = set()
    for name in person.names:
        for candidate in difflib.get_close_matches(name, known.cores, n=3, cutoff=NAME_SIMILARITY):
            close.update(r.participant_id for r in by_core[candidate])
    # "M. Rizky" for "Muhammad Rizky": a candidate, matched outright only when one registration
    # fits and the instansi the guest wrote agrees with it (issue 13 item 16).
    shortened = list(
        {
            r.participant_id: r
            for n in person.names
            for r in known.by_last.get(n.rsplit(" ", 1)[-1], ())
            if abbreviates(n, r.core) or abbreviates(r.core, n)
        }.values()
    )
    if (
        len(shortened) == 1
        and not close - {shortened[0].participant_id}
        and _same_instansi(person, shortened)
    ):
        return "name", shortened[0].participant_id, []
    close.update(r.participant_id for r in shortened)
    if close:
        return "doubtful", None, _ranked(person, [known.by_id[pid] for pid in close])
    return "unmatched", None, []


# --------------------------------------------------------------------------- the import


@dataclass
class OnlineSummary:
    people: int
    matched: int
    doubtful: int
    unmatched: int
    eligible: int
    unmatched_names: list[str]
    doubtful_names: list[str]
    skipped: list[dict[str, Any]]
    already_imported: bool = False
    # What the report's reader could not do exactly ({"code", "message"}), and the hosts and
    # dial-ins it named ({"key", "name", "email", "role"}), for the operator to link or ignore.
    warnings: list[dict[str, Any]] = field(default_factory=list)
    for_decision: list[dict[str, Any]] = field(default_factory=list)
    report_id: str | None = None  # the report imported (or found already imported)

    def as_dict(self) -> dict[str, Any]:
        return {
            "people": self.people,
            "matched": self.matched,
            "doubtful": self.doubtful,
            "unmatched": self.unmatched,
            "eligible": self.eligible,
            "unmatched_names": self.unmatched_names,
            "doubtful_names": self.doubtful_names,
            "skipped": self.skipped,
            "already_imported": self.already_imported,
            "warnings": self.warnings,
            "for_decision": self.for_decision,
            "report_id": self.report_id,
        }


def set_online_rule(
    *,
    session: Session,
    event_id: str,
    min_minutes: int | None = None,
    min_percent: int | None = None,
) -> None:
    if min_minutes is not None and min_percent is not None:
        raise HadirError(
            "Give either a minimum in minutes or a minimum percentage, not both.",
            code="online_rule_both",
        )
    if min_percent is not None and not 0 < min_percent <= 100:
        raise HadirError(
            f"The minimum percentage must be between 1 and 100, not {min_percent}.",
            code="online_bad_percent",
            value=min_percent,
        )
    if min_minutes is not None and min_minutes < 0:
        raise HadirError(
            f"The minimum minutes cannot be negative ({min_minutes}).",
            code="online_negative_minutes",
            value=min_minutes,
        )
    event = get_event(session=session, event_id=event_id)
    if min_minutes is not None or min_percent is not None:
        before = _results(session, event)
        event.online_min_minutes, event.online_min_percent = min_minutes, min_percent
        session.add(event)
        _queue_changed_results(session, event, before)  # who is eligible may have changed


def required_minutes(event: Event) -> int | None:
    """The online minimum for this event, or None when no rule is set (nobody qualifies online)."""
    if event.online_min_minutes is not None:
        return event.online_min_minutes
    if event.online_min_percent is not None:
        return -(-event_minutes(event) * event.online_min_percent // 100)  # round up
    return None


def _days_text(event: Event) -> list[str]:
    return [d.date.isoformat() for d in event_days(event)]


def read_report(
    *,
    event: Event,
    path: Path,
    timezone: str | None = None,
    meet_date: date | None = None,
    data: bytes | None = None,
    date_order: str | None = None,
    meeting_ids: Sequence[str] = (),
) -> ReadReport:
    """Read a report for this event, knowing which days it has. A Google Meet report has times
    without a date: its file name usually carries the date; on a one-day event it can only be that
    day; on a multi-day event without either, the reader refuses it (online_date_needed) rather
    than put it on day 1 silently (issue 13 item 15). A day given must be one of the event's."""
    path = Path(path)
    days = _days_text(event)
    if meet_date is not None and meet_date.isoformat() not in days:
        raise HadirError(
            f"{path.name}: {meet_date.isoformat()} is not a day of this event ({', '.join(days)}).",
            code="online_date_not_in_event",
            file=path.name,
            date=meet_date.isoformat(),
            days=", ".join(days),
        )
    return read_online_report(
        path,
        timezone=timezone or event.timezone,
        event_dates=[d.date for d in event_days(event)],
        meet_date=meet_date,
        data=data,
        date_order=date_order,
        meeting_ids=meeting_ids,
    )


def import_online_report(
    *,
    session: Session,
    event_id: str,
    path: Path,
    operator: str,
    timezone: str | None = None,
    meet_date: date | None = None,
    date_order: str | None = None,
    meeting_ids: Sequence[str] = (),
    min_minutes: int | None = None,
    min_percent: int | None = None,
) -> OnlineSummary:
    """Import one report in the caller's transaction, with the event's online rule when given
    (both or neither); its audit line is the caller's (desktop/services/online.py). The same file for the same day twice changes nothing;
    a second file (another day or session) adds its rows and everyone is recomputed.
    ``date_order`` ("dmy"/"mdy") overrides the reader's choice; ``meeting_ids`` picks the event's
    meeting(s) from a file holding several."""
    set_online_rule(
        session=session, event_id=event_id, min_minutes=min_minutes, min_percent=min_percent
    )
    summary = _import(
        session=session,
        event_id=event_id,
        path=Path(path),
        operator=operator,
        timezone=timezone,
        meet_date=meet_date,
        date_order=date_order,
        meeting_ids=meeting_ids,
    )
    return summary


def _import(
    *,
    session: Session,
    event_id: str,
    path: Path,
    operator: str,
    timezone: str | None,
    meet_date: date | None,
    date_order: str | None,
    meeting_ids: Sequence[str],
) -> OnlineSummary:
    event = get_event(session=session, event_id=event_id)
    if path.is_file() and path.stat().st_size > MAX_ONLINE_REPORT_BYTES:
        raise ImportRefused(
            f"{path.name} is {path.stat().st_size / 1024 / 1024:.1f} MB; an attendance report is "
            f"kept and sent to HQ whole, up to {MAX_ONLINE_REPORT_BYTES // 1024 // 1024} MB. "
            "Export the participant report alone (without chat or polls), or split it by day.",
            file=str(path),
        )
    raw = path.read_bytes() if path.is_file() else b""
    digest = hashlib.sha256(raw).hexdigest()
    zone_name = timezone or event.timezone
    report = read_report(
        event=event,
        path=path,
        timezone=zone_name,
        meet_date=meet_date,
        data=raw if raw else None,
        date_order=date_order,
        meeting_ids=meeting_ids,
    )
    day = report.meeting_date if report.variant is ReportVariant.GOOGLE_MEET else None
    # A meeting-history file is imported per meeting chosen: the same file for another meeting is
    # another report, the same meeting twice is not (its minutes would be counted from two reports).
    meetings = (
        sorted({s.meeting_id for s in report.segments if s.meeting_id})
        if report.variant is ReportVariant.ZOOM_HISTORY
        else []
    )
    same_file = list(
        session.exec(
            select(OnlineReport).where(
                OnlineReport.event_id == event_id,
                OnlineReport.sha256 == digest,
                col(OnlineReport.meeting_date).is_(None)
                if day is None
                else OnlineReport.meeting_date == day,
            )
        )
    )
    for seen in same_file:
        # "" on a file holding meetings: imported before the meetings were kept (migration 0009),
        # which ones is not known, so the file stays "already imported" as it was then.
        if seen.meeting_ids == ",".join(meetings) or (meetings and not seen.meeting_ids):
            summary = summarise(session=session, event_id=event_id)
            summary.already_imported, summary.report_id = True, seen.id
            return summary
    for seen in same_file:
        again = sorted(set(meetings) & set(filter(None, seen.meeting_ids.split(","))))
        if again:
            raise ImportRefused(
                f"{path.name}: meeting {', '.join(again)} of this file is already imported (report "
                f"{seen.id}); choose only the meetings not imported yet, or remove that report "
                "first ('hadir-cli online reports').",
                code="online_meeting_already_imported",
                file=str(path),
                name=path.name,
                meetings=", ".join(again),
                report=seen.id,
            )
    windows = [(as_utc(d.starts_at), as_utc(d.ends_at)) for d in event_days(event)]
    kept = [
        s
        for s in report.segments
        if s.join is None
        or any(s.join < end and s.leave is not None and s.leave > start for start, end in windows)
    ]
    if report.segments and not kept:
        venue = event_days(event)[0].starts_at.tzinfo
        start = f"{windows[0][0].astimezone(venue):%d-%m-%Y %H.%M}"
        end = f"{windows[-1][1].astimezone(venue):%d-%m-%Y %H.%M}"
        raise ImportRefused(
            f"{path.name}: no one in this report was online during the event's hours "
            f"({start} to {end}); is it the right event, day, time zone or date order?",
            code="online_outside_hours",
            file=str(path),
            name=path.name,
            start=start,
            end=end,
        )
    stored = OnlineReport(
        event_id=event_id,
        file_name=path.name,
        sha256=digest,
        variant=report.variant.value,
        timezone=zone_name,
        raw=raw,
        operator=operator,
        meeting_date=day,
        meeting_ids=",".join(meetings),
    )
    session.add(stored)
    for seg in report.segments:
        session.add(
            OnlineSegment(
                report_id=stored.id,
                event_id=event_id,
                row=seg.row,
                display_name=seg.display_name,
                original_name=seg.original_name,
                email=seg.email,
                guest=seg.guest,
                joined_at=seg.join,
                left_at=seg.leave,
                minutes=seg.minutes,
                role=seg.role.value,
            )
        )
    session.flush()
    if not event.is_demo:
        outbox.enqueue(
            session=session,
            records=[
                OnlineReportRecord(
                    id=stored.id,
                    event_id=event_id,
                    file_name=stored.file_name,
                    sha256=digest,
                    variant=stored.variant,
                    timezone=zone_name,
                    imported_at=as_utc(stored.imported_at),
                    operator=operator,
                    size=len(raw),
                    raw=OnlineReportRecord.encode_raw(raw),
                    meeting_date=day,
                )
            ],
        )
    rebuild(session=session, event_id=event_id)
    summary = summarise(session=session, event_id=event_id)
    summary.skipped, summary.report_id = list(report.skipped), stored.id
    summary.warnings = list(report.warnings)
    summary.for_decision = _for_decision(session, event_id, stored.id, report)
    return summary


def _for_decision(
    session: Session, event_id: str, report_id: str, report: ReadReport
) -> list[dict[str, Any]]:
    """The hosts and dial-ins of this report, each with the online person it became."""
    asked = {seg.row: seg.role for seg in report.segments if seg.role in (Role.HOST, Role.DIAL_IN)}
    if not asked:
        return []
    segments = list(session.exec(select(OnlineSegment).where(OnlineSegment.event_id == event_id)))
    out: dict[str, dict[str, Any]] = {}
    for person in group_segments(segments):
        for seg in person.segments:
            if seg.report_id == report_id and seg.row in asked:
                out.setdefault(
                    person.key,
                    {
                        "key": person.key,
                        "name": person.display_name,
                        "email": person.email,
                        "role": asked[seg.row].value,
                    },
                )
    return sorted(out.values(), key=lambda d: (d["role"], d["name"]))


def rebuild(*, session: Session, event_id: str) -> None:
    """Recompute every online person of the event from all its segments, keeping resolutions."""
    event = get_event(session=session, event_id=event_id)
    before = _results(session, event)
    previous = {
        p.person_key: p.resolution
        for p in session.exec(select(OnlinePerson).where(OnlinePerson.event_id == event_id))
        if p.resolution
    }
    session.execute(delete(OnlinePerson).where(col(OnlinePerson.event_id) == event_id))
    segments = list(session.exec(select(OnlineSegment).where(OnlineSegment.event_id == event_id)))
    known = _Registrations.of(_registered(session, event_id))
    for person in group_segments(segments):
        match, participant_id, candidates = _match(person, known)
        resolution = previous.get(person.key)
        if resolution:
            match, participant_id = _apply_resolution(resolution, match, participant_id)
        session.add(
            OnlinePerson(
                event_id=event_id,
                person_key=person.key,
                display_name=person.display_name,
                email=person.email,
                nip=person.nip,
                guest=person.guest,
                minutes=merged_minutes(person.segments, event),
                participant_id=participant_id,
                match=match,
                resolution=resolution,
                candidates=json.dumps(candidates),
                role=person_role(person.segments),
            )
        )
    session.flush()
    _queue_changed_results(session, event, before)


# Which role a person is shown with when their rows say several: the ones the operator must decide
# about (a host's own minutes, a caller without a name) before the ones that simply count.
_ROLE_ORDER = (Role.HOST.value, Role.DIAL_IN.value, Role.PANELIST.value, Role.ATTENDEE.value)


def person_role(segments: Sequence[OnlineSegment]) -> str | None:
    """The most telling role among a person's rows; None when none was kept (rows imported before
    migration 0009)."""
    said = {seg.role for seg in segments if seg.role}
    return next((role for role in _ROLE_ORDER if role in said), None)


def list_reports(*, session: Session, event_id: str) -> list[dict[str, Any]]:
    """The reports imported for an event, oldest first, with how many rows each brought."""
    rows = session.connection().execute(
        text(
            "SELECT r.id, r.file_name, r.variant, r.meeting_date, r.meeting_ids, r.imported_at, "
            "r.operator, (SELECT COUNT(*) FROM online_segment s WHERE s.report_id = r.id) "
            "FROM online_report r WHERE r.event_id = :event ORDER BY r.imported_at, r.id"
        ),
        {"event": event_id},
    )
    return [
        {
            "id": rid,
            "file": name,
            "variant": variant,
            "date": str(day) if day else None,
            "meetings": [m for m in meetings.split(",") if m],
            "imported_at": imported_at,
            "operator": operator,
            "rows": count,
        }
        for rid, name, variant, day, meetings, imported_at, operator, count in rows
    ]


@dataclass(frozen=True, slots=True)
class TakenOut:
    """A report taken out of an event: what it was, for the audit line."""

    event_id: str
    detail: dict[str, Any]  # file, sha256, date, rows, imported_at, imported_by


def take_out_report(*, session: Session, report_id: str) -> TakenOut:
    """Take an imported report's rows back out (the wrong file, or a Meet report given the wrong
    day) and recompute everyone as if it had never been imported (decisions about people still
    seen are kept). Results that change reach HQ like any other change; HQ learns that the report
    itself is withdrawn from ``withdraw_report``, which the caller runs next in the same
    transaction (after its audit line)."""
    report = session.get(OnlineReport, report_id)
    if report is None:
        raise HadirError(
            f"No online report '{report_id}' on this desk; see 'hadir-cli online reports'.",
            code="online_report_not_found",
            report=report_id,
        )
    event_id = report.event_id
    rows = session.execute(
        delete(OnlineSegment).where(col(OnlineSegment.report_id) == report_id)
    ).rowcount  # type: ignore[attr-defined]
    detail = {
        "report": report_id,
        "file": report.file_name,
        "sha256": report.sha256,
        "date": report.meeting_date,
        "rows": rows,
        "imported_at": report.imported_at,
        "imported_by": report.operator,
    }
    session.delete(report)
    session.flush()
    rebuild(session=session, event_id=event_id)
    return TakenOut(event_id, detail)


def withdraw_report(
    *, session: Session, report_id: str, event_id: str, operator: str, reason: str = ""
) -> OnlineSummary:
    """HQ keeps a removed report's file and marks it withdrawn (OnlineReportRemovalRecord, queued
    in the caller's transaction); the event's summary without the report."""
    if not get_event(session=session, event_id=event_id).is_demo:  # a demo's report never left
        outbox.enqueue(
            session=session,
            records=[
                OnlineReportRemovalRecord(
                    id=new_id(),
                    report_id=report_id,
                    event_id=event_id,
                    removed_at=utcnow(),
                    operator=operator,
                    desk_id=desk_identity(session=session).desk_id,
                    reason=reason.strip(),
                )
            ],
        )
    summary = summarise(session=session, event_id=event_id)
    summary.report_id = report_id
    return summary


def remove_online_report(
    *, session: Session, report_id: str, operator: str, reason: str = ""
) -> OnlineSummary:
    """A report taken out and withdrawn at HQ, without an audit line (desktop/services/online.py
    ``remove_report`` is the window's and hadir-cli's, with it)."""
    taken = take_out_report(session=session, report_id=report_id)
    return withdraw_report(
        session=session,
        report_id=report_id,
        event_id=taken.event_id,
        operator=operator,
        reason=reason,
    )


# --------------------------------------------------------------------------- results for HQ

# What HQ keeps of one online person: (display name, e-mail, NIP, guest, minutes, match,
# participant id, eligible). A result is sent again only when one of these changed.
_Result = tuple[str, str | None, str | None, bool, int, str, str | None, bool]


def _results(session: Session, event: Event) -> dict[str, _Result]:
    needed = required_minutes(event)
    counted = online_minutes(session=session, event_id=event.id)  # all of a participant's devices
    return {
        p.person_key: (
            p.display_name,
            p.email,
            p.nip,
            p.guest,
            p.minutes,
            p.match,
            p.participant_id,
            p.participant_id is not None
            and p.match in MATCHED
            and needed is not None
            and counted.get(p.participant_id, 0) >= needed,
        )
        for p in session.exec(select(OnlinePerson).where(OnlinePerson.event_id == event.id))
    }


def _queue_changed_results(session: Session, event: Event, before: dict[str, _Result]) -> int:
    """Queue a result for each person whose result changed since ``before`` (a new one, with a new
    id: HQ keeps the latest), and a "removed" one for each person no longer in the event's result
    (merged into another by a later report). Returns how many were queued."""
    if event.is_demo:
        return 0
    after = _results(session, event)
    changed = {key: value for key, value in after.items() if before.get(key) != value}
    for key, (name, email, nip, guest, *_) in before.items():
        if key not in after:
            changed[key] = (name, email, nip, guest, 0, "removed", None, False)
    if not changed:
        return 0
    desk_id, now = desk_identity(session=session).desk_id, utcnow()
    return outbox.enqueue(
        session=session,
        records=[
            OnlineAttendanceRecord(
                id=new_id(),
                event_id=event.id,
                person_key=key,
                display_name=name,
                email=email,
                nip=nip,
                guest=guest,
                minutes=minutes,
                match=match,
                participant_id=participant_id,
                eligible=eligible,
                computed_at=now,
                desk_id=desk_id,
            )
            for key, (name, email, nip, guest, minutes, match, participant_id, eligible) in sorted(
                changed.items()
            )
        ],
    )


def _apply_resolution(
    resolution: str, match: str, participant_id: str | None
) -> tuple[str, str | None]:
    if resolution.startswith("link:"):
        return "manual", resolution.removeprefix("link:")
    if resolution.startswith("new:"):
        return "new", resolution.removeprefix("new:")
    if resolution == "ignore":
        return "ignored", None
    return match, participant_id


MATCHED = {"email", "nip", "name", "manual", "new"}


def online_minutes(*, session: Session, event_id: str) -> dict[str, int]:
    """Minutes online per matched participant. A participant seen under several identities (the
    office laptop, then a phone) has the intervals of all of them merged before counting: time on
    two devices at once counts once, time on one after the other counts both (issue 13 item 14)."""
    identities: dict[str, list[OnlinePerson]] = defaultdict(list)
    for person in session.exec(select(OnlinePerson).where(OnlinePerson.event_id == event_id)):
        if person.participant_id and person.match in MATCHED:
            identities[person.participant_id].append(person)
    minutes = {pid: found[0].minutes for pid, found in identities.items() if len(found) == 1}
    several = {
        p.person_key: pid for pid, found in identities.items() if len(found) > 1 for p in found
    }
    if several:
        event = get_event(session=session, event_id=event_id)
        segments = list(
            session.exec(select(OnlineSegment).where(OnlineSegment.event_id == event_id))
        )
        merged: dict[str, list[OnlineSegment]] = defaultdict(list)
        for grouped in group_segments(segments):
            if grouped.key in several:
                merged[several[grouped.key]].extend(grouped.segments)
        minutes.update({pid: merged_minutes(segs, event) for pid, segs in merged.items()})
    return minutes


def summarise(*, session: Session, event_id: str) -> OnlineSummary:
    event = get_event(session=session, event_id=event_id)
    people = list(
        session.exec(
            select(OnlinePerson)
            .where(OnlinePerson.event_id == event_id)
            .order_by(col(OnlinePerson.display_name))
        )
    )
    needed = required_minutes(event)
    minutes = online_minutes(session=session, event_id=event_id)
    return OnlineSummary(
        people=len(people),
        matched=sum(1 for p in people if p.match in MATCHED),
        doubtful=sum(1 for p in people if p.match == "doubtful"),
        unmatched=sum(1 for p in people if p.match == "unmatched"),
        eligible=0 if needed is None else sum(1 for m in minutes.values() if m >= needed),
        unmatched_names=[p.display_name for p in people if p.match == "unmatched"],
        doubtful_names=[p.display_name for p in people if p.match == "doubtful"],
        skipped=[],
    )


def resolve(
    *,
    session: Session,
    event_id: str,
    person_key: str,
    participant_id: str | None = None,
    register_new: bool = False,
    ignore: bool = False,
    desk_id: str = "",
) -> OnlinePerson:
    """An operator's decision for a doubtful or unmatched person: link to a registration,
    register as a new participant, or ignore (e.g. the host's own account). The window and
    hadir-cli both decide through desktop/services/online.py, which writes the audit line."""
    person = session.get(OnlinePerson, (event_id, person_key))
    if person is None:
        raise HadirError(
            f"No online person '{person_key}' in this event; see 'hadir-cli online list'.",
            code="online_person_not_found",
            person=person_key,
        )
    if sum((participant_id is not None, register_new, ignore)) != 1:
        raise HadirError(
            "Choose one: link to a participant, register as new, or ignore.",
            code="online_resolve_choice",
        )
    if participant_id is not None:
        from desktop.core.registry import get_registration

        if (
            get_registration(session=session, event_id=event_id, participant_id=participant_id)
            is None
        ):
            raise HadirError(
                f"Participant {participant_id} is not registered for this event.",
                code="online_not_registered",
                participant=participant_id,
            )
        person.resolution = f"link:{participant_id}"
    elif register_new:
        from desktop.core.registry import register_participant

        created, _ = register_participant(
            session=session,
            event_id=event_id,
            desk_id=desk_id,
            full_name=person.display_name,
            nip=person.nip,
            email=person.email,
            source="online",
        )
        person.resolution = f"new:{created.id}"
    else:
        person.resolution = "ignore"
    session.add(person)
    session.flush()
    rebuild(session=session, event_id=event_id)
    refreshed = session.get(OnlinePerson, (event_id, person_key))
    assert refreshed is not None
    return refreshed


def list_people(*, session: Session, event_id: str) -> list[dict[str, Any]]:
    rows = session.exec(
        select(OnlinePerson)
        .where(OnlinePerson.event_id == event_id)
        .order_by(col(OnlinePerson.match), col(OnlinePerson.display_name))
    )
    return [
        {
            "key": p.person_key,
            "name": p.display_name,
            "email": p.email,
            "nip": p.nip,
            "guest": p.guest,
            "minutes": p.minutes,
            "match": p.match,
            "participant_id": p.participant_id,
            "candidates": json.loads(p.candidates),
            "role": p.role,
        }
        for p in rows
    ]
