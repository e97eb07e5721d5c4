"""The national picture at the program's scale (issue 19 item 6): 1,000,000 people, 20 offices,
5,000 events and 1,200,000 certificates in PostgreSQL, and what the national page and each
office's page cost.

The data goes in with COPY in three steps (a quarter, a half, all of it: 250k, 500k, 1M people),
each followed by ANALYZE and the measurements, so one run says how a page grows as the data
doubles. Every person has one participant record at their home office; one in ten has a second
record at another office (repeat participation: counted once nationally); one in ten holds two
certificates; one in a hundred had theirs revoked; a fifth of the certificates are of last year.

hadir-hq runs as ``hadir-hq serve`` (uvicorn, one worker) on 127.0.0.1, and a staff session logged
in through the form asks ``/dashboard/national`` and ``/dashboard/offices/{code}`` (null when
that route does not answer 200). The reference, in the same run: ``SELECT count(*)`` over the
certificates, and the nation's distinct people counted in one plain query.

Prints ONE JSON line; "pass" when the national page's p95 at 1M people is <= 500 ms (and each
office page's, where it answers). All in its own schema, dropped at the end.

    .venv/bin/python tests/perf/bench_hq_national.py [--people 1000000] [--requests 15]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sync.clock import utcnow  # noqa: E402
from sync.hq import admin  # noqa: E402
from sync.hq.db import make_engine, migrate, write_session  # noqa: E402
from sync.hq.settings import default_offices_csv  # noqa: E402
from sync.offices import load_offices  # noqa: E402

PG_URL = os.environ.get(
    "HADIR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
YEAR = 2026
TARGET_MS = 500.0
PASSWORD = "kata-sandi-bench-nasional"
OFFICES = list(load_offices(default_offices_csv()))
AT = datetime(YEAR, 1, 5, 1, 0, tzinfo=UTC).isoformat()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _copy(connection: Any, table: str, columns: list[str], rows: list[str]) -> None:
    buffer = "".join(rows).encode()
    with connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        view = memoryview(buffer)
        for offset in range(0, len(buffer), 1 << 20):
            copy.write(view[offset : offset + (1 << 20)])


EVENT_COLUMNS = "id office_code title theme venue starts_at ends_at timezone mode jp updated_at"
PERSON_COLUMNS = "id match_key created_at"
PARTICIPANT_COLUMNS = (
    "id person_id office_code full_name nip asn_status golongan jabatan unit_kerja instansi "
    "phone gender updated_at"
)
REGISTRATION_COLUMNS = "id event_id participant_id source desk_id created_at payload_hash"
CERTIFICATE_COLUMNS = (
    "id number event_id participant_id office_code desk_id printed_name issued_on mode key_id "
    "issued_at revoked_at revoked_reason issued_by template_id template_version revoked_by "
    "payload_hash"
)


def load_step(connection: Any, *, low: int, high: int, people: int, events: int) -> None:
    """People [low, high) of ``people``, with their share of the ``events``, by COPY."""
    first_event = events * low // people
    last_event = events * high // people
    by_office: dict[int, list[int]] = {}
    event_rows = []
    for number in range(first_event, last_event):
        office = number % len(OFFICES)
        by_office.setdefault(office, []).append(number)
        year = YEAR if (number // len(OFFICES)) % 5 else YEAR - 1
        start = datetime(year, 1 + number % 12, 1 + number % 28, 1, 0, tzinfo=UTC)
        mode = "daring" if number % 10 < 3 else "luring"
        event_rows.append(
            f"e{number:07d}\t{OFFICES[office]}\tPelatihan HAM {number}\tHAM\tAula\t"
            f"{start.isoformat()}\t{(start + timedelta(days=2)).isoformat()}\tAsia/Jakarta\t"
            f"{mode}\t20\t{AT}\n"
        )
    _copy(connection, "event", EVENT_COLUMNS.split(), event_rows)
    persons, participants, registrations, certificates = [], [], [], []

    def record(person: int, rid: str, office: int, pick: int, nip: str) -> None:
        participants.append(
            f"{rid}\tP{person:08d}\t{OFFICES[office]}\tPeserta {person}\t{nip}\tPNS\tIII/a\t"
            f"Analis\tBagian Umum\tInstansi {person % 3000}\t0812\tL\t{AT}\n"
        )
        own = by_office[office]
        for extra in range(2 if pick % 10 == 5 else 1):
            event = own[(pick + extra * 7) % len(own)]
            year = YEAR if (event // len(OFFICES)) % 5 else YEAR - 1
            issued = date(year, 1 + event % 12, 1 + event % 28) + timedelta(days=2)
            mode = "daring" if event % 10 < 3 else "luring"
            revoked = f"{AT}\tsalah cetak" if person % 100 == 3 else "\\N\t"
            cid = f"c{rid}{extra}"
            registrations.append(f"g{rid}{extra}\te{event:07d}\t{rid}\tdesk\tdesk\t{AT}\tx\n")
            certificates.append(
                f"{cid}\t{OFFICES[office]}-{cid}\te{event:07d}\t{rid}\t{OFFICES[office]}\tdesk\t"
                f"Peserta {person}\t{issued.isoformat()}\t{mode}\tk1\t{AT}\t{revoked}\tpetugas\t"
                f"default\t1\t\tx\n"
            )

    for person in range(low, high):
        nip = f"19860926{person:010d}"
        persons.append(f"P{person:08d}\tnip:{nip}\t{AT}\n")
        home = person % len(OFFICES)
        record(person, f"r{person:08d}", home, person * 7919, nip)
        if person % 10 == 0:  # a second record at another office: the same person, by NIP
            record(person, f"s{person:08d}", (home + 7) % len(OFFICES), person * 104729, nip)
    _copy(connection, "person", PERSON_COLUMNS.split(), persons)
    _copy(connection, "participant", PARTICIPANT_COLUMNS.split(), participants)
    _copy(connection, "registration", REGISTRATION_COLUMNS.split(), registrations)
    _copy(connection, "certificate", CERTIFICATE_COLUMNS.split(), certificates)
    # As autovacuum would after such a load, before the pages are asked.
    for table in ("event", "person", "participant", "registration", "certificate"):
        connection.execute(f"ANALYZE {table}")
    connection.execute("VACUUM ANALYZE trained_count")
    connection.execute("VACUUM ANALYZE trained_tally")
    # COPY writes no change log, which is what tells the kept coverage that the data changed
    # (every desk's record arrives through it): dropped here, so each step's first view of a page
    # computes its coverage again, as the first view after a sync does.
    connection.execute("DELETE FROM coverage_snapshot")


def _log_in(base: str) -> requests.Session:
    browser = requests.Session()
    form = browser.get(f"{base}/dashboard/login", timeout=10)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None, form.text
    answer = browser.post(
        f"{base}/dashboard/login",
        data={"username": "pusat", "password": PASSWORD, "csrf_token": token.group(1)},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 303, answer.text
    return browser


def _times(browser: requests.Session, url: str, repeat: int) -> tuple[float, list[float]] | None:
    """(the first answer, each answer after it) in milliseconds; None when the page does not
    answer 200. The first view after the data changed computes the coverage again
    (sync/hq/coverage.py ``kept``); the others read it: both are reported."""
    started = time.perf_counter()
    if browser.get(url, timeout=120).status_code != 200:
        return None
    first = (time.perf_counter() - started) * 1000
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = browser.get(url, timeout=120)
        found.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (url, answer.status_code)
    return first, found


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1)


def _reference(connection: Any) -> dict[str, float]:
    def timed(sql: str) -> float:
        started = time.perf_counter()
        connection.execute(sql).fetchall()
        return round((time.perf_counter() - started) * 1000, 1)

    return {
        "count_certificates_ms": timed("SELECT count(*) FROM certificate"),
        "distinct_people_query_ms": timed(
            "SELECT count(DISTINCT p.person_id) FROM certificate c JOIN participant p "
            f"ON p.id = c.participant_id WHERE c.revoked_at IS NULL AND c.issued_on >= "
            f"'{YEAR}-01-01' AND c.issued_on < '{YEAR + 1}-01-01'"
        ),
    }


def measure(browser: requests.Session, base: str, repeat: int) -> dict[str, Any]:
    national = _times(browser, f"{base}/dashboard/national?year={YEAR}", repeat)
    first, page = national if national is not None else (0.0, [])
    offices: list[float] = []
    office_first: list[float] = []
    answered = True
    for code in OFFICES:
        found = _times(browser, f"{base}/dashboard/offices/{code}?year={YEAR}", max(2, repeat // 5))
        if found is None:
            answered = False
            break
        office_first.append(found[0])
        offices += found[1]
    return {
        "national_first_ms": round(first, 1),
        "national_p50_ms": round(statistics.median(page), 1),
        "national_p95_ms": _p95(page),
        "office_first_p95_ms": _p95(office_first) if answered else None,
        "office_p50_ms": round(statistics.median(offices), 1) if answered else None,
        "office_p95_ms": _p95(offices) if answered else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=30, help="per page and size")
    parser.add_argument(
        "--keep", action="store_true", help="keep the schema (to EXPLAIN the pages' queries)"
    )
    args = parser.parse_args()
    import psycopg

    schema = f"bench_national_{uuid.uuid4().hex[:10]}"
    admin_engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = (
        make_url(PG_URL)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    conninfo = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    server: subprocess.Popen[bytes] | None = None
    result: dict[str, Any] = {
        "benchmark": "hq_national_page_postgresql",
        "target_p95_ms": TARGET_MS,
    }
    started = time.perf_counter()
    try:
        engine = make_engine(url)
        migrate(engine)
        with write_session(engine) as session:
            admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
        engine.dispose()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "sync.hq.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, "HADIR_HQ_DATABASE_URL": url, "HADIR_HQ_LOGIN_BURST": "1000"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(600):
            try:
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        browser = _log_in(base)
        steps: list[dict[str, Any]] = []
        low = 0
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'SET search_path TO "{schema}"')
            for high in (args.people // 4, args.people // 2, args.people):
                load_started = time.perf_counter()
                load_step(connection, low=low, high=high, people=args.people, events=args.events)
                low = high
                rows = connection.execute("SELECT count(*) FROM certificate").fetchone()
                steps.append(
                    {
                        "people": high,
                        "certificates": int(rows[0]) if rows else 0,
                        "load_s": round(time.perf_counter() - load_started, 1),
                        **measure(browser, base, args.requests),
                        **_reference(connection),
                    }
                )
        last = steps[-1]

        def ratio(key: str) -> list[float | None]:
            return [
                round(b[key] / a[key], 2) if a[key] and b[key] else None
                for a, b in itertools.pairwise(steps)
            ]

        result.update(
            people=last["people"],
            offices=len(OFFICES),
            events=args.events,
            certificates=last["certificates"],
            national_p95_ms=last["national_p95_ms"],
            office_p95_ms=last["office_p95_ms"],
            # The first view after the data changed (coverage computed again), not in the p95.
            national_first_ms=last["national_first_ms"],
            office_first_p95_ms=last["office_first_p95_ms"],
            national_ratio_per_doubling=ratio("national_p50_ms"),
            office_ratio_per_doubling=ratio("office_p50_ms") if last["office_p50_ms"] else None,
            reference_count_certificates_ms=last["count_certificates_ms"],
            reference_distinct_people_query_ms=last["distinct_people_query_ms"],
            steps=steps,
            seconds=round(time.perf_counter() - started, 1),
            **{
                "pass": last["national_p95_ms"] <= TARGET_MS
                and (last["office_p95_ms"] is None or last["office_p95_ms"] <= TARGET_MS)
            },
        )
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.keep:
            result["kept_schema"] = schema
        else:
            with admin_engine.connect() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin_engine.dispose()
    print(json.dumps(result))
    return 0 if result.get("pass") else 1


if __name__ == "__main__":
    sys.exit(main())
