"""Demo data reads like a real roster: titles agree with what each NIP says about its holder."""

from __future__ import annotations

import re

from sqlmodel import select

from desktop.core.demo import create_demo
from desktop.core.models import Participant
from tests.desktop.helpers import desk

HAJJ = re.compile(r"(?:^|\s)(Hj?\.)\s")


def test_hajj_titles_follow_the_nip_gender_digit(db):
    with db.write() as session:
        create_demo(session=session, desk=desk(db), participants=600, attended=0)
    with db.session() as session:
        people = session.exec(select(Participant)).all()
    seen = {"H.": 0, "Hj.": 0}
    for person in people:
        match = HAJJ.search(person.full_name)
        if match is None:
            continue
        title = match.group(1)
        seen[title] += 1
        # Digit 15 of an 18-digit NIP: 1 for a man, 2 for a woman.
        expected = "H." if person.nip[14] == "1" else "Hj."
        assert title == expected, (person.full_name, person.nip)
        assert person.gender == ("L" if title == "H." else "P"), (person.full_name, person.gender)
    # Both titles occur, so the check above ran on men and on women.
    assert seen["H."] > 10 and seen["Hj."] > 10, seen
