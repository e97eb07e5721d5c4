"""hadir-cli commands for certificates, the daftar hadir and the attendance export."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from desktop.cli import CommandResult, Context
from desktop.core.certificates import eligibility, records, verification
from desktop.core.clock import iso_utc
from desktop.core.delivery import SmtpSettings, Who
from desktop.services import certificates as service
from desktop.services import online
from sync.documents.templates import Signatory, available_templates

EXIT_NOT_VALID = 2

# --------------------------------------------------------------------------- certificates


def certificates_render(ctx: Context) -> Any:
    started = time.perf_counter()
    result = service.save_batch(
        ctx.db,
        event_id=ctx.args.event,
        out=Path(ctx.args.out),
        operator=ctx.operator,
        participant_ids=ctx.args.participant or None,
        template_id=ctx.args.template,
    )
    warnings = service.address_warnings(ctx.db, event_id=ctx.args.event)
    answer: dict[str, Any] = {
        "pages": result.render.pages,
        "seconds": round(time.perf_counter() - started, 3),
    }
    if warnings:
        answer["warnings"] = warnings
    return answer


def certificates_list(ctx: Context) -> Any:
    with ctx.db.session() as session:
        rows = records.list_certificates(session=session, event_id=ctx.args.event)
    return [
        {
            "number": r.number,
            "participant_id": r.participant_id,
            "name": r.name,
            "nip": r.nip,
            "verify_url": r.verify_url,
        }
        for r in rows
    ]


def certificates_verify(ctx: Context) -> Any:
    with ctx.db.session() as session:
        result = verification.verify(session=session, token_or_url=ctx.args.token)
    value = {
        "valid": result.valid,
        "number": result.number,
        "name": result.name,
        "event": result.event,
        "reason": result.reason,
    }
    return value if result.valid else CommandResult(value, EXIT_NOT_VALID)


def certificates_revoke(ctx: Context) -> Any:
    row = service.revoke(
        ctx.db, number=ctx.args.number, reason=ctx.args.reason, operator=ctx.operator
    )
    return {
        "number": row.number,
        "revoked_at": iso_utc(row.revoked_at) if row.revoked_at else None,
        "reason": row.reason,
    }


def certificates_links(ctx: Context) -> Any:
    rows = service.links(ctx.db, event_id=ctx.args.event, operator=ctx.operator, days=ctx.args.days)
    return [
        {"number": r.number, "name": r.name, "url": r.url, "expires": iso_utc(r.expires_at)}
        for r in rows
    ]


def certificates_link_revoke(ctx: Context) -> Any:
    count = service.revoke_link(ctx.db, number=ctx.args.number, operator=ctx.operator)
    return {"number": ctx.args.number, "revoked": count}


def certificates_duplicates(ctx: Context) -> Any:
    return [
        {
            "event_id": d.event_id,
            "participant_id": d.participant_id,
            "name": d.name,
            "certificates": [
                {
                    "number": c.number,
                    "desk_id": c.desk_id,
                    "desk_name": c.desk_name,
                    "issued_at": iso_utc(c.issued_at),
                    "issued_by": c.issued_by,
                }
                for c in d.certificates
            ],
        }
        for d in service.duplicates(ctx.db, event_id=ctx.args.event)
    ]


def certificates_eligible(ctx: Context) -> Any:
    with ctx.db.session() as session:
        online = eligibility.event_online_rule(session=session, event_id=ctx.args.event)
        rows = eligibility.eligibility(session=session, event_id=ctx.args.event, online=online)
    return [
        {
            "participant_id": e.participant_id,
            "name": e.full_name,
            "days_attended": e.days_attended,
            "days_required": e.days_required,
            "online_minutes": e.online_minutes,
            "eligible": e.eligible,
            "override": e.override,
            "reason": e.override_reason,
        }
        for e in rows
    ]


def certificates_override(ctx: Context) -> Any:
    row = service.set_override(
        ctx.db,
        event_id=ctx.args.event,
        participant_id=ctx.args.participant,
        eligible=not ctx.args.deny,
        reason=ctx.args.reason,
        operator=ctx.operator,
    )
    return {"participant_id": row.participant_id, "eligible": row.eligible, "reason": row.reason}


def certificates_signatories(ctx: Context) -> Any:
    if ctx.args.block:
        blocks = service.set_signatories(
            ctx.db,
            event_id=ctx.args.event,
            blocks=[Signatory(title, name, nip) for title, name, nip in ctx.args.block],
            operator=ctx.operator,
        )
    else:
        blocks = service.signatories(ctx.db, event_id=ctx.args.event)
    return [
        {"position": n, "title": b.title, "name": b.name, "nip": b.nip}
        for n, b in enumerate(blocks, start=1)
    ]


def certificates_settings(ctx: Context) -> Any:
    args = ctx.args
    stored = service.event_settings(
        ctx.db,
        event_id=args.event,
        operator=ctx.operator,
        min_days=args.min_days,
        number_pattern=args.pattern,
        template_id=args.template,
        base_url=args.base_url,
    )
    shown = stored.model_dump(mode="json", exclude={"kind", "id", "desk_name", "updated_at"})
    return {"event_id": stored.id, **shown}


def certificates_numbering(ctx: Context) -> Any:
    args = ctx.args
    state = service.numbering_settings(
        ctx.db,
        office_code=args.office,
        operator=ctx.operator,
        pattern=args.pattern,
        desk_code=args.desk_code,
        desk_number=args.desk_number,
        base_url=args.base_url,
    )
    return {
        "office": state.office,
        "pattern": state.pattern,
        "desk_code": state.desk_code,
        "desk_number": state.desk_number,
        "verify_base_url": state.verify_base_url,
    }


def certificates_key(ctx: Context) -> Any:
    key = service.seal_key(ctx.db)
    return {"key_id": key.key_id, "algorithm": "ed25519", "public_key": key.public_key}


def certificates_templates(ctx: Context) -> Any:
    return [{"id": template_id, "name": name} for template_id, name in available_templates()]


# --------------------------------------------------------------------------- report, export


def report_daftar_hadir(ctx: Context) -> Any:
    out = Path(ctx.args.out)
    result = service.write_daftar_hadir(
        ctx.db,
        event_id=ctx.args.event,
        day=ctx.args.day,
        out=out,
        blank=ctx.args.blank,
        operator=ctx.operator,
    )
    return {
        "pages": result.pages,
        "rows": result.rows,
        "hadir": result.present,
        "tidak_hadir": result.absent,
        "out": str(out),
    }


def export_attendance(ctx: Context) -> Any:
    result = service.export_attendance(
        ctx.db, event_id=ctx.args.event, out=Path(ctx.args.out), operator=ctx.operator
    )
    return {"rows": result.rows, "format": result.format, "out": str(result.path)}


def certificates_export(ctx: Context) -> Any:
    result = online.export_certificates(
        ctx.db,
        event_id=ctx.args.event,
        out=Path(ctx.args.out),
        operator=ctx.operator,
        who="online" if ctx.args.online_only else ctx.args.who,
    )
    return {
        "files": result.files,
        "out": str(result.out),
        "mail_merge": str(result.mail_merge)
        if result.mail_merge
        else "daftar-kirim.csv (in the zip)",
        "without_email": result.without_email,
    }


def certificates_send(ctx: Context) -> Any:
    args = ctx.args
    if args.resend or args.resend_failed:
        online.resend(
            ctx.db,
            event_id=args.event,
            operator=ctx.operator,
            numbers=args.resend or (),
            failed=args.resend_failed,
        )
    _queued, report = online.send(ctx.db, event_id=args.event, operator=ctx.operator, who=args.who)
    return CommandResult(report.as_dict(), 0 if report.pending == 0 and report.failed == 0 else 1)


def certificates_smtp(ctx: Context) -> Any:
    import sys

    args = ctx.args
    if args.host:
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else ""
        online.save_smtp_settings(
            ctx.db,
            settings=SmtpSettings(
                host=args.host,
                port=args.port,
                security=args.security,
                username=args.username or "",
                password=password,
                sender=args.sender or "",
                sender_name=args.sender_name or "Kanwil Kementerian Hak Asasi Manusia",
                ca_file=args.ca_file or "",
            ),
            operator=ctx.operator,
        )
    current = online.smtp_settings(ctx.db)
    if current is None:
        return {"configured": False}
    return {
        "configured": True,
        "host": current.host,
        "port": current.port,
        "security": current.security,
        "username": current.username,
        "sender": current.sender,
        "password_set": bool(current.password),
    }


def certificates_mail(ctx: Context) -> Any:
    from desktop.core.delivery import mail_status

    with ctx.db.session() as session:
        return mail_status(session=session, event_id=ctx.args.event)


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

    certs = group("certificates", "certificates with a verification seal (segel verifikasi)")
    p = command(
        certs,
        "render",
        certificates_render,
        "issue what is missing and render certificates into one PDF",
    )
    p.add_argument("--event", required=True)
    p.add_argument("--out", required=True, help="PDF file to write")
    p.add_argument("--participant", action="append", help="only this participant (repeatable)")
    p.add_argument("--template", help="template id or .json path (default: sertifikat-standar)")

    p = command(certs, "list", certificates_list, "list an event's certificates in force")
    p.add_argument("--event", required=True)

    p = command(
        certs,
        "verify",
        certificates_verify,
        "check a certificate's verification seal offline (exit 0 only when valid)",
    )
    p.add_argument("token", metavar="TOKEN_OR_URL")

    p = command(certs, "revoke", certificates_revoke, "withdraw a certificate (kept as a record)")
    p.add_argument("number")
    p.add_argument("--reason", required=True)

    p = command(
        certs,
        "links",
        certificates_links,
        "each certificate's personal download link at HQ (existing ones kept, missing ones made)",
    )
    p.add_argument("--event", required=True)
    p.add_argument("--days", type=int, default=90, help="days a new link stays valid (default: 90)")

    p = command(
        certs,
        "link-revoke",
        certificates_link_revoke,
        "withdraw a certificate's download link (a new one is made by the next 'links')",
    )
    p.add_argument("number")

    p = command(
        certs,
        "duplicates",
        certificates_duplicates,
        "people with two certificates in force (desks that issued offline): revoke one",
    )
    p.add_argument("--event", help="only this event (default: every event)")

    p = command(certs, "eligible", certificates_eligible, "who qualifies for a certificate")
    p.add_argument("--event", required=True)

    p = command(
        certs,
        "override",
        certificates_override,
        "let a participant through (or hold one back) with a recorded reason",
    )
    p.add_argument("--event", required=True)
    p.add_argument("--participant", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--deny", action="store_true", help="hold back instead of letting through")

    p = command(
        certs, "signatories", certificates_signatories, "show or set the signature blocks (up to 3)"
    )
    p.add_argument("--event", required=True)
    p.add_argument(
        "--block",
        nargs=3,
        action="append",
        metavar=("TITLE", "NAME", "NIP"),
        help="a signature block, main first (repeat for 2 and 3; NIP may be '')",
    )

    p = command(
        certs,
        "settings",
        certificates_settings,
        "show or set an event's certificate rule, pattern, template and address (they travel "
        "with the event to every desk)",
    )
    p.add_argument("--event", required=True)
    p.add_argument("--min-days", type=int, help="days attended for a certificate (0: every day)")
    p.add_argument("--pattern", help="this event's number pattern ('' : the office's)")
    p.add_argument("--template", help="this event's template id ('': the standard one)")
    p.add_argument("--base-url", help="this event's verification address ('': the desk's)")

    p = command(
        certs,
        "numbering",
        certificates_numbering,
        "show or set the number pattern, desk code/number and verification address",
    )
    p.add_argument("--office", help="office code (default: the desk's)")
    p.add_argument("--pattern", help="e.g. '{seq:04}/{desk}/KW-HAM.{office}/{month_roman}/{year}'")
    p.add_argument("--desk-code", help="this desk's code for {desk}, e.g. M2")
    p.add_argument("--desk-number", type=int, help="this desk's number for range numbering")
    p.add_argument("--base-url", help="verification address printed in the QR code")

    p = command(
        certs,
        "export",
        certificates_export,
        "one PDF per participant into a folder or .zip, with a mail-merge list",
    )
    p.add_argument("--event", required=True)
    p.add_argument("--out", required=True, metavar="DIR_OR_ZIP")
    who = p.add_mutually_exclusive_group()
    who.add_argument(
        "--who",
        choices=[w.value for w in Who],
        default="all",
        help="whose certificates (default: all)",
    )
    who.add_argument("--online-only", action="store_true", help="the same as --who online")

    p = command(
        certs,
        "send",
        certificates_send,
        "e-mail eligible participants their certificates (each once)",
    )
    p.add_argument("--event", required=True)
    p.add_argument(
        "--who",
        choices=[w.value for w in Who],
        default="online",
        help="whom to queue (default: online)",
    )
    p.add_argument("--resend", action="append", metavar="NUMBER", help="send this one again")
    p.add_argument("--resend-failed", action="store_true", help="try every failed one again")

    p = command(certs, "mail", certificates_mail, "what was e-mailed, what failed and why")
    p.add_argument("--event", required=True)

    p = command(certs, "smtp", certificates_smtp, "show or set the office's SMTP server")
    p.add_argument("--host")
    p.add_argument("--port", type=int, default=587)
    p.add_argument("--security", default="starttls", choices=["starttls", "ssl", "none"])
    p.add_argument("--username")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--sender", help="From address, e.g. kanwil.sulteng@kemenham.go.id")
    p.add_argument("--sender-name")
    p.add_argument("--ca-file", help="the office's own CA certificate (PEM), if it has one")

    command(certs, "key", certificates_key, "this desk's sealing key (public half)")
    command(certs, "templates", certificates_templates, "list certificate templates")

    report = group("report", "printed records")
    p = command(
        report, "daftar-hadir", report_daftar_hadir, "attendance sheet for one day (A4 PDF)"
    )
    p.add_argument("--event", required=True)
    p.add_argument("--day", type=int, required=True, help="event day, 1-based")
    p.add_argument("--out", required=True, help="PDF file to write")
    p.add_argument("--blank", action="store_true", help="a sheet to sign, without check-in times")

    export = group("export", "exports")
    p = command(export, "attendance", export_attendance, "attendance per person and day")
    p.add_argument("--event", required=True)
    p.add_argument("--out", required=True, help="FILE.xlsx or FILE.csv")
