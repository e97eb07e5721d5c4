"""Kill the desk with SIGKILL at random moments during check-ins, imports and certificate batches,
many times; after each restart every confirmed action is there exactly once and the database passes
integrity_check (issue 9, item 1; sync's own kill tests live in tests/sync)."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import text

from desktop.core.backup import check_file
from desktop.core.db import Database
from desktop.core.demo import create_demo, make_people
from desktop.core.desk import desk_identity
from tests.desktop.helpers import make_event
from tests.perf.bench_desk_core import write_csv
from tests.reliability.conftest import kills

WORKER = Path(__file__).with_name("crash_worker.py")


def run_and_kill(args: list[str], *, rng: random.Random, max_delay: float) -> list[str]:
    """Start a worker, let it work for a random moment after it is ready, SIGKILL it, and return
    the lines it printed (each one an action it had committed)."""
    process = subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip() == "ready":
                ready.set()
            else:
                lines.append(line.strip())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert ready.wait(60), process.stderr.read() if process.poll() is not None else "no ready"
    time.sleep(rng.uniform(0.0, max_delay))
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    reader.join(10)
    return list(lines)


def scalar(db: Database, sql: str) -> int:
    with db.session() as session:
        return int(session.connection().execute(text(sql)).scalar_one())


def test_sigkill_during_checkins(data_dir, record_figure):
    rng = random.Random(1)
    db = Database(data_dir)
    with db.write() as session:
        event = create_demo(
            session=session, desk=desk_identity(session=session), participants=6000, attended=0
        ).event_id
    db.close()
    rounds, confirmed = kills(8), set()
    for _ in range(rounds):
        for line in run_and_kill(["checkins", str(data_dir), event], rng=rng, max_delay=0.8):
            status, _person, checkin_id = line.split()
            if status == "checked_in":
                confirmed.add(checkin_id)
        assert check_file(data_dir / "hadir.db", key=db.key, quick=False) is None
    db = Database(data_dir)
    try:
        stored = {r[0] for r in db.engine.connect().execute(text("SELECT id FROM checkin"))}
        assert confirmed <= stored  # nothing confirmed was lost
        # nobody has two check-ins: a kill between commit and print is not repeated on restart
        assert (
            scalar(
                db,
                "SELECT COUNT(*) FROM (SELECT participant_id FROM checkin "
                "GROUP BY participant_id HAVING COUNT(*) > 1)",
            )
            == 0
        )
        assert len(stored) - len(confirmed) <= rounds  # at most one unconfirmed commit per kill
    finally:
        db.close()
    record_figure(
        "crash.checkins",
        kills=rounds,
        confirmed=len(confirmed),
        stored=len(stored),
        lost=0,
        doubled=0,
        integrity="ok",
    )


def fresh_copy(template: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(template, target)
    return target


def test_sigkill_during_imports(tmp_path, record_figure):
    """Each round starts from the same desk (an event, no one imported) and is killed at a random
    moment of a 20,000-row import: the file's people are all there, or none."""
    rng = random.Random(2)
    template = tmp_path / "template"
    db = Database(template)
    event = make_event(db)
    db.close()
    source = tmp_path / "peserta.csv"
    write_csv(source, make_people(20_000, office_code="SULTENG", seed=5))
    rounds, outcomes = kills(3), []
    for n in range(rounds):
        data_dir = fresh_copy(template, tmp_path / f"round{n}")
        run_and_kill(["import", str(data_dir), event, str(source)], rng=rng, max_delay=3.0)
        assert check_file(data_dir / "hadir.db", key=db.key, quick=False) is None
        db = Database(data_dir)
        try:
            people = scalar(db, "SELECT COUNT(*) FROM participant")
            registered = scalar(db, "SELECT COUNT(*) FROM registration")
            queued = scalar(db, "SELECT COUNT(*) FROM outbox WHERE kind != 'event'")
        finally:
            db.close()
        assert people in (0, 20_000) and registered == people  # all or nothing, never half
        assert queued == 2 * people  # and the outbox with them
        outcomes.append(people)
    record_figure(
        "crash.imports",
        kills=rounds,
        rows=20_000,
        half_written=0,
        killed_mid_import=sum(1 for o in outcomes if not o),
        killed_after=sum(1 for o in outcomes if o),
        integrity="ok",
    )


def test_sigkill_during_certificate_batches(tmp_path, record_figure):
    """Each round starts from a desk with 300 qualifying people and no certificates; the worker
    issues, renders and reprints in a loop until it is killed."""
    rng = random.Random(3)
    template = tmp_path / "template"
    db = Database(template)
    with db.write() as session:
        event = create_demo(
            session=session, desk=desk_identity(session=session), participants=300, attended=300
        ).event_id
    db.close()
    rounds, states = kills(6), []
    for n in range(rounds):
        data_dir = fresh_copy(template, tmp_path / f"round{n}")
        out = data_dir / "sertifikat.pdf"
        lines = run_and_kill(
            ["certificates", str(data_dir), event, str(out)], rng=rng, max_delay=2.5
        )
        assert check_file(data_dir / "hadir.db", key=db.key, quick=False) is None
        db = Database(data_dir)
        try:
            issued = scalar(db, "SELECT COUNT(*) FROM certificate")
            distinct = scalar(db, "SELECT COUNT(DISTINCT number) FROM certificate")
        finally:
            db.close()
        assert issued in (0, 300) and distinct == issued  # issued all at once, numbers unique
        if lines:  # a batch was confirmed: its certificates exist
            assert issued == 300
        if out.exists():  # the PDF is only ever complete: written aside, then renamed
            assert len(PdfReader(out).pages) == 300
        states.append("none" if not issued else "issued" if not out.exists() else "rendered")
    record_figure(
        "crash.certificates",
        kills=rounds,
        certificates=300,
        half_pdfs=0,
        duplicate_numbers=0,
        states=states,
        integrity="ok",
    )
