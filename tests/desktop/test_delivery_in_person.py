"""Certificates for everyone who qualifies, in person or online (issue 18 item 4): the choice of
people (online / in-person / all) for the export and the e-mail queue, the message's wording by how
each person took part, and nobody queued twice; through a real SMTP server (aiosmtpd) on
127.0.0.1, the CLI and the window."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlmodel import select

from desktop.cli import main as cli_main
from desktop.core import attendance, delivery, online
from desktop.core.certificates.eligibility import set_override
from desktop.core.certificates.models import Certificate, CertificateMail
from desktop.core.db import Database
from desktop.core.errors import HadirError
from desktop.core.models import Participant
from desktop.core.operators import create_operator
from desktop.services.desk import first_start, set_last_event
from tests.desktop.helpers import NIP_AHMAD, NIP_BUDI, NIP_SITI, desk, make_event, register
from tests.desktop.test_delivery import FIXTURES, configure, smtp_server  # noqa: F401 (a fixture)
from tests.desktop.test_ui_online import open_online
from tests.desktop.ui_support import ADMIN, ADMIN_PIN, CLERK, CLERK_PIN

AHMAD = "Dr. H. Ahmad Fauzan, S.H."  # in the room AND online long enough: in person
BUDI = "Budi Santoso"  # online only, 510 minutes
SITI = "Siti Nurhaliza, S.E."  # in the room (and 30 minutes online: not enough alone)
RAHMAT = "Rahmat Hidayat"  # in the room only
DEWI = "Dewi Lestari"  # neither: let through by an operator's override
EKO = "Eko Prasetyo"  # neither: does not qualify
IN_PERSON = {AHMAD, SITI, RAHMAT}


def hybrid_people(db: Database) -> str:
    """A one-day hybrid event (24 Nov 2026, Aula Kanwil) with 240 minutes online qualifying."""
    event = make_event(db)
    ids = {
        AHMAD: register(db, event, AHMAD, NIP_AHMAD, email="ahmad@palu.go.id"),
        BUDI: register(db, event, BUDI, NIP_BUDI, email="budi@example.go.id"),
        SITI: register(db, event, SITI, NIP_SITI, email="siti@example.go.id"),
        RAHMAT: register(db, event, RAHMAT, None, email="rahmat@example.go.id"),
        DEWI: register(db, event, DEWI, None, email="dewi@example.go.id", asn_status="NON_ASN"),
        EKO: register(db, event, EKO, None, email="eko@example.go.id", asn_status="NON_ASN"),
    }
    here = desk(db)
    with db.write() as session:
        for name in (AHMAD, SITI, RAHMAT):
            attendance.check_in(
                session=session,
                event_id=event,
                participant_id=ids[name],
                day=1,
                desk=here,
                operator="rina",
            )
        online.set_online_rule(session=session, event_id=event, min_minutes=240)
        online.import_online_report(
            session=session,
            event_id=event,
            path=FIXTURES / "zoom_basic_bom_ampm.csv",
            operator="rina",
        )
        set_override(
            session=session,
            event_id=event,
            participant_id=ids[DEWI],
            eligible=True,
            reason="hadir sebagai narasumber pengganti",
            operator="rina",
        )
    return event


@pytest.fixture
def event(db: Database) -> str:
    return hybrid_people(db)


def listing(rows_csv: str) -> dict[str, str]:
    """daftar-kirim.csv as name -> file."""
    return {r["name"]: r["file"] for r in csv.DictReader(io.StringIO(rows_csv))}


@pytest.mark.parametrize(
    ("who", "names"),
    [
        ("online", {BUDI}),
        ("in-person", IN_PERSON),
        ("all", IN_PERSON | {BUDI, DEWI}),
    ],
)
def test_export_gives_the_chosen_peoples_files(
    db: Database, event: str, tmp_path: Path, who: str, names: set[str]
) -> None:
    out = tmp_path / who
    result = delivery.export_certificates(db=db, event_id=event, out=out, operator="rina", who=who)
    assert result.files == len(names) and result.mail_merge == out / "daftar-kirim.csv"
    files = listing(result.mail_merge.read_text(encoding="utf-8-sig"))
    assert set(files) == names
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(files.values())
    for name, file in files.items():
        page = PdfReader(out / file).pages[0].extract_text()
        assert name.split(",")[0] in page.replace("\n", " ")
    with db.session() as session:  # only the chosen people's certificates were issued
        issued = session.exec(select(Certificate.printed_name, Certificate.mode)).all()
    assert {n for n, _ in issued} == names
    modes = dict(issued)
    assert all(modes[n] == "luring" for n in names & IN_PERSON)
    assert modes.get(BUDI, "daring") == "daring" and modes.get(DEWI, "hybrid") == "hybrid"


def test_the_counts_the_clerk_sees_before_choosing(db: Database, event: str) -> None:
    with db.write() as session:
        siti = session.exec(select(Participant).where(Participant.full_name == SITI)).one()
        siti.email = None
        session.add(siti)
    with db.session() as session:
        counts = delivery.choice_counts(session=session, event_id=event)
    assert {who.value: (c.eligible, c.with_email) for who, c in counts.items()} == {
        "online": (1, 1),
        "in-person": (3, 2),
        "all": (5, 4),
    }


def test_export_of_nobody_in_the_choice_is_a_clear_error(db: Database, tmp_path: Path) -> None:
    event = make_event(db)
    register(db, event, BUDI, NIP_BUDI, email="budi@example.go.id")
    with db.write() as session:
        online.set_online_rule(session=session, event_id=event, min_minutes=240)
        online.import_online_report(
            session=session,
            event_id=event,
            path=FIXTURES / "zoom_basic_bom_ampm.csv",
            operator="rina",
        )
    with pytest.raises(HadirError, match="Nobody in person qualifies") as raised:
        delivery.export_certificates(
            db=db, event_id=event, out=tmp_path / "x.zip", operator="rina", who="in-person"
        )
    assert raised.value.code == "nothing_to_print" and not (tmp_path / "x.zip").exists()


def test_an_unknown_choice_is_refused_before_anything_is_issued(
    db: Database, event: str, tmp_path: Path
) -> None:
    for call in (
        lambda: delivery.export_certificates(
            db=db, event_id=event, out=tmp_path / "x", operator="rina", who="luring"
        ),
        lambda: delivery.queue_emails(db=db, event_id=event, operator="rina", who="semua"),
    ):
        with pytest.raises(HadirError, match="online, in-person or all") as raised:
            call()
        assert raised.value.code == "delivery_who"
    with db.session() as session:
        assert session.exec(select(Certificate)).all() == []
    assert not (tmp_path / "x").exists()


def bodies(mailbox: object) -> dict[str, str]:
    """Each received message's plain text by recipient."""
    return {
        m["To"]: m.get_body(("plain",)).get_content()
        for m in mailbox.messages  # type: ignore[attr-defined]
    }


def test_queue_online_then_all_sends_each_person_once_in_their_own_words(
    db: Database,
    event: str,
    smtp_server,  # noqa: F811
) -> None:
    mailbox, port = smtp_server
    configure(db, port)
    assert delivery.queue_emails(db=db, event_id=event, operator="rina") == 1  # default: online
    assert delivery.send_queued(db=db, event_id=event).sent == 1
    assert [m["To"] for m in mailbox.messages] == ["budi@example.go.id"]
    # "all" after "online": only the others are queued (the queue keys by certificate).
    assert delivery.queue_emails(db=db, event_id=event, operator="rina", who="all") == 4
    report = delivery.send_queued(db=db, event_id=event)
    assert (report.sent, report.failed, report.pending) == (5, 0, 0)
    assert delivery.queue_emails(db=db, event_id=event, operator="rina", who="all") == 0
    assert delivery.queue_emails(db=db, event_id=event, operator="rina", who="in-person") == 0
    assert len(mailbox.messages) == 5 and "eko@example.go.id" not in bodies(mailbox)
    text = bodies(mailbox)
    assert '"Penguatan Kapasitas HAM bagi ASN" secara daring.' in text["budi@example.go.id"]
    for person in ("ahmad@palu.go.id", "siti@example.go.id", "rahmat@example.go.id"):
        assert "daring" not in text[person]  # they were in the room
        assert (
            'Terima kasih atas kehadiran Anda dalam kegiatan "Penguatan Kapasitas HAM bagi ASN" '
            "di Aula Kanwil." in text[person]
        )
    # Let through without attending: neither "in the room" nor "online".
    assert "daring" not in text["dewi@example.go.id"]
    assert "kehadiran" not in text["dewi@example.go.id"]
    assert 'Terima kasih atas partisipasi Anda dalam kegiatan "' in text["dewi@example.go.id"]
    for message in mailbox.messages:
        attachment = next(p for p in message.walk() if p.get_content_type() == "application/pdf")
        assert attachment.get_payload(decode=True).startswith(b"%PDF")


def test_queue_in_person_leaves_the_online_people_for_later(
    db: Database,
    event: str,
) -> None:
    assert delivery.queue_emails(db=db, event_id=event, operator="rina", who="in-person") == 3
    assert delivery.queue_emails(db=db, event_id=event, operator="rina", who="online") == 1
    with db.session() as session:
        mails = session.exec(select(CertificateMail.recipient)).all()
    assert sorted(mails) == [
        "ahmad@palu.go.id",
        "budi@example.go.id",
        "rahmat@example.go.id",
        "siti@example.go.id",
    ]


def run_cli(db: Database, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = cli_main(["--data-dir", str(db.folder), "--operator", "Rina", *args, "--json"])
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_cli_who_for_export_and_send_with_the_documented_defaults(
    db: Database,
    event: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    smtp_server,  # noqa: F811
) -> None:
    mailbox, port = smtp_server
    configure(db, port)
    out = tmp_path / "luring.zip"
    code, result = run_cli(
        db,
        capsys,
        "certificates",
        "export",
        "--event",
        event,
        "--out",
        str(out),
        "--who",
        "in-person",
    )
    assert code == 0 and result["files"] == 3  # type: ignore[index]
    with zipfile.ZipFile(out) as archive:
        assert set(listing(archive.read("daftar-kirim.csv").decode("utf-8-sig"))) == IN_PERSON
    # The documented forms keep working: --online-only, and export's default (all who qualify).
    code, result = run_cli(
        db,
        capsys,
        "certificates",
        "export",
        "--event",
        event,
        "--out",
        str(tmp_path / "d"),
        "--online-only",
    )
    assert code == 0 and result["files"] == 1  # type: ignore[index]
    code, result = run_cli(
        db, capsys, "certificates", "export", "--event", event, "--out", str(tmp_path / "all")
    )
    assert code == 0 and result["files"] == 5  # type: ignore[index]
    # send's default stays online; --who all adds the others, Budi not twice.
    code, result = run_cli(db, capsys, "certificates", "send", "--event", event)
    assert (code, result) == (0, {"sent": 1, "failed": 0, "pending": 0, "failures": []})
    code, result = run_cli(db, capsys, "certificates", "send", "--event", event, "--who", "all")
    assert (code, result) == (0, {"sent": 5, "failed": 0, "pending": 0, "failures": []})
    assert sorted(m["To"] for m in mailbox.messages) == [
        "ahmad@palu.go.id",
        "budi@example.go.id",
        "dewi@example.go.id",
        "rahmat@example.go.id",
        "siti@example.go.id",
    ]


def test_window_choice_for_the_export_and_the_email(  # type: ignore[no-untyped-def]
    qtbot,
    db: Database,
    tmp_path: Path,
    smtp_server,  # noqa: F811
) -> None:
    mailbox, port = smtp_server
    first_start(db, office_code="SULTENG", desk_name="Meja 2", admin_name=ADMIN, pin=ADMIN_PIN)
    with db.write() as session:
        create_operator(session=session, name=CLERK, pin=CLERK_PIN)
    event = hybrid_people(db)
    set_last_event(db, event_id=event, operator=ADMIN)
    configure(db, port)
    desk_ = open_online(qtbot, db, name=CLERK, pin=CLERK_PIN)
    try:
        controller, view = desk_.controller.online_delivery, desk_.window.online
        with qtbot.waitSignal(controller.loaded, timeout=20_000):
            view.tabs.setCurrentIndex(1)  # the delivery tab reads its counts when it opens
        labels = [view.who.itemText(i) for i in range(view.who.count())]
        assert labels == ["Daring saja", "Luring saja", "Semua"]
        assert view.who.currentText() == "Daring saja"  # the Daring screen's default
        assert view.who_label.buddy() is view.who and view.who.isVisible()
        assert view.who_count.text() == "1 peserta layak sertifikat, 1 beremail."

        view.who.setCurrentIndex(view.who.findText("Luring saja"))
        assert view.who_count.text() == "3 peserta layak sertifikat, 3 beremail."
        out = tmp_path / "luring.zip"
        with qtbot.waitSignal(controller.exported, timeout=60_000):
            controller.export(out)
        with zipfile.ZipFile(out) as archive:
            names = set(listing(archive.read("daftar-kirim.csv").decode("utf-8-sig")))
        assert names == IN_PERSON and "3 sertifikat diekspor" in view.busy.message.text()

        with qtbot.waitSignal(controller.sent, timeout=60_000) as sent:
            qtbot.mouseClick(view.send, Qt.MouseButton.LeftButton)
        assert (sent.args[0].sent, sent.args[0].pending) == (3, 0)
        assert "3 baru diantrekan" in view.busy.message.text()

        view.who.setCurrentIndex(view.who.findText("Semua"))
        assert view.who_count.text() == "5 peserta layak sertifikat, 5 beremail."
        with qtbot.waitSignal(controller.sent, timeout=60_000) as sent:
            qtbot.mouseClick(view.send, Qt.MouseButton.LeftButton)
        assert sent.args[0].sent == 5 and "2 baru diantrekan" in view.busy.message.text()
        qtbot.waitUntil(lambda: view.mail_model.rowCount() == 5)
        assert sorted(m["To"] for m in mailbox.messages) == sorted(
            [
                "ahmad@palu.go.id",
                "budi@example.go.id",
                "dewi@example.go.id",
                "rahmat@example.go.id",
                "siti@example.go.id",
            ]
        )
    finally:
        desk_.close()
