"""An event's certificate settings travel with it (issue 17 item 1), between two real desks through
a real HQ: Meja 1 found 0 eligible where Meja 2 found 5, and Meja 2's certificates had no
signatory, because the rule and the signatory stayed on the desk that set them."""

from __future__ import annotations

import json

from desktop.core import event_settings, registry
from desktop.core.certificates import printing
from desktop.core.certificates.eligibility import eligibility
from desktop.core.clock import utc_to_local
from desktop.core.db import Database
from desktop.core.registry import get_event
from desktop.core.sync.status import sync_status
from desktop.services import certificates
from sync.documents.templates import Signatory
from tests.sync.helpers import check_in, make_event, register, sync_until_done

KEPALA = Signatory("Kepala Kantor Wilayah", "Dr. Budi Santoso, S.H., M.H.", "")
SEKRETARIS = Signatory("Ketua Panitia", "Siti Aminah", "")


def eligible(db: Database, event_id: str) -> set[str]:
    with db.session() as session:
        return {
            e.participant_id for e in eligibility(session=session, event_id=event_id) if e.eligible
        }


def settings_of(db: Database, event_id: str) -> dict[str, object]:
    with db.session() as session:
        record = event_settings.settings_record(
            session=session, event=get_event(session=session, event_id=event_id)
        )
    return record.model_dump(mode="json", exclude={"desk_name", "updated_at"})


def synced(db: Database) -> None:
    report = sync_until_done(db)
    assert report.outcome == "ok" and report.pending == 0 and report.set_aside == 0, report


def test_rule_and_signatories_set_on_one_desk_decide_on_the_other(desk_factory, hq) -> None:
    first, second = desk_factory("Meja 1"), desk_factory("Meja 2")
    event_id = make_event(first)  # three days, 24-26 November 2026
    people = register(first, event_id, range(5))
    check_in(first, event_id, people, day=1)
    check_in(first, event_id, people[:3], day=2)  # three people came two days of three
    certificates.event_settings(
        first,
        event_id=event_id,
        operator="rina",
        min_days=2,
        number_pattern="{seq:04}/{desk}/KW-HAM.{office}/{year}",
        base_url="https://hadir.kemenham.example.go.id",
    )
    certificates.set_signatories(
        first, event_id=event_id, blocks=[KEPALA, SEKRETARIS], operator="rina"
    )
    assert eligible(first, event_id) == set(people[:3])
    synced(first)

    synced(second)
    assert eligible(second, event_id) == set(people[:3])  # not 0: every day is no longer asked
    assert settings_of(second, event_id) == settings_of(first, event_id)
    assert certificates.signatories(second, event_id=event_id) == (KEPALA, SEKRETARIS)

    # What Meja 2 prints carries Meja 1's signatories, pattern and verification address.
    outcome = certificates.issue(second, event_id=event_id, operator="andi")
    assert outcome.issued == 3
    with second.session() as session:
        pages = printing.certificate_data(session=session, certificate_ids=outcome.certificate_ids)
    assert {page.signatories for page in pages} == {(KEPALA, SEKRETARIS)}
    assert all("/KW-HAM.SULTENG/2026" in page.number for page in pages)
    assert all(
        page.verify_url.startswith("https://hadir.kemenham.example.go.id/") for page in pages
    )
    synced(second)
    with hq.engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT min_days, number_pattern, desk_name FROM event_settings WHERE id = ?",
            (event_id,),
        ).one()
    assert tuple(row) == (2, "{seq:04}/{desk}/KW-HAM.{office}/{year}", "Meja 1")

    # An event record as protocol 1 sends it (no settings in it: a new title only) changes the
    # title everywhere and leaves the settings as they are.
    with second.write() as session:
        event = get_event(session=session, event_id=event_id)
        registry.update_event(
            session=session,
            event_id=event_id,
            title="Pelatihan HAM bagi ASN Angkatan II",
            starts_at=utc_to_local(event.starts_at, event.timezone).replace(tzinfo=None),
            ends_at=utc_to_local(event.ends_at, event.timezone).replace(tzinfo=None),
            timezone=event.timezone,
            mode=event.mode,
            venue=event.venue,
            min_days=event.min_days,
        )
    synced(second)
    synced(first)
    with first.session() as session:
        assert get_event(session=session, event_id=event_id).title.endswith("Angkatan II")
    assert eligible(first, event_id) == set(people[:3])
    assert settings_of(first, event_id) == settings_of(second, event_id)


def test_concurrent_edits_converge_on_hqs_receipt_order_and_the_loser_is_told(
    desk_factory, hq
) -> None:
    first, second = desk_factory("Meja 1"), desk_factory("Meja 2")
    event_id = make_event(first)
    synced(first)
    synced(second)  # both desks hold the event

    # Offline, each desk sets its own rule; Meja 1 reaches HQ first, Meja 2 after it.
    certificates.event_settings(first, event_id=event_id, operator="rina", min_days=2)
    certificates.set_signatories(first, event_id=event_id, blocks=[KEPALA], operator="rina")
    certificates.event_settings(second, event_id=event_id, operator="andi", min_days=1)
    synced(first)
    synced(second)
    synced(first)  # Meja 1 pulls HQ's version, which is Meja 2's
    synced(second)

    assert settings_of(first, event_id) == settings_of(second, event_id)
    assert settings_of(first, event_id)["min_days"] == 1
    assert settings_of(first, event_id)["signatories"] == []  # Meja 2's version had none
    with hq.engine.connect() as connection:
        held = connection.exec_driver_sql(
            "SELECT min_days, desk_name FROM event_settings WHERE id = ?", (event_id,)
        ).one()
    assert tuple(held) == (1, "Meja 2")

    # The desk whose version lost is told, once, and by whom; the other desk is not.
    replaced = sync_status(first).settings_replaced
    assert [(r.event_id, r.by_desk) for r in replaced] == [(event_id, "Meja 2")]
    assert {"min_days", "signatories"} <= set(replaced[0].fields)
    assert ("settings_replaced", {"title": "Pelatihan HAM bagi ASN", "by": "Meja 2"}) in (
        sync_status(first).problem_codes
    )
    assert json.loads(json.dumps(sync_status(first).as_dict()))["settings_replaced"][0][
        "by_desk"
    ] == ("Meja 2")  # what ``hadir-cli sync status`` prints
    assert sync_status(second).settings_replaced == []
    assert sync_status(first).pending == 0  # the audit line reached HQ like any other
