"""A phone or tablet as a check-in station of the venue hub (issue 17 item 7).

The hub serves a small page (``resources/station/``: HTML, the page's script and a vendored
tweetnacl-js) from its own web server: no internet, no CDN. The page holds no data. A station is a
row of ``venue_station`` with a random 32-byte key; the hub shows (QR code, or ``hadir-cli venue
station add``) the address ``http://HUB:PORT/station#s=<station id>&k=<key>``. What follows ``#``
(the fragment) never goes on the wire: the page reads the key from it and seals every call with
secretbox (XSalsa20-Poly1305, which PyNaCl's ``SecretBox`` opens), and the hub answers sealed.

Inside a call: the operation, the phone's clock and a random request id; the hub refuses a request
id it has seen (``ReplayGuard``, as between desks) and answers a call from a clock too far from its
own with its time, sealed, so the page corrects its clock and asks again. The answer repeats the
request id: an old answer is not taken for a new one. A laptop on the same Wi-Fi without the
address learns nothing and writes nothing: a station it does not know, or a box that does not open
with that station's key, gets a bare 401 before anything is read. Removing the row revokes the
station; the hub reads the table on every call, so a station added or removed by hadir-cli while
``venue host`` runs counts at once.

What the operations do (search, check in, undo) is the services' (``desktop/services/station.py``):
the check-in itself is the desk's own front door, ``desktop/services/checkin.py check_in_entry``.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox
from sqlmodel import Session, col, select

from desktop.core.clock import as_utc, utcnow
from desktop.core.db import Database
from desktop.core.desk import get_setting
from desktop.core.errors import HadirError, NotFound
from desktop.core.models import VenueStation
from desktop.core.paths import resources_dir
from desktop.core.venue import keys
from sync.desk.venue_wire import MAX_REQUEST_AGE_SECONDS, ReplayGuard, VenueWireError

STATION_PATH = "/venue/v1/station"  # every sealed call of a station's page
PAGE_PATH = "/station"
MAX_STATION_BODY_BYTES = 64 * 1024  # a search or a check-in; nothing a station sends is larger
MAX_NAME_LENGTH = 40
KEY_BYTES = SecretBox.KEY_SIZE  # 32
# last_seen is for the hub's list ("seen 2 minutes ago"); written at most this often per station,
# not on every keystroke's search.
SEEN_EVERY = timedelta(seconds=30)

# The page's files, by the path the page asks for; nothing else is served.
_ASSETS: dict[str, tuple[str, str]] = {
    PAGE_PATH: ("station.html", "text/html; charset=utf-8"),
    f"{PAGE_PATH}/station.js": ("station.js", "text/javascript; charset=utf-8"),
    f"{PAGE_PATH}/station.css": ("station.css", "text/css; charset=utf-8"),
    f"{PAGE_PATH}/nacl-fast.min.js": ("nacl-fast.min.js", "text/javascript; charset=utf-8"),
}
# The page runs only its own scripts and talks only to the hub that served it; no page of another
# site can frame it, and the address (with its key) is never sent as a referrer.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; media-src 'self' blob:; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Permissions-Policy": "camera=(self)",
}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Station:
    station_id: str
    name: str
    key: str  # base64url without padding, as the address carries it


StationOp = Callable[[Station, dict[str, Any]], dict[str, Any]]


class StationRefused(Exception):
    """A call the hub will not answer: no such station, a box that does not open, a replay."""


# --------------------------------------------------------------------------- keys and addresses


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, UnicodeEncodeError) as error:
        raise StationRefused("not base64url") from error


def station_url(hub_url: str, station: Station) -> str:
    """The address the phone opens: the key after ``#`` never leaves the phone."""
    return f"{hub_url.rstrip('/')}{PAGE_PATH}#s={station.station_id}&k={station.key}"


def _clean_name(name: str) -> str:
    cleaned = _SPACES.sub(" ", name).strip()
    if not cleaned:
        raise HadirError(
            "Give the station a name, e.g. \u201cHP 1\u201d.", code="station_name_required"
        )
    if len(cleaned) > MAX_NAME_LENGTH:
        raise HadirError(
            f"The station's name is {len(cleaned)} characters long; at most {MAX_NAME_LENGTH}.",
            code="station_name_too_long",
            length=len(cleaned),
            limit=MAX_NAME_LENGTH,
        )
    return cleaned


def served_url(*, session: Session) -> str:
    """The address this hub serves at (the last ``venue host``'s), for its stations' page; refused
    on a desk that is no hub: a station pairs with the hub desk, whose database keeps its key."""
    url = get_setting(session=session, key=keys.HUB_URL)
    if get_setting(session=session, key=keys.IS_HUB) != "1" or not url:
        raise HadirError(
            "This desk is not a venue hub, so it cannot have check-in stations. Make it the "
            "venue's hub first (Sinkronisasi \u2192 \u201cJadikan meja ini hub lokasi\u201d, or "
            "hadir-cli venue host), then add the station on it.",
            code="station_not_hub",
        )
    return url


# --------------------------------------------------------------------------- the stations


def add_station(*, session: Session, name: str) -> Station:
    """A new station slot with a fresh random key; the caller writes the audit line."""
    cleaned = _clean_name(name)
    if session.exec(select(VenueStation).where(VenueStation.name == cleaned)).first() is not None:
        raise HadirError(
            f"There is already a station named \u201c{cleaned}\u201d. Choose another name, or "
            "remove that station first (its phone stops working).",
            code="station_name_taken",
            name=cleaned,
        )
    row = VenueStation(
        station_id=secrets.token_hex(8),
        name=cleaned,
        key=_b64url(secrets.token_bytes(KEY_BYTES)),
    )
    session.add(row)
    session.flush()
    return Station(row.station_id, row.name, row.key)


def list_stations(*, session: Session) -> list[VenueStation]:
    return list(session.exec(select(VenueStation).order_by(col(VenueStation.name))))


def remove_station(*, session: Session, name: str) -> VenueStation:
    """Revoke a station: its key stops opening anything at once. The caller audits."""
    cleaned = _SPACES.sub(" ", name).strip()
    row = session.exec(select(VenueStation).where(VenueStation.name == cleaned)).first()
    if row is None:
        known = [s.name for s in list_stations(session=session)]
        raise NotFound(
            f"No station named \u201c{cleaned}\u201d on this hub"
            + (f" (there are: {', '.join(known)})." if known else " (it has none)."),
            code="station_not_found",
            name=cleaned,
            known=known,
        )
    session.delete(row)
    session.flush()
    return row


# --------------------------------------------------------------------------- sealed calls


class StationDoor:
    """Opens a station's sealed call, runs the operation, seals the answer. The operations come
    from the services (they check people in through the front door); the door knows only keys."""

    def __init__(
        self,
        db: Database,
        ops: Mapping[str, StationOp],
        *,
        max_age: float = MAX_REQUEST_AGE_SECONDS,
    ) -> None:
        self._db, self._ops, self._max_age = db, ops, max_age
        self._guard = ReplayGuard(max_age)

    def call(self, body: dict[str, Any]) -> dict[str, Any]:
        station_id, sealed = body.get("s"), body.get("box")
        if not isinstance(station_id, str) or not isinstance(sealed, str):
            raise StationRefused("malformed")
        station = self._station(station_id)
        box = SecretBox(_unb64url(station.key))
        try:
            inner = json.loads(box.decrypt(base64.b64decode(sealed, validate=True)))
        except (CryptoError, ValueError) as error:
            raise StationRefused("the box does not open with this station's key") from error
        if not isinstance(inner, dict):
            raise StationRefused("not an object")
        op, request_id, sent_at, request = (inner.get(k) for k in ("op", "rid", "ts", "body"))
        if not (
            isinstance(op, str)
            and isinstance(request_id, str)
            and isinstance(request, dict)
            and isinstance(sent_at, int | float)
            and not isinstance(sent_at, bool)
        ):
            raise StationRefused("malformed call")
        now = time.time()
        if abs(now - float(sent_at)) > self._max_age:
            # Authentic but from a clock far from the hub's (a phone set by hand) or replayed:
            # only the station can read the hub's time, and nothing is done.
            answer: dict[str, Any] = {"code": "station_clock", "hub_time": now}
        else:
            try:
                self._guard.admit(request_id, float(sent_at))
            except VenueWireError as error:
                raise StationRefused(str(error)) from error
            handler = self._ops.get(op)
            answer = (
                {"code": "station_unknown_op", "error": f"unknown operation {op!r}"}
                if handler is None
                else handler(station, request)
            )
        plain = json.dumps(
            # "to": an answer, never to be taken for a call (nor a call for an answer).
            {"rid": request_id, "to": "station", "ts": now, "body": answer},
            separators=(",", ":"),
        ).encode("utf-8")
        return {"box": base64.b64encode(bytes(box.encrypt(plain))).decode("ascii")}

    def _station(self, station_id: str) -> Station:
        """Read per call: a station added or removed by another process counts at once."""
        with self._db.session() as session:
            row = session.get(VenueStation, station_id)
            if row is None:
                raise StationRefused("no such station")
            station = Station(row.station_id, row.name, row.key)
            stale = row.last_seen is None or utcnow() - as_utc(row.last_seen) > SEEN_EVERY
        if stale:
            with self._db.write() as session:
                row = session.get(VenueStation, station_id)
                if row is not None:
                    row.last_seen = utcnow()
                    session.add(row)
        return station


# --------------------------------------------------------------------------- the page


def page_asset(path: str) -> tuple[bytes, str] | None:
    """(content, content type) of one of the page's files, or None: nothing else is served."""
    found = _ASSETS.get(path.split("?", 1)[0])
    if found is None:
        return None
    name, content_type = found
    return (_folder() / name).read_bytes(), content_type


def _folder() -> Path:
    return resources_dir() / "station"
