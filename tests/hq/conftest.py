"""HQ fixtures: a fresh database per test (a SQLite file, or a PostgreSQL schema of its own), and a
real HQ server on 127.0.0.1 spoken to over HTTP.

PostgreSQL is the production database, so its tests must not vanish quietly: with CI=true an
unreachable server fails them; on a developer's machine they are skipped with the reason.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import uvicorn
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from sync.hq.app import create_app
from sync.hq.db import make_engine, migrate
from sync.hq.settings import Settings
from tests.hq.helpers import Hq

PG_URL = os.environ.get(
    "HADIR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ROOT = Path(__file__).resolve().parents[2]


def _postgres_or_skip() -> None:
    try:
        probe = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with probe.connect() as connection:
            connection.execute(text("SELECT 1"))
        probe.dispose()
    except Exception as error:
        message = f"PostgreSQL at {make_url(PG_URL).render_as_string(hide_password=True)} is unreachable: {error}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a schema made for this test and dropped after it."""
    _postgres_or_skip()
    schema = f"hq_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hq.db'}"
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ThreadServer:
    server: uvicorn.Server
    thread: threading.Thread
    url: str


def start_thread_server(settings: Settings, engine: Engine) -> ThreadServer:
    port = free_port()
    app = create_app(settings, engine)
    # proxy_headers=False as in ``hadir-hq serve``: HQ itself believes X-Forwarded-* only from
    # HADIR_HQ_TRUSTED_PROXIES (uvicorn's default would trust any local peer's).
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", proxy_headers=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("HQ test server did not start")
        time.sleep(0.02)
    return ThreadServer(server, thread, f"http://127.0.0.1:{port}")


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url, verify_burst=1000, login_burst=1000, verify_rate_per_minute=6000
    )


@pytest.fixture
def hq(settings: Settings, engine: Engine) -> Iterator[Hq]:
    """HQ on 127.0.0.1 in a thread of this process, with its own fresh database."""
    running = start_thread_server(settings, engine)
    yield Hq(url=running.url, engine=engine, settings=settings)
    running.server.should_exit = True
    running.thread.join(timeout=10)


def start_process_server(
    database_url: str, *, workers: int, extra_env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """``hadir-hq serve`` in a subprocess: the real command, with real uvicorn workers."""
    port = free_port()
    env = {**os.environ, "HADIR_HQ_DATABASE_URL": database_url, **(extra_env or {})}
    process = subprocess.Popen(
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
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"hadir-hq serve exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("hadir-hq serve did not answer /healthz within 60 s")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def tight_hq(database_url: str, engine: Engine) -> Iterator[Hq]:
    """HQ with a verification limit of a burst of 3, to see the limiter answer."""
    settings = Settings(database_url=database_url, verify_burst=3, verify_rate_per_minute=1)
    running = start_thread_server(settings, engine)
    yield Hq(url=running.url, engine=engine, settings=settings)
    running.server.should_exit = True
    running.thread.join(timeout=10)
