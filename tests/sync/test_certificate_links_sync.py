"""Personal download links from a real desk to a real HQ (issue 18 item 5): the desk mints a link
per certificate, syncs, and HQ's ``/d/<token>.pdf`` is the PDF the desk prints (the same text, the
same QR code, the same page image); listing again keeps the links; a revoked link or certificate
gives no PDF."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pypdfium2
import pytest
import requests
import zxingcpp
from sqlalchemy import text
from sqlmodel import select

from desktop.cli import main as cli_main
from desktop.core.certificates.models import Certificate
from desktop.core.clock import iso_utc
from desktop.core.errors import HadirError, NotFound
from desktop.services import certificates
from sync.documents.templates import Signatory
from sync.protocol import LINK_PATH
from tests.desktop.helpers import NIP_AHMAD, NIP_SITI
from tests.desktop.helpers import make_event as make_desk_event
from tests.desktop.helpers import register as register_one
from tests.sync.helpers import check_in, make_event, register, sync_until_done


def _text(pdf: bytes, folder: Path, name: str) -> str:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _pixels(pdf: bytes, folder: Path, name: str) -> bytes:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-gray", "-singlefile", str(path), str(folder / name)], check=True
    )
    return (folder / f"{name}.pgm").read_bytes()


def _qr(pdf: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    return sorted(result.text for result in zxingcpp.read_barcodes(image))


def test_links_reach_hq_and_give_the_printed_pdf(desk_factory, hq, tmp_path, capsys):
    desk = desk_factory("Meja 1")
    event_id = make_event(desk)
    people = register(desk, event_id, [1, 2])
    check_in(desk, event_id, people)
    certificates.event_settings(
        desk, event_id=event_id, operator="rina", min_days=1, base_url=hq.url
    )
    certificates.set_signatories(
        desk,
        event_id=event_id,
        blocks=[
            Signatory("Kepala Kantor Wilayah", "Dr. Budi Santoso, S.H., M.H.", ""),
            Signatory("Ketua Panitia", "Siti Aminah, S.E.", ""),
        ],
        operator="rina",
    )
    certificates.issue(desk, event_id=event_id, operator="rina")
    links = certificates.links(desk, event_id=event_id, operator="rina")
    assert len(links) == 2 and all(row.minted for row in links)
    assert all(row.url.startswith(f"{hq.url}{LINK_PATH}") for row in links)
    assert not any("Peserta" in row.url for row in links)
    # hadir-cli lists the same links again (nothing minted, nothing queued).
    code = cli_main(
        ["--data-dir", str(desk.folder), "certificates", "links", "--event", event_id, "--json"]
    )
    listed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0
    assert listed == [
        {"number": r.number, "name": r.name, "url": r.url, "expires": iso_utc(r.expires_at)}
        for r in links
    ]

    report = sync_until_done(desk)
    assert report.outcome == "ok" and report.pending == 0 and report.set_aside == 0, report
    assert hq.query("SELECT COUNT(*) FROM certificate_link") == [(2,)]

    first = links[0]
    page = requests.get(first.url, timeout=10)
    assert page.status_code == 200 and first.name in page.text and first.number in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "content-security-policy" in page.headers
    answer = requests.get(f"{first.url}.pdf", timeout=30)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    at_hq = answer.content

    with desk.session() as session:
        certificate_id = session.exec(
            select(Certificate.id).where(Certificate.number == first.number)
        ).one()
    printed = certificates.certificate_pdf(desk, certificate_ids=[certificate_id])
    assert _text(at_hq, tmp_path, "hq") == _text(printed, tmp_path, "desk")
    assert "Siti Aminah" in _text(at_hq, tmp_path, "hq")
    assert _qr(at_hq) == _qr(printed) and len(_qr(printed)) == 1
    hq_pixels, desk_pixels = _pixels(at_hq, tmp_path, "hq"), _pixels(printed, tmp_path, "desk")
    assert len(hq_pixels) == len(desk_pixels)
    differing = sum(1 for a, b in zip(hq_pixels, desk_pixels, strict=True) if abs(a - b) > 16)
    assert differing <= len(desk_pixels) // 1000

    # Revoking the link, or the certificate, leaves a page that says so and no PDF.
    assert certificates.revoke_link(desk, number=first.number, operator="rina") == 1
    certificates.revoke(desk, number=links[1].number, reason="Salah nama", operator="kepala")
    report = sync_until_done(desk)
    assert report.outcome == "ok" and report.pending == 0, report
    for row in links:
        gone = requests.get(f"{row.url}.pdf", timeout=10)
        assert gone.status_code == 410 and gone.headers["content-type"].startswith("text/html")
        assert row.name not in gone.text and row.number not in gone.text
    fresh = certificates.links(desk, event_id=event_id, operator="rina")
    assert len(fresh) == 1 and fresh[0].minted and fresh[0].url != first.url


def test_minting_is_audited_queued_once_and_checked(db):
    """On a desk alone: new links are queued for HQ (only the hash leaves) with one audit line;
    listing again queues and audits nothing; bad input says what to do."""
    event_id = make_desk_event(db)
    people = [
        register_one(db, event_id, "Dr. H. Ahmad Fauzan, S.H.", NIP_AHMAD),
        register_one(db, event_id, "Siti Nurhaliza, S.E.", NIP_SITI),
    ]
    check_in(db, event_id, people)
    certificates.issue(db, event_id=event_id, operator="rina")

    def queued() -> list[str]:
        with db.session() as session:
            return list(
                session.exec(
                    text("SELECT payload FROM outbox WHERE kind = 'certificate_link'")
                ).scalars()
            )

    def audited() -> int:
        with db.session() as session:
            return session.exec(
                text("SELECT COUNT(*) FROM audit_entry WHERE action = 'certificate.links'")
            ).one()[0]

    rows = certificates.links(db, event_id=event_id, operator="rina", days=7)
    assert len(rows) == 2 and len(queued()) == 2 and audited() == 1
    for row, payload in zip(rows, queued(), strict=True):
        token = row.url.rsplit("/", 1)[1]
        assert len(token) == 24 and token not in payload
        assert json.loads(payload)["token_sha256"] == hashlib.sha256(token.encode()).hexdigest()
    certificates.links(db, event_id=event_id, operator="rina")
    assert len(queued()) == 2 and audited() == 1

    with pytest.raises(HadirError, match="--days 0 is out of range"):
        certificates.links(db, event_id=event_id, operator="rina", days=0)
    with pytest.raises(NotFound, match="No certificate numbered 'X-1'"):
        certificates.revoke_link(db, number="X-1", operator="rina")
