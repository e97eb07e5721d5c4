"""Desk tokens rotate (issue 15 item 9), over HTTP on SQLite and PostgreSQL.

A desk that asks (``Hadir-Token-Rotation: 1``) gets a new token with an accepted push or pull; the
token it used stays current until the new one is first used, and valid for the grace period after
that; a desk that does not ask keeps its token. The clock HQ authenticates with is moved on through
``sync.clock.utcnow`` (the server runs in a thread of this process).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
import requests
from alembic import command
from pydantic import ValidationError
from sqlalchemy import Engine, inspect, select, text

from sync import clock
from sync.hq.db import (
    _alembic_config,
    head_revision,
    make_engine,
    migrate,
    read_session,
    write_session,
)
from sync.hq.enrollment import MAX_PENDING_TOKENS, authenticate_device, revoke_device
from sync.hq.models import DeskToken, Device
from sync.hq.security import sha256_hex
from sync.hq.settings import Settings
from sync.protocol import NEW_TOKEN_HEADER, TOKEN_ROTATION_HEADER
from tests.hq.conftest import start_process_server, stop_process
from tests.hq.helpers import Desk, Hq, envelope, event_record, statuses

ASK = {TOKEN_ROTATION_HEADER: "1"}


def _me(hq: Hq, token: str) -> tuple[int, str | None]:
    answer = requests.get(
        f"{hq.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    return answer.status_code, answer.json().get("code")


def _push(desk: Desk, token: str, *, ask: bool = True) -> requests.Response:
    body = desk.push_body([envelope(event_record())])
    return requests.post(
        f"{desk.hq.url}/api/v1/push",
        data=body,
        timeout=60,
        headers={
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            "Authorization": f"Bearer {token}",
            **(ASK if ask else {}),
        },
    )


def _pull(desk: Desk, token: str, *, ask: bool = True) -> requests.Response:
    return requests.get(
        f"{desk.hq.url}/api/v1/pull",
        params={"cursor": 0},
        timeout=30,
        headers={"Authorization": f"Bearer {token}", **(ASK if ask else {})},
    )


def _current_hash(hq: Hq, device_id: str) -> str:
    with read_session(hq.engine) as session:
        device = session.get(Device, device_id)
        assert device is not None
        return device.token_hash


def _spares(hq: Hq, device_id: str) -> list[DeskToken]:
    with read_session(hq.engine) as session:
        return list(
            session.execute(select(DeskToken).where(DeskToken.device_id == device_id)).scalars()
        )


def _clock_at(monkeypatch: pytest.MonkeyPatch, moment: Callable[[], datetime]) -> None:
    monkeypatch.setattr(clock, "utcnow", moment)


def test_an_accepted_push_hands_a_new_token_whose_first_use_makes_it_current(hq: Hq) -> None:
    desk = hq.desk()
    old = desk.token
    answer = _push(desk, old)
    assert statuses(answer) == ["stored"]
    new = answer.headers[NEW_TOKEN_HEADER]
    assert new and new != old
    assert answer.headers["Cache-Control"] == "no-store"  # no cache on the way keeps a token
    # Until the desk uses it, the token it has is the current one (its answer may have been lost).
    assert _current_hash(hq, desk.device_id) == sha256_hex(old)
    assert _me(hq, new) == (200, None)
    assert _current_hash(hq, desk.device_id) == sha256_hex(new)
    assert _me(hq, old) == (200, None)  # within the grace
    # A pull rotates too; the answer carries the page as before.
    pulled = _pull(desk, new)
    assert pulled.status_code == 200 and pulled.json()["items"]
    assert pulled.headers[NEW_TOKEN_HEADER] not in (old, new)


def test_the_old_token_works_during_the_grace_and_is_refused_after_it(
    hq: Hq, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert hq.settings.token_grace_hours == 72
    desk = hq.desk()
    old = desk.token
    new = _push(desk, old).headers[NEW_TOKEN_HEADER]
    start = clock.utcnow()
    real = clock.utcnow
    _clock_at(monkeypatch, lambda: start)
    assert _me(hq, new) == (200, None)  # first use: the grace of `old` starts now
    _clock_at(monkeypatch, lambda: real() + timedelta(hours=71, minutes=59))
    assert _me(hq, old) == (200, None)
    _clock_at(monkeypatch, lambda: real() + timedelta(hours=72, minutes=1))
    assert _me(hq, old) == (401, "desk_token_unknown")
    assert _push(desk, old).json()["code"] == "desk_token_unknown"
    assert _me(hq, new) == (200, None)  # the current token does not expire


def test_the_grace_is_the_hq_setting(hq: Hq, monkeypatch: pytest.MonkeyPatch) -> None:
    hq.settings.token_grace_hours = 1  # the server reads the same Settings object
    desk = hq.desk()
    old = desk.token
    new = _push(desk, old).headers[NEW_TOKEN_HEADER]
    assert _me(hq, new) == (200, None)
    real = clock.utcnow
    _clock_at(monkeypatch, lambda: real() + timedelta(minutes=59))
    assert _me(hq, old) == (200, None)
    _clock_at(monkeypatch, lambda: real() + timedelta(minutes=61))
    assert _me(hq, old) == (401, "desk_token_unknown")


def test_every_replaced_token_keeps_its_own_grace(hq: Hq, monkeypatch: pytest.MonkeyPatch) -> None:
    """A desk put back from a backup holds a token replaced since; within its grace it gets in."""
    desk = hq.desk()
    start = clock.utcnow()
    first = desk.token
    _clock_at(monkeypatch, lambda: start)
    second = _push(desk, first).headers[NEW_TOKEN_HEADER]
    third = _push(desk, second).headers[NEW_TOKEN_HEADER]  # `first` retires at `start`
    _clock_at(monkeypatch, lambda: start + timedelta(hours=10))
    assert _me(hq, third) == (200, None)  # `second` retires at start + 10 h
    assert _me(hq, first) == (200, None)
    _clock_at(monkeypatch, lambda: start + timedelta(hours=73))
    assert _me(hq, first) == (401, "desk_token_unknown")
    assert _me(hq, second) == (200, None)
    # The desk restored with `second` asks and gets a new token; `first`'s row is cleaned away.
    fourth = _push(desk, second).headers[NEW_TOKEN_HEADER]
    assert _me(hq, fourth) == (200, None)
    assert {s.token_hash for s in _spares(hq, desk.device_id)} == {
        sha256_hex(second),
        sha256_hex(third),
    }
    _clock_at(monkeypatch, lambda: start + timedelta(hours=83))
    assert _me(hq, second) == (401, "desk_token_unknown")


def test_a_desk_that_does_not_ask_keeps_its_token(hq: Hq) -> None:
    desk = hq.desk()
    for answer in (_push(desk, desk.token, ask=False), _pull(desk, desk.token, ask=False)):
        assert answer.status_code == 200
        assert NEW_TOKEN_HEADER not in answer.headers
    assert _current_hash(hq, desk.device_id) == sha256_hex(desk.token)
    assert _spares(hq, desk.device_id) == []
    assert _me(hq, desk.token) == (200, None)


def test_a_push_that_is_refused_hands_out_no_token(hq: Hq) -> None:
    desk = hq.desk()
    refused = requests.post(
        f"{hq.url}/api/v1/push",
        json={"protocol": 99, "desk_time": "2026-03-12T01:00:00Z", "pending": 0, "items": []},
        headers={**desk.auth, **ASK},
        timeout=30,
    )
    assert refused.status_code == 422
    assert NEW_TOKEN_HEADER not in refused.headers
    assert _spares(hq, desk.device_id) == []


def test_answers_lost_on_the_way_never_lock_the_desk_out(hq: Hq) -> None:
    desk = hq.desk()
    old = desk.token
    lost = [_push(desk, old).headers[NEW_TOKEN_HEADER] for _ in range(MAX_PENDING_TOKENS + 3)]
    # The desk never saw those answers: it keeps its token, and HQ keeps accepting it.
    assert _current_hash(hq, desk.device_id) == sha256_hex(old)
    assert _me(hq, old) == (200, None)
    pending = [spare for spare in _spares(hq, desk.device_id) if spare.expires_at is None]
    assert len(pending) == MAX_PENDING_TOKENS  # bounded
    received = _pull(desk, old).headers[NEW_TOKEN_HEADER]  # this answer arrives
    assert _me(hq, received) == (200, None)
    assert _current_hash(hq, desk.device_id) == sha256_hex(received)
    assert _me(hq, old) == (200, None)
    # The newest of the lost ones, had the desk saved it after all, still works for the grace.
    assert _me(hq, lost[-1]) == (200, None)


def test_revoking_refuses_the_current_the_new_and_the_retiring_token(hq: Hq) -> None:
    desk = hq.desk()
    retiring = desk.token
    current = _push(desk, retiring).headers[NEW_TOKEN_HEADER]
    pending = _push(desk, current).headers[NEW_TOKEN_HEADER]
    assert _current_hash(hq, desk.device_id) == sha256_hex(current)
    with write_session(hq.engine) as session:
        revoke_device(session=session, device_id=desk.device_id, now=clock.utcnow())
    for token in (retiring, current, pending):
        assert _me(hq, token) == (401, "desk_revoked")
        assert _push(desk, token).status_code == 401
    assert _current_hash(hq, desk.device_id) == sha256_hex(current)  # no promotion after revoking


def test_requests_in_flight_around_a_rotation_all_succeed(hq: Hq) -> None:
    """The old token's requests and the new token's first uses race: every one is answered, and
    HQ ends with the new token current and the old one retiring. Several rounds, since a race
    shows only sometimes."""
    desk = hq.desk()
    retired: list[str] = []
    token = desk.token
    for _ in range(6):
        old, new = token, _push(desk, token).headers[NEW_TOKEN_HEADER]
        start = threading.Barrier(6)
        answers: list[int] = []
        lock = threading.Lock()

        def send(
            token: str,
            push: bool,
            start: threading.Barrier = start,
            answers: list[int] = answers,
            lock: threading.Lock = lock,
        ) -> None:
            start.wait()
            answer = _push(desk, token, ask=False) if push else _pull(desk, token, ask=False)
            with lock:
                answers.append(answer.status_code)

        threads = [
            threading.Thread(target=send, args=(token, push))
            for token in (old, new, new)
            for push in (True, False)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [200] * 6
        assert _current_hash(hq, desk.device_id) == sha256_hex(new)
        retired.append(sha256_hex(old))
        spares = _spares(hq, desk.device_id)
        assert sorted((s.token_hash, s.expires_at is not None) for s in spares) == sorted(
            (h, True) for h in retired
        )
        token = new


def test_two_rotations_at_once_leave_the_desk_a_working_token_whichever_it_keeps(hq: Hq) -> None:
    desk = hq.desk()
    old = desk.token
    start = threading.Barrier(2)
    offered: list[str] = []

    def rotate() -> None:
        start.wait()
        answer = _push(desk, old)
        assert answer.status_code == 200
        offered.append(answer.headers[NEW_TOKEN_HEADER])

    threads = [threading.Thread(target=rotate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = offered
    assert first != second
    # The desk saves them in either order and uses the one it saved last; the other stays valid.
    assert _me(hq, second) == (200, None)
    assert _me(hq, first) == (200, None)
    assert _me(hq, old) == (200, None)


def test_the_grace_is_read_from_the_environment_and_must_be_positive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().token_grace_hours == 72
    monkeypatch.setenv("HADIR_HQ_TOKEN_GRACE_HOURS", "1.5")
    assert Settings().token_grace_hours == 1.5
    monkeypatch.setenv("HADIR_HQ_TOKEN_GRACE_HOURS", "0")
    with pytest.raises(ValidationError, match="token_grace_hours"):
        Settings()


def test_a_desk_enrolled_before_migration_0008_keeps_its_token(database_url: str) -> None:
    """0008 only adds ``desk_token``: the device row and its token hash are untouched, and the
    migration goes back down cleanly."""
    engine = make_engine(database_url)
    try:
        config = _alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0007")
            connection.execute(
                text(
                    "INSERT INTO device (id, office_code, desk_name, desk_id, token_hash, "
                    "app_version, enrolled_at) VALUES ('d1', 'SULTENG', 'Meja 1', 'desk-1', "
                    ":hash, 'old', '2026-03-12 01:00:00+00:00')"
                ),
                {"hash": sha256_hex("an-old-desk-token")},
            )
        assert migrate(engine) == ("0007", head_revision())
        with read_session(engine) as session:
            login = authenticate_device(
                session=session, token="an-old-desk-token", now=clock.utcnow()
            )
        assert login.device.id == "d1" and not login.first_use
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
            assert not inspect(connection).has_table("desk_token")
    finally:
        engine.dispose()


@pytest.fixture
def two_worker_hq(database_url: str, engine: Engine) -> Iterator[Hq]:
    process, url = start_process_server(database_url, workers=2)
    try:
        yield Hq(url=url, engine=engine, settings=Settings(database_url=database_url))
    finally:
        stop_process(process)


def test_first_uses_of_a_new_token_on_two_workers_at_once_all_get_in(two_worker_hq: Hq) -> None:
    hq = two_worker_hq
    desk = hq.desk()
    old = desk.token
    new = _push(desk, old).headers[NEW_TOKEN_HEADER]
    start = threading.Barrier(8)
    answers: list[int] = []
    lock = threading.Lock()

    def send(token: str) -> None:
        start.wait()
        # A fresh connection each, so that both worker processes take some.
        answer = requests.get(
            f"{hq.url}/api/v1/me",
            timeout=60,
            headers={"Authorization": f"Bearer {token}", "Connection": "close"},
        )
        with lock:
            answers.append(answer.status_code)

    threads = [threading.Thread(target=send, args=(new if i % 4 else old,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200] * 8
    assert _current_hash(hq, desk.device_id) == sha256_hex(new)
    spares = _spares(hq, desk.device_id)
    assert [(s.token_hash, s.expires_at is not None) for s in spares] == [(sha256_hex(old), True)]
