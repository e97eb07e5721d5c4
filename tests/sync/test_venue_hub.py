"""The venue hub (issue 17 items 3 and 8): ``hadir-cli venue host`` as a real process on 127.0.0.1,
members that pair with its code, sync through it and relay through it to a real HQ.

Pairing with the right code; a wrong code refused and its attempts limited; requests without
pairing, replayed or from another office refused; a check-in at desk A seen as already checked in
at desk B after both synced through the hub; records relayed by the hub stored once at HQ even when
A also syncs directly; a hub killed mid-push, or its answer cut, loses and doubles nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from desktop.cli import main
from desktop.core.db import Database
from desktop.core.desk import configure_desk, get_setting
from desktop.core.sync.run import run_sync
from desktop.core.venue import keys
from desktop.core.venue.member import exchange
from sync.desk.venue_wire import CALL_PATH, new_key_pair, seal_request
from tests.sync import proxy as faults
from tests.sync.helpers import (
    FAST,
    OFFICE,
    ROOT,
    HqProcess,
    assert_hq_holds_exactly,
    check_in,
    free_port,
    make_desk,
    make_event,
    nip,
    register,
)


@dataclass
class HubProcess:
    """``hadir-cli venue host`` for one data folder: the real command, killable and restartable."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[str] | None = None
    first_line: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def start(self, timeout: float = 30.0) -> dict[str, Any]:
        env = {
            k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "desktop.cli",
                "venue",
                "host",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--data-dir",
                str(self.folder),
                "--json",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        line = self.process.stdout.readline()
        assert line, (
            self.process.poll(),
            self.process.stderr.read() if self.process.stderr else "",
        )
        self.first_line = json.loads(line)
        threading.Thread(target=self._read, daemon=True).start()
        assert time.monotonic() < deadline
        return self.first_line

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def url(self) -> str:
        return str(self.first_line["url"])

    @property
    def code(self) -> str:
        """The code the hub shows now (a new one is printed as a line of its own)."""
        codes = [
            json.loads(line)["pair_code"] for line in self.lines if line.startswith('{"pair_code"')
        ]
        return codes[-1] if codes else str(self.first_line["pair_code"])

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=15)
        self.process = None

    def terminate(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=15)
        self.process = None
        return code


def _relayed(db: Database) -> int:
    with db.session() as session:
        return int(
            session.connection().exec_driver_sql("SELECT COUNT(*) FROM venue_relayed").scalar() or 0
        )


def _desk(folder: Path, name: str, office: str = OFFICE) -> Database:
    db = Database(folder)
    with db.write() as session:
        for key, value in FAST.items():
            from desktop.core.desk import set_setting

            set_setting(session=session, key=key, value=value)
        configure_desk(session=session, office_code=office, desk_name=name)
    return db


def cli(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, Any]:
    code = main([*args, "--data-dir", str(folder), "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    return code, json.loads(out[-1])


@pytest.fixture
def hub_desk(tmp_path: Path) -> Iterator[tuple[Database, HubProcess]]:
    db = _desk(tmp_path / "hub", "Meja Hub")
    hub = HubProcess(tmp_path / "hub")
    yield db, hub
    hub.kill()
    db.close()


def test_pair_with_the_right_code_then_status_on_both_sides(tmp_path, capsys, hub_desk):
    hub_db, hub = hub_desk
    event_id = make_event(hub_db)
    shown = hub.start()
    assert set(shown) == {"url", "pair_code", "fingerprint", "join_text"}
    assert shown["url"] == f"http://127.0.0.1:{hub.port}"
    member = tmp_path / "meja1"
    _desk(member, "Meja 1").close()
    code, joined = cli(capsys, member, "venue", "join", "--hub", hub.url, "--code", hub.code)
    assert code == 0, joined
    assert joined == {"hub": hub.url, "hub_desk": "Meja Hub", "event_ids": [event_id]}
    code, status = cli(capsys, member, "venue", "status")
    assert status["role"] == "member" and status["hub"] == hub.url
    assert [d["desk_name"] for d in status["desks"]] == ["Meja Hub"]
    assert status["pending_to_hub"] == 1  # the audit line of the join, for HQ through the hub
    code, status = cli(capsys, tmp_path / "hub", "venue", "status")
    assert status["role"] == "hub"
    assert [d["desk_name"] for d in status["desks"]] == ["Meja 1"]
    assert hub.terminate() == 0  # SIGTERM stops it cleanly
    # The hub gone: the member carries on alone, and its run says the join's line still waits.
    code, ran = cli(capsys, member, "sync", "run")
    assert code == 2 and ran["hub"]["reached"] is False and ran["hub"]["pending"] == 1
    assert "did not answer" in ran["hub"]["error"]
    code, left = cli(capsys, member, "venue", "leave")
    assert code == 0 and left == {"left": hub.url}
    assert cli(capsys, member, "venue", "status")[1]["role"] == "none"


def test_a_wrong_code_is_refused_and_a_code_dies_after_five_tries(tmp_path, capsys, hub_desk):
    _, hub = hub_desk
    hub.start()
    first = hub.code
    member = tmp_path / "meja1"
    _desk(member, "Meja 1").close()
    wrong = f"{(int(first) + 1) % 1_000_000:06d}"
    for _ in range(5):
        code, answer = cli(capsys, member, "venue", "join", "--hub", hub.url, "--code", wrong)
        assert code == 1 and answer["code"] == "venue_pairing_refused"
    deadline = time.monotonic() + 5
    while hub.code == first and time.monotonic() < deadline:
        time.sleep(0.05)
    assert hub.code != first  # a new code was made and shown
    code, answer = cli(capsys, member, "venue", "join", "--hub", hub.url, "--code", first)
    assert code == 1 and answer["code"] == "venue_pairing_refused"  # the guessed-at code is dead
    code, answer = cli(capsys, member, "venue", "join", "--hub", hub.url, "--code", hub.code)
    assert code == 0, answer


def test_requests_without_pairing_or_replayed_are_refused(tmp_path, capsys, hub_desk):
    hub_db, hub = hub_desk
    event_id = make_event(hub_db)
    register(hub_db, event_id, range(3))
    hub.start()
    # A laptop on the same network without the code: nothing readable, nothing written.
    assert requests.get(hub.url + "/", timeout=5).status_code == 404
    secret, public = new_key_pair()
    with hub_db.session() as session:
        hub_public = str(get_setting(session=session, key=keys.HUB_PUBLIC))
    sealed, _ = seal_request(secret=secret, hub_public=hub_public, op="pull", body={"cursor": 0})
    answer = requests.post(hub.url + CALL_PATH, json={"from": public, "box": sealed}, timeout=5)
    assert answer.status_code == 401 and answer.json() == {"code": "venue_not_paired"}
    # Paired, and the same request sent twice: the second is refused.
    member = tmp_path / "meja1"
    _desk(member, "Meja 1").close()
    assert cli(capsys, member, "venue", "join", "--hub", hub.url, "--code", hub.code)[0] == 0
    db = Database(member)
    with db.session() as session:
        mine = str(get_setting(session=session, key=keys.MEMBER_SECRET))
        mine_public = str(get_setting(session=session, key=keys.MEMBER_PUBLIC))
    db.close()
    sealed, _ = seal_request(secret=mine, hub_public=hub_public, op="pull", body={"cursor": 0})
    envelope = {"from": mine_public, "box": sealed}
    first = requests.post(hub.url + CALL_PATH, json=envelope, timeout=5)
    assert first.status_code == 200 and "box" in first.json()
    assert "Peserta" not in first.text  # the answer is ciphertext
    again = requests.post(hub.url + CALL_PATH, json=envelope, timeout=5)
    assert again.status_code == 401 and again.json() == {"code": "venue_request_refused"}
    # A request sealed for the paired key but sent as another desk does not open.
    answer = requests.post(
        hub.url + CALL_PATH,
        json={
            "from": mine_public,
            "box": seal_request(secret=secret, hub_public=hub_public, op="pull", body={})[0],
        },
        timeout=5,
    )
    assert answer.status_code == 401


def test_a_desk_of_another_office_is_refused(tmp_path, capsys, hub_desk):
    _, hub = hub_desk
    hub.start()
    member = tmp_path / "aceh"
    _desk(member, "Meja Aceh", office="ACEH").close()
    code, answer = cli(capsys, member, "venue", "join", "--hub", hub.url, "--code", hub.code)
    assert code == 1 and answer["code"] == "venue_other_office"
    assert "ACEH" in answer["error"] and OFFICE in answer["error"]
    assert cli(capsys, member, "venue", "status")[1]["role"] == "none"


def test_a_check_in_at_desk_a_is_already_checked_in_at_desk_b(tmp_path, capsys, hub_desk):
    """No HQ anywhere: the hub alone carries desk A's check-in to desk B."""
    hub_db, hub = hub_desk
    event_id = make_event(hub_db)
    hub.start()
    a, b = tmp_path / "a", tmp_path / "b"
    _desk(a, "Meja 1").close()
    _desk(b, "Meja 2").close()
    for folder in (a, b):
        assert cli(capsys, folder, "venue", "join", "--hub", hub.url, "--code", hub.code)[0] == 0
        code, ran = cli(capsys, folder, "sync", "run")  # brings the hub's event down
        assert code == 0, ran
        assert ran["hub"]["pulled"] >= 1
    a_db = Database(a)
    person = register(a_db, event_id, [7])
    check_in(a_db, event_id, person)
    a_db.close()
    code, ran = cli(capsys, a, "sync", "run")
    assert code == 0 and ran["hub"]["pushed"] == 3 and ran["hub"]["pending"] == 0, ran
    assert ran["all_at_hq"] is False  # the venue has it; HQ does not
    code, ran = cli(capsys, b, "sync", "run")
    assert code == 0 and ran["hub"]["pulled"] == 3, ran
    code, answer = cli(capsys, b, "checkin", "--event", event_id, "--nip", nip(7), "--day", "1")
    assert answer["status"] == "already_checked_in" and answer["desk"] == "Meja 1", answer
    code, status = cli(capsys, tmp_path / "hub", "venue", "status")
    assert sorted(d["desk_name"] for d in status["desks"]) == ["Meja 1", "Meja 2"]


def test_records_relayed_by_the_hub_reach_hq_once_even_when_a_syncs_directly(
    tmp_path, capsys, hq: HqProcess
):
    hub_db = make_desk(tmp_path / "hub", hq=hq, server_url=hq.url, name="Meja Hub")
    a_db = make_desk(tmp_path / "a", hq=hq, server_url=hq.url, name="Meja 1")
    event_id = make_event(hub_db)
    assert run_sync(hub_db).outcome == "ok"
    hub = HubProcess(tmp_path / "hub")
    hub.start()
    try:
        assert (
            cli(capsys, tmp_path / "a", "venue", "join", "--hub", hub.url, "--code", hub.code)[0]
            == 0
        )
        assert run_sync(a_db).outcome == "ok"  # the hub's event, from the hub and from HQ
        # Batch 1: A gives it to the hub, then to HQ itself; the hub relays it afterwards.
        check_in(a_db, event_id, register(a_db, event_id, range(5)))
        report = run_sync(a_db)
        assert report.hub is not None and report.hub["pushed"] >= 15 and report.pending == 0
        assert run_sync(hub_db).pending == 0
        # Batch 2: the hub relays it first; A's own push comes later.
        check_in(a_db, event_id, register(a_db, event_id, range(10, 14)))
        assert exchange(a_db).pushed == 12  # type: ignore[union-attr]
        relayed = run_sync(hub_db)
        assert relayed.pushed == 12 and relayed.pending == 0
        report = run_sync(a_db)
        assert report.pushed == 12 and report.pending == 0 and report.all_at_hq, report
        assert_hq_holds_exactly(hq, [a_db, hub_db])
        assert hq.query("SELECT COUNT(*) FROM checkin")[0][0] == 9
    finally:
        hub.kill()
        hub_db.close()
        a_db.close()


def test_a_hub_killed_mid_push_or_whose_answer_is_cut_loses_and_doubles_nothing(tmp_path, hub_desk):
    hub_db, hub = hub_desk
    event_id = make_event(hub_db)
    hub.start()
    member = tmp_path / "a"
    _desk(member, "Meja 1").close()
    with faults.FaultProxy(hub.port) as cut_proxy:
        assert (
            main(
                [
                    "venue",
                    "join",
                    "--hub",
                    cut_proxy.url,
                    "--code",
                    hub.code,
                    "--data-dir",
                    str(member),
                ]
            )
            == 0
        )
        a_db = Database(member)
        assert exchange(a_db).reached  # type: ignore[union-attr]
        check_in(a_db, event_id, register(a_db, event_id, range(1500)))
        # The hub stores the first batch, and its answer never arrives.
        cut_proxy.script([faults.CUT], path=CALL_PATH)
        cut = exchange(a_db)
        assert cut is not None and not cut.reached and cut.pending == 4500
        assert (
            _relayed(hub_db) == 1 + 500
        )  # the join's audit line, then a batch the member was not told of
        # Killed while pushes are being stored.
        interrupted: list[Any] = []
        pushing = threading.Thread(target=lambda: interrupted.append(exchange(a_db)))
        pushing.start()
        while _relayed(hub_db) < 1500:
            time.sleep(0.01)
        hub.kill()
        pushing.join(timeout=60)
        assert interrupted[0].error is not None and interrupted[0].pending > 0, interrupted
        hub.start()
        done = exchange(a_db)
        assert done is not None and done.pending == 0 and done.error is None, done
    with hub_db.session() as session:
        connection = session.connection()
        relayed = connection.exec_driver_sql(
            "SELECT COUNT(*), COUNT(DISTINCT change_id) FROM venue_relayed"
        ).one()
        checkins = connection.exec_driver_sql(
            "SELECT COUNT(*), COUNT(DISTINCT id) FROM checkin"
        ).one()
        people = connection.exec_driver_sql("SELECT COUNT(*) FROM participant").scalar()
    with a_db.session() as session:
        made = session.connection().exec_driver_sql("SELECT COUNT(*) FROM outbox").scalar()
    assert tuple(relayed) == (made, made)
    assert tuple(checkins) == (1500, 1500) and people == 1500
    a_db.close()


def test_a_member_without_internet_learns_from_the_hub_what_hq_taught_it(
    tmp_path, capsys, hq: HqProcess
):
    """Desk C checks in somewhere with internet; the hub pulls it from HQ; member B, which never
    reaches HQ, then sees C's check-in through the hub."""
    hub_db = make_desk(tmp_path / "hub", hq=hq, server_url=hq.url, name="Meja Hub")
    c_db = make_desk(tmp_path / "c", hq=hq, server_url=hq.url, name="Meja Kantor")
    b = tmp_path / "b"
    _desk(b, "Meja 2").close()
    hub = HubProcess(tmp_path / "hub")
    hub.start()
    try:
        assert cli(capsys, b, "venue", "join", "--hub", hub.url, "--code", hub.code)[0] == 0
        event_id = make_event(c_db)
        check_in(c_db, event_id, register(c_db, event_id, [21]))
        assert run_sync(c_db).pending == 0
        assert run_sync(hub_db).pulled >= 4  # the event, the person, the registration, the check-in
        code, ran = cli(capsys, b, "sync", "run")
        assert code == 0 and ran["hub"]["pulled"] >= 4, ran
        code, answer = cli(
            capsys, b, "checkin", "--event", event_id, "--nip", nip(21), "--day", "1"
        )
        assert answer["status"] == "already_checked_in" and answer["desk"] == "Meja Kantor", answer
        code, ran = cli(capsys, b, "sync", "run")
        assert code == 0 and ran["hub"]["pulled"] == 0  # both cursors moved: nothing twice
    finally:
        hub.kill()
        hub_db.close()
        c_db.close()


def test_a_record_hq_sets_aside_when_the_hub_relays_it_is_set_aside_on_the_desk_that_made_it(
    tmp_path, capsys, hq: HqProcess
):
    """Issue 17 item 5: member A never reaches HQ; it makes an undo naming a check-in HQ never
    heard of, the hub relays it, HQ sets it aside, and A's next exchange shows it set aside with
    HQ's reason (the rest of A's records stay as they were)."""
    import uuid

    from desktop.core.clock import utcnow
    from desktop.core.sync.status import sync_status
    from sync.desk.outbox import enqueue
    from sync.protocol import CheckInRecord
    from tests.sync.helpers import identity

    hub_db = make_desk(tmp_path / "hub", hq=hq, server_url=hq.url, name="Meja Hub")
    a = tmp_path / "a"
    _desk(a, "Meja 1").close()
    event_id = make_event(hub_db)
    assert run_sync(hub_db).outcome == "ok"
    hub = HubProcess(tmp_path / "hub")
    hub.start()
    try:
        assert cli(capsys, a, "venue", "join", "--hub", hub.url, "--code", hub.code)[0] == 0
        assert cli(capsys, a, "sync", "run")[0] == 0  # the event, from the hub
        a_db = Database(a)
        [person] = register(a_db, event_id, [3])
        check_in(a_db, event_id, [person])
        desk = identity(a_db)
        undo = CheckInRecord(
            id=str(uuid.uuid4()),
            event_id=event_id,
            participant_id=person,
            day=1,
            at=utcnow(),
            desk_id=desk.desk_id,
            desk_name=desk.desk_name,
            operator="petugas",
            method="manual",
            undoes_id=str(uuid.uuid4()),  # no such check-in anywhere
        )
        with a_db.write() as session:
            enqueue(session=session, records=[undo])
        a_db.close()
        code, ran = cli(capsys, a, "sync", "run")
        assert code == 0 and ran["hub"]["pending"] == 0 and ran["hub"]["set_aside"] == 0, ran
        relayed = run_sync(hub_db)
        assert relayed.set_aside == 1, relayed
        code, ran = cli(capsys, a, "sync", "run")
        assert ran["hub"]["set_aside"] == 1, ran
        a_db = Database(a)
        with a_db.session() as session:
            rows = (
                session.connection()
                .exec_driver_sql("SELECT record_id, state, reason FROM outbox ORDER BY seq")
                .all()
            )
        status = sync_status(a_db)
        a_db.close()
        aside = [(record_id, reason) for record_id, state, reason in rows if state == "set_aside"]
        assert [record_id for record_id, _ in aside] == [undo.id], rows
        assert "undoes_id" in aside[0][1], aside
        assert status.set_aside == 1
        # The rest HQ acknowledged to the hub, and the hub told A (A never reaches HQ itself).
        assert all(state == "acknowledged" for record_id, state, _ in rows if record_id != undo.id)
        # Asked again: nothing new, nothing set aside twice.
        assert cli(capsys, a, "sync", "run")[1]["hub"]["set_aside"] == 0
    finally:
        hub.kill()
        hub_db.close()
