"""Bodies are limited per route before anything reads them, and rate limits come before parsing
(issue 15 item 4: four unauthenticated 250 MB bodies to /api/v1/enroll took HQ from 152 MB to
2.9 GB, because every route read the whole body first).

Spoken over raw sockets, so that the proof is the order of events: HQ answers 413 while the
client has sent the headers only, or a few chunks of a body that never ends.
"""

from __future__ import annotations

import gzip
import json
import select
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import Engine

from sync.hq.settings import Settings
from tests.hq.conftest import start_thread_server
from tests.hq.helpers import Hq

DECLARED = 250 * 1024 * 1024
CHUNK = b"x" * (64 * 1024)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    # The limits sit in front of every route, whatever the database: SQLite is enough here.
    return f"sqlite:///{tmp_path / 'hq.db'}"


def _connect(hq: Hq) -> socket.socket:
    parts = urlsplit(hq.url)
    return socket.create_connection((parts.hostname, parts.port), timeout=10)


def _head(path: str, extra: str) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: hq\r\nContent-Type: application/json\r\n{extra}\r\n"
    ).encode()


def _answer(sock: socket.socket) -> tuple[int, dict[str, object]]:
    """The status and JSON body of HQ's answer (HQ closes after a refusal, so read to the end)."""
    data = b""
    sock.settimeout(10)
    while True:
        try:
            piece = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not piece:
            break
        data += piece
        head, _, body = data.partition(b"\r\n\r\n")
        length = [
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ]
        if length and len(body) >= length[0]:
            break
    head, _, body = data.partition(b"\r\n\r\n")
    assert head, "HQ sent no answer"
    return int(head.split()[1]), json.loads(body)


def _answered_before_the_body(hq: Hq, path: str) -> tuple[int, dict[str, object]]:
    with _connect(hq) as sock:
        sock.sendall(_head(path, f"Content-Length: {DECLARED}\r\n"))
        readable, _, _ = select.select([sock], [], [], 5)
        assert readable, f"{path}: no answer within 5 s while the 250 MB body was not sent"
        return _answer(sock)


def _chunked_until_answered(hq: Hq, path: str, *, give_up_after: int) -> tuple[int, int]:
    """Sends an endless chunked body until HQ answers; (status, bytes of body sent)."""
    sent = 0
    with _connect(hq) as sock:
        sock.sendall(_head(path, "Transfer-Encoding: chunked\r\n"))
        chunk = f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n"
        while sent < give_up_after:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(CHUNK)
        readable, _, _ = select.select([sock], [], [], 5)
        assert readable, f"{path}: no answer after {sent} bytes of an endless body"
        status, _ = _answer(sock)
        return status, sent


def _rss_bytes() -> int:
    # The HQ fixture serves from a thread of this process: its memory is ours.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.mark.parametrize(
    "path", ["/api/v1/enroll", "/dashboard/login", "/api/v1/push", "/api/v1/pull"]
)
def test_a_declared_huge_body_is_refused_before_it_is_sent(hq: Hq, path: str) -> None:
    status, body = _answered_before_the_body(hq, path)
    assert status == 413
    assert body["code"] == "body_too_large" and body["detail"] and "limit" in body["params"]  # type: ignore[operator]


def test_endless_bodies_are_cut_off_and_memory_stays_bounded(hq: Hq) -> None:
    before = _rss_bytes()
    results: list[tuple[int, int]] = []

    def attack() -> None:
        results.append(_chunked_until_answered(hq, "/api/v1/enroll", give_up_after=32 * 2**20))

    attackers = [threading.Thread(target=attack) for _ in range(4)]
    for thread in attackers:
        thread.start()
    for thread in attackers:
        thread.join(timeout=60)
    assert [status for status, _ in results] == [413] * 4
    # Cut off near the 64 KiB limit (the rest is socket buffers), not after 32 MB each.
    assert all(sent < 8 * 2**20 for _, sent in results), results
    for _ in range(4):
        assert _answered_before_the_body(hq, "/api/v1/enroll")[0] == 413
    grown = _rss_bytes() - before
    assert grown < 64 * 2**20, f"HQ's process grew by {grown / 2**20:.0f} MB"
    # HQ still serves.
    assert requests.get(f"{hq.url}/healthz", timeout=10).status_code == 200


def test_push_keeps_its_own_larger_limit(hq: Hq) -> None:
    desk = hq.desk()
    document = {"protocol": 1, "desk_time": datetime.now(UTC).isoformat(), "items": []}
    padded = json.dumps(document).encode() + b" " * (256 * 1024)  # over the 64 KiB of forms
    assert desk.push_raw(padded, headers={"Content-Encoding": "identity"}).status_code == 200
    assert desk.push_raw(gzip.compress(padded)).status_code == 200
    enroll = requests.post(
        f"{hq.url}/api/v1/enroll",
        data=padded,
        timeout=10,
        headers={"Content-Type": "application/json"},
    )
    assert enroll.status_code == 413 and enroll.json()["code"] == "body_too_large"


@pytest.fixture
def tight_enroll_hq(database_url: str, engine: Engine) -> Iterator[Hq]:
    settings = Settings(database_url=database_url, login_burst=2, login_rate_per_minute=1)
    running = start_thread_server(settings, engine)
    yield Hq(url=running.url, engine=engine, settings=settings)
    running.server.should_exit = True
    running.thread.join(timeout=10)


def test_the_rate_limit_comes_before_the_body_is_parsed(tight_enroll_hq: Hq) -> None:
    # Bodies that are not even JSON: before, FastAPI refused each with a 422 before the route's
    # limiter ran, so a flood of junk was parsed in full and never limited.
    answers = [
        requests.post(
            f"{tight_enroll_hq.url}/api/v1/enroll",
            data=b"{not json",
            timeout=10,
            headers={"Content-Type": "application/json"},
        )
        for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [422, 422, 429, 429]
    assert answers[2].json()["code"] == "rate_limited"
    assert int(answers[2].headers["Retry-After"]) >= 1
