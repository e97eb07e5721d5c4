"""Dates, times and numbers the way Indonesian official documents print them: the one list of month
and day names, for the desk's sheets and certificates, HQ's verification page (sync/hq/verify.py),
and the window's translated names (desktop/ui/i18n.py, whose Indonesian sources a test holds to
these)."""

from __future__ import annotations

from datetime import date, datetime

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
DAYS = (
    "Senin",
    "Selasa",
    "Rabu",
    "Kamis",
    "Jumat",
    "Sabtu",
    "Minggu",
)  # Monday first, as weekday()

_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """Roman numerals for 1-39: letter numbers carry the month this way (XI = November)."""
    if not 1 <= number <= 39:
        raise ValueError(f"{number} has no Roman month form")
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def long_date(day: date) -> str:
    """``23 November 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def day_and_date(day: date) -> str:
    """``Senin, 23 November 2026``."""
    return f"{DAYS[day.weekday()]}, {long_date(day)}"


def date_range(first: date, last: date) -> str:
    """``23 November 2026``, ``23–25 November 2026``, ``30 November – 2 Desember 2026``."""
    if first == last:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {MONTHS[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]} – {long_date(last)}"
    return f"{long_date(first)} – {long_date(last)}"


def clock(moment: datetime) -> str:
    """``08.05``: Indonesian writes times with a dot."""
    return f"{moment.hour:02d}.{moment.minute:02d}"
