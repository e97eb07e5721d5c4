"""The one reader of stored timestamps (sync/clock.py as_utc), for the desk and HQ: aware UTC from a
datetime or from the text SQLite hands back to raw SQL, whatever its form."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest

from sync.clock import as_utc

MOMENT = datetime(2026, 3, 12, 1, 2, 3, 123456, tzinfo=UTC)


@pytest.mark.parametrize(
    "stored",
    [
        "2026-03-12 01:02:03.123456",  # SQLAlchemy's SQLite form: naive, space separator
        "2026-03-12T01:02:03.123456",  # naive, "T"
        "2026-03-12T01:02:03.123456Z",  # "Z"
        "2026-03-12 01:02:03.123456+00:00",  # str() of an aware datetime
        "2026-03-12T09:02:03.123456+08:00",  # another offset (WITA), converted
        "2026-03-11T20:02:03.123456-05:00",  # a negative offset, the day before
        "  2026-03-12 01:02:03.123456\n",  # stray whitespace
        datetime(2026, 3, 12, 1, 2, 3, 123456),  # the ORM's naive datetime from SQLite
        datetime(2026, 3, 12, 10, 2, 3, 123456, tzinfo=timezone(timedelta(hours=9))),  # WIT
    ],
)
def test_every_stored_form_reads_as_the_same_aware_utc_moment(stored: datetime | str) -> None:
    read = as_utc(stored)
    assert read == MOMENT and read.tzinfo is UTC


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("2026-03-12 01:02:03", datetime(2026, 3, 12, 1, 2, 3, tzinfo=UTC)),  # no fraction
        ("2026-03-12 01:02:03.5", datetime(2026, 3, 12, 1, 2, 3, 500000, tzinfo=UTC)),
        ("2026-03-12 01:02:03.123", datetime(2026, 3, 12, 1, 2, 3, 123000, tzinfo=UTC)),
        ("2026-03-12", datetime(2026, 3, 12, tzinfo=UTC)),  # a date alone: midnight UTC
    ],
)
def test_fractions_and_dates(stored: str, expected: datetime) -> None:
    assert as_utc(stored) == expected


@pytest.mark.parametrize("stored", ["", "   ", "kemarin", "2026-13-01 00:00:00", "None"])
def test_text_that_is_no_timestamp_is_refused(stored: str) -> None:
    with pytest.raises(ValueError):
        as_utc(stored)


def test_an_aggregate_from_raw_sql_on_sqlite_reads_back() -> None:
    # MIN() over SQLAlchemy's stored form comes back as text, not a datetime.
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE checkin (at TEXT)")
    connection.executemany(
        "INSERT INTO checkin VALUES (?)",
        [("2026-03-12 01:02:03.123456",), ("2026-03-12 02:00:00.000000",)],
    )
    (first,) = connection.execute("SELECT MIN(at) FROM checkin").fetchone()
    assert isinstance(first, str) and as_utc(first) == MOMENT


def test_the_desk_and_hq_read_with_the_one_function() -> None:
    from desktop.core import clock as desk_clock
    from sync.hq import clock as hq_clock

    assert desk_clock.as_utc is hq_clock.as_utc is as_utc
