"""Every audit line is written by desktop/services (issue 16): the core does the work, the front
door says who did it. Parsed, so a new core function that audits itself fails here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Opening the database with the recovery passphrase moves the key into a keyring that appeared
# since; that happens inside Database() before any service runs, so the line is written there.
OPENING_THE_DATABASE = {"desktop/core/db.py": {"key.keyring"}}
# A pull page that replaces this desk's own edit of an event's settings with HQ's newer version
# says so in the page's own transaction (issue 17 item 1): no operator acted, and no service runs
# inside a pull page; the Sync screen reads the line back.
PULLED_FROM_HQ = {"desktop/core/sync/pull.py": {"SETTINGS_REPLACED"}}


def _audits(path: Path) -> set[str]:
    """The actions of the audit lines a module writes (record_audit calls, AuditEntry rows)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.id
            if isinstance(node.func, ast.Name)
            else (node.func.attr if isinstance(node.func, ast.Attribute) else "")
        )
        if name in ("record_audit", "AuditEntry"):
            action = next((k.value for k in node.keywords if k.arg == "action"), None)
            if isinstance(action, ast.Constant):
                found.add(str(action.value))
            else:  # a named constant (event_settings.SETTINGS_REPLACED) by its name
                found.add(action.attr if isinstance(action, ast.Attribute) else "?")
    return found


def test_the_core_writes_no_audit_line_of_its_own() -> None:
    writers = {}
    for path in sorted((ROOT / "desktop" / "core").rglob("*.py")):
        where = str(path.relative_to(ROOT))
        excepted = OPENING_THE_DATABASE.get(where, set()) | PULLED_FROM_HQ.get(where, set())
        actions = _audits(path) - excepted
        if where == "desktop/core/operators.py":
            actions -= {"?"}  # record_audit itself builds the AuditEntry row
        if actions:
            writers[where] = sorted(actions)
    assert writers == {}, "audit lines belong in desktop/services: " + repr(writers)


def test_one_helper_for_an_audit_line_in_its_own_transaction() -> None:
    helpers = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "desktop").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name == "audit"
    ]
    assert helpers == ["desktop/services/audit.py"]
