"""Certificates for online participants: per-person PDFs with a mail-merge list, and e-mail through
a real SMTP server (aiosmtpd) on 127.0.0.1, each message sent once."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import socket
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader
from sqlmodel import select

from desktop.core import delivery, online
from desktop.core.certificates.models import CertificateMail
from tests.desktop.helpers import NIP_AHMAD, NIP_BUDI, NIP_SITI, desk, make_event, register

FIXTURES = Path(__file__).parent / "fixtures" / "online"


class Mailbox:
    """An SMTP handler that keeps what it receives and can refuse one recipient."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted"


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    with socket.socket() as probe:  # a free loopback port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@pytest.fixture
def hybrid_event(db):
    """Ahmad and Budi attended online long enough; Siti was in the room; Dewi online but too
    short."""
    event = make_event(db)
    ahmad = register(db, event, "Dr. H. Ahmad Fauzan, S.H.", NIP_AHMAD, email="ahmad@palu.go.id")
    budi = register(db, event, "Budi Santoso", NIP_BUDI, email="budi@example.go.id")
    siti = register(db, event, "Siti Nurhaliza, S.E.", NIP_SITI, email="siti@example.go.id")
    from desktop.core import attendance

    with db.write() as session:
        attendance.check_in(
            session=session,
            event_id=event,
            participant_id=siti,
            day=1,
            desk=desk(db),
            operator="rina",
        )
        online.set_online_rule(session=session, event_id=event, min_minutes=240)
        online.import_online_report(
            session=session,
            event_id=event,
            path=FIXTURES / "zoom_basic_bom_ampm.csv",
            operator="rina",
        )
    return event, {"ahmad": ahmad, "budi": budi, "siti": siti}


def configure(db, port: int) -> None:
    with db.write() as session:
        delivery.save_smtp_settings(
            session=session,
            settings=delivery.SmtpSettings(
                host="127.0.0.1",
                port=port,
                security="none",
                username="",
                password="",
                sender="kanwil.sulteng@example.go.id",
            ),
        )


def test_export_one_pdf_per_person_into_a_zip_with_a_mail_merge_list(db, hybrid_event, tmp_path):
    event, _ = hybrid_event
    result = delivery.export_certificates(
        db=db, event_id=event, out=tmp_path / "sertifikat.zip", operator="rina"
    )
    assert result.files == 3  # two online, one in the room
    with zipfile.ZipFile(tmp_path / "sertifikat.zip") as archive:
        names = sorted(archive.namelist())
        listing = list(
            csv.DictReader(io.StringIO(archive.read("daftar-kirim.csv").decode("utf-8-sig")))
        )
        pdf = PdfReader(io.BytesIO(archive.read(listing[0]["file"])))
    assert "daftar-kirim.csv" in names and len(names) == 4
    assert {row["email"] for row in listing} == {
        "ahmad@palu.go.id",
        "budi@example.go.id",
        "siti@example.go.id",
    }
    assert all(row["file"].endswith(".pdf") and " - " in row["file"] for row in listing)
    assert len(pdf.pages) == 1 and listing[0]["name"].split(",")[0] in pdf.pages[0].extract_text()


def test_export_online_only_into_a_folder(db, hybrid_event, tmp_path):
    event, _ = hybrid_event
    result = delivery.export_certificates(
        db=db, event_id=event, out=tmp_path / "daring", operator="rina", who="online"
    )
    assert result.files == 2 and result.mail_merge is not None
    assert len(list((tmp_path / "daring").glob("*.pdf"))) == 2


def test_send_each_online_certificate_once(db, hybrid_event, smtp_server):
    event, _ = hybrid_event
    mailbox, port = smtp_server
    configure(db, port)
    assert (
        delivery.queue_emails(db=db, event_id=event, operator="rina") == 2
    )  # not Siti (in person)
    report = delivery.send_queued(db=db, event_id=event)
    assert (report.sent, report.failed, report.pending) == (2, 0, 0)
    assert sorted(m["To"] for m in mailbox.messages) == ["ahmad@palu.go.id", "budi@example.go.id"]
    message = mailbox.messages[0]
    attachment = next(
        part for part in message.walk() if part.get_content_type() == "application/pdf"
    )
    assert attachment.get_payload(decode=True).startswith(b"%PDF")
    assert "segel verifikasi" in message.get_body(("plain",)).get_content()
    # Asking again sends nothing new.
    assert delivery.queue_emails(db=db, event_id=event, operator="rina") == 0
    again = delivery.send_queued(db=db, event_id=event)
    assert again.sent == 2 and len(mailbox.messages) == 2


def test_refused_recipient_is_listed_with_the_servers_reason_and_can_be_resent(
    db, hybrid_event, smtp_server
):
    event, _ = hybrid_event
    mailbox, port = smtp_server
    configure(db, port)
    mailbox.refuse.add("budi@example.go.id")
    delivery.queue_emails(db=db, event_id=event, operator="rina")
    report = delivery.send_queued(db=db, event_id=event)
    assert (report.sent, report.failed) == (1, 1)
    assert (
        report.failures[0]["to"] == "budi@example.go.id" and "550" in report.failures[0]["reason"]
    )
    mailbox.refuse.clear()
    with db.write() as session:
        assert delivery.resend(session=session, event_id=event, failed=True) == 1
    final = delivery.send_queued(db=db, event_id=event)
    assert (final.sent, final.failed, final.pending) == (2, 0, 0)
    assert len(mailbox.messages) == 2  # Ahmad's was not sent twice


def test_unreachable_server_keeps_messages_pending(db, hybrid_event):
    event, _ = hybrid_event
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    configure(db, closed)
    delivery.queue_emails(db=db, event_id=event, operator="rina")
    report = delivery.send_queued(db=db, event_id=event)
    assert (report.sent, report.pending) == (0, 2)
    assert report.failures and "Connection" in report.failures[0]["reason"]
    with db.session() as session:
        assert all(m.state == "pending" for m in session.exec(select(CertificateMail)))


def test_sending_without_smtp_settings_is_a_clear_error(db, hybrid_event):
    event, _ = hybrid_event
    delivery.queue_emails(db=db, event_id=event, operator="rina")
    with pytest.raises(Exception, match="SMTP"):
        delivery.send_queued(db=db, event_id=event)


def test_file_names_are_safe_on_windows():
    name = delivery.safe_file_name('Dr. "Désy": A/B, S.H.', "001/KW-HAM/XI/2026")
    assert name == "Dr. Desy A B, S.H. - 001 KW-HAM XI 2026.pdf"


def test_each_message_carries_the_certificates_personal_download_link(
    db, hybrid_event, smtp_server
):
    """Issue 18 item 5: the certificate's own link at HQ, the one `certificates links` lists
    (made here if it had none, never a second one), is in its message."""
    from desktop.services import certificates as certificate_service
    from desktop.services import online as online_service

    event, _ = hybrid_event
    mailbox, port = smtp_server
    configure(db, port)
    queued, report = online_service.send(db, event_id=event, operator="rina")
    assert queued == 2 and report.sent == 2
    listed = {
        row.number: row.url
        for row in certificate_service.links(db, event_id=event, operator="rina")
    }
    assert listed and not any(
        row.minted for row in certificate_service.links(db, event_id=event, operator="rina")
    )
    for message in mailbox.messages:
        body = message.get_body(("plain",)).get_content()
        number = message["Subject"].rsplit(" - ", 1)[1]
        assert listed[number] in body and "/d/" in listed[number], body
        assert "jangan dibagikan" in body
