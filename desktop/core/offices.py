"""The Kanwil list the desk offers, from the desk's resources/offices.csv through the one reader
HQ shares (sync/offices.py)."""

from __future__ import annotations

from desktop.core.paths import resources_dir
from sync.offices import Office as Office
from sync.offices import load_offices


def offices() -> tuple[Office, ...]:
    return tuple(load_offices(resources_dir() / "offices.csv").values())


def office_by_code(code: str) -> Office:
    wanted = code.strip().upper()
    known = load_offices(resources_dir() / "offices.csv")
    if wanted in known:
        return known[wanted]
    raise ValueError(f"Unknown office code '{code}'. Known codes: {', '.join(known)}.")
