"""Badge codes and badges: the code checks its person in through the scan field's service, another
event's code gives the red card, and the QR decoded from a rendered badge sheet does the same."""

from __future__ import annotations

import pytest

from desktop.core import badge_code
from desktop.core.db import Database
from desktop.core.errors import HadirError
from desktop.services import checkin
from tests.desktop.helpers import NIP_AHMAD, NIP_SITI, desk, make_event, register


def scan(db: Database, event_id: str, entry: str) -> checkin.EntryResult:
    """What the check-in screen does on Enter."""
    return checkin.check_in_entry(
        db, event_id=event_id, day=1, entry=entry, desk=desk(db), operator="Rina"
    )


def test_code_shape_is_stable_and_reveals_nothing() -> None:
    code = badge_code.badge_code("01EVENT", "01PERSON")
    assert code == badge_code.badge_code("01EVENT", "01PERSON")
    assert code != badge_code.badge_code("01EVENT2", "01PERSON")
    assert code.startswith("HDR-") and len(code) == 19
    assert "PERSON" not in code and not code.replace("-", "").isdigit()
    # Typed by hand: case, spaces, dashes and look-alikes do not matter.
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert badge_code.parse(typed) == badge_code.parse(code)
    assert badge_code.parse("198609262015051001") is None
    assert badge_code.parse("HDR-1234") is None


def test_badge_code_checks_in_and_another_events_code_is_red(db: Database) -> None:
    event = make_event(db)
    other = make_event(db, title="Rapat Koordinasi Pelayanan Publik")
    ahmad = register(db, event, "Dr. Ahmad Yani, S.H.", NIP_AHMAD)
    siti = register(db, other, "Siti Nurhaliza", NIP_SITI)
    code = badge_code.badge_code(event, ahmad)
    assert checkin.is_code(code) and checkin.is_code(code.lower())

    first = scan(db, event, code.lower().replace("-", ""))
    assert first.outcome is checkin.Outcome.CHECKED_IN and first.person is not None
    assert first.person.participant_id == ahmad
    assert scan(db, event, code).outcome is checkin.Outcome.ALREADY

    with pytest.raises(HadirError) as other_event:
        scan(db, event, badge_code.badge_code(other, siti))
    assert other_event.value.code == "badge_other_event"
    assert other_event.value.params["title"] == "Rapat Koordinasi Pelayanan Publik"
    with pytest.raises(HadirError) as unknown_event:
        scan(db, event, badge_code.badge_code("01NOTONTHISDESK", siti))
    assert unknown_event.value.code == "badge_other_event_unknown"
    with pytest.raises(HadirError) as mistyped:
        scan(db, event, code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert mistyped.value.code == "badge_code_unknown"
    # Nobody was checked in by the refused codes.
    assert checkin.day_count(db, event_id=event, day=1).present == 1
    assert checkin.day_count(db, event_id=other, day=1).present == 0


def test_a_registration_made_after_the_first_scan_is_found(db: Database) -> None:
    event = make_event(db)
    ahmad = register(db, event, "Ahmad Yani", NIP_AHMAD)
    scan(db, event, badge_code.badge_code(event, ahmad))
    # A registration arriving later (walk-in, sync) is not in the cached tags yet.
    siti = register(db, event, "Siti Nurhaliza", NIP_SITI)
    result = scan(db, event, badge_code.badge_code(event, siti))
    assert result.outcome is checkin.Outcome.CHECKED_IN
