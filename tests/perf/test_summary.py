"""make bench's closing table: a miss, a failure and a line with no verdict are never a pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SUMMARY = Path(__file__).with_name("summary.py")


def _run(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SUMMARY), str(folder)], capture_output=True, text=True, check=False
    )


def test_misses_and_failures_are_named_and_fail_the_run(tmp_path: Path) -> None:
    (tmp_path / "bench_a.jsonl").write_text('{"bench": "a", "pass": true}\n')
    (tmp_path / "bench_b.jsonl").write_text('noise\n{"bench": "b", "pass": false}\n')
    (tmp_path / "bench_c.jsonl").write_text('{"bench": "c"}\n')
    (tmp_path / "status.tsv").write_text(
        "tests/perf/bench_a.py\t0\t12\ntests/perf/bench_b.py\t0\t30\n"
        "tests/perf/bench_c.py\t0\t3\ntests/perf/bench_d.py\t1\t5\n"
    )
    result = _run(tmp_path)
    assert result.returncode == 1
    lines = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()[1:5]}
    assert lines == {"a": "pass", "b": "MISSED", "c": "no", "d": "FAILED"}
    assert result.stdout.splitlines()[-1] == "make bench: missed: b, d"


def test_all_passing_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "bench_a.jsonl").write_text('{"bench": "a", "passed": true}\n')
    (tmp_path / "status.tsv").write_text("tests/perf/bench_a.py\t0\t7\n")
    result = _run(tmp_path)
    assert result.returncode == 0, result.stdout
    assert "every benchmark with a verdict passed" in result.stdout
