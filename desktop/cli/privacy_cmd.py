"""hadir-cli person / retention: a person's data exported or erased on request, old events purged
once HQ holds them (UU 27/2022)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli import Context
from desktop.services import privacy


def person_export(ctx: Context) -> Any:
    result = privacy.export_person(
        ctx.db,
        out=Path(ctx.args.out),
        operator=ctx.operator,
        participant_id=ctx.args.participant,
        number=ctx.args.nip,
    )
    return {"out": str(result.out), "tables": result.tables}


def person_erase(ctx: Context) -> Any:
    participant_id = privacy.erase_person(
        ctx.db,
        reason=ctx.args.reason,
        operator=ctx.operator,
        participant_id=ctx.args.participant,
        number=ctx.args.nip,
    )
    return {"erased": participant_id}


def retention_purge(ctx: Context) -> Any:
    return privacy.purge_events(
        ctx.db, operator=ctx.operator, event_id=ctx.args.event, older_than_days=ctx.args.older_than
    )


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    person = subparsers.add_parser("person", help="a person's data: export or erase on request")
    commands = person.add_subparsers(dest="person_command", metavar="COMMAND", required=True)
    for name, handler, help_text in (
        ("export", person_export, "everything the desk holds about a person, as JSON"),
        ("erase", person_erase, "erase who a person is (attendance stays as anonymous facts)"),
    ):
        p = commands.add_parser(name, parents=[common], help=help_text)
        p.set_defaults(handler=handler)
        who = p.add_mutually_exclusive_group(required=True)
        who.add_argument("--participant", help="participant id")
        who.add_argument("--nip", help="NIP, NI PPPK or NIK")
        if name == "export":
            p.add_argument("--out", required=True, help="FILE.json")
        else:
            p.add_argument("--reason", required=True, help="e.g. 'permintaan tertulis 2026-11-30'")
    retention = subparsers.add_parser("retention", help="remove old events HQ already holds")
    commands = retention.add_subparsers(dest="retention_command", metavar="COMMAND", required=True)
    p = commands.add_parser(
        "purge", parents=[common], help="delete events that ended long ago and are all at HQ"
    )
    p.set_defaults(handler=retention_purge)
    p.add_argument(
        "--older-than",
        type=int,
        default=privacy.DEFAULT_RETENTION_DAYS,
        metavar="DAYS",
        help="events that ended more than DAYS ago (default 90)",
    )
    p.add_argument("--event", help="only this event (regardless of age)")
