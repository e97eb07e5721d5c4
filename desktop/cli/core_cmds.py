"""hadir-cli commands over the desk core: offices, desk, events, import, participants, check-in,
demo."""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli import Context
from desktop.core.errors import HadirError

if TYPE_CHECKING:
    from desktop.core.models import Event

# The desk's modules are imported inside the handlers that use them: ``office list`` needs none of
# SQLAlchemy, and each command loads only its own part (start-up time, issue 20).


def _local_time(value: str, flag: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise HadirError(
            f"{flag} '{value}' is not a date and time like 2026-11-24T08:00."
        ) from None
    if parsed.tzinfo is not None:
        raise HadirError(
            f"{flag} is the wall-clock time at the venue; give the zone with --timezone."
        )
    return parsed


def _event_json(event: Event) -> dict[str, Any]:
    from desktop.core import registry
    from desktop.core.clock import utc_to_local

    return {
        "id": event.id,
        "title": event.title,
        "office": event.office_code,
        "venue": event.venue,
        "start": utc_to_local(event.starts_at, event.timezone).isoformat(),
        "end": utc_to_local(event.ends_at, event.timezone).isoformat(),
        "timezone": event.timezone,
        "mode": event.mode,
        "jp": event.jp,
        "days": len(registry.event_days(event)),
        "demo": event.is_demo,
    }


# --------------------------------------------------------------------------- handlers


def office_list(ctx: Context) -> Any:
    from desktop.core.offices import offices

    return [{"code": o.code, "name": o.name} for o in offices()]


def desk_setup(ctx: Context) -> Any:
    from desktop.services import desk as desk_service

    desk = desk_service.setup_desk(
        ctx.db, office_code=ctx.args.office, desk_name=ctx.args.name, operator=ctx.operator
    )
    return {"desk_id": desk.desk_id, "desk_name": desk.desk_name, "office": desk.office_code}


def desk_show(ctx: Context) -> Any:
    from desktop.services import desk as desk_service

    desk = desk_service.identity(ctx.db)
    return {
        "desk_id": desk.desk_id,
        "desk_name": desk.desk_name,
        "office": desk.office_code,
        "data_dir": str(ctx.db.folder),
    }


def event_create(ctx: Context) -> Any:
    from desktop.services import events

    args = ctx.args
    form = events.EventForm(
        title=args.title,
        theme=args.theme or "",
        venue=args.venue or "",
        starts_at=_local_time(args.start, "--start"),
        ends_at=_local_time(args.end, "--end"),
        timezone=args.timezone,
        mode=args.mode,
        jp=args.jp,
        signatory_name="",
        signatory_title="",
        signatory_nip="",
        min_days=args.min_days,
    )
    event = events.create_event(ctx.db, office_code=args.office, form=form, operator=ctx.operator)
    return {"event_id": event.id}


def event_list(ctx: Context) -> Any:
    from desktop.core import registry

    with ctx.db.session() as session:
        return [_event_json(e) for e in registry.list_events(session=session)]


def import_participants(ctx: Context) -> Any:
    from desktop.services import imports

    report = imports.import_file(
        ctx.db,
        event_id=ctx.args.event,
        path=Path(ctx.args.file),
        operator=ctx.operator,
        columns=_column_choices(ctx.args.column or []),
        sheet=ctx.args.sheet,
    )
    return report.as_dict()


_LEAVE_OUT = ("", "-", "none", "ignore", "abaikan")


def _column_choices(given: list[str]) -> dict[str, str | None]:
    """``--column "HEADER=FIELD"`` as the core's choices; FIELD ``-`` (or empty) leaves it out."""
    choices: dict[str, str | None] = {}
    for item in given:
        header, equals, name = item.rpartition("=")
        if not equals or not header.strip():
            raise HadirError(
                f"--column {item!r}: write it as HEADER=FIELD, e.g. "
                '--column "Nomor Pegawai=nip" (FIELD - leaves the column out).'
            )
        name = name.strip()
        choices[header.strip()] = None if name.casefold() in _LEAVE_OUT else name
    return choices


def participants_list(ctx: Context) -> Any:
    from sqlalchemy import text

    from desktop.core import attendance, registry
    from desktop.core.certificates.eligibility import eligibility, event_online_rule
    from desktop.core.online import online_minutes

    event_id = ctx.args.event
    with ctx.db.session() as session:
        registry.get_event(session=session, event_id=event_id)
        # One pass each: the rule already holds the minutes, eligibility the days attended.
        rule = event_online_rule(session=session, event_id=event_id)
        minutes = dict(rule.minutes) if rule else online_minutes(session=session, event_id=event_id)
        status = eligibility(session=session, event_id=event_id, online=rule)
        attended = {e.participant_id: e.days_attended for e in status if e.days_attended}
        eligible = {e.participant_id for e in status if e.eligible}
        if ctx.args.day is not None:
            present = set(
                attendance.first_checkins(session=session, event_id=event_id, day=ctx.args.day)
            )
        else:
            present = set(attended)
        rows = session.connection().execute(
            text(
                "SELECT p.id, p.full_name, p.nip, p.nik, p.email, p.instansi FROM participant p "
                "JOIN registration r ON r.participant_id = p.id WHERE r.event_id = :event "
                "ORDER BY p.full_name"
            ),
            {"event": event_id},
        )
        return [
            {
                "id": pid,
                "name": name,
                "nip": nip or nik,
                "email": email,
                "instansi": instansi,
                "checked_in": pid in present,
                "days_attended": attended.get(pid, 0),
                "online_minutes": minutes.get(pid),
                "eligible": pid in eligible,
            }
            for pid, name, nip, nik, email, instansi in rows
        ]


def checkin(ctx: Context) -> Any:
    from desktop.core.clock import iso_utc
    from desktop.services import checkin as checkins

    args = ctx.args
    result = checkins.check_in_person(
        ctx.db,
        event_id=args.event,
        operator=ctx.operator,
        number=args.nip,
        participant_id=None if args.nip else args.participant,
        day=args.day,
    )
    assert result.at is not None and result.person is not None  # a check-in, never a search
    return {
        "status": result.outcome.value,
        "at": iso_utc(result.at),
        "desk": result.desk_name,
        "day": result.day,
        "participant_id": result.person.participant_id,
        "checkin_id": result.checkin_id,
    }


def undo(ctx: Context) -> Any:
    from desktop.services import checkin as checkins

    result = checkins.undo_checkin(ctx.db, checkin_id=ctx.args.checkin, operator=ctx.operator)
    return {"undone": ctx.args.checkin, "undo_id": result.undo_id}


def demo(ctx: Context) -> Any:
    from desktop.services import desk as desk_service

    started = time.perf_counter()
    result = desk_service.add_demo_event(
        ctx.db,
        participants=ctx.args.participants,
        attended=ctx.args.attended,
        operator=ctx.operator,
        office_code=ctx.args.office,
    )
    return {
        "event_id": result.event_id,
        "participants": result.participants,
        "attended": result.attended,
        "seconds": round(time.perf_counter() - started, 2),
    }


# --------------------------------------------------------------------------- parser


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    def command(
        parent: argparse._SubParsersAction, name: str, handler: Any, help_text: str
    ) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=help_text)
        parser.set_defaults(handler=handler)
        return parser

    def group(name: str, help_text: str) -> argparse._SubParsersAction:
        parser = subparsers.add_parser(name, help=help_text)
        return parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)

    offices = group("office", "the Kanwil list")
    command(offices, "list", office_list, "list office codes and names")

    desk = group("desk", "this desk's identity")
    p = command(desk, "setup", desk_setup, "set the office and desk name")
    p.add_argument("--office", required=True, help="office code (see 'office list')")
    p.add_argument("--name", required=True, help="desk name, e.g. 'Meja 2'")
    command(desk, "show", desk_show, "show the desk's id, name, office and data folder")

    events = group("event", "training events")
    p = command(events, "create", event_create, "create an event")
    p.add_argument("--title", required=True)
    p.add_argument("--start", required=True, help="local start, e.g. 2026-11-24T08:00")
    p.add_argument("--end", required=True, help="local end, e.g. 2026-11-24T16:00")
    p.add_argument("--timezone", required=True, help="IANA zone, e.g. Asia/Makassar")
    p.add_argument("--mode", default="luring", help="luring, daring or hybrid")
    p.add_argument("--venue")
    p.add_argument("--theme")
    p.add_argument("--jp", type=int, help="hours in JP (jam pelajaran)")
    p.add_argument("--min-days", type=int, help="days attended for a certificate (default: all)")
    p.add_argument("--office", help="office code (default: the desk's office)")
    command(events, "list", event_list, "list events on this desk")

    imports = group("import", "import lists")
    p = command(imports, "participants", import_participants, "import a pre-registration list")
    p.add_argument("file", help="CSV or XLSX file")
    p.add_argument("--event", required=True)
    p.add_argument(
        "--column",
        action="append",
        metavar="HEADER=FIELD",
        help='what a column holds, e.g. "Nomor Pegawai=nip"; FIELD - leaves it out; '
        "an unknown field is refused with the list of fields; repeatable",
    )
    p.add_argument(
        "--sheet",
        metavar="NAME|all",
        help="the workbook sheet to read (default: every sheet with a recognisable header)",
    )

    people = group("participants", "registered participants")
    p = command(people, "list", participants_list, "list an event's participants")
    p.add_argument("--event", required=True)
    p.add_argument("--day", type=int, help="checked_in for this day (default: any day)")

    p = command(subparsers, "checkin", checkin, "check a participant in")
    p.add_argument("--event", required=True)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--nip", help="NIP, NI PPPK or NIK (spaces and dots allowed)")
    who.add_argument("--participant", help="participant id")
    p.add_argument("--day", type=int, help="event day (default: today's)")

    p = command(subparsers, "undo", undo, "undo a check-in (records an undo; nothing is deleted)")
    p.add_argument("checkin", help="check-in id")

    p = command(subparsers, "demo", demo, "create a demo event with participants and check-ins")
    p.add_argument("--participants", type=int, default=300)
    p.add_argument("--attended", type=int, default=120)
    p.add_argument("--office", help="office code (default: the desk's, else SULTENG)")
