"""The desk bundle leaves the HQ server out by one rule (installer/server_only.py), not a list:
quick checks of that rule and of the spec that uses it, without building the bundle."""

from __future__ import annotations

import ast
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))

import server_only  # noqa: E402


def test_the_rule_leaves_out_the_server_and_its_stack() -> None:
    left_out = set(server_only.server_only_modules(ROOT))
    # What the spec used to name by hand, and what the server alone pulls in beside it.
    assert {"sync.hq", "fastapi", "starlette", "uvicorn", "psycopg", "jinja2"} <= left_out
    assert {"pydantic_settings", "anyio", "h11"} <= left_out


def test_the_rule_keeps_everything_the_desk_imports() -> None:
    left_out = set(server_only.server_only_modules(ROOT))
    desk_code = [
        *(ROOT / "desktop").rglob("*.py"),
        *(p for p in (ROOT / "sync").rglob("*.py") if "hq" not in p.parts),
    ]
    desk_roots = server_only.imported_roots(desk_code)
    assert desk_roots & left_out == set()
    # Nor a module of the distributions the desk's libraries need (Jinja2's MarkupSafe is also
    # Alembic's, through Mako).
    assert "markupsafe" in metadata.packages_distributions()
    assert {"markupsafe", "pydantic", "sqlalchemy", "requests", "nacl", "idna"} & left_out == set()


def test_the_spec_excludes_by_the_rule_and_names_no_server_package() -> None:
    spec = (ROOT / "installer" / "hadir.spec").read_text(encoding="utf-8")
    tree = ast.parse(spec)
    excludes = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "PY_EXCLUDES" for t in node.targets)
    )
    assert isinstance(excludes, ast.List)
    named = {e.value for e in excludes.elts if isinstance(e, ast.Constant)}
    starred = [ast.unparse(e) for e in excludes.elts if isinstance(e, ast.Starred)]
    assert starred == ["*server_only_modules(ROOT)"]
    assert named & {"sync.hq", "fastapi", "starlette", "uvicorn", "psycopg", "jinja2"} == set()
