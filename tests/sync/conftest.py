"""Sync fixtures: a real HQ process on 127.0.0.1 with a fresh SQLite database per test, and the
fault proxy in front of it. No test here talks to anything but loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.core.db import Database
from tests.sync.helpers import HqProcess, make_desk
from tests.sync.proxy import FaultProxy


@pytest.fixture(autouse=True)
def _no_system_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # The desk honours the system proxy; a developer's own proxy must not sit in these tests.
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "http_proxy",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[HqProcess]:
    server = HqProcess(database=tmp_path / "hq" / "hq.db")
    server.start()
    yield server
    server.kill()
    server.stop()


@pytest.fixture
def proxy(hq: HqProcess) -> Iterator[FaultProxy]:
    with FaultProxy(hq.port) as running:
        yield running


@pytest.fixture
def desk_factory(
    tmp_path: Path, hq: HqProcess, proxy: FaultProxy
) -> Iterator[Callable[..., Database]]:
    made: list[Database] = []

    def factory(name: str = "Meja 1", **settings: str) -> Database:
        folder = tmp_path / f"desk-{len(made) + 1}"
        db = make_desk(folder, hq=hq, server_url=proxy.url, name=name, settings=settings)
        made.append(db)
        return db

    yield factory
    for db in made:
        db.close()
