"""hadir-cli online: import Zoom / Teams / Google Meet attendance, list and resolve who was online.

The import's JSON adds "warnings" (what the report could not give exactly, e.g. Zoom's "unique
users" totals) and "for_decision" (hosts and dial-ins, to link or ignore with `online resolve`)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from desktop.cli import Context
from desktop.core.errors import HadirError
from desktop.services import online


def online_import(ctx: Context) -> Any:
    args = ctx.args
    meet_date = None
    if args.date:
        try:
            meet_date = date.fromisoformat(args.date)
        except ValueError:
            raise HadirError(
                f"--date '{args.date}' is not a date like 2026-11-24.",
                code="online_bad_date",
                value=args.date,
            ) from None
    summary = online.run_import(
        ctx.db,
        event_id=args.event,
        path=Path(args.file),
        operator=ctx.operator,
        timezone=args.timezone,
        meet_date=meet_date,
        date_order=args.date_order,
        meeting_ids=args.meeting or (),
        min_minutes=args.min_minutes,
        min_percent=args.min_percent,
    )
    return summary.as_dict()


def online_reports(ctx: Context) -> Any:
    return online.report_dicts(ctx.db, event_id=ctx.args.event)


def online_remove(ctx: Context) -> Any:
    summary = online.remove_report(
        ctx.db, report_id=ctx.args.report, operator=ctx.operator, reason=ctx.args.reason
    )
    return summary.as_dict()


def online_list(ctx: Context) -> Any:
    return online.list_people(ctx.db, event_id=ctx.args.event)


def online_resolve(ctx: Context) -> Any:
    args = ctx.args
    person = online.resolve(
        ctx.db,
        event_id=args.event,
        person_key=args.person,
        operator=ctx.operator,
        participant_id=args.participant,
        register_new=args.new,
        ignore=args.ignore,
    )
    return {
        "key": person.key,
        "match": person.match,
        "participant_id": person.participant_id,
        "minutes": person.minutes,
    }


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "online", help="online attendance from Zoom / Teams / Google Meet"
    )
    commands = group.add_subparsers(dest="online_command", metavar="COMMAND", required=True)

    p = commands.add_parser("import", parents=[common], help="import a Zoom, Teams or Meet report")
    p.set_defaults(handler=online_import)
    p.add_argument("file")
    p.add_argument("--event", required=True)
    rule = p.add_mutually_exclusive_group()
    rule.add_argument("--min-minutes", type=int, help="minutes online that qualify")
    rule.add_argument("--min-percent", type=int, help="percent of the event's hours that qualify")
    p.add_argument("--timezone", help="the exporting account's zone (default: the event's)")
    p.add_argument(
        "--date",
        help="YYYY-MM-DD: the day of a Google Meet report whose file name has "
        "no date (needed on a multi-day event)",
    )
    p.add_argument(
        "--date-order",
        choices=("dmy", "mdy"),
        help="read 05/11/2026 as day/month (dmy) or month/day (mdy); by default the "
        "reading that falls on the event's dates",
    )
    p.add_argument(
        "--meeting",
        action="append",
        metavar="ID",
        help="the event's meeting in a file holding several (repeat for more)",
    )

    p = commands.add_parser("reports", parents=[common], help="the reports imported for an event")
    p.set_defaults(handler=online_reports)
    p.add_argument("--event", required=True)

    p = commands.add_parser(
        "remove", parents=[common], help="take an imported report back out; minutes as without it"
    )
    p.set_defaults(handler=online_remove)
    p.add_argument("report", metavar="REPORT_ID", help="the id from 'online reports'")
    p.add_argument("--reason", default="", help="why, for the audit log (e.g. 'wrong day')")

    p = commands.add_parser("list", parents=[common], help="people seen online and their match")
    p.set_defaults(handler=online_list)
    p.add_argument("--event", required=True)

    p = commands.add_parser("resolve", parents=[common], help="link, register or ignore a person")
    p.set_defaults(handler=online_resolve)
    p.add_argument("--event", required=True)
    p.add_argument("--person", required=True, help="the key from 'online list'")
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--participant", help="link to this registered participant id")
    choice.add_argument("--new", action="store_true", help="register as a new participant")
    choice.add_argument("--ignore", action="store_true", help="not a participant (e.g. the host)")
