"""People trained against the program's targets (issue 19 items 1, 2, 5): the same person at
several events and offices counts once in the nation's figure and once per office that certified
them; a revoked certificate counts for no one; a year is the certificate's. `hadir-hq target set`
and `hadir-hq stats --json [--year Y]` on SQLite and PostgreSQL, checked against a count made here
from the records pushed."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from sync.hq import coverage, national
from sync.hq.cli import main
from sync.hq.db import read_session
from sync.offices import load_offices
from sync.protocol import CertificateRecord, ParticipantRecord
from tests.hq.helpers import (
    T0,
    Desk,
    Hq,
    checkin_record,
    envelope,
    event_record,
    new_id,
    participant_record,
    registration_record,
    statuses,
)
from tests.hq.test_certificates_ingest import _revocation


def _cli(capsys: pytest.CaptureFixture[str], hq: Hq, *args: str) -> tuple[int, dict]:
    code = main([*args, "--database-url", hq.settings.effective_database_url, "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out.strip().splitlines()[-1]) if code == 0 else {"error": err})


def _certify(
    desk: Desk, event_id: str, person: ParticipantRecord, issued_on: date
) -> CertificateRecord:
    return CertificateRecord(
        id=new_id(),
        number=f"{desk.office}-{new_id()[:6]}",
        event_id=event_id,
        participant_id=person.id,
        office_code=desk.office,
        desk_id=desk.desk_id,
        printed_name=person.full_name,
        issued_on=issued_on,
        mode="luring",
        key_id=desk.key_id,
        issued_at=T0,
        issued_by="petugas",
        template_id="default",
        template_version=1,
    )


def push_plan(hq: Hq) -> dict[tuple[int, str], set[str]]:
    """Four events of two offices over two years; Ahmad at three of them (two offices), Budi's
    certificate revoked. Returns who holds a certificate in force, by (year, office), counted
    here from the plan (the independent count the figures are checked against)."""
    palu, aceh = hq.desk("SULTENG", "Meja Palu"), hq.desk("ACEH", "Meja Aceh")
    ahmad_nip, budi_nip = "198609262015051001", "197501012000031002"
    # (desk, event title, year, [(person key, NIP, email, revoked?)])
    plan = [
        (palu, "A", 2026, [("ahmad", ahmad_nip, None, False), ("budi", budi_nip, None, True)]),
        (palu, "B", 2026, [("ahmad", ahmad_nip, None, False)]),
        (aceh, "C", 2026, [("ahmad", ahmad_nip, None, False), ("citra", None, "c@x.id", False)]),
        (palu, "D", 2025, [("dewi", "198001012005012003", None, False)]),
    ]
    certified: dict[tuple[int, str], set[str]] = {}  # (year, office) -> people, counted here
    for desk, title, year, people in plan:
        event = event_record(desk.office, title=title)
        start = T0.replace(year=year)
        event = event.model_copy(update={"starts_at": start, "ends_at": start + timedelta(hours=8)})
        items = [envelope(event)]
        for key, nip, email, revoked in people:
            person = participant_record(nip=nip, email=email, name=key.title())
            certificate = _certify(desk, event.id, person, date(year, 3, 13))
            items += [
                envelope(person),
                envelope(registration_record(event.id, person.id)),
                envelope(certificate),
            ]
            if revoked:
                items.append(envelope(_revocation(certificate)))
            else:
                certified.setdefault((year, desk.office), set()).add(key)
        assert set(statuses(desk.push(items))) == {"stored"}

    return certified


def test_people_not_rows_against_the_targets(hq: Hq, capsys: pytest.CaptureFixture[str]) -> None:
    certified = push_plan(hq)
    code, stats = _cli(capsys, hq, "stats", "--year", "2026")
    assert code == 0, stats
    nation_2026 = certified[(2026, "SULTENG")] | certified[(2026, "ACEH")]
    assert stats["year"] == 2026 and stats["people_trained"] == len(nation_2026) == 2
    assert stats["target"] == 1_000_000  # none set: the program's
    by_office = {row["office"]: row for row in stats["by_office"]}
    assert set(by_office["SULTENG"]) == {"office", "people_trained", "target", "events", "jp"}
    assert by_office["SULTENG"] == {
        "office": "SULTENG",
        "people_trained": len(certified[(2026, "SULTENG")]),  # Ahmad once, Budi revoked
        "target": 0,
        "events": 2,
        "jp": 40,
    }
    assert by_office["ACEH"]["people_trained"] == 2 and by_office["ACEH"]["events"] == 1
    assert by_office["DKI"]["people_trained"] == 0  # every office is listed
    assert stats["certificates"] == 6  # the rows, for comparison: people are fewer

    assert _cli(
        capsys, hq, "target", "set", "--office", "SULTENG", "--year", "2026", "--people", "500"
    )[1] == {"office": "SULTENG", "year": 2026, "people": 500}
    assert (
        _cli(capsys, hq, "target", "set", "--national", "--year", "2026", "--people", "250000")[0]
        == 0
    )
    code, stats = _cli(capsys, hq, "stats", "--year", "2026")
    assert stats["target"] == 250_000
    assert {r["office"]: r["target"] for r in stats["by_office"]}["SULTENG"] == 500
    code, earlier = _cli(capsys, hq, "stats", "--year", "2025")
    assert earlier["people_trained"] == 1 and earlier["target"] == 1_000_000

    # Bad input: one sentence, nothing written.
    code, refused = _cli(
        capsys, hq, "target", "set", "--office", "ATLANTIS", "--year", "2026", "--people", "5"
    )
    assert code == 1 and "ATLANTIS" in refused["error"]
    code, refused = _cli(
        capsys, hq, "target", "set", "--office", "ACEH", "--year", "1999", "--people", "5"
    )
    assert code == 1 and "1999" in refused["error"]
    code, refused = _cli(
        capsys, hq, "target", "set", "--office", "ACEH", "--year", "2026", "--people", "-5"
    )
    assert code == 1 and "0 or more" in refused["error"]


# ---------------------------------------------------------------- one office, and coverage

# A made-up agency list: a test fixture, these are NOT real ASN figures.
FIXTURE_AGENCIES = """office or province;agency;ASN
SULTENG;Pemerintah Kota Palu;5.000
Sulawesi Tengah;Pemerintah Kabupaten Donggala;4000
SULTENG;Pemerintah Kota Luwuk;3000
SULTENG;Pemerintah Kabupaten Poso;6000
JABAR;Pemerintah Provinsi Jawa Barat;9000
ACEH;Pemerintah Kota Banda Aceh;2500
aceh;Pemerintah Kabupaten Aceh Besar;3500
"""

# (office, person, NIP, instansi as typed, the agency a reader says it is, revoked?, checked in?)
COVERAGE_PLAN = [
    ("SULTENG", "p1", "199001012020011001", "Pemkot Palu", "Kota Palu", False, True),
    ("SULTENG", "p2", "199001012020011002", "PEMERINTAH  KOTA PALU.", "Kota Palu", False, True),
    ("SULTENG", "p3", "199001012020011003", "Pemkab. Donggala", "Kab Donggala", False, False),
    ("SULTENG", "p4", "199001012020011004", "Kab. Sigi", "Kabupaten Sigi", False, False),
    ("SULTENG", "p5", "199001012020011005", "Pemprov Jawa Barat", "Prov Jabar", False, False),
    ("SULTENG", "p6", "199001012020011006", "Pemerintah Kota Luwuk", "Kota Luwuk", True, False),
    ("ACEH", "p1", "199001012020011001", "Pemkot Palu", "Kota Palu", False, False),
    ("ACEH", "p7", "199001012020011007", "Pemerintah Kota Banda Aceh", "Banda Aceh", False, False),
    ("ACEH", "p8", "199001012020011008", "", "", False, False),
]
# Where a reader places each agency (the list's province), else the certifying office's.
PROVINCE = {"Kota Palu": "Sulawesi Tengah", "Kab Donggala": "Sulawesi Tengah"}
PROVINCE |= {"Prov Jabar": "Jawa Barat", "Banda Aceh": "Aceh"}
OFFICE_PROVINCE = {"SULTENG": "Sulawesi Tengah", "ACEH": "Aceh"}


def push_coverage_plan(hq: Hq) -> dict[str, str]:
    """One event per office in 2026, people as COVERAGE_PLAN says. Returns the event ids."""
    desks = {"SULTENG": hq.desk("SULTENG", "Meja Palu"), "ACEH": hq.desk("ACEH", "Meja Aceh")}
    events = {code: event_record(code, title=f"Pelatihan {code}") for code in desks}
    for code, desk in desks.items():
        items = [envelope(events[code])]
        for office, key, nip, instansi, _agency, revoked, checked_in in COVERAGE_PLAN:
            if office != code:
                continue
            person = participant_record(nip=nip, email=None, name=key).model_copy(
                update={"instansi": instansi}
            )
            certificate = _certify(desk, events[code].id, person, date(2026, 3, 13))
            items += [
                envelope(person),
                envelope(registration_record(events[code].id, person.id)),
                envelope(certificate),
            ]
            if checked_in:
                items.append(envelope(checkin_record(events[code].id, person.id)))
            if revoked:
                items.append(envelope(_revocation(certificate)))
        assert set(statuses(desk.push(items))) == {"stored"}
    return {code: event.id for code, event in events.items()}


def _counted(office: str | None = None) -> list[tuple[str, str, str, str]]:
    """(office, person, agency, province) of every certificate in force, from the plan."""
    return [
        (o, key, agency, PROVINCE.get(agency, OFFICE_PROVINCE[o]))
        for o, key, _nip, _typed, agency, revoked, _in in COVERAGE_PLAN
        if not revoked and office in (None, o)
    ]


def test_one_office_and_coverage_by_instansi(
    hq: Hq, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    event_ids = push_coverage_plan(hq)
    offices = load_offices(hq.settings.offices_csv)
    with read_session(hq.engine) as session:
        sulteng = national.office_figures(
            session=session, year=2026, offices=offices, code="SULTENG"
        )
        assert sulteng.people_trained == len({p for _o, p, _a, _v in _counted("SULTENG")}) == 5
        assert (sulteng.events, sulteng.jp) == (1, 20)
        assert sum(national.monthly(session=session, year=2026, office="ACEH")) == 3
        assert national.by_mode(session=session, year=2026, office="ACEH") == {
            "luring": 3,
            "daring": 0,
        }
        [event] = national.office_events(session=session, year=2026, code="SULTENG")
        assert event.event_id == event_ids["SULTENG"]
        assert (event.registered, event.attended, event.certified) == (6, 2, 5)
        assert national.office_events(session=session, year=2025, code="SULTENG") == []

        # No list loaded: agencies reached, told apart by name; and the pages say so.
        found = coverage.coverage(session=session, year=2026, offices=offices)
        reached = {agency for _o, _p, agency, _v in _counted() if agency}
        assert found.agencies_reached == len(reached) == 5
        assert not found.list_loaded and found.largest_unreached == []

    listed = tmp_path / "instansi.csv"
    listed.write_text(FIXTURE_AGENCIES, encoding="utf-8")
    code, loaded = _cli(capsys, hq, "agencies", "import", str(listed))
    assert code == 0, loaded
    assert loaded == {"agencies": 7, "asn": 33000, "provinces_without_office": []}

    with read_session(hq.engine) as session:
        found = coverage.coverage(session=session, year=2026, offices=offices)
        assert found.list_loaded and found.agencies_listed == 7
        listed_reached = {"Kota Palu", "Kab Donggala", "Prov Jabar", "Banda Aceh"}
        assert found.listed_reached == len(listed_reached & reached) == 4
        assert found.asn_in_reached == 5000 + 4000 + 9000 + 2500
        assert [a.name for a in found.largest_unreached] == [
            "Pemerintah Kabupaten Poso",
            "Pemerintah Kabupaten Aceh Besar",
            "Pemerintah Kota Luwuk",  # its only participant's certificate was revoked
        ]
        people: dict[str, set[str]] = {}
        for _o, person, _a, province in _counted():
            people.setdefault(province, set()).add(person)
        assert {p.province: p.people_trained for p in found.by_province} == {
            province: len(who) for province, who in people.items()
        }  # p1, certified by both offices, once in Sulawesi Tengah
        assert people["Sulawesi Tengah"] == {"p1", "p2", "p3", "p4"}

        office = coverage.coverage(session=session, year=2026, offices=offices, office="SULTENG")
        assert office.agencies_reached == len({a for _o, _p, a, _v in _counted("SULTENG")}) == 4
        assert office.agencies_listed == 4 and office.listed_reached == 2
        assert [a.name for a in office.largest_unreached] == [
            "Pemerintah Kabupaten Poso",
            "Pemerintah Kota Luwuk",
        ]
        assert {p.province: p.people_trained for p in office.by_province} == {
            "Sulawesi Tengah": 4,
            "Jawa Barat": 1,
        }

    # A bad list: every bad row named with its field, and nothing replaced.
    broken = tmp_path / "rusak.csv"
    broken.write_text(
        "office,agency,asn\nSULTENG,,100\nACEH,Pemkot Sabang,banyak\nACEH,Pemkot Sabang,5\n"
        "ACEH,Pemerintah Kota Sabang,6\n",
        encoding="utf-8",
    )
    code, refused = _cli(capsys, hq, "agencies", "import", str(broken))
    assert code == 1
    assert f"{broken}, row 2, name" in refused["error"]
    assert "row 3, asn: 'banyak'" in refused["error"]
    assert "row 5, name: 'Pemerintah Kota Sabang' is listed already in row 3" in refused["error"]
    with read_session(hq.engine) as session:
        assert coverage.coverage(session=session, year=2026, offices=offices).agencies_listed == 7


def test_the_agency_key_is_one_name_however_typed() -> None:
    key = coverage.agency_key
    assert key("Pemkot Palu") == key("PEMERINTAH  KOTA  PALU.") == "pemerintah kota palu"
    assert key("Pemkab. Donggala") == "pemerintah kabupaten donggala"
    assert key("Pemprov Sulteng") == "pemerintah provinsi sulteng"
    assert key("Kab. Sigi") == key("kabupaten sigi")
    assert key("Pemkot Palu") != key("Pemkot Poso")
    assert key("  ") == ""


def test_an_agency_list_from_xlsx(
    hq: Hq, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [("Provinsi", "Nama instansi", "Jumlah ASN"), ("Aceh", "Pemkot Sabang", 1200)]:
        sheet.append(row)
    sheet.append(("", "Kementerian Contoh", 700.0))  # a central agency; a spreadsheet's float
    path = tmp_path / "instansi.xlsx"
    book.save(path)
    code, loaded = _cli(capsys, hq, "agencies", "import", str(path))
    assert code == 0 and loaded["agencies"] == 2 and loaded["asn"] == 1900


def test_kept_coverage_is_read_again_until_the_data_changes(
    hq: Hq, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages' coverage (coverage.kept) is the plain figure, computed once while nothing
    changed, and computed again after a push or a new agency list."""
    push_coverage_plan(hq)
    offices = load_offices(hq.settings.offices_csv)
    computed: list[str | None] = []
    plain = coverage.coverage

    def counting(**kwargs: object) -> coverage.Coverage:
        computed.append(kwargs.get("office"))  # type: ignore[arg-type]
        return plain(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(coverage, "coverage", counting)

    def kept(office: str | None = None) -> coverage.Coverage:
        with read_session(hq.engine) as session:
            return coverage.kept(session=session, year=2026, offices=offices, office=office)

    first = kept()
    with read_session(hq.engine) as session:
        assert first == plain(session=session, year=2026, offices=offices)
    assert kept() == first and kept("SULTENG") == kept("SULTENG")
    assert computed == [None, "SULTENG"]  # once each, then read from the snapshot

    # A new participant naming a new agency, pushed: the next view counts it.
    desk = hq.desk("SULTENG", "Meja Palu 2")
    event = event_record("SULTENG", title="Pelatihan lagi")
    person = participant_record(nip="199001012020011099", email=None, name="p9").model_copy(
        update={"instansi": "Pemerintah Kabupaten Parigi Moutong"}
    )
    items = [envelope(event), envelope(person), envelope(registration_record(event.id, person.id))]
    items.append(envelope(_certify(desk, event.id, person, date(2026, 4, 1))))
    assert set(statuses(desk.push(items))) == {"stored"}
    after_push = kept()
    assert after_push.agencies_reached == first.agencies_reached + 1
    assert computed == [None, "SULTENG", None]

    listed = tmp_path / "instansi.csv"
    listed.write_text(FIXTURE_AGENCIES, encoding="utf-8")
    assert _cli(capsys, hq, "agencies", "import", str(listed))[0] == 0
    assert kept().list_loaded and not after_push.list_loaded
    assert computed[-1] is None and len(computed) == 4
