"""Imports go one way (docs: architecture): nothing under sync/ may import the desk."""

from __future__ import annotations

import ast
from pathlib import Path


def test_hq_never_imports_the_desk() -> None:
    root = Path(__file__).resolve().parents[2] / "sync"
    offenders = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path}: {n}" for n in names if n == "desktop" or n.startswith("desktop.")
            ]
    assert offenders == []
