"""Hostile input for the importers: random bytes and random-but-plausible spreadsheets. Every input
gives a result or a clear refusal (ImportRefused / HadirError), never another exception, and a
refusal changes nothing (issue 9, item 6). HADIR_FUZZ_EXAMPLES raises the count for `make
reliability`."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError
from sqlalchemy import text

from desktop.core import online
from desktop.core.db import Database
from desktop.core.errors import HadirError, ImportRefused
from desktop.core.importers.preregistration import HEADER_ALIASES, import_preregistration
from tests.desktop.helpers import make_event

EXAMPLES = int(os.environ.get("HADIR_FUZZ_EXAMPLES", 100))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TRIED: dict[str, int] = {}


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    db = Database(tmp_path_factory.mktemp("fuzz"))
    event = make_event(db)
    yield db, event
    db.close()


def snapshot(db: Database) -> tuple[int, ...]:
    with db.session() as session:
        c = session.connection()
        return tuple(
            int(c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one())
            for t in ("participant", "registration", "outbox", "online_segment")
        )


def attempt(db: Database, action, kind: str) -> None:
    TRIED[kind] = TRIED.get(kind, 0) + 1
    before = snapshot(db)
    try:
        with db.write() as session:
            action(session)
    except HadirError as refusal:  # ImportRefused and row-level refusals are HadirErrors
        assert str(refusal)  # a sentence for the operator
        assert snapshot(db) == before  # nothing half-written


_cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
_headers = st.lists(
    st.sampled_from(
        [a for aliases in HEADER_ALIASES.values() for a in aliases] + ["No", "Timestamp", "???", ""]
    ),
    min_size=1,
    max_size=9,
)


@FUZZ
@given(payload=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_bytes_as_a_participant_list(desk, tmp_path_factory, payload, suffix):
    db, event = desk
    path = tmp_path_factory.mktemp("in") / f"list{suffix}"
    path.write_bytes(payload)
    attempt(
        db,
        lambda s: import_preregistration(session=s, event_id=event, desk_id="f", path=path),
        "prereg.bytes",
    )


@FUZZ
@given(
    header=_headers,
    rows=st.lists(st.lists(_cells, max_size=9), max_size=25),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_random_spreadsheets_as_a_participant_list(
    desk, tmp_path_factory, header, rows, delimiter, encoding
):
    db, event = desk
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    path = tmp_path_factory.mktemp("in") / "list.csv"
    path.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
    attempt(
        db,
        lambda s: import_preregistration(session=s, event_id=event, desk_id="f", path=path),
        "prereg.csv",
    )


@FUZZ
@given(
    header=_headers,
    rows=st.lists(
        st.lists(st.one_of(_cells, st.integers(), st.floats(allow_nan=True)), max_size=9),
        max_size=15,
    ),
)
def test_random_workbooks(desk, tmp_path_factory, header, rows):
    db, event = desk
    workbook = Workbook()
    sheet = workbook.active
    path = tmp_path_factory.mktemp("in") / "list.xlsx"
    try:
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    except (ValueError, TypeError, IllegalCharacterError):  # no such workbook can exist
        return
    attempt(
        db,
        lambda s: import_preregistration(session=s, event_id=event, desk_id="f", path=path),
        "prereg.xlsx",
    )


# Member names without NUL: zipfile itself cuts a name at NUL and then fails on the empty rest
# (found at 500 examples); such a name cannot reach an importer through a real zip file.
_member_names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20
)


@FUZZ
@given(entries=st.dictionaries(_member_names, st.binary(max_size=300), max_size=4))
def test_random_zip_files_named_xlsx(desk, tmp_path_factory, entries):
    db, event = desk
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name or "x", data)
    path = tmp_path_factory.mktemp("in") / "list.xlsx"
    path.write_bytes(buffer.getvalue())
    attempt(
        db,
        lambda s: import_preregistration(session=s, event_id=event, desk_id="f", path=path),
        "prereg.zip",
    )


ZOOM_HEADERS = [
    "Name (Original Name)",
    "User Email",
    "Join Time",
    "Leave Time",
    "Duration (Minutes)",
    "Guest",
]
_times = st.one_of(
    _cells,
    st.sampled_from(
        [
            "11/24/2026 08:00:00 AM",
            "24/11/2026 13:00",
            "Nov 24, 2026 10:00 AM",
            "2026-11-24 09:00:00",
            "--",
            "",
        ]
    ),
)


@FUZZ
@given(
    rows=st.lists(st.tuples(_cells, _cells, _times, _times, _cells, _cells), max_size=20),
    preamble=st.sampled_from(["", "Attendee Details\n", "Meeting ID,Topic\n1,x\n\n"]),
)
def test_random_zoom_reports(desk, tmp_path_factory, rows, preamble):
    db, event = desk
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = ["Attended", *ZOOM_HEADERS] if preamble.startswith("Attendee") else ZOOM_HEADERS
    writer.writerow(header)
    for row in rows:
        writer.writerow((["Yes"] if preamble.startswith("Attendee") else []) + list(row))
    path = tmp_path_factory.mktemp("in") / "zoom.csv"
    path.write_text(preamble + buffer.getvalue(), encoding="utf-8")
    attempt(
        db,
        lambda s: online.import_online_report(
            session=s, event_id=event, path=path, operator="fuzz"
        ),
        "zoom.csv",
    )


@FUZZ
@given(payload=st.binary(max_size=4096))
def test_random_bytes_as_an_online_report(desk, tmp_path_factory, payload):
    db, event = desk
    path = tmp_path_factory.mktemp("in") / "report.csv"
    path.write_bytes(payload)
    attempt(
        db,
        lambda s: online.import_online_report(
            session=s, event_id=event, path=path, operator="fuzz"
        ),
        "online.bytes",
    )


def test_zz_record_fuzz_figures(record_figure):
    """Runs last in this module: how many inputs each importer was given, all handled."""
    assert TRIED, "the fuzz tests above ran"
    record_figure(
        "fuzz.importers", inputs=dict(TRIED), total=sum(TRIED.values()), crashes=0, partial_writes=0
    )


# Inputs atheris found that crashed an importer (tests/fuzz/atheris_targets.py); kept as fixtures.
FOUND = Path(__file__).resolve().parents[1] / "desktop" / "fixtures" / "fuzz"


def test_found_by_atheris_a_workbook_with_a_broken_zip_member(desk):
    db, event = desk
    before = snapshot(db)
    refused = pytest.raises(
        ImportRefused, match=r"broken-zip-member\.xlsx: .*(not a readable|damaged)"
    )
    with refused, db.write() as session:
        import_preregistration(
            session=session, event_id=event, desk_id="f", path=FOUND / "broken-zip-member.xlsx"
        )
    assert snapshot(db) == before


def test_found_by_atheris_a_byte_order_mark_that_lies(desk):
    db, event = desk
    before = snapshot(db)
    refused = pytest.raises(ImportRefused, match=r"UTF-8 byte-order mark but row 1 is not UTF-8")
    with refused, db.write() as session:
        online.import_online_report(
            session=session, event_id=event, operator="fuzz", path=FOUND / "bom-but-not-utf8.csv"
        )
    assert snapshot(db) == before
