"""Who gets an invitation and a badge, with what code, and how to reach them (issue 18).

The PDFs and PNGs are drawn in desktop/core/documents/ (badges.py, invitations.py); this module
reads the registrations, makes the WhatsApp links and the send list, and keeps the invitation
e-mail queue.
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlmodel import Session

from desktop.core.badge_code import badge_code
from desktop.core.clock import utc_to_local, zone_label
from desktop.core.documents import invitations as invitation_doc
from desktop.core.documents.badges import BadgeData
from desktop.core.errors import HadirError
from desktop.core.models import Event
from desktop.core.offices import office_by_code
from desktop.core.registry import event_days, get_event
from desktop.core.reports import registered_participants
from sync.indonesian import clock, date_range, day_and_date
from sync.spreadsheet_safe import csv_rows


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
        f'Dengan hormat, kami mengundang Bapak/Ibu mengikuti kegiatan "{facts.title}" '
        f"pada {facts.dates}, pukul {facts.hours}, di {facts.venue}.\n\n"
        f"Undangan dengan kode QR kami kirimkan bersama pesan ini. Tunjukkan kode QR tersebut "
        f"di meja registrasi untuk mengisi daftar hadir (kode: {person.code}).\n\n"
        f"Terima kasih.\n{facts.office}"
    )


def whatsapp_link(number: str, message: str) -> str:
    return f"https://wa.me/{number}?text={quote(message, safe='')}"


def file_stem(index: int, name: str) -> str:
    """ "003-Ahmad Yani": numbered, so two people of one name never share a file; valid on
    Windows."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f,]+', " ", plain)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")[:80]
    return f"{index:03d}-{cleaned or 'peserta'}"


# --------------------------------------------------------------------------- export

SEND_LIST = "daftar-kirim.csv"
WHATSAPP_LIST = "daftar-whatsapp.csv"
WHATSAPP_PAGE = "daftar-whatsapp.html"


@dataclass(frozen=True, slots=True)
class WhatsAppRow:
    name: str
    phone: str  # as stored
    number: str | None  # 62812...
    link: str  # wa.me link, "" when the number is unusable
    file: str  # the PNG to attach
    problem: str  # why there is no link


@dataclass(frozen=True, slots=True)
class ExportResult:
    files: int  # invitation files written (a PDF and a PNG per person)
    people: int
    out: Path
    send_list: str  # daftar-kirim.csv: its path, or its name inside the zip
    whatsapp: list[WhatsAppRow]


def _invitation(facts: EventFacts, person: Invitee) -> invitation_doc.InvitationData:
    return invitation_doc.InvitationData(
        event_title=facts.title,
        office=facts.office,
        dates=facts.dates,
        hours=facts.hours,
        venue=facts.venue,
        name=person.name,
        instansi=person.instansi,
        code=person.code,
    )


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    listing = io.StringIO()
    writer = csv.writer(listing)
    writer.writerow(header)
    writer.writerows(csv_rows(rows))  # typed text: never a formula in Excel
    return ("\ufeff" + listing.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8


def _whatsapp_page(title: str, rows: list[WhatsAppRow]) -> bytes:
    """The list as a page to open in the browser and click through, one chat after another."""
    items = []
    for row in rows:
        if row.link:
            target = (
                f'<a href="{html.escape(row.link)}" target="_blank">{html.escape(row.name)}</a>'
            )
            items.append(f"<li>{target} ({html.escape(row.file)})</li>")
        else:
            items.append(f"<li>{html.escape(row.name)}: <b>{html.escape(row.problem)}</b></li>")
    page = (
        '<!doctype html><html lang="id"><meta charset="utf-8">'
        f"<title>WhatsApp - {html.escape(title)}</title>"
        f"<h1>Undangan lewat WhatsApp: {html.escape(title)}</h1>"
        "<p>Klik nama untuk membuka obrolan dengan pesan yang sudah terisi, lalu lampirkan "
        "gambar undangannya (berkas PNG di folder yang sama).</p>"
        f"<ol>{''.join(items)}</ol></html>\n"
    )
    return page.encode("utf-8")


def export_invitations(
    *,
    session: Session,
    event_id: str,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """One PDF and one PNG per registered person into ``out`` (a folder, or a ``.zip``), with
    ``daftar-kirim.csv`` (name, email, phone, file) and the WhatsApp list beside them. A zip is
    written whole or not at all."""
    out = Path(out)
    facts = event_facts(get_event(session=session, event_id=event_id))
    people = invitees(session=session, event_id=event_id)
    if not people:
        raise HadirError("Nobody is registered for this event yet.", code="nobody_registered")
    files: dict[str, bytes] = {}
    send_rows: list[list[str]] = []
    whatsapp: list[WhatsAppRow] = []
    for index, person in enumerate(people, start=1):
        stem = file_stem(index, person.name)
        data = _invitation(facts, person)
        files[f"{stem}.pdf"] = invitation_doc.write_pdf(data)
        files[f"{stem}.png"] = invitation_doc.write_png(data)
        send_rows.append([person.name, person.email, person.phone, f"{stem}.pdf"])
        check = whatsapp_number(person.phone)
        link = whatsapp_link(check.number, whatsapp_message(facts, person)) if check.number else ""
        whatsapp.append(
            WhatsAppRow(person.name, person.phone, check.number, link, f"{stem}.png", check.problem)
        )
        if progress:
            progress(index, len(people))
    lists = {
        SEND_LIST: _csv(["name", "email", "phone", "file"], send_rows),
        WHATSAPP_LIST: _csv(
            ["name", "phone", "whatsapp", "link", "file", "problem"],
            [
                # "+62..." keeps the number text in Excel (no 6.28E+11).
                [r.name, r.phone, f"+{r.number}" if r.number else "", r.link, r.file, r.problem]
                for r in whatsapp
            ],
        ),
        WHATSAPP_PAGE: _whatsapp_page(facts.title, whatsapp),
    }
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, content in {**files, **lists}.items():
                    archive.writestr(name, content)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(out)
        send_list = SEND_LIST
    else:
        out.mkdir(parents=True, exist_ok=True)
        for name, content in {**files, **lists}.items():
            (out / name).write_bytes(content)
        send_list = str(out / SEND_LIST)
    return ExportResult(
        files=len(files), people=len(people), out=out, send_list=send_list, whatsapp=whatsapp
    )
