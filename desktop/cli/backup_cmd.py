"""hadir-cli backup: local backups, checking, restoring, and a copy for a USB stick."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli import CommandResult, Context, ask_passphrase
from desktop.core import backup, encryption
from desktop.core.paths import database_path
from desktop.services import backup as backups


def _info(info: backup.BackupInfo) -> dict[str, Any]:
    return {
        "file": info.path.name,
        "reason": info.reason,
        "made_at": info.made_at,
        "mb": round(info.size / 1e6, 1),
    }


def backup_create(ctx: Context) -> Any:
    # Opening the database first checks and migrates it, so the backup is of a sound file.
    return _info(backups.create(ctx.db, operator=ctx.operator))


def backup_list(ctx: Context) -> Any:
    return [_info(info) for info in backup.list_backups(ctx.data_dir)]


def backup_check(ctx: Context) -> Any:
    """Read every page of the database (and, with --backups, of every backup)."""
    path = database_path(ctx.data_dir)
    key = (
        None if encryption.is_plaintext(path) else ctx.key
    )  # a desk not yet opened by this version
    result: dict[str, Any] = {"database": backup.check_file(path, key=key, quick=False) or "ok"}
    if ctx.args.backups:
        result["backups"] = {
            info.path.name: backup.check_file(info.path, key=backup.key_for(info.path, key)) or "ok"
            for info in backup.list_backups(ctx.data_dir)
        }
    healthy = result["database"] == "ok"
    return CommandResult(result, 0 if healthy else 1)


def backup_restore(ctx: Context) -> Any:
    # Deliberately does not open the database: it may be the damaged file being replaced. On a new
    # laptop there is no key yet: the backup's own key file and its passphrase bring it.
    key = None
    if encryption.key_file(ctx.data_dir).exists():
        key = ctx.key
    try:
        aside = backup.restore_backup(ctx.data_dir, ctx.args.file, key=key)
    except encryption.KeyUnavailable:
        aside = backup.restore_backup(
            ctx.data_dir, ctx.args.file, key=key, passphrase=ask_passphrase(repeat=False)
        )
    return {"restored": ctx.args.file, "previous_file_kept_as": aside.name}


def backup_export(ctx: Context) -> Any:
    target = backups.export(ctx.db, destination=Path(ctx.args.destination), operator=ctx.operator)
    return {"file": str(target), "key_file": str(target.with_suffix(".key"))}


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("backup", help="local backups and restore")
    commands = group.add_subparsers(dest="backup_command", metavar="COMMAND", required=True)
    for name, handler, help_text in (
        ("create", backup_create, "make a verified backup now"),
        ("list", backup_list, "backups in <data-dir>/backups, newest first"),
    ):
        commands.add_parser(name, parents=[common], help=help_text).set_defaults(handler=handler)
    p = commands.add_parser("check", parents=[common], help="integrity check of the database")
    p.set_defaults(handler=backup_check)
    p.add_argument("--backups", action="store_true", help="check every backup too")
    p = commands.add_parser(
        "restore",
        parents=[common],
        help="replace the database with a backup (the desk must be closed)",
    )
    p.set_defaults(handler=backup_restore)
    p.add_argument("file", help="a backup file name from 'backup list', or a path")
    p = commands.add_parser("export", parents=[common], help="a fresh backup copied to a folder")
    p.set_defaults(handler=backup_export)
    p.add_argument("destination", help="e.g. the USB stick's folder")
