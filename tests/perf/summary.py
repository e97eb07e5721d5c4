"""What one `make bench` run measured: a line per benchmark, and which missed their targets.

    python tests/perf/summary.py bench-results/run

The run folder holds, per script, the lines it printed (``bench_x.jsonl``) and a status file with
a line per script (``status.tsv``: script, exit status, seconds). A benchmark passes when its lines
say ``"pass": true`` (``"passed"`` in older scripts) and it exited 0; a line with no verdict is
shown as such, never counted as a pass. Exits 1 when any benchmark missed or failed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _verdict(line: dict[str, object]) -> bool | None:
    for key in ("pass", "passed"):
        if isinstance(line.get(key), bool):
            return bool(line[key])
    return None


def _lines(path: Path) -> list[dict[str, object]]:
    found = []
    for raw in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        try:
            parsed = json.loads(raw)
        except json.JSONDecodeError:
            continue  # a script's stray non-JSON output: not a figure
        if isinstance(parsed, dict):
            found.append(parsed)
    return found


def main(argv: list[str]) -> int:
    run = Path(argv[1])
    status = run / "status.tsv"
    missed: list[str] = []
    print("make bench:")
    for row in status.read_text(encoding="utf-8").splitlines():
        script, code, seconds = row.split("\t")
        name = Path(script).stem.removeprefix("bench_")
        mine = _lines(run / f"{Path(script).stem}.jsonl")
        verdicts = [_verdict(line) for line in mine]
        if code != "0" or False in verdicts:
            missed.append(name)
            word = "MISSED" if code == "0" else f"FAILED (exit {code})"
        elif not verdicts or None in verdicts:
            word = "no verdict"
        else:
            word = "pass"
        print(f"  {name:<16} {word:<18} {float(seconds):7.0f} s")
    total = sum(float(row.split("\t")[2]) for row in status.read_text().splitlines())
    print(f"  {'all':<16} {'':<18} {total:7.0f} s")
    if missed:
        print("make bench: missed: " + ", ".join(missed))
        return 1
    print("make bench: every benchmark with a verdict passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
