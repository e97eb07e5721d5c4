"""Operators (clerks and admins) who sign in with a name and PIN, and the audit log of what they did.

PINs are short, so they are hashed with scrypt (deliberately slow) and an operator is locked out for
a while after repeated wrong PINs. Every action worth answering for is written to the audit log with
the operator's name (UU 27/2022 asks for a record of processing).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, Session, SQLModel, col, select

from desktop.core.clock import as_utc, new_id, utcnow
from desktop.core.errors import HadirError

MIN_PIN_LENGTH = 4
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)


class Role(StrEnum):
    OPERATOR = "operator"
    ADMIN = "admin"


class Operator(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    name: str = Field(unique=True)
    role: str = Role.OPERATOR.value
    pin_hash: str
    active: bool = True
    failed_attempts: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_at", "at"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    operator: str
    action: str  # e.g. "checkin", "undo", "import", "event.create", "signin.failed"
    detail: str = "{}"  # JSON


def _hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt${salt.hex()}${digest.hex()}"


def _pin_matches(pin: str, stored: str) -> bool:
    try:
        _scheme, salt_hex, _digest = stored.split("$")
    except ValueError:
        return False
    return hmac.compare_digest(_hash_pin(pin, bytes.fromhex(salt_hex)), stored)


def _check_pin(pin: str) -> None:
    if len(pin) < MIN_PIN_LENGTH or not pin.isdigit():
        raise HadirError(f"A PIN is at least {MIN_PIN_LENGTH} digits.", code="pin_format")


@dataclass(frozen=True, slots=True)
class SignedIn:
    """Plain data about who is signed in, safe to hand to the window."""

    operator_id: str
    name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value


def create_operator(
    *, session: Session, name: str, pin: str, role: str = Role.OPERATOR.value
) -> SignedIn:
    """A new operator; the caller (desktop/services/desk.py) writes the audit line."""
    clean = " ".join(name.split())
    if not clean:
        raise HadirError("An operator needs a name.", code="operator_name")
    _check_pin(pin)
    if session.exec(select(Operator).where(Operator.name == clean)).first() is not None:
        raise HadirError(f"There is already an operator called '{clean}'.", code="operator_exists")
    operator = Operator(name=clean, role=Role(role).value, pin_hash=_hash_pin(pin))
    session.add(operator)
    return SignedIn(operator.id, operator.name, operator.role)


def list_operators(*, session: Session) -> list[SignedIn]:
    rows = session.exec(select(Operator).where(col(Operator.active)).order_by(col(Operator.name)))
    return [SignedIn(o.id, o.name, o.role) for o in rows]


def has_admin(*, session: Session) -> bool:
    return (
        session.exec(select(Operator.id).where(Operator.role == Role.ADMIN.value)).first()
        is not None
    )


class SignInRefused(HadirError):
    """An unknown name or a wrong PIN (one sentence for both, so a guess learns nothing); ``who``
    and ``why`` ("unknown", "pin") are for the audit line only."""

    code = "signin_failed"

    def __init__(self, *, who: str, why: str) -> None:
        super().__init__("Unknown operator or wrong PIN.")
        self.who, self.why = who, why


def sign_in(*, session: Session, name: str, pin: str, now: datetime | None = None) -> SignedIn:
    """Check a name and PIN. Wrong PINs count towards a lockout; the caller commits either way
    and writes the audit line (desktop/services/desk.py ``sign_in_operator``)."""
    now = now or utcnow()
    operator = session.exec(select(Operator).where(Operator.name == " ".join(name.split()))).first()
    if operator is None or not operator.active:
        raise SignInRefused(who=name, why="unknown")
    if operator.locked_until is not None and as_utc(operator.locked_until) > now:
        minutes = max(1, int((as_utc(operator.locked_until) - now).total_seconds() // 60) + 1)
        raise HadirError(
            f"Too many wrong PINs: try again in {minutes} minutes.",
            code="signin_locked",
            minutes=minutes,
        )
    if not _pin_matches(pin, operator.pin_hash):
        operator.failed_attempts += 1
        if operator.failed_attempts >= MAX_FAILED_ATTEMPTS:
            operator.locked_until = now + LOCKOUT
            operator.failed_attempts = 0
        session.add(operator)
        raise SignInRefused(who=operator.name, why="pin")
    operator.failed_attempts = 0
    operator.locked_until = None
    session.add(operator)
    return SignedIn(operator.id, operator.name, operator.role)


def record_audit(
    *, session: Session, operator: str, action: str, detail: dict[str, Any] | None = None
) -> None:
    """Write one audit line and queue it for HQ in the caller's transaction."""
    from desktop.core.desk import get_setting
    from sync.desk import outbox
    from sync.protocol import AuditRecord

    entry = AuditEntry(
        operator=operator,
        action=action,
        detail=json.dumps(detail or {}, ensure_ascii=False, default=str),
    )
    session.add(entry)
    outbox.enqueue(
        session=session,
        records=[
            AuditRecord(
                id=entry.id,
                desk_id=get_setting(session=session, key="desk_id") or "",
                at=as_utc(entry.at),
                operator=entry.operator,
                action=entry.action,
                detail=entry.detail,
            )
        ],
    )
