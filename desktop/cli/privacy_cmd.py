"""hadir-cli person / retention: a person's data exported or erased on request, old events purged
once HQ holds them (UU 27/2022)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.cli import Context
from desktop.core import personal_data, registry
from desktop.core.desk import get_setting
from desktop.core.errors import HadirError


def _participant_id(ctx: Context, session: Any) -> str:
    if ctx.args.participant:
        return str(registry.get_participant(session=session, participant_id=ctx.args.participant).id)
    number = registry.identity_fields(ctx.args.nip)
    person = (registry.find_participant_by_nip(session=session, nip=number.nip) if number.nip else
              registry.find_participant_by_nik(session=session, nik=number.nik or ""))  # fmt: skip
    if person is None:
        raise HadirError(f"No participant with NIP/NIK {ctx.args.nip} on this desk.")
    return str(person.id)


def person_export(ctx: Context) -> Any:
    with ctx.db.session() as session:
        data = personal_data.export_person(session=session, participant_id=_participant_id(ctx, session))
    out = Path(ctx.args.out)
    out.write_text(json.dumps(data, default=str, ensure_ascii=False, indent=2), encoding="utf-8")
    return {"out": str(out), "tables": {k: (len(v) if isinstance(v, list) else 1) for k, v in data.items()}}


def person_erase(ctx: Context) -> Any:
    with ctx.db.write() as session:
        participant_id = _participant_id(ctx, session)
        personal_data.erase_person(session=session, participant_id=participant_id,
                                   operator=ctx.operator, reason=ctx.args.reason)  # fmt: skip
    return {"erased": participant_id}


def retention_purge(ctx: Context) -> Any:
    from desktop.core.sync_service import Keys

    purged, kept = [], []
    with ctx.db.write() as session:
        stamp = get_setting(session=session, key=Keys.VERIFIED_AT)
        verified = datetime.fromisoformat(stamp) if stamp else None
        events = ([ctx.args.event] if ctx.args.event else
                  personal_data.expired_events(session=session, older_than_days=ctx.args.older_than))  # fmt: skip
    for event_id in events:
        try:
            with ctx.db.write() as session:
                result = personal_data.purge_event(session=session, event_id=event_id,
                                                   operator=ctx.operator, verified_at=verified)  # fmt: skip
            purged.append({"event_id": event_id, "participants": result.participants,
                           "checkins": result.checkins, "certificates": result.certificates})  # fmt: skip
        except HadirError as refusal:
            kept.append({"event_id": event_id, "reason": str(refusal)})
    return {"purged": purged, "kept": kept}


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
    p = commands.add_parser("purge", parents=[common],
                            help="delete events that ended long ago and are all at HQ")  # fmt: skip
    p.set_defaults(handler=retention_purge)
    p.add_argument("--older-than", type=int, default=personal_data.DEFAULT_RETENTION_DAYS,
                   metavar="DAYS", help="events that ended more than DAYS ago (default 90)")  # fmt: skip
    p.add_argument("--event", help="only this event (regardless of age)")
