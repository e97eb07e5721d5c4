"""Sync test helpers: a real HQ process on 127.0.0.1, desks made with the desk's own services, and
the comparison every fault test ends with: HQ holds exactly what the desks made."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import Engine

from desktop.core import attendance, registry
from desktop.core.db import Database
from desktop.core.desk import DeskIdentity, desk_identity, set_setting
from desktop.core.sync.enrollment import enroll
from desktop.core.sync.run import SyncReport, run_sync
from desktop.core.sync.settings import Keys
from desktop.core.sync.status import set_aside, sync_status
from sync.desk import outbox

ROOT = Path(__file__).resolve().parents[2]
OFFICE = "SULTENG"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class HqProcess:
    """``hadir-hq serve`` in a subprocess with its own SQLite file: the real server, restartable."""

    database: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    _engine: Engine | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database}"

    def start(self, *, timeout: float = 60.0) -> None:
        # Many desks enroll from one address in these tests: HQ's per-address limit on enrollment
        # (against guessing codes) is raised, as tests/hq does for its own limits.
        env = {
            **os.environ,
            "HADIR_HQ_DATABASE_URL": self.database_url,
            "HADIR_HQ_LOGIN_BURST": "1000",
            "HADIR_HQ_LOGIN_RATE_PER_MINUTE": "6000",
        }
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            env.pop(name, None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync.hq.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"hadir-hq serve exited with {self.process.returncode}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("hadir-hq serve did not answer /healthz in time")

    def kill(self) -> None:
        """SIGKILL: HQ dies mid-whatever, as a crashed server or a pulled plug."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=15)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from sync.hq.db import make_engine

            self._engine = make_engine(self.database_url)
        return self._engine

    def enrollment_code(self, office: str = OFFICE) -> str:
        from sync.clock import utcnow
        from sync.hq.db import write_session
        from sync.hq.enrollment import create_enrollment_code
        from sync.hq.settings import Settings
        from sync.offices import load_offices

        with write_session(self.engine) as session:
            return create_enrollment_code(
                session=session,
                office_code=office,
                offices=load_offices(Settings(database_url=self.database_url).offices_csv),
                now=utcnow(),
                valid_for=timedelta(hours=1),
            )

    def revoke(self, device_id: str) -> None:
        from sync.clock import utcnow
        from sync.hq.db import write_session
        from sync.hq.enrollment import revoke_device

        with write_session(self.engine) as session:
            revoke_device(session=session, device_id=device_id, now=utcnow())

    def stats(self) -> dict[str, int]:
        from sync.hq import reports
        from sync.hq.db import read_session

        with read_session(self.engine) as session:
            return dict(reports.stats(session=session))

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        connection = sqlite3.connect(self.database, timeout=30)
        try:
            return list(connection.execute(sql, params))
        finally:
            connection.close()


# --------------------------------------------------------------------------- desks

FAST = {  # retries in tenths of seconds: the tests break the network many times
    Keys.BACKOFF_BASE: "0.05",
    Keys.BACKOFF_CAP: "0.4",
    Keys.RETRY_FOR: "3",
    Keys.READ_TIMEOUT: "5",
    Keys.CONNECT_TIMEOUT: "3",
}


def make_desk(
    folder: Path,
    *,
    hq: HqProcess,
    server_url: str,
    name: str = "Meja 1",
    settings: dict[str, str] | None = None,
    office: str = OFFICE,
) -> Database:
    """A desk database enrolled with HQ through ``server_url`` (usually the fault proxy)."""
    db = Database(folder)
    with db.write() as session:
        for key, value in {**FAST, **(settings or {})}.items():
            set_setting(session=session, key=key, value=value)
    enroll(db, server_url=server_url, code=hq.enrollment_code(office), desk_name=name)
    return db


def identity(db: Database) -> DeskIdentity:
    with db.write() as session:
        return desk_identity(session=session)


def make_event(db: Database, *, title: str = "Pelatihan HAM bagi ASN") -> str:
    with db.write() as session:
        event = registry.create_event(
            session=session,
            office_code=desk_identity(session=session).office_code or OFFICE,
            title=title,
            starts_at=datetime(2026, 11, 24, 8, 0),
            ends_at=datetime(2026, 11, 26, 16, 0),
            timezone="Asia/Makassar",
            venue="Palu",
        )
        return event.id


def nip(number: int) -> str:
    """A valid PNS NIP per number: born 1980-01-01 + n days, appointed 2010-05, sequence."""
    born = datetime(1980, 1, 1) + timedelta(days=number // 900)
    return f"{born:%Y%m%d}201005{1 + number % 2}{number % 900 + 1:03d}"


def register(db: Database, event_id: str, numbers: range | list[int]) -> list[str]:
    """Walk-in registrations: a participant and a registration each; returns participant ids."""
    ids = []
    desk = identity(db)
    with db.write() as session:
        for number in numbers:
            person, _ = registry.register_participant(
                session=session,
                event_id=event_id,
                desk_id=desk.desk_id,
                full_name=f"Peserta {number}",
                nip=nip(number),
                instansi="Pemkot Palu",
            )
            ids.append(person.id)
    return ids


def check_in(db: Database, event_id: str, participant_ids: list[str], *, day: int = 1) -> list[str]:
    desk = identity(db)
    made = []
    with db.write() as session:
        for participant_id in participant_ids:
            result = attendance.check_in(
                session=session,
                event_id=event_id,
                participant_id=participant_id,
                day=day,
                desk=desk,
                operator="petugas",
            )
            made.append(result.checkin_id)
    return made


def sync_until_done(db: Database, *, runs: int = 8) -> SyncReport:
    """Run syncs (the network is healed by now) until nothing is pending; bounded."""
    report = run_sync(db)
    for _ in range(runs - 1):
        if report.pending == 0 and report.outcome == "ok":
            break
        time.sleep(0.1)
        report = run_sync(db)
    return report


# --------------------------------------------------------------------------- the comparison


def desk_made(db: Database) -> dict[str, dict[str, Any]]:
    """Every change the desk queued for HQ: change id -> record (as sent: built items built)."""
    with db.session() as session:
        rows = (
            session.connection()
            .exec_driver_sql(f"SELECT id, {outbox.PAYLOAD_SQL} FROM outbox")
            .all()
        )
    return {change_id: json.loads(payload) for change_id, payload in rows}


def hq_holds(hq: HqProcess, device_ids: list[str]) -> dict[str, dict[str, Any]]:
    marks = ",".join("?" for _ in device_ids)
    rows = hq.query(f"SELECT id, payload FROM change WHERE device_id IN ({marks})", *device_ids)
    return {change_id: json.loads(payload) for change_id, payload in rows}


def device_id(db: Database) -> str:
    with db.session() as session:
        value = (
            session.connection()
            .exec_driver_sql("SELECT value FROM setting WHERE key = ?", (Keys.DEVICE,))
            .scalar()
        )
    return str(value)


def assert_hq_holds_exactly(hq: HqProcess, desks: list[Database]) -> None:
    """HQ's change log for these desks is exactly what they made, once each, with the same
    content; its check-in table holds each of their check-ins once; every desk agrees it is done."""
    made: dict[str, dict[str, Any]] = {}
    for db in desks:
        made.update(desk_made(db))
        status = sync_status(db)
        assert status.pending == 0 and status.set_aside == 0, (status, set_aside(db)[:3])
    held = hq_holds(hq, [device_id(db) for db in desks])
    assert set(held) == set(made), (len(held), len(made), sorted(set(made) ^ set(held))[:5])
    for change_id, record in made.items():
        assert _normal(held[change_id]) == _normal(record), change_id
    checkin_ids = [r["id"] for r in made.values() if r["kind"] == "checkin"]
    if checkin_ids:
        marks = ",".join("?" for _ in checkin_ids)
        stored = hq.query(f"SELECT id FROM checkin WHERE id IN ({marks})", *checkin_ids)
        assert sorted(row[0] for row in stored) == sorted(checkin_ids)
    duplicates = hq.query("SELECT id, COUNT(*) FROM checkin GROUP BY id HAVING COUNT(*) > 1")
    assert duplicates == []


def _normal(record: dict[str, Any]) -> dict[str, Any]:
    """HQ stores the record re-serialised by the same model; compare values, not spelling."""
    out = {}
    for key, value in record.items():
        if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
            value = datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
        out[key] = value
    return out
