"""hadir-cli invitations / badges: invitations with QR codes (PDF + PNG, send list, WhatsApp
links), their e-mail, and A4 sheets of name badges (issue 18)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli import CommandResult, Context
from desktop.services import invitations


def badges_render(ctx: Context) -> Any:
    args = ctx.args
    result = invitations.render_badges(
        ctx.db, event_id=args.event, out=Path(args.out), operator=ctx.operator, layout=args.layout
    )
    return {"pages": result.pages, "badges": result.badges}


def invitations_export(ctx: Context) -> Any:
    args = ctx.args
    result = invitations.export_invitations(
        ctx.db, event_id=args.event, out=Path(args.out), operator=ctx.operator
    )
    # "list": daftar-kirim.csv's path, or its name inside the zip.
    return {"files": result.files, "list": result.send_list}


def invitations_send(ctx: Context) -> Any:
    args = ctx.args
    report = invitations.send_invitations(
        ctx.db,
        event_id=args.event,
        operator=ctx.operator,
        resend=args.resend or (),
        resend_failed=args.resend_failed,
    )
    # "queued": new this time; "sent": in total; "failed": each one not delivered, with the
    # server's reason. Exit 1 while anything failed or is still pending.
    value = {"queued": report.queued, "sent": report.sent, "failed": report.failures}
    return CommandResult(value, 0 if report.failed == 0 and report.pending == 0 else 1)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("invitations", help="invitations with QR codes: files, e-mail")
    commands = group.add_subparsers(dest="invitations_command", metavar="COMMAND", required=True)
    p = commands.add_parser(
        "export",
        parents=[common],
        help="a PDF and a PNG per registrant, daftar-kirim.csv and the WhatsApp list",
    )
    p.set_defaults(handler=invitations_export)
    p.add_argument("--event", required=True)
    p.add_argument("--out", required=True, metavar="DIR|FILE.zip")

    p = commands.add_parser(
        "send", parents=[common], help="e-mail each registrant their invitation, once"
    )
    p.set_defaults(handler=invitations_send)
    p.add_argument("--event", required=True)
    p.add_argument(
        "--resend", action="append", metavar="PARTICIPANT_ID", help="send this person's again"
    )
    p.add_argument("--resend-failed", action="store_true", help="try every failed one again")

    group = subparsers.add_parser("badges", help="name badges with QR codes on A4 sheets")
    commands = group.add_subparsers(dest="badges_command", metavar="COMMAND", required=True)
    p = commands.add_parser("render", parents=[common], help="render every registrant's badge")
    p.set_defaults(handler=badges_render)
    p.add_argument("--event", required=True)
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--layout", choices=invitations.LAYOUTS, default="2x4")
