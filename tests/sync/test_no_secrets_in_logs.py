"""The desk never logs its HQ token or an enrollment code (issue 9, item 6), at DEBUG level, through
a whole enrollment, sync, a fault and a refused (revoked) run."""

from __future__ import annotations

import logging

from desktop.core.db import Database
from desktop.core.desk import get_setting
from desktop.core.sync.enrollment import enroll
from desktop.core.sync.run import run_sync
from desktop.core.sync.settings import Keys
from tests.sync import proxy as faults
from tests.sync.helpers import check_in, device_id, make_event, register


def test_desk_logs_no_token_or_code(tmp_path, hq, proxy, caplog):
    caplog.set_level(logging.DEBUG)
    db = Database(tmp_path / "desk")
    code = hq.enrollment_code("SULTENG")
    try:
        enroll(db, server_url=proxy.url, code=code, desk_name="Meja 1")
        with db.session() as session:
            token = get_setting(session=session, key=Keys.TOKEN)
        event = make_event(db)
        check_in(db, event, register(db, event, range(3)))
        assert run_sync(db).outcome == "ok"
        proxy.set_mode(faults.RESET)
        run_sync(db)
        proxy.heal()
        hq.revoke(device_id(db))
        refused = run_sync(db)
    finally:
        db.close()
    assert refused.outcome != "ok"  # the revoked run really happened
    assert token and len(caplog.records) > 3
    for secret in (token, code):
        assert secret not in caplog.text
