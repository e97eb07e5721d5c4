"""hadir-cli loads only what the command it runs needs (start-up time, issue 20): these keep the
lazy imports from rotting. Each command runs in a fresh interpreter, which then reports the
top-level packages it imported; the times themselves are tests/perf/bench_cli.py's."""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import desktop.cli as cli
from desktop.core import db as dbmod
from desktop.core.db import Database

# Runs a hadir-cli command line in this process, then prints the top-level packages it imported.
RUNNER = """
import json, sys
from desktop.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:  # --version: argparse prints it and exits
    code = stop.code
print(json.dumps({"exit": code, "packages": sorted({m.split(".")[0] for m in sys.modules})}))
"""

HEAVY = {"PySide6", "shiboken6", "reportlab", "PIL", "openpyxl", "zeroconf", "requests", "alembic"}
SQL = {"sqlalchemy", "sqlmodel"}


def imported_by(data_dir: Path, *args: str) -> set[str]:
    env = {**os.environ, "HADIR_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, env=env, timeout=60
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["exit"] == 0, result.stderr
    return set(report["packages"])


@pytest.fixture
def desk(data_dir: Path) -> tuple[Path, str, str]:
    """A desk at the newest schema with an event, and a NIP registered for it."""
    from desktop.services.desk import add_demo_event, setup_desk

    database = Database(data_dir)
    try:
        setup_desk(database, office_code="SULTENG", desk_name="Meja 1", operator="test")
        event_id = add_demo_event(database, participants=3, attended=0, operator="test").event_id
        with database.session() as session:
            nip = session.connection().exec_driver_sql("SELECT nip FROM participant").scalar()
    finally:
        database.close()
    return data_dir, event_id, str(nip)


def test_office_list_loads_no_database_layer_no_qt_no_reportlab(data_dir):
    packages = imported_by(data_dir, "office", "list", "--json")
    assert not packages & (HEAVY | SQL | {"keyring", "sqlcipher3"})
    assert not imported_by(data_dir, "--version") & (HEAVY | SQL)


def test_sync_status_and_checkin_load_no_qt_reportlab_http_or_alembic(desk):
    data_dir, event_id, nip = desk
    assert not imported_by(data_dir, "--json", "sync", "status") & HEAVY
    checkin = imported_by(data_dir, "checkin", "--event", event_id, "--nip", nip, "--json")
    assert not checkin & HEAVY
    assert "sqlcipher3" in checkin  # it did open the encrypted desk


def test_every_command_is_found_in_its_group():
    """``_COMMAND_GROUPS`` names, for each top-level command, the one module that registers it."""
    registered: dict[str, str] = {}
    for name in cli.COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        module = cli._command_group(name)
        assert module.__name__ == f"desktop.cli.{name}"
        module.register(subparsers, argparse.ArgumentParser(add_help=False))
        registered.update(dict.fromkeys(subparsers.choices, name))
    assert registered == cli._COMMAND_GROUPS


def test_every_group_is_imported_by_name_for_the_frozen_bundle():
    """A group imported from a string would be left out of the PyInstaller bundle, whose analysis
    follows import statements only."""
    tree = ast.parse(Path(cli.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "desktop.cli"
        for alias in node.names
    }
    assert set(cli.COMMAND_MODULES) <= imported
    with pytest.raises(LookupError):
        cli._command_group("nothing_cmd")


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["office", "list"], "office"),
        (["--json", "--data-dir", "sync", "sync", "status"], "sync"),
        (["--operator=x", "--data", "office", "checkin"], "checkin"),
        (["--json", "--help", "office"], None),
        (["--version"], "--version"),
        (["--json", "--version", "sync"], "--version"),
        ([], None),
    ],
)
def test_command_word_skips_the_common_options_and_their_values(argv, word):
    assert cli._command_word(argv) == word


def test_help_still_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser(["--help"]).parse_args(["--help"])
    listed = capsys.readouterr().out
    assert all(command in listed for command in cli._COMMAND_GROUPS)


def test_migration_files_are_named_after_their_revision():
    """What lets a desk at the newest schema open without alembic (desktop.core.db.migrate)."""
    for file in (dbmod.MIGRATIONS_DIR / "versions").glob("*.py"):
        revision = re.search(r"^revision = ['\"](\w+)['\"]", file.read_text(), re.MULTILINE)
        assert revision is not None and file.name.startswith(f"{revision.group(1)}_"), file.name
    assert dbmod.newest_revision() == dbmod.head_revision()


def test_the_quick_revision_read_agrees_with_alembic(db):
    assert dbmod._stored_revision(db.engine) == dbmod.current_revision(db.engine)
    assert dbmod._stored_revision(db.engine) == dbmod.head_revision()


@pytest.mark.parametrize(
    ("server", "warned"),
    [("http://hq.example.go.id", True), ("http://127.0.0.1:8000", False), ("https://hq", False)],
)
def test_sync_status_still_warns_of_plain_http_to_a_remote_hq(db, server, warned):
    """The loopback check moved behind ``http://`` (its module brings requests): same answers."""
    from desktop.core.desk import set_setting
    from desktop.core.sync.settings import Keys
    from desktop.core.sync.status import sync_status

    with db.write() as session:
        set_setting(session=session, key=Keys.SERVER, value=server)
    codes = [code for code, _params in sync_status(db).problem_codes]
    assert ("not_encrypted" in codes) is warned
