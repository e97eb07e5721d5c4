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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from urllib.parse import quote

from sqlmodel import Session, col, select

from desktop.core.badge_code import badge_code
from desktop.core.certificates.links import LinkRow
from desktop.core.certificates.models import MailState
from desktop.core.clock import utc_to_local, zone_label
from desktop.core.db import Database
from desktop.core.delivery import Connect, SmtpSettings, mark_mail, send_each, smtp_settings
from desktop.core.delivery import _connect as connect_smtp
from desktop.core.documents import invitations as invitation_doc
from desktop.core.documents.badges import BadgeData
from desktop.core.errors import HadirError
from desktop.core.models import Event, InvitationMail
from desktop.core.offices import office_by_code
from desktop.core.registry import event_days, get_event
from desktop.core.reports import registered_participants
from sync.indonesian import clock, date_range, day_and_date
from sync.spreadsheet_safe import csv_rows


@dataclass(frozen=True, slots=True)
class Invitee:
    participant_id: str
    name: str  # with titles
    unit: str  # unit kerja and instansi, as the invitation addresses the person
    instansi: str  # the instansi alone (the unit kerja when there is none), for the badge
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
            unit=_unit(p.unit_kerja, p.instansi),
            instansi=p.instansi or p.unit_kerja,
            email=p.email or "",
            phone=p.phone or "",
            code=badge_code(event_id, p.id),
        )
        for p in registered_participants(session=session, event_id=event_id)
    ]


def badges(people: list[Invitee]) -> list[BadgeData]:
    # A badge is read from a distance: the instansi says more there than the unit kerja.
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
        instansi=person.unit,
        code=person.code,
    )


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
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
    is_zip = out.suffix.lower() == ".zip"
    target = out.with_name(out.name + ".partial") if is_zip else out
    target.parent.mkdir(parents=True, exist_ok=True)
    if not is_zip:
        out.mkdir(exist_ok=True)
    # Each file is written as soon as it is drawn (a PNG is ~90 KB: a thousand people's would
    # not fit comfortably in memory together).
    archive = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) if is_zip else None

    def put(name: str, content: bytes) -> None:
        if archive is not None:
            # A PNG is compressed already: deflating it again costs time and saves nothing.
            method = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
        else:
            (out / name).write_bytes(content)

    files = 0
    send_rows: list[list[str]] = []
    whatsapp: list[WhatsAppRow] = []
    try:
        for index, person in enumerate(people, start=1):
            stem = file_stem(index, person.name)
            data = _invitation(facts, person)
            pdf = invitation_doc.write_pdf(data)
            put(f"{stem}.pdf", pdf)
            put(f"{stem}.png", invitation_doc.write_png(pdf))
            files += 2
            send_rows.append([person.name, person.email, person.phone, f"{stem}.pdf"])
            check = whatsapp_number(person.phone)
            message = whatsapp_message(facts, person)
            link = whatsapp_link(check.number, message) if check.number else ""
            whatsapp.append(
                WhatsAppRow(
                    person.name, person.phone, check.number, link, f"{stem}.png", check.problem
                )
            )
            if progress:
                progress(index, len(people))
        put(SEND_LIST, csv_bytes(["name", "email", "phone", "file"], send_rows))
        put(
            WHATSAPP_LIST,
            csv_bytes(
                ["name", "phone", "whatsapp", "link", "file", "problem"],
                [
                    # "+62..." keeps the number text in Excel (no 6.28E+11).
                    [r.name, r.phone, f"+{r.number}" if r.number else "", r.link, r.file, r.problem]
                    for r in whatsapp
                ],
            ),
        )
        put(WHATSAPP_PAGE, _whatsapp_page(facts.title, whatsapp))
        if archive is not None:
            archive.close()
            target.replace(out)  # a failed export leaves no half zip
    except BaseException:
        if archive is not None:
            archive.close()
            target.unlink(missing_ok=True)
        raise
    return ExportResult(
        files=files,
        people=len(people),
        out=out,
        send_list=SEND_LIST if is_zip else str(out / SEND_LIST),
        whatsapp=whatsapp,
    )


# --------------------------------------------------------------------------- e-mail
# The certificates' SMTP settings, connection and refusal reasons (desktop/core/delivery.py), with
# the same guarantees: a message is committed as sent right after the server accepts it (a crash
# or a cut connection never sends one twice), a refused recipient is marked failed with the
# server's words, and a connection failure leaves the rest pending for the next try.


@dataclass(frozen=True, slots=True)
class MailReport:
    queued: int  # queued by this call
    sent: int  # sent, in total, for the event
    failed: int  # failed, in total
    pending: int
    failures: list[dict[str, str]]  # name, to, reason, state: every failed one


def queue_invitations(*, session: Session, event_id: str, operator: str) -> int:
    """Queue one message for each registrant with an e-mail address and none queued yet."""
    get_event(session=session, event_id=event_id)
    known = set(
        session.exec(
            select(InvitationMail.participant_id).where(InvitationMail.event_id == event_id)
        )
    )
    queued = 0
    for person in invitees(session=session, event_id=event_id):
        if person.email and person.participant_id not in known:
            session.add(
                InvitationMail(
                    event_id=event_id,
                    participant_id=person.participant_id,
                    recipient=person.email,
                    queued_by=operator,
                )
            )
            queued += 1
    session.flush()
    return queued


def resend_invitations(
    *, session: Session, event_id: str, participant_ids: Sequence[str] = (), failed: bool = False
) -> int:
    """Put messages back in the queue: those of the named people, or every failed one."""
    rows = list(session.exec(select(InvitationMail).where(InvitationMail.event_id == event_id)))
    wanted = set(participant_ids)
    unknown = wanted - {row.participant_id for row in rows}
    if unknown:
        raise HadirError(
            f"No invitation was queued for participant(s) {', '.join(sorted(unknown))}.",
            code="invitation_not_queued",
            ids=", ".join(sorted(unknown)),
        )
    again = 0
    for row in rows:
        if not row.recipient:  # erased (UU 27/2022): never again
            continue
        if row.participant_id in wanted or (failed and row.state == MailState.FAILED.value):
            row.state = MailState.PENDING.value
            session.add(row)
            again += 1
    return again


def _message(
    settings: SmtpSettings, facts: EventFacts, person: Invitee, pdf: bytes, png: bytes, stem: str
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((settings.sender_name, settings.sender))
    message["To"] = person.email
    message["Subject"] = f"Undangan: {facts.title}"
    message["Message-ID"] = make_msgid(domain=settings.sender.split("@", 1)[1])
    message.set_content(
        f"Yth. {person.name},\n\n"
        f'Dengan hormat, kami mengundang Bapak/Ibu mengikuti kegiatan "{facts.title}" '
        f"pada {facts.dates}, pukul {facts.hours}, di {facts.venue}.\n\n"
        "Terlampir undangan Anda dengan kode QR. Tunjukkan kode QR tersebut (dari layar HP atau "
        f"dicetak) di meja registrasi saat datang. Kode Anda: {person.code}\n\n"
        "Salam,\n" + (settings.sender_name or facts.office) + "\n"
    )
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"{stem}.pdf")
    message.add_attachment(png, maintype="image", subtype="png", filename=f"{stem}.png")
    return message


def _mark(db: Database, mail_id: str, state: MailState, error: str) -> None:
    mark_mail(db, InvitationMail, mail_id, state, error)


def send_invitations(
    *, db: Database, event_id: str, queued: int = 0, connect: Connect = connect_smtp
) -> MailReport:
    """Send every pending invitation of the event."""
    with db.session() as session:
        settings = smtp_settings(session=session)
        if settings is None:
            raise HadirError(
                "No e-mail (SMTP) server is set up for this desk.", code="smtp_missing"
            )
        facts = event_facts(get_event(session=session, event_id=event_id))
        people = {p.participant_id: p for p in invitees(session=session, event_id=event_id)}
        order = {pid: index for index, pid in enumerate(people, start=1)}
        pending = list(
            session.exec(
                select(InvitationMail)
                .where(
                    InvitationMail.event_id == event_id,
                    InvitationMail.state == MailState.PENDING.value,
                )
                .order_by(col(InvitationMail.queued_at))
            )
        )

    def message(mail: InvitationMail) -> EmailMessage | None:
        person = people.get(mail.participant_id)
        if person is None:  # no longer registered: nothing to invite to
            _mark(db, mail.id, MailState.FAILED, "no longer registered for this event")
            return None
        person = replace(person, email=mail.recipient)
        data = _invitation(facts, person)
        stem = file_stem(order[person.participant_id], person.name)
        pdf = invitation_doc.write_pdf(data)
        png = invitation_doc.write_png(pdf)
        return _message(settings, facts, person, pdf, png, stem)

    send_each(
        settings=settings,
        connect=connect,
        items=pending,
        message=message,
        sent=lambda mail: _mark(db, mail.id, MailState.SENT, ""),
        refused=lambda mail, reason: _mark(db, mail.id, MailState.FAILED, reason),
        stopped=lambda mail, reason: _mark(db, mail.id, MailState.PENDING, reason),
    )
    with db.session() as session:
        rows = list(session.exec(select(InvitationMail).where(InvitationMail.event_id == event_id)))
    states = [row.state for row in rows]
    # Every invitation that failed, this run or before, with the server's reason; and, when the
    # server could not be reached, the message that was being tried (it stays pending).
    failed = [
        {
            "name": people[row.participant_id].name if row.participant_id in people else "",
            "to": row.recipient,
            "reason": row.last_error,
            "state": row.state,
        }
        for row in rows
        if row.state == MailState.FAILED.value
        or (row.state == MailState.PENDING.value and row.last_error)
    ]
    return MailReport(
        queued=queued,
        sent=states.count(MailState.SENT.value),
        failed=states.count(MailState.FAILED.value),
        pending=states.count(MailState.PENDING.value),
        failures=failed,
    )


# --------------------------------------------------------------------------- download links


def links_sheet(*, session: Session, event_id: str, links: Sequence[LinkRow]) -> tuple[bytes, int]:
    """The event's personal certificate download links as a list to send (issue 18 item 5):
    name, number, link, until when, phone and a WhatsApp link carrying the message (the same
    phone rule as the invitations'). Returns the CSV and how many have no usable WhatsApp number
    (listed with the reason)."""
    from desktop.core.certificates.models import Certificate
    from desktop.core.models import Participant

    facts = event_facts(get_event(session=session, event_id=event_id))
    phones = {
        number: phone or ""
        for number, phone in session.exec(
            select(Certificate.number, Participant.phone)
            .join(Participant, col(Participant.id) == col(Certificate.participant_id))
            .where(Certificate.event_id == event_id)
        ).all()
    }
    rows: list[list[str]] = []
    unusable = 0
    for link in links:
        check = whatsapp_number(phones.get(link.number, ""))
        message = (
            f'Yth. {link.name}, sertifikat Anda untuk kegiatan "{facts.title}" dapat diunduh di '
            f"{link.url} (berlaku sampai {link.expires_at.date().isoformat()}). Tautan ini khusus "
            "untuk Anda: jangan dibagikan."
        )
        if check.number is None:
            unusable += 1
        rows.append(
            [
                link.name,
                link.number,
                link.url,
                link.expires_at.isoformat(),
                phones.get(link.number, ""),
                whatsapp_link(check.number, message) if check.number else "",
                "" if check.number else check.problem,
            ]
        )
    header = ["name", "number", "url", "expires", "phone", "whatsapp", "problem"]
    return csv_bytes(header, rows), unusable
