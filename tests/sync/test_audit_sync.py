"""The desk's audit log reaches HQ (issue 9, item 4): who did what at which desk, attributed to
the device that sent it, never pulled by other desks."""

from __future__ import annotations

from sqlalchemy import text

from desktop.core.operators import record_audit
from desktop.core.sync.run import run_sync
from desktop.services.desk import add_operator, sign_in_operator
from tests.sync.helpers import check_in, device_id, make_event, register, sync_until_done


def test_audit_lines_reach_hq_with_their_desk(desk_factory, hq):
    desk = desk_factory("Meja 1")
    # Through the desk's front door (desktop/services), which writes the audit lines.
    add_operator(desk, name="Rina", pin="4821", admin=True, by="setup")
    sign_in_operator(desk, name="Rina", pin="4821")
    with desk.write() as session:
        record_audit(
            session=session, operator="Rina", action="export.attendance", detail={"rows": 3}
        )
    event = make_event(desk)
    check_in(desk, event, register(desk, event, range(2)))
    assert sync_until_done(desk).pending == 0
    with desk.session() as session:
        local = {r[0] for r in session.connection().execute(text("SELECT id FROM audit_entry"))}
    with hq.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, operator, action, device_id FROM desk_audit")
        ).all()
    assert {r.id for r in rows} == local and len(local) >= 3
    assert {(r.operator, r.action) for r in rows} >= {
        ("Rina", "signin"),
        ("Rina", "export.attendance"),
        ("setup", "operator.create"),
    }
    assert {r.device_id for r in rows} == {device_id(desk)}
    # Another desk of the office pulls events and check-ins, never the audit log.
    other = desk_factory("Meja 2")
    assert run_sync(other).outcome == "ok"
    with other.session() as session:
        pulled = session.connection().execute(text("SELECT COUNT(*) FROM audit_entry")).scalar()
    assert pulled == 0
