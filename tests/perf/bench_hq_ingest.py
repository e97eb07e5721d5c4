"""Benchmark: 20 desks push 1,000,000 check-ins at once through HTTP into HQ on PostgreSQL.

Prints ONE JSON line: the sustained rate (target >= 10,000 records/s on a 2-core machine), whether
exactly 1,000,000 were stored, and the ratio to a plain ``COPY`` of the same rows into the same
database, measured in the same run (target >= 0.4, issue 20); ``pass`` when all three hold.

What is timed: from the moment all desk processes start pushing (their gzip batches are built
beforehand, as a desk's outbox would have them) until the last acknowledgement. HQ runs as
``hadir-hq serve --workers 2`` in a schema of its own in the test database, dropped afterwards.

    .venv/bin/python tests/perf/bench_hq_ingest.py [--total 1000000] [--desks 20] [--batch 1000]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sync.clock import utcnow  # noqa: E402
from sync.hq.db import make_engine, migrate, write_session  # noqa: E402
from sync.hq.enrollment import create_enrollment_code  # noqa: E402
from sync.hq.settings import default_offices_csv  # noqa: E402
from sync.offices import load_offices  # noqa: E402
from sync.protocol import COMPACT_ANSWER_HEADER  # noqa: E402
from sync.seal_format import b64encode, key_id_for, raw_public_key  # noqa: E402

PG_URL = os.environ.get(
    "HADIR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
T0 = datetime(2026, 3, 12, 1, 0, tzinfo=UTC)
PEOPLE_PER_DESK = 2500
TARGET_RATIO_TO_COPY = 0.4  # issue 20: HQ's ingest at >= 0.4 of a plain COPY, same run


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _enroll(url: str, code: str, name: str) -> dict[str, str]:
    from sync.ed25519 import PrivateKey as Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    response = requests.post(
        f"{url}/api/v1/enroll",
        json={
            "code": code,
            "desk_name": name,
            "desk_id": str(uuid.uuid4()),
            "key_id": key_id_for(key.public_key()),
            "public_key": b64encode(raw_public_key(key.public_key())),
        },
        timeout=30,
    )
    response.raise_for_status()
    return dict(response.json())


def _body(items: list[dict[str, Any]]) -> bytes:
    document = {
        "protocol": 1,
        "desk_time": datetime.now(UTC).isoformat(),
        "pending": 0,
        "items": items,
    }
    return gzip.compress(json.dumps(document).encode(), compresslevel=6)


def _setup_items(office: str, event_id: str, people: list[str]) -> list[dict[str, Any]]:
    event = {
        "kind": "event",
        "id": event_id,
        "office_code": office,
        "title": f"Penguatan Kapasitas HAM {office}",
        "theme": "HAM",
        "venue": office,
        "starts_at": T0.isoformat(),
        "ends_at": (T0 + timedelta(days=20)).isoformat(),
        "timezone": "Asia/Jakarta",
        "mode": "luring",
        "jp": 20,
        "updated_at": T0.isoformat(),
    }
    items = [{"id": str(uuid.uuid4()), "kind": "event", "payload": event}]
    for n, person in enumerate(people):
        payload = {
            "kind": "participant",
            "id": person,
            "full_name": f"Peserta {office} {n}",
            "nip": None,
            "nik": None,
            "asn_status": "PNS",
            "golongan": "III/a",
            "jabatan": "Analis",
            "unit_kerja": "Umum",
            "instansi": f"Pemda {office}",
            "email": f"p{n}.{office.lower()}@example.go.id",
            "phone": "",
            "birth_date": None,
            "gender": None,
            "updated_at": T0.isoformat(),
        }
        items.append({"id": str(uuid.uuid4()), "kind": "participant", "payload": payload})
    return items


def _desk(
    index: int,
    url: str,
    token: str,
    event_id: str,
    people: list[str],
    count: int,
    batch: int,
    barrier: Any,
    deadline_box: Any,
    results: Any,
) -> None:
    """One desk process: build its gzip batches, wait for the start, push them in order."""
    rng = random.Random(index)
    bodies = []
    for start in range(0, count, batch):
        items = []
        for n in range(start, min(count, start + batch)):
            person = people[n % len(people)]
            day = n // len(people) + 1
            payload = {
                "kind": "checkin",
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "event_id": event_id,
                "participant_id": person,
                "day": day,
                "at": (T0 + timedelta(days=day - 1, seconds=rng.randrange(3600))).isoformat(),
                "desk_id": f"desk-{index}",
                "desk_name": f"Meja {index + 1}",
                "operator": "operator",
                "method": "scan",
                "undoes_id": None,
            }
            items.append(
                {
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "kind": "checkin",
                    "payload": payload,
                }
            )
        bodies.append(_body(items))
    sent_bytes = sum(len(b) for b in bodies)
    latencies: list[float] = []
    acknowledged = 0
    errors: list[str] = []
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Encoding": "gzip",
        "Content-Type": "application/json",
        # As a desk of this version asks (sync/protocol.py CompactPushResponse): the answer names
        # the batch's runs of positions instead of every id twice.
        COMPACT_ANSWER_HEADER: "1",
    }
    barrier.wait()
    with requests.Session() as http:
        for body in bodies:
            if time.time() > deadline_box.value:
                errors.append("time limit reached")
                break
            started = time.perf_counter()
            for attempt in range(5):  # the outbox's own retry: a whole idempotent batch again
                try:
                    response = http.post(
                        f"{url}/api/v1/push", data=body, headers=headers, timeout=300
                    )
                except requests.RequestException as error:
                    errors.append(type(error).__name__)
                    time.sleep(0.5 * (attempt + 1))
                    continue
                if response.status_code == 200:
                    answer = response.json()
                    acknowledged += sum(count for _, count in answer["stored"]) + sum(
                        count for _, count in answer["already_stored"]
                    )
                    break
                errors.append(f"HTTP {response.status_code}")
                time.sleep(0.5 * (attempt + 1))
            latencies.append(time.perf_counter() - started)
    results.put(
        {
            "acknowledged": acknowledged,
            "latencies": latencies,
            "errors": errors,
            "bytes": sent_bytes,
        }
    )


def stop_and_drop(server: subprocess.Popen[bytes] | None, admin: Any, schema: str) -> None:
    """Stop the HQ process and drop the benchmark's schema (shared with bench_hq_load.py)."""
    if server is not None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def _copy_rate(engine_url: str, schema: str, limit: int) -> tuple[float, int]:
    """COPY the stored check-in rows into a fresh table of the same shape, timed."""
    import psycopg

    conninfo = (
        make_url(engine_url).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'SET search_path TO "{schema}"')
        buffer = io.BytesIO()
        with connection.cursor().copy(
            f"COPY (SELECT * FROM checkin LIMIT {limit}) TO STDOUT"
        ) as copy:
            for data in copy:
                buffer.write(data)
        connection.execute("CREATE TABLE copy_checkin (LIKE checkin INCLUDING ALL)")
        payload = buffer.getvalue()
        started = time.perf_counter()
        with (
            connection.transaction(),
            connection.cursor().copy("COPY copy_checkin FROM STDIN") as copy,
        ):
            for offset in range(0, len(payload), 1 << 20):
                copy.write(payload[offset : offset + (1 << 20)])
        elapsed = time.perf_counter() - started
        rows = connection.execute("SELECT COUNT(*) FROM copy_checkin").fetchone()
    return elapsed, int(rows[0]) if rows else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--total", type=int, default=1_000_000)
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--time-limit", type=float, default=900.0, help="seconds for the timed part"
    )
    args = parser.parse_args()

    schema = f"bench_hq_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = (
        make_url(PG_URL)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    server: subprocess.Popen[bytes] | None = None
    result: dict[str, Any] = {
        "benchmark": "hq_ingest_http_postgresql",
        "target_records_per_second": 10_000,
    }
    try:
        engine = make_engine(url)
        migrate(engine)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync.hq.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
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
        offices = list(load_offices(default_offices_csv()))
        desks = []
        for index in range(args.desks):
            office = offices[index % len(offices)]
            with write_session(engine) as session:
                code = create_enrollment_code(
                    session=session,
                    office_code=office,
                    offices=load_offices(default_offices_csv()),
                    now=utcnow(),
                    valid_for=timedelta(hours=1),
                )
            enrolled = _enroll(base, code, f"Meja {index + 1}")
            event_id = str(uuid.uuid4())
            people = [str(uuid.uuid4()) for _ in range(PEOPLE_PER_DESK)]
            desks.append((office, enrolled["token"], event_id, people))

        setup_started = time.perf_counter()
        for office, token, event_id, people in desks:
            items = _setup_items(office, event_id, people)
            for start in range(0, len(items), args.batch):
                response = requests.post(
                    f"{base}/api/v1/push",
                    data=_body(items[start : start + args.batch]),
                    headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
                    timeout=300,
                )
                response.raise_for_status()
        setup_seconds = time.perf_counter() - setup_started

        shares = [
            args.total // args.desks + (1 if i < args.total % args.desks else 0)
            for i in range(args.desks)
        ]
        context = multiprocessing.get_context("fork")
        barrier = context.Barrier(args.desks + 1)
        deadline = context.Value("d", float("inf"))
        queue = context.Queue()
        processes = [
            context.Process(
                target=_desk,
                args=(
                    i,
                    base,
                    token,
                    event_id,
                    people,
                    shares[i],
                    args.batch,
                    barrier,
                    deadline,
                    queue,
                ),
            )
            for i, (_office, token, event_id, people) in enumerate(desks)
        ]
        for process in processes:
            process.start()
        barrier.wait(timeout=600)  # every desk has its batches ready
        started = time.perf_counter()
        deadline.value = time.time() + args.time_limit
        for process in processes:
            process.join(timeout=args.time_limit + 600)
        elapsed = time.perf_counter() - started
        outcomes = []
        while not queue.empty() or len(outcomes) < len(processes):
            try:
                outcomes.append(queue.get(timeout=10))
            except Exception:
                break
        if len(outcomes) != len(processes):
            codes = [process.exitcode for process in processes]
            raise RuntimeError(
                f"{len(processes) - len(outcomes)} desk processes gave no result; exit codes "
                f"{codes}"
            )

        with engine.connect() as connection:
            stored = connection.execute(text("SELECT COUNT(*) FROM checkin")).scalar_one()
            logged = connection.execute(
                text("SELECT COUNT(*) FROM change WHERE kind = 'checkin'")
            ).scalar_one()
        engine.dispose()
        acknowledged = sum(o["acknowledged"] for o in outcomes)
        latencies = sorted(latency for o in outcomes for latency in o["latencies"])
        errors = [e for o in outcomes for e in o["errors"]]
        rate = stored / elapsed if elapsed else 0.0
        copy_seconds, copied = _copy_rate(url, schema, args.total)
        copy_rate = copied / copy_seconds if copy_seconds else 0.0
        result.update(
            {
                "checkins": args.total,
                "desks": args.desks,
                "batch": args.batch,
                "uvicorn_workers": args.workers,
                "cpu_count": os.cpu_count(),
                "seconds": round(elapsed, 2),
                "records_per_second": round(rate),
                "stored": int(stored),
                "change_log_rows": int(logged),
                "acknowledged": acknowledged,
                "exactly_once": int(stored) == args.total == int(logged) == acknowledged,
                "batch_p50_ms": round(1000 * latencies[len(latencies) // 2]) if latencies else None,
                "batch_p95_ms": round(1000 * latencies[int(len(latencies) * 0.95)])
                if latencies
                else None,
                "request_errors_retried": len(errors),
                "wire_bytes_per_record": round(
                    sum(o["bytes"] for o in outcomes) / max(1, args.total), 1
                ),
                "setup_events_participants_seconds": round(setup_seconds, 2),
                "copy_seconds": round(copy_seconds, 2),
                "copy_records_per_second": round(copy_rate),
                "ratio_to_copy": round(rate / copy_rate, 3) if copy_rate else None,
            }
        )
        result["target_ratio_to_copy"] = TARGET_RATIO_TO_COPY
        result["pass"] = bool(
            result["exactly_once"]
            and rate >= 10_000
            and copy_rate
            and rate / copy_rate >= TARGET_RATIO_TO_COPY
        )
    finally:
        stop_and_drop(server, admin, schema)
    print(json.dumps(result))
    return 0 if result.get("pass") else 1


if __name__ == "__main__":
    sys.exit(main())
