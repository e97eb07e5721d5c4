"""A phone or tablet as a check-in station of the venue hub (issue 17 item 7).

A real hub (``desktop/services/venue.py host``: VenueHub + HubServer on 127.0.0.1) over a real
encrypted desk database; stations added, listed and removed by hadir-cli while it serves. At the
HTTP level: a caller without the station's key gets a bare 401 and no personal data, a wrong key
or a replay is refused, a call from a far clock is answered (sealed) with the hub's time. In a
real browser (Playwright driving Debian's Chromium): the station's page searches, checks in
(green), sees the amber "already" with the station's name, and red for what is not registered;
the check-ins are the hub's records (method "station", the station's name as operator), and a
member desk that pulls from the hub sees them with the station's name.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from nacl.secret import SecretBox
from sqlmodel import select

from desktop.cli import main
from desktop.core import registry
from desktop.core.clock import utcnow, zone
from desktop.core.db import Database
from desktop.core.desk import configure_desk, desk_identity, set_setting
from desktop.core.models import CheckIn
from desktop.core.venue.member import exchange
from desktop.core.venue.station import PAGE_PATH, STATION_PATH
from desktop.services import checkin, venue
from desktop.services.venue import RunningHub
from tests.sync.helpers import FAST, OFFICE, free_port, nip, register

TZ = "Asia/Makassar"
CHROMIUM = Path("/usr/bin/chromium")


def _desk(folder: Path, name: str) -> Database:
    db = Database(folder)
    with db.write() as session:
        for key, value in FAST.items():
            set_setting(session=session, key=key, value=value)
        configure_desk(session=session, office_code=OFFICE, desk_name=name)
    return db


def _event_today(db: Database) -> str:
    """An event running today at the venue, so the page's day is today's."""
    today = utcnow().astimezone(zone(TZ)).date()
    with db.write() as session:
        event = registry.create_event(
            session=session,
            office_code=OFFICE,
            title="Bimtek Kearsipan",
            starts_at=datetime.combine(today, datetime.min.time()) + timedelta(hours=7),
            ends_at=datetime.combine(today, datetime.min.time()) + timedelta(days=1, hours=16),
            timezone=TZ,
            venue="Palu",
        )
        return event.id


def cli(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, Any]:
    code = main([*args, "--data-dir", str(folder), "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    return code, json.loads(out[-1])


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[tuple[Database, RunningHub, str]]:
    db = _desk(tmp_path / "hub", "Meja Hub")
    event_id = _event_today(db)
    register(db, event_id, range(1, 6))  # "Peserta 1" .. "Peserta 5"
    running = venue.host(db, bind="127.0.0.1", port=free_port(), operator="admin")
    yield db, running, event_id
    running.stop()
    db.close()


class Page:
    """The page's side of the wire, in Python: what a phone with the key sends."""

    def __init__(self, url: str) -> None:
        base, fragment = url.split("#", 1)
        params = dict(part.split("=", 1) for part in fragment.split("&"))
        self.hub = base.removesuffix(PAGE_PATH)
        self.station = params["s"]
        key = params["k"]
        self.box = SecretBox(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4)))

    def envelope(self, op: str, body: dict[str, Any], *, ts: float | None = None) -> dict[str, Any]:
        inner = {"op": op, "rid": f"{time.time_ns():x}", "ts": ts or time.time(), "body": body}
        sealed = self.box.encrypt(json.dumps(inner).encode())
        return {"s": self.station, "box": base64.b64encode(bytes(sealed)).decode(), "_": inner}

    def post(self, envelope: dict[str, Any]) -> requests.Response:
        wire = {k: v for k, v in envelope.items() if k != "_"}
        return requests.post(self.hub + STATION_PATH, json=wire, timeout=5)

    def open(self, answer: requests.Response) -> dict[str, Any]:
        inner = json.loads(self.box.decrypt(base64.b64decode(answer.json()["box"])))
        return dict(inner)

    def call(self, op: str, body: dict[str, Any]) -> dict[str, Any]:
        envelope = self.envelope(op, body)
        answer = self.post(envelope)
        assert answer.status_code == 200, answer.text
        inner = self.open(answer)
        assert inner["rid"] == envelope["_"]["rid"]
        return dict(inner["body"])


def test_without_the_key_nothing_is_readable_or_writable(tmp_path, capsys, hub):
    db, running, event_id = hub
    code, made = cli(capsys, tmp_path / "hub", "venue", "station", "add", "--name", "HP 1")
    assert code == 0, made
    assert set(made) == {"station", "name", "url"} and made["name"] == "HP 1"
    assert made["url"].startswith(f"{running.url}{PAGE_PATH}#s={made['station']}&k=")
    page = Page(made["url"])
    # The page itself is served to anyone, and holds nothing: no name, no NIP, no event.
    for path in (PAGE_PATH, f"{PAGE_PATH}/station.js", f"{PAGE_PATH}/nacl-fast.min.js"):
        served = requests.get(running.url + path, timeout=5)
        assert served.status_code == 200
        assert "Peserta" not in served.text and nip(1) not in served.text
        assert "Bimtek" not in served.text
    headers = requests.get(running.url + PAGE_PATH, timeout=5).headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer"
    assert requests.get(running.url + "/", timeout=5).status_code == 404
    assert requests.get(running.url + "/station/../hadir.db", timeout=5).status_code == 404

    # A laptop on the Wi-Fi: an unknown station, a known station id with a key of its own, junk.
    forged = SecretBox(b"\x01" * 32).encrypt(
        json.dumps({"op": "search", "rid": "x", "ts": time.time(), "body": {}}).encode()
    )
    for body in (
        {"s": "0" * 16, "box": page.envelope("hello", {})["box"]},
        {"s": page.station, "box": base64.b64encode(bytes(forged)).decode()},
        {"s": page.station, "box": "bm90IGEgYm94"},
    ):
        refused = requests.post(running.url + STATION_PATH, json=body, timeout=5)
        assert refused.status_code == 401 and refused.json() == {"code": "station_refused"}
    bad = requests.post(running.url + STATION_PATH, data=b"[1]", timeout=5)
    assert bad.status_code == 400 and "Peserta" not in bad.text

    # With the key: the events, a search, a check-in; the answers are ciphertext on the wire.
    hello = page.call("hello", {})
    assert hello["station"] == "HP 1" and hello["hub_desk"] == "Meja Hub"
    assert hello["event"] == event_id and hello["events"][0]["today"] == 1
    envelope = page.envelope("search", {"event": event_id, "query": "Peserta 3"})
    answer = page.post(envelope)
    assert answer.status_code == 200 and "Peserta" not in answer.text
    assert [h["name"] for h in page.open(answer)["body"]["hits"]] == ["Peserta 3"]
    again = page.post(envelope)  # the same call replayed
    assert again.status_code == 401 and again.json() == {"code": "station_refused"}
    with db.session() as session:  # a search writes nothing
        assert session.exec(select(CheckIn)).all() == []

    # A phone whose clock is an hour off is told the hub's time (sealed), and nothing is done.
    late = page.envelope("checkin", {"event": event_id, "day": 1, "entry": nip(2)}, ts=1.0)
    told = page.open(page.post(late))["body"]
    assert told["code"] == "station_clock" and abs(told["hub_time"] - time.time()) < 60
    with db.session() as session:
        assert session.exec(select(CheckIn)).all() == []

    # Listed without keys; removed, the phone's next call is refused while the hub runs on.
    code, listed = cli(capsys, tmp_path / "hub", "venue", "station", "list")
    assert [s["name"] for s in listed["stations"]] == ["HP 1"]
    assert listed["stations"][0]["last_seen"] is not None
    assert made["url"].split("k=")[1] not in json.dumps(listed)
    code, taken = cli(capsys, tmp_path / "hub", "venue", "station", "add", "--name", " HP  1 ")
    assert code == 1 and taken["code"] == "station_name_taken"
    code, removed = cli(capsys, tmp_path / "hub", "venue", "station", "remove", "--name", "HP 1")
    assert code == 0 and removed["removed"] == "HP 1"
    refused = page.post(page.envelope("hello", {}))
    assert refused.status_code == 401
    code, gone = cli(capsys, tmp_path / "hub", "venue", "station", "remove", "--name", "HP 1")
    assert code == 1 and gone["code"] == "station_not_found"
    code, empty = cli(capsys, tmp_path / "hub", "venue", "station", "add", "--name", "  ")
    assert code == 1 and empty["code"] == "station_name_required"


def test_on_a_day_that_is_no_day_of_the_event_the_station_chooses_the_day(tmp_path, capsys, hub):
    db, _running, _ = hub
    with db.write() as session:
        past = registry.create_event(
            session=session,
            office_code=OFFICE,
            title="Pelatihan HAM bagi ASN",
            starts_at=datetime(2026, 11, 24, 8, 0),
            ends_at=datetime(2026, 11, 26, 16, 0),
            timezone=TZ,
        )
        registry.register_participant(
            session=session,
            event_id=past.id,
            desk_id=desk_identity(session=session).desk_id,
            full_name="Peserta 1",
            nip=nip(1),
            instansi="Pemkot Palu",
        )
    page = Page(
        cli(capsys, tmp_path / "hub", "venue", "station", "add", "--name", "Tablet")[1]["url"]
    )
    listed = {e["id"]: e for e in page.call("hello", {})["events"]}
    assert listed[past.id]["today"] is None and len(listed[past.id]["days"]) == 3
    refused = page.call("checkin", {"event": past.id, "day": None, "entry": nip(1)})
    assert refused["outcome"] == "error" and refused["error"]["code"] == "day_required"
    made = page.call("checkin", {"event": past.id, "day": 2, "entry": nip(1)})
    assert made["outcome"] == "checked_in" and made["person"]["name"] == "Peserta 1"
    assert made["desk"] == "Meja Hub \u00b7 Tablet" and made["count"] == {
        "present": 1,
        "registered": 1,
    }
    # A name nobody has, and a number that is no NIP: the page's red cards, in words it knows.
    assert page.call("checkin", {"event": past.id, "day": 2, "entry": "Zulkarnain"}) == {
        "outcome": "no_match",
        "query": "Zulkarnain",
        "count": {"present": 1, "registered": 1},
    }
    # Undo: of this station's own check-in, once; of another's, or again, refused.
    other = Page(
        cli(capsys, tmp_path / "hub", "venue", "station", "add", "--name", "HP 9")[1]["url"]
    )
    refused = other.call("undo", {"checkin": made["checkin"]})
    assert refused["error"]["code"] == "station_undo_refused"
    assert page.call("undo", {"checkin": made["checkin"]})["outcome"] == "undone"
    assert page.call("undo", {"checkin": made["checkin"]})["outcome"] == "error"
    assert checkin.day_count(db, event_id=past.id, day=2).present == 0
    wrong = page.call("checkin", {"event": past.id, "day": 2, "entry": "1980010120100510000"})
    assert wrong["error"]["family"] == "identity" and wrong["error"]["code"] == "bad_length"


def test_a_desk_that_is_no_hub_has_no_stations(tmp_path, capsys):
    _desk(tmp_path / "alone", "Meja 1").close()
    code, answer = cli(capsys, tmp_path / "alone", "venue", "station", "add", "--name", "HP 1")
    assert code == 1 and answer["code"] == "station_not_hub"
    assert "venue host" in answer["error"]


def test_a_phone_checks_people_in_through_the_page(tmp_path, capsys, hub):
    """The real page in a real browser, then the records on the hub and at a member desk."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    db, running, event_id = hub
    made = cli(capsys, tmp_path / "hub", "venue", "station", "add", "--name", "HP 1")[1]
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 390, "height": 844})
            tab = context.new_page()
            tab.set_default_timeout(5000)
            expect = playwright_api.expect
            tab.goto(made["url"])
            expect(tab.locator("#who")).to_have_text("HP 1 \u00b7 hub Meja Hub")
            assert "#" not in tab.url  # the key is out of the address bar and the history
            # No camera here (Debian's Chromium has no BarcodeDetector; on a LAN address a
            # phone's browser refuses the camera to plain http): the page says so, typing stays.
            expect(tab.locator("#camera-note")).to_contain_text("Ketik nama atau NIP")
            expect(tab.locator("#camera")).to_be_hidden()
            # Search a name, tap its "Check-in": green.
            tab.locator("#entry").fill("Peserta 3")
            hit = tab.locator("#hits li", has_text="Peserta 3")
            hit.get_by_role("button", name="Check-in").click()
            expect(tab.locator("#card")).to_have_class("card present")
            expect(tab.locator("#card-title")).to_have_text("HADIR")
            expect(tab.locator("#card-name")).to_have_text("Peserta 3")
            # A scanner's NIP and Enter: green, and the count moves.
            tab.locator("#entry").fill(nip(4))
            tab.locator("#entry").press("Enter")
            expect(tab.locator("#card-name")).to_have_text("Peserta 4")
            expect(tab.locator("#card")).to_have_class("card present")
            expect(tab.locator("#count")).to_have_text("Hadir: 2 dari 5 terdaftar")
            # A scanner faster than the hub's answers: two codes, two Enters, none dropped.
            tab.locator("#entry").press_sequentially(nip(1) + "\n" + nip(2) + "\n", delay=2)
            expect(tab.locator("#count")).to_have_text("Hadir: 4 dari 5 terdaftar")
            expect(tab.locator("#card-name")).to_have_text("Peserta 2")
            # The same person again: amber, when and where.
            tab.locator("#entry").fill(nip(4))
            tab.locator("#entry").press("Enter")
            expect(tab.locator("#card")).to_have_class("card already")
            expect(tab.locator("#card-when")).to_contain_text("(Meja Hub \u00b7 HP 1)")
            # A mis-tap undone from the green card: the desk's undo record, the count back.
            tab.locator("#entry").fill(nip(5))
            tab.locator("#entry").press("Enter")
            expect(tab.locator("#card-name")).to_have_text("Peserta 5")
            tab.get_by_role("button", name="Batalkan").click()
            expect(tab.locator("#card-title")).to_have_text("DIBATALKAN")
            expect(tab.locator("#count")).to_have_text("Hadir: 4 dari 5 terdaftar")
            expect(tab.locator("#undo")).to_be_hidden()
            # A valid NIP not registered, and a name nobody has: red.
            tab.locator("#entry").fill(nip(40))
            tab.locator("#entry").press("Enter")
            expect(tab.locator("#card")).to_have_class("card error")
            expect(tab.locator("#card-title")).to_have_text("BELUM TERDAFTAR")
            expect(tab.locator("#card-name")).to_contain_text("tidak terdaftar di acara ini")
            tab.locator("#entry").fill("Zulkarnain")
            tab.locator("#entry").press("Enter")
            expect(tab.locator("#card-title")).to_have_text("TIDAK DITEMUKAN")
            # Reloaded (the key kept for this hub): it still works.
            tab.reload()
            expect(tab.locator("#who")).to_have_text("HP 1 \u00b7 hub Meja Hub")
            tab.close()
            # No key, or a wrong one: the page says so and shows no data.
            stranger = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            stranger.goto(running.url + PAGE_PATH)
            expect(stranger.locator("#blocked")).to_contain_text("tidak lengkap")
            assert "Peserta" not in stranger.content()
            wrong = (
                made["url"].split("&k=")[0]
                + "&k="
                + base64.urlsafe_b64encode(b"\x02" * 32).decode().rstrip("=")
            )
            stranger.goto("about:blank")  # else only the fragment changes: no new page load
            stranger.goto(wrong)
            expect(stranger.locator("#blocked")).to_contain_text("tidak dikenal")
            assert "Peserta" not in stranger.content() and "Bimtek" not in stranger.content()
        finally:
            browser.close()

    with db.session() as session:
        made_here = session.exec(select(CheckIn).order_by(CheckIn.at)).all()
        hub_desk = desk_identity(session=session)
    assert [(c.operator, c.method, c.desk_id) for c in made_here if c.undoes_id is None] == [
        ("HP 1", "station", hub_desk.desk_id)
    ] * 5
    undo = [c for c in made_here if c.undoes_id is not None]
    assert len(undo) == 1 and undo[0].operator == "HP 1"
    # A member desk that pulls from the hub sees them, with the station's name.
    member = _desk(tmp_path / "meja1", "Meja 1")
    try:
        venue.join(member, hub_url=running.url, code=running.pair_code, operator="petugas")
        pulled = exchange(member)
        assert pulled is not None and pulled.reached, pulled
        again = checkin.check_in_person(
            member, event_id=event_id, operator="petugas", number=nip(3)
        )
        assert again.outcome is checkin.Outcome.ALREADY
        assert again.desk_name == "Meja Hub \u00b7 HP 1"
    finally:
        member.close()


def test_the_station_page_says_what_the_desk_says():
    """The page is plain JavaScript and cannot ask Qt for the desk's sentences, so it carries a
    copy of those a check-in can end with; the window's (desktop/ui/i18n.py) stay their one home
    and this keeps the copy the same, word for word."""
    import re

    from desktop.ui import i18n

    source = (
        Path(__file__).resolve().parents[2] / "resources" / "station" / "station.js"
    ).read_text(encoding="utf-8")
    start = source.index("const SENTENCES = {")
    block = source[start : source.index("};", start)]
    entries = re.findall(r'(\w+):\s*((?:"(?:[^"\\]|\\.)*"\s*\+?\s*)+),', block)
    assert len(entries) >= 15, entries
    for code, literal in entries:
        text = "".join(json.loads(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', literal))
        names = re.findall(r"\{(\w+)\}", text)
        assert i18n.code_text(code, {name: "{" + name + "}" for name in names}) == text, code
