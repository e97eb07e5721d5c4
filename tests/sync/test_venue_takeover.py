"""Issue 17 items 3 and 6: the pairing's join text (the hub's QR code), and another desk taking
over as the venue's hub when the hub's laptop dies, without the members pairing again.

Real ``hadir-cli venue host`` processes on 127.0.0.1, SIGKILLed; the member that takes over is a
real ``venue host`` on a member's folder; the third desk finds it by mDNS (loopback only) with the
fingerprint of its roster (the window's test) or at the address the old hub last heard it from
(here); a real HQ receives everything once when the internet returns.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop.core.db import Database
from desktop.core.desk import get_setting
from desktop.core.sync.run import run_sync
from desktop.core.venue import keys
from desktop.core.venue.discovery import INTERFACES_VARIABLE
from desktop.core.venue.hub import HubServer, VenueHub
from desktop.core.venue.member import HubExchange, exchange
from sync.desk.venue_wire import CALL_PATH, JoinText, VenueWireError, fingerprint, parse_join_text
from tests.sync import proxy as faults
from tests.sync.helpers import (
    ROOT,
    HqProcess,
    check_in,
    make_desk,
    make_event,
    register,
)
from tests.sync.test_venue_hub import HubProcess, _desk, cli

PEOPLE = 12  # per desk and batch


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(INTERFACES_VARIABLE, "127.0.0.1")


def _count(db: Database, sql: str) -> tuple[int, ...]:
    with db.session() as session:
        return tuple(session.connection().exec_driver_sql(sql).one())


def _checkins(db: Database) -> tuple[int, ...]:
    return _count(db, "SELECT COUNT(*), COUNT(DISTINCT id) FROM checkin")


def _made(db: Database, event_id: str, first: int) -> None:
    check_in(db, event_id, register(db, event_id, range(first, first + PEOPLE)))


def _join_text(hub: HubProcess) -> str:
    """The join text the hub shows now (its QR code): a new code comes with its own."""
    texts = [json.loads(line).get("join_text") for line in hub.lines if '"join_text"' in line]
    return str(texts[-1] if texts else hub.first_line["join_text"])


def _exchange(db: Database) -> HubExchange:
    done = exchange(db)
    assert done is not None
    return done


def test_join_text_round_trip_and_refusals() -> None:
    text = JoinText(hub="http://10.0.0.5:47300", code="012345", fingerprint="ABCD-0123-4567-89EF")
    assert text.text().startswith("hadir-venue:?hub=http")
    # A scanner types the text and a line end; a lower-case fingerprint is the same one.
    assert parse_join_text(f"  {text.text().replace('ABCD', 'abcd')}\r\n") == text
    for broken, part in (
        ("hadir-venue:?code=012345&fp=ABCD-0123-4567-89EF", "address"),
        ("hadir-venue:?hub=http://10.0.0.5:47300&code=12&fp=ABCD-0123-4567-89EF", "code"),
        ("hadir-venue:?hub=http://10.0.0.5:47300&code=012345&fp=nope", "fingerprint"),
        ("http://10.0.0.5:47300", "hadir-venue:"),
    ):
        with pytest.raises(VenueWireError, match=part):
            parse_join_text(broken)


def test_join_with_the_qr_text_checks_the_fingerprint_and_a_taken_port_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub_db = _desk(tmp_path / "hub", "Meja Hub")
    event_id = make_event(hub_db)
    hub = HubProcess(tmp_path / "hub")
    try:
        shown = hub.start()
        assert set(shown) == {"url", "pair_code", "fingerprint", "join_text"}
        scanned = parse_join_text(shown["join_text"])
        assert (scanned.hub, scanned.code, scanned.fingerprint) == (
            shown["url"],
            shown["pair_code"],
            shown["fingerprint"],
        )
        folder = tmp_path / "meja1"
        _desk(folder, "Meja 1").close()
        # A text whose fingerprint is not the hub's (another laptop's QR, or a tampered one):
        # the code is right, the pairing completes, and still nothing is pinned.
        forged = JoinText(hub=hub.url, code=hub.code, fingerprint="0000-0000-0000-0000").text()
        code, refused = cli(capsys, folder, "venue", "join", "--code", forged)
        assert code == 1 and refused["code"] == "venue_join_text_mismatch", refused
        assert cli(capsys, folder, "venue", "status")[1]["role"] == "none"
        code, joined = cli(capsys, folder, "venue", "join", "--code", _join_text(hub))
        assert code == 0, joined
        assert joined == {"hub": hub.url, "hub_desk": "Meja Hub", "event_ids": [event_id]}
        code, bad = cli(capsys, tmp_path / "hub", "venue", "join", "--code", "hadir-venue:?x")
        assert code == 1 and bad["code"] == "venue_bad_join_text", bad
        # Another desk cannot host on the port the hub holds: its role stays "none", and the
        # message names the port and what to do.
        other = tmp_path / "meja2"
        _desk(other, "Meja 2").close()
        port = str(hub.port)
        code, taken = cli(capsys, other, "venue", "host", "--bind", "127.0.0.1", "--port", port)
        assert code == 1 and taken["code"] == "venue_port_in_use", taken
        assert f"port {port}" in taken["error"] and "--port" in taken["error"]
        assert cli(capsys, other, "venue", "status")[1]["role"] == "none"
    finally:
        hub.kill()
        hub_db.close()


def test_a_member_moves_by_address_through_a_cut_answer_and_refuses_a_stranger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No mDNS here: the operator gives the new hub's address (``venue move``). Through the
    fault proxy the new hub's first answer is cut after it stored the push: resent, stored once.
    A hub whose key is not in the roster is refused, and nothing changes."""
    a_db = _desk(tmp_path / "a", "Meja A")
    event_id = make_event(a_db)
    b_db, c_db = _desk(tmp_path / "b", "Meja B"), _desk(tmp_path / "c", "Meja C")
    hub_a, hub_b = HubProcess(tmp_path / "a"), HubProcess(tmp_path / "b")
    # A desk of this office that serves as a hub but was never in this venue's roster.
    d_db = _desk(tmp_path / "d", "Meja D")
    stranger = HubServer(VenueHub(d_db), "127.0.0.1", 0)
    threading.Thread(target=stranger.serve_forever, daemon=True).start()
    stranger_url = f"http://127.0.0.1:{stranger.server_address[1]}"
    try:
        hub_a.start()
        for folder in ("b", "c"):
            assert (
                cli(capsys, tmp_path / folder, "venue", "join", "--code", _join_text(hub_a))[0] == 0
            )
        for db in (b_db, c_db):
            assert _exchange(db).error is None
        _made(c_db, event_id, 3000)
        assert _exchange(c_db).pending == 0  # all of it at A only
        hub_a.kill()
        hub_b.start()
        code, refused = cli(capsys, tmp_path / "c", "venue", "move", "--hub", stranger_url)
        assert code == 1 and refused["code"] == "venue_not_in_roster", refused
        assert cli(capsys, tmp_path / "c", "venue", "status")[1]["hub"] == hub_a.url
        with faults.FaultProxy(hub_b.port) as cut_proxy:
            code, moved = cli(capsys, tmp_path / "c", "venue", "move", "--hub", cut_proxy.url)
            assert code == 0 and moved == {"hub": cut_proxy.url, "hub_desk": "Meja B"}, moved
            cut_proxy.script([faults.CUT], path=CALL_PATH)
            cut = _exchange(c_db)
            assert cut.error is not None and cut.pending > 0, cut
            done = _exchange(c_db)
            assert done.error is None and done.pending == 0, done
        relayed = _count(b_db, "SELECT COUNT(*), COUNT(DISTINCT change_id) FROM venue_relayed")
        assert relayed[0] == relayed[1] >= 3 * PEOPLE
        assert _checkins(b_db) == (PEOPLE, PEOPLE)
    finally:
        stranger.shutdown()
        stranger.server_close()
        for process in (hub_a, hub_b):
            process.kill()
        for db in (a_db, b_db, c_db, d_db):
            db.close()


def test_hub_killed_a_member_takes_over_the_third_moves_and_all_converge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hq: HqProcess
) -> None:
    seed = int(os.environ.get("HADIR_KILL_SEED", str(random.randrange(1_000_000))))
    delay = random.Random(seed).uniform(0.3, 1.6)  # a run takes ~1 s to start, then pushes
    print(f"HADIR_KILL_SEED={seed}: the hub and the pushing member killed {delay:.2f} s in")
    a_db = make_desk(tmp_path / "a", hq=hq, server_url=hq.url, name="Meja A")
    event_id = make_event(a_db)
    assert run_sync(a_db).outcome == "ok"
    b_db = make_desk(tmp_path / "b", hq=hq, server_url=hq.url, name="Meja B")
    c_db = _desk(tmp_path / "c", "Meja C")  # never enrolled: it reaches HQ only through a hub
    hub_a = HubProcess(tmp_path / "a")
    hub_b = HubProcess(tmp_path / "b")  # the port its laptop's setting says
    try:
        hub_a.start()
        for db, folder in ((b_db, "b"), (c_db, "c")):
            joined = cli(capsys, tmp_path / folder, "venue", "join", "--code", _join_text(hub_a))
            assert joined[0] == 0, joined
            assert _exchange(db).error is None  # the event, and the roster
        with c_db.session() as session:
            roster = keys.roster(session=session)
        assert roster is not None
        assert [(d.desk_name, d.is_hub) for d in roster.desks] == [
            ("Meja A", True),
            ("Meja B", False),
            ("Meja C", False),
        ]
        # Every desk checks people in and the venue converges through A.
        for number, db in enumerate((a_db, b_db, c_db)):
            _made(db, event_id, 1000 * (number + 1))
        for db in (b_db, c_db, b_db):
            assert _exchange(db).pending == 0
        # Then C's next batch goes to A (B does not pull it) and A's next batch to no desk at
        # all, when A's laptop dies: SIGKILL at a random moment of C's push.
        _made(a_db, event_id, 1500)
        _made(c_db, event_id, 3500)
        pushing = subprocess.Popen(
            [sys.executable, "-m", "desktop.cli", "sync", "run", "--data-dir", str(tmp_path / "c")],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        hub_a.kill()
        pushing.kill()  # C's laptop too, mid-push or mid-search for the next hub (no wait)
        pushing.wait(timeout=60)
        # B takes A's port (A's laptop is gone; desks keep the same port setting): C finds it at
        # the address A last heard B from, without mDNS.
        hub_b.port = hub_a.port
        # B takes over as hub with the key the others hold: no pairing code.
        shown = hub_b.start()
        assert shown["fingerprint"] == next(
            fingerprint(d.public_key) for d in roster.desks if d.desk_name == "Meja B"
        )
        assert cli(capsys, tmp_path / "b", "venue", "status")[1]["role"] == "hub"
        b_desks = [
            d["desk_name"] for d in cli(capsys, tmp_path / "b", "venue", "status")[1]["desks"]
        ]
        assert b_desks == ["Meja A", "Meja C"]
        # C finds A gone, finds B on the LAN by its roster fingerprint, and moves; it hands B
        # again what only A had confirmed.
        moved = _exchange(c_db)
        assert (moved.moved_from, moved.moved_to) == ("Meja A", "Meja B"), moved
        assert moved.error is None and moved.pending == 0, (moved, seed)
        assert moved.pushed >= 2 * 3 * PEOPLE, (moved, seed)  # everything not at HQ, again
        assert cli(capsys, tmp_path / "c", "venue", "status")[1]["hub"] == hub_b.url
        # Without HQ, the venue (B and C) holds everything but A's unshared last batch.
        venue_total = 4 * PEOPLE
        assert _checkins(b_db) == (venue_total, venue_total)
        assert _exchange(c_db).error is None
        # C's killed run may have pulled A's last batch from A before the kill (a run starts in
        # about 0.3 s now): then C holds it too, once; B learns it when A's laptop is back.
        held, distinct = _checkins(c_db)
        assert held == distinct and held in (venue_total, venue_total + PEOPLE), (held, seed)
        # The internet returns: A's own run reaches HQ (its laptop back, as a desk), B relays
        # C's records, and A's last batch reaches C through B.
        assert run_sync(a_db).pending == 0
        for _ in range(3):
            if (report := run_sync(b_db)).pending == 0 and report.outcome == "ok":
                break
        assert report.pending == 0 and report.outcome == "ok", report
        assert run_sync(a_db).outcome == "ok"  # what B and C made, from HQ
        assert _exchange(c_db).error is None
        total = 5 * PEOPLE
        for db in (a_db, b_db, c_db):
            assert _checkins(db) == (total, total)
        assert hq.query("SELECT COUNT(*), COUNT(DISTINCT id) FROM checkin")[0] == (total, total)
        with c_db.session() as session:
            last_move = json.loads(get_setting(session=session, key=keys.MEMBER_MOVED) or "{}")
        assert (last_move["from"], last_move["to"]) == ("Meja A", "Meja B")
    finally:
        hub_a.kill()
        hub_b.kill()
        for db in (a_db, b_db, c_db):
            db.close()
