"""Load: HQ with several workers on PostgreSQL under 20 desks syncing at once plus public
verification-page traffic, for ten minutes (issue 9, item 7).

Each desk pushes small batches of check-ins (as a venue does all day) and pulls every few pushes;
two visitors open certificates' verification pages. At the end HQ must hold exactly what the desks
made (every check-in once) and every valid certificate must have verified as valid. Prints ONE
JSON line with the counts and the p50/p95/max latencies.

    .venv/bin/python tests/perf/bench_hq_load.py [--seconds 600] [--desks 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
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
from sync.ed25519 import PrivateKey  # noqa: E402
from sync.hq.db import make_engine, migrate, write_session  # noqa: E402
from sync.hq.enrollment import create_enrollment_code  # noqa: E402
from sync.hq.settings import default_offices_csv  # noqa: E402
from sync.offices import load_offices  # noqa: E402
from sync.seal_format import SealPayload, b64encode, key_id_for, name_digest, raw_public_key, seal  # noqa: E402
from tests.perf.bench_hq_ingest import (  # noqa: E402
    PG_URL,
    T0,
    _body,
    _free_port,
    _setup_items,
    stop_and_drop,
)

PEOPLE = 300
CERTIFICATES_PER_DESK = 20


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def _desk(
    index: int,
    base: str,
    token: str,
    event_id: str,
    people: list[str],
    seconds: float,
    results: Any,
) -> None:
    rng = random.Random(index)
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Encoding": "gzip",
        "Content-Type": "application/json",
    }
    made: set[str] = set()
    acknowledged: set[str] = set()
    push_latency: list[float] = []
    pull_latency: list[float] = []
    errors: list[str] = []
    cursor = 0
    deadline = time.monotonic() + seconds
    pushes = 0
    with requests.Session() as http:
        while time.monotonic() < deadline:
            items = []
            for _ in range(rng.randint(5, 60)):  # a few seconds of a queue at a busy desk
                change = str(uuid.uuid4())
                items.append(
                    {
                        "id": change,
                        "kind": "checkin",
                        "payload": {
                            "kind": "checkin",
                            "id": str(uuid.uuid4()),
                            "event_id": event_id,
                            "participant_id": rng.choice(people),
                            "day": 1 + rng.randrange(20),
                            "at": (T0 + timedelta(seconds=rng.randrange(86_400))).isoformat(),
                            "desk_id": f"desk-{index}",
                            "desk_name": f"Meja {index + 1}",
                            "operator": "petugas",
                            "method": "scan",
                            "undoes_id": None,
                        },
                    }
                )
                made.add(change)
            body = _body(items)
            for attempt in range(6):  # the outbox's own retry of an idempotent batch
                started = time.perf_counter()
                try:
                    response = http.post(
                        f"{base}/api/v1/push", data=body, headers=headers, timeout=120
                    )
                except requests.RequestException as error:
                    errors.append(type(error).__name__)
                    time.sleep(0.5 * (attempt + 1))
                    continue
                push_latency.append(time.perf_counter() - started)
                if response.status_code == 200:
                    acknowledged.update(response.json()["acknowledged"])
                    break
                errors.append(f"HTTP {response.status_code}")
                time.sleep(0.5 * (attempt + 1))
            pushes += 1
            if pushes % 5 == 0:
                started = time.perf_counter()
                page = http.get(
                    f"{base}/api/v1/pull",
                    params={"cursor": cursor, "limit": 500},
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=120,
                )
                pull_latency.append(time.perf_counter() - started)
                if page.status_code == 200:
                    cursor = page.json()["next_cursor"]
            time.sleep(rng.uniform(0.2, 1.0))
    results.put(
        {
            "made": len(made),
            "acknowledged": len(acknowledged & made),
            "push": push_latency,
            "pull": pull_latency,
            "errors": errors,
        }
    )


def _visitor(base: str, tokens: list[str], seconds: float, results: Any) -> None:
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    deadline = time.monotonic() + seconds
    rng = random.Random(99)
    with requests.Session() as http:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            response = http.get(f"{base}/v/{rng.choice(tokens)}", timeout=60)
            latencies.append(time.perf_counter() - started)
            state = 'data-status="valid"' in response.text and "valid"
            key = f"{response.status_code}-{state or 'not-valid'}"
            outcomes[key] = outcomes.get(key, 0) + 1
            time.sleep(0.05)
    results.put({"verify": latencies, "outcomes": outcomes})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--visitors", type=int, default=2)
    args = parser.parse_args()

    schema = f"bench_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = (
        make_url(PG_URL)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    server = None
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
            env={
                **os.environ,
                "HADIR_HQ_DATABASE_URL": url,
                "HADIR_HQ_LOGIN_BURST": "1000",
                # All visitors come from 127.0.0.1 here; the per-address limit is for the internet.
                "HADIR_HQ_VERIFY_BURST": "100000",
                "HADIR_HQ_VERIFY_RATE_PER_MINUTE": "1000000",
            },
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
        desks, tokens = [], []
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
            key = PrivateKey.generate()
            enrolled = requests.post(
                f"{base}/api/v1/enroll",
                timeout=30,
                json={
                    "code": code,
                    "desk_name": f"Meja {index + 1}",
                    "desk_id": str(uuid.uuid4()),
                    "key_id": key_id_for(key.public_key()),
                    "public_key": b64encode(raw_public_key(key.public_key())),
                },
            ).json()
            event_id, people = str(uuid.uuid4()), [str(uuid.uuid4()) for _ in range(PEOPLE)]
            items = _setup_items(office, event_id, people)
            for n, person in enumerate(people[:CERTIFICATES_PER_DESK]):
                number, printed = f"{n + 1:04d}/{office}/XI/2026", f"Peserta {office} {n}"
                items.append(
                    {
                        "id": str(uuid.uuid4()),
                        "kind": "certificate",
                        "payload": {
                            "kind": "certificate",
                            "id": str(uuid.uuid4()),
                            "number": number,
                            "event_id": event_id,
                            "participant_id": person,
                            "office_code": office,
                            "desk_id": "d",
                            "printed_name": printed,
                            "issued_on": "2026-11-24",
                            "mode": "luring",
                            "key_id": key_id_for(key.public_key()),
                            "issued_at": datetime.now(UTC).isoformat(),
                            "issued_by": "admin",
                            "template_id": "sertifikat-standar",
                            "template_version": 1,
                        },
                    }
                )
                tokens.append(
                    seal(
                        SealPayload(
                            number=number,
                            participant_id=person,
                            event_id=event_id,
                            name_digest=name_digest(printed),
                            issued_on=date(2026, 11, 24),
                            mode="luring",
                        ),
                        key,
                    )
                )
            answer = requests.post(
                f"{base}/api/v1/push",
                data=_body(items),
                timeout=300,
                headers={
                    "Authorization": f"Bearer {enrolled['token']}",
                    "Content-Encoding": "gzip",
                },
            )
            answer.raise_for_status()
            assert len(answer.json()["acknowledged"]) == len(items), answer.text[:500]
            desks.append((enrolled["token"], event_id, people))

        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        processes = [
            context.Process(
                target=_desk, args=(i, base, token, event_id, people, args.seconds, queue)
            )
            for i, (token, event_id, people) in enumerate(desks)
        ]
        processes += [
            context.Process(target=_visitor, args=(base, tokens, args.seconds, queue))
            for _ in range(args.visitors)
        ]
        started = time.perf_counter()
        for process in processes:
            process.start()
        outcomes = [queue.get(timeout=args.seconds + 900) for _ in processes]
        for process in processes:
            process.join(timeout=60)
        elapsed = time.perf_counter() - started
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT COUNT(*) FROM checkin")).scalar_one()
        engine.dispose()
        desk_results = [o for o in outcomes if "made" in o]
        visits = [o for o in outcomes if "verify" in o]
        made = sum(o["made"] for o in desk_results)
        acknowledged = sum(o["acknowledged"] for o in desk_results)
        verify_outcomes: dict[str, int] = {}
        for v in visits:
            for k, n in v["outcomes"].items():
                verify_outcomes[k] = verify_outcomes.get(k, 0) + n
        result = {
            "bench": "hq_load",
            "seconds": round(elapsed, 1),
            "desks": args.desks,
            "workers": args.workers,
            "checkins_made": made,
            "checkins_acknowledged": acknowledged,
            "checkins_stored": stored,
            "exact": made == acknowledged == stored,
            "push": _percentiles([x for o in desk_results for x in o["push"]]),
            "pull": _percentiles([x for o in desk_results for x in o["pull"]]),
            "verify": _percentiles([x for v in visits for x in v["verify"]]),
            "verify_outcomes": verify_outcomes,
            "errors": sum(len(o["errors"]) for o in desk_results),
        }
        result["pass"] = bool(result["exact"]) and set(verify_outcomes) == {"200-valid"}
        print(json.dumps(result))
        return 0 if result["pass"] else 1
    finally:
        stop_and_drop(server, admin, schema)


if __name__ == "__main__":
    raise SystemExit(main())
