"""A member desk of a venue hub (issue 17 items 3 and 8): join with the code shown on the hub, then
exchange with it at the start of every ``sync run``: push what the hub has not confirmed, pull what
the hub holds by cursor, applied like HQ's pull (``desktop/core/sync/pull.py apply_pulled``).

The hub's confirmation is recorded beside HQ's state (``outbox.hub_acknowledged_at``): the item
still goes to HQ, from this desk when it reaches HQ and from the hub anyway; HQ stores it once.
Nothing pulled from the hub enters this desk's outbox: the hub relays its members' records itself.
"""

from __future__ import annotations

import dataclasses
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
    forget_hub_acknowledgements,
    is_own_change,
    mark_at_hub,
    pending_to_hub,
    set_aside_by_hub,
    waiting_for_hq_at_hub,
    waiting_for_hub,
)
from sync.desk.venue_wire import (
    CALL_PATH,
    HELLO_PATH,
    MAX_ANSWERS_ASKED,
    PAIR_FINISH_PATH,
    PAIR_START_PATH,
    HubAnswersResponse,
    HubItem,
    HubPullResponse,
    HubPushResponse,
    HubRoster,
    JoinAnswer,
    JoinRequest,
    MemberPairing,
    RosterEntry,
    VenueWireError,
    fingerprint,
    is_join_text,
    new_key_pair,
    open_answer,
    parse_join_text,
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


class HubGone(HubUnreachable):
    """Nothing answered at the hub's address: the moment to look for the desk that took over."""


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
    except OSError as error:
        raise HubGone(f"the hub at {url} did not answer ({error})") from error
    except ValueError as error:
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
    expected_fingerprint: str | None = None,
) -> JoinResult:
    """Pair with the hub over the code it shows; pins its key. Without ``hub_url`` the hub of
    this desk's office is found on the LAN (mDNS) and the key the pairing pins must match the
    fingerprint it announced. ``code`` may be the hub's join text (its QR code): it gives the
    address (unless ``hub_url`` does), the code and the fingerprint the pinned key must have.
    Raises HadirError with the sentence the operator acts on (wrong code, another office, hub
    unreachable, none or several found, fingerprint not the hub's)."""
    from sync.desk.venue_wire import fingerprint

    if is_join_text(code):
        try:
            scanned = parse_join_text(code)
        except VenueWireError as error:
            raise HadirError(
                f"The scanned or pasted join text is not the hub's: {error}. Scan the QR code on "
                "the hub's screen again, or type its address and code.",
                code="venue_bad_join_text",
                detail=str(error),
            ) from error
        hub_url, code = hub_url or scanned.hub, scanned.code
        expected_fingerprint = expected_fingerprint or scanned.fingerprint
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
    if expected_fingerprint and fingerprint(joined.hub_public_key) != expected_fingerprint.upper():
        # The code was right but the key is not the one the hub's screen showed: another desk
        # answers at this address (or relayed the pairing). Nothing is pinned.
        raise HadirError(
            "The hub at this address does not hold the key its screen shows (the fingerprints "
            "differ): check the address, and compare the fingerprint on the hub's screen.",
            code="venue_join_text_mismatch",
        )
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
            (keys.MEMBER_HQ_CURSOR, "0"),
            (keys.MEMBER_LAST_SEEN, utc_text(utcnow())),
        ):
            set_setting(session=session, key=key, value=value)
        keys.clear(session=session, keys=(keys.MEMBER_ROSTER, keys.MEMBER_MOVED))
        # Another hub than before (or the same one reset): it is handed everything not at HQ.
        forget_hub_acknowledgements(session=session)
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
    # This exchange found the hub gone and moved to another desk of the roster (issue 17 item 6)
    moved_from: str | None = None
    moved_to: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "set_aside": self.set_aside,
            "at_hq": self.at_hq,
            "pending": self.pending,
            "reached": self.reached,
            "error": self.error,
            **({"moved_to": self.moved_to} if self.moved_to else {}),
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
        try:
            _exchange_with(db, member, result)
        except (HubGone, HubRefused) as error:
            # The hub is gone (or another one answers at its address, refusing what is sealed
            # to the old key): another desk of the roster may have taken over, or the hub came
            # back at another address. Found and proven by its key, it is this desk's hub now.
            if isinstance(error, HubRefused) and error.status != 401:
                raise
            moved = _look_for_next_hub(db, member)
            if moved is None:
                raise
            if moved.hub_public != member.hub_public:
                result.moved_from, result.moved_to = member.hub_desk, moved.hub_desk
            member = moved
            _exchange_with(db, member, result)
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


def _exchange_with(db: Database, member: Membership, result: HubExchange) -> None:
    _push(db, member, result)
    _answers(db, member, result)
    _pull(db, member, result)
    _keep_roster(db, member)


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


# --------------------------------------------------------------------------- takeover (item 6)

# A member whose hub is gone looks for the next one on the LAN this long, at most this often (the
# window exchanges every second; a browse every time would flood the hall's Wi-Fi).
SEARCH_SECONDS = 3.0
SEARCH_EVERY_SECONDS = 15.0
_last_search: dict[str, float] = {}


def _keep_roster(db: Database, member: Membership) -> None:
    """The venue's desks and keys, as this (paired, key-pinned) hub hands them. A hub from
    before takeover answers "unknown operation": the member keeps what it had."""
    try:
        answer = HubRoster.model_validate(_call(member, "roster", {}))
    except HubUnreachable as error:
        if "unknown operation" in str(error) and not isinstance(error, HubGone):
            return
        raise
    value = answer.model_dump_json()
    with db.write() as session:
        if get_setting(session=session, key=keys.MEMBER_ROSTER) != value:
            set_setting(session=session, key=keys.MEMBER_ROSTER, value=value)


def _candidates(db: Database, *, but: str = "") -> dict[str, RosterEntry]:
    """fingerprint -> desk, for every desk of the roster but this one (and the key ``but``, the
    hub that just failed): the keys this desk trusts as its next hub."""
    with db.session() as session:
        roster = keys.roster(session=session)
        own = desk_identity(session=session).desk_id
    if roster is None:
        return {}
    return {
        fingerprint(d.public_key): d
        for d in roster.desks
        if d.desk_id != own and d.public_key != but
    }


def _look_for_next_hub(db: Database, member: Membership) -> Membership | None:
    """A hub of this desk's roster announced on the LAN that answers with its roster key, now
    this desk's hub; None when there is none (or the last search was moments ago)."""
    import time

    from desktop.core.venue.discovery import find_hubs

    candidates = _candidates(db, but=member.hub_public)
    if not candidates:
        return None
    folder = str(db.folder)
    now = time.monotonic()
    if now - _last_search.get(folder, -SEARCH_EVERY_SECONDS) < SEARCH_EVERY_SECONDS:
        return None
    _last_search[folder] = now
    moved = _at_known_addresses(db, member, list(candidates.values()))
    if moved is not None:
        return moved
    with db.session() as session:
        office = desk_identity(session=session).office_code or ""
    try:
        heard = find_hubs(office_code=office, timeout=SEARCH_SECONDS, fingerprints=candidates)
    except OSError as error:  # no multicast here: the operator gives the address (venue move)
        log.info("no search for the next venue hub on this network: %s", error)
        return None
    for found in heard:  # the roster's fingerprint, and then the key itself, must match
        desk = candidates.get(found.fingerprint)
        if desk is None:
            continue
        moved = _try_hub(db, member, desk, found.url)
        if moved is not None:
            return moved
    return None


# A desk of the roster is asked at its last address this long: a laptop gone from the Wi-Fi makes
# the connection wait, and every desk is asked at once.
KNOWN_ADDRESS_SECONDS = 1.0


def _at_known_addresses(
    db: Database, member: Membership, desks: list[RosterEntry]
) -> Membership | None:
    """The desks of the roster at the address the hub last heard them from, on the old hub's
    port and the default one (a desk that takes over uses the same setting): fast, and works
    where multicast does not. Only a desk answering with its roster key is tried."""
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import urlsplit

    from desktop.core.venue.hub import DEFAULT_PORT

    old_port = urlsplit(member.hub_url).port or DEFAULT_PORT
    tries = [
        (desk, f"http://{desk.address}:{port}")
        for desk in desks
        if desk.address
        for port in dict.fromkeys((old_port, DEFAULT_PORT))
    ]
    if not tries:
        return None

    def hello(attempt: tuple[RosterEntry, str]) -> bool:
        try:
            answer = _post(attempt[1] + HELLO_PATH, {}, timeout=KNOWN_ADDRESS_SECONDS)
        except (HubUnreachable, HubRefused):
            return False
        return answer.get("public_key") == attempt[0].public_key

    with ThreadPoolExecutor(max_workers=min(8, len(tries))) as pool:
        answered = list(pool.map(hello, tries))
    for (desk, url), ok in zip(tries, answered, strict=True):
        if ok and (moved := _try_hub(db, member, desk, url)) is not None:
            return moved
    return None


def _try_hub(db: Database, member: Membership, desk: RosterEntry, url: str) -> Membership | None:
    """Switch to ``desk`` serving at ``url`` if it proves it holds the roster's key (its sealed
    answer opens) and knows this desk; a hub of another key learns nothing and gets nothing."""
    candidate = Membership(
        hub_url=url.rstrip("/"),
        hub_public=desk.public_key,
        hub_desk=desk.desk_name,
        secret=member.secret,
        public=member.public,
        cursor=0,
    )
    try:
        _call(candidate, "status", {})
    except (HubUnreachable, HubRefused) as error:
        log.info("venue hub candidate %s at %s refused: %s", desk.desk_name, url, error)
        return None
    same_hub = desk.public_key == member.hub_public
    with db.write() as session:
        for key, value in (
            (keys.MEMBER_HUB_URL, candidate.hub_url),
            (keys.MEMBER_HUB_PUBLIC, desk.public_key),
            (keys.MEMBER_HUB_DESK, desk.desk_name),
            (keys.MEMBER_HUB_DESK_ID, desk.desk_id),
        ):
            set_setting(session=session, key=key, value=value)
        if same_hub:  # the same hub at a new address: its outbox, its cursors
            return dataclasses.replace(candidate, cursor=member.cursor)
        # Another hub: its cursors start at 0 (applying is idempotent), and it is handed what
        # only the old hub had confirmed.
        set_setting(session=session, key=keys.MEMBER_CURSOR, value="0")
        set_setting(session=session, key=keys.MEMBER_HQ_CURSOR, value="0")
        forget_hub_acknowledgements(session=session)
        moved = {"from": member.hub_desk, "to": desk.desk_name, "at": utc_text(utcnow())}
        set_setting(session=session, key=keys.MEMBER_MOVED, value=json.dumps(moved))
    log.info("the venue hub %s is gone; this desk moved to %s", member.hub_desk, desk.desk_name)
    return candidate


def move(db: Database, *, hub_url: str) -> Membership:
    """Move to the desk that took over as hub, by its address (no mDNS on this network): it
    must hold the key of a desk of this desk's roster. Raises HadirError otherwise."""
    with db.session() as session:
        member = membership(session=session)
    if member is None:
        raise HadirError(
            "This desk is no member of a venue hub: join one with its pairing code.",
            code="venue_not_member",
        )
    try:
        hello = _post(hub_url.rstrip("/") + HELLO_PATH, {})
    except (HubUnreachable, HubRefused) as error:
        raise HadirError(
            f"The hub did not answer: {error}", code="venue_hub_unreachable"
        ) from error
    desk = next(
        (d for d in _candidates(db).values() if d.public_key == hello.get("public_key")), None
    )
    if desk is None:
        raise HadirError(
            "The desk at this address is not one of this venue's desks (its key is not in the "
            "list the hub handed this desk): join it with its pairing code instead.",
            code="venue_not_in_roster",
        )
    moved = _try_hub(db, member, desk, hub_url)
    if moved is None:
        raise HadirError(
            f"{desk.desk_name} at this address does not serve as hub for this desk yet: make it "
            "the hub first (Jadikan meja ini hub lokasi), or join it with its pairing code.",
            code="venue_not_taken_over",
            desk=desk.desk_name,
        )
    return moved


def moved(*, session: Session) -> dict[str, str] | None:
    """The last move of this member to another hub (from, to, at), or None."""
    value = get_setting(session=session, key=keys.MEMBER_MOVED)
    try:
        parsed = json.loads(value) if value else None
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


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
