"""An erasure reaches HQ and every desk whatever the desks' clocks say (issue 15 item 1), end to
end with two real encrypted desks and a real HQ: a desk whose clock is behind erases a person that
another desk edited later; a desk's unsent edit of the erased person is a conflict it shows."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from desktop.core import personal_data, registry
from desktop.core.clock import utcnow
from desktop.core.sync.run import run_sync
from desktop.core.sync.status import sync_status
from desktop.services import privacy
from sync.protocol import ERASED_NAME
from tests.sync.helpers import make_event, nip, register, sync_until_done


def _local(db, participant_id: str) -> tuple[str, str | None, str]:
    with db.session() as session:
        person = registry.get_participant(session=session, participant_id=participant_id)
        return person.full_name, person.nip, person.instansi


def _at_hq(hq, participant_id: str) -> tuple[str, str | None]:
    [(name, number)] = hq.query(
        "SELECT full_name, nip FROM participant WHERE id = ?", participant_id
    )
    return name, number


def _erase(db, participant_id: str) -> None:
    privacy.erase_person(
        db, participant_id=participant_id, operator="petugas", reason="permintaan tertulis"
    )


def test_an_erasure_from_a_desk_whose_clock_is_behind_reaches_hq_and_every_desk(
    desk_factory, hq, monkeypatch
):
    first = desk_factory("Meja 1")
    event_id = make_event(first)
    [person] = register(first, event_id, [7])
    assert sync_until_done(first).outcome == "ok"
    second = desk_factory("Meja 2")
    assert sync_until_done(second).outcome == "ok"
    assert _local(second, person)[1] == nip(7)

    # Meja 1 corrects the agency now; Meja 2's clock is two days behind when it erases the person.
    with first.write() as session:
        registry.update_participant(session=session, participant_id=person, instansi="Pemprov")
    assert sync_until_done(first).all_at_hq
    assert sync_until_done(second).outcome == "ok"  # Meja 2 has the correction
    behind = utcnow() - timedelta(days=2)
    monkeypatch.setattr(personal_data, "utcnow", lambda: behind)
    _erase(second, person)
    report = sync_until_done(second)
    assert report.outcome == "ok" and report.all_at_hq

    assert _at_hq(hq, person) == (ERASED_NAME, None)  # applied, not only "stored"
    sync_until_done(first)  # Meja 1's own copy says it is newer: the erasure wins all the same
    assert _local(first, person) == (ERASED_NAME, None, "")
    assert _local(second, person) == (ERASED_NAME, None, "")


def test_an_unsent_edit_of_a_person_erased_elsewhere_is_a_conflict_the_desk_shows(desk_factory, hq):
    first = desk_factory("Meja 1")
    event_id = make_event(first)
    [person] = register(first, event_id, [8])
    assert sync_until_done(first).outcome == "ok"
    second = desk_factory("Meja 2")
    assert sync_until_done(second).outcome == "ok"

    _erase(second, person)
    assert sync_until_done(second).all_at_hq
    # Meja 1 edits the person before it has heard of the erasure, and then syncs.
    with first.write() as session:
        registry.update_participant(session=session, participant_id=person, instansi="Pemprov")
    report = run_sync(first)
    assert not report.all_at_hq and report.set_aside == 1
    assert _at_hq(hq, person) == (ERASED_NAME, None)
    assert _local(first, person) == (ERASED_NAME, None, "")
    status = sync_status(first)
    with first.session() as session:
        [reason] = (
            session.connection()
            .execute(text("SELECT reason FROM outbox WHERE state = 'set_aside'"))
            .scalars()
        )
    assert status.set_aside == 1 and not status.all_at_hq
    assert reason.startswith("conflict:") and reason.endswith("[erased]"), reason
    # Nor does HQ keep the edit's identity in its conflict log.
    for (payload,) in hq.query("SELECT payload FROM change_conflict"):
        assert nip(8) not in payload and "Peserta 8" not in payload
