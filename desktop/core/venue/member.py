"""A member desk of a venue hub (issue 17 items 3 and 8): join with the code shown on the hub, then
exchange with it at the start of every ``sync run``: push what the hub has not confirmed, pull what
the hub holds by cursor, applied like HQ's pull (``desktop/core/sync/pull.py apply_pulled``).

The hub's confirmation is recorded beside HQ's state (``outbox.hub_acknowledged_at``): the item
still goes to HQ, from this desk when it reaches HQ and from the hub anyway; HQ stores it once.
Nothing pulled from the hub enters this desk's outbox: the hub relays its members' records itself.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from desktop.core.clock import utcnow
from desktop.core.db import Database
from desktop.core.desk import desk_identity, get_setting, set_setting
from desktop.core.errors import HadirError
from desktop.core.venue import keys
from desktop.core.venue.discovery import BROWSE_SECONDS, FoundHub
from sync.clock import utc_text
from sync.desk.venue_outbox import (
    at_hq_by_hub,
    at_hub_waiting_for_hq,
    is_own_change,
    mark_at_hub,
    pending_to_hub,
    set_aside_by_hub,
    waiting_for_hq_at_hub,
    waiting_for_hub,
)
from sync.desk.venue_wire import (
    CALL_PATH,
    MAX_ANSWERS_ASKED,
    PAIR_FINISH_PATH,
    PAIR_START_PATH,
    HubAnswersResponse,
    HubItem,
    HubPullResponse,
    HubPushResponse,
    JoinAnswer,
    JoinRequest,
    MemberPairing,
    VenueWireError,
    new_key_pair,
    open_answer,
    seal_request,
)

log = logging.getLogger(__name__)

PUSH_BATCH = 500
PULL_PAGE = 500
MAX_ROUNDS = 200  # a bound on one exchange: 100,000 records each way
TIMEOUT_SECONDS = 10.0
# No system proxy between desks at one venue: a hotel's HTTP proxy cannot reach the hall's LAN.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class HubUnreachable(Exception):
    """The hub did not answer (gone, asleep, another network) or answered as no hub would."""


def _post(url: str, body: dict[str, Any], *, timeout: float = TIMEOUT_SECONDS) -> dict[str, Any]:
    data = json.dumps(body, separators=(",", ":")).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            value = json.loads(answer.read())
    except urllib.error.HTTPError as error:
        try:
            code = json.loads(error.read()).get("code", "")
        except (ValueError, AttributeError):
            code = ""
        raise HubRefused(error.code, str(code)) from error
    except (OSError, ValueError) as error:
        raise HubUnreachable(f"the hub at {url} did not answer ({error})") from error
    if not isinstance(value, dict):
        raise HubUnreachable("the hub's answer is not an object")
    return value


class HubRefused(Exception):
    def __init__(self, status: int, code: str) -> None:
        super().__init__(f"{status} {code}")
        self.status, self.code = status, code


# --------------------------------------------------------------------------- joining


@dataclass(frozen=True, slots=True)
class JoinResult:
    hub: str
    hub_desk: str
    event_ids: list[str]
    fingerprint: str


def find_hub(*, office_code: str, timeout: float) -> FoundHub:
    """The one hub of this office announced on the LAN, or a HadirError the operator acts on."""
    from desktop.core.venue.discovery import find_hubs

    found = find_hubs(office_code=office_code, timeout=timeout)
    if not found:
        raise HadirError(
            f"No venue hub of office {office_code} was found on this network: check that the hub "
            "runs and this desk is on the same Wi-Fi/LAN, or give its address with --hub.",
            code="venue_hub_not_found",
            office=office_code,
        )
    if len(found) > 1:
        names = ", ".join(f"{hub.desk_name} ({hub.url})" for hub in found)
        raise HadirError(
            f"Several venue hubs of office {office_code} are on this network: {names}. Give the "
            "address of the one to join with --hub.",
            code="venue_several_hubs",
            hubs=names,
        )
    return found[0]


def join(
    db: Database,
    *,
    hub_url: str | None,
    code: str,
    browse_seconds: float = BROWSE_SECONDS,
) -> JoinResult:
    """Pair with the hub over the code it shows; pins its key. Without ``hub_url`` the hub of
    this desk's office is found on the LAN (mDNS) and the key the pairing pins must match the
    fingerprint it announced. Raises HadirError with the sentence the operator acts on (wrong
    code, another office, hub unreachable, none or several found)."""
    from sync.desk.venue_wire import fingerprint

    with db.write() as session:
        identity = desk_identity(session=session)
        if get_setting(session=session, key=keys.IS_HUB) == "1":
            raise HadirError(
                "This desk is a venue hub; a hub does not join another hub.", code="venue_is_hub"
            )
    announced: FoundHub | None = None
    if hub_url is None:
        announced = find_hub(office_code=identity.office_code or "", timeout=browse_seconds)
        hub_url = announced.url
    base = hub_url.rstrip("/")
    secret, public = new_key_pair()
    pairing = MemberPairing(code)
    try:
        started = _post(base + PAIR_START_PATH, {"message": pairing.message})
        pairing.finish(str(started.get("message", "")))
        request = JoinRequest(
            desk_id=identity.desk_id,
            desk_name=identity.desk_name,
            office_code=identity.office_code,
            public_key=public,
        )
        finished = _post(
            base + PAIR_FINISH_PATH,
            {"session": started.get("session"), "box": pairing.seal(request.model_dump())},
        )
        answer = pairing.open(str(finished.get("box", "")))
    except HubRefused as error:
        raise HadirError(
            "The hub refused the pairing code (wrong, expired or tried too often): ask the hub's "
            "operator for the code it shows now.",
            code="venue_pairing_refused",
        ) from error
    except HubUnreachable as error:
        raise HadirError(
            f"The hub did not answer: {error}", code="venue_hub_unreachable"
        ) from error
    except VenueWireError as error:
        raise HadirError(
            "The pairing did not complete: the code is wrong, or this is not the hub.",
            code="venue_pairing_refused",
        ) from error
    if "error" in answer:  # the one refusal a hub gives a desk that knew the code
        given = answer.get("params")
        params: dict[str, Any] = given if isinstance(given, dict) else {}
        raise HadirError(
            str(answer["error"]),
            code="venue_other_office",
            office=str(params.get("office", "")),
            hub_office=str(params.get("hub_office", "")),
        )
    joined = JoinAnswer.model_validate(answer)
    if announced is not None and fingerprint(joined.hub_public_key) != announced.fingerprint:
        # The code paired with a hub whose key is not the one announced: the announcement
        # pointed elsewhere. Nothing is pinned.
        raise HadirError(
            "The hub found on the network does not hold the key it announced: give the hub's "
            "address with --hub and compare the fingerprint it shows.",
            code="venue_fingerprint_mismatch",
        )
    with db.write() as session:
        for key, value in (
            (keys.MEMBER_HUB_URL, base),
            (keys.MEMBER_HUB_PUBLIC, joined.hub_public_key),
            (keys.MEMBER_HUB_DESK, joined.hub_desk),
            (keys.MEMBER_HUB_DESK_ID, joined.hub_desk_id),
            (keys.MEMBER_SECRET, secret),
            (keys.MEMBER_PUBLIC, public),
            (keys.MEMBER_CURSOR, "0"),
            (keys.MEMBER_LAST_SEEN, utc_text(utcnow())),
        ):
            set_setting(session=session, key=key, value=value)
    return JoinResult(
        hub=base,
        hub_desk=joined.hub_desk,
        event_ids=joined.event_ids,
        fingerprint=fingerprint(joined.hub_public_key),
    )


def leave(db: Database) -> dict[str, Any]:
    """Stop using the hub (a member), or stop being one (a hub: its members must join another).
    Records stay: what the hub confirmed still goes to HQ from this desk too."""
    with db.write() as session:
        hub = get_setting(session=session, key=keys.MEMBER_HUB_URL)
        was_hub = get_setting(session=session, key=keys.IS_HUB) == "1"
        keys.clear(session=session, keys=keys.MEMBER_KEYS)
        if was_hub:
            keys.clear(session=session, keys=(keys.IS_HUB,))
            session.connection().exec_driver_sql("DELETE FROM venue_member")
    return {"left": hub if hub else ("hub" if was_hub else None)}


# --------------------------------------------------------------------------- the exchange


@dataclass(frozen=True, slots=True)
class Membership:
    hub_url: str
    hub_public: str
    hub_desk: str
    secret: str
    public: str
    cursor: int


def membership(*, session: Session) -> Membership | None:
    values = {key: get_setting(session=session, key=key) for key in keys.MEMBER_KEYS}
    if not values[keys.MEMBER_HUB_URL] or not values[keys.MEMBER_SECRET]:
        return None
    return Membership(
        hub_url=str(values[keys.MEMBER_HUB_URL]),
        hub_public=str(values[keys.MEMBER_HUB_PUBLIC]),
        hub_desk=str(values[keys.MEMBER_HUB_DESK] or ""),
        secret=str(values[keys.MEMBER_SECRET]),
        public=str(values[keys.MEMBER_PUBLIC]),
        cursor=int(values[keys.MEMBER_CURSOR] or 0),
    )


def _call(member: Membership, op: str, body: dict[str, Any]) -> dict[str, Any]:
    sealed, request_id = seal_request(
        secret=member.secret, hub_public=member.hub_public, op=op, body=body
    )
    answer = _post(member.hub_url + CALL_PATH, {"from": member.public, "box": sealed})
    try:
        inner = open_answer(
            secret=member.secret,
            hub_public=member.hub_public,
            sealed=str(answer.get("box", "")),
            request_id=request_id,
        )
    except VenueWireError as error:
        # Not the hub this desk paired with (its key is pinned): nothing it says is used.
        raise HubUnreachable(f"the answer is not from the paired hub ({error})") from error
    if "error" in inner:
        raise HubUnreachable(f"the hub refused {op}: {inner['error']}")
    return inner


@dataclass(slots=True)
class HubExchange:
    """What ``sync run`` reports under "hub"."""

    pushed: int = 0  # confirmed by the hub in this run
    pulled: int = 0  # applied from the hub in this run
    set_aside: int = 0  # set aside here in this run: HQ refused them when the hub relayed them
    at_hq: int = 0  # acknowledged here in this run: HQ acknowledged them to the hub
    pending: int = 0  # still to reach the hub
    reached: bool = False
    error: str | None = None
    refused: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "set_aside": self.set_aside,
            "at_hq": self.at_hq,
            "pending": self.pending,
            "reached": self.reached,
            "error": self.error,
        }


def exchange(db: Database) -> HubExchange | None:
    """Push to the hub, then pull from it; None when this desk is no member. Never raises for a
    hub that is gone: the desk carries on alone and says so."""
    with db.session() as session:
        member = membership(session=session)
    if member is None:
        return None
    result = HubExchange()
    try:
        _push(db, member, result)
        _answers(db, member, result)
        _pull(db, member, result)
    except HubRefused as error:
        result.error = (
            "The hub no longer knows this desk (it was reset or this desk joined another): "
            "join it again."
            if error.code == "venue_not_paired"
            else f"The hub refused: {error}"
        )
    except HubUnreachable as error:
        result.error = str(error)
    with db.write() as session:
        result.pending = pending_to_hub(session=session)
        if result.reached:
            set_setting(session=session, key=keys.MEMBER_LAST_SEEN, value=utc_text(utcnow()))
    return result


def _push(db: Database, member: Membership, result: HubExchange) -> None:
    for _ in range(MAX_ROUNDS):
        with db.session() as session:
            batch = waiting_for_hub(session=session, limit=PUSH_BATCH)
        if not batch:
            return
        items = [HubItem(id=i.id, kind=i.kind, payload=i.payload).model_dump() for i in batch]
        answer = HubPushResponse.model_validate(_call(member, "push", {"items": items}))
        result.reached = True
        # What the hub will not take (a kind it does not know) is marked too, or it would be sent
        # on every run: HQ still gets it from this desk, and HQ's answer is the one that counts.
        done = (set(answer.acknowledged) | set(answer.refused)) & {i.id for i in batch}
        result.refused.update(answer.refused)
        with db.write() as session:
            mark_at_hub(session=session, ids=sorted(done), now=utcnow())
        result.pushed += len(set(answer.acknowledged) & done)
        if not done:
            return


def _answers(db: Database, member: Membership, result: HubExchange) -> None:
    """HQ's answers for what this desk made and the hub relayed (issue 17 item 5): set-asides,
    marked here with HQ's reason, and acknowledgements, so a desk that never reaches HQ itself
    does not show them waiting for HQ forever. A desk that reaches HQ hears those from HQ in this
    very run, and asks only for set-asides. The others ask about their waiting items (in pages,
    oldest first) only when the hub's mark of HQ's acknowledgements moved, or they just gave the
    hub something: not on every live exchange. A hub from before this asks nothing: it answers
    with unknown operation."""
    with db.session() as session:
        ask = not _reaches_hq(session=session)
        known = get_setting(session=session, key=keys.MEMBER_HQ_MARK) or ""
    first = _ask_hub(db, member, {"asks": True} if ask else {}, result)
    if first is None or not ask or (first.hq_mark == known and not result.pushed):
        return
    asked: set[str] = set()
    for _ in range(MAX_ROUNDS):
        with db.session() as session:
            waiting = [
                change_id
                for change_id in waiting_for_hq_at_hub(
                    session=session, limit=MAX_ANSWERS_ASKED + len(asked)
                )
                if change_id not in asked
            ][:MAX_ANSWERS_ASKED]
        if not waiting or _ask_hub(db, member, {"waiting": waiting, "asks": True}, result) is None:
            break
        asked.update(waiting)
        # What HQ has not acknowledged stays waiting here: the next page starts after it.
        if len(waiting) < MAX_ANSWERS_ASKED:
            break
    with db.write() as session:
        set_setting(session=session, key=keys.MEMBER_HQ_MARK, value=first.hq_mark)


def _ask_hub(
    db: Database, member: Membership, body: dict[str, Any], result: HubExchange
) -> HubAnswersResponse | None:
    """One ``answers`` call, applied here; None from a hub that has no such operation."""
    try:
        inner = _call(member, "answers", body)
    except HubUnreachable as error:
        if "unknown operation" in str(error):
            return None
        raise
    answer = HubAnswersResponse.model_validate(inner)
    with db.write() as session:
        if answer.set_aside:
            result.set_aside += set_aside_by_hub(session=session, answers=answer.set_aside)
        if answer.at_hq:
            result.at_hq += at_hq_by_hub(session=session, ids=answer.at_hq, now=utcnow())
    return answer


def _reaches_hq(*, session: Session) -> bool:
    """Enrolled, and its last sync run reached HQ: HQ's acknowledgements come to it first hand."""
    from desktop.core.sync.settings import Keys

    return bool(get_setting(session=session, key=Keys.TOKEN)) and (
        get_setting(session=session, key=Keys.ONLINE) == "1"
    )


# The pull keeps a change it cannot apply yet by its cursor position; the hub's take negative
# positions, apart from HQ's (positive), and what the hub pulled from HQ apart from its own.
_HQ_SOURCE_OFFSET = 2**40


def _pull(db: Database, member: Membership, result: HubExchange) -> None:
    with db.session() as session:
        hq_cursor = int(get_setting(session=session, key=keys.MEMBER_HQ_CURSOR) or 0)
    _pull_source(db, member, result, "venue", member.cursor, keys.MEMBER_CURSOR, 0)
    _pull_source(db, member, result, "hq", hq_cursor, keys.MEMBER_HQ_CURSOR, _HQ_SOURCE_OFFSET)


def _pull_source(
    db: Database,
    member: Membership,
    result: HubExchange,
    source: str,
    cursor: int,
    cursor_key: str,
    offset: int,
) -> None:
    from desktop.core.sync.pull import apply_pulled
    from sync.protocol import PulledChange

    for _ in range(MAX_ROUNDS):
        page = HubPullResponse.model_validate(
            _call(member, "pull", {"cursor": cursor, "limit": PULL_PAGE, "source": source})
        )
        result.reached = True
        with db.write() as session:
            changes = [
                PulledChange(
                    seq=-(offset + change.seq),
                    id=change.id,
                    kind=change.kind,
                    payload=change.payload,
                )
                for change in page.items
                if not is_own_change(session=session, change_id=change.id)
            ]
            if changes:
                result.pulled += apply_pulled(session=session, changes=changes).applied
            cursor = max(cursor, page.next_cursor)
            set_setting(session=session, key=cursor_key, value=str(cursor))
        if not page.has_more:
            return


# --------------------------------------------------------------------------- status


def venue_status(db: Database) -> dict[str, Any]:
    from desktop.core.venue.hub import member_desks

    with db.session() as session:
        member = membership(session=session)
        is_hub = get_setting(session=session, key=keys.IS_HUB) == "1"
        last_seen = get_setting(session=session, key=keys.MEMBER_LAST_SEEN)
        waiting = pending_to_hub(session=session) if member is not None else 0
        at_hub = at_hub_waiting_for_hq(session=session) if member is not None else 0
    if is_hub:
        return {"role": "hub", "hub": None, "desks": member_desks(db), "pending_to_hub": 0}
    if member is not None:
        return {
            "role": "member",
            "hub": member.hub_url,
            "desks": [{"desk_name": member.hub_desk, "last_seen": last_seen}],
            "pending_to_hub": waiting,
            # At the hub, HQ's acknowledgement not known here yet (issue 17 item 5).
            "at_hub_waiting_for_hq": at_hub,
        }
    return {"role": "none", "hub": None, "desks": [], "pending_to_hub": 0}
