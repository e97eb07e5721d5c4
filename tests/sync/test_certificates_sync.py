"""Certificates and online attendance from a real desk to a real HQ (issues 4-7): the desk issues and
prints certificates, revokes one, imports a Zoom report, syncs; HQ's verification page then says
valid for one and revoked for the other, another desk learns the revocation by pulling and its
offline check says revoked, and HQ counts the certificates and the people online."""

from __future__ import annotations

import json
from pathlib import Path

import requests
from sqlmodel import select

from desktop.core import online
from desktop.core.certificates import records, revocation, verification
from desktop.core.certificates.batch import render_event_certificates
from desktop.core.certificates.models import Certificate
from desktop.core.demo import create_demo
from desktop.core.desk import desk_identity
from desktop.core.sync.run import run_sync
from tests.desktop.helpers import NIP_AHMAD, NIP_BUDI, NIP_SITI, make_event, register
from tests.sync.helpers import assert_hq_holds_exactly

FIXTURES = Path(__file__).resolve().parents[1] / "desktop" / "fixtures" / "online"
REPORT = FIXTURES / "zoom_basic_bom_ampm.csv"


def test_certificates_revocations_and_online_results_reach_hq_and_other_desks(
    desk_factory, hq, tmp_path
):
    first = desk_factory("Meja 1")
    event_id = make_event(first)  # hybrid, 24 Nov 2026 08.00-16.00 WITA
    ahmad = register(
        first, event_id, "Dr. H. Ahmad Fauzan, S.H.", NIP_AHMAD, email="ahmad@palu.go.id"
    )
    register(first, event_id, "Siti Nurhaliza, S.E.", NIP_SITI)
    budi = register(first, event_id, "Budi Santoso", NIP_BUDI)
    with first.write() as session:
        online.set_online_rule(session=session, event_id=event_id, min_minutes=240)
        summary = online.import_online_report(
            session=session, event_id=event_id, path=REPORT, operator="rina"
        )
    assert summary.eligible == 2  # Ahmad (250 min) and Budi (480 min) qualify online

    batch = render_event_certificates(
        db=first, event_id=event_id, out=tmp_path / "sertifikat.pdf", operator="rina"
    )
    assert batch.issued == 2
    with first.write() as session:
        issued = {
            c.participant_id: c
            for c in session.exec(select(Certificate).where(Certificate.event_id == event_id))
        }
        revocation.revoke_certificate(
            session=session, number=issued[budi].number, reason="Salah nama", operator="kepala"
        )
    valid_token, revoked_token = issued[ahmad].token, issued[budi].token

    report = run_sync(first)
    assert report.outcome == "ok" and report.pending == 0 and report.set_aside == 0, report
    assert_hq_holds_exactly(hq, [first])

    def at_hq(token: str) -> dict[str, str]:
        response = requests.get(f"{hq.url}/api/v1/verify/{token}", timeout=10)
        assert response.status_code == 200, response.text
        return dict(response.json())

    assert at_hq(valid_token)["status"] == "valid"
    assert at_hq(valid_token)["name"] == issued[ahmad].printed_name
    revoked = at_hq(revoked_token)
    assert revoked["status"] == "revoked" and revoked["revoked_reason"] == "Salah nama"
    page = requests.get(f"{hq.url}/v/{revoked_token}", timeout=10)
    assert page.status_code == 200 and "Salah nama" in page.text

    stats = hq.stats()
    assert stats["certificates"] == 2 and stats["certificates_revoked"] == 1
    with first.session() as session:
        people = online.list_people(session=session, event_id=event_id)
    assert stats["online"] == sum(1 for p in people if p["minutes"] > 0 and p["match"] != "ignored")
    assert hq.query("SELECT COUNT(*) FROM online_attendance WHERE eligible") == [(2,)]
    assert hq.query("SELECT raw FROM online_report") == [(REPORT.read_bytes(),)]
    assert hq.query("SELECT COUNT(*) FROM certificate_print") == [(2,)]

    # Another desk of the office pulls the revocation: its offline check now knows.
    second = desk_factory("Meja 2")
    assert run_sync(second).outcome == "ok"
    with second.session() as session:
        checked = verification.verify(session=session, token_or_url=revoked_token)
        assert not checked.valid and "Salah nama" in checked.reason
        assert verification.verify(session=session, token_or_url=valid_token).valid

    # The issuing desk pulls HQ's publication of its own revocation: nothing changes there.
    assert run_sync(first).outcome == "ok"
    with first.session() as session:
        again = verification.verify(session=session, token_or_url=revoked_token)
        assert not again.valid and "Salah nama" in again.reason


def _queued(db, kind: str) -> list[dict[str, object]]:
    with db.session() as session:
        rows = session.connection().exec_driver_sql(
            "SELECT payload FROM outbox WHERE kind = ? ORDER BY seq", (kind,)
        )
        return [json.loads(payload) for (payload,) in rows]


def test_demo_events_stay_on_the_desk_and_online_results_are_queued_only_when_changed(db, tmp_path):
    with db.write() as session:
        desk = desk_identity(session=session)
        demo = create_demo(session=session, desk=desk, participants=3, attended=3).event_id
    batch = render_event_certificates(
        db=db, event_id=demo, out=tmp_path / "demo.pdf", operator="rina"
    )
    assert batch.issued == 3
    with db.write() as session:
        [first, *_] = records.list_certificates(session=session, event_id=demo)
        revocation.revoke_certificate(
            session=session, number=first.number, reason="Uji", operator="rina"
        )
    for kind in ("certificate", "certificate_print", "certificate_revocation"):
        assert _queued(db, kind) == [], kind

    event_id = make_event(db)
    register(db, event_id, "Dr. H. Ahmad Fauzan, S.H.", NIP_AHMAD, email="ahmad@palu.go.id")
    register(db, event_id, "Siti Nurhaliza, S.E.", NIP_SITI)
    with db.write() as session:
        online.import_online_report(session=session, event_id=event_id, path=REPORT, operator="r")
    assert len(_queued(db, "online_report")) == 1
    results = _queued(db, "online_attendance")
    with db.session() as session:
        people = online.list_people(session=session, event_id=event_id)
    assert sorted(r["person_key"] for r in results) == sorted(p["key"] for p in people)
    assert not any(r["eligible"] for r in results)  # no online rule yet

    with db.write() as session:  # the same file again: nothing new to say
        online.import_online_report(session=session, event_id=event_id, path=REPORT, operator="r")
    assert len(_queued(db, "online_report")) == 1 and len(_queued(db, "online_attendance")) == len(
        results
    )
    with db.write() as session:  # a rule makes Ahmad (250 min) eligible: his result alone changes
        online.set_online_rule(session=session, event_id=event_id, min_minutes=240)
    [changed] = _queued(db, "online_attendance")[len(results) :]
    assert changed["person_key"] == "email:ahmad@palu.go.id" and changed["eligible"] is True
