"""An erasure leaves the identity nowhere at HQ (issue 15 item 1), against the real HQ over HTTP on
both databases: after it, no text column of any table holds the person's name, NIP, NIK, e-mail or
phone (the change log's earlier versions, changes set aside, certificates' printed names, online
results, the person's match key), the pull feed hands out none of it, and re-pushes of the old
changes are still answered as before. Another office's record of the same person stays, and the
erasing desk is told it exists."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import requests
from sqlalchemy import String, Text, select, text
from sqlmodel import col

from sync.hq.db import read_session
from sync.hq.models import Participant, Person, metadata
from sync.protocol import (
    ERASED_NAME,
    CertificateRecord,
    OnlineAttendanceRecord,
    ParticipantRecord,
)
from tests.hq.helpers import (
    T0,
    Desk,
    Hq,
    checkin_record,
    envelope,
    event_record,
    new_id,
    participant_record,
    registration_record,
    statuses,
)

NAME = "Dr. Zulkarnaen Habibullah, S.H."
NIP = "198609262015051001"
NIK = "7271012609860003"
EMAIL = "zulkarnaen.habibullah@example.go.id"
PHONE = "081377712345"
ONLINE_NAME = "Zulkarnaen H (Kemenkumham)"
NEEDLES = ("Zulkarnaen", "Habibullah", NIP, NIK, EMAIL, PHONE, "zulkarnaen.habibullah")


def _person(participant_id: str | None = None) -> ParticipantRecord:
    return participant_record(
        participant_id=participant_id, name=NAME, nip=NIP, email=EMAIL
    ).model_copy(update={"nik": NIK, "phone": PHONE, "birth_date": date(1986, 9, 26)})


def _erasure(record: ParticipantRecord) -> ParticipantRecord:
    """What desktop/core/personal_data.py erase_person queues."""
    return record.model_copy(
        update={
            "full_name": ERASED_NAME,
            "nip": None,
            "nik": None,
            "email": None,
            "phone": "",
            "golongan": "",
            "jabatan": "",
            "unit_kerja": "",
            "instansi": "",
            "birth_date": None,
            "gender": None,
            "updated_at": record.updated_at + timedelta(hours=1),
        }
    )


def _certificate(desk: Desk, event_id: str, participant_id: str, name: str) -> CertificateRecord:
    return CertificateRecord(
        id=new_id(),
        number=f"{desk.office}-0001",
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


def _online(
    event_id: str, participant_id: str | None, *, minutes: int, match: str, at: int
) -> OnlineAttendanceRecord:
    return OnlineAttendanceRecord(
        id=new_id(),
        event_id=event_id,
        person_key=f"email:{EMAIL}",
        display_name=ONLINE_NAME,
        email=EMAIL,
        nip=NIP,
        guest=False,
        minutes=minutes,
        match=match,
        participant_id=participant_id,
        eligible=participant_id is not None,
        computed_at=T0 + timedelta(minutes=at),
        desk_id="desk",
    )


def _found_at_hq(hq: Hq) -> list[tuple[str, str, str]]:
    """Every (table, column, needle) where a text column of any HQ table holds the identity."""
    found = []
    with hq.engine.connect() as connection:
        for table in metadata.sorted_tables:
            columns = [c.name for c in table.columns if isinstance(c.type, String | Text)]
            for column in columns:
                values = connection.execute(
                    text(f'SELECT "{column}" FROM "{table.name}" WHERE "{column}" IS NOT NULL')
                ).scalars()
                for value in values:
                    found += [
                        (table.name, column, n) for n in NEEDLES if n.lower() in value.lower()
                    ]
    return found


def _pulled_text(desk: Desk) -> str:
    items, _ = desk.pull_all()
    return repr(items)


def _results(desk: Desk, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = desk.push(items)
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


def test_after_an_erasure_no_table_at_hq_holds_the_identity(hq: Hq) -> None:
    meja1, meja2 = hq.desk(name="Meja 1"), hq.desk(name="Meja 2")
    event, person = event_record(), _person()
    edited = person.model_copy(
        update={"jabatan": "Kepala Bagian", "phone": PHONE, "updated_at": T0 + timedelta(minutes=5)}
    )
    first_change, edit_change = new_id(), new_id()
    certificate = _certificate(meja1, event.id, person.id, NAME)
    assert (
        statuses(
            meja1.push(
                [
                    envelope(event),
                    envelope(person, first_change),
                    envelope(edited, edit_change),
                    envelope(registration_record(event.id, person.id)),
                    envelope(checkin_record(event.id, person.id)),
                    envelope(certificate),
                    envelope(_online(event.id, person.id, minutes=90, match="email", at=0)),
                    envelope(_online(event.id, None, minutes=0, match="removed", at=10)),
                ]
            )
        )
        == ["stored"] * 8
    )
    # Kept aside with the identity: the same change id with other content, and a forged copy of
    # the certificate with another printed name.
    other_phone = person.model_copy(update={"phone": PHONE + "9"})
    forged = certificate.model_copy(update={"printed_name": NAME + " (salah)"})
    results = _results(meja2, [envelope(other_phone, first_change), envelope(forged)])
    assert [r["status"] for r in results] == ["conflict", "conflict"]
    assert _found_at_hq(hq)  # the scan finds what HQ held

    erasure = _erasure(edited)
    assert statuses(meja1.push([envelope(erasure)])) == ["stored"]

    assert _found_at_hq(hq) == []
    for desk in (meja2, hq.desk(name="Meja 3")):
        pulled = _pulled_text(desk)
        assert ERASED_NAME in pulled
        assert not [n for n in NEEDLES if n.lower() in pulled.lower()]
    # Re-pushes are answered as before the erasure: the same change "already stored", another
    # content under its id a conflict; neither brings the identity back.
    assert statuses(meja1.push([envelope(edited, edit_change)])) == ["already_stored"]
    assert statuses(meja2.push([envelope(other_phone, edit_change)])) == ["conflict"]
    assert statuses(meja1.push([envelope(certificate)])) == [
        "stored"
    ]  # a new change id, same record
    assert _found_at_hq(hq) == []
    with read_session(hq.engine) as session:
        held = session.get(Participant, person.id)
        assert held is not None and held.full_name == ERASED_NAME


def test_another_offices_record_of_the_same_person_stays_and_the_desk_is_told(hq: Hq) -> None:
    sulteng, sulsel = hq.desk(office="SULTENG"), hq.desk(office="SULSEL", name="Meja Makassar")
    ours, theirs = _person(), _person()
    assert statuses(sulteng.push([envelope(ours)])) == ["stored"]
    assert statuses(sulsel.push([envelope(theirs)])) == ["stored"]
    with read_session(hq.engine) as session:
        linked = (
            session.execute(
                select(col(Participant.person_id)).where(
                    col(Participant.id).in_([ours.id, theirs.id])
                )
            )
            .scalars()
            .all()
        )
    assert len(set(linked)) == 1  # one person: the same NIP

    (result,) = _results(sulteng, [envelope(_erasure(ours))])
    assert result["status"] == "stored"
    assert result["reason"].endswith("[other_records_kept]"), result
    assert "SULSEL" in result["reason"] and NIP not in result["reason"]
    with read_session(hq.engine) as session:
        kept = session.get(Participant, theirs.id)
        assert kept is not None and (kept.full_name, kept.nip) == (NAME, NIP)
        keys = set(session.execute(select(col(Person.match_key))).scalars())
    assert f"nip:{NIP}" in keys  # still SULSEL's record's link

    (result,) = _results(sulsel, [envelope(_erasure(theirs))])
    assert result["status"] == "stored" and result.get("reason") is None
    assert _found_at_hq(hq) == []


def test_the_verification_page_no_longer_names_an_erased_person(hq: Hq) -> None:
    """The seal is still HQ's to check, but HQ no longer knows the name, so it confirms none."""
    from tests.hq.test_certificates_ingest import _certified_event, _verify

    desk = hq.desk()
    token, _event_id, participant_id, certificate = _certified_event(desk)
    assert _verify(hq, token)["name"] == certificate.printed_name
    with read_session(hq.engine) as session:
        held = session.get(Participant, participant_id)
        assert held is not None
        fields = held.model_dump(include=set(ParticipantRecord.model_fields) - {"kind"})
    record = ParticipantRecord.model_validate({**fields, "updated_at": T0})
    assert statuses(desk.push([envelope(_erasure(record))])) == ["stored"]
    answer = _verify(hq, token)
    assert answer["name"] is None and answer["nip_masked"] is None, answer
    page = requests.get(f"{hq.url}/v/{token}", timeout=10)
    assert certificate.printed_name not in page.text
