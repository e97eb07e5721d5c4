"""Small builders shared by the desk tests (no fixtures hidden here: plain functions)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from desktop.core import registry
from desktop.core.db import Database
from desktop.core.desk import DeskIdentity, desk_identity
from desktop.core.operators import AuditEntry

# Valid numbers for tests: (NIP, birth date, gender).
NIP_AHMAD = "198609262015051001"
NIP_SITI = "199105122019032004"
NIP_BUDI = "197712031999031002"
PPPK_RINA = "199005172023152004"
NIK_GUEST = "7271016505900003"


def make_event(
    db: Database,
    *,
    days: int = 1,
    title: str = "Penguatan Kapasitas HAM bagi ASN",
    timezone: str = "Asia/Makassar",
) -> str:
    with db.write() as session:
        event = registry.create_event(
            session=session,
            office_code="SULTENG",
            title=title,
            starts_at=datetime(2026, 11, 24, 8, 0),
            ends_at=datetime(2026, 11, 23 + days, 16, 0),
            timezone=timezone,
            mode="hybrid",
            venue="Aula Kanwil",
            jp=8,
        )
        return event.id


def desk(db: Database) -> DeskIdentity:
    with db.write() as session:
        return desk_identity(session=session)


def register(
    db: Database, event_id: str, name: str, nip: str | None = None, **fields: object
) -> str:
    with db.write() as session:
        person, _ = registry.register_participant(
            session=session,
            event_id=event_id,
            desk_id=desk(db).desk_id,
            full_name=name,
            nip=nip,
            **fields,  # type: ignore[arg-type]
        )
        return person.id


def hybrid_event(db: Database) -> tuple[str, dict[str, str]]:
    """An event on 24 Nov 2026, 08.00-16.00 WITA, with the four registered people the online
    report fixtures name (tests/desktop/fixtures/online/)."""
    event = make_event(db)
    people = {
        "ahmad": register(
            db, event, "Dr. H. Ahmad Fauzan, S.H.", NIP_AHMAD, email="ahmad@palu.go.id"
        ),
        "siti": register(db, event, "Siti Nurhaliza, S.E.", NIP_SITI),
        "budi": register(db, event, "Budi Santoso", NIP_BUDI),
        "dewi": register(
            db, event, "Dewi Lestari", None, email="dewi@example.go.id", asn_status="NON_ASN"
        ),
    }
    return event, people


def recent_audit(*, session: Session, limit: int = 100) -> list[AuditEntry]:
    """The newest audit lines first (the desk itself never lists them; the tests read them)."""
    return list(session.exec(select(AuditEntry).order_by(col(AuditEntry.at).desc()).limit(limit)))
