"""A desk takes an imported online report back out (issue 13 item 15): HQ keeps the file and marks
it withdrawn, once, with the earliest removal standing; a Meet report's day travels with it, and a
report from a desk that knows no day is stored as before. SQLite and PostgreSQL alike."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from sqlalchemy import select

from sync.clock import as_utc
from sync.hq.db import read_session
from sync.hq.models import Change, OnlineReport
from sync.protocol import OnlineReportRecord, OnlineReportRemovalRecord
from tests.hq.helpers import T0, Desk, Hq, envelope, event_record, new_id, statuses

MEET = b"Nama,Waktu bergabung pertama,Waktu keluar terakhir\r\nDewi Lestari,08.00,12.00\r\n"


def _report(event_id: str, *, meeting_date: date | None = None) -> OnlineReportRecord:
    return OnlineReportRecord(
        id=new_id(),
        event_id=event_id,
        file_name="Penguatan HAM - Attendance Report.csv",
        sha256=hashlib.sha256(MEET).hexdigest(),
        variant="google_meet",
        timezone="Asia/Makassar",
        imported_at=T0,
        operator="rina",
        size=len(MEET),
        raw=OnlineReportRecord.encode_raw(MEET),
        meeting_date=meeting_date,
    )


def _removal(
    report: OnlineReportRecord, *, minutes: int, reason: str = "Hari salah", operator: str = "rina"
) -> OnlineReportRemovalRecord:
    return OnlineReportRemovalRecord(
        id=new_id(),
        report_id=report.id,
        event_id=report.event_id,
        removed_at=T0 + timedelta(minutes=minutes),
        operator=operator,
        desk_id="desk-1",
        reason=reason,
    )


def _stored(hq: Hq, report_id: str) -> OnlineReport:
    with read_session(hq.engine) as session:
        return session.execute(
            select(OnlineReport).where(OnlineReport.id == report_id)
        ).scalar_one()  # type: ignore[arg-type]


def _pushed_event(desk: Desk) -> str:
    event = event_record(desk.office)
    assert statuses(desk.push([envelope(event)])) == ["stored"]
    return event.id


def test_a_removed_report_is_kept_and_marked_withdrawn_once(hq: Hq) -> None:
    desk = hq.desk()
    event_id = _pushed_event(desk)
    report = _report(event_id, meeting_date=date(2026, 3, 13))
    later, earlier = _removal(report, minutes=90, reason="Kedua"), _removal(report, minutes=30)
    # The report and its removal in one batch (a desk that was offline all day).
    first = envelope(later)
    assert statuses(desk.push([envelope(report), first])) == ["stored", "stored"]
    stored = _stored(hq, report.id)
    assert stored.raw == MEET and stored.meeting_date == date(2026, 3, 13)
    assert (stored.withdrawn_by, stored.withdrawn_reason, stored.withdrawal_id) == (
        "rina",
        "Kedua",
        later.id,
    )
    # Sent again (a lost acknowledgement): already stored. An earlier removal arriving afterwards
    # stands, a later one changes nothing.
    assert statuses(desk.push([first])) == ["already_stored"]
    assert statuses(desk.push([envelope(earlier)])) == ["stored"]
    assert statuses(desk.push([envelope(_removal(report, minutes=200, reason="Ketiga"))])) == [
        "stored"
    ]
    stored = _stored(hq, report.id)
    assert stored.withdrawal_id == earlier.id and stored.withdrawn_reason == "Hari salah"
    assert stored.withdrawn_at is not None and as_utc(stored.withdrawn_at) == T0 + timedelta(
        minutes=30
    )
    assert stored.raw == MEET  # the file stays for audit
    with read_session(hq.engine) as session:
        kinds = session.execute(select(Change.kind)).scalars().all()  # type: ignore[call-overload]
    assert sorted(kinds).count("online_report_removal") == 3  # each removal once in the change log

    # Removals stay at HQ: no desk pulls them (nor the report).
    pulled, _cursor = hq.desk(name="Meja 2").pull_all()
    assert not {"online_report", "online_report_removal"} & {item["kind"] for item in pulled}


def test_a_removal_must_name_a_report_of_its_event_and_office(hq: Hq) -> None:
    palu, makassar = hq.desk("SULTENG", "Meja Palu"), hq.desk("SULSEL", "Meja Makassar")
    event_id, other_event = _pushed_event(palu), _pushed_event(palu)
    report = _report(event_id)
    assert statuses(palu.push([envelope(report)])) == ["stored"]
    response = palu.push(
        [
            envelope(_removal(report, minutes=5).model_copy(update={"report_id": new_id()})),
            envelope(_removal(report, minutes=5).model_copy(update={"event_id": other_event})),
        ]
    )
    assert statuses(response) == ["invalid", "invalid"]
    reasons = [r["reason"] for r in response.json()["results"]]
    assert "unknown online report" in reasons[0] and f"not of event {other_event}" in reasons[1]
    foreign = makassar.push([envelope(_removal(report, minutes=5))])
    assert statuses(foreign) == ["invalid"]
    assert "belongs to office SULTENG" in foreign.json()["results"][0]["reason"]
    assert _stored(hq, report.id).withdrawn_at is None


def test_a_report_without_a_day_is_what_older_desks_sent(hq: Hq) -> None:
    """No ``meeting_date`` key at all when there is none: an older desk's payload and this desk's
    are the same bytes, so a resent change is "already stored", not a conflict."""
    desk = hq.desk()
    event_id = _pushed_event(desk)
    report = _report(event_id)
    old_payload = {k: v for k, v in report.model_dump(mode="json").items()}
    assert "meeting_date" not in old_payload and "meeting_date" not in report.model_dump_json()
    change = {"id": new_id(), "kind": "online_report", "payload": old_payload}
    assert statuses(desk.push([change])) == ["stored"]
    assert statuses(desk.push([envelope(report, change["id"])])) == ["already_stored"]
    stored = _stored(hq, report.id)
    assert stored.meeting_date is None and stored.withdrawn_at is None


def test_the_event_page_lists_its_online_reports_withdrawn_ones_too(hq: Hq) -> None:
    """HQ staff see which online reports the desks imported for an event, by whom and when, and
    which were taken back out and why (the counted minutes came from these files)."""
    import re

    from sync.hq import admin
    from sync.hq.db import write_session
    from tests.hq.helpers import dashboard_login

    desk = hq.desk(name="Meja Daring")
    event_id = _pushed_event(desk)
    kept, withdrawn = _report(event_id, meeting_date=date(2026, 3, 13)), _report(event_id)
    removal = _removal(withdrawn, minutes=30, reason="Hari salah")
    assert (
        statuses(desk.push([envelope(kept), envelope(withdrawn), envelope(removal)]))
        == ["stored"] * 3
    )
    with write_session(hq.engine) as session:
        admin.create_admin(
            session=session, username="pusat", password="kata-sandi-panjang-sekali", now=T0
        )
    browser = dashboard_login(hq, username="pusat", password="kata-sandi-panjang-sekali")
    page = browser.get(f"{hq.url}/dashboard/events/{event_id}", timeout=10)
    assert page.status_code == 200, page.text
    rows = re.findall(r'<tr class="online-report( withdrawn)?">(.*?)</tr>', page.text, re.S)
    assert len(rows) == 2, page.text
    states = sorted(bool(mark) for mark, _ in rows)
    assert states == [False, True]
    text = {bool(mark): body for mark, body in rows}
    assert "Google Meet" in text[False] and "13-03-2026" in text[False]
    assert "Meja Daring" in text[False] and "rina" in text[False] and "dipakai" in text[False]
    assert "ditarik" in text[True] and "Hari salah" in text[True]
