"""The venue hub's wire: what a member desk and the hub desk say to each other (issue 17 item 3).

Desk-only (HQ never speaks it), so it lives here and not in the contract. Two layers:

1. **Pairing** over the short code shown on the hub: SPAKE2 (``sync/desk/pake.py``), so a
   listener who records the exchange cannot test codes offline; only online guesses are possible,
   and the hub limits those and lets the code expire. The SPAKE2 key then seals (secretbox) the
   exchange of both desks' Curve25519 public keys, which each side pins.
2. **Every later request and answer** is a libsodium Box between the member's key and the hub's,
   with a random nonce. Inside a request: the operation, the member's clock and a random request id;
   the hub refuses a request id it has seen, or a clock outside ``MAX_REQUEST_AGE_SECONDS``
   (replays). The answer repeats the request id, so a member cannot be handed an old answer.

A laptop on the same Wi-Fi without the code sees only ciphertext and learns nothing: the hub
answers an unpaired key with a bare 401 before decrypting anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any, Literal

from nacl.exceptions import CryptoError
from nacl.public import Box, PrivateKey, PublicKey
from nacl.secret import SecretBox
from pydantic import BaseModel, ConfigDict, Field

from sync.desk.pake import PakeError, Spake2
from sync.protocol import PulledChange

PAIR_START_PATH = "/venue/v1/pair/start"
PAIR_FINISH_PATH = "/venue/v1/pair/finish"
CALL_PATH = "/venue/v1/call"
# Unauthenticated: the hub's public key and desk name, what its mDNS announcement already tells.
# A member that moves to a hub by address checks that key against its roster before trusting it.
HELLO_PATH = "/venue/v1/hello"
MAX_BODY_BYTES = 32 * 1024 * 1024
# Desks at one venue may disagree about the time by a few minutes (a laptop never synced with a
# time server); a request older or newer than this is refused as a possible replay.
MAX_REQUEST_AGE_SECONDS = 900
PAIR_CODE_DIGITS = 6
_ID_HUB = b"hadir-venue-hub"
_ID_MEMBER = b"hadir-venue-member"


class VenueWireError(Exception):
    """A message that does not open: wrong key, tampered, replayed or malformed."""


# --------------------------------------------------------------------------- keys


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as error:
        raise VenueWireError("not base64") from error


def new_key_pair() -> tuple[str, str]:
    """(secret, public), both base64: the desk keeps the secret in its encrypted database."""
    key = PrivateKey.generate()
    return _b64(bytes(key)), _b64(bytes(key.public_key))


def fingerprint(public_key: str) -> str:
    """The hub key's short hash, as the hub shows it and a member can compare (later: a QR)."""
    digest = hashlib.sha256(_unb64(public_key)).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


# --------------------------------------------------------------------------- the join text

JOIN_SCHEME = "hadir-venue:"


@dataclass(frozen=True, slots=True)
class JoinText:
    """What the hub's QR code says: where the hub is, the code, and the fingerprint a member
    checks the pinned key against (a QR pasted or scanned into the join field, or ``--code``)."""

    hub: str
    code: str
    fingerprint: str

    def text(self) -> str:
        query = urllib.parse.urlencode({"hub": self.hub, "code": self.code, "fp": self.fingerprint})
        return f"{JOIN_SCHEME}?{query}"


def is_join_text(value: str) -> bool:
    return value.strip().lower().startswith(JOIN_SCHEME)


def parse_join_text(value: str) -> JoinText:
    """The hub, code and fingerprint of a join text; VenueWireError says which part is wrong.
    A 2D scanner types like a keyboard: surrounding blanks and a stray line end are ignored."""
    text = value.strip()
    if not is_join_text(text):
        raise VenueWireError(f"a join text starts with {JOIN_SCHEME}")
    fields = urllib.parse.parse_qs(text[len(JOIN_SCHEME) :].lstrip("?"), keep_blank_values=True)
    hub, code, fp = (fields.get(name, [""])[0].strip() for name in ("hub", "code", "fp"))
    parsed = urllib.parse.urlsplit(hub)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise VenueWireError("the join text has no hub address (hub=http://ADDRESS:PORT)")
    if not (code.isdigit() and len(code) == PAIR_CODE_DIGITS):
        raise VenueWireError(f"the join text has no {PAIR_CODE_DIGITS}-digit code (code=)")
    if not _FINGERPRINT.fullmatch(fp.upper()):
        raise VenueWireError("the join text has no hub fingerprint (fp=XXXX-XXXX-XXXX-XXXX)")
    return JoinText(hub=hub.rstrip("/"), code=code, fingerprint=fp.upper())


_FINGERPRINT = re.compile(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}")


def new_pair_code() -> str:
    return f"{secrets.randbelow(10**PAIR_CODE_DIGITS):0{PAIR_CODE_DIGITS}d}"


def _box(secret: str, peer_public: str) -> Box:
    try:
        return Box(PrivateKey(_unb64(secret)), PublicKey(_unb64(peer_public)))
    except (ValueError, TypeError) as error:
        raise VenueWireError("not a key") from error


def _seal(box: Box | SecretBox, value: dict[str, Any]) -> str:
    return _b64(bytes(box.encrypt(json.dumps(value, separators=(",", ":")).encode("utf-8"))))


def _open(box: Box | SecretBox, sealed: str) -> dict[str, Any]:
    try:
        value = json.loads(box.decrypt(_unb64(sealed)).decode("utf-8"))
    except (CryptoError, ValueError) as error:
        raise VenueWireError("the message does not open with this key") from error
    if not isinstance(value, dict):
        raise VenueWireError("not an object")
    return value


# --------------------------------------------------------------------------- pairing


class MemberPairing:
    """The member's half of SPAKE2 over the code."""

    def __init__(self, code: str) -> None:
        self._spake = Spake2(code.strip().encode("utf-8"), side="A", id_a=_ID_MEMBER, id_b=_ID_HUB)
        self.message = _b64(self._spake.message)
        self._key: SecretBox | None = None

    def finish(self, hub_message: str) -> None:
        try:
            self._key = SecretBox(self._spake.finish(_unb64(hub_message)))
        except PakeError as error:
            raise VenueWireError("the hub's pairing message is malformed") from error

    def seal(self, value: dict[str, Any]) -> str:
        assert self._key is not None, "finish() first"
        return _seal(self._key, value)

    def open(self, sealed: str) -> dict[str, Any]:
        assert self._key is not None, "finish() first"
        return _open(self._key, sealed)


class HubPairing:
    """The hub's half: answers the member's first message; ``open`` fails on a wrong code."""

    def __init__(self, code: str, member_message: str) -> None:
        spake = Spake2(code.encode("utf-8"), side="B", id_a=_ID_MEMBER, id_b=_ID_HUB)
        self.message = _b64(spake.message)
        try:
            self._key = SecretBox(spake.finish(_unb64(member_message)))
        except PakeError as error:
            raise VenueWireError("the member's pairing message is malformed") from error
        self.created = time.monotonic()

    def seal(self, value: dict[str, Any]) -> str:
        return _seal(self._key, value)

    def open(self, sealed: str) -> dict[str, Any]:
        return _open(self._key, sealed)


# --------------------------------------------------------------------------- requests


def seal_request(*, secret: str, hub_public: str, op: str, body: dict[str, Any]) -> tuple[str, str]:
    """(sealed request, its request id)."""
    request_id = secrets.token_hex(16)
    inner = {"op": op, "ts": time.time(), "rid": request_id, "body": body}
    return _seal(_box(secret, hub_public), inner), request_id


def open_answer(*, secret: str, hub_public: str, sealed: str, request_id: str) -> dict[str, Any]:
    inner = _open(_box(secret, hub_public), sealed)
    if inner.get("rid") != request_id:
        raise VenueWireError("the answer is not to this request")
    body = inner.get("body")
    if not isinstance(body, dict):
        raise VenueWireError("no body")
    return body


class ReplayGuard:
    """Request ids seen within the age window (memory: after a hub restart a replay within the
    window can pass once; every operation is idempotent and every answer readable only by the
    member, so such a replay changes and reveals nothing)."""

    def __init__(self, max_age: float = MAX_REQUEST_AGE_SECONDS) -> None:
        self._max_age = max_age
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def admit(self, request_id: str, sent_at: float) -> None:
        now = time.time()
        if abs(now - sent_at) > self._max_age:
            raise VenueWireError(
                "the request's clock is too far from the hub's (or it is replayed)"
            )
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen = {k: v for k, v in self._seen.items() if now - v <= self._max_age}
            if request_id in self._seen:
                raise VenueWireError("this request was already answered (replayed)")
            self._seen[request_id] = now


def open_request(
    *, secret: str, member_public: str, sealed: str, guard: ReplayGuard
) -> tuple[str, str, dict[str, Any]]:
    """(operation, request id, body) of a member's request, refused when replayed."""
    inner = _open(_box(secret, member_public), sealed)
    op, request_id, sent_at, body = (inner.get(k) for k in ("op", "rid", "ts", "body"))
    if not (
        isinstance(op, str)
        and isinstance(request_id, str)
        and isinstance(body, dict)
        and isinstance(sent_at, int | float)
    ):
        raise VenueWireError("malformed request")
    guard.admit(request_id, float(sent_at))
    return op, request_id, body


def seal_answer(*, secret: str, member_public: str, request_id: str, body: dict[str, Any]) -> str:
    return _seal(_box(secret, member_public), {"rid": request_id, "ts": time.time(), "body": body})


# --------------------------------------------------------------------------- messages


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JoinRequest(_Message):
    desk_id: str
    desk_name: str
    office_code: str | None
    public_key: str


class JoinAnswer(_Message):
    hub_public_key: str
    hub_desk_id: str
    hub_desk: str
    office_code: str
    event_ids: list[str]


class HubItem(_Message):
    """An outbox item as the member sends it: ``payload`` is the frozen JSON text, unchanged, so
    the hub relays to HQ the very bytes HQ would have had from the member."""

    id: str
    kind: str
    payload: str


class HubPushRequest(_Message):
    items: list[HubItem] = Field(max_length=5000)


class HubPushResponse(_Message):
    acknowledged: list[str]  # the hub holds these (stored now or before)
    refused: dict[str, str] = Field(default_factory=dict)  # id -> why the hub will not take it


class HubPullRequest(_Message):
    cursor: int = 0
    limit: int = 500
    # "venue": the hub's outbox (its desks' records); "hq": what the hub pulled from HQ. Each has
    # its own cursor on the member.
    source: Literal["venue", "hq"] = "venue"


class HubPullResponse(_Message):
    items: list[PulledChange]
    next_cursor: int
    has_more: bool


MAX_ANSWERS_ASKED = 2000


class HubAnswersRequest(_Message):
    """What a member asks the hub about: the items the hub holds that HQ has not acknowledged here
    yet (oldest first). A member of the first version asks nothing ({})."""

    waiting: list[str] = Field(default_factory=list, max_length=MAX_ANSWERS_ASKED)
    asks: bool = False  # a member that reads ``at_hq`` and ``hq_mark`` (not of the first version)


class HubAnswersResponse(_Message):
    """HQ's answers for what the hub relayed from the asking member (issue 17 item 5): change id
    -> HQ's reason, for each item HQ set aside; ``at_hq``, of the items the member asked about,
    those HQ acknowledged when the hub relayed them (HQ's word, passed on by the hub, for a member
    that never reaches HQ itself). Sent without empty fields: a member of the first version reads
    this strictly and knows ``set_aside`` only."""

    set_aside: dict[str, str] = Field(default_factory=dict)
    at_hq: list[str] = Field(default_factory=list)
    # Changes whenever HQ acknowledges another of the member's items to the hub: a member asks
    # about its waiting items only when it changed (or it just gave the hub some), not every 2 s.
    hq_mark: str = ""


class RosterEntry(_Message):
    """One desk of the venue as the hub knows it: its key (the member's, or the hub's own)."""

    desk_id: str
    desk_name: str
    office_code: str
    public_key: str
    is_hub: bool = False
    # The IP address the hub last heard this desk from ("" unknown): where a desk that took
    # over as hub is looked for first, on the old hub's port and the default one.
    address: str = ""


class HubRoster(_Message):
    """Every desk of the venue and its key (issue 17 item 6), handed to each member over the
    paired channel: a member that becomes the hub already knows the others' keys, and they know
    its key, so nobody pairs again. A member trusts no key that did not come this way."""

    desks: list[RosterEntry]


class HubStatus(_Message):
    hub_desk: str
    desks: list[dict[str, Any]]
