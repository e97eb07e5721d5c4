"""Write docs/RELIABILITY.md from the figures the reliability tests record.

    make reliability        # runs the tests with more kills and inputs, then this script

Each test appends a JSON line to bench-results/reliability.jsonl (tests/reliability/conftest.py);
this script keeps the newest line per test and renders the report. A figure that was not measured
in the run is shown as "not run", never invented.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "bench-results" / "reliability.jsonl"
TARGET = ROOT / "docs" / "RELIABILITY.md"

SECTIONS = [
    (
        "Crash safety (SIGKILL)",
        [
            (
                "crash.checkins",
                "tests/reliability/test_crash_safety.py::test_sigkill_during_checkins",
                "A desk process checks people in one by one and prints each confirmed "
                "check-in; it is "
                "killed with SIGKILL at a random moment, restarted, killed again.",
            ),
            (
                "crash.imports",
                "tests/reliability/test_crash_safety.py::test_sigkill_during_imports",
                "Killed at a random moment of a 20,000-row import (each round from the same "
                "starting desk).",
            ),
            (
                "crash.certificates",
                "tests/reliability/test_crash_safety.py::test_sigkill_during_certificate_batches",
                "Killed while issuing, rendering and reprinting a batch of 300 certificates.",
            ),
        ],
    ),
    (
        "Disk full",
        [
            (
                "disk_full.size_limit",
                "tests/reliability/test_disk_full.py::test_size_limit_full_during_checkins_and_import",
                "SQLite's max_page_count fills the database during check-ins, then an import "
                "is tried.",
            ),
            (
                "disk_full.tmpfs_3mb",
                "tests/reliability/test_disk_full.py::test_real_full_filesystem",
                "The whole desk on a real 3 MB tmpfs, checked in until the file system is full.",
            ),
        ],
    ),
    (
        "Sync under faults (tests/sync)",
        [
            (
                "sync.faults",
                "tests/sync/test_faults.py",
                "Through a TCP proxy: connections reset before the request, responses cut after HQ "
                "committed (the lost acknowledgement), a slow link, a login page answering "
                "200 HTML, "
                "500/502/503, HQ restarted mid-sync; afterwards HQ holds exactly what the "
                "desk made.",
            ),
            (
                "sync.kills",
                "tests/sync/test_crashes_and_properties.py",
                "The desk process SIGKILLed at random moments during sync, restarted; and a "
                "hypothesis "
                "model of several desks with random failures converging to exactly the union "
                "at HQ.",
            ),
        ],
    ),
    (
        "Hostile input",
        [
            (
                "fuzz.importers",
                "tests/reliability/test_fuzz_importers.py",
                "hypothesis: random bytes, random spreadsheets in three encodings and "
                "delimiters, random "
                "workbooks and zip files named .xlsx, random Zoom/webinar reports; plus the inputs "
                "atheris found, kept as fixtures.",
            ),
            (
                "fuzz.bundles",
                "tests/reliability/test_fuzz_bundles.py",
                "hypothesis: random bytes and random JSON as a USB bundle, valid bundles "
                "with a part "
                "dropped or replaced, an item changed with its checksum recomputed (a "
                "forger's move), "
                "bytes flipped or cut, random bytes behind the sealed mark, sealed bundles "
                "with bytes "
                "flipped; a 300 MB gzip bomb. Nothing altered passes the signature or the seal.",
            ),
            (
                "fuzz.atheris.prereg-csv",
                "tests/fuzz/atheris_targets.py prereg-csv",
                "atheris (coverage-guided libFuzzer) on participant lists read as CSV, "
                "seeded with a real list.",
            ),
            (
                "fuzz.atheris.prereg-xlsx",
                "tests/fuzz/atheris_targets.py prereg-xlsx",
                "atheris on participant lists read as Excel workbooks, seeded with a real "
                "workbook.",
            ),
            (
                "fuzz.atheris.online-report",
                "tests/fuzz/atheris_targets.py online-report",
                "atheris on Zoom and Google Meet attendance reports, seeded with the fixtures.",
            ),
            (
                "fuzz.atheris.bundle",
                "tests/fuzz/atheris_targets.py bundle",
                "atheris on USB bundle files (gzip), seeded with a signed bundle.",
            ),
            (
                "fuzz.atheris.bundle-json",
                "tests/fuzz/atheris_targets.py bundle-json",
                "atheris on the JSON document inside a bundle (gzipped by the harness).",
            ),
            (
                "hq.fuzz",
                "tests/hq/test_fuzz.py",
                "schemathesis over HQ's OpenAPI on SQLite and PostgreSQL: no 5xx; garbage, "
                "oversize and "
                "compression-bomb bodies refused with 4xx.",
            ),
            (
                "logs.secrets",
                "tests/hq/test_no_secrets_in_logs.py, tests/sync/test_no_secrets_in_logs.py",
                "Everything HQ and the desk log at DEBUG through enrollment, sync, faults, a "
                "revoked desk "
                "and dashboard logins contains no token, enrollment code, password or "
                "session cookie.",
            ),
        ],
    ),
    (
        "Data at rest (desk)",
        [
            (
                "at_rest.stolen_laptop",
                "tests/reliability/test_at_rest.py",
                "A desk with people, check-ins, its HQ token and SMTP password, a daily "
                "backup and a USB "
                "export is searched byte by byte (database, WAL, backups, key files, the USB "
                "copy) for "
                "every name, NIP, NIK, e-mail, secret and the key itself.",
            ),
            (
                "at_rest.keys",
                "tests/desktop/test_encryption.py",
                "SQLCipher file unreadable by plain SQLite; key from the keyring, the "
                "recovery passphrase "
                "or neither (refused with what to do); wrong passphrase refused; an old "
                "plaintext desk and "
                "its backups encrypted in place; a lost laptop restored from the USB copy on "
                "a new one.",
            ),
        ],
    ),
    (
        "Access",
        [
            (
                "hq.authz",
                "tests/hq/test_authorization_matrix.py",
                "Every HQ route against anonymous, a desk of the office, a desk of another "
                "office, a "
                "revoked desk, an admin session and a desk token on the dashboard; a route "
                "without a row "
                "fails the test.",
            ),
        ],
    ),
    (
        "HQ hardening (issue 15)",
        [
            (
                "hq.hardening.erasure",
                "tests/hq/test_erasure_order.py, tests/sync/test_erasure_sync.py, "
                "tests/hq/test_erasure_everywhere.py, tests/sync/test_erasure_leaves_nothing.py",
                "Item 1: a desk whose clock is behind erases a person; an edit stamped 2099; "
                "edits of an erased person; HQ orders edits by receipt, the erasure wins and "
                "reaches the other desks; afterwards no column of any HQ table and no page of "
                "either desk's decrypted database or WAL holds the name, NIP, NIK, e-mail or "
                "phone.",
            ),
            (
                "hq.hardening.dates",
                "tests/hq/test_ingest_validation.py",
                'Items 2 and 7: zone "Asia", an event ending 9999-12-31 in Jayapura, a check-in at '
                "0001-01-01T00:00+14:00, birth dates in year 1: each item refused alone, the "
                "rest of the "
                "batch stored, every page renders what is already stored.",
            ),
            (
                "hq.hardening.rules",
                "tests/hq/test_ingest_rules.py, tests/hq/test_exports.py, "
                "tests/desktop/test_exports_safe.py",
                "Items 3, 5 and 8: another office's undo, forged copies in a batch, one "
                "record twice in a "
                "batch; formula cells (=HYPERLINK, @SUM, DDE) in every CSV and XLSX, desk and HQ.",
            ),
            (
                "hq.hardening.web",
                "tests/hq/test_body_limits.py, tests/hq/test_web_headers.py, "
                "tests/hq/test_tls_proxy.py",
                "Items 4 and 6: 250 MB and endless chunked bodies refused before reading, "
                "rate limits "
                "before parsing; CSP, frame, nosniff, referrer, HSTS and no-store headers; "
                "API docs off "
                "in production; HQ behind Debian's nginx and Caddy with the example "
                "configurations.",
            ),
            (
                "hq.hardening.smaller",
                "tests/hq/test_enroll_code_hours.py and seven more (item 9), "
                "tests/hq/test_token_rotation.py, tests/sync/test_token_rotation_sync.py",
                "Item 9: enrollment-code hours, export filenames, reconcile privacy, per-account "
                "lockout across workers, NIP mask, crafted bundles, the CLI log, backup "
                "leftovers, desk "
                "tokens rotating on sync with a grace period.",
            ),
            (
                "hq.hardening.seals",
                "tests/hq/test_forged_seal.py, tests/desktop/test_forged_seal.py",
                "Item 10: seals by an unknown key, failing or all-zero signatures get one "
                "page that tells "
                "a forger nothing, at HQ and in the desk's offline check.",
            ),
            (
                "hq.hardening.matrix",
                "tests/hq/test_authorization_matrix.py, tests/hq/test_fuzz.py",
                "Still solid after the changes: the authorization matrix and schemathesis "
                "over HQ's API.",
            ),
        ],
    ),
    (
        "Load",
        [
            (
                "hq.load",
                "tests/perf/bench_hq_load.py",
                "HQ (2 workers, PostgreSQL) under 20 desks pushing and pulling plus "
                "verification-page "
                "visitors for ten minutes: exact counts and p95 latencies.",
            ),
        ],
    ),
]


LOAD = ROOT / "bench-results" / "hq_load.json"
PASSED = ROOT / "bench-results" / "reliability-suites.json"


def latest() -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    if SOURCE.exists():
        for line in SOURCE.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found[str(record.pop("test"))] = record
    if LOAD.exists() and LOAD.read_text().strip():
        load = json.loads(LOAD.read_text().strip().splitlines()[-1])
        load.pop("bench", None)
        found["hq.load"] = load
    if PASSED.exists():  # outcomes of the suites that record no figures of their own
        for key, outcome in json.loads(PASSED.read_text()).items():
            found.setdefault(key, {"outcome": outcome})
    return found


def render_section(
    title: str, tests: list[tuple[str, str, str]], figures: dict[str, dict[str, object]]
) -> list[str]:
    out = [f"## {title}", "", "| what | test | figures |", "| --- | --- | --- |"]
    for key, test, what in tests:
        record = figures.get(key)
        shown = ", ".join(f"{k}: {v}" for k, v in record.items()) if record else "not run"
        out.append(f"| {what} | `{test}` | {shown} |")
    out.append("")
    return out


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def update_section(title: str) -> int:
    """Rewrite one section of the report from this run's figures and keep the others as the last
    full run wrote them (`make hardening` measures one section in minutes, not forty)."""
    wanted = [(t, rows) for t, rows in SECTIONS if t == title]
    if not wanted:
        print(f"report.py: no section {title!r}; sections: {[t for t, _ in SECTIONS]}")
        return 2
    figures = latest()
    body = render_section(title, wanted[0][1], figures)
    body.insert(
        2,
        f"Measured at commit {_commit()} on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by "
        "`make hardening` (the other sections are from the run named above).",
    )
    body.insert(3, "")
    text = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
    lines = text.splitlines()
    heading = f"## {title}"
    order = [t for t, _ in SECTIONS]
    if heading in lines:
        first = lines.index(heading)
        end = next(
            (i for i in range(first + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        lines[first:end] = body
    else:  # before the first section that comes after it in SECTIONS, else at the end
        later = {f"## {t}" for t in order[order.index(title) + 1 :]}
        at = next((i for i, line in enumerate(lines) if line in later), len(lines))
        lines[at:at] = body
    TARGET.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    print(json.dumps({"report": str(TARGET.relative_to(ROOT)), "section": title}))
    return 0


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--section":
        return update_section(sys.argv[2])
    figures = latest()
    commit = _commit()
    out = [
        "# Reliability report",
        "",
        f"Written by tests/reliability/report.py at commit {commit} on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()} with "
        f"{platform.python_implementation()} {platform.python_version()}, from the figures the "
        "named tests recorded in their last run (bench-results/). `make reliability` runs "
        "them with "
        "40 kills per crash test, 500 inputs per hypothesis test and 20,000 people in the at-rest "
        "scan, atheris for two minutes a target, then the fault suites, issue 15's HQ hardening "
        "probes and the ten-minute load test; `make test` runs the same tests with 6-8 kills, 100 "
        "inputs, 2,000 people and atheris for three seconds a target. The counts in each row say "
        "which run it was.",
        "",
    ]
    for title, tests in SECTIONS:
        out += render_section(title, tests, figures)
    TARGET.write_text("\n".join(out), encoding="utf-8")
    print(json.dumps({"report": str(TARGET.relative_to(ROOT)), "tests": len(figures)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
