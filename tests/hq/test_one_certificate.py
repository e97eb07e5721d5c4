"""One certificate per person per event, whichever desk prints it (issue 17 item 2), end to end on
both HQ databases: two real encrypted desks sync over HTTP with HQ on 127.0.0.1 (a SQLite file,
then a PostgreSQL schema).

Desk A issues and syncs; desk B syncs and is asked to print for the same person: it reprints A's
certificate (same number, same seal) and logs the reprint, which reaches A. Both desks then issue
offline for a person each registered on its own: after their syncs HQ's event page shows
"Sertifikat ganda" with both numbers and desks, and ``hadir-cli certificates duplicates`` lists the
pair on both desks. Revoking A's on desk B (with a reason, audited) reaches HQ and desk A, and HQ's
verification says revoked for that one, valid for the one kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlmodel import col, select

from desktop.cli import main
from desktop.core.certificates.batch import render_event_certificates
from desktop.core.certificates.models import Certificate, CertificatePrint
from desktop.core.db import Database
from desktop.core.desk import set_setting
from desktop.core.sync.enrollment import enroll
from desktop.core.sync.run import run_sync
from desktop.services import certificates as service
from sync.clock import utcnow
from sync.hq import admin
from sync.hq.db import write_session
from tests.desktop.helpers import NIP_AHMAD, NIP_SITI, make_event, recent_audit, register
from tests.hq.helpers import Hq, dashboard_login
from tests.sync.helpers import FAST, check_in

PASSWORD = "kata-sandi-kuat-1"


def _desk(hq: Hq, folder: Path, name: str) -> Database:
    db = Database(folder)
    with db.write() as session:
        for key, value in FAST.items():
            set_setting(session=session, key=key, value=value)
    enroll(db, server_url=hq.url, code=hq.enrollment_code("SULTENG"), desk_name=name)
    return db


def _sync(db: Database) -> None:
    report = run_sync(db)
    assert report.outcome == "ok" and report.pending == 0 and report.set_aside == 0, report


def _certificate(db: Database, event_id: str, participant_id: str) -> Certificate:
    with db.session() as session:
        return session.exec(
            select(Certificate).where(
                Certificate.event_id == event_id,
                Certificate.participant_id == participant_id,
                col(Certificate.revoked_at).is_(None),
            )
        ).one()


def _duplicates(capsys: pytest.CaptureFixture[str], folder: Path) -> list[dict[str, Any]]:
    code = main(["certificates", "duplicates", "--data-dir", str(folder), "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0, out
    return list(json.loads(out[-1]))


def test_any_desk_reprints_the_one_certificate_and_offline_doubles_are_flagged(
    hq: Hq, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
    first, second = _desk(hq, tmp_path / "a", "Meja 1"), _desk(hq, tmp_path / "b", "Meja 2")
    try:
        event_id = make_event(first)
        ahmad = register(first, event_id, "Dr. H. Ahmad Fauzan, S.H.", NIP_AHMAD)
        check_in(first, event_id, [ahmad])
        issued = render_event_certificates(
            db=first,
            event_id=event_id,
            out=tmp_path / "a.pdf",
            operator="rina",
            participant_ids=[ahmad],
        )
        assert issued.issued == 1
        original = _certificate(first, event_id, ahmad)
        _sync(first)

        # Desk B learns A's certificate and prints for Ahmad: a reprint of that very one.
        _sync(second)
        again = service.save_batch(
            second,
            event_id=event_id,
            out=tmp_path / "b.pdf",
            operator="yusuf",
            participant_ids=[ahmad],
        )
        assert (again.issued, again.existing, again.reprinted) == (0, 1, 1)
        with second.session() as session:
            [saved] = [
                a for a in recent_audit(session=session) if a.action == "certificate.save_pdf"
            ]
        assert json.loads(saved.detail)["reprinted"] == 1  # logged as a reprint
        reprinted = _certificate(second, event_id, ahmad)
        assert (reprinted.id, reprinted.number, reprinted.token) == (
            original.id,
            original.number,
            original.token,
        )
        with second.session() as session:
            lines = session.exec(select(CertificatePrint)).all()
        # A's print log came with the certificate; B's reprint is a line of its own.
        assert sorted((p.certificate_id, p.operator) for p in lines) == [
            (original.id, "rina"),
            (original.id, "yusuf"),
        ]
        _sync(second)
        _sync(first)
        with first.session() as session:
            logged = session.exec(
                select(CertificatePrint).where(CertificatePrint.certificate_id == original.id)
            ).all()
        assert sorted(p.operator for p in logged) == ["rina", "yusuf"]  # the reprint reached A

        # Offline, both desks register Siti on their own and issue her a certificate.
        siti_a = register(first, event_id, "Siti Nurhaliza, S.E.", NIP_SITI)
        siti_b = register(second, event_id, "Siti Nurhaliza, S.E.", NIP_SITI)
        assert siti_a != siti_b
        for db, siti in ((first, siti_a), (second, siti_b)):
            check_in(db, event_id, [siti])
            made = render_event_certificates(
                db=db,
                event_id=event_id,
                out=tmp_path / f"{siti}.pdf",
                operator="rina",
                participant_ids=[siti],
            )
            assert made.issued == 1
        from_a, from_b = (
            _certificate(first, event_id, siti_a),
            _certificate(second, event_id, siti_b),
        )
        assert from_a.number != from_b.number
        _sync(first)
        _sync(second)
        _sync(first)

        # HQ flags the pair on the event page; nothing is revoked.
        browser = dashboard_login(hq, username="pusat", password=PASSWORD)
        page = browser.get(f"{hq.url}/dashboard/events/{event_id}", timeout=10)
        assert page.status_code == 200
        assert "Sertifikat ganda" in page.text
        for text in (from_a.number, from_b.number, "Meja 1", "Meja 2"):
            assert text in page.text.split("Sertifikat ganda", 1)[1].split('id="attendance"')[0]
        assert original.number not in page.text

        # Both desks list the pair after their pull.
        first.close()
        second.close()
        for folder in (tmp_path / "a", tmp_path / "b"):
            [pair] = _duplicates(capsys, folder)
            assert pair["event_id"] == event_id and pair["name"] == "Siti Nurhaliza, S.E."
            assert {(c["number"], c["desk_name"]) for c in pair["certificates"]} == {
                (from_a.number, "Meja 1"),
                (from_b.number, "Meja 2"),
            }
        first, second = Database(tmp_path / "a"), Database(tmp_path / "b")

        # The operator at desk B keeps B's and revokes A's, with a reason.
        revoked = service.revoke(
            second, number=from_a.number, reason="Ganda, dipakai milik Meja 2", operator="kepala"
        )
        assert revoked.revoked_at is not None
        with second.session() as session:
            audit = recent_audit(session=session)
        assert any(a.action == "certificate.revoke" and from_a.number in a.detail for a in audit)
        _sync(second)
        _sync(first)
        for db in (first, second):
            assert service.duplicates(db, event_id=event_id) == []
        with first.session() as session:
            own = session.get(Certificate, from_a.id)
            assert own is not None and own.revoked_reason == "Ganda, dipakai milik Meja 2"

        def at_hq(token: str) -> dict[str, Any]:
            answer = requests.get(f"{hq.url}/api/v1/verify/{token}", timeout=10)
            assert answer.status_code == 200, answer.text
            return dict(answer.json())

        assert at_hq(from_a.token)["status"] == "revoked"
        assert at_hq(from_a.token)["revoked_reason"] == "Ganda, dipakai milik Meja 2"
        assert at_hq(from_b.token)["status"] == "valid"
        shown = requests.get(f"{hq.url}/v/{from_a.token}", timeout=10)
        assert shown.status_code == 200 and 'data-status="revoked"' in shown.text
        assert (
            "Sertifikat telah dicabut" in shown.text and "Ganda, dipakai milik Meja 2" in shown.text
        )
        page = browser.get(f"{hq.url}/dashboard/events/{event_id}", timeout=10)
        assert "Sertifikat ganda" not in page.text
    finally:
        first.close()
        second.close()
