"""known_zone asks the tz database about one name instead of listing every zone (issue 20: the
listing opened ~1,800 files, 0.1 s of each hadir-cli check-in); the answer must be the listing's."""

from __future__ import annotations

from zoneinfo import available_timezones

import pytest

from sync import zones

LISTED = available_timezones()


def test_every_listed_zone_is_known():
    assert [name for name in sorted(LISTED) if not zones._listed(name)] == []


@pytest.mark.parametrize(
    "name",
    [
        "Asia",  # a folder
        "posixrules",
        "right/UTC",
        "posix/Asia/Jakarta",
        "Asia/../Asia/Jakarta",
        "/usr/share/zoneinfo/Asia/Jakarta",
        "Asia/Jakarta/",
        "",
        "zone.tab",
        "tzdata.zi",
        "Asia/Nowhere",
    ],
)
def test_what_the_listing_leaves_out_is_no_zone(name):
    assert zones._listed(name) is (name in LISTED)
    assert (zones.known_zone(name) is None) is (name not in LISTED)


def test_indonesias_zones_are_known():
    assert all(zones.known_zone(name) is not None for name in zones.ZONE_LABELS)
