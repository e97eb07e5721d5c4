"""Several HQ workers show the same national figures (issue 19 item 6): two `hadir-hq serve`
processes on one PostgreSQL, hit in turn, with desks pushing certificates (and a revocation, and
an operator's link) to one or the other between the requests. Both pages show what a count made
here from the records pushed says, at once: nothing the pages show is kept per process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import requests
from sqlalchemy import Engine

from sync.clock import utcnow
from sync.hq import admin, people
from sync.hq.db import write_session
from sync.hq.settings import Settings
from tests.hq.conftest import start_process_server, stop_process
from tests.hq.helpers import (
    T0,
    Hq,
    dashboard_login,
    envelope,
    event_record,
    participant_record,
    registration_record,
    statuses,
)
from tests.hq.test_certificates_ingest import _revocation
from tests.hq.test_national import _certify

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
PASSWORD = "kata-sandi-yang-panjang-sekali"


@pytest.fixture
def workers(database_url: str, engine: Engine) -> Iterator[list[Hq]]:
    started = [start_process_server(database_url, workers=1) for _ in range(2)]
    settings = Settings(database_url=database_url)
    try:
        yield [Hq(url=url, engine=engine, settings=settings) for _, url in started]
    finally:
        for process, _ in started:
            stop_process(process)


def _shown(browser: requests.Session, hq: Hq) -> dict[str, str]:
    page = browser.get(f"{hq.url}/dashboard/national", params={"year": 2026}, timeout=30)
    assert page.status_code == 200
    trained = re.search(r'id="people-trained">([^<]+)<', page.text)
    luring = re.search(r'id="mode-luring">([^<]+)<', page.text)
    assert trained is not None and luring is not None
    return {"people_trained": trained.group(1), "luring": luring.group(1)}


def test_two_workers_show_the_same_figures_between_ingests(workers: list[Hq]) -> None:
    one, two = workers
    with write_session(one.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
    browser = dashboard_login(one, username="pusat", password=PASSWORD)  # one session, both
    desks = [one.desk("SULTENG", "Meja Palu"), two.desk("ACEH", "Meja Aceh")]
    trained: dict[str, str] = {}  # participant id -> the human, counted here
    issued = {}  # participant id -> (desk, a certificate record of theirs)
    for round_number in range(4):
        desk = desks[round_number % 2]
        event = event_record(desk.office, title=f"Putaran {round_number}")
        event = event.model_copy(update={"starts_at": T0, "ends_at": T0 + timedelta(hours=8)})
        items = [envelope(event)]
        for n in range(5):
            # The same five NIPs every round: repeat participation, one person each.
            person = participant_record(nip=f"19860926201505100{n}", email=None, name=f"P{n}")
            certificate = _certify(desk, event.id, person, date(2026, 3 + round_number, 13))
            items += [
                envelope(person),
                envelope(registration_record(event.id, person.id)),
                envelope(certificate),
            ]
            trained[person.id] = f"nip{n}"
        # And one newcomer per round, by e-mail only.
        newcomer = participant_record(nip=None, email=f"baru{round_number}@example.go.id")
        welcome = _certify(desk, event.id, newcomer, date(2026, 5, 1))
        items += [envelope(newcomer), envelope(welcome)]
        issued[newcomer.id] = (desk, welcome)
        trained[newcomer.id] = f"mail{round_number}"
        assert set(statuses(desk.push(items))) == {"stored"}
        expected = str(len(set(trained.values())))
        assert (
            _shown(browser, one)
            == _shown(browser, two)
            == {
                "people_trained": expected,
                "luring": expected,
            }
        )

    # A revocation through the other worker: P0 still holds three others; the first newcomer's
    # only one goes, and an operator links the second newcomer with P1.
    first_newcomer = next(p for p, h in trained.items() if h == "mail0")
    desk, welcome = issued[first_newcomer]
    desk.hq = two  # Palu's desk, through the other worker this time
    assert set(statuses(desk.push([envelope(_revocation(welcome))]))) == {"stored"}
    del trained[first_newcomer]
    second = next(p for p, h in trained.items() if h == "mail1")
    p1 = next(p for p, h in trained.items() if h == "nip1")
    with write_session(two.engine) as session:
        people.link(
            session=session, participant_id=p1, other_participant_id=second, by="R", now=utcnow()
        )
    trained[second] = "nip1"
    expected = str(len(set(trained.values())))
    assert (
        _shown(browser, two)
        == _shown(browser, one)
        == {
            "people_trained": expected,
            "luring": expected,
        }
    )
