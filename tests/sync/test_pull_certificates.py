"""Another desk's certificate pulled from HQ (issue 17 item 2): kept only with a seal that verifies
against the issuing desk's key, waiting for that key (and its person) when they come later, and
its print log waiting for it; applying a page twice changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from desktop.core.certificates.verification import verify
from desktop.core.sync.pull import apply_pulled, waiting_count
from sync.ed25519 import PrivateKey
from sync.protocol import CertificatePrintRecord, CertificateRecord, DeskKeyRecord, PulledChange
from sync.seal_format import SealPayload, b64encode, key_id_for, name_digest, seal
from tests.sync.helpers import make_event, register

AT = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def _pulled(seq: int, kind: str, record: object) -> PulledChange:
    return PulledChange(
        seq=seq, id=f"change-{seq}", kind=kind, payload=record.model_dump(mode="json")
    )  # type: ignore[attr-defined]


def _rows(db, sql: str) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return list(session.connection().execute(text(sql)).all())


def test_a_pulled_certificate_needs_its_desk_key_and_a_seal_of_its_own(db) -> None:  # type: ignore[no-untyped-def]
    event_id = make_event(db)
    [person] = register(db, event_id, [1])
    key = PrivateKey.generate()
    key_id = key_id_for(key.public_key())
    desk_key = DeskKeyRecord(
        id=key_id,
        device_id="dev-1",
        office_code="SULTENG",
        desk_name="Meja 1",
        public_key=b64encode(key.public_key().public_bytes_raw()),
        registered_at=AT,
        revoked_at=None,
    )
    with db.session() as session:
        name = (
            session.connection()
            .execute(text("SELECT full_name FROM participant WHERE id = :p"), {"p": person})
            .scalar_one()
        )

    def certificate(number: str, *, printed_name: str = name) -> CertificateRecord:
        token = seal(
            SealPayload(
                number=number,
                participant_id=person,
                event_id=event_id,
                name_digest=name_digest(name),
                issued_on=AT.date(),
                mode="luring",
            ),
            key,
        )
        return CertificateRecord(
            id=f"cert-{number}",
            number=number,
            event_id=event_id,
            participant_id=person,
            office_code="SULTENG",
            desk_id="desk-1",
            printed_name=printed_name,
            issued_on=AT.date(),
            mode="luring",
            key_id=key_id,
            issued_at=AT,
            issued_by="rina",
            template_id="sertifikat-standar",
            template_version=1,
            token=token,
        )

    good, renamed = certificate("0001/M1"), certificate("0002/M1", printed_name="Nama Lain")
    printed = CertificatePrintRecord(
        id="print-1",
        certificate_id=good.id,
        event_id=event_id,
        printed_at=AT,
        operator="rina",
        desk_id="desk-1",
        copies=1,
        destination="pdf:a.pdf",
    )
    # The print and the certificate come before the key that sealed it: both wait.
    with db.write() as session:
        first = apply_pulled(
            session=session,
            changes=[_pulled(1, "certificate_print", printed), _pulled(2, "certificate", good)],
        )
    assert (first.applied, first.waiting) == (0, 2)
    with db.write() as session:
        second = apply_pulled(
            session=session,
            changes=[_pulled(3, "desk_key", desk_key), _pulled(4, "certificate", renamed)],
        )
    with db.session() as session:
        assert waiting_count(session=session) == 0
    # The one whose seal was made for another name is not kept.
    assert second.applied == 4
    assert _rows(db, "SELECT number, token FROM certificate") == [(good.number, good.token)]
    assert _rows(db, "SELECT id, certificate_id FROM certificate_print") == [("print-1", good.id)]
    with db.session() as session:
        checked = verify(session=session, token_or_url=good.token or "")
    assert checked.valid and checked.name == name
    # The print log of a certificate not kept here (no seal: a desk before seals travelled) is
    # dropped, not left waiting, whichever page it comes on.
    unsealed = certificate("0003/M1").model_copy(update={"token": None})
    with db.write() as session:
        apply_pulled(session=session, changes=[_pulled(5, "certificate", unsealed)])
    with db.write() as session:
        late = apply_pulled(
            session=session,
            changes=[
                _pulled(
                    6,
                    "certificate_print",
                    printed.model_copy(update={"id": "print-2", "certificate_id": unsealed.id}),
                )
            ],
        )
    assert (late.applied, late.waiting) == (1, 0)
    assert len(_rows(db, "SELECT id FROM certificate_print")) == 1
    with db.write() as session:  # the same page again changes nothing
        apply_pulled(
            session=session,
            changes=[_pulled(2, "certificate", good), _pulled(1, "certificate_print", printed)],
        )
    assert len(_rows(db, "SELECT id FROM certificate")) == 1
    assert len(_rows(db, "SELECT id FROM certificate_print")) == 1
