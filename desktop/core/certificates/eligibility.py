"""Who qualifies for a certificate: days at the desk, minutes online, or an operator's override.

A certificate goes only to a participant who qualifies under the event's rule (attended at least
``Event.min_days`` days; every day when it is not set) or whom an operator let through with a
recorded reason. Online attendance (Zoom/Meet minutes, desktop/core/online.py) counts through an
optional ``OnlineRule`` passed to ``eligibility()``: a person qualifies by days at the desk or by
minutes online; ``event_online_rule()`` gives an event's rule (built from desktop.core.online), or
None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, select

from desktop.core.attendance import days_attended
from desktop.core.certificates.models import EligibilityOverride
from desktop.core.desk import desk_identity
from desktop.core.errors import HadirError, NotFound
from desktop.core.models import Event, EventMode, Participant, Registration
from desktop.core.online import online_minutes, required_minutes
from desktop.core.registry import event_days, get_event


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
