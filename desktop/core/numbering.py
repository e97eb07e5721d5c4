"""Certificate numbers: the office's letter-number pattern, unique across desks with no network.

Offices number letters differently (``W.32.UM.01.01-1473``, ``123/KW-HAM.ST/XI/2026``), so the
pattern is a per-office setting with placeholders:

    {seq}          the sequence number; {seq:04} pads it to 4 digits
    {desk}         this desk's code (see below)
    {office}       the office code, e.g. SULTENG
    {month_roman}  the month of issue in Roman numerals (XI)
    {month}        the month of issue, 2 digits (11)
    {year}         the year of issue (2026)
    {event}        the event's short code

Desks of one office work offline at the same time, so two desks must never make the same number.
Either the pattern contains ``{desk}`` (a code unique to the desk: by default derived from the
desk's random id, or set by the operator, e.g. M1, M2), or each desk gets its own range of
sequence numbers from its desk number (desk 1: 1-10000, desk 2: 10001-20000, ...). A pattern with
neither is refused, because it could not be unique. The sequence restarts each year only when
the pattern shows the year. A number once given is never given again, even after a revocation.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlmodel import Session, col, select

from desktop.core.certificates.models import Certificate, CertificateCounter
from desktop.core.desk import desk_identity, get_setting, set_setting
from desktop.core.errors import HadirError
from desktop.core.paths import resources_dir
from sync.indonesian import roman

PLACEHOLDERS = ("seq", "desk", "office", "month_roman", "month", "year", "event")
PATTERN_SETTING = "certificate.number_pattern"  # + ".<OFFICE>"
DESK_CODE_SETTING = "certificate.desk_code"
DESK_NUMBER_SETTING = "certificate.desk_number"
EVENT_CODE_SETTING = "certificate.event_code"  # + ".<event id>"
PLACE_SETTING = "certificate.place"  # + ".<OFFICE>"
RANGE_SIZE = 10_000
MAX_DESK_NUMBER = 99

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O, U: nothing to misread on paper
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{0,7}$")
_SEQ_SPEC = re.compile(r"^0\d$|^$")


class NumberingError(HadirError):
    code = "numbering"


@dataclass(frozen=True, slots=True)
class Pattern:
    text: str
    fields: frozenset[str]

    @property
    def uses_desk_code(self) -> bool:
        return "desk" in self.fields


def parse_pattern(text: str) -> Pattern:
    """Validate a pattern; the error names the placeholder that is wrong."""
    fields = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise NumberingError(f"Number pattern '{text}' has an unmatched brace ({error}).") from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            raise NumberingError(
                f"Number pattern '{text}' names unknown placeholder '{{{name}}}'. "
                f"Known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
            )
        if conversion or (spec and (name != "seq" or not _SEQ_SPEC.match(spec))):
            raise NumberingError(
                f"Number pattern '{text}': only {{seq}} takes a width, written {{seq:04}}."
            )
        fields.add(name)
    if "seq" not in fields:
        raise NumberingError(f"Number pattern '{text}' needs {{seq}}, the sequence number.")
    return Pattern(text=text, fields=frozenset(fields))


@cache
def office_settings() -> dict[str, Any]:
    path = resources_dir() / "certificates" / "office-settings.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _office_default(office_code: str, key: str) -> str | None:
    data = office_settings()
    office = data.get("offices", {}).get(office_code.upper(), {})
    value = office.get(key, data.get("default", {}).get(key))
    return str(value) if value is not None else None


def office_pattern(*, session: Session, office_code: str) -> Pattern:
    text = get_setting(session=session, key=f"{PATTERN_SETTING}.{office_code.upper()}")
    return parse_pattern(text or _office_default(office_code, "number_pattern") or "{seq}/{desk}")


def event_pattern(*, session: Session, office_code: str, event_id: str) -> Pattern:
    """The event's own pattern, which travels with it (issue 17), else the office's."""
    from desktop.core.models import Event

    event = session.get(Event, event_id)
    if event is not None and event.number_pattern:
        return parse_pattern(event.number_pattern)
    return office_pattern(session=session, office_code=office_code)


def set_office_pattern(*, session: Session, office_code: str, pattern: str) -> Pattern:
    parsed = parse_pattern(pattern.strip())
    set_setting(session=session, key=f"{PATTERN_SETTING}.{office_code.upper()}", value=parsed.text)
    return parsed


def office_place(*, session: Session, office_code: str, fallback: str = "") -> str:
    """The city printed before the date ("Palu, 25 November 2026")."""
    value = get_setting(session=session, key=f"{PLACE_SETTING}.{office_code.upper()}")
    return value or _office_default(office_code, "place") or fallback


def derived_desk_code(desk_id: str) -> str:
    """4 characters from the desk's random id: about a million values, so two desks of one office
    colliding is a one-in-a-few-hundred-thousand chance; set codes by hand (or at enrolment) to
    make it none."""
    digest = int.from_bytes(hashlib.sha256(desk_id.encode("utf-8")).digest()[:4], "big")
    return "".join(_CROCKFORD[(digest >> shift) & 31] for shift in (15, 10, 5, 0))


def desk_code(*, session: Session) -> str:
    chosen = get_setting(session=session, key=DESK_CODE_SETTING)
    return chosen or derived_desk_code(desk_identity(session=session).desk_id)


def set_desk_code(*, session: Session, code: str) -> str:
    value = code.strip().upper()
    if not _CODE.match(value):
        raise NumberingError(f"Desk code '{code}' must be 1-8 letters or digits, e.g. M2.")
    set_setting(session=session, key=DESK_CODE_SETTING, value=value)
    return value


def desk_number(*, session: Session) -> int | None:
    value = get_setting(session=session, key=DESK_NUMBER_SETTING)
    return int(value) if value else None


def set_desk_number(*, session: Session, number: int) -> int:
    if not 1 <= number <= MAX_DESK_NUMBER:
        raise NumberingError(f"A desk number is 1-{MAX_DESK_NUMBER}, not {number}.")
    set_setting(session=session, key=DESK_NUMBER_SETTING, value=str(number))
    return number


def event_code(*, session: Session, event_id: str) -> str:
    chosen = get_setting(session=session, key=f"{EVENT_CODE_SETTING}.{event_id}")
    return chosen or event_id.replace("-", "")[:6].upper()


def format_number(
    pattern: Pattern, *, seq: int, desk: str, office: str, on: date, event: str
) -> str:
    return pattern.text.format_map(
        {
            "seq": seq,
            "desk": desk,
            "office": office,
            "month_roman": roman(on.month),
            "month": f"{on.month:02d}",
            "year": str(on.year),
            "event": event,
        }
    )


@dataclass(frozen=True, slots=True)
class AllocatedNumber:
    number: str
    sequence: int


def allocate_numbers(
    *, session: Session, office_code: str, event_id: str, on: date, count: int
) -> list[AllocatedNumber]:
    """The next ``count`` numbers for this desk. Runs inside the caller's write transaction,
    which also inserts the certificates, so a number is either used and recorded or not taken."""
    pattern = event_pattern(session=session, office_code=office_code, event_id=event_id)
    office = office_code.upper()
    if pattern.uses_desk_code:
        code = desk_code(session=session)
        scope, base, limit = f"{office}|desk:{code}", 0, None
    else:
        number = desk_number(session=session)
        if number is None:
            raise NumberingError(
                f"The number pattern '{pattern.text}' has no {{desk}}, so each desk needs its own "
                "range of numbers: give this desk a desk number (1, 2, ...) or add {desk} to "
                "the pattern.",
                code="desk_number_required",
            )
        code = ""
        scope, base, limit = f"{office}|range:{number}", (number - 1) * RANGE_SIZE, RANGE_SIZE
    if "year" in pattern.fields:
        scope += f"|{on.year}"
    counter = session.get(CertificateCounter, scope) or CertificateCounter(scope=scope, last=0)
    event = event_code(session=session, event_id=event_id) if "event" in pattern.fields else ""
    allocated: list[AllocatedNumber] = []
    while len(allocated) < count:
        candidates = []
        for _ in range(count - len(allocated)):
            counter.last += 1
            if limit is not None and counter.last > limit:
                raise NumberingError(
                    f"This desk's range of {RANGE_SIZE} certificate numbers is used up; give it "
                    "another desk number.",
                    code="range_exhausted",
                )
            sequence = base + counter.last
            text = format_number(
                pattern, seq=sequence, desk=code, office=office, on=on, event=event
            )
            candidates.append(AllocatedNumber(text, sequence))
        # A pattern edited mid-year could produce a number already given: skip it, never reuse.
        taken = _taken([c.number for c in candidates], session)
        allocated.extend(c for c in candidates if c.number not in taken)
    session.add(counter)
    return allocated


def _taken(numbers: list[str], session: Session) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(numbers), 500):  # SQLite's bound-parameter limit
        chunk = numbers[start : start + 500]
        found.update(
            session.exec(select(Certificate.number).where(col(Certificate.number).in_(chunk)))
        )
    return found
