"""An operator links and unlinks people (issue 19 item 1), and later ingests obey: a linked record
stays linked when its desk edits it, a record matching the folded person joins too, an unlinked
record stays alone. People trained are checked against a count made here, by human, from what
was pushed; `hadir-hq people show` says who decided what and why."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from sync.clock import utcnow
from sync.hq import national, people
from sync.hq.cli import main
from sync.hq.db import read_session, write_session
from sync.hq.errors import HQError
from sync.protocol import ParticipantRecord
from tests.hq.helpers import (
    T0,
    Desk,
    Hq,
    envelope,
    event_record,
    participant_record,
    registration_record,
    statuses,
)
from tests.hq.test_national import _certify


def _cli(capsys: pytest.CaptureFixture[str], hq: Hq, *args: str) -> tuple[int, dict]:
    code = main([*args, "--database-url", hq.settings.effective_database_url, "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out.strip().splitlines()[-1]) if code == 0 else {"error": err})


class Plan:
    """What was pushed, and who each record is as a human (the independent count)."""

    def __init__(self, hq: Hq) -> None:
        self.hq = hq
        self.human: dict[str, str] = {}  # participant id -> the human it is
        self.certified: set[str] = set()  # participant ids holding a certificate in force

    def attend(
        self, desk: Desk, human: str, record: ParticipantRecord, *, title: str = "Kegiatan"
    ) -> ParticipantRecord:
        event = event_record(desk.office, title=title)
        start = T0.replace(year=2026)
        event = event.model_copy(update={"starts_at": start, "ends_at": start + timedelta(hours=8)})
        items = [
            envelope(event),
            envelope(record),
            envelope(registration_record(event.id, record.id)),
            envelope(_certify(desk, event.id, record, date(2026, 3, 13))),
        ]
        assert set(statuses(desk.push(items))) == {"stored"}
        self.human[record.id] = human
        self.certified.add(record.id)
        return record

    def people_trained(self) -> int:
        return len({self.human[p] for p in self.certified})

    def by_office(self, office: str, records: dict[str, str]) -> int:
        return len(
            {self.human[p] for p, o in records.items() if o == office and p in self.certified}
        )


def _figures(hq: Hq) -> national.NationalFigures:
    with read_session(hq.engine) as session:
        return national.figures(session=session, year=2026, offices=hq_offices(hq))


def hq_offices(hq: Hq) -> dict:
    from sync.offices import load_offices

    return load_offices(hq.settings.offices_csv)


def test_link_and_unlink_survive_later_ingests(hq: Hq, capsys: pytest.CaptureFixture[str]) -> None:
    palu, aceh = hq.desk("SULTENG", "Meja Palu"), hq.desk("ACEH", "Meja Aceh")
    plan = Plan(hq)
    office: dict[str, str] = {}
    # Ahmad: by NIP at Palu, by e-mail only at Aceh. Merge cannot see they are one human.
    ahmad_nip = plan.attend(palu, "ahmad", participant_record(nip="198609262015051001", email=None))
    ahmad_mail = plan.attend(
        aceh, "ahmad", participant_record(nip=None, email="ahmad@kemenkumham.go.id", name="Ahmad")
    )
    # Budi and Citra: Citra's clerk typed Budi's NIP. Merge makes them one person.
    budi = plan.attend(palu, "budi", participant_record(nip="197501012000031002", email=None))
    citra = plan.attend(
        palu, "citra", participant_record(nip="197501012000031002", email=None, name="Citra")
    )
    office.update({ahmad_nip.id: "SULTENG", ahmad_mail.id: "ACEH"})
    office.update({budi.id: "SULTENG", citra.id: "SULTENG"})
    assert plan.people_trained() == 3
    assert _figures(hq).people_trained == 3  # merge's own mistakes: 2 Ahmads, 1 Budi-Citra

    code, linked = _cli(
        capsys,
        hq,
        "people",
        "link",
        ahmad_nip.id,
        ahmad_mail.id,
        "--by",
        "Rina (Pusdiklat)",
        "--reason",
        "same person: phone call 4 Dec",
    )
    assert code == 0, linked
    assert linked["action"] == "link" and linked["decided_by"] == "Rina (Pusdiklat)"
    code, unlinked = _cli(capsys, hq, "people", "unlink", citra.id, "--by", "Rina (Pusdiklat)")
    assert code == 0, unlinked
    figures = _figures(hq)
    assert figures.people_trained == plan.people_trained() == 3  # now for the right reasons
    rows = {row.office: row.people_trained for row in figures.by_office}
    assert rows["SULTENG"] == plan.by_office("SULTENG", office) == 3  # Ahmad, Budi, Citra
    assert rows["ACEH"] == plan.by_office("ACEH", office) == 1

    # Later ingests: both desks edit their records (Aceh's now carries a different e-mail, Palu
    # re-sends Citra, still with Budi's NIP); Aceh registers Ahmad again by the first e-mail, and
    # Palu Budi again by his NIP.
    later = T0 + timedelta(days=1)
    edited_mail = ahmad_mail.model_copy(
        update={"email": "ahmad.baru@kemenkumham.go.id", "updated_at": later}
    )
    edited_citra = citra.model_copy(update={"phone": "08111", "updated_at": later})
    assert set(statuses(aceh.push([envelope(edited_mail)]))) == {"stored"}
    assert set(statuses(palu.push([envelope(edited_citra)]))) == {"stored"}
    again = plan.attend(
        aceh,
        "ahmad",
        participant_record(nip=None, email="ahmad@kemenkumham.go.id", name="Ahmad"),
        title="Lanjutan",
    )
    budi_again = plan.attend(
        palu, "budi", participant_record(nip="197501012000031002", email=None), title="Lanjutan"
    )
    office.update({again.id: "ACEH", budi_again.id: "SULTENG"})
    figures = _figures(hq)
    assert figures.people_trained == plan.people_trained() == 3
    rows = {row.office: row.people_trained for row in figures.by_office}
    assert rows["SULTENG"] == plan.by_office("SULTENG", office) == 3
    assert rows["ACEH"] == plan.by_office("ACEH", office) == 1
    with read_session(hq.engine) as session:
        assert national.people_trained(session=session, year=2026) == 3
        assert sum(national.monthly(session=session, year=2026)) == 3

    # Repeat participation is shown: Ahmad's three events, two offices, the decision audited.
    code, shown = _cli(capsys, hq, "people", "show", "198609262015051001")
    assert code == 0, shown
    (ahmad,) = shown["people"]
    assert ahmad["events"] == 3 and ahmad["offices"] == ["ACEH", "SULTENG"]
    assert {r["participant_id"] for r in ahmad["records"]} == {
        ahmad_nip.id,
        ahmad_mail.id,
        again.id,
    }
    assert len([c for r in ahmad["records"] for c in r["certificates"]]) == 3
    (decision,) = ahmad["decisions"]
    assert decision["reason"] == "same person: phone call 4 Dec" and decision["decided_at"]
    code, shown = _cli(capsys, hq, "people", "show", citra.id)
    (alone,) = shown["people"]
    assert [r["participant_id"] for r in alone["records"]] == [citra.id]
    assert alone["decisions"][0]["action"] == "unlink"
    code, shown = _cli(capsys, hq, "people", "show", "197501012000031002")
    assert {p["person_id"] for p in shown["people"]} == {alone["person_id"], _person(hq, budi.id)}

    # Refusals: one sentence and a code, nothing written.
    code, refused = _cli(capsys, hq, "people", "link", budi.id, budi_again.id, "--by", "Rina")
    assert code == 1 and "already one person" in refused["error"]
    code, refused = _cli(capsys, hq, "people", "link", budi.id, budi.id, "--by", "Rina")
    assert code == 1 and "itself" in refused["error"]
    code, refused = _cli(capsys, hq, "people", "unlink", "no-such-record", "--by", "Rina")
    assert code == 1 and "no-such-record" in refused["error"]
    code, refused = _cli(capsys, hq, "people", "unlink", citra.id, "--by", "Rina")
    assert code == 1 and "of its own" in refused["error"]
    code, refused = _cli(capsys, hq, "people", "unlink", budi.id, "--by", " ")
    assert code == 1 and "--by" in refused["error"]
    code, refused = _cli(capsys, hq, "people", "show", "nobody@example.go.id")
    assert code == 1
    with write_session(hq.engine) as session, pytest.raises(HQError) as raised:
        people.link(
            session=session,
            participant_id=budi.id,
            other_participant_id=budi.id,
            by="x",
            now=utcnow(),
        )
    assert raised.value.code == "people_same_record"


def test_a_link_after_an_unlink_and_a_chain_of_links(hq: Hq) -> None:
    """Unlink then link elsewhere; A into B, then B's person into C's: every record and every
    later record matching any of the three ends in one person."""
    palu = hq.desk("SULTENG", "Meja Palu")
    plan = Plan(hq)
    a = plan.attend(palu, "x", participant_record(nip="198001012005011001", email=None))
    b = plan.attend(palu, "x", participant_record(nip=None, email="x@example.go.id"))
    c = plan.attend(palu, "x", participant_record(nip=None, email=None, name="X"))
    now = utcnow()
    with write_session(hq.engine) as session:
        people.link(
            session=session, participant_id=b.id, other_participant_id=a.id, by="R", now=now
        )
        people.link(
            session=session, participant_id=c.id, other_participant_id=b.id, by="R", now=now
        )
    late = plan.attend(palu, "x", participant_record(nip="198001012005011001", email=None))
    assert len({_person(hq, p) for p in (a.id, b.id, c.id, late.id)}) == 1
    assert _figures(hq).people_trained == plan.people_trained() == 1
    with write_session(hq.engine) as session:
        people.unlink(session=session, participant_id=a.id, by="R", now=now)
    plan.human[a.id] = "y"
    assert _figures(hq).people_trained == plan.people_trained() == 2
    edited = a.model_copy(update={"phone": "0800", "updated_at": T0 + timedelta(days=2)})
    assert set(statuses(palu.push([envelope(edited)]))) == {"stored"}
    assert _person(hq, a.id) != _person(hq, late.id)  # still unlinked after its desk's edit
    assert _figures(hq).people_trained == plan.people_trained() == 2


def _person(hq: Hq, participant_id: str) -> str:
    from sync.hq.models import Participant

    with read_session(hq.engine) as session:
        found = session.get(Participant, participant_id)
        assert found is not None
        return found.person_id


def test_the_people_page_finds_links_and_unlinks(hq: Hq) -> None:
    import re

    from sync.hq import admin
    from sync.hq.dashboard.people import _visible, require_hq_admin
    from tests.hq.helpers import dashboard_login

    palu, aceh = hq.desk("SULTENG", "Meja Palu"), hq.desk("ACEH", "Meja Aceh")
    plan = Plan(hq)
    by_nip = plan.attend(palu, "ahmad", participant_record(nip="198609262015051001", email=None))
    by_mail = plan.attend(
        aceh, "ahmad", participant_record(nip=None, email="ahmad@kemenkumham.go.id", name="Ahmad")
    )
    password = "kata-sandi-yang-panjang-sekali"
    with write_session(hq.engine) as session:
        admin.create_admin(session=session, username="pusat", password=password, now=utcnow())
    browser = dashboard_login(hq, username="pusat", password=password)
    page = browser.get(f"{hq.url}/dashboard/people", params={"q": "ahmad"}, timeout=10)
    assert page.status_code == 200
    assert by_nip.id in page.text and by_mail.id in page.text and 'id="link-form"' in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    form = {"csrf_token": csrf.group(1), "q": "ahmad", "participant": by_nip.id}
    forged = browser.post(
        f"{hq.url}/dashboard/people/link",
        data={**form, "csrf_token": "forged", "other": by_mail.id},
        timeout=10,
    )
    assert forged.status_code == 403 and _figures(hq).people_trained == 2
    linked = browser.post(
        f"{hq.url}/dashboard/people/link",
        data={**form, "other": by_mail.id, "reason": "sama orangnya"},
        timeout=10,
    )
    assert linked.status_code == 200 and 'id="message"' in linked.text
    assert "pusat" in linked.text and "sama orangnya" in linked.text  # the audit, shown
    assert _figures(hq).people_trained == 1
    again = browser.post(
        f"{hq.url}/dashboard/people/link", data={**form, "other": by_mail.id}, timeout=10
    )
    assert again.status_code == 422 and "already one person" in again.text
    unlinked = browser.post(
        f"{hq.url}/dashboard/people/unlink",
        data={**form, "participant": by_mail.id},
        timeout=10,
    )
    assert unlinked.status_code == 200 and _figures(hq).people_trained == 2

    # Only HQ admins decide; an office's staff see their own office's records only.
    for who in (
        admin.StaffSession(1, "palu", "t", role="admin", office="SULTENG"),
        admin.StaffSession(2, "lihat", "t", role="viewer"),
    ):
        with pytest.raises(HQError) as refused:
            require_hq_admin(who)
        assert refused.value.code == "people_admin_only"
    with read_session(hq.engine) as session:
        found = people.find(session=session, query="ahmad", by_name=True)
    palu_staff = admin.StaffSession(1, "palu", "t", office="SULTENG")
    assert {r.office_code for v in _visible(palu_staff, found) for r in v.records} == {"SULTENG"}
