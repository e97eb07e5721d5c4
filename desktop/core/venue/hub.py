"""The venue hub (issue 17 item 3): this desk serves the desks' own protocol to the other desks of
its office at the venue, over the hall's hotspot or LAN.

It is a desk, not a second HQ. What a member pushes becomes records in this desk's own database,
applied by the very code that applies HQ's pull (``desktop/core/sync/pull.py apply_pulled``) and
queued in this desk's outbox under the member's change ids with the member's frozen payload
(``sync/desk/venue_outbox.py relay``), so this desk's ``sync run`` relays them to HQ and HQ stores
each once whichever way it also travels. What the hub holds (its outbox: its own records and every
member's) it hands down by cursor. One transaction per push: a hub killed mid-push has either
stored and queued an item or not; the member resends what it was not told is stored.

Served by the standard library's ThreadingHTTPServer (FastAPI and uvicorn stay out of the desk
bundle, installer/server_only.py). Every route is POST; nothing is readable without pairing
(``sync/desk/venue_wire.py`` says how). Later increments plug in here: mDNS announcement (the
server's address and the fingerprint), the window's "Jadikan meja ini hub lokasi" (``VenueHub`` in
a worker thread), live exchange (the same ``push``/``pull`` every 2 s; a long-poll op can be added
to ``_OPS``), the phone page (another route family over the same ``VenueHub``).
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from sqlalchemy import text
from sqlmodel import Session, select

from desktop.core.clock import utcnow
from desktop.core.db import Database
from desktop.core.desk import DeskIdentity, desk_identity, get_setting, set_setting
from desktop.core.models import Event
from desktop.core.venue import keys
from sync.desk.outbox import VenueMember
from sync.desk.sqlite_bulk import sqlite_utc
from sync.desk.venue_outbox import (
    RelayedItem,
    feed,
    feed_pulled,
    held,
    keep_pulled,
    relay,
    set_aside_relayed,
)
from sync.desk.venue_wire import (
    CALL_PATH,
    MAX_BODY_BYTES,
    PAIR_FINISH_PATH,
    PAIR_START_PATH,
    HubAnswersResponse,
    HubItem,
    HubPairing,
    HubPullRequest,
    HubPullResponse,
    HubPushRequest,
    HubPushResponse,
    JoinAnswer,
    JoinRequest,
    ReplayGuard,
    VenueWireError,
    fingerprint,
    new_pair_code,
    open_request,
    seal_answer,
)
from sync.protocol import AnyRecord, PulledChange

log = logging.getLogger(__name__)

CODE_LIFETIME_SECONDS = 15 * 60
MAX_PAIRING_ATTEMPTS = 5  # per code: then a new code is made (and shown), the old one is dead
PAIRING_SESSION_SECONDS = 60
MAX_PULL_PAGE = 2000
_RECORD_MODELS: dict[str, type[BaseModel]] = {
    model.model_fields["kind"].default: model for model in get_args(AnyRecord)
}


class Refused(Exception):
    def __init__(self, status: int, code: str, sentence: str = "") -> None:
        super().__init__(sentence or code)
        self.status, self.code, self.sentence = status, code, sentence


@dataclass(frozen=True, slots=True)
class PairCode:
    code: str
    expires_at: float  # time.time()


class VenueHub:
    """The hub's state and operations, without HTTP (the server below and tests call these)."""

    def __init__(
        self,
        db: Database,
        *,
        code_lifetime: float = CODE_LIFETIME_SECONDS,
        max_attempts: int = MAX_PAIRING_ATTEMPTS,
        on_new_code: Callable[[PairCode], None] | None = None,
    ) -> None:
        self.db = db
        with db.write() as session:
            self._secret, self.public_key = keys.hub_key_pair(session=session)
            set_setting(session=session, key=keys.IS_HUB, value="1")
            self.identity: DeskIdentity = desk_identity(session=session)
        self.fingerprint = fingerprint(self.public_key)
        self._code_lifetime, self._max_attempts = code_lifetime, max_attempts
        self._on_new_code = on_new_code
        self._lock = threading.Lock()
        self._pairings: dict[str, HubPairing] = {}
        self._attempts = 0
        self._code = self._new_code()
        self._guard = ReplayGuard()

    # ----------------------------------------------------------------- the code

    def _new_code(self) -> PairCode:
        self._attempts = 0
        self._pairings.clear()
        return PairCode(new_pair_code(), time.time() + self._code_lifetime)

    def current_code(self) -> PairCode:
        with self._lock:
            return self._current_code()

    def _current_code(self) -> PairCode:
        if time.time() >= self._code.expires_at or self._attempts >= self._max_attempts:
            self._code = self._new_code()
            if self._on_new_code is not None:
                self._on_new_code(self._code)
        return self._code

    # ----------------------------------------------------------------- pairing

    def pair_start(self, body: dict[str, Any]) -> dict[str, Any]:
        message = body.get("message")
        if not isinstance(message, str):
            raise Refused(400, "venue_bad_request")
        with self._lock:
            code = self._current_code()
            # Every start spends an attempt; only a pairing that completes gives it back. A
            # guesser gets MAX_PAIRING_ATTEMPTS tries at one code, then that code is gone.
            self._attempts += 1
            now = time.monotonic()
            for stale in [
                k for k, p in self._pairings.items() if now - p.created > PAIRING_SESSION_SECONDS
            ]:
                del self._pairings[stale]
            try:
                pairing = HubPairing(code.code, message)
            except VenueWireError as error:
                raise Refused(400, "venue_bad_request") from error
            session_id = secrets.token_hex(16)
            self._pairings[session_id] = pairing
        return {"session": session_id, "message": pairing.message}

    def pair_finish(self, body: dict[str, Any]) -> dict[str, Any]:
        session_id, sealed = body.get("session"), body.get("box")
        if not isinstance(session_id, str) or not isinstance(sealed, str):
            raise Refused(400, "venue_bad_request")
        with self._lock:
            pairing = self._pairings.pop(session_id, None)
        if pairing is None:
            raise Refused(403, "venue_pairing_refused")
        try:
            request = JoinRequest.model_validate(pairing.open(sealed))
        except (VenueWireError, ValidationError) as error:
            log.warning("a pairing attempt with a wrong code was refused")
            raise Refused(403, "venue_pairing_refused") from error
        mine = self.identity.office_code
        if not request.office_code or request.office_code != mine:
            office, hub_office = request.office_code or "(none)", mine or "(none)"
            refusal = {
                "error": (
                    f"This desk belongs to office {office}; the hub "
                    f"{self.identity.desk_name} serves the desks of office "
                    f"{hub_office} only."
                ),
                "code": "venue_other_office",
                "params": {"office": office, "hub_office": hub_office},
            }
            with self._lock:
                self._attempts = max(0, self._attempts - 1)  # the code was right
            return {"box": pairing.seal(refusal)}
        with self.db.write() as session:
            row = session.get(VenueMember, request.desk_id)
            if row is None:
                row = VenueMember(
                    desk_id=request.desk_id,
                    desk_name=request.desk_name,
                    office_code=request.office_code,
                    public_key=request.public_key,
                )
            else:  # a desk that joins again gets a new key; the old one stops working
                row.desk_name, row.public_key = request.desk_name, request.public_key
            row.last_seen = utcnow()
            session.add(row)
            events = session.exec(
                select(Event.id).where(Event.office_code == mine, Event.is_demo == False)  # noqa: E712
            ).all()
        with self._lock:
            self._attempts = max(0, self._attempts - 1)
        joined = JoinAnswer(
            hub_public_key=self.public_key,
            hub_desk_id=self.identity.desk_id,
            hub_desk=self.identity.desk_name,
            office_code=mine or "",
            event_ids=sorted(events),
        )
        log.info("desk %s joined the venue hub", request.desk_name)
        return {"box": pairing.seal(joined.model_dump())}

    # ----------------------------------------------------------------- paired calls

    def call(self, body: dict[str, Any]) -> dict[str, Any]:
        member_key, sealed = body.get("from"), body.get("box")
        if not isinstance(member_key, str) or not isinstance(sealed, str):
            raise Refused(400, "venue_bad_request")
        with self.db.session() as session:
            member = session.exec(
                select(VenueMember).where(VenueMember.public_key == member_key)
            ).first()
        if member is None:
            raise Refused(401, "venue_not_paired")
        try:
            op, request_id, inner = open_request(
                secret=self._secret, member_public=member_key, sealed=sealed, guard=self._guard
            )
        except VenueWireError as error:
            raise Refused(401, "venue_request_refused") from error
        handler = _OPS.get(op)
        if handler is None:
            answer: dict[str, Any] = {
                "error": f"unknown operation {op!r}",
                "code": "venue_unknown_op",
            }
        else:
            try:
                answer = handler(self, member, inner)
            except ValidationError as error:
                answer = {
                    "error": f"malformed {op}: {error.error_count()} problem(s)",
                    "code": "venue_bad_request",
                }
        return {
            "box": seal_answer(
                secret=self._secret, member_public=member_key, request_id=request_id, body=answer
            )
        }

    def push(self, member: VenueMember, body: dict[str, Any]) -> dict[str, Any]:
        request = HubPushRequest.model_validate(body)
        refused: dict[str, str] = {}
        fresh: list[RelayedItem] = []
        with self.db.write() as session:
            already = held(session=session, change_ids=[item.id for item in request.items])
            for item in request.items:
                if item.id in already:
                    continue
                record = _record(item, refused)
                if record is not None:
                    fresh.append(RelayedItem(item.id, record, item.payload))
                    already.add(item.id)
            _apply_like_a_pull(session, fresh)
            relay(session=session, from_desk_id=member.desk_id, items=fresh, now=utcnow())
            _seen(session, member)
        acknowledged = [item.id for item in request.items if item.id not in refused]
        if fresh:
            log.info("%d record(s) from %s stored for relay", len(fresh), member.desk_name)
        return HubPushResponse(acknowledged=acknowledged, refused=refused).model_dump()

    def pull(self, member: VenueMember, body: dict[str, Any]) -> dict[str, Any]:
        from desktop.core.sync.pull import APPLIED_KINDS

        request = HubPullRequest.model_validate(body)
        limit = max(1, min(request.limit, MAX_PULL_PAGE))
        with self.db.write() as session:
            if request.source == "hq":
                rows = feed_pulled(session=session, cursor=request.cursor, limit=limit + 1)
                table = "venue_pulled"
            else:
                rows = feed(
                    session=session,
                    cursor=request.cursor,
                    limit=limit + 1,
                    for_desk_id=member.desk_id,
                    kinds=APPLIED_KINDS,
                )
                table = "outbox"
            top = int(
                session.connection()
                .execute(text(f"SELECT COALESCE(MAX(seq), 0) FROM {table}"))
                .scalar()
                or 0
            )
            _seen(session, member)
        has_more = len(rows) > limit
        rows = rows[:limit]
        items = [
            PulledChange(seq=seq, id=change_id, kind=kind, payload=json.loads(payload))
            for seq, change_id, kind, payload in rows
        ]
        # With nothing more to hand, the cursor jumps past what this member is not handed (its
        # own items), so the next pull starts where the hub's outbox ends.
        next_cursor = rows[-1][0] if has_more else max(top, request.cursor)
        return HubPullResponse(items=items, next_cursor=next_cursor, has_more=has_more).model_dump(
            mode="json"
        )

    def answers(self, member: VenueMember, body: dict[str, Any]) -> dict[str, Any]:
        """HQ's set-asides of what this member made and the hub relayed (issue 17 item 5)."""
        with self.db.session() as session:
            aside = set_aside_relayed(
                session=session, from_desk_id=member.desk_id, limit=MAX_PULL_PAGE
            )
        return HubAnswersResponse(set_aside=aside).model_dump()

    def status(self, member: VenueMember, body: dict[str, Any]) -> dict[str, Any]:
        return {"hub_desk": self.identity.desk_name, "desks": member_desks(self.db)}


def _record(item: HubItem, refused: dict[str, str]) -> Any:
    model = _RECORD_MODELS.get(item.kind)
    if model is None:
        refused[item.id] = f"unknown kind {item.kind!r}"
        return None
    try:
        return model.model_validate_json(item.payload)
    except ValidationError as error:
        refused[item.id] = f"invalid {item.kind}: {error.error_count()} problem(s)"
        return None


def _apply_like_a_pull(session: Session, fresh: list[RelayedItem]) -> None:
    """Members' records enter this desk's tables exactly as HQ's pull would bring them in; kinds
    the pull does not apply (certificates, online reports, audit lines) are only relayed. Applied
    before they are queued: a queued item reads as this desk's own unsent edit to the pull."""
    from desktop.core.sync.pull import APPLIED_KINDS, apply_pulled

    applicable = [item for item in fresh if item.record.kind in APPLIED_KINDS]
    if not applicable:
        return
    # The pull keeps a change it cannot apply yet by its cursor position; a hub's have none, so
    # they take negative positions below any kept before (HQ's are positive).
    lowest = int(
        session.connection()
        .execute(text("SELECT MIN(0, COALESCE(MIN(seq), 0)) FROM sync_pulled_waiting"))
        .scalar()
        or 0
    )
    changes = [
        PulledChange(
            seq=lowest - 1 - number,
            id=item.change_id,
            kind=item.record.kind,
            payload=item.record.model_dump(mode="json"),
        )
        for number, item in enumerate(applicable)
    ]
    apply_pulled(session=session, changes=changes)


def _seen(session: Session, member: VenueMember) -> None:
    session.connection().execute(
        text("UPDATE venue_member SET last_seen = :now WHERE desk_id = :desk"),
        {"now": sqlite_utc(utcnow()), "desk": member.desk_id},
    )


def keep_for_members(*, session: Session, changes: Sequence[PulledChange]) -> None:
    """On a hub, in the transaction of each page pulled from HQ: keep what a desk applies, so
    members that never reach HQ learn it from the hub (``pull`` with source "hq")."""
    from desktop.core.sync.pull import APPLIED_KINDS

    if get_setting(session=session, key=keys.IS_HUB) != "1":
        return
    keep_pulled(
        session=session,
        now=utcnow(),
        changes=[(c.id, c.kind, c.payload) for c in changes if c.kind in APPLIED_KINDS],
    )


def member_desks(db: Database) -> list[dict[str, Any]]:
    with db.session() as session:
        rows = session.exec(select(VenueMember).order_by(VenueMember.desk_name)).all()
    return [{"desk_name": row.desk_name, "last_seen": row.last_seen} for row in rows]


_OPS: dict[str, Callable[[VenueHub, VenueMember, dict[str, Any]], dict[str, Any]]] = {
    "push": VenueHub.push,
    "pull": VenueHub.pull,
    "status": VenueHub.status,
    "answers": VenueHub.answers,
}
_ROUTES: dict[str, Callable[[VenueHub, dict[str, Any]], dict[str, Any]]] = {
    PAIR_START_PATH: VenueHub.pair_start,
    PAIR_FINISH_PATH: VenueHub.pair_finish,
    CALL_PATH: VenueHub.call,
}


# --------------------------------------------------------------------------- HTTP


class _Handler(BaseHTTPRequestHandler):
    server: HubServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("venue hub: " + format, *args)

    def do_GET(self) -> None:
        self._answer(404, {"code": "venue_not_found"})

    def do_POST(self) -> None:
        route = _ROUTES.get(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if route is None or length <= 0 or length > MAX_BODY_BYTES:
            self.close_connection = True
            self._answer(404 if route is None else 413, {"code": "venue_not_found"})
            return
        try:
            body = json.loads(self.rfile.read(length))
            if not isinstance(body, dict):
                raise ValueError("not an object")
            self._answer(200, route(self.server.hub, body))
        except Refused as refused:
            self._answer(refused.status, {"code": refused.code})
        except ValueError:
            self._answer(400, {"code": "venue_bad_request"})
        except Exception:
            log.exception("venue hub: unexpected error")
            self._answer(500, {"code": "venue_hub_error"})

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class HubServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, hub: VenueHub, bind: str, port: int) -> None:
        self.hub = hub
        super().__init__((bind, port), _Handler)
