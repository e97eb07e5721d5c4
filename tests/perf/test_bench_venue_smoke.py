"""bench_venue.py kept from rotting: the whole benchmark at toy size (the hub's window and one
member process, 10 check-ins each, a real HQ, no reference run), its counts checked, its timings
not (those are the benchmark's, ``make bench``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.sync.helpers import ROOT


def test_the_venue_benchmark_runs_and_every_checkin_arrives_everywhere() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "perf" / "bench_venue.py"),
            "--desks",
            "2",
            "--people",
            "10",
            "--pace",
            "0.05",
            "--reference",
            "0",
            "--registered",
            "60",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["held_per_desk"] == {"Meja 1": 20, "Meja 2": 20}
    assert result["propagation_ms"]["missing"] == 0 and result["propagation_ms"]["n"] == 20
    assert result["hq"]["checkins"] == 20 and result["hq"]["distinct_ids"] == 20
    assert result["hq"]["per_desk"] == {"Meja 1": 10, "Meja 2": 10}
    assert result["hub_window"]["serving"]["scan_to_green_card_ms"]["n"] == 10
    assert result["members"]["Meja 2"]["errors"] == 0
    assert isinstance(result["pass"], bool)
