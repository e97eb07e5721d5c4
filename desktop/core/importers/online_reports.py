"""Reading Zoom, Microsoft Teams and Google Meet attendance exports into join/leave segments.

The formats are known from public parsers and fixtures, not a specification
(../shared/domain/online-attendance.md, tests/desktop/fixtures/online/README.md), so the variant is
detected from the content and anything that cannot be read is reported, never guessed silently:

- Zoom meeting participants: basic, "with meeting data" (a summary block first), "unique users"
  (one row per person with a total and no times), and the meeting-history export (the meeting's
  Topic/ID on every row, possibly several meetings); headers in the portal's language, looked up in
  resources/online/zoom_headers.csv; a CSV re-saved as .xlsx reads the same;
- Zoom webinar attendee report: a multi-section file; attendees count only with Attended = Yes,
  hosts and panelists are read with their role;
- Microsoft Teams meeting attendance report (UTF-16, tab-separated, numbered sections), also as
  re-saved by Excel;
- Google Meet attendance: times without a date (the date is in the file name, or given).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from itertools import pairwise
from pathlib import Path

from desktop.core.clock import local_to_utc
from desktop.core.errors import ImportRefused
from desktop.core.importers.tables import MAX_FILE_BYTES, _decode, _delimiter, read_xlsx
from desktop.core.names import words
from desktop.core.paths import resources_dir


class ReportVariant(StrEnum):
    ZOOM_PARTICIPANTS = "zoom_participants"
    ZOOM_WITH_MEETING = "zoom_with_meeting_data"
    ZOOM_UNIQUE_USERS = "zoom_unique_users"
    ZOOM_HISTORY = "zoom_meeting_history"
    ZOOM_WEBINAR = "zoom_webinar_attendees"
    TEAMS = "teams_attendance"
    GOOGLE_MEET = "google_meet"


class Role(StrEnum):
    """What the platform says a person was. Attendees and panelists count; hosts and dial-ins
    (a phone number, no name) are listed for the operator to decide."""

    ATTENDEE = "attendee"
    PANELIST = "panelist"
    HOST = "host"
    DIAL_IN = "dial-in"


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
    role: Role = Role.ATTENDEE
    meeting_id: str | None = None  # in a file that can hold several meetings


@dataclass(frozen=True, slots=True)
class Meeting:
    """One meeting of a file that can hold several (Zoom's meeting history)."""

    id: str
    topic: str
    start: str  # as the file writes it

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "topic": self.topic, "start": self.start}


@dataclass
class OnlineReport:
    variant: ReportVariant
    segments: list[Segment]
    skipped: list[dict[str, object]] = field(default_factory=list)  # {"row", "reason"[, "code"]}
    meeting_date: date | None = None
    # {"code", "message"}: read, but with a limit the operator must know (CLI "warnings").
    warnings: list[dict[str, object]] = field(default_factory=list)
    meeting_id: str | None = None
    topic: str | None = None
    language: str | None = None  # of the headers, from resources/online/zoom_headers.csv
    meetings: list[Meeting] = field(default_factory=list)  # every meeting the file holds
    date_order: DateOrder | None = None


EXPECTED = (
    "a Zoom participants report (Name (Original Name), User Email, Join Time, Leave Time, ...), "
    "a Zoom webinar attendee report (with an 'Attendee Details' section), a Microsoft Teams "
    "attendance report or a Google Meet attendance report (First name, Last name, Email, Duration, "
    "Time joined, Time exited)"
)


def _key(cell: str) -> str:
    return " ".join(words(cell))


# --------------------------------------------------------------------------- header languages


@cache
def header_languages() -> dict[str, tuple[str, str]]:
    """Folded header -> (meaning, language), from resources/online/*_headers.csv (Zoom's,
    Teams')."""
    table: dict[str, tuple[str, str]] = {}
    for path in sorted((resources_dir() / "online").glob("*_headers.csv")):
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        for row in csv.DictReader(lines):
            key = _key(row["header"])
            # A header spelled alike in two languages ("Email") keeps its first language.
            table.setdefault(key, (_key(row["meaning"]), row["language"]))
    return table


def _meaning(cell: str) -> str:
    key = _key(cell)
    known = header_languages().get(key)
    return known[0] if known else key


def _language(header: list[str]) -> str | None:
    counts: dict[str, int] = {}
    for cell in header:
        known = header_languages().get(_key(cell))
        if known and known[1] != "en":
            counts[known[1]] = counts.get(known[1], 0) + 1
    return (
        max(counts, key=lambda k: counts[k])
        if counts
        else ("en" if any(_key(c) in header_languages() for c in header) else None)
    )


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


# Zoom's meeting history marks the host's row "Nama (Host)"; the Indonesian portal "(Tuan rumah)".
_HOST_SUFFIX = re.compile(
    r"\s*\((?:host|co-host|tuan rumah|tuan rumah bersama)\)\s*$", re.IGNORECASE
)
# A dial-in participant is shown by their phone number (or Zoom's "Call-in user").
_PHONE = re.compile(r"^\+?\d[\d\s().-]{6,}$")


def _is_dial_in(name: str) -> bool:
    text = name.strip()
    if "call-in user" in text.casefold() or "dial-in" in text.casefold():
        return True
    digits = re.sub(r"\D", "", text)
    return bool(_PHONE.match(text)) and 7 <= len(digits) <= 15  # a NIP has 18 digits


# --------------------------------------------------------------------------- times

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
# The Indonesian portal's month abbreviations where they differ from English.
_MONTHS |= {"mei": 5, "agu": 8, "agt": 8, "okt": 10, "des": 12}
# Teams writes "24/11/26, 08:02:44": a comma between date and time.
_NUMERIC = re.compile(
    r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:,?\s+|T)(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp]\.?[Mm]\.?)?$"
)
_WORDY = re.compile(
    r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$"
)
# Day first with the month's name, as Indonesian (and British) settings write it: "24 Nov 2026 08.00".
_WORDY_DAY_FIRST = re.compile(
    r"^(\d{1,2}) ([A-Za-z]{3})[a-z]*\.?,? (\d{4}),? (\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp][Mm])?$"
)
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp][Mm])?$")


def _hour(hour: int, ampm: str | None) -> int:
    if ampm is None:
        return hour
    ampm = ampm.replace(".", "").lower()
    if not 1 <= hour <= 12:
        raise ValueError("an AM/PM hour must be 1-12")
    return hour % 12 + (12 if ampm == "pm" else 0)


class DateOrder(StrEnum):
    MONTH_FIRST = "mdy"
    DAY_FIRST = "dmy"
    YEAR_FIRST = "ymd"


def detect_date_order(
    values: list[str], *, near: date | None = None, event_dates: Collection[date] = ()
) -> DateOrder:
    """MM/DD or DD/MM for a whole file: a component above 12 decides; otherwise the reading whose
    dates fall on the event's dates wins (dd/mm with a 12-hour clock occurs, so AM/PM alone does
    not mean month first), then the reading nearest the event; AM/PM with nothing else to go on
    means a US export."""
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
    readings = (DateOrder.DAY_FIRST, DateOrder.MONTH_FIRST)

    def dates(order: DateOrder) -> list[date] | None:
        found = []
        for value in values:
            try:
                parsed = parse_local_time(value, order=order)
            except ValueError:
                return None
            if parsed is not None:
                found.append(parsed.date())
        return found

    if event_dates:
        on_event = {
            order: sum(d in event_dates for d in (dates(order) or [])) for order in readings
        }
        if on_event[DateOrder.DAY_FIRST] != on_event[DateOrder.MONTH_FIRST]:
            return max(readings, key=lambda order: on_event[order])
        near = near or min(event_dates)
    if has_ampm:
        return DateOrder.MONTH_FIRST
    if near is not None and values:

        def distance(order: DateOrder) -> float:
            found = dates(order)
            return float("inf") if found is None else sum(abs((d - near).days) for d in found)

        return min(readings, key=distance)
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
        try:
            return datetime(
                year,
                month,
                day,
                _hour(int(match.group(4)), match.group(7)),
                int(match.group(5)),
                int(match.group(6) or 0),
            )
        except ValueError:
            reading = {
                DateOrder.MONTH_FIRST: "month/day/year",
                DateOrder.DAY_FIRST: "day/month/year",
                DateOrder.YEAR_FIRST: "year/month/day",
            }[order]
            raise ValueError(f"'{value}' is not a date when read as {reading}") from None
    match = _WORDY.match(text)
    month_at, day_at = 1, 2
    if not match:
        match = _WORDY_DAY_FIRST.match(text)
        month_at, day_at = 2, 1
    if match:
        named_month = _MONTHS.get(match.group(month_at).lower())
        if named_month is None:
            raise ValueError(f"unknown month '{match.group(month_at)}'")
        return datetime(
            int(match.group(3)),
            named_month,
            int(match.group(day_at)),
            _hour(int(match.group(4)), match.group(7)),
            int(match.group(5)),
            int(match.group(6) or 0),
        )
    match = _CLOCK.match(text)
    if match and on is not None:
        return datetime.combine(
            on,
            time(
                _hour(int(match.group(1)), match.group(4)),
                int(match.group(2)),
                int(match.group(3) or 0),
            ),
        )
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        raise ValueError(f"'{value}' is not a time Hadir can read") from None


_DURATION_PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(jam|hr|hrs|hour|hours|h|min|mins|menit|m|sec|secs|s|detik)\b"
)


def parse_meet_duration(value: str) -> float:
    """Meet's "1 hr 5 min", "45 min", "30 sec", Teams' "3h 55m 17s" (and Indonesian "1 jam 5
    menit") to minutes."""
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
    delimiter = _delimiter(text)
    return [
        [c.strip() for c in row]
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    ]


def _find_header(rows: list[list[str]], required: set[str], start: int = 0) -> int | None:
    for index in range(start, min(len(rows), start + 60)):
        keys = {_meaning(c) for c in rows[index]}
        if required <= keys:
            return index
    return None


def _columns(header: list[str]) -> dict[str, int]:
    # A header repeated (the meeting history's two "Duration (minutes)", its host's and the
    # participant's "User Email") means the participant's: the last one.
    return {_meaning(cell): i for i, cell in enumerate(header)}


def _cell(cells: list[str], columns: dict[str, int], *names: str) -> str:
    for name in names:
        index = columns.get(name)
        if index is not None and index < len(cells):
            return cells[index]
    return ""


_YES = {"yes", "ya", "true", "1"}
_MEET_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _refused(path: Path, message: str, code: str, **params: object) -> ImportRefused:
    return ImportRefused(
        f"{path.name}: {message}", code=code, file=str(path), name=path.name, **params
    )


def read_online_report(
    path: Path,
    *,
    timezone: str,
    event_dates: Sequence[date] = (),
    meet_date: date | None = None,
    data: bytes | None = None,
    date_order: DateOrder | str | None = None,
    meeting_ids: Sequence[str] = (),
    event_date: date | None = None,
) -> OnlineReport:
    """Read a report; times are taken as wall-clock in ``timezone`` (the exporting account's zone,
    by default the event's) and returned as aware UTC.

    ``event_dates``: the event's local days, which decide a day/month order both readings allow
    (``date_order`` overrides it). ``meeting_ids``: which meetings of a file holding several count
    (without it such a file is refused, listing them). ``data``: the file's bytes when the caller
    has already read them (the name still gives the Meet date and the messages). ``event_date``:
    one day, for callers that know only that."""
    path = Path(path)
    dates = list(event_dates) or ([event_date] if event_date else [])
    order = DateOrder(date_order) if date_order else None
    if data is None and not path.is_file():
        raise _refused(path, "the file does not exist.", "online_no_file")
    size = path.stat().st_size if data is None else len(data)
    if size == 0 or size > MAX_FILE_BYTES:
        raise _refused(
            path,
            f"the file is empty or larger than {MAX_FILE_BYTES // 1_000_000} MB.",
            "online_empty",
            limit=MAX_FILE_BYTES // 1_000_000,
        )
    if data is None:
        data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        # A report the clerk opened in Excel and saved as a workbook: the same rows.
        rows = [cells for _, cells in read_xlsx(path)[0].rows]  # its first sheet
    else:
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise _refused(
                path, f"this is not a CSV file; expected {EXPECTED}.", "online_unknown_report"
            )
        text, _encoding = _decode(path, data)
        try:
            rows = _rows(text)
        except csv.Error as error:  # e.g. an unclosed quote running past csv's field limit
            raise _refused(
                path,
                f"the file cannot be read as CSV ({error}); export it again.",
                "online_unknown_report",
            ) from None
    report = _choose_meetings(
        path, _read_rows(path, rows, timezone, dates, order, meet_date), meeting_ids
    )
    if not report.segments:
        # Nothing is half-imported: a report of which no row could be read is refused whole.
        first = report.skipped[0] if report.skipped else {"row": "-", "reason": "no rows"}
        raise _refused(
            path,
            f"no row could be read as attendance (row {first['row']}: "
            f"{first['reason']}); check the file, or the day/month order chosen.",
            "online_nothing_readable",
            row=first["row"],
            reason=first["reason"],
        )
    return report


def _read_rows(
    path: Path,
    rows: list[list[str]],
    timezone: str,
    dates: list[date],
    order: DateOrder | None,
    meet_date: date | None,
) -> OnlineReport:
    if any(_teams_section(r[0]) for r in rows[:80] if r):
        return _read_teams(path, rows, timezone, dates, order)
    sections = []
    for index, r in enumerate(rows):
        role = (
            _WEBINAR_SECTIONS.get(_meaning(r[0])) if r and len([c for c in r if c]) == 1 else None
        )
        if role is not None:
            header = _find_header(rows, {"join time", "leave time"}, index + 1)
            if header is None:
                raise _refused(
                    path, f"the '{r[0]}' section has no header row.", "online_unknown_report"
                )
            sections.append((header, role))
    if any(role is Role.ATTENDEE for _, role in sections):
        return _read_zoom(path, rows, sections, ReportVariant.ZOOM_WEBINAR, timezone, dates, order)
    header = _find_header(rows, {"join time", "leave time"})
    if header is not None:
        columns = _columns(rows[header])
        if "attended" in columns:
            variant = ReportVariant.ZOOM_WEBINAR
        elif {"topic"} <= columns.keys() and {"id", "meeting id"} & columns.keys():
            variant = ReportVariant.ZOOM_HISTORY
        elif header > 0 and _find_header(rows, {"meeting id", "topic"}) is not None:
            variant = ReportVariant.ZOOM_WITH_MEETING
        else:
            variant = ReportVariant.ZOOM_PARTICIPANTS
        return _read_zoom(path, rows, [(header, Role.ATTENDEE)], variant, timezone, dates, order)
    header = _find_header(rows, {"total duration minutes"})
    if header is not None:
        report = _read_zoom(
            path,
            rows,
            [(header, Role.ATTENDEE)],
            ReportVariant.ZOOM_UNIQUE_USERS,
            timezone,
            dates,
            order,
        )
        report.warnings.append(
            {
                "code": "online_totals_only",
                "message": "This Zoom report has one total per person and no join or leave times, so "
                "the minutes cannot be limited to the event's hours or merged across "
                "devices; export the participants report without 'Show unique users' if "
                "you can.",
            }
        )
        return report
    header = _find_header(rows, {"first name", "time joined", "time exited"})
    if header is not None:
        on = meet_date
        if on is None:
            found = _MEET_FILE_DATE.search(path.name)
            on = date(*(int(g) for g in found.groups())) if found else None
        if on is None and len(dates) == 1:
            on = dates[0]
        if on is None:
            days = ", ".join(d.isoformat() for d in dates)
            raise _refused(
                path,
                f"a Google Meet report has no date and the event runs on several "
                f"days ({days}); give the meeting's day with --date YYYY-MM-DD, or "
                "choose it in the import window.",
                "online_date_needed",
                days=days,
            )
        return _read_meet(path, rows, header, timezone, on)
    if _looks_like_a_foreign_report(rows):
        # Teams' numbered sections ("1. Ringkasan") are there whatever the language.
        if any(
            len([c for c in r if c]) == 1 and _TEAMS_SECTION.match(r[0]) for r in rows[:80] if r
        ):
            raise _refused(
                path,
                "the column names are in a language Hadir does not know; "
                "download the attendance report again with Teams set to English.",
                "online_unknown_language",
                platform="teams",
            )
        raise _refused(
            path,
            "the column names are in a language Hadir does not know; export "
            "again with the Zoom portal in English (or Bahasa Indonesia).",
            "online_unknown_language",
            platform="zoom",
        )
    raise _refused(
        path,
        f"this is not an attendance report Hadir knows; expected {EXPECTED}.",
        "online_unknown_report",
    )


_WEBINAR_SECTIONS = {
    "attendee details": Role.ATTENDEE,
    "panelist details": Role.PANELIST,
    "host details": Role.HOST,
}


def _looks_like_a_foreign_report(rows: list[list[str]]) -> bool:
    """A header of words over rows holding two or more date-times: an attendance report, but in a
    language the header table does not have (Italian "Ora di ingresso", Korean "참가 시간")."""
    filled = [r for r in rows[:60] if sum(1 for c in r if c) >= 3]
    for header, row in pairwise(filled):
        if any(any(ch.isdigit() for ch in c) for c in header):
            continue
        times = 0
        for cell in row:
            try:
                times += parse_local_time(cell, order=DateOrder.DAY_FIRST) is not None
            except ValueError:
                continue
        if times >= 2:
            return True
    return False


def _read_zoom(
    path: Path,
    rows: list[list[str]],
    sections: list[tuple[int, Role]],
    variant: ReportVariant,
    timezone: str,
    dates: list[date],
    order: DateOrder | None,
) -> OnlineReport:
    name_col = ("name original name", "user name original name", "name", "user name")
    body: list[tuple[int, list[str], dict[str, int], Role]] = []
    for header, section_role in sections:
        columns = _columns(rows[header])
        for index in range(header + 1, len(rows)):
            cells = rows[index]
            if not any(cells):
                continue
            if len([c for c in cells if c]) == 1 and variant is ReportVariant.ZOOM_WEBINAR:
                break  # the next section's title line
            body.append((index + 1, cells, columns, section_role))
    times = [
        t
        for _, c, cols, _ in body
        for t in (_cell(c, cols, "join time"), _cell(c, cols, "leave time"))
        if t
    ]
    report = OnlineReport(variant=variant, segments=[], language=_language(rows[sections[0][0]]))
    report.date_order = order or detect_date_order(times, event_dates=dates)
    host_email = (
        _meeting_summary(rows, report) if variant is ReportVariant.ZOOM_WITH_MEETING else None
    )
    for row_number, cells, columns, role in body:
        if (
            variant is ReportVariant.ZOOM_WEBINAR
            and _key(_cell(cells, columns, "attended")) not in _YES
        ):
            continue  # registered but never joined
        if _key(_cell(cells, columns, "in waiting room")) in _YES:
            # Zoom counts waiting-room time apart from the meeting: not attendance.
            report.skipped.append(
                {
                    "row": row_number,
                    "reason": "in the waiting room, not the meeting",
                    "code": "online_waiting_room",
                }
            )
            continue
        raw_name = _cell(cells, columns, *name_col)
        if not raw_name and variant is ReportVariant.ZOOM_WEBINAR:
            raw_name = " ".join(
                x
                for x in (_cell(cells, columns, "first name"), _cell(cells, columns, "last name"))
                if x
            )
        if not raw_name:
            report.skipped.append({"row": row_number, "reason": "no name"})
            continue
        if _HOST_SUFFIX.search(raw_name):
            raw_name, role = _HOST_SUFFIX.sub("", raw_name), Role.HOST
        current, original = split_display_name(raw_name)
        email = _cell(cells, columns, "user email", "email").lower() or None
        if host_email and email == host_email:
            role = Role.HOST
        elif role is Role.ATTENDEE and email is None and _is_dial_in(current):
            role = Role.DIAL_IN
        guest = _key(_cell(cells, columns, "guest", "is guest")) in _YES
        try:
            if variant is ReportVariant.ZOOM_UNIQUE_USERS:
                minutes = float(_cell(cells, columns, "total duration minutes") or "0")
                segment = Segment(
                    row_number, current, original, email, guest, None, None, minutes, role
                )
            else:
                join = parse_local_time(_cell(cells, columns, "join time"), order=report.date_order)
                leave = parse_local_time(
                    _cell(cells, columns, "leave time"), order=report.date_order
                )
                if join is None or leave is None:
                    raise ValueError("join or leave time is empty")
                if leave < join:
                    raise ValueError("leave time is before join time")
                segment = Segment(
                    row_number,
                    current,
                    original,
                    email,
                    guest,
                    local_to_utc(join, timezone),
                    local_to_utc(leave, timezone),
                    role=role,
                )
        except (ValueError, OverflowError) as error:  # a year 1 or 9999 moved across zones
            report.skipped.append({"row": row_number, "reason": str(error)})
            continue
        if variant is ReportVariant.ZOOM_HISTORY:
            meeting = Meeting(
                _meeting_number(_cell(cells, columns, "id", "meeting id")),
                _cell(cells, columns, "topic"),
                _cell(cells, columns, "start time"),
            )
            if all(m.id != meeting.id for m in report.meetings):
                report.meetings.append(meeting)
            segment.meeting_id = meeting.id
        report.segments.append(segment)
    if not report.segments and not report.skipped:
        raise _refused(path, "the report lists nobody who attended.", "online_nobody")
    return report


def _meeting_number(raw: str) -> str:
    """Zoom writes a meeting ID "812 3456 7890" or "81234567890": compared without spaces."""
    return re.sub(r"\D", "", raw) or raw.strip()


def _meeting_summary(rows: list[list[str]], report: OnlineReport) -> str | None:
    """The "with meeting data" block: the meeting's ID and topic, and the host's e-mail."""
    header = _find_header(rows, {"meeting id", "topic"})
    if header is None or header + 1 >= len(rows):
        return None
    columns, values = _columns(rows[header]), rows[header + 1]
    report.meeting_id = _meeting_number(_cell(values, columns, "meeting id")) or None
    report.topic = _cell(values, columns, "topic") or None
    return _cell(values, columns, "user email").lower() or None


def _choose_meetings(path: Path, report: OnlineReport, meeting_ids: Sequence[str]) -> OnlineReport:
    """Only the event's meeting counts: the one(s) named, or the only one the file holds."""
    wanted = {_meeting_number(m) for m in meeting_ids if m.strip()}
    if report.variant is not ReportVariant.ZOOM_HISTORY:
        if wanted and report.meeting_id and report.meeting_id not in wanted:
            raise _refused(
                path,
                f"meeting {', '.join(sorted(wanted))} is not in this file; it "
                f"holds meeting {report.meeting_id} ({report.topic}).",
                "online_meeting_not_found",
                wanted=sorted(wanted),
                meetings=[{"id": report.meeting_id, "topic": report.topic or "", "start": ""}],
            )
        return report
    known = {m.id: m for m in report.meetings}
    listed = [m.as_dict() for m in report.meetings]
    described = "; ".join(f"{m.id} '{m.topic}' at {m.start}" for m in report.meetings)
    if wanted - known.keys():
        raise _refused(
            path,
            f"meeting {', '.join(sorted(wanted - known.keys()))} is not in this "
            f"file; it holds {described}.",
            "online_meeting_not_found",
            wanted=sorted(wanted - known.keys()),
            meetings=listed,
        )
    if not wanted and len(known) > 1:
        raise _refused(
            path,
            f"the file holds {len(known)} meetings ({described}); say which is "
            "this event's (--meeting ID, or choose it in the import window).",
            "online_several_meetings",
            meetings=listed,
        )
    chosen = wanted or set(known)
    report.segments = [s for s in report.segments if s.meeting_id in chosen]
    if len(chosen) == 1:
        only = known[next(iter(chosen))]
        report.meeting_id, report.topic = only.id, only.topic
    return report


# --------------------------------------------------------------------------- Microsoft Teams

_TEAMS_SECTION = re.compile(r"^\s*\d\.\s*(.+?)\s*$")
_TEAMS_SECTIONS = {"summary", "participants", "in meeting activities"}


def _teams_section(cell: str) -> str | None:
    """ "2. Participants" -> "participants" (by meaning, so a translated title reads too)."""
    title = _TEAMS_SECTION.match(cell)
    meaning = _meaning(title.group(1)) if title else None
    return meaning if meaning in _TEAMS_SECTIONS else None


_TEAMS_ROLES = {
    "organizer": Role.HOST,
    "co organizer": Role.HOST,
    "presenter": Role.PANELIST,
    "attendee": Role.ATTENDEE,
}


def teams_name(shown: str) -> str:
    """Teams shows directory names "Last, First"; Hadir's names put titles after a comma
    ("Budi Santoso, S.H."), so the two are told apart by what follows the comma: a title has dots
    or is a short capital abbreviation ("SH", "MM")."""
    if shown.count(",") != 1:
        return shown
    last, first = (part.strip() for part in shown.split(","))
    if not last or not first or "." in first:
        return shown
    if all(len(token) <= 4 and token.isupper() for token in first.split()):
        return shown
    return f"{first} {last}"


def _read_teams(
    path: Path, rows: list[list[str]], timezone: str, dates: list[date], order: DateOrder | None
) -> OnlineReport:
    """Teams' meeting attendance report: "2. Participants" has one row per person (first join,
    last leave, time in the meeting); "3. In-Meeting activities" one row per join/leave interval,
    which is what the minutes are counted from when present."""
    sections: dict[str, list[tuple[int, list[str]]]] = {}
    current = None
    for index, cells in enumerate(rows):
        title = _teams_section(cells[0]) if cells else None
        if title:
            current = title
            sections[current] = []
        elif current and any(cells):
            sections[current].append((index + 1, cells))
    report = OnlineReport(variant=ReportVariant.TEAMS, segments=[], language="en")
    for _, cells in sections.get("summary", []):
        if _meaning(cells[0]) == "meeting title" and len(cells) > 1:
            report.topic = cells[1] or None
    activities = sections.get("in meeting activities", [])
    people = sections.get("participants", [])
    use = activities if len(activities) > 1 else people
    if len(use) < 2:
        raise _refused(
            path,
            "the Teams report has no participants section; download the "
            "attendance report again from the meeting's Attendance tab.",
            "online_unknown_report",
        )
    columns = _columns(use[0][1])
    join_col = "join time" if use is activities else "first join"
    leave_col = "leave time" if use is activities else "last leave"
    times = [
        t
        for _, c in use[1:]
        for t in (_cell(c, columns, join_col), _cell(c, columns, leave_col))
        if t
    ]
    report.date_order = order or detect_date_order(times, event_dates=dates)
    approximated = False
    for row_number, cells in use[1:]:
        name = _cell(cells, columns, "name", "full name")
        if not name:
            report.skipped.append({"row": row_number, "reason": "no name"})
            continue
        email = _cell(cells, columns, "email", "participant id upn").lower() or None
        if email and "@" not in email:
            email = None
        role = _TEAMS_ROLES.get(_meaning(_cell(cells, columns, "role")), Role.ATTENDEE)
        if role is Role.ATTENDEE and email is None and _is_dial_in(name):
            role = Role.DIAL_IN
        try:
            join = parse_local_time(_cell(cells, columns, join_col), order=report.date_order)
            leave = parse_local_time(_cell(cells, columns, leave_col), order=report.date_order)
            if join is None or leave is None:
                raise ValueError("join or leave time is empty")
            if leave < join:
                raise ValueError("leave time is before join time")
            if use is people:
                # Without the activity intervals, the span from first join to last leave would
                # count the breaks; the time in the meeting from the first join is nearer.
                spent = timedelta(
                    minutes=parse_meet_duration(
                        _cell(cells, columns, "in meeting duration") or "0s"
                    )
                )
                if join + spent < leave:
                    leave, approximated = join + spent, True
        except (ValueError, OverflowError) as error:  # a year 1 or 9999 moved across zones
            report.skipped.append({"row": row_number, "reason": str(error)})
            continue
        report.segments.append(
            Segment(
                row_number,
                name,
                teams_name(name),
                email,
                email is None,
                local_to_utc(join, timezone),
                local_to_utc(leave, timezone),
                role=role,
            )
        )
    if approximated:
        report.warnings.append(
            {
                "code": "online_teams_no_intervals",
                "message": "This Teams report has no 'In-Meeting activities' section, so each person's "
                "time is counted from their first join without the breaks' exact times.",
            }
        )
    if not report.segments and not report.skipped:
        raise _refused(path, "the report lists nobody who attended.", "online_nobody")
    return report


# --------------------------------------------------------------------------- Google Meet


def _read_meet(
    path: Path, rows: list[list[str]], header: int, timezone: str, on: date
) -> OnlineReport:
    columns = _columns(rows[header])
    report = OnlineReport(variant=ReportVariant.GOOGLE_MEET, segments=[], meeting_date=on)
    for index in range(header + 1, len(rows)):
        cells, row_number = rows[index], index + 1
        if not any(cells):
            continue
        name = " ".join(
            x
            for x in (_cell(cells, columns, "first name"), _cell(cells, columns, "last name"))
            if x
        )
        if not name:
            report.skipped.append({"row": row_number, "reason": "no name"})
            continue
        email = _cell(cells, columns, "email").lower() or None
        try:
            join = parse_local_time(
                _cell(cells, columns, "time joined"), order=DateOrder.DAY_FIRST, on=on
            )
            leave = parse_local_time(
                _cell(cells, columns, "time exited"), order=DateOrder.DAY_FIRST, on=on
            )
            if join is None:
                raise ValueError("the join time is empty")
            if leave is None:  # still in the meeting when exported: use the duration
                leave = join + timedelta(
                    minutes=parse_meet_duration(_cell(cells, columns, "duration"))
                )
            if leave < join:  # a meeting that ran past midnight
                leave += timedelta(days=1)
        except (ValueError, OverflowError) as error:  # a year 1 or 9999 moved across zones
            report.skipped.append({"row": row_number, "reason": str(error)})
            continue
        role = Role.DIAL_IN if email is None and _is_dial_in(name) else Role.ATTENDEE
        report.segments.append(
            Segment(
                row_number,
                name,
                name,
                email,
                email is None,
                local_to_utc(join, timezone),
                local_to_utc(leave, timezone),
                role=role,
            )
        )
    if not report.segments and not report.skipped:
        raise _refused(path, "the report lists nobody who attended.", "online_nobody")
    return report
