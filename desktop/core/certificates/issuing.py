"""Certificates: who qualifies, issuing (number + verification seal), reprints, revocation, checks.

A certificate goes only to a participant who qualifies under the event's rule (attended at least
``Event.min_days`` days; every day when it is not set) or whom an operator let through with a
recorded reason. Issuing makes a ``Certificate`` row once: its number and its seal token never
change, so a reprint prints exactly the same certificate and adds a print-log line. A withdrawn
certificate keeps its row with ``revoked_at`` and a reason; the seal check then says so.

Online attendance (Zoom/Meet minutes, desktop/core/online.py) counts through an optional
``OnlineRule`` passed to ``eligibility()``: a person qualifies by days at the desk or by minutes
online; ``event_online_rule()`` gives an event's rule (built from desktop.core.online), or None.

Certificates, print-log lines and revocations go into the sync outbox in the transaction that makes
them (issue 6), except for demo events; HQ verifies the seals against them and publishes revocations
back, which ``verify`` reads for certificates issued on other desks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text
from sqlmodel import Session, col, select

from desktop.core import numbering, seal
from desktop.core.attendance import days_attended
from desktop.core.certificate_models import (
    Certificate,
    CertificatePrint,
    CertificateRevocation,
    CertificateSignatory,
    EligibilityOverride,
)
from desktop.core.clock import as_utc, new_id, utcnow
from desktop.core.db import Database
from desktop.core.desk import desk_identity
from desktop.core.documents.certificate_pdf import (
    Cancel,
    Progress,
    RenderResult,
    render_certificates,
)
from desktop.core.documents.templates import (
    MAX_SIGNATORIES,
    CertificateData,
    Signatory,
    Template,
    load_template,
)
from desktop.core.errors import HadirError, NotFound
from desktop.core.identity import normalize_number
from desktop.core.models import Event, EventMode, Participant, Registration
from desktop.core.offices import office_by_code
from desktop.core.online import online_minutes, required_minutes
from desktop.core.registry import event_days, get_event
from sync import outbox
from sync.protocol import CertificatePrintRecord, CertificateRecord, CertificateRevocationRecord

DEFAULT_SIGNATORY_TITLE = "Kepala Kantor Wilayah"

# --------------------------------------------------------------------------- eligibility


@dataclass(frozen=True, slots=True)
class OnlineRule:
    """Minutes attended online per participant and the minimum that qualifies. Built from Zoom /
    Meet exports by the online-attendance issue (7); no event has one before that."""

    min_minutes: int
    minutes: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Eligibility:
    participant_id: str
    full_name: str
    nip: str | None
    days_attended: int
    days_required: int
    online_minutes: int | None
    by_rule: bool  # qualifies by attendance alone
    override: bool | None  # the operator's latest decision, if any
    override_reason: str = ""

    @property
    def eligible(self) -> bool:
        return self.override if self.override is not None else self.by_rule


def event_online_rule(*, session: Session, event_id: str) -> OnlineRule | None:
    """The event's online rule from the online-attendance module (Zoom/Meet minutes), or None
    when the event has none."""
    needed = required_minutes(get_event(session=session, event_id=event_id))
    if needed is None:
        return None
    return OnlineRule(
        min_minutes=needed, minutes=online_minutes(session=session, event_id=event_id)
    )


def days_required(event: Event) -> int:
    """``min_days`` when set (never more than the event has), else every day of the event."""
    total = len(event_days(event))
    if event.min_days is None:
        return total
    return max(1, min(event.min_days, total))


def attendance_mode(event: Event, days: int, online_minutes: int | None) -> str:
    """How a person took part, for the seal: in person if they were checked in at a desk."""
    if days > 0:
        return EventMode.LURING.value
    if online_minutes:
        return EventMode.DARING.value
    return event.mode


def _latest_overrides(*, session: Session, event_id: str) -> dict[str, EligibilityOverride]:
    rows = session.exec(
        select(EligibilityOverride)
        .where(EligibilityOverride.event_id == event_id)
        .order_by(col(EligibilityOverride.created_at))
    )
    return {row.participant_id: row for row in rows}  # later rows replace earlier ones


def eligibility(
    *, session: Session, event_id: str, online: OnlineRule | None = None
) -> list[Eligibility]:
    """Every registered participant of the event, with whether they qualify and why."""
    event = get_event(session=session, event_id=event_id)
    required = days_required(event)
    attended = days_attended(session=session, event_id=event_id)
    overrides = _latest_overrides(session=session, event_id=event_id)
    rows = session.exec(
        select(Participant.id, Participant.full_name, Participant.nip)
        .join(Registration, col(Registration.participant_id) == col(Participant.id))
        .where(Registration.event_id == event_id)
        .order_by(col(Participant.full_name))
    )
    result = []
    for participant_id, full_name, nip in rows:
        days = attended.get(participant_id, 0)
        minutes = online.minutes.get(participant_id) if online is not None else None
        by_rule = days >= required or (
            online is not None and minutes is not None and minutes >= online.min_minutes
        )
        decision = overrides.get(participant_id)
        result.append(
            Eligibility(
                participant_id=participant_id,
                full_name=full_name,
                nip=nip,
                days_attended=days,
                days_required=required,
                online_minutes=minutes,
                by_rule=by_rule,
                override=decision.eligible if decision else None,
                override_reason=decision.reason if decision else "",
            )
        )
    return result


def set_override(
    *,
    session: Session,
    event_id: str,
    participant_id: str,
    eligible: bool,
    reason: str,
    operator: str,
) -> EligibilityOverride:
    """Record an operator's decision for one person; the reason is required (it is the record)."""
    if not reason.strip():
        raise HadirError("An override needs a reason.", code="override_reason")
    get_event(session=session, event_id=event_id)
    registered = session.exec(
        select(Registration.participant_id).where(
            Registration.event_id == event_id, Registration.participant_id == participant_id
        )
    ).first()
    if registered is None:
        raise NotFound(
            "This person is not registered for this event.", participant_id=participant_id
        )
    row = EligibilityOverride(
        event_id=event_id,
        participant_id=participant_id,
        eligible=eligible,
        reason=reason.strip(),
        operator=operator,
        desk_id=desk_identity(session=session).desk_id,
    )
    session.add(row)
    session.flush()
    return row


# --------------------------------------------------------------------------- signatories


def signatories(*, session: Session, event: Event) -> tuple[Signatory, ...]:
    """Signature blocks 1-3. Block 1 falls back to the event's signatory, and without one to the
    title "Kepala Kantor Wilayah" over a blank line to sign and stamp by hand."""
    rows = {
        row.position: row
        for row in session.exec(
            select(CertificateSignatory).where(CertificateSignatory.event_id == event.id)
        )
    }
    blocks: list[Signatory] = []
    for position in range(1, MAX_SIGNATORIES + 1):
        row = rows.get(position)
        if row is not None:
            blocks.append(Signatory(row.title, row.name, row.nip))
        elif position == 1:
            blocks.append(
                Signatory(
                    event.signatory_title or DEFAULT_SIGNATORY_TITLE,
                    event.signatory_name,
                    event.signatory_nip,
                )
            )
        else:
            blocks.append(Signatory("", "", ""))
    while len(blocks) > 1 and not (blocks[-1].title or blocks[-1].name):
        blocks.pop()
    return tuple(blocks)


def set_signatories(
    *, session: Session, event_id: str, blocks: Sequence[Signatory]
) -> tuple[Signatory, ...]:
    """Replace the event's signature blocks (1 = main, on the right; 2 = left; 3 = middle)."""
    if len(blocks) > MAX_SIGNATORIES:
        raise HadirError(f"A certificate has at most {MAX_SIGNATORIES} signature blocks.",
                         code="signatory_count", maximum=MAX_SIGNATORIES)  # fmt: skip
    event = get_event(session=session, event_id=event_id)
    for row in session.exec(
        select(CertificateSignatory).where(CertificateSignatory.event_id == event_id)
    ):
        session.delete(row)
    session.flush()
    for position, block in enumerate(blocks, start=1):
        if block.title.strip() or block.name.strip():
            session.add(
                CertificateSignatory(
                    event_id=event_id,
                    position=position,
                    title=block.title.strip(),
                    name=block.name.strip(),
                    nip=normalize_number(block.nip),
                )
            )
    session.flush()
    return signatories(session=session, event=event)


# --------------------------------------------------------------------------- issuing


@dataclass(frozen=True, slots=True)
class IssueOutcome:
    issued: int  # new certificates made now
    existing: int  # already issued before (a reprint keeps their number)
    certificate_ids: list[str] = field(default_factory=list)  # in printing order


class NotEligible(HadirError):
    code = "not_eligible"


def certificate_date(event: Event) -> date:
    """Certificates are dated the event's last day (they are handed out at the closing), even
    when printed before it or reprinted weeks later."""
    return event_days(event)[-1].date


def issue_certificates(
    *,
    session: Session,
    event_id: str,
    operator: str,
    template: Template,
    participant_ids: Sequence[str] | None = None,
    online: OnlineRule | None = None,
    on: date | None = None,
) -> IssueOutcome:
    """Make certificates for the event's qualifying participants (or the ones named), keeping
    those already issued. Naming someone who does not qualify is refused with their names: the
    operator can override with a reason first. The caller commits."""
    event = get_event(session=session, event_id=event_id)
    status = {
        e.participant_id: e for e in eligibility(session=session, event_id=event_id, online=online)
    }
    if participant_ids is None:
        targets = [pid for pid, e in status.items() if e.eligible]
    else:
        targets = list(dict.fromkeys(participant_ids))
        unknown = [pid for pid in targets if pid not in status]
        if unknown:
            raise NotFound(
                f"Not registered for this event: {', '.join(unknown)}.", participant_ids=unknown
            )
    active = {
        row.participant_id: row.id
        for row in session.exec(
            select(Certificate).where(
                Certificate.event_id == event_id, col(Certificate.revoked_at).is_(None)
            )
        )
    }
    new = [pid for pid in targets if pid not in active]
    refused = [status[pid] for pid in new if not status[pid].eligible]
    if refused:
        listed = "; ".join(
            f"{e.full_name} ({e.days_attended} of {e.days_required} days)" for e in refused[:5]
        )
        more = f" and {len(refused) - 5} more" if len(refused) > 5 else ""
        raise NotEligible(
            f"Not eligible for a certificate: {listed}{more}. Record an override with a reason "
            "to issue one anyway.",
            participant_ids=[e.participant_id for e in refused],
        )
    ids = {pid: active[pid] for pid in targets if pid in active}
    if new:
        issued_on = on or certificate_date(event)
        signer = seal.desk_signer(session=session)
        desk = desk_identity(session=session)
        numbers = numbering.allocate_numbers(
            session=session,
            office_code=event.office_code,
            event_id=event_id,
            on=issued_on,
            count=len(new),
        )
        names = _names(session, new)
        now = utcnow()
        rows = []
        for pid, allocated in zip(new, numbers, strict=True):
            e = status[pid]
            mode = attendance_mode(event, e.days_attended, e.online_minutes)
            printed_name = names[pid]
            token = signer.seal(
                seal.SealPayload(
                    number=allocated.number,
                    participant_id=pid,
                    event_id=event_id,
                    name_digest=seal.name_digest(printed_name),
                    issued_on=issued_on,
                    mode=mode,
                )
            )
            certificate_id = new_id()
            ids[pid] = certificate_id
            rows.append(
                {
                    "id": certificate_id,
                    "number": allocated.number,
                    "event_id": event_id,
                    "participant_id": pid,
                    "office_code": event.office_code,
                    "desk_id": desk.desk_id,
                    "sequence": allocated.sequence,
                    "printed_name": printed_name,
                    "issued_on": issued_on,
                    "mode": mode,
                    "template_id": template.id,
                    "template_version": template.version,
                    "key_id": signer.key_id,
                    "token": token,
                    "issued_at": now,
                    "issued_by": operator,
                    "revoked_at": None,
                    "revoked_reason": "",
                    "revoked_by": "",
                }
            )
        # One executemany instead of an ORM object per row: issuing 2,000 takes ~0.1 s, not ~1 s.
        session.execute(insert(Certificate), rows)
        if not event.is_demo:
            outbox.enqueue(session=session, records=[certificate_record(row) for row in rows])
    order = [pid for pid in targets if pid in ids]
    return IssueOutcome(
        issued=len(new), existing=len(order) - len(new), certificate_ids=[ids[p] for p in order]
    )


def certificate_record(row: Mapping[str, Any]) -> CertificateRecord:
    """What HQ keeps of an issued certificate (a ``Certificate`` row's values): no token, HQ checks
    the seal with this desk's public key."""
    return CertificateRecord(
        id=row["id"],
        number=row["number"],
        event_id=row["event_id"],
        participant_id=row["participant_id"],
        office_code=row["office_code"],
        desk_id=row["desk_id"],
        printed_name=row["printed_name"],
        issued_on=row["issued_on"],
        mode=row["mode"],
        key_id=row["key_id"],
        issued_at=as_utc(row["issued_at"]),
        issued_by=row["issued_by"],
        template_id=row["template_id"],
        template_version=row["template_version"],
    )


def _names(session: Session, participant_ids: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(participant_ids), 500):
        chunk = list(participant_ids[start : start + 500])
        found.update(
            session.exec(
                select(Participant.id, Participant.full_name).where(col(Participant.id).in_(chunk))
            ).all()
        )
    return found


# --------------------------------------------------------------------------- printing


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
    base = seal.base_url(session=session)
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


@dataclass(frozen=True, slots=True)
class BatchResult:
    render: RenderResult
    issued: int
    existing: int


def address_warnings(*, session: Session) -> list[str]:
    """What to tell whoever prints before the desk knows the office's verification address
    (``seal.base_url_is_set``): the CLI lists it under "warnings", the window asks first."""
    if seal.base_url_is_set(session=session):
        return []
    return [
        f"No HQ address is set on this desk, so the QR codes carry the default address "
        f"{seal.DEFAULT_BASE_URL}. Enroll the desk with HQ (hadir-cli sync enroll) or set the "
        "address (hadir-cli certificates numbering --base-url) before printing, unless the office "
        "verifies certificates there."
    ]


def render_event_certificates(
    *,
    db: Database,
    event_id: str,
    out: Path,
    operator: str,
    participant_ids: Sequence[str] | None = None,
    template: Template | None = None,
    progress: Progress | None = None,
    cancel: Cancel = None,
) -> BatchResult:
    """Issue what is missing, render the batch to ``out`` and log the prints.

    Three short transactions, none held open while the PDF is drawn (which is what takes time),
    so a window can run this on a worker thread while the desk keeps checking people in.
    """
    template = template or load_template()
    with db.write() as session:
        outcome = issue_certificates(
            session=session,
            event_id=event_id,
            operator=operator,
            template=template,
            participant_ids=participant_ids,
            online=event_online_rule(session=session, event_id=event_id),
        )
    if not outcome.certificate_ids:
        raise HadirError(
            "Nobody qualifies for a certificate yet (check-ins or overrides needed).",
            code="nothing_to_print",
        )
    with db.session() as session:
        pages = certificate_data(session=session, certificate_ids=outcome.certificate_ids)
        title = f"Sertifikat - {get_event(session=session, event_id=event_id).title}"
    result = render_certificates(
        template=template,
        certificates=pages,
        out=out,
        total=len(pages),
        progress=progress,
        cancel=cancel,
        title=title,
    )
    if not result.cancelled:
        with db.write() as session:
            log_prints(
                session=session,
                certificate_ids=outcome.certificate_ids,
                operator=operator,
                destination=f"pdf:{Path(out).name}",
            )
    return BatchResult(render=result, issued=outcome.issued, existing=outcome.existing)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class CertificateRow:
    id: str
    number: str
    participant_id: str
    name: str
    nip: str | None
    issued_on: date
    issued_at: datetime
    verify_url: str
    revoked_at: datetime | None
    revoked_reason: str
    prints: int


def list_certificates(
    *, session: Session, event_id: str, include_revoked: bool = False
) -> list[CertificateRow]:
    get_event(session=session, event_id=event_id)
    base = seal.base_url(session=session)
    prints: dict[str, int] = dict(
        session.connection()
        .execute(
            text(
                "SELECT p.certificate_id, SUM(p.copies) FROM certificate_print p "
                "JOIN certificate c ON c.id = p.certificate_id WHERE c.event_id = :event "
                "GROUP BY p.certificate_id"
            ),
            {"event": event_id},
        )
        .all()
    )
    statement = (
        select(Certificate, Participant.nip)
        .join(Participant, col(Participant.id) == col(Certificate.participant_id))
        .where(Certificate.event_id == event_id)
        .order_by(col(Certificate.sequence), col(Certificate.issued_at))
    )
    if not include_revoked:
        statement = statement.where(col(Certificate.revoked_at).is_(None))
    return [
        CertificateRow(
            id=c.id,
            number=c.number,
            participant_id=c.participant_id,
            name=c.printed_name,
            nip=nip,
            issued_on=c.issued_on,
            issued_at=as_utc(c.issued_at),
            verify_url=seal.verify_url(base, c.token),
            revoked_at=as_utc(c.revoked_at) if c.revoked_at else None,
            revoked_reason=c.revoked_reason,
            prints=int(prints.get(c.id, 0)),
        )
        for c, nip in session.exec(statement)
    ]


def get_certificate(*, session: Session, number: str) -> Certificate:
    row = session.exec(select(Certificate).where(Certificate.number == number.strip())).first()
    if row is None:
        raise NotFound(f"No certificate numbered '{number}' on this desk.", number=number)
    return row


def revoke_certificate(*, session: Session, number: str, reason: str, operator: str) -> Certificate:
    """Withdraw a certificate: the row and its number stay, the seal check reports the reason."""
    if not reason.strip():
        raise HadirError("A revocation needs a reason.", code="revoke_reason")
    certificate = get_certificate(session=session, number=number)
    if certificate.revoked_at is not None:
        raise HadirError(
            f"Certificate {certificate.number} was already revoked ({certificate.revoked_reason}).",
            code="already_revoked",
        )
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason.strip()
    certificate.revoked_by = operator
    session.add(certificate)
    session.flush()
    if not get_event(session=session, event_id=certificate.event_id).is_demo:
        outbox.enqueue(
            session=session,
            records=[
                CertificateRevocationRecord(
                    id=new_id(),
                    certificate_id=certificate.id,
                    number=certificate.number,
                    event_id=certificate.event_id,
                    participant_id=certificate.participant_id,
                    revoked_at=as_utc(certificate.revoked_at),
                    reason=certificate.revoked_reason,
                    operator=operator,
                    desk_id=desk_identity(session=session).desk_id,
                )
            ],
        )
    return certificate


def apply_revocation(*, session: Session, record: CertificateRevocationRecord) -> None:
    """A revocation HQ published: remembered for the offline check of certificates from any desk,
    and written on this desk's own certificate when it is one. The earliest revocation stands, as
    at HQ, so applying revocations in any order, or twice, ends the same."""
    at = as_utc(record.revoked_at)
    known = session.get(CertificateRevocation, record.certificate_id)
    if known is None or at < as_utc(known.revoked_at):
        if known is not None:
            session.delete(known)
            session.flush()
        session.add(
            CertificateRevocation(
                certificate_id=record.certificate_id,
                id=record.id,
                number=record.number,
                event_id=record.event_id,
                participant_id=record.participant_id,
                revoked_at=at,
                reason=record.reason,
                operator=record.operator,
                desk_id=record.desk_id,
            )
        )
    own = session.get(Certificate, record.certificate_id)
    if own is not None and (own.revoked_at is None or at < as_utc(own.revoked_at)):
        own.revoked_at = at
        own.revoked_reason = record.reason
        own.revoked_by = record.operator
        session.add(own)
    session.flush()


# --------------------------------------------------------------------------- verification


@dataclass(frozen=True, slots=True)
class Verification:
    """What a verification shows: only what proves the certificate (UU 27/2022), never a NIP."""

    valid: bool
    number: str | None
    name: str | None
    event: str | None
    reason: str
    issued_on: date | None = None
    key_id: str | None = None


def verify(*, session: Session, token_or_url: str) -> Verification:
    """Check a certificate's verification seal offline, against the keys this desk knows, then
    against this desk's records (revocation, name)."""
    try:
        opened = seal.open_seal(token_or_url, seal.known_keys(session=session))
    except seal.SealError as error:
        reason = str(error)
        if error.code == "seal_unknown_key" and error.key_id:
            revoked = seal.revoked_key(session=session, key_id=error.key_id)
            if revoked is not None:
                reason = (
                    f"This certificate was sealed with a desk key that was revoked on "
                    f"{as_utc(revoked.revoked_at or utcnow()).date().isoformat()}"
                    f" ({revoked.revoked_reason or 'no reason given'})."
                )
            else:
                reason = (
                    f"This certificate was sealed by a desk key this desk does not know "
                    f"({error.key_id}); check it online at HQ."
                )
        return Verification(False, None, None, None, reason)
    payload = opened.payload
    event = session.get(Event, payload.event_id)
    event_title = event.title if event else None
    certificate = session.exec(
        select(Certificate).where(Certificate.number == payload.number)
    ).first()
    if certificate is None:
        withdrawn = session.exec(
            select(CertificateRevocation).where(
                CertificateRevocation.number == payload.number,
                CertificateRevocation.event_id == payload.event_id,
                CertificateRevocation.participant_id == payload.participant_id,
            )
        ).first()
        if withdrawn is not None:
            return Verification(
                False,
                payload.number,
                None,
                event_title,
                f"Certificate revoked on {as_utc(withdrawn.revoked_at).date().isoformat()}: "
                f"{withdrawn.reason} (a revocation published by HQ).",
                payload.issued_on,
                opened.key_id,
            )
        return Verification(
            True,
            payload.number,
            None,
            event_title,
            "The verification seal is authentic (desk key "
            f"{opened.key_id}). This certificate was issued on another desk, so this desk cannot "
            "show the name or know about a revocation; HQ can.",
            payload.issued_on,
            opened.key_id,
        )
    if (certificate.participant_id, certificate.event_id) != (
        payload.participant_id,
        payload.event_id,
    ):
        return Verification(
            False,
            payload.number,
            None,
            event_title,
            "The seal does not belong to the certificate with this number.",
        )
    if seal.name_digest(certificate.printed_name) != payload.name_digest:
        return Verification(
            False,
            payload.number,
            None,
            event_title,
            "The name on record does not match the sealed name.",
        )
    if certificate.revoked_at is not None:
        return Verification(
            False,
            certificate.number,
            certificate.printed_name,
            event_title,
            f"Certificate revoked on {as_utc(certificate.revoked_at).date().isoformat()}: "
            f"{certificate.revoked_reason}.",
            certificate.issued_on,
            opened.key_id,
        )
    return Verification(
        True,
        certificate.number,
        certificate.printed_name,
        event_title,
        "Authentic: issued by Hadir and not altered (verification seal, not an electronic "
        "signature).",
        certificate.issued_on,
        opened.key_id,
    )
