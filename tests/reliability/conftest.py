"""Figures from the reliability tests are appended to bench-results/reliability.jsonl, from which
tests/reliability/report.py writes docs/RELIABILITY.md."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def record_figure() -> Callable[..., None]:
    def record(test: str, **figures: object) -> None:
        out = Path(
            os.environ.get("HADIR_RELIABILITY_OUT", ROOT / "bench-results" / "reliability.jsonl")
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"test": test, **figures}, default=str) + "\n")

    return record


def kills(default: int) -> int:
    """How many kills a crash test makes: small in `make test`, more in `make reliability`."""
    return int(os.environ.get("HADIR_KILLS", default))
