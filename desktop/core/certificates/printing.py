"""What a certificate prints (plain data for a worker thread) and the print log (who, when, where).

Print-log lines go into the sync outbox in the transaction that makes them (issue 6), except for
demo events.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import insert
from sqlmodel import Session, col, select

from desktop.core import numbering, seal
from desktop.core.certificates.models import Certificate, CertificatePrint
from desktop.core.certificates.signatories import signatories
from desktop.core.clock import new_id, utcnow
from desktop.core.desk import desk_identity
from desktop.core.errors import HadirError
from desktop.core.event_settings import verify_base_url
from desktop.core.models import Event, Participant
from desktop.core.offices import office_by_code
from desktop.core.registry import event_days, get_event
from sync.desk import outbox
from sync.documents.templates import CertificateData, Signatory
from sync.protocol import CertificatePrintRecord


def certificate_data(*, session: Session, certificate_ids: Sequence[str]) -> list[CertificateData]:
    """What each certificate prints, in the order given; plain data for a worker thread."""
    if not certificate_ids:
        return []
    by_id: dict[str, tuple[Certificate, Participant]] = {}
    for start in range(0, len(certificate_ids), 500):
        chunk = list(certificate_ids[start : start + 500])
        for certificate, participant in session.exec(
            select(Certificate, Participant)
            .join(Participant, col(Participant.id) == col(Certificate.participant_id))
            .where(col(Certificate.id).in_(chunk))
        ):
            by_id[certificate.id] = (certificate, participant)
    events: dict[str, tuple[Event, str, str, date, date, tuple[Signatory, ...]]] = {}
    bases: dict[str, str] = {}  # the event's verification address, which travels with it
    pages = []
    for certificate_id in certificate_ids:
        certificate, participant = by_id[certificate_id]
        if certificate.revoked_at is not None:
            raise HadirError(
                f"Certificate {certificate.number} was revoked and cannot be printed.",
                code="certificate_revoked",
            )
        if certificate.event_id not in events:
            event = get_event(session=session, event_id=certificate.event_id)
            office = office_by_code(event.office_code)
            days = event_days(event)
            events[event.id] = (
                event,
                office.name,
                numbering.office_place(
                    session=session, office_code=event.office_code, fallback=office.province
                ),
                days[0].date,
                days[-1].date,
                signatories(session=session, event=event),
            )
        event, office_name, place, first, last, blocks = events[certificate.event_id]
        if event.id not in bases:
            bases[event.id] = verify_base_url(session=session, event=event)
        base = bases[event.id]
        pages.append(
            CertificateData(
                number=certificate.number,
                printed_name=certificate.printed_name,
                nip=participant.nip,
                asn_status=participant.asn_status,
                golongan=participant.golongan,
                jabatan=participant.jabatan,
                instansi=participant.instansi,
                unit_kerja=participant.unit_kerja,
                event_title=event.title,
                event_theme=event.theme,
                event_venue=event.venue,
                first_day=first,
                last_day=last,
                jp=event.jp,
                mode=certificate.mode,
                office_name=office_name,
                place=place,
                issued_on=certificate.issued_on,
                signatories=blocks,
                verify_url=seal.verify_url(base, certificate.token),
            )
        )
    return pages


def log_prints(
    *,
    session: Session,
    certificate_ids: Iterable[str],
    operator: str,
    copies: int = 1,
    destination: str = "",
) -> int:
    """One print-log line per certificate: who printed it, when, how many copies, where to."""
    desk_id = desk_identity(session=session).desk_id
    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "certificate_id": cid,
            "printed_at": now,
            "operator": operator,
            "desk_id": desk_id,
            "copies": copies,
            "destination": destination,
        }
        for cid in certificate_ids
    ]
    if rows:
        session.execute(insert(CertificatePrint), rows)
        synced = _events_to_sync(session, [str(row["certificate_id"]) for row in rows])
        outbox.enqueue(
            session=session,
            records=[
                CertificatePrintRecord(
                    id=str(row["id"]),
                    certificate_id=str(row["certificate_id"]),
                    event_id=synced[str(row["certificate_id"])],
                    printed_at=now,
                    operator=operator,
                    desk_id=desk_id,
                    copies=copies,
                    destination=destination,
                )
                for row in rows
                if row["certificate_id"] in synced
            ],
        )
    return len(rows)


def _events_to_sync(session: Session, certificate_ids: Sequence[str]) -> dict[str, str]:
    """certificate id -> event id, for the certificates whose records go to HQ (not demo ones)."""
    found: dict[str, str] = {}
    unique = sorted(set(certificate_ids))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        found.update(
            session.exec(
                select(Certificate.id, Certificate.event_id)
                .join(Event, col(Event.id) == col(Certificate.event_id))
                .where(col(Certificate.id).in_(chunk), col(Event.is_demo).is_(False))
            ).all()
        )
    return found


def printed_before(*, session: Session, certificate_ids: Sequence[str]) -> set[str]:
    """The certificates among these that some desk already printed (its print-log line, or another
    desk's pulled from HQ): printing them again is a reprint (issue 17 item 2)."""
    found: set[str] = set()
    unique = sorted(set(certificate_ids))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        found.update(
            session.exec(
                select(CertificatePrint.certificate_id)
                .where(col(CertificatePrint.certificate_id).in_(chunk))
                .distinct()
            ).all()
        )
    return found
