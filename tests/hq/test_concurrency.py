"""Several uvicorn workers must behave as one: the database alone decides what is new."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import Engine

from sync.hq.settings import Settings
from tests.hq.conftest import start_process_server, stop_process
from tests.hq.helpers import Hq, checkin_record, envelope, event_record, participant_record


@pytest.fixture
def two_worker_hq(database_url: str, engine: Engine) -> Iterator[Hq]:
    process, url = start_process_server(database_url, workers=2)
    try:
        yield Hq(url=url, engine=engine, settings=Settings(database_url=database_url))
    finally:
        stop_process(process)


def test_the_same_batch_sent_concurrently_to_two_workers_is_stored_once(two_worker_hq: Hq) -> None:
    hq = two_worker_hq
    desk = hq.desk()
    event = event_record()
    people = [
        participant_record(nip=f"1986092620150510{i:02d}"[:18], email=None) for i in range(40)
    ]
    setup = [envelope(event)] + [envelope(p) for p in people]
    batch = [envelope(checkin_record(event.id, p.id)) for p in people for _ in range(5)]
    body = desk.push_body(setup + batch)

    answers: list[requests.Response] = []
    start = threading.Barrier(8)

    def send() -> None:
        start.wait()
        # A fresh connection each time, so the two worker processes share the requests.
        with requests.Session() as http:
            for _ in range(3):
                answers.append(
                    http.post(
                        f"{hq.url}/api/v1/push",
                        data=body,
                        headers={"Content-Encoding": "gzip", "Connection": "close", **desk.auth},
                        timeout=120,
                    )
                )

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(answers) == 24
    assert all(a.status_code == 200 for a in answers), [
        a.text for a in answers if a.status_code != 200
    ]
    stored: Counter[str] = Counter()
    for answer in answers:
        payload = answer.json()
        assert len(payload["acknowledged"]) == len(setup) + len(batch)
        for result in payload["results"]:
            assert result["status"] in ("stored", "already_stored"), result
            if result["status"] == "stored":
                stored[result["id"]] += 1
    # Each change id was "stored" by exactly one request; every other request saw it as there.
    assert set(stored.values()) == {1} and len(stored) == len(setup) + len(batch)
    counts = hq.stats()
    assert counts["checkins"] == len(batch)
    assert counts["participants"] == len(people)
    assert counts["persons"] == len(people)
    assert counts["attendances"] == len(people)

    # Pull afterwards sees every change exactly once, in cursor order.
    reader = hq.desk(name="Meja 2")
    pulled, _ = reader.pull_all(limit=50)
    ids = [item["id"] for item in pulled if item["kind"] != "desk_key"]
    assert len(ids) == len(set(ids)) == len(setup) + len(batch)
