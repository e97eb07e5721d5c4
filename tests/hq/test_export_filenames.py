"""Dashboard export filenames come from desk-typed event ids (issue 15, item 9): a quote must not
inject a second ``filename=``, non-latin-1 must not answer 500. Real HQ over HTTP."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from sync.clock import utcnow
from sync.hq import admin
from sync.hq.dashboard.exports import content_disposition
from sync.hq.db import write_session
from tests.hq.helpers import Hq, dashboard_login, envelope, event_record, statuses

PASSWORD = "kata-sandi-yang-panjang-sekali"
HOSTILE_IDS = [
    'ev"; filename="evil.exe',
    "ev;filename=evil.exe",
    "ev\r\nSet-Cookie: x=1",
    "acara-é",
    "فعالية",
]


def _plain_filename(header: str) -> str:
    # Exactly one plain filename=, and it is the quoted ASCII one.
    assert len(re.findall(r"(?<![*\w])filename=", header)) == 1, header
    match = re.search(r'filename="([A-Za-z0-9._-]+)"', header)
    assert match is not None, header
    return match.group(1)


@pytest.mark.parametrize("event_id", HOSTILE_IDS)
def test_the_header_is_safe_ascii_with_the_full_name_encoded(event_id: str) -> None:
    header = content_disposition(f"daftar-hadir-{event_id}", "csv")
    header.encode("ascii")
    assert "\r" not in header and "\n" not in header
    assert _plain_filename(header).endswith(".csv")
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert ";" not in encoded and '"' not in encoded
    assert unquote(encoded) == f"daftar-hadir-{event_id}.csv"


def test_dashboard_exports_of_hostile_event_ids(hq: Hq) -> None:
    desk = hq.desk()
    pushed = []
    for event_id in HOSTILE_IDS:
        answer = statuses(desk.push([envelope(event_record(event_id=event_id))]))
        if answer == ["stored"]:
            pushed.append(event_id)
    assert pushed, "HQ refused every id; nothing to export"
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=PASSWORD, now=utcnow())
    browser = dashboard_login(hq, username="pusat", password=PASSWORD)
    for event_id in pushed:
        for fmt in ("csv", "xlsx"):
            path = f"events/{event_id}/attendance.{fmt}"
            answer = browser.get(f"{hq.url}/dashboard/export/{path}", timeout=10)
            assert answer.status_code == 200, (event_id, answer.status_code)
            header = answer.headers["Content-Disposition"]
            assert _plain_filename(header).endswith(f".{fmt}")
            assert unquote(header.split("filename*=UTF-8''", 1)[1]).endswith(f"{event_id}.{fmt}")
