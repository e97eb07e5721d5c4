"""Ingest rules a hostile or buggy desk must not get around (issue 15, items 3 and 8), against the
real HQ over HTTP on both databases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sync.hq import merge
from sync.hq.db import read_session
from sync.hq.models import DeskAudit
from sync.protocol import AuditRecord
from tests.hq.helpers import (
    T0,
    Desk,
    Hq,
    checkin_record,
    envelope,
    event_record,
    new_id,
    participant_record,
    statuses,
)


def _attending(hq: Hq, event_id: str) -> int:
    with read_session(hq.engine) as session:
        return len(merge.attendances(session=session, event_id=event_id))


def _results(desk: Desk, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = desk.push(items)
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


def _office_with_attendance(desk: Desk) -> tuple[str, str, str]:
    """An event of the desk's office with one person checked in: (event, participant, check-in)."""
    event = event_record(desk.office)
    person = participant_record()
    checkin = checkin_record(event.id, person.id)
    assert (
        statuses(desk.push([envelope(event), envelope(person), envelope(checkin)]))
        == ["stored"] * 3
    )
    return event.id, person.id, checkin.id


def test_a_desk_cannot_undo_another_offices_checkin_under_its_own_event(hq: Hq) -> None:
    palu, makassar = hq.desk("SULTENG", "Meja Palu"), hq.desk("SULSEL", "Meja Makassar")
    palu_event, palu_person, palu_checkin = _office_with_attendance(palu)
    assert _attending(hq, palu_event) == 1

    own_event = event_record("SULSEL")
    own_person = participant_record(nip=None, email=None)
    # Named under Makassar's own event (which passes the office check) and under Palu's event.
    disguised = checkin_record(own_event.id, own_person.id, undoes_id=palu_checkin)
    direct = checkin_record(palu_event, palu_person, undoes_id=palu_checkin)
    results = _results(
        makassar,
        [envelope(own_event), envelope(own_person), envelope(disguised), envelope(direct)],
    )
    assert [r["status"] for r in results] == ["stored", "stored", "invalid", "invalid"]
    assert results[2]["reason"].endswith("[undo_mismatch]")
    assert palu_checkin in results[2]["reason"]
    assert "belongs to office SULTENG" in results[3]["reason"]
    assert _attending(hq, palu_event) == 1  # Palu's attendance stands
    assert hq.stats()["checkins"] == 1


def test_an_undo_must_be_of_the_checkins_person_and_day(hq: Hq) -> None:
    desk = hq.desk()
    event_id, person_id, checkin_id = _office_with_attendance(desk)
    other = participant_record(nip=None, email=None)
    wrong_person = checkin_record(event_id, other.id, undoes_id=checkin_id)
    wrong_day = checkin_record(event_id, person_id, day=2, undoes_id=checkin_id)
    results = _results(desk, [envelope(other), envelope(wrong_person), envelope(wrong_day)])
    assert [r["status"] for r in results] == ["stored", "invalid", "invalid"]
    assert all(r["reason"].endswith("[undo_mismatch]") for r in results[1:])
    assert _attending(hq, event_id) == 1


def test_an_undo_of_an_unknown_checkin_or_of_an_undo_is_refused(hq: Hq) -> None:
    desk = hq.desk()
    event_id, person_id, checkin_id = _office_with_attendance(desk)
    nowhere = checkin_record(event_id, person_id, undoes_id="no-such-checkin")
    undo = checkin_record(event_id, person_id, at=T0 + timedelta(minutes=1), undoes_id=checkin_id)
    undo_of_undo = checkin_record(event_id, person_id, undoes_id=undo.id)
    results = _results(desk, [envelope(nowhere), envelope(undo)])
    assert [r["status"] for r in results] == ["invalid", "stored"]
    assert results[0]["reason"].endswith("[undo_unknown_checkin]")
    assert _attending(hq, event_id) == 0
    results = _results(desk, [envelope(undo_of_undo)])
    assert results[0]["status"] == "invalid"
    assert results[0]["reason"].endswith("[undo_of_undo]")


def test_a_forged_copy_of_a_stored_checkin_does_not_vouch_for_an_undo(hq: Hq) -> None:
    """The batch carries check-in X again, rewritten to name another person, and an undo of X for
    that person: HQ judges the undo by the X it holds."""
    desk = hq.desk()
    event_id, _, checkin_id = _office_with_attendance(desk)
    other = participant_record(nip=None, email=None)
    stored = checkin_record(event_id, other.id, checkin_id=checkin_id)  # same id, other person
    undo = checkin_record(event_id, other.id, undoes_id=checkin_id)
    results = _results(desk, [envelope(other), envelope(stored), envelope(undo)])
    assert [r["status"] for r in results] == ["stored", "conflict", "invalid"]
    assert results[2]["reason"].endswith("[undo_mismatch]")
    assert _attending(hq, event_id) == 1


def test_a_checkin_and_its_undo_in_one_batch_are_stored(hq: Hq) -> None:
    """The honest case: a desk that was offline sends the check-in and its undo together, and an
    undo of a check-in pulled from another desk of the same office is accepted."""
    meja1, meja2 = hq.desk(name="Meja 1"), hq.desk(name="Meja 2")
    event = event_record()
    person = participant_record()
    first = checkin_record(event.id, person.id)
    undo = checkin_record(event.id, person.id, at=T0 + timedelta(minutes=2), undoes_id=first.id)
    again = checkin_record(event.id, person.id, at=T0 + timedelta(minutes=3))
    assert (
        statuses(meja1.push([envelope(event), envelope(person), envelope(first), envelope(undo)]))
        == ["stored"] * 4
    )
    assert _attending(hq, event.id) == 0
    assert statuses(meja1.push([envelope(again)])) == ["stored"]
    other_desk_undo = checkin_record(
        event.id, person.id, at=T0 + timedelta(minutes=4), desk_name="Meja 2", undoes_id=again.id
    )
    assert statuses(meja2.push([envelope(other_desk_undo)])) == ["stored"]
    assert _attending(hq, event.id) == 0


def test_one_checkin_twice_in_a_batch_with_other_content_is_a_conflict(hq: Hq) -> None:
    """As across batches: the first version stands, the second is set aside, and pull hands out
    one version only."""
    meja1, meja2 = hq.desk(name="Meja 1"), hq.desk(name="Meja 2")
    event = event_record()
    person = participant_record()
    first = checkin_record(event.id, person.id)
    forged = first.model_copy(update={"at": T0 + timedelta(hours=3), "desk_name": "Meja X"})
    same_again = envelope(first)  # identical content under a third change id: harmless
    results = _results(
        meja1,
        [envelope(event), envelope(person), envelope(first), envelope(forged), same_again],
    )
    assert [r["status"] for r in results] == ["stored", "stored", "stored", "conflict", "stored"]
    assert f"checkin {first.id} is already stored with different content" in results[3]["reason"]

    pulled, _ = meja2.pull_all()
    versions = [i["payload"] for i in pulled if i["kind"] == "checkin"]
    assert versions and all(v == first.model_dump(mode="json") for v in versions)
    with read_session(hq.engine) as session:
        times = [a.first_at for a in merge.attendances(session=session, event_id=event.id)]
    assert times == [T0]
    # The same forgery in a later batch is answered the same way.
    assert statuses(meja1.push([envelope(forged)])) == ["conflict"]


def test_one_audit_line_twice_in_a_batch_keeps_the_first_version(hq: Hq) -> None:
    """The rule is that of every immutable record, not of check-ins alone."""
    desk = hq.desk()
    line = AuditRecord(
        id=new_id(), desk_id="desk", at=T0, operator="rina", action="participant.erase", detail="{}"
    )
    rewritten = line.model_copy(update={"action": "participant.view"})
    assert statuses(desk.push([envelope(line), envelope(rewritten)])) == ["stored", "conflict"]
    with read_session(hq.engine) as session:
        stored = session.get(DeskAudit, line.id)
        assert stored is not None and stored.action == "participant.erase"


def test_a_forged_copy_of_a_stored_certificate_does_not_vouch_for_a_revocation(hq: Hq) -> None:
    """The batch carries a stored certificate again under another number, and a revocation naming
    that number: HQ judges the revocation by the certificate it holds, which stays valid."""
    from sync.hq.models import Certificate
    from tests.hq.test_certificates_ingest import _certified_event, _revocation

    desk = hq.desk()
    _token, _event, _person, certificate = _certified_event(desk)
    forged = certificate.model_copy(update={"number": "999/SERT/2026"})
    results = _results(desk, [envelope(forged), envelope(_revocation(forged))])
    assert [r["status"] for r in results] == ["conflict", "invalid"]
    assert "another number or participant" in results[1]["reason"]
    with read_session(hq.engine) as session:
        stored = session.get(Certificate, certificate.id)
        assert stored is not None and stored.revoked_at is None
        assert stored.number == certificate.number
