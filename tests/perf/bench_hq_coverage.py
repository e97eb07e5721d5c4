"""Coverage by instansi (sync/hq/coverage.py) against the national count it stands beside, on
PostgreSQL: N participant records (15% the same person again), 1.2 N certificates of 2026 in 20
offices, 2,800 spellings of agencies, a list of 1,000 agencies. Coverage reads the certificates
twice (agencies by office, people by province), so it should cost a small multiple of one
``people_trained`` pass measured in the same run, not grow with the number of names: it passes
at <= 4 x that pass. Prints ONE JSON line (medians of 7 runs, milliseconds).

    .venv/bin/python tests/perf/bench_hq_coverage.py [--people 100000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sync.hq import coverage, national  # noqa: E402
from sync.hq.db import make_engine, migrate  # noqa: E402
from sync.hq.settings import default_offices_csv  # noqa: E402
from sync.offices import load_offices  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
RATIO_LIMIT = 4.0


def _load(engine: Any, codes: list[str], people: int) -> None:
    events = max(20, people // 200)
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO event (id, office_code, title, theme, venue, starts_at, ends_at,"
                " timezone, mode, jp, updated_at)"
                " SELECT 'e'||g, (CAST(:codes AS text[]))[1 + g % 20], 't', 'HAM', 'v',"
                " timestamptz '2026-01-05' + (g % 330) * interval '1 day',"
                " timestamptz '2026-01-06' + (g % 330) * interval '1 day', 'Asia/Jakarta',"
                " 'luring', 20, now() FROM generate_series(1, :events) g"
            ),
            {"codes": codes, "events": events},
        )
        c.execute(
            text(
                "INSERT INTO participant (id, person_id, office_code, full_name, asn_status,"
                " golongan, jabatan, unit_kerja, instansi, phone, updated_at)"
                " SELECT 'p'||g, 'h'||(g % :persons), (CAST(:codes AS text[]))[1 + g % 20], 'n',"
                " 'PNS', 'III/a', 'j', 'u', CASE g % 3 WHEN 0 THEN 'Pemkot Kota ' || (g % 700)"
                " WHEN 1 THEN 'PEMERINTAH KOTA KOTA ' || (g % 700)"
                " ELSE 'Instansi ' || (g % 1400) || '.' END, '0812', now()"
                " FROM generate_series(1, :n) g"
            ),
            {"codes": codes, "n": people, "persons": int(people * 0.85)},
        )
        c.execute(
            text(
                "INSERT INTO certificate (id, number, event_id, participant_id, office_code,"
                " desk_id, printed_name, issued_on, mode, key_id, issued_at, revoked_reason,"
                " issued_by, template_id, template_version, revoked_by, payload_hash)"
                " SELECT 'c'||g, 'no'||g, 'e'||(1 + g % :events), 'p'||(1 + g % :n),"
                " (CAST(:codes AS text[]))[1 + g % 20], 'd', 'n', date '2026-01-05' + (g % 330),"
                " CASE WHEN g % 4 = 0 THEN 'daring' ELSE 'luring' END, 'k', now(), '', '', '',"
                " 1, '', '' FROM generate_series(1, :certificates) g"
            ),
            {"codes": codes, "n": people, "certificates": int(people * 1.2), "events": events},
        )
        # A made-up list (not real ASN figures): half the city governments, in Aceh.
        c.execute(
            text(
                "INSERT INTO agency (name, name_key, province, office_code, asn, imported_at)"
                " SELECT 'Pemerintah Kota Kota ' || g, 'pemerintah kota kota ' || g, 'Aceh',"
                " 'ACEH', 1000 + g, now() FROM generate_series(1, 350) g"
                " UNION ALL SELECT 'Instansi ' || g, 'instansi ' || g, '', NULL, 500 + g, now()"
                " FROM generate_series(1, 650) g"
            )
        )
        c.execute(text("ANALYZE"))


def _median_ms(engine: Any, run: Callable[[Session], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        with Session(engine) as session:
            start = time.perf_counter()
            run(session)
            times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    schema = f"hq_bench_coverage_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        options = f"-csearch_path={schema} -cstatement_timeout=120000"
        engine = make_engine(str(make_url(PG).update_query_dict({"options": options})))
        migrate(engine)
        offices = load_offices(default_offices_csv())
        _load(engine, list(offices), args.people)
        reference = _median_ms(engine, lambda s: national.people_trained(session=s, year=2026))
        nation = _median_ms(
            engine, lambda s: coverage.coverage(session=s, year=2026, offices=offices)
        )
        office = _median_ms(
            engine,
            lambda s: coverage.coverage(session=s, year=2026, offices=offices, office="ACEH"),
        )
        engine.dispose()
    finally:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    ratio = nation / reference if reference else 0.0
    print(
        json.dumps(
            {
                "bench": "hq_coverage",
                "participants": args.people,
                "certificates": int(args.people * 1.2),
                "coverage_national_ms": nation,
                "coverage_office_ms": office,
                "people_trained_ms_reference": reference,
                "ratio": round(ratio, 2),
                "limit_ratio": RATIO_LIMIT,
                "pass": ratio <= RATIO_LIMIT,
            }
        )
    )
    return 0 if ratio <= RATIO_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
