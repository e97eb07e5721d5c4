"""Reconcile answers only about change ids the asking desk may see (issue 15, item 9): another
office's change id reads exactly like an id HQ never saw. Real HQ over HTTP, both databases."""

from __future__ import annotations

from typing import Any

import requests

from sync.ids import new_id
from sync.protocol import manifest_hash
from tests.hq.helpers import (
    Desk,
    Hq,
    checkin_record,
    envelope,
    event_record,
    participant_record,
    registration_record,
    statuses,
)


def _missing(hq: Hq, desk: Desk, event_id: str, ids: list[str]) -> list[Any]:
    group = {"event_id": event_id, "day": 1, "count": len(ids), "ids_sha256": manifest_hash(ids)}
    answer = requests.post(
        f"{hq.url}/api/v1/reconcile",
        json={"groups": [{**group, "ids": ids}]},
        headers=desk.auth,
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return list(answer.json()["groups"][0]["missing"])


def _one_checkin(desk: Desk, office: str) -> tuple[str, str]:
    event = event_record(office=office)
    person = participant_record()
    checkin = envelope(checkin_record(event.id, person.id, day=1))
    items = [envelope(event), envelope(person), envelope(registration_record(event.id, person.id))]
    assert set(statuses(desk.push([*items, checkin]))) == {"stored"}
    return event.id, str(checkin["id"])


def test_another_offices_change_id_reads_as_unknown(hq: Hq) -> None:
    dki = hq.desk("DKI", "Meja 1")
    sulteng = hq.desk("SULTENG", "Meja 1")
    event_id, dki_change = _one_checkin(dki, "DKI")
    never_seen = new_id()
    assert _missing(hq, sulteng, event_id, [dki_change, never_seen]) == sorted(
        [dki_change, never_seen]
    )
    assert _missing(hq, dki, event_id, [dki_change]) == []  # the owner still hears "held"


def test_a_change_of_the_same_office_still_counts_as_held(hq: Hq) -> None:
    # A venue hub or USB bundle carries a desk's change in under another device: it is held.
    first, second = hq.desk("SULTENG", "Meja 1"), hq.desk("SULTENG", "Meja 2")
    event_id, change_id = _one_checkin(first, "SULTENG")
    assert _missing(hq, second, event_id, [change_id]) == []
