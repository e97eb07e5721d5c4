"""The house's rules, read from the code itself (every module parsed, function-local imports
included), so a new module cannot slip past a hand-kept list.

1. Boundaries: the desk's core and services never import Qt, the window or the CLI (and the CLI
   never Qt or the window); nothing in
   sync/ imports the desk; the shared contract (sync/'s top level) imports neither the desk's side
   (sync.desk) nor the server (sync.hq), which never import each other; the desk never imports
   the server.
2. One front door: the window (desktop/ui) and hadir-cli (desktop/cli) never open a write
   transaction and never call a core function that writes; they call desktop/services, where each
   action's validation and audit line live.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module


def modules(*packages: str) -> Iterator[Module]:
    for package in packages:
        base = ROOT / package.replace(".", "/")
        for path in sorted(base.rglob("*.py")):
            if "migrations" in path.parts and path.parent.name == "versions":
                continue  # Alembic revisions: generated, they import only alembic/sqlalchemy
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield Module(".".join(parts), path, ast.parse(path.read_text(encoding="utf-8")))


def imported(module: Module) -> Iterator[tuple[int, str]]:
    """Every module name imported anywhere in the file (relative imports resolved)."""
    package = module.name.split(".")
    if module.path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            yield node.lineno, name
            for alias in node.names:  # "from desktop import ui" imports desktop.ui
                yield node.lineno, f"{name}.{alias.name}"


def within(name: str, *rooms: str) -> bool:
    return any(name == room or name.startswith(room + ".") for room in rooms)


QT = ("PySide6", "shiboken6")
DESK_ONLY_SYNC = ("sync.desk",)
SERVER = ("sync.hq",)


def _offences(packages: tuple[str, ...], forbidden: tuple[str, ...], *, skip=()) -> list[str]:
    found = []
    for module in modules(*packages):
        if within(module.name, *skip):
            continue
        for line, name in imported(module):
            if within(name, *forbidden):
                found.append(f"{module.path.relative_to(ROOT)}:{line} imports {name}")
    return found


def test_core_and_services_know_no_qt_no_window_no_cli() -> None:
    forbidden = (*QT, "desktop.ui", "desktop.cli", "desktop.app")
    assert _offences(("desktop.core", "desktop.services"), forbidden) == []


def test_the_cli_knows_no_qt_and_no_window() -> None:
    """hadir-cli runs on a server or over SSH, where Qt's libraries may be absent."""
    assert _offences(("desktop.cli",), (*QT, "desktop.ui", "desktop.app")) == []


def test_nothing_in_sync_imports_the_desk() -> None:
    assert _offences(("sync",), ("desktop",)) == []


def test_the_contract_imports_neither_side() -> None:
    assert _offences(("sync",), (*DESK_ONLY_SYNC, *SERVER), skip=(*DESK_ONLY_SYNC, *SERVER)) == []


def test_the_desk_side_and_the_server_never_import_each_other() -> None:
    assert _offences(("sync.hq",), DESK_ONLY_SYNC) == []
    assert _offences(("sync.desk",), SERVER) == []


def test_sync_has_its_three_rooms() -> None:
    """The contract at sync/'s top, the desk's side in sync/desk, the server in sync/hq: the
    desk-only modules live in sync/desk, not beside the contract."""
    top = {path.stem for path in (ROOT / "sync").glob("*.py")}
    assert {"client", "outbox", "lease", "sqlite_bulk"} & top == set()
    desk = {path.stem for path in (ROOT / "sync" / "desk").glob("*.py")}
    assert {"client", "outbox", "lease", "sqlite_bulk"} <= desk


# Facts desk and HQ share, each defined once, in the contract (sync/'s top level). A second
# definition anywhere in desktop/ or sync/ is a copy that can drift (issue 16).
SHARED_FACTS = {
    "utcnow": "sync.clock",
    "as_utc": "sync.clock",
    "iso_utc": "sync.clock",
    "new_id": "sync.ids",
    "mask_nip": "sync.nip",
    "load_offices": "sync.offices",
    "office_name": "sync.offices",
    "MONTHS": "sync.indonesian",
    "DAYS": "sync.indonesian",
    "CLOCK_SKEW_WARNING_SECONDS": "sync.protocol",
}


def _defined_names(module: Module) -> Iterator[tuple[int, str]]:
    for node in module.tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.lineno, node.name
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    yield node.lineno, target.id


def _fact(name: str) -> str | None:
    """The shared fact a module-level name defines: itself, or a variant spelling of the skew
    limit (``CLOCK_SKEW_WARN_SECONDS``, the desk's copy once). Private tables of another fact
    (online_reports' ``_MONTHS``, abbreviations to numbers for parsing) are not copies."""
    if name in SHARED_FACTS:
        return name
    return "CLOCK_SKEW_WARNING_SECONDS" if name.lstrip("_").startswith("CLOCK_SKEW_WARN") else None


def test_each_shared_fact_is_defined_once_in_the_contract() -> None:
    copies = []
    for module in modules("desktop", "sync"):
        for line, name in _defined_names(module):
            fact = _fact(name)
            if fact is not None and module.name != SHARED_FACTS[fact]:
                copies.append(f"{module.path.relative_to(ROOT)}:{line} defines {name}")
    assert copies == []


def test_the_desk_never_imports_the_server() -> None:
    assert _offences(("desktop",), SERVER) == []


def test_the_checker_sees_function_local_and_relative_imports(tmp_path: Path) -> None:
    """The rules above are only as good as ``imported``: it must see what a hand-kept list missed."""
    source = (
        "from . import sibling\n"
        "def later():\n"
        "    from PySide6.QtCore import QObject\n"
        "    import sync.hq.app\n"
    )
    module = Module("desktop.core.example", tmp_path / "example.py", ast.parse(source))
    names = {name for _line, name in imported(module)}
    assert {"desktop.core.sibling", "PySide6.QtCore", "sync.hq.app"} <= names


# --------------------------------------------------------------------------- the front door

# What marks a core function as one that writes: it opens a write transaction, changes the
# session, audits, queues for HQ, or runs a data-changing statement; and, transitively, it calls
# such a function of the core.
_SESSION_WRITES = {"add", "add_all", "delete", "merge", "commit"}
_WRITE_CALLS = {"record_audit", "enqueue", "enqueue_many"}
_WRITE_SQL = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _writes_directly(function: ast.AST) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target, attr = node.func.value, node.func.attr
            if attr == "write" and not node.args and not node.keywords:
                return True
            if attr in _SESSION_WRITES and isinstance(target, ast.Name) and target.id == "session":
                return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in _WRITE_CALLS:
                return True
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.lstrip().upper().startswith(_WRITE_SQL)
        ):
            return True
    return False


def _core_names(module: Module) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """What a module's local names are in the core: module aliases, and imported functions."""
    aliases: dict[str, str] = {}  # local name -> core module
    functions: dict[str, tuple[str, str]] = {}  # local name -> (core module, function)
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if not within(node.module, "desktop.core"):
                continue
            for alias in node.names:
                local = alias.asname or alias.name
                candidate = f"{node.module}.{alias.name}"
                path = ROOT / candidate.replace(".", "/")
                if path.with_suffix(".py").exists() or (path / "__init__.py").exists():
                    aliases[local] = candidate
                else:
                    functions[local] = (node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if within(alias.name, "desktop.core") and alias.asname:
                    aliases[alias.asname] = alias.name
    return aliases, functions


def _core_calls(node: ast.AST, module: Module) -> Iterator[tuple[int, tuple[str, str]]]:
    """The core functions ``node`` calls, as (module, function), with the line of each call."""
    aliases, functions = _core_names(module)
    own = {
        n.name for n in module.tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        if isinstance(func, ast.Name):
            if func.id in functions:
                yield call.lineno, functions[func.id]
            elif func.id in own and within(module.name, "desktop.core"):
                yield call.lineno, (module.name, func.id)
        elif (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in aliases
        ):
            yield call.lineno, (aliases[func.value.id], func.attr)


def core_write_functions() -> dict[str, set[str]]:
    """For each core module, the names of its top-level functions that write."""
    functions: dict[tuple[str, str], tuple[ast.AST, Module]] = {}
    for module in modules("desktop.core"):
        for node in module.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions[(module.name, node.name)] = (node, module)
    writes = {key for key, (node, _m) in functions.items() if _writes_directly(node)}
    calls = {
        key: {target for _line, target in _core_calls(node, module)}
        for key, (node, module) in functions.items()
    }
    while True:
        more = {key for key in functions if key not in writes and calls[key] & writes}
        if not more:
            break
        writes |= more
    found: dict[str, set[str]] = {}
    for module_name, name in writes:
        found.setdefault(module_name, set()).add(name)
    return found


def front_door_offences(module: Module, writers: dict[str, set[str]]) -> list[str]:
    where = module.path.relative_to(ROOT) if module.path.is_relative_to(ROOT) else module.path
    offences = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "write" and not node.args and not node.keywords:
                offences.append(f"{where}:{node.lineno} opens a write transaction")
            elif node.func.attr == "commit":
                offences.append(f"{where}:{node.lineno} commits a session")
    for line, (core, name) in _core_calls(module.tree, module):
        if name in writers.get(core, set()):
            offences.append(f"{where}:{line} calls {core}.{name}, which writes")
    return offences


def test_the_window_and_the_cli_write_only_through_the_services() -> None:
    writers = core_write_functions()
    offences = []
    for module in modules("desktop.ui", "desktop.cli"):
        offences += front_door_offences(module, writers)
    assert offences == []


def test_the_front_door_check_catches_a_direct_write(tmp_path: Path) -> None:
    writers = core_write_functions()
    # The detector must know the obvious writers, directly and through a call.
    assert "check_in" in writers["desktop.core.attendance"]
    assert "erase_person" in writers["desktop.core.personal_data"]
    assert "desk_identity" in writers["desktop.core.desk"]  # makes the desk id on first use
    assert "search_participants" not in writers.get("desktop.core.registry", set())
    source = (
        "from desktop.core import attendance\n"
        "from desktop.core.personal_data import erase_person\n"
        "def handler(ctx):\n"
        "    with ctx.db.write() as session:\n"
        "        attendance.check_in(session=session)\n"
        "        erase_person(session=session)\n"
    )
    module = Module("desktop.cli.example", tmp_path / "example.py", ast.parse(source))
    offences = front_door_offences(module, writers)
    assert len(offences) == 3, offences
