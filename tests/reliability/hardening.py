"""Run issue 15's HQ hardening probes, one pytest run per item, and record what each run found.

    make hardening          # these probes only (a few minutes), then the report's section
    make reliability        # everything, this included

Each item's tests run against the real HQ over HTTP, on SQLite and (with HADIR_TEST_POSTGRES_URL)
PostgreSQL. The counts pytest printed are appended to bench-results/reliability.jsonl under
``hq.hardening.<item>``, from which tests/reliability/report.py writes the "HQ hardening" section of
docs/RELIABILITY.md. A run that failed is recorded as failed, never left out.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench-results" / "reliability.jsonl"

# key -> (the item, its tests). tests/reliability/report.py names the same keys.
PROBES: dict[str, tuple[str, ...]] = {
    "hq.hardening.erasure": (
        "tests/hq/test_erasure_order.py",
        "tests/sync/test_erasure_sync.py",
        "tests/hq/test_erasure_everywhere.py",
        "tests/sync/test_erasure_leaves_nothing.py",
        "tests/desktop/test_personal_data.py",
    ),
    "hq.hardening.dates": ("tests/hq/test_ingest_validation.py",),
    "hq.hardening.rules": (
        "tests/hq/test_ingest_rules.py",
        "tests/hq/test_exports.py",
        "tests/desktop/test_exports_safe.py",
    ),
    "hq.hardening.web": (
        "tests/hq/test_body_limits.py",
        "tests/hq/test_web_headers.py",
        "tests/hq/test_tls_proxy.py",
    ),
    "hq.hardening.smaller": (
        "tests/hq/test_enroll_code_hours.py",
        "tests/hq/test_export_filenames.py",
        "tests/hq/test_reconcile_privacy.py",
        "tests/hq/test_lockout.py",
        "tests/hq/test_nip_mask.py",
        "tests/sync/test_crafted_bundles.py",
        "tests/desktop/test_cli_log_privacy.py",
        "tests/desktop/test_backup_partial.py",
        "tests/hq/test_token_rotation.py",
        "tests/sync/test_token_rotation_sync.py",
    ),
    "hq.hardening.seals": (
        "tests/hq/test_forged_seal.py",
        "tests/desktop/test_forged_seal.py",
    ),
    "hq.hardening.matrix": ("tests/hq/test_authorization_matrix.py", "tests/hq/test_fuzz.py"),
}

_COUNT = re.compile(r"(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)")


def run_probe(key: str, tests: tuple[str, ...]) -> dict[str, object]:
    present = [t for t in tests if (ROOT / t).exists()]
    missing = [t for t in tests if t not in present]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *present],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    counts = {
        word.rstrip("s") if word.startswith("error") else word: int(n)
        for n, word in _COUNT.findall(last)
    }
    return {
        "test": key,
        "outcome": "passed" if done.returncode == 0 and not missing else "FAILED",
        **counts,
        "postgres": bool(os.environ.get("HADIR_TEST_POSTGRES_URL")),
        "seconds": round(time.monotonic() - started, 1),
        **({"missing": missing} if missing else {}),
    }


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    failed = False
    for key, tests in PROBES.items():
        record = run_probe(key, tests)
        failed = failed or record["outcome"] != "passed"
        with OUT.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
        print(json.dumps(record), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
