"""The compact answer to a push (issue 20): by position, asked for by header, the same decisions as
the answer by id; the desk trusts it only for the batch it sent. COPY-based ingest decides "new" as
the array insert did, in a batch and across batches."""

from __future__ import annotations

import gzip
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from sqlalchemy import func, select

from sync.desk.client import ClientConfig, HqClient
from sync.desk.outbox import Sendable
from sync.hq.models import Change, CheckIn
from sync.protocol import (
    COMPACT_ANSWER_HEADER,
    CompactPushResponse,
    ItemResult,
    ItemStatus,
    PushResponse,
    compact_answer,
    expand_answer,
)
from tests.hq.helpers import (
    Hq,
    checkin_record,
    envelope,
    event_record,
    participant_record,
    registration_record,
)

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def _answer(results: list[ItemResult]) -> PushResponse:
    return PushResponse(
        results=results,
        acknowledged=[r.id for r in results if r.status in ("stored", "already_stored")],
        server_time=NOW,
        clock_skew_seconds=0.5,
    )


def test_a_compact_answer_stands_for_the_same_decisions() -> None:
    ids = [f"c{n}" for n in range(8)]
    statuses = ["stored", "stored", "invalid", "stored", "already_stored", "already_stored"]
    results = [ItemResult(id=i, status=ItemStatus(s)) for i, s in zip(ids, statuses, strict=False)]
    results[2] = ItemResult(id=ids[2], status=ItemStatus.INVALID, reason="no event [x]")
    results.append(ItemResult(id=ids[6], status=ItemStatus.STORED, reason="a note"))
    results.append(ItemResult(id=ids[7], status=ItemStatus.CONFLICT, reason="other content"))
    full = _answer(results)

    compact = compact_answer(full, ids)

    assert compact.stored == [(0, 2), (3, 1)] and compact.already_stored == [(4, 2)]
    assert [(o.at, o.status, o.reason) for o in compact.others] == [
        (2, ItemStatus.INVALID, "no event [x]"),
        (6, ItemStatus.STORED, "a note"),
        (7, ItemStatus.CONFLICT, "other content"),
    ]
    again = expand_answer(CompactPushResponse.model_validate_json(compact.model_dump_json()), ids)
    assert again.model_dump() == full.model_dump()


@pytest.mark.parametrize(
    "change",
    [
        {"batch_sha256": "0" * 64},  # another batch's answer
        {"stored": [(0, 3)], "already_stored": [(2, 1)]},  # a position answered twice
        {"stored": [(1, 1_000_000_000)]},  # past the end, refused before any loop
        {"items": 4},
    ],
)
def test_an_answer_to_another_batch_is_not_trusted(change: dict[str, object]) -> None:
    ids = ["a", "b", "c"]
    full = _answer([ItemResult(id=i, status=ItemStatus.STORED) for i in ids])
    forged = compact_answer(full, ids).model_copy(update=change)
    with pytest.raises(ValueError):
        expand_answer(forged, ids)


def test_an_unnamed_position_is_unanswered_not_acknowledged() -> None:
    ids = ["a", "b", "c"]
    full = _answer([ItemResult(id=i, status=ItemStatus.STORED) for i in ids])
    partial = compact_answer(full, ids).model_copy(update={"stored": [(0, 1), (2, 1)]})
    assert expand_answer(partial, ids).acknowledged == ["a", "c"]


def test_hq_answers_compactly_only_when_asked(hq: Hq) -> None:
    desk = hq.desk()
    event = event_record()
    person = participant_record()
    items = [
        envelope(event),
        envelope(person),
        envelope(registration_record(event.id, person.id)),
        {"id": "unknown-kind", "kind": "nonsense", "payload": {"id": "x"}},
        envelope(checkin_record(event.id, person.id)),
    ]
    ids = [item["id"] for item in items]
    asked = desk.push_raw(desk.push_body(items), headers={COMPACT_ANSWER_HEADER: "1"})
    assert asked.status_code == 200, asked.text
    compact = CompactPushResponse.model_validate_json(asked.content)
    assert compact.stored == [(0, 3), (4, 1)]
    assert [(o.at, o.status) for o in compact.others] == [(3, ItemStatus.INVALID)]
    assert expand_answer(compact, ids).acknowledged == ids[:3] + ids[4:]

    again = desk.push(items)  # a desk of the previous version: the answer by id, as before
    assert again.status_code == 200
    assert again.json()["acknowledged"] == ids[:3] + ids[4:]
    assert [r["status"] for r in again.json()["results"]] == ["already_stored"] * 3 + [
        "invalid",
        "already_stored",
    ]


def test_copy_ingest_stores_each_change_once_within_and_across_batches(hq: Hq) -> None:
    desk = hq.desk()
    event = event_record()
    people = [participant_record() for _ in range(120)]
    setup = [envelope(event)] + [envelope(p) for p in people]
    assert desk.push(setup).status_code == 200
    checkins = [envelope(checkin_record(event.id, p.id)) for p in people]
    # The second half again in the same batch (a desk's resend after a lost answer), then all of
    # it once more: every change and check-in is stored once, the copies are "already stored".
    first = desk.push(checkins + checkins[60:])
    statuses = [r["status"] for r in first.json()["results"]]
    assert statuses == ["stored"] * 120 + ["already_stored"] * 60
    second = desk.push(checkins)
    assert [r["status"] for r in second.json()["results"]] == ["already_stored"] * 120
    with hq.engine.connect() as connection:
        changes = connection.execute(
            select(func.count()).select_from(Change).where(Change.kind == "checkin")  # type: ignore[arg-type]
        ).scalar_one()
        stored = connection.execute(select(func.count()).select_from(CheckIn)).scalar_one()
    assert (changes, stored) == (120, 120)


class _PreviousHq(BaseHTTPRequestHandler):
    """An HQ of the previous version: it ignores the header and answers every push by id."""

    seen_header: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        document = json.loads(gzip.decompress(self.rfile.read(length)))
        _PreviousHq.seen_header.append(self.headers.get(COMPACT_ANSWER_HEADER))
        ids = [item["id"] for item in document["items"]]
        body = _answer([ItemResult(id=i, status=ItemStatus.STORED) for i in ids]).model_dump_json()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_desk_reads_the_answer_by_id_of_a_previous_hq() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PreviousHq)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        items = [Sendable(n, f"c{n}", "audit", '{"kind":"audit"}') for n in range(3)]
        config = ClientConfig(server_url=f"http://127.0.0.1:{server.server_port}", token="t" * 40)
        with HqClient(config) as client:
            answer = client.push(items, desk_time=NOW, pending=3)
        assert answer.acknowledged == ["c0", "c1", "c2"]
        assert _PreviousHq.seen_header == ["1"]  # asked, and answered the old way
    finally:
        server.shutdown()
        server.server_close()
