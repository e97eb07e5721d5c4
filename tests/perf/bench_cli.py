"""Benchmark of hadir-cli start-up (issue 20): each command a fresh process, timed from its start
to its exit (its answer printed), the desk's key in a keyring (tests/keyring_backend.py).

Prints one JSON line:
- office_list_s, sync_status_s: median wall seconds of `hadir-cli office list` and
  `hadir-cli sync status` (target <= 0.3 s each);
- checkin_s: median of `hadir-cli checkin --event E --nip N`, a new person each run, committed
  with synchronous=FULL into the encrypted desk (target <= 0.5 s);
- same-run references, timed in turn with the commands: python_s (`python -c pass`: the
  interpreter alone), sqlalchemy_s (`import sqlalchemy`) and sqlmodel_s (`import sqlmodel`: the
  floor of any command that reads the desk database through its models), and each command's
  ratio to python_s;
- pass: every target met.

Run: .venv/bin/python tests/perf/bench_cli.py  (or `make bench`)
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.core.db import Database
from desktop.services.desk import add_demo_event, setup_desk
from tests.keyring_backend import use_for_this_process

use_for_this_process()

ROUNDS = 11
PEOPLE = 300
TARGETS = {"office_list_s": 0.3, "sync_status_s": 0.3, "checkin_s": 0.5}


def cli_command() -> list[str]:
    script = shutil.which("hadir-cli", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "desktop.cli"]


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{argv[1:]} failed: {result.stderr.strip()}")
    return seconds


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hadir-bench-cli-") as tmp:
        data_dir = Path(tmp) / "desk"
        db = Database(data_dir)
        setup_desk(db, office_code="SULTENG", desk_name="Meja 1", operator="bench")
        event_id = add_demo_event(db, participants=PEOPLE, attended=0, operator="bench").event_id
        with db.session() as session:
            nips = [
                str(nip)
                for (nip,) in session.connection().exec_driver_sql(
                    "SELECT nip FROM participant WHERE nip IS NOT NULL ORDER BY id"
                )
            ]
        db.close()
        env = {**os.environ, "HADIR_DATA_DIR": str(data_dir)}
        cli = cli_command()
        python = [sys.executable]
        people = iter(nips)
        commands = {
            "python_s": lambda: [*python, "-c", "pass"],
            "sqlalchemy_s": lambda: [*python, "-c", "import sqlalchemy"],
            "sqlmodel_s": lambda: [*python, "-c", "import sqlmodel"],
            "office_list_s": lambda: [*cli, "office", "list", "--json"],
            "sync_status_s": lambda: [*cli, "sync", "status", "--json"],
            "checkin_s": lambda: [*cli, "checkin", "--event", event_id, "--nip", next(people)],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for round_number in range(ROUNDS + 1):  # the first round warms the caches, not counted
            for name, argv in commands.items():
                seconds = timed(argv(), env)
                if round_number:
                    times[name].append(seconds)

    medians = {name: round(statistics.median(values), 3) for name, values in times.items()}
    result: dict[str, object] = {"bench": "cli", "runs": ROUNDS, **medians}
    for name in TARGETS:
        stem = name.removesuffix("_s")
        result[f"{stem}_vs_python"] = round(medians[name] / medians["python_s"], 1)
        # Against the floor of a command that reads the desk through its models.
        result[f"{stem}_vs_sqlmodel"] = round(medians[name] / medians["sqlmodel_s"], 2)
    result["targets"] = TARGETS
    result["missed"] = [name for name, limit in TARGETS.items() if medians[name] > limit]
    result["pass"] = not result["missed"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
