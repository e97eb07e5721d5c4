"""``hadir-hq enroll-code --hours``: out-of-range lifetimes are refused, never turned into 72."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, func, select

from sync.hq import cli
from sync.hq.db import read_session
from sync.hq.models import EnrollmentCode


def _enroll_code(
    database_url: str, hours: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    db = ["--database-url", database_url, "--json"]
    status = cli.main(["enroll-code", "--office", "SULTENG", "--hours", hours, *db])
    out, err = capsys.readouterr()
    return status, out, err


def _codes(engine: Engine) -> int:
    with read_session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(EnrollmentCode)) or 0)


@pytest.mark.parametrize("hours", ["0", "-5", "721"])
def test_out_of_range_hours_are_refused(
    engine: Engine, database_url: str, hours: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _enroll_code(database_url, hours, capsys)
    assert status != 0 and out == ""
    assert "between 1 and 720 hours" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert _codes(engine) == 0  # nothing half-written


@pytest.mark.parametrize("hours", ["1", "720"])
def test_bounds_are_accepted(
    engine: Engine, database_url: str, hours: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _enroll_code(database_url, hours, capsys)
    assert status == 0
    assert json.loads(out.strip().splitlines()[-1])["valid_hours"] == int(hours)
    assert _codes(engine) == 1
