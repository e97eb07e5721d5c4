"""hadir-cli key: the database's encryption key (see desktop/core/encryption.py)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli import Context, ask_passphrase
from desktop.core import encryption
from desktop.core.paths import database_path
from desktop.services.key import set_recovery_passphrase


def key_status(ctx: Context) -> Any:
    """Where the key is kept; never the key itself."""
    database = database_path(ctx.data_dir)
    status = encryption.key_status(ctx.data_dir)
    return {
        "database": "missing"
        if not database.exists()
        else ("plaintext" if encryption.is_plaintext(database) else "encrypted"),
        "key_file": str(encryption.key_file(ctx.data_dir)) if status.key_id else None,
        "key_id": status.key_id,
        "keyring_available": status.keyring_available,
        "in_keyring": status.in_keyring,
        "recovery_passphrase": status.recovery_passphrase,
    }


def key_passphrase(ctx: Context) -> Any:
    """Set or change the recovery passphrase (the desk must open first, so the key is known)."""
    db = ctx.db
    passphrase = ask_passphrase(repeat=True, prompt="New recovery passphrase: ")
    set_recovery_passphrase(db, passphrase=passphrase, operator=ctx.operator)
    return {"recovery_passphrase": True, "key_id": db.key.key_id}


def key_remember(ctx: Context) -> Any:
    """Keep the key in this laptop's keyring (after a restore, or a new Windows account)."""
    key = ctx.key
    return {"in_keyring": encryption.remember_in_keyring(key), "key_id": key.key_id}


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("key", help="the database's encryption key")
    commands = group.add_subparsers(dest="key_command", metavar="COMMAND", required=True)
    for name, handler, help_text in (
        ("status", key_status, "where the key is kept (never the key)"),
        ("passphrase", key_passphrase, "set or change the recovery passphrase (asks twice)"),
        ("remember", key_remember, "keep the key in this laptop's keyring"),
    ):
        commands.add_parser(name, parents=[common], help=help_text).set_defaults(handler=handler)
