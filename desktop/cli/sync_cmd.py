"""hadir-cli sync: enrol with HQ, run a sync, see where things stand, carry a USB bundle (issue
6)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.cli import CommandResult, Context

EXIT_PENDING = 2  # the run worked but items are still waiting (offline, backing off, HQ busy)
EXIT_REFUSED = 3  # HQ refused the desk or the desk is not set up: the message says what to do


def sync_enroll(ctx: Context) -> Any:
    from desktop.services.sync import enroll

    result = enroll(
        ctx.db,
        server_url=ctx.args.server,
        code=ctx.args.code,
        desk_name=ctx.args.desk_name,
        operator=ctx.operator,
        ca_bundle=ctx.args.ca_bundle,
    )
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    return {
        "server": result.server,
        "device_id": result.device_id,
        "office": result.office_code,
        "office_name": result.office_name,
        "desk_name": result.desk_name,
        "key_id": result.key_id,
        "warnings": result.warnings,
    }


def sync_run(ctx: Context) -> Any:
    from desktop.services.sync import run

    report = run(ctx.db, force=True)
    value = report.as_dict()
    if report.hub is not None and (report.outcome == "not_enrolled" or not report.hq_answers):
        # A member of a venue hub with no HQ in reach: done when the hub has everything.
        if report.hub["reached"] and not report.hub["pending"]:
            return value
        print(
            report.hub["error"] or "Some items could not reach the venue hub yet.", file=sys.stderr
        )
        return CommandResult(value, EXIT_PENDING)
    if report.outcome in ("refused", "not_enrolled"):
        print(report.error, file=sys.stderr)  # the sentence the operator acts on
        return CommandResult(value, EXIT_REFUSED)
    if report.outcome == "busy":
        print(report.error, file=sys.stderr)
        return CommandResult(value, EXIT_PENDING)
    if report.pending:
        if report.error:
            print(report.error, file=sys.stderr)
        return CommandResult(value, EXIT_PENDING)
    return value


def sync_status(ctx: Context) -> Any:
    from desktop.core.db_read import open_reader
    from desktop.core.sync.status import sync_status as status

    # A bare read-only connection when the desk needs nothing written first: no SQLAlchemy
    # (start-up, issue 20); else the desk opened as always, which migrates or encrypts it.
    reader = open_reader(ctx.data_dir, key=ctx.key)
    if reader is None:
        current = status(ctx.db)
    else:
        with reader:
            current = status(reader)
    return {**current.as_dict(), "headline": current.headline}


def sync_set_aside(ctx: Context) -> Any:
    from desktop.core.sync.status import set_aside
    from desktop.services.sync import retry_set_aside

    if ctx.args.retry:
        return {"requeued": retry_set_aside(ctx.db, ids=None, operator=ctx.operator)}
    return [
        {
            "id": item.id,
            "kind": item.kind,
            "record_id": item.record_id,
            "reason": item.reason,
            "created_at": item.created_at,
        }
        for item in set_aside(ctx.db, limit=ctx.args.limit)
    ]


def sync_history(ctx: Context) -> Any:
    from desktop.core.sync.status import history

    return [
        {
            "started_at": row.started_at,
            "finished_at": row.finished_at,
            "outcome": row.outcome,
            "pushed": row.pushed,
            "set_aside": row.set_aside,
            "pulled": row.pulled,
            "pending": row.pending,
            "message": row.message,
        }
        for row in history(ctx.db, limit=ctx.args.limit)
    ]


def sync_export_bundle(ctx: Context) -> Any:
    from desktop.services.sync import export_bundle

    return export_bundle(
        ctx.db, path=Path(ctx.args.file), include_acknowledged=ctx.args.all, operator=ctx.operator
    )


def sync_config(ctx: Context) -> Any:
    from desktop.services.sync import configure

    tuning = {
        name: value
        for name, value in (
            ("read_timeout_seconds", ctx.args.read_timeout),
            ("batch_max", ctx.args.batch_max),
        )
        if value is not None
    }
    return configure(ctx.db, operator=ctx.operator, ca_bundle=ctx.args.ca_bundle, **tuning)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    sync = subparsers.add_parser(
        "sync", help="send this desk's records to HQ and receive the office's"
    )
    commands = sync.add_subparsers(dest="sync_command", metavar="COMMAND", required=True)

    def command(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(
            name, parents=[common], help=help_text
        )
        parser.set_defaults(handler=handler)
        return parser

    p = command("enroll", sync_enroll, "connect this desk to HQ with a one-time code from HQ")
    p.add_argument("--server", required=True, help="HQ's address, e.g. https://hadir.example.go.id")
    p.add_argument(
        "--code", required=True, help="the enrollment code HQ gave (hadir-hq enroll-code)"
    )
    p.add_argument("--desk-name", required=True, help="this desk's name, e.g. 'Meja 2'")
    p.add_argument("--ca-bundle", help="PEM file of the office's own certificate authority")

    command(
        "run", sync_run, "one full sync: push everything, then pull (exit 0 when nothing is left)"
    )
    command("status", sync_status, "what is pending, set aside, and when the last sync succeeded")

    p = command(
        "export-bundle",
        sync_export_bundle,
        "write what HQ has not acknowledged into a signed file for a USB stick",
    )
    p.add_argument("file", help="the bundle file to write, e.g. E:/meja1.hadir")
    p.add_argument("--all", action="store_true", help="every record, acknowledged or not")

    p = command("set-aside", sync_set_aside, "list the items HQ set aside, with its reasons")
    p.add_argument("--limit", type=int, default=500)
    p.add_argument(
        "--retry", action="store_true", help="send them all again (after HQ fixed the cause)"
    )

    p = command("history", sync_history, "the last sync runs")
    p.add_argument("--limit", type=int, default=20)

    p = command("config", sync_config, "sync settings for unusual networks")
    p.add_argument(
        "--ca-bundle", help="PEM file of the office's certificate authority ('' removes it)"
    )
    p.add_argument("--read-timeout", type=float, help="seconds to wait for HQ's answer")
    p.add_argument("--batch-max", type=float, help="most items in one request")
