"""People trained against the program's targets (issue 19 items 1, 2, 5): the same person at
several events and offices counts once in the nation's figure and once per office that certified
them; a revoked certificate counts for no one; a year is the certificate's. `hadir-hq target set`
and `hadir-hq stats --json [--year Y]` on SQLite and PostgreSQL, checked against a count made here
from the records pushed."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from sync.hq.cli import main
from sync.protocol import CertificateRecord, ParticipantRecord
from tests.hq.helpers import (
    T0,
    Desk,
    Hq,
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
