"""The atheris harness (tests/fuzz) stays runnable: each target fuzzes for a few seconds here and
finds nothing; `make fuzz` and `make reliability` run it for minutes and report the figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris is a Linux dev dependency")

RUNNER = Path(__file__).resolve().parents[1] / "fuzz" / "run_atheris.py"


def test_every_atheris_target_runs_and_finds_no_crash():
    result = subprocess.run(
        [sys.executable, str(RUNNER), "--seconds", "1"], capture_output=True, text=True, timeout=600
    )
    figures = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [f["test"] for f in figures] == [
        "fuzz.atheris.prereg-csv",
        "fuzz.atheris.prereg-xlsx",
        "fuzz.atheris.online-report",
        "fuzz.atheris.bundle",
        "fuzz.atheris.bundle-json",
    ]
    assert all(f["runs"] > 0 and f["crashes"] == 0 for f in figures), figures
    assert result.returncode == 0, result.stderr[-3000:]
