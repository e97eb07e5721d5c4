"""This desk's identity and settings, kept in the ``setting`` table of its own database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from desktop.core.clock import new_id
from desktop.core.models import Setting

DEFAULT_DESK_NAME = "Meja 1"


def get_setting(*, session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row else None


def set_setting(*, session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
        session.add(row)


@dataclass(frozen=True, slots=True)
class DeskIdentity:
    desk_id: str
    desk_name: str
    office_code: str | None


def desk_identity(*, session: Session) -> DeskIdentity:
    """The desk's id is made once, on first use, and never changes (records carry it)."""
    desk_id = get_setting(session=session, key="desk_id")
    if desk_id is None:
        desk_id = new_id()
        set_setting(session=session, key="desk_id", value=desk_id)
        session.commit()
    return DeskIdentity(
        desk_id=desk_id,
        desk_name=get_setting(session=session, key="desk_name") or DEFAULT_DESK_NAME,
        office_code=get_setting(session=session, key="office_code"),
    )


def configure_desk(*, session: Session, office_code: str, desk_name: str) -> DeskIdentity:
    from desktop.core.offices import office_by_code

    office = office_by_code(office_code)
    name = desk_name.strip()
    if not name:
        raise ValueError("The desk needs a name, e.g. 'Meja 1'.")
    set_setting(session=session, key="office_code", value=office.code)
    set_setting(session=session, key="desk_name", value=name)
    session.commit()
    return desk_identity(session=session)
