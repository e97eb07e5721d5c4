"""PostgreSQL keeps the national counts in the writing transaction (migration 0016): after every
kind of write (certificates in bulk, a revocation, a record arriving after its certificate, a
link and an unlink, a record moved by a desk's edit, a deletion, a rolled-back transaction) the
figures sync/hq/national.py reads equal a plain count made here from the tables themselves."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, text

from sync.clock import utcnow
from sync.hq import national, people
from sync.hq.db import read_session, write_session
from sync.hq.settings import default_offices_csv
from sync.offices import load_offices

OFFICES = list(load_offices(default_offices_csv()))
AT = datetime(2026, 1, 5, tzinfo=UTC)


def _plain(engine: Engine, year: int, mode: str | None) -> dict[str, object]:
    """The independent count: straight from certificate and participant."""
    where = "c.revoked_at IS NULL AND extract(year FROM c.issued_on) = :year"
    if mode:
        where += " AND c.mode = :mode"
    joined = f"certificate c JOIN participant p ON p.id = c.participant_id WHERE {where}"
    values = {"year": year, "mode": mode}
    with engine.connect() as connection:
        nation = connection.execute(
            text(f"SELECT count(DISTINCT p.person_id) FROM {joined}"), values
        ).scalar_one()
        offices = dict(
            connection.execute(
                text(
                    f"SELECT c.office_code, count(DISTINCT p.person_id) FROM {joined} "
                    "GROUP BY c.office_code"
                ),
                values,
            ).all()
        )
        months = [0] * 12
        for month, n in connection.execute(
            text(
                "SELECT extract(month FROM first_on)::int, count(*) FROM (SELECT p.person_id, "
                f"min(c.issued_on) AS first_on FROM {joined} GROUP BY p.person_id) f GROUP BY 1"
            ),
            values,
        ):
            months[month - 1] = n
    return {"nation": nation, "offices": offices, "months": months}


def _kept(engine: Engine, year: int, mode: str | None) -> dict[str, object]:
    offices = load_offices(default_offices_csv())
    with read_session(engine) as session:
        picture = national.figures(session=session, year=year, offices=offices, mode=mode)
        return {
            "nation": national.people_trained(session=session, year=year, mode=mode),
            "offices": {r.office: r.people_trained for r in picture.by_office if r.people_trained},
            "months": national.monthly(session=session, year=year, mode=mode),
        }


def _same(engine: Engine) -> None:
    for year in (2025, 2026):
        for mode in (None, "luring", "daring"):
            assert _kept(engine, year, mode) == _plain(engine, year, mode), (year, mode)


def _participants(engine: Engine, rows: list[tuple[str, str, str]]) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO person (id, match_key, created_at) VALUES (:person, :key, :at) "
                "ON CONFLICT DO NOTHING"
            ),
            [{"person": p, "key": f"id:{p}", "at": AT} for _, p, _ in rows],
        )
        connection.execute(
            text(
                "INSERT INTO participant (id, person_id, office_code, full_name, asn_status, "
                "golongan, jabatan, unit_kerja, instansi, phone, updated_at) VALUES (:id, "
                ":person, :office, 'X', 'PNS', 'III/a', 'Analis', 'Umum', 'Instansi', '0', :at)"
            ),
            [{"id": i, "person": p, "office": o, "at": AT} for i, p, o in rows],
        )


def _certificates(engine: Engine, rows: list[tuple[str, str, str, date, str]]) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO certificate (id, number, event_id, participant_id, office_code, "
                "desk_id, printed_name, issued_on, mode, key_id, issued_at, revoked_reason, "
                "issued_by, template_id, template_version, revoked_by, payload_hash) VALUES "
                "(:id, :id, 'e', :participant, :office, 'd', 'X', :on, :mode, 'k', :at, '', '', "
                "'', 0, '', '')"
            ),
            [
                {"id": i, "participant": p, "office": o, "on": on, "mode": m, "at": AT}
                for i, p, o, on, m in rows
            ],
        )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_kept_counts_equal_a_plain_count_after_every_kind_of_write(engine: Engine) -> None:
    chance = random.Random(19)
    records = [(f"r{n}", f"P{n % 150}", OFFICES[n % 5]) for n in range(300)]
    late = [(f"late{n}", f"P{n}", OFFICES[7]) for n in range(10)]  # certified before they arrive
    _participants(engine, records)
    certificates = [
        (
            f"c{n}",
            chance.choice(records + late)[0],
            chance.choice(OFFICES[:6]),
            date(chance.choice((2025, 2026)), chance.randint(1, 12), chance.randint(1, 28)),
            chance.choice(national.MODES),
        )
        for n in range(900)
    ]
    _certificates(engine, certificates)  # one statement: the bulk path's one lock
    _same(engine)
    _participants(engine, late)
    _same(engine)
    with engine.begin() as connection:  # revocations, and one revoked certificate back in force
        connection.execute(
            text("UPDATE certificate SET revoked_at = :at WHERE id LIKE 'c1%'"), {"at": AT}
        )
        connection.execute(text("UPDATE certificate SET revoked_at = NULL WHERE id = 'c10'"))
    _same(engine)
    with write_session(engine) as session:  # an operator's link and unlink
        people.link(
            session=session, participant_id="r0", other_participant_id="r1", by="R", now=utcnow()
        )
        people.unlink(session=session, participant_id="r150", by="R", now=utcnow())
    _same(engine)
    with engine.begin() as connection:  # a desk's edit moves a record; a certificate goes
        connection.execute(text("UPDATE participant SET person_id = 'P3' WHERE id = 'r4'"))
        connection.execute(text("DELETE FROM certificate WHERE id IN ('c2', 'c3', 'c4')"))
        connection.execute(
            text("UPDATE certificate SET mode = 'daring', issued_on = '2026-12-31' WHERE id = 'c5'")
        )
    _same(engine)
    before = _kept(engine, 2026, None)
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.execute(text("UPDATE certificate SET revoked_at = now()"))
        raise RuntimeError("rolled back")
    assert _kept(engine, 2026, None) == before
    _same(engine)
    assert before["nation"], "the test counted something"


def test_an_event_is_of_the_year_it_started_in_its_own_zone(engine: Engine) -> None:
    """The database counts the events well inside the year; those within a day of its ends are
    placed in their own zone (a zone HQ does not know reads as UTC)."""
    starts = [
        ("mid", datetime(2026, 6, 1, 1, tzinfo=UTC), "Asia/Jakarta", 20),
        ("jayapura", datetime(2025, 12, 31, 17, tzinfo=UTC), "Asia/Jayapura", 8),  # 1 Jan 02.00
        ("jakarta", datetime(2025, 12, 31, 16, tzinfo=UTC), "Asia/Jakarta", 4),  # 31 Dec 23.00
        ("makassar", datetime(2026, 12, 31, 17, tzinfo=UTC), "Asia/Makassar", 2),  # 1 Jan 01.00
        ("late", datetime(2026, 12, 31, 15, tzinfo=UTC), "Asia/Makassar", 1),  # 31 Dec 23.00
        ("unknown", datetime(2026, 12, 31, 23, tzinfo=UTC), "Mars/Olympus", 16),  # as UTC
    ]
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO event (id, office_code, title, theme, venue, starts_at, ends_at, "
                "timezone, mode, jp, updated_at) VALUES (:id, 'SULTENG', 'K', 'HAM', 'Aula', "
                ":at, :at, :zone, 'luring', :jp, :at)"
            ),
            [{"id": i, "at": at, "zone": zone, "jp": jp} for i, at, zone, jp in starts],
        )
    with read_session(engine) as session:
        assert national._events(session, 2026) == ({"SULTENG": 4}, {"SULTENG": 20 + 8 + 1 + 16})
        assert national._events(session, 2025) == ({"SULTENG": 1}, {"SULTENG": 4})
        assert national._events(session, 2027) == ({"SULTENG": 1}, {"SULTENG": 2})
