"""Invitations: a PDF and a PNG per registrant whose QR checks the person in, the send list safe
for Excel, the WhatsApp links with normalised numbers, a folder or a zip, the CLI contract."""

from __future__ import annotations

import csv
import io
import json
import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import zxingcpp
from aiosmtpd.controller import Controller
from PIL import Image
from sqlalchemy import text
from sqlmodel import select

from desktop.cli import main as cli_main
from desktop.core import badge_code
from desktop.core.db import Database
from desktop.core.errors import HadirError
from desktop.core.invitations import whatsapp_number
from desktop.core.models import InvitationMail
from desktop.services import checkin
from tests.desktop.certificate_support import rasterise
from tests.desktop.helpers import (
    NIK_GUEST,
    NIP_AHMAD,
    NIP_BUDI,
    NIP_SITI,
    PPPK_RINA,
    desk,
    make_event,
    register,
)
from tests.desktop.test_delivery import Mailbox, configure


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("0812-3456-789", "628123456789"),
        ("0812 3456 7890", "6281234567890"),
        ("+62 812-3456-7890", "6281234567890"),
        ("+62 (0)812 3456 7890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("81234567890", "6281234567890"),  # a spreadsheet dropped the leading 0
        ("'081234567890", "6281234567890"),  # Excel's text marker
        ("0062 812 3456 7890", "6281234567890"),
        ("+60 12-345 6789", "60123456789"),  # a Malaysian number, as its owner wrote it
    ],
)
def test_phone_numbers_are_normalised_for_whatsapp(raw: str, number: str) -> None:
    assert whatsapp_number(raw).number == number


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "kosong"),
        ("   ", "kosong"),
        ("0451-421234", "bukan nomor HP"),  # an office landline in Palu
        ("0812-34", "panjang"),
        ("0812 3456 7890 1234", "panjang"),
        ("0812-3456-78x", "tidak valid"),
    ],
)
def test_unusable_phone_numbers_say_why(raw: str, problem: str) -> None:
    check = whatsapp_number(raw)
    assert check.number is None and problem in check.problem


def decode(image: Image.Image) -> str:
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, f"expected one QR code, found {len(found)}"
    return str(found[0].text)


def make_people(db: Database) -> tuple[str, str, dict[str, str]]:
    event = make_event(db, title="Penguatan Kapasitas Hak Asasi Manusia bagi ASN")
    other = make_event(db, title="Rapat Koordinasi Pelayanan Publik")
    people = {
        "ahmad": register(
            db,
            event,
            "Dr. H. Ahmad Yani, S.H., M.H.",
            NIP_AHMAD,
            email="ahmad@example.go.id",
            phone="0812-3456-7890",
            instansi="Pemerintah Kota Palu",
        ),
        "siti": register(db, event, '=HYPERLINK("x") Siti', NIP_SITI, phone="0451-421234"),
        "budi": register(db, event, "Budi Santoso", NIP_BUDI),
        "guest": register(db, other, "Tamu Lain", NIK_GUEST, phone="081299998888"),
    }
    return event, other, people


def scan(db: Database, event_id: str, entry: str) -> checkin.EntryResult:
    return checkin.check_in_entry(
        db, event_id=event_id, day=1, entry=entry, desk=desk(db), operator="Rina"
    )


def audit(db: Database) -> list[tuple[str, str]]:
    with db.session() as session:
        rows = session.connection().execute(
            text("SELECT operator, action FROM audit_entry ORDER BY at, rowid")
        )
        return [(who, action) for who, action in rows]


def run_cli(db: Database, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = cli_main(["--data-dir", str(db.folder), "--operator", "Rina", *args, "--json"])
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_export_to_a_folder_whose_pngs_and_pdfs_check_people_in(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event, other, people = make_people(db)
    out = tmp_path / "undangan"
    code, result = run_cli(db, capsys, "invitations", "export", "--event", event, "--out", str(out))
    assert code == 0
    assert result == {"files": 6, "list": str(out / "daftar-kirim.csv")}
    assert audit(db)[-1] == ("Rina", "invitations.export")  # names and phones left the desk
    with (out / "daftar-kirim.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # The daftar hadir's order: by name without titles (Ahmad, Budi, Siti).
    assert [r["name"] for r in rows][:2] == ["Dr. H. Ahmad Yani, S.H., M.H.", "Budi Santoso"]
    by_name = {r["name"]: r for r in rows}
    ahmad = by_name["Dr. H. Ahmad Yani, S.H., M.H."]
    assert ahmad["email"] == "ahmad@example.go.id" and ahmad["phone"] == "081234567890"
    assert '\'=HYPERLINK("x") Siti' in by_name  # never a formula in Excel
    for row in rows:
        assert (out / row["file"]).is_file() and (out / row["file"]).with_suffix(".png").is_file()

    # The PNG's QR (what WhatsApp shows) checks Ahmad in; the PDF's, printed, checks Budi in.
    with Image.open((out / ahmad["file"]).with_suffix(".png")) as image:
        # A5 at 1080 px wide: 1532.4 px high, which PDFium rounds up.
        assert image.size == (1080, 1533)
        ahmad_code = decode(image)
    assert ahmad_code == badge_code.badge_code(event, people["ahmad"])
    first = scan(db, event, ahmad_code)
    assert first.outcome is checkin.Outcome.CHECKED_IN and first.person is not None
    assert first.person.participant_id == people["ahmad"]
    page = rasterise(out / by_name["Budi Santoso"]["file"], 1, dpi=100)
    with Image.open(page) as image:
        budi_code = decode(image)
    assert scan(db, event, budi_code).person.participant_id == people["budi"]  # type: ignore[union-attr]
    # The guest's invitation to the other event is refused here, with that event's name.
    with pytest.raises(HadirError) as refused:
        scan(db, event, badge_code.badge_code(other, people["guest"]))
    assert refused.value.params["title"] == "Rapat Koordinasi Pelayanan Publik"

    # The WhatsApp list: a link for Ahmad with the message in Indonesian, reasons for the rest.
    with (out / "daftar-whatsapp.csv").open(encoding="utf-8-sig", newline="") as handle:
        whatsapp = {r["name"]: r for r in csv.DictReader(handle)}
    link = urlparse(whatsapp["Dr. H. Ahmad Yani, S.H., M.H."]["link"])
    assert (link.scheme, link.netloc, link.path) == ("https", "wa.me", "/6281234567890")
    message = parse_qs(link.query)["text"][0]
    assert message.startswith("Yth. Dr. H. Ahmad Yani, S.H., M.H.,")
    assert "Penguatan Kapasitas Hak Asasi Manusia bagi ASN" in message and ahmad_code in message
    assert whatsapp["Dr. H. Ahmad Yani, S.H., M.H."]["whatsapp"] == "'+6281234567890"
    assert "bukan nomor HP" in whatsapp['\'=HYPERLINK("x") Siti']["problem"]
    assert (
        whatsapp["Budi Santoso"]["link"] == "" and "kosong" in whatsapp["Budi Santoso"]["problem"]
    )
    page_html = (out / "daftar-whatsapp.html").read_text(encoding="utf-8")
    assert "https://wa.me/6281234567890?text=" in page_html and "<script" not in page_html


def test_export_to_a_zip_holds_everything_and_nothing_half_written(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event, _other, _people = make_people(db)
    out = tmp_path / "undangan.zip"
    code, result = run_cli(db, capsys, "invitations", "export", "--event", event, "--out", str(out))
    assert code == 0 and result == {"files": 6, "list": "daftar-kirim.csv"}
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        listing = archive.read("daftar-kirim.csv").decode("utf-8-sig")
        pngs = sorted(n for n in names if n.endswith(".png"))
        with Image.open(io.BytesIO(archive.read(pngs[0]))) as image:
            assert badge_code.parse(decode(image)) is not None
    assert {"daftar-kirim.csv", "daftar-whatsapp.csv", "daftar-whatsapp.html"} <= names
    assert len(pngs) == 3 and len([n for n in names if n.endswith(".pdf")]) == 3
    assert listing.splitlines()[0] == "name,email,phone,file"
    assert not out.with_name("undangan.zip.partial").exists()


def test_an_event_without_registrants_is_refused(db: Database, tmp_path: Path) -> None:
    from desktop.services import invitations

    event = make_event(db)
    with pytest.raises(HadirError) as refused:
        invitations.export_invitations(db, event_id=event, out=tmp_path / "x", operator="Rina")
    assert refused.value.code == "nobody_registered" and not (tmp_path / "x").exists()


# --------------------------------------------------------------------------- e-mail


@pytest.fixture
def mail_server() -> Iterator[tuple[Mailbox, int]]:
    """The certificate e-mail tests' real SMTP server (aiosmtpd) on a free loopback port."""
    mailbox = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def test_send_by_email_once_each_failures_with_the_reason_and_resend(
    db: Database, capsys: pytest.CaptureFixture[str], mail_server: tuple[Mailbox, int]
) -> None:
    mailbox, port = mail_server
    event, _other, people = make_people(db)
    register(db, event, "Ratna Dewi", PPPK_RINA, email="ratna@example.go.id")
    configure(db, port)
    mailbox.refuse.add("ratna@example.go.id")

    code, first = run_cli(db, capsys, "invitations", "send", "--event", event)
    assert code == 1  # one failed
    assert set(first) == {"queued", "sent", "failed"}  # type: ignore[arg-type]
    assert first["queued"] == 2 and first["sent"] == 1  # type: ignore[index]
    assert first["failed"] == [  # type: ignore[index]
        {
            "name": "Ratna Dewi",
            "to": "ratna@example.go.id",
            "reason": "550 5.1.1 mailbox unavailable",
            "state": "failed",
        }
    ]
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["To"] == "ahmad@example.go.id"
    assert message["Subject"] == "Undangan: Penguatan Kapasitas Hak Asasi Manusia bagi ASN"
    attachments = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    png = next(data for name, data in attachments.items() if name.endswith(".png"))
    assert any(name.endswith(".pdf") for name in attachments)
    with Image.open(io.BytesIO(png)) as image:
        assert decode(image) == badge_code.badge_code(event, people["ahmad"])

    # Again: nothing is sent twice.
    code, again = run_cli(db, capsys, "invitations", "send", "--event", event)
    assert again["queued"] == 0 and again["sent"] == 1 and len(mailbox.messages) == 1  # type: ignore[index]
    # The server takes Ratna now; resend the failed one, and Ahmad's on request.
    mailbox.refuse.clear()
    resend = ["--resend-failed", "--resend", people["ahmad"]]
    code, fixed = run_cli(db, capsys, "invitations", "send", "--event", event, *resend)
    assert code == 0 and fixed == {"queued": 0, "sent": 2, "failed": []}
    assert [a for a in audit(db) if a[1] == "invitations.email"] == [
        ("Rina", "invitations.email")
    ] * 3
    assert sorted(m["To"] for m in mailbox.messages) == [
        "ahmad@example.go.id",
        "ahmad@example.go.id",
        "ratna@example.go.id",
    ]


def test_an_erased_person_gets_no_invitation_and_their_export_lists_it(db: Database) -> None:
    from desktop.core import invitations, personal_data

    event, _other, people = make_people(db)
    with db.write() as session:
        assert invitations.queue_invitations(session=session, event_id=event, operator="Rina") == 1
        found = personal_data.export_person(session=session, participant_id=people["ahmad"])
        assert [m["recipient"] for m in found["invitation_mail"]] == ["ahmad@example.go.id"]
        personal_data.erase_person(
            session=session, participant_id=people["ahmad"], reason="permintaan yang bersangkutan"
        )
    with db.write() as session:
        mail = session.exec(select(InvitationMail)).one()
        assert (mail.recipient, mail.state) == ("", "failed")
        # Resending the failed ones never reaches the erased address.
        assert invitations.resend_invitations(session=session, event_id=event, failed=True) == 0
