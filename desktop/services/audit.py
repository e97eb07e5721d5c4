"""The audit line of an action that writes nothing else (a sign-out, a bundle written to a stick,
the sync settings), in its own short transaction. An action that writes records audits inside
its own transaction with ``desktop.core.operators.record_audit``, so both land or neither."""

from __future__ import annotations

from desktop.core.db import Database
from desktop.core.operators import record_audit


def audit(db: Database, *, operator: str, action: str, **detail: object) -> None:
    with db.write() as session:
        record_audit(session=session, operator=operator, action=action, detail=dict(detail))
