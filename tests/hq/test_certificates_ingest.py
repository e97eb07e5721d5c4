"""Certificates, their print log and revocations, and online attendance pushed by desks (issue 5
items 3-4, issue 7 item 6): stored once, refused for another office, revocations published to every
office's pull and shown by the verification page. Seals are made with the desk's own format
(sync/seal_format.py) and the pushing desk's enrolled key, as a real desk makes them."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

import pytest
import requests
from sqlalchemy import select

from sync.hq import reports
from sync.hq.db import read_session
from sync.hq.models import Certificate, CertificatePrint, OnlineAttendance, OnlineReport
from sync.protocol import (
    MAX_ONLINE_REPORT_BYTES,
    CertificatePrintRecord,
    CertificateRecord,
    CertificateRevocationRecord,
    OnlineAttendanceRecord,
    OnlineReportRecord,
    manifest_group,
    manifest_hash,
)
from sync.seal_format import SealPayload, name_digest, seal
from tests.hq.helpers import (
    T0,
    Desk,
    Hq,
    envelope,
    event_record,
    new_id,
    participant_record,
    registration_record,
    statuses,
)

REPORT = b"\xef\xbb\xbfName (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\r\n"


def _certificate(
    desk: Desk, event_id: str, participant_id: str, name: str, number: str
) -> CertificateRecord:
    return CertificateRecord(
        id=new_id(),
        number=number,
        event_id=event_id,
        participant_id=participant_id,
        office_code=desk.office,
        desk_id=desk.desk_id,
        printed_name=name,
        issued_on=date(2026, 3, 13),
        mode="luring",
        key_id=desk.key_id,
        issued_at=T0,
        issued_by="petugas",
        template_id="default",
        template_version=1,
    )


def _print(certificate: CertificateRecord) -> CertificatePrintRecord:
    return CertificatePrintRecord(
        id=new_id(),
        certificate_id=certificate.id,
        event_id=certificate.event_id,
        printed_at=T0 + timedelta(minutes=5),
        operator="petugas",
        desk_id=certificate.desk_id,
        copies=1,
        destination="pdf:batch.pdf",
    )


def _revocation(
    certificate: CertificateRecord, *, minutes: int = 60, reason: str = "Salah nama"
) -> CertificateRevocationRecord:
    return CertificateRevocationRecord(
        id=new_id(),
        certificate_id=certificate.id,
        number=certificate.number,
        event_id=certificate.event_id,
        participant_id=certificate.participant_id,
        revoked_at=T0 + timedelta(minutes=minutes),
        reason=reason,
        operator="kepala",
        desk_id=certificate.desk_id,
    )


def _report(event_id: str, raw: bytes = REPORT) -> OnlineReportRecord:
    return OnlineReportRecord(
        id=new_id(),
        event_id=event_id,
        file_name="zoom.csv",
        sha256=hashlib.sha256(raw).hexdigest(),
        variant="zoom_basic",
        timezone="Asia/Makassar",
        imported_at=T0,
        operator="petugas",
        size=len(raw),
        raw=OnlineReportRecord.encode_raw(raw),
    )


def _online(
    event_id: str,
    key: str,
    *,
    minutes: int,
    participant_id: str | None,
    eligible: bool,
    at_minutes: int = 0,
    match: str = "email",
) -> OnlineAttendanceRecord:
    return OnlineAttendanceRecord(
        id=new_id(),
        event_id=event_id,
        person_key=key,
        display_name="Ahmad Yani",
        email="ahmad.yani@example.go.id",
        nip=None,
        guest=False,
        minutes=minutes,
        match=match,
        participant_id=participant_id,
        eligible=eligible,
        computed_at=T0 + timedelta(minutes=at_minutes),
        desk_id="desk",
    )


def _certified_event(desk: Desk) -> tuple[str, str, str, CertificateRecord]:
    """An event, a participant registered for it, and a certificate: pushed; returns the seal
    token (made with the desk's enrolled key), the event and participant ids, and the record."""
    event, person = event_record(desk.office), participant_record(nip=None, email=None)
    certificate = _certificate(desk, event.id, person.id, person.full_name, f"{desk.office}-0001")
    token = seal(
        SealPayload(
            number=certificate.number,
            participant_id=person.id,
            event_id=event.id,
            name_digest=name_digest(person.full_name),
            issued_on=certificate.issued_on,
            mode="luring",
        ),
        desk.private_key,
    )
    items = [
        envelope(r) for r in (event, person, registration_record(event.id, person.id), certificate)
    ]
    assert statuses(desk.push(items)) == ["stored"] * 4
    return token, event.id, person.id, certificate


def _verify(hq: Hq, token: str) -> dict[str, Any]:
    response = requests.get(f"{hq.url}/api/v1/verify/{token}", timeout=10)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_each_kind_is_stored_once_and_a_changed_certificate_is_a_conflict(hq: Hq) -> None:
    desk = hq.desk()
    _token, event_id, participant_id, certificate = _certified_event(desk)
    records = [
        _print(certificate),
        _revocation(certificate),
        _report(event_id),
        _online(
            event_id,
            "email:ahmad.yani@example.go.id",
            minutes=300,
            participant_id=participant_id,
            eligible=True,
        ),
    ]
    items = [envelope(record) for record in records]
    assert statuses(desk.push(items)) == ["stored"] * 4
    assert statuses(desk.push(items)) == ["already_stored"] * 4  # a lost acknowledgement, resent

    # The same certificate id under a new change id: identical is harmless, changed is a conflict.
    same, renamed = certificate, certificate.model_copy(update={"printed_name": "Orang Lain"})
    assert statuses(desk.push([envelope(same), envelope(renamed)])) == ["stored", "conflict"]

    with read_session(hq.engine) as session:
        stored = session.execute(select(Certificate)).scalars().one()
        assert (stored.number, stored.printed_name, stored.template_version) == (
            certificate.number,
            certificate.printed_name,
            1,
        )
        assert stored.revoked_reason == "Salah nama" and stored.revoked_by == "kepala"
        assert session.execute(select(CertificatePrint)).scalars().one().copies == 1
        report = session.execute(select(OnlineReport)).scalars().one()
        assert report.raw == REPORT and report.size == len(REPORT)
        person = session.execute(select(OnlineAttendance)).scalars().one()
        assert (person.minutes, person.eligible, person.participant_id) == (
            300,
            True,
            participant_id,
        )

    # Reconciliation: the groups a desk computes with the shared grouping are the ones HQ holds.
    assert {manifest_group(record) for record in records} == {(event_id, 0)}
    ids = [item["id"] for item in items]
    answer = requests.post(
        f"{hq.url}/api/v1/reconcile",
        headers=desk.auth,
        timeout=10,
        json={
            "groups": [
                {
                    "event_id": event_id,
                    "day": 0,
                    "count": len(ids),
                    "ids_sha256": manifest_hash(ids),
                    "ids": ids,
                }
            ]
        },
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["groups"][0]["state"] == "complete"
    assert answer.json()["groups"][0]["missing"] == []


def test_another_office_cannot_write_them_and_unknown_certificates_are_refused(hq: Hq) -> None:
    palu, jakarta = hq.desk("SULTENG", "Meja Palu"), hq.desk("SULSEL", "Meja Jakarta")
    _token, event_id, participant_id, certificate = _certified_event(palu)
    foreign = _certificate(jakarta, event_id, participant_id, "Nama", "SULSEL-0001")
    items = [
        envelope(foreign),  # office SULSEL, but the event is SULTENG's
        envelope(foreign.model_copy(update={"office_code": "SULTENG"})),  # claims another office
        envelope(_print(certificate)),
        envelope(_revocation(certificate)),
        envelope(_report(event_id)),
        envelope(_online(event_id, "name:x", minutes=1, participant_id=None, eligible=False)),
    ]
    response = jakarta.push(items)
    assert statuses(response) == ["invalid"] * 6
    reasons = [r["reason"] for r in response.json()["results"]]
    assert "belongs to office SULTENG" in reasons[0] and "enrolled for SULSEL" in reasons[1]

    unknown = _print(certificate).model_copy(update={"certificate_id": new_id()})
    wrong_number = _revocation(certificate).model_copy(update={"number": "SULTENG-9999"})
    response = palu.push([envelope(unknown), envelope(wrong_number)])
    assert statuses(response) == ["invalid", "invalid"]
    assert "unknown certificate" in response.json()["results"][0]["reason"]
    assert hq.stats()["certificates_revoked"] == 0


def test_online_report_must_match_its_digest() -> None:
    good = _report("event")
    with pytest.raises(ValueError, match="sha256"):
        OnlineReportRecord.model_validate({**good.model_dump(), "sha256": "0" * 64})
    with pytest.raises(ValueError):
        OnlineReportRecord.model_validate(
            {**good.model_dump(), "raw": "A" * ((MAX_ONLINE_REPORT_BYTES + 2) // 3 * 4 + 4)}
        )


def test_a_revocation_is_published_to_every_office_and_the_page_says_revoked(hq: Hq) -> None:
    palu, other_palu, jakarta = hq.desk(), hq.desk(name="Meja 2"), hq.desk("SULSEL", "Meja J")
    token, event_id, _participant, certificate = _certified_event(palu)
    assert statuses(palu.push([envelope(_print(certificate))])) == ["stored"]
    assert _verify(hq, token)["status"] == "valid"
    page = requests.get(f"{hq.url}/v/{token}", timeout=10)
    assert page.status_code == 200 and "Sertifikat sah" in page.text

    later, earlier = (
        _revocation(certificate, minutes=90, reason="Kedua"),
        _revocation(certificate, minutes=30, reason="Pertama"),
    )
    later_change = envelope(later)
    assert statuses(palu.push([later_change])) == ["stored"]
    result = _verify(hq, token)
    assert result["status"] == "revoked" and result["revoked_reason"] == "Kedua"
    # An earlier revocation arriving afterwards stands; a repeat or a later one changes nothing.
    assert statuses(palu.push([envelope(earlier)])) == ["stored"]
    assert statuses(palu.push([later_change])) == ["already_stored"]
    assert _verify(hq, token)["revoked_reason"] == "Pertama"
    assert hq.stats()["certificates_revoked"] == 1

    for desk in (other_palu, jakarta, palu):
        pulled, _cursor = desk.pull_all()
        kinds = [item["kind"] for item in pulled]
        # Certificates, print logs and the desk-sent revocations stay at HQ; HQ's publications
        # of the two revocations that changed something go to every office, the sender's too.
        assert not {"certificate", "certificate_print"} & set(kinds)
        revoked = [i["payload"] for i in pulled if i["kind"] == "certificate_revocation"]
        assert [r["reason"] for r in revoked] == ["Kedua", "Pertama"], desk.name
        assert revoked[-1]["number"] == certificate.number
        assert revoked[-1]["event_id"] == event_id


def test_online_results_keep_the_latest_and_count_on_the_dashboard(hq: Hq) -> None:
    desk = hq.desk()
    _token, event_id, participant_id, _certificate = _certified_event(desk)
    newer = _online(
        event_id,
        "email:a",
        minutes=200,
        participant_id=participant_id,
        eligible=True,
        at_minutes=10,
    )
    older = _online(
        event_id, "email:a", minutes=20, participant_id=participant_id, eligible=False, at_minutes=5
    )
    short = _online(
        event_id, "name:budi", minutes=15, participant_id=None, eligible=False, match="unmatched"
    )
    host = _online(
        event_id, "name:host", minutes=400, participant_id=None, eligible=False, match="ignored"
    )
    assert statuses(desk.push([envelope(newer), envelope(short), envelope(host)])) == ["stored"] * 3
    assert statuses(desk.push([envelope(older)])) == ["stored"]  # kept in the log, not the result
    with read_session(hq.engine) as session:
        person = session.get(OnlineAttendance, (event_id, "email:a"))
        assert person is not None and (person.minutes, person.id) == (200, newer.id)
        [row] = [r for r in reports.events(session=session) if r.event_id == event_id]
    assert (row.online, row.online_eligible, row.certificates) == (2, 1, 1)
    assert hq.stats()["online"] == 2
    gone = _online(
        event_id,
        "name:budi",
        minutes=0,
        participant_id=None,
        eligible=False,
        at_minutes=20,
        match="removed",
    )
    assert statuses(desk.push([envelope(gone)])) == ["stored"]
    assert hq.stats()["online"] == 1
