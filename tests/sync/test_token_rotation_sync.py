"""A real desk's token rotates with its syncs (issue 15 item 9), through the fault proxy to a real
HQ process: the desk keeps the new token in its database before it sends it, a lost answer or a
crash between saving and using leaves it a token HQ accepts, a desk that does not ask keeps its
token, revoking refuses every token, and USB bundles (which carry no token) are not concerned."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import requests

from desktop.core.db import Database
from desktop.core.desk import get_setting, set_setting
from desktop.core.sync.bundle import export_bundle
from desktop.core.sync.run import run_sync
from desktop.core.sync.settings import Keys
from sync.desk.client import ClientConfig, HqClient
from sync.hq.security import sha256_hex
from tests.sync import proxy as faults
from tests.sync.helpers import (
    HqProcess,
    assert_hq_holds_exactly,
    check_in,
    make_event,
    register,
)
from tests.sync.test_bundle_reconcile_lease import import_bundle


def _setting(db: Database, key: str) -> str:
    with db.session() as session:
        value = get_setting(session=session, key=key)
    assert value
    return value


def _token(db: Database) -> str:
    return _setting(db, Keys.TOKEN)


def _hq_current(hq: HqProcess, db: Database) -> str:
    [(token_hash,)] = hq.query(
        "SELECT token_hash FROM device WHERE id = ?", _setting(db, Keys.DEVICE)
    )
    return str(token_hash)


def _hq_spares(hq: HqProcess, db: Database) -> list[tuple[str, bool]]:
    """(hash, retiring) of the desk's tokens HQ keeps besides the current one."""
    rows = hq.query(
        "SELECT token_hash, expires_at IS NOT NULL FROM desk_token WHERE device_id = ?",
        _setting(db, Keys.DEVICE),
    )
    return sorted((str(token_hash), bool(retiring)) for token_hash, retiring in rows)


def _me(hq: HqProcess, token: str) -> tuple[int, str | None]:
    answer = requests.get(
        f"{hq.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    return answer.status_code, answer.json().get("code")


def _records(db: Database, people: int = 5) -> None:
    event_id = make_event(db)
    check_in(db, event_id, register(db, event_id, range(people)))


def test_a_sync_rotates_the_token_and_the_desk_keeps_the_new_one(desk_factory, hq):
    db = desk_factory()
    enrolled = _token(db)
    _records(db)
    report = run_sync(db)
    assert report.outcome == "ok" and report.all_at_hq
    rotated = _token(db)
    assert rotated != enrolled
    # The run used the new token after the push that handed it out: HQ made it current, and the
    # enrolled one retires with its grace. One rotation per run, nothing else left pending.
    assert _hq_current(hq, db) == sha256_hex(rotated)
    assert _hq_spares(hq, db) == [(sha256_hex(enrolled), True)]
    assert _me(hq, enrolled) == (200, None)

    again = run_sync(db)  # nothing to push: the pull rotates
    assert again.outcome == "ok" and again.pushed == 0
    third = _token(db)
    assert third not in (enrolled, rotated)
    assert _me(hq, third) == (200, None)
    assert _me(hq, rotated) == (200, None)  # retiring now, and `enrolled` still, each its grace
    assert _hq_spares(hq, db) == sorted([(sha256_hex(enrolled), True), (sha256_hex(rotated), True)])
    assert_hq_holds_exactly(hq, [db])


def test_a_desk_put_back_from_a_backup_within_the_grace_syncs_on(desk_factory, hq):
    """A restored backup brings back the token the desk had then (simulated here by writing it
    back, which is what the restore does to that one setting); HQ still knows it."""
    db = desk_factory()
    enrolled = _token(db)
    _records(db)
    for _ in range(3):
        assert run_sync(db).outcome == "ok"
    assert _token(db) != enrolled
    with db.write() as session:
        set_setting(session=session, key=Keys.TOKEN, value=enrolled)
    _records(db, people=2)
    report = run_sync(db)
    assert report.outcome == "ok" and report.all_at_hq
    assert _token(db) != enrolled and _hq_current(hq, db) == sha256_hex(_token(db))
    assert_hq_holds_exactly(hq, [db])


def test_an_answer_lost_with_the_new_token_still_lets_the_desk_sync(desk_factory, hq, proxy):
    db = desk_factory()
    enrolled = _token(db)
    _records(db)
    # HQ stores the first push and hands out a token; the desk gets half an answer and a reset.
    proxy.script([faults.CUT], path="/api/v1/push")
    report = run_sync(db)  # the retry in the same run asks again and gets another token
    assert report.outcome == "ok" and report.all_at_hq, report
    assert proxy.counters.faults[faults.CUT] == 1
    assert _token(db) != enrolled
    assert _hq_current(hq, db) == sha256_hex(_token(db))
    lost = [h for h, retiring in _hq_spares(hq, db) if h != sha256_hex(enrolled)]
    assert len(lost) == 1  # the lost one, retiring with the enrolled one
    assert_hq_holds_exactly(hq, [db])


def test_a_token_saved_but_never_used_is_the_one_the_next_sync_uses(desk_factory, hq, proxy):
    db = desk_factory(**{"sync_retry_for_seconds": "0"})
    enrolled = _token(db)
    _records(db)
    # The push hands out a token and the desk saves it; then the network goes (as if the desk
    # had crashed before it sent anything with the new token).
    proxy.script([faults.RESET] * 3, path="/api/v1/pull")
    proxy.script([faults.RESET] * 3, path="/api/v1/reconcile")
    first = run_sync(db)
    assert first.pushed and first.outcome != "ok"
    saved = _token(db)
    assert saved != enrolled
    assert _hq_current(hq, db) == sha256_hex(enrolled)  # HQ has not seen the new one used
    assert _hq_spares(hq, db) == [(sha256_hex(saved), False)]
    proxy.heal()
    second = run_sync(db)
    assert second.outcome == "ok" and second.all_at_hq
    # Its first request used the saved token (HQ made it current), and the run rotated once more.
    assert _token(db) != saved
    assert _hq_current(hq, db) == sha256_hex(_token(db))
    assert _hq_spares(hq, db) == sorted([(sha256_hex(enrolled), True), (sha256_hex(saved), True)])
    assert_hq_holds_exactly(hq, [db])


def test_a_token_the_desk_cannot_save_is_not_used(desk_factory, hq):
    db = desk_factory()
    enrolled = _token(db)
    _records(db)

    def failing_save(_token: str) -> None:
        raise OSError(28, "No space left on device")

    def client(config: ClientConfig) -> HqClient:
        return HqClient(replace(config, save_token=failing_save))

    report = run_sync(db, client_factory=client)
    assert report.outcome == "ok" and report.all_at_hq
    assert _token(db) == enrolled
    assert _hq_current(hq, db) == sha256_hex(enrolled)  # offered tokens stay pending, unused
    assert all(not retiring for _, retiring in _hq_spares(hq, db))
    assert run_sync(db).outcome == "ok" and _token(db) != enrolled  # saving works again


def test_a_desk_client_that_does_not_ask_keeps_its_token(desk_factory, hq):
    """An older desk sends no rotation header: HQ hands it nothing and its token works on."""
    db = desk_factory()
    enrolled = _token(db)
    _records(db)

    def older_desk(config: ClientConfig) -> HqClient:
        return HqClient(replace(config, save_token=None))

    for _ in range(2):
        assert run_sync(db, client_factory=older_desk).outcome == "ok"
    assert _token(db) == enrolled
    assert _hq_current(hq, db) == sha256_hex(enrolled)
    assert _hq_spares(hq, db) == []
    assert_hq_holds_exactly(hq, [db])


def test_revoking_a_rotated_desk_refuses_its_old_and_new_tokens(desk_factory, hq):
    db = desk_factory()
    enrolled = _token(db)
    _records(db)
    assert run_sync(db).outcome == "ok"
    rotated = _token(db)
    hq.revoke(_setting(db, Keys.DEVICE))
    report = run_sync(db)
    assert report.outcome == "refused" and report.error_code == "hq_desk_revoked"
    for token in (enrolled, rotated):
        assert _me(hq, token) == (401, "desk_revoked")


def test_usb_bundles_carry_no_token_and_import_after_rotations(
    tmp_path: Path, desk_factory, hq, proxy
):
    db = desk_factory()
    enrolled = _token(db)
    for _ in range(2):
        assert run_sync(db).outcome == "ok"
    assert _token(db) != enrolled
    _records(db, people=3)
    proxy.set_mode(faults.RESET)  # no network: the stick carries it
    assert run_sync(db).pending == 1 + 3 + 3 + 3
    export_bundle(db, path=tmp_path / "meja.hadir")
    code, imported, _ = import_bundle(hq, tmp_path / "meja.hadir")
    assert code == 0 and imported is not None and imported["stored"] == 10
