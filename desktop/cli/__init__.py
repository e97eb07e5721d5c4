"""``hadir-cli``: the desk without a window, over the same core services the window uses.

Every command takes ``--json`` and then prints one JSON value on its last line. Errors are one
sentence on stderr and a non-zero exit, never a traceback (the traceback goes to the log file in the
data folder). Command groups live in sibling modules, each with ``register(subparsers, common)``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.core.errors import HadirError

log = logging.getLogger("hadir.cli")

EXIT_USER_ERROR = 1
EXIT_UNEXPECTED = 70


@dataclass
class Context:
    """What a command handler gets: its parsed arguments and the desk database, opened on demand."""

    args: argparse.Namespace
    _db: Any = field(default=None, repr=False)

    @property
    def data_dir(self) -> Path:
        from desktop.core.paths import data_dir

        return data_dir(getattr(self.args, "data_dir", None))

    @property
    def db(self) -> Any:
        if self._db is None:
            from desktop.core.db import Database
            from desktop.core.encryption import KeyUnavailable, PassphraseRequired

            try:
                self._db = Database(self.data_dir)
            except KeyUnavailable:
                self._db = Database(self.data_dir, passphrase=ask_passphrase(repeat=False))
            except PassphraseRequired:
                self._db = Database(self.data_dir, passphrase=ask_passphrase(repeat=True))
        return self._db

    @property
    def key(self) -> Any:
        """The desk's database key, for commands that read files beside the database."""
        if self._db is not None:
            return self._db.key
        from desktop.core import encryption

        try:
            return encryption.unlock(data_dir=self.data_dir, create=False)
        except encryption.KeyUnavailable:
            return encryption.unlock(
                data_dir=self.data_dir, passphrase=ask_passphrase(repeat=False)
            )

    @property
    def operator(self) -> str:
        return str(getattr(self.args, "operator", None) or "cli")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


Handler = Callable[[Context], Any]


def ask_passphrase(*, repeat: bool, prompt: str = "Recovery passphrase: ") -> str:
    """The desk's recovery passphrase, typed at a terminal (never echoed, never an argument, so it
    stays out of the shell history and the process list)."""
    import getpass

    from desktop.core.encryption import PASSPHRASE_ENV

    if not sys.stdin.isatty():
        raise HadirError(
            f"The recovery passphrase is needed: run this at a terminal, or set {PASSPHRASE_ENV}.",
            code="passphrase_needed",
        )
    try:
        first = getpass.getpass(prompt)
        again = getpass.getpass("Again: ") if repeat else first
    except EOFError:  # Ctrl+D, or a script that closed the terminal's input
        raise HadirError(
            "No passphrase given (input ended).", code="passphrase_input_ended"
        ) from None
    if again != first:
        raise HadirError(
            "The two passphrases differ; nothing was changed.", code="passphrase_mismatch"
        )
    return first


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _print_human(value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, list | dict):
                item = json.dumps(item, default=_json_default, ensure_ascii=False)
            print(f"{key}: {item}")
    elif isinstance(value, list):
        for row in value:
            if isinstance(row, dict):
                print("  ".join(f"{k}={v}" for k, v in row.items()))
            else:
                print(row)
        print(f"({len(value)})")
    elif value is not None:
        print(value)


# The command groups, each a module with ``register(subparsers, common)``; add a new group here, in
# _command_group, and its top-level commands to _COMMAND_GROUPS (tests/desktop/test_cli_imports.py
# holds the three against what the groups register).
COMMAND_MODULES = (
    "core_cmds",
    "certificates_cmd",
    "online_cmd",
    "sync_cmd",
    "backup_cmd",
    "key_cmd",
    "privacy_cmd",
    "venue_cmd",
    "invitations_cmd",
)
_COMMAND_GROUPS = {
    **dict.fromkeys(
        ("office", "desk", "event", "import", "participants", "checkin", "undo", "demo"),
        "core_cmds",
    ),
    **dict.fromkeys(("certificates", "report", "export"), "certificates_cmd"),
    "online": "online_cmd",
    "sync": "sync_cmd",
    "backup": "backup_cmd",
    "key": "key_cmd",
    **dict.fromkeys(("person", "retention"), "privacy_cmd"),
    "venue": "venue_cmd",
    **dict.fromkeys(("invitations", "badges"), "invitations_cmd"),
}
# The options every command takes that are followed by a value (see ``common`` below).
_VALUE_OPTIONS = ("--data-dir", "--operator")


def _command_word(argv: Sequence[str]) -> str | None:
    """The command a command line names (``office`` in ``--json office list``), ``--version``
    when it asks for that; None when it asks for help or names no command."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return None
        if word == "--version":
            return word
        if len(word) > 2 and any(option.startswith(word) for option in _VALUE_OPTIONS):
            next(words, None)  # its value (argparse also takes an option's abbreviation)
        elif not word.startswith("-"):
            return word
    return None


def _command_group(name: str) -> Any:
    """One command group's module. Each import is written out (not built from the name) so that
    the frozen bundle's analysis still finds every group (installer/hadir.spec)."""
    if name == "core_cmds":
        from desktop.cli import core_cmds

        return core_cmds
    if name == "certificates_cmd":
        from desktop.cli import certificates_cmd

        return certificates_cmd
    if name == "online_cmd":
        from desktop.cli import online_cmd

        return online_cmd
    if name == "sync_cmd":
        from desktop.cli import sync_cmd

        return sync_cmd
    if name == "backup_cmd":
        from desktop.cli import backup_cmd

        return backup_cmd
    if name == "invitations_cmd":
        from desktop.cli import invitations_cmd

        return invitations_cmd
    if name == "key_cmd":
        from desktop.cli import key_cmd

        return key_cmd
    if name == "privacy_cmd":
        from desktop.cli import privacy_cmd

        return privacy_cmd
    if name == "venue_cmd":
        from desktop.cli import venue_cmd

        return venue_cmd
    raise LookupError(f"no hadir-cli command group {name!r}")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv`` (only the command group it names), or for every command."""
    # Options every command accepts, before or after the command name. SUPPRESS keeps a value
    # given before the command from being reset by the sub-parser's default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print one JSON value on the last line",
    )
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="desk data folder (default: HADIR_DATA_DIR or the user data folder)",
    )
    common.add_argument(
        "--operator",
        default=argparse.SUPPRESS,
        help="operator name recorded with each action (default: cli)",
    )

    parser = argparse.ArgumentParser(
        prog="hadir-cli",
        parents=[common],
        description="Hadir registration desk, without the window.",
    )
    parser.add_argument("--version", action="version", version=f"hadir {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    # Only the group that holds the command being run is imported: each pulls in its part of the
    # desk (SQLAlchemy, reportlab, requests, ...), and start-up is what a script or a clerk waits
    # for (issue 20). Help and a mistyped command get every group, --version none.
    word = _command_word(argv) if argv is not None else None
    groups: Sequence[str] = COMMAND_MODULES
    if word == "--version":  # answered before argparse looks for a command
        groups = ()
    elif word in _COMMAND_GROUPS:
        groups = (_COMMAND_GROUPS[word],)
    for name in groups:
        _command_group(name).register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    context = Context(args=args)
    as_json = bool(getattr(args, "json", False))
    handler: Handler = args.handler
    try:
        result = handler(context)
    except HadirError as error:
        print(str(error), file=sys.stderr)
        if as_json:
            print(json.dumps({"error": str(error), "code": error.code}, ensure_ascii=False))
        return EXIT_USER_ERROR
    except (ValueError, FileNotFoundError, PermissionError) as error:
        print(str(error), file=sys.stderr)
        if as_json:
            print(json.dumps({"error": str(error)}, ensure_ascii=False))
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _pipe_closed()
    except Exception as error:  # the last line of defence: a sentence, and the details in the log
        log_path = _log_unexpected(context, error)
        print(
            f"Unexpected error ({type(error).__name__}: {error}); details in {log_path}.",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
    finally:
        context.close()
    exit_code = 0
    if isinstance(result, CommandResult):
        exit_code, result = result.exit_code, result.value
    try:
        if as_json:
            print(json.dumps(result, default=_json_default, ensure_ascii=False))
        else:
            _print_human(result)
        sys.stdout.flush()
    except BrokenPipeError:
        return _pipe_closed()
    return exit_code


EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, what a shell reports for `ls | head`


def _pipe_closed() -> int:
    """The reader of our output went away (``hadir-cli ... | head``): stop quietly, as Unix tools
    do. Standard output is pointed at /dev/null so the interpreter's last flush cannot fail too."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_PIPE_CLOSED


@dataclass
class CommandResult:
    """A handler's value with a non-zero exit code (e.g. a verification that failed)."""

    value: Any
    exit_code: int


# What a traceback's messages may carry of a person (NIP/NIK are 16-18 digits, phones 10-13, an
# e-mail address): the log keeps the shape of the problem, not the person.
_PERSONAL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d -]{8,}\d")


class _RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return _PERSONAL.sub("[redacted]", super().format(record))


def _log_unexpected(context: Context, error: BaseException) -> Path:
    try:
        folder = context.data_dir
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "hadir-cli.log"
    except Exception:
        path = Path.cwd() / "hadir-cli.log"
    # Owner-only, like the desk's data: created 0600, and a log an older version left 0644
    # tightened.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    os.chmod(path, 0o600)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(_RedactingFormatter(logging.BASIC_FORMAT))
    logging.getLogger().addHandler(handler)
    # The command's name only: its arguments are NIPs, names and passphrases (issue 15 item 9).
    command = getattr(context.args, "command", None) or "?"
    log.error("unexpected error in hadir-cli %s", command, exc_info=error)
    logging.getLogger().removeHandler(handler)
    handler.close()
    return path


if __name__ == "__main__":
    raise SystemExit(main())
