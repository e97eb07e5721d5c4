"""Signatory 1 has one home (issue 16): the event's own signatory, which the event form and
``certificates signatories`` both edit. It used to live in two places, so that after the
certificates screen set block 1 the event form showed (and saved) another signatory than the one
printed, and its edits were silently ignored."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import select

from desktop.core.certificates.models import CertificateSignatory
from desktop.core.certificates.signatories import DEFAULT_SIGNATORY_TITLE, signatories
from desktop.core.db import Database
from desktop.core.registry import get_event
from desktop.services import certificates, events
from sync.documents.templates import Signatory
from tests.desktop.helpers import make_event

KAKANWIL = Signatory(
    "Kepala Kantor Wilayah", "Dr. Nurhayati Lamarauna, S.H., M.H.", "197003151995032001"
)
KADIV = Signatory("Kepala Divisi Pelayanan Hukum", "Budi Santoso, S.H.", "")


def _form(info: events.EventInfo, main: Signatory) -> events.EventForm:
    return events.EventForm(
        title=info.title,
        theme=info.theme,
        venue=info.venue,
        starts_at=info.starts_local.replace(tzinfo=None),
        ends_at=info.ends_local.replace(tzinfo=None),
        timezone=info.timezone,
        mode=info.mode,
        jp=info.jp,
        signatory_name=main.name,
        signatory_title=main.title,
        signatory_nip=main.nip,
    )


def _shown(info: events.EventInfo) -> Signatory:
    return Signatory(info.signatory_title, info.signatory_name, info.signatory_nip)


def _printed(db: Database, event_id: str) -> tuple[Signatory, ...]:
    with db.session() as session:
        return signatories(session=session, event=get_event(session=session, event_id=event_id))


def test_block_one_set_on_the_certificates_screen_is_what_the_event_form_shows_and_edits(
    db: Database,
) -> None:
    event_id = make_event(db)
    certificates.set_signatories(db, event_id=event_id, blocks=[KAKANWIL, KADIV], operator="rina")
    shown = events.load_event(db, event_id=event_id)
    assert _shown(shown) == KAKANWIL
    # The clerk corrects the name in the event form: the certificates follow.
    corrected = replace(KAKANWIL, name="Dr. Nurhayati Lamarauna, S.H.")
    events.save_event(
        db, event_id=event_id, form=_form(shown, corrected), office_code="SULTENG", operator="rina"
    )
    assert _printed(db, event_id) == (corrected, KADIV)
    with db.session() as session:
        rows = session.exec(select(CertificateSignatory)).all()
    assert [row.position for row in rows] == [2]  # block 1 lives on the event only


def test_a_blank_block_one_keeps_the_events_signatory(db: Database) -> None:
    event_id = make_event(db)
    info = events.load_event(db, event_id=event_id)
    events.save_event(
        db, event_id=event_id, form=_form(info, KAKANWIL), office_code="SULTENG", operator="rina"
    )
    blank = Signatory("", "", "")
    certificates.set_signatories(db, event_id=event_id, blocks=[blank, KADIV], operator="rina")
    assert _printed(db, event_id) == (KAKANWIL, KADIV)
    certificates.set_signatories(db, event_id=event_id, blocks=[], operator="rina")
    assert _printed(db, event_id) == (KAKANWIL,)


def test_a_block_one_row_left_by_an_older_desk_still_prints_until_it_is_folded_in(
    db: Database,
) -> None:
    event_id = make_event(db)
    with db.write() as session:  # what `certificates signatories` wrote before issue 16
        session.add(
            CertificateSignatory(
                event_id=event_id,
                position=1,
                title=KAKANWIL.title,
                name=KAKANWIL.name,
                nip=KAKANWIL.nip,
            )
        )
    assert _printed(db, event_id) == (KAKANWIL,)
    shown = events.load_event(db, event_id=event_id)
    assert _shown(shown) == KAKANWIL
    events.save_event(
        db, event_id=event_id, form=_form(shown, KAKANWIL), office_code="SULTENG", operator="rina"
    )
    with db.session() as session:
        assert session.exec(select(CertificateSignatory)).all() == []
        event = get_event(session=session, event_id=event_id)
        assert (
            Signatory(event.signatory_title, event.signatory_name, event.signatory_nip) == KAKANWIL
        )
    assert _printed(db, event_id) == (KAKANWIL,)


def test_without_a_signatory_block_one_is_the_title_over_a_blank_line(db: Database) -> None:
    event_id = make_event(db)
    assert _printed(db, event_id) == (Signatory(DEFAULT_SIGNATORY_TITLE, "", ""),)
