"""The code printed as a QR on a person's invitation and badge: ``HDR-EEEE-PPPPPPPPPP``.

Why this shape (issue 18):

- It derives from the registration's identity, (event id, participant id), two random ULIDs that
  travel to every desk of the office through sync, so every desk computes the same code for the
  same registration without storing it (no migration, nothing to keep in step).
- It is a hash (SHA-256, truncated) of that identity, so it reveals nothing about the person: not
  the name, not the NIP, not even the participant id (which would link one person's badges across
  events). Nobody can make a valid code without knowing the ids, which never leave the desk.
- ``EEEE`` (20 bits) says which event the code is for, so a code from another event gets a red
  card naming that event instead of checking anyone in. ``PPPPPPPPPP`` (50 bits) says who: the
  chance that two of 10,000 registrations of one event share it is below 1 in 20,000, and if
  they ever did the desk refuses the code instead of guessing (``badge_code_ambiguous``).
- 19 characters of Crockford base 32 in capitals and dashes fit QR's alphanumeric mode in a
  version 1 symbol (21 x 21 modules), large modules that a phone screen shows and a scanner reads
  easily; typed by hand, case, spaces, dashes and the look-alikes O/0 and I/L/1 do not matter.
- The letters ``HDR`` in front make it impossible to mistake for a NIP or NIK (digits only) typed
  in the same scan field.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlmodel import Session, select

from desktop.core.errors import HadirError
from desktop.core.models import Event, Registration

PREFIX = "HDR"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U
_EVENT_CHARS, _PERSON_CHARS = 4, 10
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_TYPED = re.compile(
    rf"^{PREFIX}([{_ALPHABET}]{{{_EVENT_CHARS}}})([{_ALPHABET}]{{{_PERSON_CHARS}}})$"
)


def _base32(digest: bytes, chars: int) -> str:
    number = int.from_bytes(digest[:8], "big") >> (64 - 5 * chars)
    out = []
    for _ in range(chars):
        number, digit = divmod(number, 32)
        out.append(_ALPHABET[digit])
    return "".join(reversed(out))


def event_tag(event_id: str) -> str:
    return _base32(hashlib.sha256(f"hadir-event\x00{event_id}".encode()).digest(), _EVENT_CHARS)


def person_tag(event_id: str, participant_id: str) -> str:
    data = f"hadir-badge\x00{event_id}\x00{participant_id}".encode()
    return _base32(hashlib.sha256(data).digest(), _PERSON_CHARS)


def badge_code(event_id: str, participant_id: str) -> str:
    """The code for one registration, as printed under the QR and encoded in it."""
    return f"{PREFIX}-{event_tag(event_id)}-{person_tag(event_id, participant_id)}"


@dataclass(frozen=True, slots=True)
class TypedCode:
    event: str
    person: str


def parse(entry: str) -> TypedCode | None:
    """A scanned or typed badge code, or None when ``entry`` is not one."""
    compact = re.sub(r"[\s\-]+", "", entry.upper()).translate(_LOOKALIKES)
    match = _TYPED.match(compact)
    if match is None:
        return None
    return TypedCode(match.group(1), match.group(2))


# The tags of each event's registrations, built on first use and rebuilt when a code is not found
# (a registration may have arrived since): a scan then costs one dictionary look-up, not 10,000
# hashes. Keyed by event id, which is random, so two databases in one process cannot collide.
_TAGS: dict[str, dict[str, list[str]]] = {}


def _tags(session: Session, event_id: str, *, fresh: bool) -> dict[str, list[str]]:
    found = None if fresh else _TAGS.get(event_id)
    if found is None:
        found = {}
        for participant_id in session.exec(
            select(Registration.participant_id).where(Registration.event_id == event_id)
        ):
            found.setdefault(person_tag(event_id, participant_id), []).append(participant_id)
        _TAGS[event_id] = found
    return found


def _registered(session: Session, event_id: str, participant_id: str) -> bool:
    return session.get(Registration, (event_id, participant_id)) is not None


def _match(session: Session, event_id: str, tag: str) -> list[str]:
    """Who in this event has ``tag``; the cache is refreshed once when it is stale."""
    for fresh in (False, True):
        ids = [
            p
            for p in _tags(session, event_id, fresh=fresh).get(tag, [])
            if _registered(session, event_id, p)
        ]
        if ids:
            return ids
    return []


def resolve(*, session: Session, event_id: str, code: TypedCode) -> str:
    """The participant id a badge code names in this event, or an error for the red card."""
    if code.event == event_tag(event_id):
        ids = _match(session, event_id, code.person)
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            raise HadirError(
                "This badge code fits more than one person: find the person by name or NIP.",
                code="badge_code_ambiguous",
            )
    # Another event's code (or one whose registration is gone): say which event, if this desk
    # knows it; never check anyone in.
    for other in session.exec(select(Event)):
        if (
            other.id != event_id
            and event_tag(other.id) == code.event
            and _match(session, other.id, code.person)
        ):
            raise HadirError(
                f"This code is for another event: {other.title}.",
                code="badge_other_event",
                title=other.title,
            )
    if code.event != event_tag(event_id):
        raise HadirError(
            "This code is for another event, one this desk does not have.",
            code="badge_other_event_unknown",
        )
    raise HadirError(
        "No registration of this event has this code (removed, or mistyped).",
        code="badge_code_unknown",
    )
