"""Getting certificates to people by file and e-mail (issue 7; in person too, issue 18 item 4).

- ``export_certificates``: one PDF per participant, named with the name and the certificate number,
  into a folder or a zip, with a mail-merge list (name, email, file) beside them.
- ``queue_emails`` / ``send_queued``: e-mail each eligible participant their certificate through
  the office's SMTP server. Messages are queued like any other outgoing record: sent once and never
  again unless an operator asks (``resend``), failures kept with the server's reason.

Both take ``who`` (``Who``): the online participants, the in-person ones, or all who qualify. How
a person took part is their certificate's mode (``attendance_mode``: in person when checked in at
a desk on any day, online when only seen online), so a person who was in the room one day and
online the next counts as in person, as their certificate says.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import smtplib
import ssl
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import text
from sqlmodel import Session, col, select

from desktop.core.certificates.eligibility import attendance_mode, eligibility, event_online_rule
from desktop.core.certificates.issuing import issue_certificates
from desktop.core.certificates.models import Certificate, CertificateMail, MailState
from desktop.core.certificates.printing import certificate_data, log_prints
from desktop.core.clock import utcnow
from desktop.core.db import Database
from desktop.core.desk import get_setting, set_setting
from desktop.core.errors import HadirError
from desktop.core.models import Event, EventMode, Participant
from desktop.core.registry import get_event
from sync.documents.certificate_pdf import render_to_bytes
from sync.documents.templates import CertificateData, load_template
from sync.spreadsheet_safe import csv_rows

# --------------------------------------------------------------------------- export


def safe_file_name(name: str, number: str) -> str:
    """ "Dr. H. Ahmad Fauzan, S.H. - 001-KWHAM-XI-2026.pdf": readable, and valid on Windows."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", f"{plain} - {number}")
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")[:150]
    return f"{cleaned}.pdf"


@dataclass(frozen=True, slots=True)
class ExportResult:
    files: int
    out: Path
    mail_merge: Path | None
    without_email: int


class Who(StrEnum):
    """Whose certificates an export or the e-mail queue is for."""

    ONLINE = "online"  # certificates that say daring
    IN_PERSON = "in-person"  # certificates that say luring (checked in on at least one day)
    ALL = "all"  # everyone who qualifies, an override without any attendance included


def parse_who(value: str | Who) -> Who:
    try:
        return Who(value)
    except ValueError:
        raise HadirError(
            f"Unknown choice of people '{value}': use online, in-person or all.",
            code="delivery_who",
            value=str(value),
        ) from None


_MODE_OF = {Who.ONLINE: EventMode.DARING.value, Who.IN_PERSON: EventMode.LURING.value}


def _eligible_modes(session: Session, event_id: str) -> dict[str, str]:
    """Every eligible participant and the mode their certificate is (or will be) issued with:
    the event's rule decides (days for in person, minutes online), ``attendance_mode`` the mode."""
    event = session.get(Event, event_id)
    assert event is not None  # the callers looked it up
    rule = event_online_rule(session=session, event_id=event_id)
    return {
        e.participant_id: attendance_mode(event, e.days_attended, e.online_minutes)
        for e in eligibility(session=session, event_id=event_id, online=rule)
        if e.eligible
    }


def _chosen(who: Who, mode: str) -> bool:
    wanted = _MODE_OF.get(who)
    return wanted is None or mode == wanted


def _eligible_ids(session: Session, event_id: str, who: Who) -> list[str]:
    """The eligible participants ``who`` names, in the daftar hadir's order."""
    return [pid for pid, mode in _eligible_modes(session, event_id).items() if _chosen(who, mode)]


@dataclass(frozen=True, slots=True)
class ChoiceCount:
    eligible: int  # whose certificates an export of this choice writes
    with_email: int  # of them, who can be e-mailed


def choice_counts(*, session: Session, event_id: str) -> dict[Who, ChoiceCount]:
    """For each choice of people, how many qualify and how many have an e-mail address: what
    the clerk sees before exporting or queueing."""
    get_event(session=session, event_id=event_id)
    modes = _eligible_modes(session, event_id)
    emails: set[str] = set()
    ids = list(modes)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        emails.update(
            pid
            for pid, email in session.exec(
                select(Participant.id, Participant.email).where(col(Participant.id).in_(chunk))
            )
            if email
        )
    counts = {}
    for who in Who:
        chosen = [pid for pid, mode in modes.items() if _chosen(who, mode)]
        counts[who] = ChoiceCount(len(chosen), sum(1 for pid in chosen if pid in emails))
    return counts


def _nobody(who: Who) -> HadirError:
    whom = {Who.ONLINE: " online", Who.IN_PERSON: " in person", Who.ALL: ""}[who]
    return HadirError(
        f"Nobody{whom} qualifies for a certificate yet.", code="nothing_to_print", who=who.value
    )


def export_certificates(
    *,
    db: Database,
    event_id: str,
    out: Path,
    operator: str,
    who: Who | str = Who.ALL,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Issue what is missing for ``who`` and write one PDF per certificate into ``out`` (a
    folder, or a ``.zip``) with ``daftar-kirim.csv`` (name, email, file) for a mail merge."""
    out = Path(out)
    who = parse_who(who)
    template = load_template()
    with db.write() as session:
        get_event(session=session, event_id=event_id)
        targets = _eligible_ids(session, event_id, who)
        if not targets:
            raise _nobody(who)
        outcome = issue_certificates(
            session=session,
            event_id=event_id,
            operator=operator,
            template=template,
            participant_ids=targets,
            online=event_online_rule(session=session, event_id=event_id),
        )
    with db.session() as session:
        pages = certificate_data(session=session, certificate_ids=outcome.certificate_ids)
        emails = _emails(session, outcome.certificate_ids)
    rows: list[tuple[str, str, str]] = []
    files: dict[str, bytes] = {}
    for position, page in enumerate(pages, start=1):
        name = safe_file_name(page.printed_name, page.number)
        files[name] = render_to_bytes(template=template, certificates=[page])
        rows.append((page.printed_name, emails.get(page.number, ""), name))
        if progress:
            progress(position, len(pages))
    listing = io.StringIO()
    writer = csv.writer(listing)
    writer.writerow(["name", "email", "file"])
    writer.writerows(csv_rows(rows))  # a name is typed text: never a formula in Excel
    mail_merge_bytes = ("\ufeff" + listing.getvalue()).encode("utf-8")  # BOM: Excel opens it right
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
            archive.writestr("daftar-kirim.csv", mail_merge_bytes)
        partial.replace(out)  # a cancelled or failed export leaves no half zip
        mail_merge = None
    else:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).write_bytes(data)
        mail_merge = out / "daftar-kirim.csv"
        mail_merge.write_bytes(mail_merge_bytes)
    with db.write() as session:
        log_prints(
            session=session,
            certificate_ids=outcome.certificate_ids,
            operator=operator,
            destination=f"export:{out.name}",
        )
    return ExportResult(
        files=len(files),
        out=out,
        mail_merge=mail_merge,
        without_email=sum(1 for r in rows if not r[1]),
    )


def _emails(session: Session, certificate_ids: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(certificate_ids), 500):
        chunk = list(certificate_ids[start : start + 500])
        for number, email in session.exec(
            select(Certificate.number, Participant.email)
            .join(Participant, col(Participant.id) == col(Certificate.participant_id))
            .where(col(Certificate.id).in_(chunk))
        ):
            found[number] = email or ""
    return found


# --------------------------------------------------------------------------- SMTP settings


class SmtpSecurity(StrEnum):
    STARTTLS = "starttls"
    SSL = "ssl"
    NONE = "none"  # only for a server on the office's own network


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    username: str
    password: str
    sender: str
    sender_name: str = "Kanwil Kementerian Hak Asasi Manusia"
    ca_file: str = ""  # an office's own certificate authority, if it has one
    timeout: float = 30.0


_SMTP_KEYS = (
    "host",
    "port",
    "security",
    "username",
    "password",
    "sender",
    "sender_name",
    "ca_file",
)


def save_smtp_settings(*, session: Session, settings: SmtpSettings) -> None:
    if not settings.host or not settings.sender or "@" not in settings.sender:
        raise HadirError("SMTP settings need a server and a sender address.", code="smtp_settings")
    SmtpSecurity(settings.security)
    for key in _SMTP_KEYS:
        set_setting(session=session, key=f"smtp.{key}", value=str(getattr(settings, key)))


def smtp_settings(*, session: Session) -> SmtpSettings | None:
    values = {key: get_setting(session=session, key=f"smtp.{key}") for key in _SMTP_KEYS}
    if not values["host"]:
        return None
    return SmtpSettings(
        host=values["host"] or "",
        port=int(values["port"] or 587),
        security=values["security"] or SmtpSecurity.STARTTLS.value,
        username=values["username"] or "",
        password=values["password"] or "",
        sender=values["sender"] or "",
        sender_name=values["sender_name"] or "",
        ca_file=values["ca_file"] or "",
    )


# --------------------------------------------------------------------------- the e-mail queue


@dataclass(frozen=True, slots=True)
class SendReport:
    sent: int
    failed: int
    pending: int
    failures: list[dict[str, str]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "pending": self.pending,
            "failures": self.failures,
        }


def queue_emails(*, db: Database, event_id: str, operator: str, who: Who | str = Who.ONLINE) -> int:
    """Queue a message for every eligible participant ``who`` names who has an e-mail address
    and no message yet (issuing their certificates first). Returns how many were queued now. The
    queue keys by certificate: queueing "all" after "online" adds only the others."""
    who = parse_who(who)
    template = load_template()
    with db.write() as session:
        get_event(session=session, event_id=event_id)
        targets = _eligible_ids(session, event_id, who)
        if not targets:
            return 0
        outcome = issue_certificates(
            session=session,
            event_id=event_id,
            operator=operator,
            template=template,
            participant_ids=targets,
            online=event_online_rule(session=session, event_id=event_id),
        )
        queued = 0
        known = set(
            session.exec(
                select(CertificateMail.certificate_id).where(CertificateMail.event_id == event_id)
            )
        )
        for certificate_id in outcome.certificate_ids:
            if certificate_id in known:
                continue
            certificate = session.get(Certificate, certificate_id)
            assert certificate is not None
            person = session.get(Participant, certificate.participant_id)
            if person is None or not person.email:
                continue
            session.add(
                CertificateMail(
                    certificate_id=certificate_id,
                    event_id=event_id,
                    recipient=person.email,
                    queued_by=operator,
                )
            )
            queued += 1
        return queued


def resend(
    *, session: Session, event_id: str, numbers: Sequence[str] = (), failed: bool = False
) -> int:
    """Put messages back in the queue: the named certificates, or every failed one."""
    rows = list(
        session.exec(
            select(CertificateMail, Certificate.number)
            .join(Certificate, col(Certificate.id) == col(CertificateMail.certificate_id))
            .where(CertificateMail.event_id == event_id)
        )
    )
    wanted = set(numbers)
    unknown = wanted - {number for _, number in rows}
    if unknown:
        raise HadirError(
            f"No e-mail was queued for certificate(s) {', '.join(sorted(unknown))}.",
            code="mail_not_queued",
            numbers=", ".join(sorted(unknown)),
        )
    again = 0
    for mail, number in rows:
        if number in wanted or (failed and mail.state == MailState.FAILED.value):
            mail.state = MailState.PENDING.value
            session.add(mail)
            again += 1
    return again


Connect = Callable[[SmtpSettings], smtplib.SMTP]
T = TypeVar("T")  # a queue's row (a certificate's or an invitation's mail)


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=settings.ca_file or None)
    client: smtplib.SMTP
    if settings.security == SmtpSecurity.SSL.value:
        client = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.security == SmtpSecurity.STARTTLS.value:
            client.starttls(context=context)
    if settings.username:
        client.login(settings.username, settings.password)
    return client


def thanks_sentence(page: CertificateData) -> str:
    """The message's first sentence, by how the person took part (the certificate's mode): no
    "secara daring" for someone who was in the room."""
    title = page.event_title
    if page.mode == EventMode.DARING.value:
        return f'Terima kasih atas partisipasi Anda dalam kegiatan "{title}" secara daring.'
    if page.mode == EventMode.LURING.value:
        where = f" di {page.event_venue}" if page.event_venue else ""
        return f'Terima kasih atas kehadiran Anda dalam kegiatan "{title}"{where}.'
    return f'Terima kasih atas partisipasi Anda dalam kegiatan "{title}".'


@dataclass(frozen=True, slots=True)
class DownloadLink:
    """A certificate's personal download link at HQ (desktop/core/certificates/links.py), for
    the message that carries the certificate."""

    url: str
    expires: str  # the day it stops, as the message writes it


def _message(
    settings: SmtpSettings,
    recipient: str,
    page: CertificateData,
    pdf: bytes,
    link: DownloadLink | None = None,
) -> EmailMessage:
    name, number = page.printed_name, page.number
    later = (
        f"Sertifikat ini dapat Anda unduh kembali kapan saja lewat tautan pribadi berikut (jangan "
        f"dibagikan; berlaku sampai {link.expires}):\n{link.url}\n\n"
        if link is not None
        else ""
    )
    message = EmailMessage()
    message["From"] = formataddr((settings.sender_name, settings.sender))
    message["To"] = recipient
    message["Subject"] = f"Sertifikat {page.event_title} - {number}"
    message["Message-ID"] = make_msgid(domain=settings.sender.split("@", 1)[1])
    message.set_content(
        f"Yth. {name},\n\n"
        f"{thanks_sentence(page)}\n"
        f"Terlampir sertifikat Anda dengan nomor {number}. Keaslian sertifikat dapat diperiksa "
        "dengan memindai kode QR (segel verifikasi) pada sertifikat.\n\n"
        f"{later}"
        "Salam,\n" + settings.sender_name + "\n"
    )
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=safe_file_name(name, number)
    )
    return message


def send_each(
    *,
    settings: SmtpSettings,
    connect: Connect,
    items: Iterable[T],
    message: Callable[[T], EmailMessage | None],
    sent: Callable[[T], None],
    refused: Callable[[T, str], None],
    stopped: Callable[[T, str], None],
) -> None:
    """The one way a queue of e-mails is sent (certificates here, invitations in
    desktop/core/invitations.py): one connection for the lot, each message marked sent (``sent``
    commits it) right after the server accepts it, so a crash or a cut connection never sends one
    twice. A message the server refuses is failed with the server's reason (``refused``) and the
    next one is tried; a server that cannot be reached, or refuses this desk as a whole, stops the
    run at this message (``stopped``), the rest staying pending. ``message`` gives None for an
    item with nothing to send (its own callback marked it)."""
    client: smtplib.SMTP | None = None
    try:
        for item in items:
            built = message(item)
            if built is None:
                continue
            try:
                if client is None:
                    client = connect(settings)
                client.send_message(built)
            except (
                smtplib.SMTPRecipientsRefused,
                smtplib.SMTPSenderRefused,
                smtplib.SMTPDataError,
            ) as error:
                refused(item, smtp_reason(error))
                continue
            except (OSError, smtplib.SMTPException) as error:
                stopped(item, smtp_reason(error))
                break
            sent(item)
    finally:
        if client is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                client.quit()


def send_queued(
    *,
    db: Database,
    event_id: str,
    connect: Connect = _connect,
    limit: int = 1000,
    links: Mapping[str, DownloadLink] | None = None,
) -> SendReport:
    """Send pending messages, each committed as sent right after the server accepts it, so a
    crash or a cut connection never sends one twice. Stops at the first connection failure (the
    rest stay pending); a message the server refuses is marked failed with its reason."""
    with db.session() as session:
        settings = smtp_settings(session=session)
        if settings is None:
            raise HadirError(
                "No e-mail (SMTP) server is set up for this desk.", code="smtp_missing"
            )
        get_event(session=session, event_id=event_id)
        pending = list(
            session.exec(
                select(CertificateMail)
                .where(
                    CertificateMail.event_id == event_id,
                    CertificateMail.state == MailState.PENDING.value,
                )
                .order_by(col(CertificateMail.queued_at))
                .limit(limit)
            )
        )
    failures: list[dict[str, str]] = []
    template = load_template()
    numbers: dict[str, str] = {}

    def message(mail: CertificateMail) -> EmailMessage:
        with db.session() as session:
            page = certificate_data(session=session, certificate_ids=[mail.certificate_id])[0]
        pdf = render_to_bytes(template=template, certificates=[page])
        numbers[mail.id] = page.number
        link = (links or {}).get(page.number)  # by certificate number
        return _message(settings, mail.recipient, page, pdf, link)

    def failed(mail: CertificateMail, reason: str, state: MailState) -> None:
        _mark(db, mail.id, state, reason)
        failures.append({"certificate": numbers[mail.id], "to": mail.recipient, "reason": reason})

    send_each(
        settings=settings,
        connect=connect,
        items=pending,
        message=message,
        sent=lambda mail: _mark(db, mail.id, MailState.SENT, ""),
        refused=lambda mail, reason: failed(mail, reason, MailState.FAILED),
        stopped=lambda mail, reason: failed(mail, reason, MailState.PENDING),
    )
    with db.session() as session:
        counts: dict[str, int] = dict(
            session.connection()
            .execute(
                text(
                    "SELECT state, COUNT(*) FROM certificate_mail WHERE event_id = :e "
                    "GROUP BY state"
                ),
                {"e": event_id},
            )
            .all()
        )
    return SendReport(
        sent=int(counts.get("sent", 0)),
        failed=int(counts.get("failed", 0)),
        pending=int(counts.get("pending", 0)),
        failures=failures,
    )


def smtp_reason(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text_ = next(iter(error.recipients.values()))
        return f"{code} {text_.decode(errors='replace') if isinstance(text_, bytes) else text_}"
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        return (
            f"{error.smtp_code} "
            f"{message.decode(errors='replace') if isinstance(message, bytes) else message}"
        )
    return f"{type(error).__name__}: {error}"


def _mark(db: Database, mail_id: str, state: MailState, error: str) -> None:
    mark_mail(db, CertificateMail, mail_id, state, error)


def mark_mail(db: Database, queue: type[Any], mail_id: str, state: MailState, error: str) -> None:
    """A queued message's outcome, committed at once (``send_each``'s callbacks): certificate and
    invitation queues keep the same columns (state, attempts, last_error, sent_at)."""
    with db.write() as session:
        mail = session.get(queue, mail_id)
        assert mail is not None
        mail.state = state.value
        mail.attempts += 1
        mail.last_error = error
        if state is MailState.SENT:
            mail.sent_at = utcnow()
        session.add(mail)


def mail_status(*, session: Session, event_id: str) -> list[dict[str, Any]]:
    rows = session.exec(
        select(CertificateMail, Certificate.number)
        .join(Certificate, col(Certificate.id) == col(CertificateMail.certificate_id))
        .where(CertificateMail.event_id == event_id)
        .order_by(col(CertificateMail.queued_at))
    )
    return [
        {
            "number": number,
            "to": mail.recipient,
            "state": mail.state,
            "attempts": mail.attempts,
            "error": mail.last_error,
            "sent_at": mail.sent_at,
        }
        for mail, number in rows
    ]
