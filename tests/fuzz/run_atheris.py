"""Run every atheris target for a bounded time and print one JSON line each (issue 9, item 6).

    python tests/fuzz/run_atheris.py [--seconds 60] [--record bench-results/reliability.jsonl] [TARGET ...]

Seeds each target's corpus with real inputs (a participant list as CSV and XLSX, the Zoom and Meet
fixtures, a signed bundle) so the mutations start from files that reach deep into the importers.
Exits non-zero when any target crashed; the crashing input is kept in bench-results/fuzz/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TARGETS = ("prereg-csv", "prereg-xlsx", "online-report", "bundle", "bundle-json")
HARNESS = Path(__file__).with_name("atheris_targets.py")
FIXTURES = ROOT / "tests" / "desktop" / "fixtures" / "online"


def seed(target: str, corpus: Path) -> None:
    from openpyxl import Workbook

    from desktop.core.demo import make_people
    from tests.perf.bench_desk_core import write_csv

    corpus.mkdir(parents=True, exist_ok=True)
    people = make_people(12, office_code="SULTENG", seed=3)
    if target == "prereg-csv":
        write_csv(corpus / "list.csv", people)
    elif target == "prereg-xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["No", "Nama Lengkap", "NIP", "Instansi", "Email"])
        for n, p in enumerate(people, start=1):
            sheet.append([n, p["full_name"], p["nip"], p["instansi"], p["email"]])
        workbook.save(corpus / "list.xlsx")
    elif target == "online-report":
        for fixture in FIXTURES.glob("*.csv"):
            shutil.copyfile(fixture, corpus / fixture.name.replace(" ", "_"))
    elif target in ("bundle", "bundle-json"):
        from sync.bundle import write_bundle
        from sync.ed25519 import PrivateKey
        from sync.ids import new_id
        from sync.protocol import ChangeEnvelope

        items = [ChangeEnvelope(id=new_id(), kind="checkin", payload={"id": new_id(), "day": 1})]
        write_bundle(
            path=corpus / "meja1.hadir",
            device_id="desk-1",
            key_id="k1",
            items=items,
            sign=PrivateKey.generate().sign,
            created_at=datetime.now(UTC),
        )
        if target == "bundle-json":
            import gzip

            (corpus / "meja1.json").write_bytes(
                gzip.decompress((corpus / "meja1.hadir").read_bytes())
            )
            (corpus / "meja1.hadir").unlink()


def run(target: str, *, seconds: int, artifacts: Path) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix=f"hadir-fuzz-{target}-"))
    corpus = work / "corpus"
    seed(target, corpus)
    artifacts.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HADIR_TEST_KEYRING_DIR": str(work / "keyring"),
        "PYTHON_KEYRING_BACKEND": "tests.keyring_backend.FolderKeyring",
    }
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            str(HARNESS),
            target,
            str(corpus),
            f"-max_total_time={seconds}",
            "-print_final_stats=1",
            "-rss_limit_mb=4096",
            "-timeout=20",
            "-max_len=65536",
            f"-artifact_prefix={artifacts}/{target}-",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=seconds + 300,
    )
    elapsed = time.monotonic() - started
    log = result.stderr
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", log)
    coverage = re.findall(r"cov: (\d+)", log)
    crashed = result.returncode != 0
    if crashed:
        (artifacts / f"{target}.log").write_text(log[-20000:], encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    return {
        "test": f"fuzz.atheris.{target}",
        "runs": int(runs.group(1)) if runs else 0,
        "seconds": round(elapsed, 1),
        "coverage": int(coverage[-1]) if coverage else 0,
        "crashes": int(crashed),
        "exit": result.returncode,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--record", help="append the figures to this JSON-lines file")
    parser.add_argument("targets", nargs="*", default=list(TARGETS))
    args = parser.parse_args()
    failed = 0
    for target in args.targets:
        figures = run(target, seconds=args.seconds, artifacts=ROOT / "bench-results" / "fuzz")
        print(json.dumps(figures), flush=True)
        failed += int(figures["crashes"])  # type: ignore[call-overload]
        if args.record:
            with open(args.record, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(figures) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
