"""Pull (issue 6, item 3): the office's events, lists and other desks' check-ins arrive by HQ's
cursor, resume where an interrupted download stopped, and never disturb local work; two desks that
checked in the same person offline both keep their check-in, and each then knows of the other's."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from desktop.core import attendance, registry
from desktop.core.sync.pull import apply_pulled, waiting_count
from desktop.core.sync.run import run_sync
from desktop.core.sync.settings import Keys
from desktop.core.sync.status import sync_status
from sync.protocol import CheckInRecord, EventRecord, ParticipantRecord, PulledChange
from tests.sync import proxy as faults
from tests.sync.helpers import (
    assert_hq_holds_exactly,
    check_in,
    identity,
    make_event,
    nip,
    register,
    sync_until_done,
)


def _checkins(db, event_id: str) -> list[tuple[str, str, str]]:
    with db.session() as session:
        return list(
            session.connection()
            .execute(
                text(
                    "SELECT id, participant_id, desk_name FROM checkin WHERE event_id = :e ORDER BY at"
                ),
                {"e": event_id},
            )
            .all()
        )


def test_two_desks_check_in_the_same_person_offline(desk_factory, hq, proxy):
    first = desk_factory("Meja 1")
    event_id = make_event(first)
    people = register(first, event_id, range(5))
    assert run_sync(first).outcome == "ok"
    second = desk_factory("Meja 2")
    pulled = run_sync(second)
    # The event, 5 participants, 5 registrations, and both desks' sealing keys.
    assert pulled.outcome == "ok" and pulled.pulled == 1 + 5 + 5 + 2
    with second.session() as session:
        assert registry.get_event(session=session, event_id=event_id).title

    proxy.set_mode(faults.RESET)  # the hotspot is gone for both desks
    check_in(first, event_id, [people[0], people[1]])
    check_in(second, event_id, [people[0]])  # the same person, a moment later, at Meja 2
    # A walk-in registered at both desks offline: two participant ids, one NIP.
    [walkin_first] = register(first, event_id, [99])
    [walkin_second] = register(second, event_id, [99])
    assert walkin_first != walkin_second
    check_in(first, event_id, [walkin_first])
    assert run_sync(first).pending and run_sync(second).pending

    proxy.heal()
    for db in (first, second, first, second):  # each pushes, then pulls the other's
        sync_until_done(db)
    assert_hq_holds_exactly(hq, [first, second])
    stats = hq.stats()
    assert stats["checkins"] == 4  # every check-in kept
    assert stats["attendances"] == 3  # one per person and day: the earliest
    assert stats["persons"] == 6  # the walk-in linked by NIP at HQ, not doubled

    desk2 = identity(second)
    with second.write() as session:
        again = attendance.check_in(
            session=session,
            event_id=event_id,
            participant_id=people[1],
            day=1,
            desk=desk2,
            operator="petugas",
        )
        assert (again.status, again.desk_name) == ("already_checked_in", "Meja 1")
        earliest = attendance.effective_checkin(
            session=session, event_id=event_id, participant_id=people[0], day=1
        )
        assert earliest is not None and earliest.desk_name == "Meja 1"
        walkin = attendance.check_in(
            session=session,
            event_id=event_id,
            participant_id=walkin_second,
            day=1,
            desk=desk2,
            operator="petugas",
        )
        assert (walkin.status, walkin.desk_name) == ("already_checked_in", "Meja 1")
    # Nothing pulled was queued to go back to HQ.
    with second.session() as session:
        kinds = (
            session.connection()
            .execute(text("SELECT kind, COUNT(*) FROM outbox GROUP BY kind"))
            .all()
        )
    assert dict(kinds) == {"participant": 1, "registration": 1, "checkin": 1}
    assert len(_checkins(first, event_id)) == len(_checkins(second, event_id)) == 4


def test_an_interrupted_download_resumes_after_the_last_page_applied(desk_factory, hq, proxy):
    first = desk_factory("Meja 1")
    event_id = make_event(first)
    people = register(first, event_id, range(40))
    check_in(first, event_id, people)
    assert run_sync(first).outcome == "ok"
    second = desk_factory("Meja 2", sync_pull_page_size="20")
    proxy.record_bodies = True
    # The first two pages arrive, the third is cut off mid-answer.
    proxy.script([faults.PASS, faults.PASS, faults.CUT], path="/api/v1/pull")
    interrupted = run_sync(second)
    assert interrupted.outcome == "incomplete" and "Download" in (interrupted.error or "")
    with second.session() as session:
        cursor = int(
            session.connection()
            .exec_driver_sql("SELECT value FROM setting WHERE key = ?", (Keys.CURSOR,))
            .scalar()
        )
        applied = session.connection().exec_driver_sql("SELECT COUNT(*) FROM checkin").scalar()
        participants = (
            session.connection().exec_driver_sql("SELECT COUNT(*) FROM participant").scalar()
        )
    # Two pages of 20 applied (or kept waiting for a participant on the lost page), nothing more.
    assert cursor > 0 and interrupted.pulled + interrupted.pulled_waiting == 40
    pulls = [path for path, _ in proxy.counters.bodies if path.startswith("/api/v1/pull")]
    done = run_sync(second)
    assert done.outcome == "ok"
    resumed = [path for path, _ in proxy.counters.bodies if path.startswith("/api/v1/pull")]
    assert f"cursor={cursor}&" in resumed[len(pulls)]  # where it stopped, not from 0
    assert done.pulled + interrupted.pulled == 1 + 40 + 40 + 40 + 2  # and two desk keys
    assert done.pulled_waiting == 0
    with second.session() as session:
        assert session.connection().exec_driver_sql("SELECT COUNT(*) FROM checkin").scalar() == 40
    assert applied + participants <= 40


T = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


def _change(seq: int, record) -> PulledChange:
    return PulledChange(
        seq=seq, id=f"c{seq}", kind=record.kind, payload=record.model_dump(mode="json")
    )


def test_a_record_naming_one_not_yet_pulled_waits_for_it(db):
    event = EventRecord(
        id="ev1",
        office_code="SULTENG",
        title="Diklat",
        theme="",
        venue="",
        starts_at=T,
        ends_at=T,
        timezone="Asia/Makassar",
        mode="luring",
        jp=None,
        updated_at=T,
    )
    person = ParticipantRecord(
        id="p1",
        full_name="Ani",
        nip=nip(3),
        nik=None,
        asn_status="PNS",
        golongan="",
        jabatan="",
        unit_kerja="",
        instansi="",
        email=None,
        phone="",
        birth_date=None,
        gender=None,
        updated_at=T,
    )
    visit = CheckInRecord(
        id="k1",
        event_id="ev1",
        participant_id="p1",
        day=1,
        at=T,
        desk_id="other",
        desk_name="Meja 3",
        operator="x",
        method="scan",
        undoes_id=None,
    )
    with db.write() as session:
        first = apply_pulled(session=session, changes=[_change(1, visit)])
        assert (first.applied, first.waiting) == (0, 1)
        assert waiting_count(session=session) == 1
    with db.write() as session:  # a later page brings what it named
        second = apply_pulled(session=session, changes=[_change(2, person), _change(3, event)])
        assert second.applied == 3 and waiting_count(session=session) == 0
    with db.write() as session:  # applying the same page again changes nothing
        apply_pulled(
            session=session, changes=[_change(2, person), _change(3, event), _change(1, visit)]
        )
        assert session.connection().exec_driver_sql("SELECT COUNT(*) FROM checkin").scalar() == 1
        newer = person.model_copy(
            update={"full_name": "Ani Lestari", "updated_at": T.replace(hour=2)}
        )
        older = person.model_copy(update={"full_name": "A.", "updated_at": T.replace(hour=0)})
        apply_pulled(session=session, changes=[_change(4, newer), _change(5, older)])
        name = session.connection().exec_driver_sql("SELECT full_name FROM participant").scalar()
        # HQ's order wins, not the stamps (issue 15 item 1): HQ hands out only the version it
        # holds, so the one it handed out last is the one it holds.
        assert name == "A."
        unknown = PulledChange(seq=6, id="c6", kind="certificate_v9", payload={"id": "x"})
        assert apply_pulled(session=session, changes=[unknown]).waiting == 1  # kept, not lost
    with db.session() as session:
        assert not session.connection().exec_driver_sql("SELECT COUNT(*) FROM outbox").scalar()


def test_two_desks_register_a_person_hq_knows_for_a_new_event_offline(desk_factory, hq, proxy):
    first = desk_factory("Meja 1")
    earlier = make_event(first, title="Diklat dasar")
    register(first, earlier, [5])
    assert run_sync(first).outcome == "ok"
    second = desk_factory("Meja 2")
    later = make_event(first, title="Diklat lanjutan")
    assert run_sync(first).outcome == "ok" and run_sync(second).outcome == "ok"
    proxy.set_mode(faults.RESET)
    register(first, later, [5])  # both desks know the person from the earlier event
    register(second, later, [5])
    proxy.heal()
    for db in (first, second):
        sync_until_done(db)
    assert sync_status(second).set_aside == 0 and sync_status(second).all_at_hq


def test_a_list_prepared_at_hq_reaches_the_venue_desk(desk_factory, hq, proxy, tmp_path):
    """HQ staff prepare an event and its pre-registration list on a desk enrolled for the office
    at headquarters; the venue desk pulls both and can check the people in, offline."""
    from desktop.core.importers.preregistration import import_preregistration

    at_hq = desk_factory("Kantor Pusat")
    event_id = make_event(at_hq, title="Diklat HAM angkatan II")
    source = tmp_path / "daftar.csv"
    source.write_text(
        "Nama;NIP;Instansi\n"
        + "".join(f"Peserta {n};{nip(n)};Pemkot Palu\n" for n in range(1, 31)),
        encoding="utf-8",
    )
    with at_hq.write() as session:
        report = import_preregistration(
            session=session, event_id=event_id, desk_id=identity(at_hq).desk_id, path=source
        )
    assert report.imported == 30
    assert sync_until_done(at_hq).pending == 0

    venue = desk_factory("Meja 1")
    assert run_sync(venue).outcome == "ok"
    proxy.set_mode(faults.RESET)  # the hall has no network from here on
    with venue.write() as session:
        person = registry.lookup_by_number(session=session, event_id=event_id, raw=nip(7))
        result = attendance.check_in(
            session=session,
            event_id=event_id,
            participant_id=person.id,
            day=1,
            desk=identity(venue),
            operator="petugas",
        )
        listed = (
            session.connection()
            .execute(text("SELECT COUNT(*) FROM registration WHERE event_id = :e"), {"e": event_id})
            .scalar()
        )
    assert result.status == "checked_in" and listed == 30
