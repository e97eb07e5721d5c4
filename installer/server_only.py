"""What the desk bundle leaves out because only the HQ server needs it (installer/hadir.spec).

One rule, read from the code and the installed packages rather than kept as a list: the package
``sync.hq``, and every installed distribution only the server needs. That is what the server's
code imports (found by parsing sync/hq, function-local imports included, as
tests/test_architecture.py reads modules) or reaches by name, with everything those require,
less whatever the desk's own code (desktop/ and the rest of sync/) imports and requires.

PyInstaller follows imports, so the desk would not pull these in today (nothing outside sync/hq
imports sync.hq: tests/test_architecture.py); excluding them keeps an optional import in a library
the desk uses from dragging the server's stack back in.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

SERVER = "sync.hq"
OWN_PACKAGES = ("desktop", "sync")  # Hadir's own: its distribution requires the server's stack too
# Reached by name, never by an import in sync/hq: the PostgreSQL driver SQLAlchemy loads for
# HADIR_HQ_DATABASE_URL, and the dashboard's template engine and form parser (through starlette).
SERVER_BY_NAME = ("psycopg", "jinja2", "python-multipart")


def imported_roots(paths: Iterable[Path]) -> set[str]:
    """The top-level names every module in ``paths`` imports (absolute imports only)."""
    roots: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                roots.add(node.module.split(".")[0])
    return roots


def _requested_extras(root: Path) -> dict[str, set[str]]:
    """pyproject's own extras per distribution ("uvicorn[standard]" -> {"uvicorn": {"standard"}})."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras: dict[str, set[str]] = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        extras.setdefault(canonicalize_name(requirement.name), set()).update(requirement.extras)
    return extras


def _closure(start: dict[str, set[str]]) -> set[str]:
    """The installed distributions ``start`` (name -> extras) needs on this platform, itself
    included. A requirement not installed here (another platform's) is skipped."""
    seen: dict[str, set[str]] = {}
    todo = [(name, set(extras)) for name, extras in start.items()]
    while todo:
        name, extras = todo.pop()
        if name in seen and extras <= seen[name]:
            continue
        seen.setdefault(name, set()).update(extras)
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue
        for line in requires:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is None or any(marker.evaluate({"extra": e}) for e in ("", *extras)):
                todo.append((canonicalize_name(requirement.name), set(requirement.extras)))
    return {name for name in seen if _installed(name)}


def _installed(name: str) -> bool:
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def _distributions(roots: Iterable[str], extras: dict[str, set[str]]) -> dict[str, set[str]]:
    """The distributions that provide ``roots`` (top-level module names), with pyproject's extras."""
    providers = metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for root in roots:
        if root in sys.stdlib_module_names or root in OWN_PACKAGES:
            continue
        for dist in providers.get(root, []):
            name = canonicalize_name(dist)
            found[name] = set(extras.get(name, set()))
    return found


def server_only_modules(root: Path) -> list[str]:
    """``sync.hq`` and the top-level modules of every distribution only the server needs."""
    extras = _requested_extras(root)
    server_code = sorted((root / "sync" / "hq").rglob("*.py"))
    desk_code = sorted((root / "desktop").rglob("*.py")) + [
        path
        for path in sorted((root / "sync").rglob("*.py"))
        if not path.is_relative_to(root / "sync" / "hq")
    ]
    server = _distributions(imported_roots(server_code), extras)
    for name in SERVER_BY_NAME:
        server[canonicalize_name(name)] = set(extras.get(canonicalize_name(name), set()))
    desk = _closure(_distributions(imported_roots(desk_code), extras))
    only_server = _closure(server) - desk
    modules = {SERVER}
    for module, dists in metadata.packages_distributions().items():
        if module.startswith("__") or not module.isidentifier():
            continue
        if any(canonicalize_name(dist) in only_server for dist in dists) and not any(
            canonicalize_name(dist) in desk for dist in dists
        ):
            modules.add(module)
    return sorted(modules)


if __name__ == "__main__":  # python installer/server_only.py: what the bundle leaves out
    print("\n".join(server_only_modules(Path(__file__).resolve().parents[1])))
