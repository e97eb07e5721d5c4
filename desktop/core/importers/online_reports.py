"""Reading Zoom and Google Meet attendance exports into join/leave segments.

The formats are known from public parsers and fixtures, not a specification
(../shared/domain/online-attendance.md), so the variant is detected from the content and anything
that cannot be read is reported, never guessed silently:

- Zoom meeting participants: basic, "with meeting data" (a summary block first), "unique users"
  (one row per person with a total and no times);
- Zoom webinar attendee report: a multi-section file of which only "Attendee Details" counts, and
  only rows with Attended = Yes;
- Google Meet attendance: times without a date (the date is in the file name).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

from desktop.core.clock import local_to_utc
from desktop.core.errors import ImportRefused
from desktop.core.importers.tables import MAX_FILE_BYTES, _decode
from desktop.core.names import words


class ReportVariant(StrEnum):
    ZOOM_PARTICIPANTS = "zoom_participants"
    ZOOM_WITH_MEETING = "zoom_with_meeting_data"
    ZOOM_UNIQUE_USERS = "zoom_unique_users"
    ZOOM_WEBINAR = "zoom_webinar_attendees"
    GOOGLE_MEET = "google_meet"


@dataclass
class Segment:
    """One row of a report: someone was in the meeting from ``join`` to ``leave`` (aware UTC), or
    only a total of ``minutes`` when the report has no times (Zoom "unique users")."""

    row: int
    display_name: str
    original_name: str
    email: str | None
    guest: bool
    join: datetime | None
    leave: datetime | None
    minutes: float | None = None


@dataclass
class OnlineReport:
    variant: ReportVariant
    segments: list[Segment]
    skipped: list[dict[str, object]] = field(default_factory=list)  # {"row", "reason"}
    meeting_date: date | None = None


EXPECTED = (
    "a Zoom participants report (Name (Original Name), User Email, Join Time, Leave Time, ...), "
    "a Zoom webinar attendee report (with an 'Attendee Details' section) or a Google Meet "
    "attendance report (First name, Last name, Email, Duration, Time joined, Time exited)"
)


def _key(cell: str) -> str:
    return " ".join(words(cell))


def split_display_name(raw: str) -> tuple[str, str]:
    """Zoom's "current name (original name)": split on the LAST balanced parentheses, so that
    "Budi (Pemkot) (Budi Santoso)" is current "Budi (Pemkot)", original "Budi Santoso"."""
    text = raw.strip()
    if text.endswith(")"):
        depth = 0
        for index in range(len(text) - 1, -1, -1):
            if text[index] == ")":
                depth += 1
            elif text[index] == "(":
                depth -= 1
                if depth == 0:
                    current, original = text[:index].strip(), text[index + 1 : -1].strip()
                    if current and original:
                        return current, original
                    break
    return text, text


# --------------------------------------------------------------------------- times

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}  # fmt: skip
_NUMERIC = re.compile(
    r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})[ T]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp][Mm])?$"
)
_WORDY = re.compile(
    r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$"
)
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp][Mm])?$")


def _hour(hour: int, ampm: str | None) -> int:
    if ampm is None:
        return hour
    ampm = ampm.lower()
    if not 1 <= hour <= 12:
        raise ValueError("an AM/PM hour must be 1-12")
    return hour % 12 + (12 if ampm == "pm" else 0)


class DateOrder(StrEnum):
    MONTH_FIRST = "mdy"
    DAY_FIRST = "dmy"
    YEAR_FIRST = "ymd"


def detect_date_order(values: list[str], *, near: date | None) -> DateOrder:
    """MM/DD or DD/MM for a whole file: a component above 12 decides; AM/PM times mean a US
    export; otherwise the reading whose dates fall nearest the event wins."""
    firsts, seconds, has_ampm = [], [], False
    for value in values:
        match = _NUMERIC.match(value.strip())
        if not match:
            continue
        a, b = int(match.group(1)), int(match.group(2))
        if len(match.group(1)) == 4:
            return DateOrder.YEAR_FIRST
        firsts.append(a)
        seconds.append(b)
        has_ampm = has_ampm or bool(match.group(7))
    if any(a > 12 for a in firsts):
        return DateOrder.DAY_FIRST
    if any(b > 12 for b in seconds):
        return DateOrder.MONTH_FIRST
    if has_ampm:
        return DateOrder.MONTH_FIRST
    if near is not None and values:
        def distance(order: DateOrder) -> float:
            total = 0.0
            for value in values:
                try:
                    parsed = parse_local_time(value, order=order)
                except ValueError:
                    return float("inf")
                if parsed is not None:
                    total += abs((parsed.date() - near).days)
            return total

        return min((DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST), key=distance)
    return DateOrder.DAY_FIRST  # Indonesian exports write day first


def parse_local_time(value: str, *, order: DateOrder, on: date | None = None) -> datetime | None:
    """A wall-clock time as exported (no zone); ``on`` supplies the date for Meet's bare times."""
    text = value.strip()
    if not text:
        return None
    match = _NUMERIC.match(text)
    if match:
        a, b, c = (int(match.group(i)) for i in (1, 2, 3))
        if order is DateOrder.YEAR_FIRST or len(match.group(1)) == 4:
            year, month, day = a, b, c
        elif order is DateOrder.MONTH_FIRST:
            month, day, year = a, b, c
        else:
            day, month, year = a, b, c
        if year < 100:
            year += 2000
        return datetime(year, month, day, _hour(int(match.group(4)), match.group(7)),
                        int(match.group(5)), int(match.group(6) or 0))  # fmt: skip
    match = _WORDY.match(text)
    if match:
        named_month = _MONTHS.get(match.group(1).lower())
        if named_month is None:
            raise ValueError(f"unknown month '{match.group(1)}'")
        return datetime(int(match.group(3)), named_month, int(match.group(2)),
                        _hour(int(match.group(4)), match.group(7)), int(match.group(5)),
                        int(match.group(6) or 0))  # fmt: skip
    match = _CLOCK.match(text)
    if match and on is not None:
        return datetime.combine(on, time(_hour(int(match.group(1)), match.group(4)),
                                         int(match.group(2)), int(match.group(3) or 0)))  # fmt: skip
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        raise ValueError(f"'{value}' is not a time Hadir can read") from None


_DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*(jam|hr|hrs|hour|hours|h|min|mins|menit|m|sec|secs|s|detik)\b")


def parse_meet_duration(value: str) -> float:
    """Meet's "1 hr 5 min", "45 min", "30 sec" (and Indonesian "1 jam 5 menit") to minutes."""
    total = 0.0
    found = False
    for number, unit in _DURATION_PART.findall(value.lower()):
        amount = float(number.replace(",", "."))
        found = True
        if unit in {"jam", "hr", "hrs", "hour", "hours", "h"}:
            total += amount * 60
        elif unit in {"sec", "secs", "s", "detik"}:
            total += amount / 60
        else:
            total += amount
    if not found:
        raise ValueError(f"'{value}' is not a duration")
    return total


# --------------------------------------------------------------------------- reading


def _rows(text: str) -> list[list[str]]:
    sample = "\n".join(text.splitlines()[:40])
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""),
                                                           delimiter=delimiter)]  # fmt: skip


def _find_header(rows: list[list[str]], required: set[str], start: int = 0) -> int | None:
    for index in range(start, min(len(rows), start + 60)):
        keys = {_key(c) for c in rows[index]}
        if required <= keys:
            return index
    return None


def _columns(header: list[str]) -> dict[str, int]:
    return {_key(cell): i for i, cell in enumerate(header)}


def _cell(cells: list[str], columns: dict[str, int], *names: str) -> str:
    for name in names:
        index = columns.get(name)
        if index is not None and index < len(cells):
            return cells[index]
    return ""


_YES = {"yes", "ya", "true", "1"}
_MEET_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def read_online_report(
    path: Path, *, timezone: str, event_date: date | None = None, meet_date: date | None = None,
    data: bytes | None = None,
) -> OnlineReport:
    """Read a report; times are taken as wall-clock in ``timezone`` (the exporting account's zone,
    by default the event's) and returned as aware UTC. ``data``: the file's bytes when the caller
    has already read them (the name still gives the Meet date and the messages)."""
    path = Path(path)
    if data is None and not path.is_file():
        raise ImportRefused(f"{path.name}: the file does not exist.", file=str(path))
    size = path.stat().st_size if data is None else len(data)
    if size == 0 or size > MAX_FILE_BYTES:
        raise ImportRefused(f"{path.name}: the file is empty or larger than "
                            f"{MAX_FILE_BYTES // 1_000_000} MB.", file=str(path))  # fmt: skip
    if data is None:
        data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused(f"{path.name}: this is not a CSV file; expected {EXPECTED}.")
    text, _encoding = _decode(path, data)
    rows = _rows(text)

    attendee_marker = next((i for i, r in enumerate(rows) if r and _key(r[0]) == "attendee details"),
                           None)  # fmt: skip
    if attendee_marker is not None:
        header = _find_header(rows, {"attended", "join time", "leave time"}, attendee_marker + 1)
        if header is None:
            raise ImportRefused(f"{path.name}: the 'Attendee Details' section has no header row.")
        return _read_zoom(path, rows, header, ReportVariant.ZOOM_WEBINAR, timezone, event_date)
    header = _find_header(rows, {"join time", "leave time"})
    if header is not None:
        columns = _columns(rows[header])
        if "attended" in columns:
            return _read_zoom(path, rows, header, ReportVariant.ZOOM_WEBINAR, timezone, event_date)
        variant = (ReportVariant.ZOOM_WITH_MEETING if _find_header(rows, {"meeting id", "topic"}) is not None
                   and header > 0 else ReportVariant.ZOOM_PARTICIPANTS)  # fmt: skip
        return _read_zoom(path, rows, header, variant, timezone, event_date)
    header = _find_header(rows, {"total duration minutes"})
    if header is not None:
        return _read_zoom(path, rows, header, ReportVariant.ZOOM_UNIQUE_USERS, timezone, event_date)
    header = _find_header(rows, {"first name", "time joined", "time exited"})
    if header is not None:
        on = meet_date
        if on is None:
            found = _MEET_FILE_DATE.search(path.name)
            on = date(*(int(g) for g in found.groups())) if found else event_date
        if on is None:
            raise ImportRefused(f"{path.name}: a Google Meet report has no date; give the day.")
        return _read_meet(path, rows, header, timezone, on)
    raise ImportRefused(f"{path.name}: this is not an attendance report Hadir knows; expected {EXPECTED}.",
                        file=str(path))  # fmt: skip


def _read_zoom(path: Path, rows: list[list[str]], header: int, variant: ReportVariant,
               timezone: str, event_date: date | None) -> OnlineReport:  # fmt: skip
    columns = _columns(rows[header])
    name_col = ("name original name", "user name original name", "name", "user name")
    body = []
    for index in range(header + 1, len(rows)):
        cells = rows[index]
        if not any(cells):
            if variant is ReportVariant.ZOOM_WEBINAR:
                continue
            continue
        if len(cells) == 1 and variant is ReportVariant.ZOOM_WEBINAR:
            break  # the next section's title line
        body.append((index + 1, cells))
    times = [_cell(c, columns, "join time") for _, c in body] + [_cell(c, columns, "leave time") for _, c in body]
    order = detect_date_order([t for t in times if t], near=event_date)
    report = OnlineReport(variant=variant, segments=[])
    for row_number, cells in body:
        if variant is ReportVariant.ZOOM_WEBINAR and _key(_cell(cells, columns, "attended")) not in _YES:
            continue  # registered but never joined
        raw_name = _cell(cells, columns, *name_col)
        if not raw_name and variant is ReportVariant.ZOOM_WEBINAR:
            raw_name = " ".join(x for x in (_cell(cells, columns, "first name"),
                                            _cell(cells, columns, "last name")) if x)  # fmt: skip
        if not raw_name:
            report.skipped.append({"row": row_number, "reason": "no name"})
            continue
        current, original = split_display_name(raw_name)
        email = (_cell(cells, columns, "user email", "email").lower() or None)
        guest = _key(_cell(cells, columns, "guest", "is guest")) in _YES
        try:
            if variant is ReportVariant.ZOOM_UNIQUE_USERS:
                minutes = float(_cell(cells, columns, "total duration minutes") or "0")
                segment = Segment(row_number, current, original, email, guest, None, None, minutes)
            else:
                join = parse_local_time(_cell(cells, columns, "join time"), order=order)
                leave = parse_local_time(_cell(cells, columns, "leave time"), order=order)
                if join is None or leave is None:
                    raise ValueError("join or leave time is empty")
                if leave < join:
                    raise ValueError("leave time is before join time")
                segment = Segment(row_number, current, original, email, guest,
                                  local_to_utc(join, timezone), local_to_utc(leave, timezone))  # fmt: skip
        except ValueError as error:
            report.skipped.append({"row": row_number, "reason": str(error)})
            continue
        report.segments.append(segment)
    if not report.segments and not report.skipped:
        raise ImportRefused(f"{path.name}: the report lists nobody who attended.")
    return report


def _read_meet(path: Path, rows: list[list[str]], header: int, timezone: str, on: date) -> OnlineReport:
    columns = _columns(rows[header])
    report = OnlineReport(variant=ReportVariant.GOOGLE_MEET, segments=[], meeting_date=on)
    for index in range(header + 1, len(rows)):
        cells, row_number = rows[index], index + 1
        if not any(cells):
            continue
        name = " ".join(x for x in (_cell(cells, columns, "first name"),
                                    _cell(cells, columns, "last name")) if x)  # fmt: skip
        if not name:
            report.skipped.append({"row": row_number, "reason": "no name"})
            continue
        email = _cell(cells, columns, "email").lower() or None
        try:
            join = parse_local_time(_cell(cells, columns, "time joined"), order=DateOrder.DAY_FIRST, on=on)
            leave = parse_local_time(_cell(cells, columns, "time exited"), order=DateOrder.DAY_FIRST, on=on)
            if join is None:
                raise ValueError("the join time is empty")
            if leave is None:  # still in the meeting when exported: use the duration
                leave = join + timedelta(minutes=parse_meet_duration(_cell(cells, columns, "duration")))
            if leave < join:  # a meeting that ran past midnight
                leave += timedelta(days=1)
        except ValueError as error:
            report.skipped.append({"row": row_number, "reason": str(error)})
            continue
        report.segments.append(Segment(row_number, name, name, email, email is None,
                                       local_to_utc(join, timezone), local_to_utc(leave, timezone)))  # fmt: skip
    if not report.segments and not report.skipped:
        raise ImportRefused(f"{path.name}: the report lists nobody who attended.")
    return report
