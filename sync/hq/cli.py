"""``hadir-hq``: run and administer HQ from a terminal.

Every command takes ``--database-url`` (default ``HADIR_HQ_DATABASE_URL``, else a SQLite file in the
user data folder) and ``--json``, which prints one JSON value on the last line. Errors are one
sentence on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from sync.clock import as_utc, utcnow
from sync.hq import admin, bundles, reports
from sync.hq.db import (
    current_revision,
    head_revision,
    make_engine,
    migrate,
    read_session,
    write_session,
)
from sync.hq.enrollment import create_enrollment_code, revoke_device
from sync.hq.errors import HQError
from sync.hq.settings import Settings
from sync.offices import load_offices

log = logging.getLogger("hadir-hq")


class CliError(Exception):
    pass


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if args.database_url:
        overrides["database_url"] = args.database_url
    return Settings(**overrides)


def _engine(settings: Settings, *, require_schema: bool = True) -> Engine:
    engine = make_engine(settings.effective_database_url)
    if require_schema and current_revision(engine) != head_revision():
        raise CliError(
            "The database is not migrated to this version of HQ: run `hadir-hq migrate` first."
        )
    return engine


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    engine = _engine(settings, require_schema=False)
    before, after = migrate(engine)
    return {"from": before, "to": after, "database": engine.dialect.name}


def cmd_serve(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    import uvicorn

    engine = _engine(settings, require_schema=False)
    migrate(engine)  # so that a fresh install serves with no other step
    engine.dispose()
    # Workers are separate processes that read their settings from the environment.
    os.environ["HADIR_HQ_DATABASE_URL"] = settings.effective_database_url
    uvicorn.run(
        "sync.hq.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
        # HQ itself believes X-Forwarded-For/-Proto, and only from HADIR_HQ_TRUSTED_PROXIES
        # (sync/hq/api/middleware.py, with CIDRs and the right-most untrusted hop); uvicorn's own
        # rewriting would trust any local peer on top of that, so it stays off.
        proxy_headers=False,
        server_header=False,  # no software banner in every answer
    )
    return {"stopped": True}


def cmd_enroll_code(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    engine = _engine(settings)
    offices = load_offices(settings.offices_csv)
    # `--hours 0` is a mistake to refuse, not a request for the default.
    hours = settings.enrollment_code_hours if args.hours is None else args.hours
    with write_session(engine) as session:
        code = create_enrollment_code(
            session=session,
            office_code=args.office,
            offices=offices,
            now=utcnow(),
            valid_for=timedelta(hours=hours),
        )
    return {
        "code": code,
        "office": args.office.upper(),
        "valid_hours": hours,
    }


def cmd_revoke_desk(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    engine = _engine(settings)
    with write_session(engine) as session:
        device = revoke_device(session=session, device_id=args.device_id, now=utcnow())
    return {
        "device_id": device.id,
        "desk_name": device.desk_name,
        "revoked_at": as_utc(device.revoked_at).isoformat() if device.revoked_at else None,
    }


def cmd_create_admin(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    if not args.password_stdin:
        raise CliError("Give the password on standard input with --password-stdin.")
    password = sys.stdin.readline().rstrip("\r\n")
    engine = _engine(settings)
    with write_session(engine) as session:
        # The command before issue 19, kept as it was: it makes an HQ admin.
        user = admin.create_admin(
            session=session, username=args.username, password=password, now=utcnow(), by=_operator()
        )
        return {"username": user.username, "id": user.id}


def _operator() -> str:
    """Who acted, for the staff audit: the terminal's user (the CLI holds the database itself)."""
    return f"cli:{os.environ.get('USER') or os.environ.get('USERNAME') or 'unknown'}"


def cmd_admin_create(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    if not args.password_stdin:
        raise CliError("Give the password on standard input with --password-stdin.")
    password = sys.stdin.readline().rstrip("\r\n")
    engine = _engine(settings)
    offices = load_offices(settings.offices_csv)
    with write_session(engine) as session:
        user = admin.create_account(
            session=session,
            username=args.username,
            password=password,
            now=utcnow(),
            role=args.role,
            office=args.office,
            offices=offices,
            by=_operator(),
        )
        return {
            "username": user.username,
            "id": user.id,
            "role": user.role,
            "office": user.office_code,
        }


def cmd_admin_list(args: argparse.Namespace, settings: Settings) -> list[dict[str, Any]]:
    engine = _engine(settings)
    with read_session(engine) as session:
        accounts = admin.list_accounts(session=session, now=utcnow())
    return [
        {
            "username": a.username,
            "role": a.role,
            "office": a.office,
            "disabled": a.disabled,
            "totp": a.totp_enabled,
            "must_change_password": a.must_change_password,
            "locked_until": a.locked_until.isoformat() if a.locked_until else None,
        }
        for a in accounts
    ]


def _admin_change(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    engine = _engine(settings)
    action = args.admin_command
    common: dict[str, Any] = {"username": args.username, "by": _operator(), "now": utcnow()}
    answer: dict[str, Any] = {"username": args.username.strip(), "action": action}
    with write_session(engine) as session:
        if action in ("disable", "enable"):
            admin.set_disabled(session=session, disabled=action == "disable", **common)
        elif action == "unlock":
            answer["cleared"] = admin.unlock_account(session=session, **common)
        elif action == "reset-totp":
            admin.reset_totp(session=session, **common)
        elif action == "reset-password":
            answer["temporary_password"] = admin.reset_password(session=session, **common)
    log.info("admin %s: %s", action, args.username)
    return answer


def cmd_stats(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from dataclasses import asdict

    from sync.hq import national

    engine = _engine(settings)
    offices = load_offices(settings.offices_csv)
    year = national.current_year() if args.year is None else args.year
    with read_session(engine) as session:
        counts: dict[str, Any] = dict(reports.stats(session=session))
        picture = national.figures(session=session, year=year, offices=offices)
    # People trained against the targets, the year's (issue 19 item 5): the national page's code.
    counts.update(
        year=picture.year,
        people_trained=picture.people_trained,
        target=picture.target,
        by_office=[
            {k: v for k, v in asdict(row).items() if k not in ("name", "province")}
            for row in picture.by_office
        ],
    )
    return counts


def cmd_target_set(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from sync.hq import national

    if bool(args.office) == bool(args.national):
        raise CliError("Give either --office CODE or --national.")
    engine = _engine(settings)
    offices = load_offices(settings.offices_csv)
    scope = national.NATION if args.national else args.office.strip().upper()
    with write_session(engine) as session:
        row = national.set_target(
            session=session,
            scope=scope,
            year=args.year,
            people=args.people,
            offices=offices,
            by=os.environ.get("USER", ""),
        )
        answer = {"office": None if scope == national.NATION else scope, "year": row.year}
        answer["people"] = row.people
    log.info("target set: %s %s -> %s people", scope, args.year, args.people)
    return answer


def _decision_json(decision: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return {**asdict(decision), "decided_at": decision.decided_at.isoformat()}


def cmd_people_link(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from sync.hq import people

    engine = _engine(settings)
    with write_session(engine) as session:
        decision = people.link(
            session=session,
            participant_id=args.participant,
            other_participant_id=args.other,
            by=args.by,
            reason=args.reason,
            now=utcnow(),
        )
    log.info("people linked by %s: %s + %s", decision.decided_by, args.participant, args.other)
    return _decision_json(decision)


def cmd_people_unlink(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from sync.hq import people

    engine = _engine(settings)
    with write_session(engine) as session:
        decision = people.unlink(
            session=session,
            participant_id=args.participant,
            by=args.by,
            reason=args.reason,
            now=utcnow(),
        )
    log.info("person unlinked by %s: %s", decision.decided_by, args.participant)
    return _decision_json(decision)


def cmd_people_show(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from dataclasses import asdict

    from sync.hq import people

    engine = _engine(settings)
    with read_session(engine) as session:
        found = people.find(session=session, query=args.query)
    if not found:
        raise CliError(f"HQ holds no one matching {args.query!r} (a NIP, NIK, e-mail or id).")
    return {
        "people": [
            {
                "person_id": view.person_id,
                "events": view.events,
                "offices": view.offices,
                "records": [asdict(record) for record in view.records],
                "decisions": [_decision_json(d) for d in view.decisions],
            }
            for view in found
        ]
    }


def cmd_agencies_import(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    from sync.hq import coverage

    engine = _engine(settings)
    offices = load_offices(settings.offices_csv)
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"No agency list at {path}.")
    with write_session(engine) as session:
        result = coverage.import_agencies(session=session, path=path, offices=offices, now=utcnow())
    log.info("agency list imported from %s: %s agencies", path, result.agencies)
    return {
        "agencies": result.agencies,
        "asn": result.asn,
        "provinces_without_office": result.provinces_without_office,
    }


def cmd_import_bundle(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    engine = _engine(settings)
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"No bundle file at {path}.")
    with write_session(engine) as session:
        return bundles.import_bundle(session=session, path=path, now=utcnow())


def _human(result: Any) -> str:
    if isinstance(result, list):
        return "\n".join(
            "  ".join(f"{k}={v}" for k, v in row.items()) if isinstance(row, dict) else str(row)
            for row in result
        )
    if isinstance(result, dict):
        return "\n".join(f"{key}: {value}" for key, value in result.items())
    return str(result)


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], Any]] = {
    "migrate": cmd_migrate,
    "serve": cmd_serve,
    "enroll-code": cmd_enroll_code,
    "revoke-desk": cmd_revoke_desk,
    "create-admin": cmd_create_admin,
    "admin create": cmd_admin_create,
    "admin list": cmd_admin_list,
    "admin disable": _admin_change,
    "admin enable": _admin_change,
    "admin unlock": _admin_change,
    "admin reset-totp": _admin_change,
    "admin reset-password": _admin_change,
    "stats": cmd_stats,
    "target set": cmd_target_set,
    "agencies import": cmd_agencies_import,
    "import-bundle": cmd_import_bundle,
    "people link": cmd_people_link,
    "people unlink": cmd_people_unlink,
    "people show": cmd_people_show,
}


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url",
        help="default: $HADIR_HQ_DATABASE_URL, else SQLite in the user data folder",
    )
    common.add_argument("--json", action="store_true", help="print one JSON value on the last line")
    parser = argparse.ArgumentParser(prog="hadir-hq", description="Hadir headquarters server.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", parents=[common], help="bring the database schema up to date")
    serve = sub.add_parser("serve", parents=[common], help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    code = sub.add_parser(
        "enroll-code", parents=[common], help="make a one-time desk enrollment code"
    )
    code.add_argument("--office", required=True, help="office code, e.g. SULTENG")
    code.add_argument(
        "--hours",
        type=int,
        default=None,
        help="how long the code stays valid, 1 to 720 hours (default 72)",
    )
    revoke = sub.add_parser("revoke-desk", parents=[common], help="refuse a desk from now on")
    revoke.add_argument("device_id")
    create = sub.add_parser("create-admin", parents=[common], help="add a dashboard user")
    create.add_argument("--username", required=True)
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    accounts = sub.add_parser("admin", help="dashboard staff accounts (issue 19)")
    account_commands = accounts.add_subparsers(dest="admin_command", required=True)
    account_create = account_commands.add_parser(
        "create", parents=[common], help="add a staff account (default: an HQ admin)"
    )
    account_create.add_argument("username")
    account_create.add_argument("--role", choices=admin.ROLES, default="admin")
    account_create.add_argument("--office", help="office code: the account sees only this office")
    account_create.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    account_commands.add_parser("list", parents=[common], help="every staff account")
    for name, text in (
        ("disable", "refuse an account from now on (its sessions end)"),
        ("enable", "let a disabled account in again"),
        ("unlock", "forget an account's failed logins (it may try again at once)"),
        ("reset-totp", "turn an account's TOTP off (a lost phone)"),
        ("reset-password", "give an account a temporary password it must change"),
    ):
        account_commands.add_parser(name, parents=[common], help=text).add_argument("username")
    stats = sub.add_parser("stats", parents=[common], help="counts of what HQ holds")
    stats.add_argument(
        "--year", type=int, help="people trained and targets of this year (default: this year)"
    )
    target = sub.add_parser("target", help="the program's targets: people to train per year")
    targets = target.add_subparsers(dest="target_command", required=True)
    target_set = targets.add_parser(
        "set", parents=[common], help="set an office's (or the nation's) target for a year"
    )
    target_set.add_argument("--office", help="office code, e.g. SULTENG")
    target_set.add_argument(
        "--national", action="store_true", help="the nation's target (default 1,000,000)"
    )
    target_set.add_argument("--year", type=int, required=True)
    target_set.add_argument("--people", type=int, required=True, help="people to train")
    person = sub.add_parser("people", help="who is one person: link, unlink, show (audited)")
    persons = person.add_subparsers(dest="people_command", required=True)
    link = persons.add_parser(
        "link", parents=[common], help="make two participant records one person (the first's)"
    )
    link.add_argument("participant", help="participant id (see `people show`)")
    link.add_argument("other", help="the other participant id")
    unlink = persons.add_parser(
        "unlink", parents=[common], help="make one participant record a person of its own"
    )
    unlink.add_argument("participant", help="participant id (see `people show`)")
    for decides in (link, unlink):
        decides.add_argument("--by", required=True, help="who decides (kept in the audit)")
        decides.add_argument("--reason", default="", help="why (kept in the audit)")
    show = persons.add_parser(
        "show", parents=[common], help="a person's records, events and certificates (JSON)"
    )
    show.add_argument("query", help="a NIP, NIK, e-mail, participant id or person id")
    agencies = sub.add_parser(
        "agencies", help="the reference list of agencies and their ASN (coverage by instansi)"
    )
    agency_commands = agencies.add_subparsers(dest="agencies_command", required=True)
    agencies_import = agency_commands.add_parser(
        "import",
        parents=[common],
        help="replace the list with a CSV or XLSX file: office code or province, agency, ASN",
    )
    agencies_import.add_argument("file")
    bundle = sub.add_parser("import-bundle", parents=[common], help="import a desk's USB bundle")
    bundle.add_argument("file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        settings = _settings(args)
        command = args.command
        if command == "target":
            command = f"target {args.target_command}"
        elif command == "people":
            command = f"people {args.people_command}"
        elif command == "admin":
            command = f"admin {args.admin_command}"
        elif command == "agencies":
            command = f"agencies {args.agencies_command}"
        result = COMMANDS[command](args, settings)
    except (CliError, HQError, bundles.BundleError) as error:
        print(str(error), file=sys.stderr)
        return 1
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        print(
            f"Invalid setting {'.'.join(str(p) for p in first['loc'])}: {first['msg']}.",
            file=sys.stderr,
        )
        return 2
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"Database error: {reason}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{error.strerror or error}: {error.filename or ''}".strip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(json.dumps(result, default=str) if args.json else _human(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
