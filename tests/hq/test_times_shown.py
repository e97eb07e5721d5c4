"""Issue 14 item 12: HQ's pages write a time in the zone where it happened, with the zone named, and
a clock difference in words that never reads "-0 detik"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sync.hq.clock import local_time_text, skew_text

MOMENT = datetime(2026, 11, 24, 0, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("timezone", "expected"),
    [
        ("Asia/Jakarta", "24-11-2026 07.05 WIB"),
        ("Asia/Pontianak", "24-11-2026 07.05 WIB"),
        ("Asia/Makassar", "24-11-2026 08.05 WITA"),
        ("Asia/Jayapura", "24-11-2026 09.05 WIT"),
        ("Europe/Amsterdam", "24-11-2026 01.05 Europe/Amsterdam"),  # named, never unnamed
        ("Mars/Olympus", "24-11-2026 00.05 UTC"),  # a zone HQ does not know: UTC, said so
    ],
)
def test_a_time_is_shown_in_its_zone_with_the_zone_named(timezone: str, expected: str) -> None:
    assert local_time_text(MOMENT, timezone) == expected


def test_a_naive_stored_time_is_read_as_utc_and_none_is_never() -> None:
    assert local_time_text(MOMENT.replace(tzinfo=None), "Asia/Makassar") == "24-11-2026 08.05 WITA"
    assert local_time_text(None, "Asia/Makassar") == "belum pernah"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (None, "-"),
        (0.0, "0 detik"),
        (-0.4, "0 detik"),  # was "-0 detik"
        (0.4, "0 detik"),
        (-0.6, "1 detik lebih lambat"),
        (3.2, "3 detik lebih cepat"),
        (-119.0, "119 detik lebih lambat"),
        (540.0, "9 menit lebih cepat"),
        (-3 * 3600.0, "3 jam lebih lambat"),
        (2 * 3600.0 + 5 * 60, "2 jam 5 menit lebih cepat"),
    ],
)
def test_a_clock_difference_in_words(seconds: float | None, expected: str) -> None:
    assert skew_text(seconds) == expected
