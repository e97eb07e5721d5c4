"""Time zones, one home for the desk (desktop/core/clock.py) and HQ: which names are zones at all,
and Indonesia's three as people name them ("08.00 WITA" on the paper sheet and on HQ's pages)."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from zoneinfo import TZPATH, ZoneInfo, ZoneInfoNotFoundError

ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


@cache
def _tzdata_names() -> frozenset[str]:
    """The zones the tzdata package lists (its one ``zones`` file); empty without the package."""
    try:
        text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError, OSError):
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def _listed(name: str) -> bool:
    """Whether ``zoneinfo.available_timezones()`` lists ``name``, asked of that one name: listing
    them all opens every file of the system's tz database (20 ms of CPU in each hadir-cli check-in,
    issue 20). The same rule: in tzdata's list, or a file under a TZPATH root that starts as a
    TZif file does, reached without a ``..``, a symlinked folder, ``right/``, ``posix/`` or
    ``posixrules``."""
    if name in _tzdata_names():
        return True
    parts = name.split("/")
    if name == "posixrules" or any(p in ("", ".", "..") for p in parts):
        return False
    if len(parts) > 1 and parts[0] in ("right", "posix"):  # left out by available_timezones too
        return False
    for root in TZPATH:
        folder = root
        for part in parts[:-1]:  # available_timezones walks folders without following links
            folder = os.path.join(folder, part)
            if os.path.islink(folder) or not os.path.isdir(folder):
                break
        else:
            path = os.path.join(root, *parts)
            try:
                with open(path, "rb") as handle:
                    if handle.read(4) == b"TZif":
                        return True
            except OSError:  # no such file, or a folder
                continue
    return False


@cache
def _any_listed() -> bool:
    """Whether this machine lists any zone at all (a frozen bundle may have lost the list)."""
    return bool(_tzdata_names()) or any(_listed(name) for name in ZONE_LABELS)


def known_zone(name: str) -> ZoneInfo | None:
    """The zone an IANA name such as "Asia/Makassar" names, or None for anything else.

    ``ZoneInfo`` alone is not the test: it opens whatever file the name leads to, so "Asia" (a
    folder of the tz database) raises IsADirectoryError and "localtime" or "posixrules" load
    whatever the machine has (issue 15 item 2: one desk's "Asia" made HQ's dashboard answer 500).
    Only the names the tz database lists as zones count."""
    # A frozen desk whose bundle lost tzdata's list of zones still knows the zones it can load:
    # then a folder fails to load (OSError) rather than failing to be listed.
    if not isinstance(name, str) or (_any_listed() and not _listed(name)):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_label(tz_name: str) -> str:
    """WIB / WITA / WIT; any other zone by its own name, so a time is never shown unnamed."""
    return ZONE_LABELS.get(tz_name, tz_name)
