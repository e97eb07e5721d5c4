"""Events, registration, search and append-only check-in on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlmodel import select

from desktop.core import attendance, registry
from desktop.core.errors import HadirError, NotRegistered
from desktop.core.identity import IdentityError
from desktop.core.models import CheckIn
from sync.desk.outbox import OutboxItem, pending_count
from tests.desktop.helpers import NIK_GUEST, NIP_AHMAD, NIP_SITI, desk, make_event, register


def test_event_days_follow_the_venue_zone(db):
    event_id = make_event(db, days=3, timezone="Asia/Jayapura")
    with db.session() as session:
        event = registry.get_event(session=session, event_id=event_id)
        days = registry.event_days(event)
    assert [d.number for d in days] == [1, 2, 3]
    assert days[0].starts_at.hour == 8 and days[0].ends_at.hour == 16
    # Stored in UTC: 08:00 WIT is 23:00 UTC the day before.
    assert event.starts_at.astimezone(UTC) == datetime(2026, 11, 23, 23, 0, tzinfo=UTC)
    assert registry.today_day(event, now=datetime(2026, 11, 25, 1, 0, tzinfo=UTC)) == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": " "}, "title"),
        ({"timezone": "Asia/Atlantis"}, "time zone"),
        ({"mode": "campuran"}, "luring, daring or hybrid"),
        ({"ends_at": datetime(2026, 11, 24, 7, 0)}, "end after"),
    ],
)
def test_bad_event_fields_are_refused(db, kwargs, message):
    fields = dict(
        office_code="SULTENG",
        title="Pelatihan",
        starts_at=datetime(2026, 11, 24, 8),
        ends_at=datetime(2026, 11, 24, 16),
        timezone="Asia/Makassar",
        mode="luring",
    )
    fields.update(kwargs)
    with pytest.raises((HadirError, ValueError), match=message), db.write() as session:
        registry.create_event(session=session, **fields)


def test_registration_derives_birth_date_and_reuses_a_known_person(db):
    event_a, event_b = make_event(db), make_event(db, title="Hari kedua")
    first = register(db, event_a, "Dr. H. Ahmad Fauzan, S.H., M.H.", "19860926.201505.1.001")
    again = register(db, event_b, "Ahmad Fauzan", NIP_AHMAD)
    assert first == again
    with db.session() as session:
        person = registry.get_participant(session=session, participant_id=first)
    assert (person.nip, str(person.birth_date), person.gender) == (NIP_AHMAD, "1986-09-26", "L")
    guest = register(db, event_a, "Tamu Umum", NIK_GUEST)
    with db.session() as session:
        guest_row = registry.get_participant(session=session, participant_id=guest)
    assert (guest_row.nip, guest_row.nik, guest_row.asn_status) == (None, NIK_GUEST, "NON_ASN")


def test_walk_in_with_a_bad_nip_writes_nothing(db):
    event = make_event(db)
    with pytest.raises(IdentityError), db.write() as session:
        registry.register_participant(
            session=session,
            event_id=event,
            desk_id="d",
            full_name="Salah",
            nip="19861326 201505 1 001",
        )
    with db.session() as session:
        assert session.connection().execute(text("SELECT COUNT(*) FROM participant")).scalar() == 0


def test_search_ignores_titles_punctuation_case_and_accents(db):
    event = make_event(db)
    ahmad = register(
        db, event, "Dr. H. Ahmad Fauzan, S.H., M.H.", NIP_AHMAD, instansi="Pemerintah Kota Palu"
    )
    desy = register(db, event, "Désy Ratnasari, S.E.", NIP_SITI, instansi="Dinas Sosial Donggala")
    other_event = make_event(db, title="Lain")
    register(db, other_event, "Ahmad Lain", "197712031999031002")

    def found(query: str) -> list[str]:
        with db.session() as session:
            result = registry.search_participants(session=session, event_id=event, query=query)
            return [hit.participant_id for hit in result.hits]

    assert found("ahmad fauzan") == [ahmad]
    assert found("AHMAD fau") == [ahmad]
    assert found("desy") == [desy] == found("Désy") == found("ratna")
    assert found("1986 0926") == [ahmad]  # NIP prefix, spaces allowed
    assert found("donggala") == [desy]  # instansi
    assert found("fauzan s.h.") == [ahmad]
    assert found("a") == []  # too short to help
    assert found("zzz") == []


def test_search_ranks_whole_names_above_prefixes(db):
    event = make_event(db)
    register(db, event, "Nurdin Halid", NIP_SITI)
    exact = register(db, event, "Siti Nur", NIP_AHMAD)
    with db.session() as session:
        hits = registry.search_participants(session=session, event_id=event, query="nur").hits
    assert hits[0].participant_id == exact and len(hits) == 2


def test_check_in_is_append_only_with_undo_as_a_new_record(db):
    event = make_event(db, days=2)
    person = register(db, event, "Ahmad Fauzan", NIP_AHMAD)
    here = desk(db)
    with db.write() as session:
        first = attendance.check_in(
            session=session,
            event_id=event,
            participant_id=person,
            day=1,
            desk=here,
            operator="rina",
        )
    with db.write() as session:
        second = attendance.check_in(
            session=session,
            event_id=event,
            participant_id=person,
            day=1,
            desk=here,
            operator="rina",
        )
    assert first.status == "checked_in"
    assert (second.status, second.at, second.desk_name) == (
        "already_checked_in",
        first.at,
        "Meja 1",
    )
    with db.write() as session:
        assert attendance.day_count(session=session, event_id=event, day=1).present == 1
        assert attendance.day_count(session=session, event_id=event, day=2).present == 0
        attendance.undo_check_in(
            session=session, checkin_id=first.checkin_id, desk=here, operator="rina"
        )
    with db.write() as session:
        assert attendance.day_count(session=session, event_id=event, day=1).present == 0
        rows = session.connection().execute(text("SELECT COUNT(*) FROM checkin")).scalar()
        assert rows == 2  # the original and its undo: nothing deleted
        again = attendance.check_in(
            session=session,
            event_id=event,
            participant_id=person,
            day=1,
            desk=here,
            operator="rina",
        )
    assert again.status == "checked_in" and again.checkin_id != first.checkin_id
    with db.session() as session:
        assert attendance.days_attended(session=session, event_id=event) == {person: 1}
        with pytest.raises(HadirError, match="already undone"):
            attendance.undo_check_in(
                session=session, checkin_id=first.checkin_id, desk=here, operator="rina"
            )


def test_earliest_check_in_from_any_desk_counts(db):
    event = make_event(db)
    person = register(db, event, "Siti", NIP_SITI)
    with db.write() as session:
        # Another desk's earlier check-in arrives (as sync will deliver it).
        session.add(
            CheckIn(
                event_id=event,
                participant_id=person,
                day=1,
                at=datetime(2026, 11, 24, 0, 5, tzinfo=UTC),
                desk_id="other",
                desk_name="Meja 2",
                operator="budi",
            )
        )
    with db.write() as session:
        result = attendance.check_in(
            session=session,
            event_id=event,
            participant_id=person,
            day=1,
            desk=desk(db),
            operator="rina",
        )
    assert result.status == "already_checked_in" and result.desk_name == "Meja 2"


def test_unregistered_and_bad_day_are_refused(db):
    event, other = make_event(db), make_event(db, title="Lain")
    stranger = register(db, other, "Orang Lain", NIP_SITI)
    with pytest.raises(NotRegistered), db.write() as session:
        attendance.check_in(
            session=session,
            event_id=event,
            participant_id=stranger,
            day=1,
            desk=desk(db),
            operator="x",
        )
    with pytest.raises(HadirError, match="Day 3"), db.write() as session:
        attendance.check_in(
            session=session,
            event_id=other,
            participant_id=stranger,
            day=3,
            desk=desk(db),
            operator="x",
        )
    with pytest.raises(NotRegistered, match="not registered"), db.session() as session:
        registry.lookup_by_number(session=session, event_id=event, raw="19860926 201505 1 001")


def test_every_change_is_queued_for_hq_in_the_same_transaction(db):
    event = make_event(db)
    person = register(db, event, "Ahmad", NIP_AHMAD)
    with db.write() as session:
        attendance.check_in(
            session=session,
            event_id=event,
            participant_id=person,
            day=1,
            desk=desk(db),
            operator="rina",
        )
    with db.session() as session:
        kinds = [row.kind for row in session.exec(select(OutboxItem).order_by(OutboxItem.seq))]
        assert kinds == ["event", "participant", "registration", "checkin"]
        assert pending_count(session=session) == 4


def test_demo_data_never_enters_the_outbox(db):
    from desktop.core.demo import create_demo

    with db.write() as session:
        result = create_demo(session=session, desk=desk(db), participants=30, attended=10)
    with db.session() as session:
        assert pending_count(session=session) == 0
        assert attendance.day_count(session=session, event_id=result.event_id, day=1).present == 10


def test_undo_last_reaches_past_twenty_check_ins_already_undone(db):
    # Issue 16: the desk's "last check-in that still counts" looked at its 20 newest only, so after
    # 20 undos in a row the 21st was "nothing to undo" though a check-in still counted.
    from datetime import timedelta

    from desktop.services.checkin import undo_last

    event = make_event(db)
    people = [register(db, event, f"Peserta {n:02d}") for n in range(21)]
    here = desk(db)
    start = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    with db.write() as session:
        for n, person in enumerate(people):
            attendance.check_in(
                session=session,
                event_id=event,
                participant_id=person,
                day=1,
                desk=here,
                operator="rina",
                at=start + timedelta(minutes=n),
            )
    undone = []
    for _ in people:
        result = undo_last(db, event_id=event, desk=here, operator="rina")
        undone.append(result.person.participant_id)
    assert undone == people[::-1]  # newest first, the 21st (the oldest) included
    with db.session() as session:
        assert attendance.day_count(session=session, event_id=event, day=1).present == 0
        assert (
            attendance.last_checkin(session=session, event_id=event, desk_id=here.desk_id) is None
        )
