"""The one rule for what a public page, a print or a log may show of a NIP (desk and HQ share it:
HQ may not import the desk, the desk may import ``sync`` top-level modules).

A PNS NIP is 8 digits of birth date, 6 of appointment (year and month), 1 of gender and 3 of
serial. Everything before the serial is a personal fact (birth date, gender) or narrows one
(appointment year), so only the last three digits show: enough for the holder to recognise their
own number next to their name, nothing that reveals a birth date. Issue 15 item 9: the old rule
kept the first four digits, which are the birth year.
"""

from __future__ import annotations

_SHOWN = 3  # the serial


def mask_nip(number: str | None) -> str:
    """``198609262015051001`` -> ``***************001``; a short or empty number shows nothing."""
    if not number:
        return ""
    if len(number) <= _SHOWN + 4:
        return "***"
    return "*" * (len(number) - _SHOWN) + number[-_SHOWN:]


def format_nip(number: str) -> str:
    """The printed form: ``19860926 201505 1 001``."""
    if len(number) == 18 and number.isdigit():
        return f"{number[0:8]} {number[8:14]} {number[14]} {number[15:18]}"
    return number
