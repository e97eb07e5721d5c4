"""The desk as the window sees it: first start, demo data, operators, sign-in and settings."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

from desktop.core.db import Database
from desktop.core.demo import create_demo
from desktop.core.desk import DeskIdentity, configure_desk, desk_identity, get_setting, set_setting
from desktop.core.errors import HadirError
from desktop.core.offices import Office, office_by_code, offices
from desktop.core.operators import (
    Role,
    SignedIn,
    SignInRefused,
    create_operator,
    has_admin,
    list_operators,
    record_audit,
    sign_in,
)
from desktop.services.audit import audit

# Settings keys (the ``setting`` table).
LAST_EVENT = "last_event_id"
LANGUAGE = "language"
DEMO_ADMIN = "admin"
DEMO_PARTICIPANTS = 300
DEMO_ATTENDED = 120


@dataclass(frozen=True, slots=True)
class DeskState:
    """What the window needs to decide its first screen."""

    configured: bool  # an office and desk name were chosen
    has_admin: bool
    desk_id: str
    desk_name: str
    office_code: str | None
    office_name: str
    last_event_id: str | None
    language: str | None
    operators: tuple[str, ...]

    @property
    def needs_setup(self) -> bool:
        return not (self.configured and self.has_admin)


def _office_name(code: str | None) -> str:
    if not code:
        return ""
    try:
        return office_by_code(code).short_name
    except ValueError:
        return code


def desk_state(db: Database) -> DeskState:
    # desk_identity makes the desk id on first use, which is a write.
    with db.write() as session:
        desk = desk_identity(session=session)
        last_event = get_setting(session=session, key=LAST_EVENT)
        if last_event and not _event_exists(session, last_event):
            last_event = None
        return DeskState(
            configured=desk.office_code is not None,
            has_admin=has_admin(session=session),
            desk_id=desk.desk_id,
            desk_name=desk.desk_name,
            office_code=desk.office_code,
            office_name=_office_name(desk.office_code),
            last_event_id=last_event,
            language=get_setting(session=session, key=LANGUAGE),
            operators=tuple(o.name for o in list_operators(session=session)),
        )


def _event_exists(session: Session, event_id: str) -> bool:
    row = session.connection().execute(text("SELECT 1 FROM event WHERE id = :id"), {"id": event_id})
    return row.first() is not None


def office_choices() -> list[Office]:
    return list(offices())


def first_start(
    db: Database, *, office_code: str, desk_name: str, admin_name: str, pin: str
) -> SignedIn:
    """Configure the desk and create its first admin, in one transaction."""
    with db.write() as session:
        # The operator first: it validates the name and PIN, and configure_desk (which commits)
        # then commits both together, so a refused PIN leaves the desk unconfigured.
        admin = _create_operator(
            session, name=admin_name, pin=pin, role=Role.ADMIN.value, by="setup"
        )
        _configure(session, office_code=office_code, desk_name=desk_name)
        record_audit(
            session=session,
            operator=admin.name,
            action="desk.setup",
            detail={"office": office_code, "desk": desk_name.strip()},
        )
    return admin


def _configure(session: Session, *, office_code: str, desk_name: str) -> DeskIdentity:
    if not desk_name.strip():
        raise HadirError("The desk needs a name, e.g. 'Meja 1'.", code="desk_name")
    # configure_desk commits; inside Database.write() that ends the transaction early and the
    # write's own commit at the end covers what follows.
    return configure_desk(session=session, office_code=office_code, desk_name=desk_name)


def setup_desk(db: Database, *, office_code: str, desk_name: str, operator: str) -> DeskIdentity:
    """Set the desk's office and name (hadir-cli's ``desk setup``; the window's first start and
    settings are the same rule)."""
    with db.write() as session:
        desk = _configure(session, office_code=office_code, desk_name=desk_name)
        record_audit(
            session=session,
            operator=operator,
            action="desk.setup",
            detail={"office": office_code, "desk": desk.desk_name},
        )
    return desk


def identity(db: Database) -> DeskIdentity:
    """The desk's id (made on first use), name and office."""
    with db.write() as session:
        return desk_identity(session=session)


@dataclass(frozen=True, slots=True)
class DemoEvent:
    event_id: str
    participants: int
    attended: int


def add_demo_event(
    db: Database, *, participants: int, attended: int, operator: str, office_code: str | None = None
) -> DemoEvent:
    """A demo event with people and check-ins on this desk (never sent to HQ)."""
    with db.write() as session:
        desk = desk_identity(session=session)
        office = office_code or desk.office_code or "SULTENG"
        result = create_demo(
            session=session,
            desk=desk,
            participants=participants,
            attended=attended,
            office_code=office,
            operator=operator,
        )
        record_audit(
            session=session,
            operator=operator,
            action="desk.demo",
            detail={"event": result.event_id, "participants": result.participants},
        )
    return DemoEvent(result.event_id, result.participants, result.attended)


@dataclass(frozen=True, slots=True)
class DemoDesk:
    event_id: str
    admin_name: str
    admin_pin: str  # shown once on screen so the trainee can sign in
    participants: int


def create_demo_desk(
    db: Database,
    *,
    office_code: str,
    desk_name: str,
    participants: int = DEMO_PARTICIPANTS,
    attended: int = DEMO_ATTENDED,
) -> DemoDesk:
    """A desk to learn on: a demo event today (never sent to HQ) and an admin with a fresh PIN."""
    pin = f"{secrets.randbelow(10**6):06d}"  # random, so no demo desk ships with a known PIN
    with db.write() as session:
        _create_operator(session, name=DEMO_ADMIN, pin=pin, role=Role.ADMIN.value, by="setup")
        desk = _configure(session, office_code=office_code, desk_name=desk_name)
        result = create_demo(
            session=session,
            desk=desk,
            participants=participants,
            attended=attended,
            office_code=office_code,
            operator=DEMO_ADMIN,
        )
        set_setting(session=session, key=LAST_EVENT, value=result.event_id)
        record_audit(
            session=session,
            operator=DEMO_ADMIN,
            action="desk.demo",
            detail={"event": result.event_id, "participants": participants},
        )
    return DemoDesk(result.event_id, DEMO_ADMIN, pin, participants)


def sign_in_operator(db: Database, *, name: str, pin: str) -> SignedIn:
    """Check a name and PIN. A failed attempt is committed too (it counts towards the lockout)."""
    failure: HadirError | None = None
    with db.write() as session:
        try:
            operator = sign_in(session=session, name=name, pin=pin)
        except SignInRefused as refused:
            record_audit(
                session=session,
                operator=refused.who,
                action="signin.failed",
                detail={"why": refused.why},
            )
            failure = refused
        except HadirError as error:  # locked out: nothing new to record
            failure = error
        else:
            record_audit(session=session, operator=operator.name, action="signin")
    if failure is not None:
        raise failure
    return operator


def _create_operator(session: Session, *, name: str, pin: str, role: str, by: str) -> SignedIn:
    created = create_operator(session=session, name=name, pin=pin, role=role)
    record_audit(
        session=session,
        operator=by,
        action="operator.create",
        detail={"name": created.name, "role": created.role},
    )
    return created


def add_operator(db: Database, *, name: str, pin: str, admin: bool, by: str) -> SignedIn:
    role = Role.ADMIN.value if admin else Role.OPERATOR.value
    with db.write() as session:
        return _create_operator(session, name=name, pin=pin, role=role, by=by)


def operator_names(db: Database) -> list[SignedIn]:
    with db.session() as session:
        return list_operators(session=session)


def set_last_event(db: Database, *, event_id: str, operator: str) -> None:
    with db.write() as session:
        set_setting(session=session, key=LAST_EVENT, value=event_id)
        record_audit(
            session=session, operator=operator, action="event.open", detail={"event": event_id}
        )


def save_desk_settings(
    db: Database, *, desk_name: str, office_code: str, language: str, operator: str
) -> DeskIdentity:
    with db.write() as session:
        desk = _configure(session, office_code=office_code, desk_name=desk_name)
        set_setting(session=session, key=LANGUAGE, value=language)
        record_audit(
            session=session,
            operator=operator,
            action="settings.change",
            detail={"desk": desk.desk_name, "office": office_code, "language": language},
        )
    return desk


def sign_out(db: Database, *, operator: str) -> None:
    """The operator leaves the desk; only the audit line records it."""
    audit(db, operator=operator, action="signout")
