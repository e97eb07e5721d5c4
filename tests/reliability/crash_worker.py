"""A desk process for the crash tests: does one kind of work in a loop and prints a line after each
action is committed (so the parent knows exactly what was confirmed), until it is killed."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text

from desktop.core import attendance
from desktop.core.db import Database
from desktop.core.desk import desk_identity


def checkins(db: Database, event_id: str) -> None:
    with db.session() as session:
        people = [
            r[0]
            for r in session.connection().execute(
                text(
                    "SELECT participant_id FROM registration WHERE event_id = :e ORDER BY participant_id"
                ),
                {"e": event_id},
            )
        ]
    with db.write() as session:
        desk = desk_identity(session=session)
    for person in people:
        with db.write() as session:
            result = attendance.check_in(
                session=session,
                event_id=event_id,
                participant_id=person,
                day=1,
                desk=desk,
                operator="crash",
            )
        print(f"{result.status} {person} {result.checkin_id}", flush=True)


def importing(db: Database, event_id: str, source: str) -> None:
    from desktop.core.importers.preregistration import import_preregistration

    while True:
        with db.write() as session:
            report = import_preregistration(
                session=session, event_id=event_id, desk_id="crash", path=Path(source)
            )
        print(f"imported {report.imported} {report.unchanged}", flush=True)


def certificates(db: Database, event_id: str, out: str) -> None:
    from desktop.core.certificates.batch import render_event_certificates

    n = 0
    while True:
        n += 1
        result = render_event_certificates(
            db=db, event_id=event_id, out=Path(out), operator="crash"
        )
        print(f"rendered {result.render.pages} {n}", flush=True)


if __name__ == "__main__":
    mode, data_dir, event_id, *rest = sys.argv[1:]
    database = Database(Path(data_dir))
    print("ready", flush=True)
    {
        "checkins": lambda: checkins(database, event_id),
        "import": lambda: importing(database, event_id, rest[0]),
        "certificates": lambda: certificates(database, event_id, rest[0]),
    }[mode]()
