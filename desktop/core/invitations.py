"""Who gets an invitation and a badge, with what code, and how to reach them (issue 18).

The PDFs and PNGs are drawn in desktop/core/documents/ (badges.py, invitations.py); this module
reads the registrations, makes the WhatsApp links and the send list, and keeps the invitation
e-mail queue.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from sqlmodel import Session

from desktop.core.badge_code import badge_code
from desktop.core.clock import utc_to_local, zone_label
from desktop.core.documents.badges import BadgeData
from desktop.core.models import Event
from desktop.core.offices import office_by_code
from desktop.core.registry import event_days, get_event
from desktop.core.reports import registered_participants
from sync.indonesian import clock, date_range, day_and_date


@dataclass(frozen=True, slots=True)
class Invitee:
    participant_id: str
    name: str  # with titles
    instansi: str  # unit kerja and instansi
    email: str
    phone: str  # as stored
    code: str  # the badge code


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What an invitation says about the event, as printed."""

    title: str
    office: str
    dates: str  # "Senin, 23 November 2026" or "23–25 November 2026"
    hours: str  # "08.00 – 16.00 WITA"
    venue: str


def _unit(unit_kerja: str, instansi: str) -> str:
    return ", ".join(part for part in (unit_kerja, instansi) if part)


def invitees(*, session: Session, event_id: str) -> list[Invitee]:
    """Everyone registered for the event, in the daftar hadir's order."""
    get_event(session=session, event_id=event_id)
    return [
        Invitee(
            participant_id=p.id,
            name=p.full_name,
            instansi=_unit(p.unit_kerja, p.instansi),
            email=p.email or "",
            phone=p.phone or "",
            code=badge_code(event_id, p.id),
        )
        for p in registered_participants(session=session, event_id=event_id)
    ]


def badges(people: list[Invitee]) -> list[BadgeData]:
    # A badge has room for one line of affiliation: the instansi says more than the unit.
    return [BadgeData(name=p.name, instansi=p.instansi, code=p.code) for p in people]


def event_facts(event: Event) -> EventFacts:
    days = event_days(event)
    first, last = days[0], days[-1]
    dates = day_and_date(first.date) if len(days) == 1 else date_range(first.date, last.date)
    start = utc_to_local(event.starts_at, event.timezone)
    end = utc_to_local(event.ends_at, event.timezone)
    return EventFacts(
        title=event.title,
        office=office_by_code(event.office_code).name,
        dates=dates,
        hours=f"{clock(start)} – {clock(end)} {zone_label(event.timezone)}",
        venue=event.venue,
    )


# --------------------------------------------------------------------------- WhatsApp

_SEPARATORS = re.compile(r"[\s\-().\u00a0/]+")


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    number: str | None  # digits with the country code (62812...), as wa.me wants; None if unusable
    problem: str  # why not, in Indonesian, for the list the clerk works through


def whatsapp_number(raw: str) -> PhoneCheck:
    """An Indonesian mobile number as wa.me wants it, from how people write it: 0812-3456-789,
    +62 812 3456 789, 62812..., 812... (a spreadsheet that dropped the leading 0)."""
    value = _SEPARATORS.sub("", raw or "").lstrip("'")
    if not value:
        return PhoneCheck(None, "nomor HP kosong")
    if value.startswith("+"):
        value = value[1:]
        if not value.startswith("62"):
            if value.isdigit() and 8 <= len(value) <= 15:
                return PhoneCheck(value, "")  # another country's number: as its owner wrote it
            return PhoneCheck(None, f"nomor tidak valid: {raw.strip()}")
    elif value.startswith("00"):
        return whatsapp_number("+" + value[2:])
    if not value.isdigit():
        return PhoneCheck(None, f"nomor tidak valid: {raw.strip()}")
    if value.startswith("62"):
        national = value[2:]
    elif value.startswith("0"):
        national = value[1:]
    else:
        national = value
    if national.startswith("0"):  # "+62 0812...": the trunk 0 written after the country code
        national = national[1:]
    if not national.startswith("8"):
        return PhoneCheck(None, f"bukan nomor HP (telepon kantor/rumah?): {raw.strip()}")
    # Indonesian mobile numbers: 8xx plus 6 to 9 digits (0812-345-678 to 0812-3456-78901).
    if not 9 <= len(national) <= 12:
        return PhoneCheck(None, f"panjang nomor HP tidak wajar: {raw.strip()}")
    return PhoneCheck("62" + national, "")


def whatsapp_message(facts: EventFacts, person: Invitee) -> str:
    return (
        f"Yth. {person.name},\n\n"
        f"Dengan hormat, kami mengundang Bapak/Ibu mengikuti kegiatan \"{facts.title}\" "
        f"pada {facts.dates}, pukul {facts.hours}, di {facts.venue}.\n\n"
        f"Undangan dengan kode QR kami kirimkan bersama pesan ini. Tunjukkan kode QR tersebut "
        f"di meja registrasi untuk mengisi daftar hadir (kode: {person.code}).\n\n"
        f"Terima kasih.\n{facts.office}"
    )


def whatsapp_link(number: str, message: str) -> str:
    return f"https://wa.me/{number}?text={quote(message, safe='')}"


def file_stem(index: int, name: str) -> str:
    """"003-Ahmad Yani": numbered, so two people of one name never share a file; valid on
    Windows."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f,]+', " ", plain)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")[:80]
    return f"{index:03d}-{cleaned or 'peserta'}"
