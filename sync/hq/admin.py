"""HQ staff accounts and their dashboard sessions.

Sessions are rows (cookie value hashed), so every worker and host sees a login at once and a logout
ends it everywhere; each carries its own CSRF token for the dashboard's forms.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from sync.clock import as_utc
from sync.hq.errors import AlreadyExists, Invalid
from sync.hq.models import AdminSession, AdminUser
from sync.hq.security import hash_password, sha256_hex, verify_password

MIN_PASSWORD_LENGTH = 10
# Compared against when the user is unknown, so a login takes as long either way.
_DUMMY_HASH = hash_password("not-a-real-password")


@dataclass(frozen=True, slots=True)
class StaffSession:
    user_id: int
    username: str
    csrf_token: str
    role: str = "admin"  # "admin" changes things; "viewer" only sees and exports (issue 19)
    office: str | None = None  # None: HQ staff, who see every office; else the one office's code

    @property
    def is_hq_admin(self) -> bool:
        """May set targets, manage accounts and link people: an admin of HQ, not of one office."""
        return self.role == "admin" and self.office is None

    def may_see(self, office_code: str) -> bool:
        """Whether this account may see (and export) what belongs to this office."""
        return self.office is None or self.office == office_code


def create_admin(*, session: Session, username: str, password: str, now: datetime) -> AdminUser:
    name = username.strip()
    if not name or len(name) > 64:
        raise Invalid("A username needs 1 to 64 characters.", code="admin_username")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters.",
            code="admin_password_short",
            minimum=MIN_PASSWORD_LENGTH,
        )
    user = AdminUser(username=name, password_hash=hash_password(password), created_at=now)
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise AlreadyExists(
            f"An admin named '{name}' already exists.", code="admin_exists", username=name
        ) from None
    return user


def log_in(
    *, session: Session, username: str, password: str, now: datetime, lifetime: timedelta
) -> tuple[str, StaffSession] | None:
    """(cookie value, session) on success, None otherwise (the caller says nothing more)."""
    user = session.execute(
        select(AdminUser).where(col(AdminUser.username) == username.strip())
    ).scalar_one_or_none()
    if user is None or user.disabled or user.id is None:
        verify_password(password, _DUMMY_HASH)
        return None
    if not verify_password(password, user.password_hash):
        return None
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(
        AdminSession(
            id_hash=sha256_hex(cookie),
            user_id=user.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    return cookie, StaffSession(user.id, user.username, csrf)


def current_staff(*, session: Session, cookie: str, now: datetime) -> StaffSession | None:
    row = session.execute(
        select(AdminSession, AdminUser)
        .join(AdminUser, col(AdminUser.id) == col(AdminSession.user_id))
        .where(col(AdminSession.id_hash) == sha256_hex(cookie))
    ).first()
    if row is None:
        return None
    staff_session, user = row
    if as_utc(staff_session.expires_at) <= now or user.disabled:
        return None
    return StaffSession(user.id or 0, user.username, staff_session.csrf_token)


def log_out(*, session: Session, cookie: str) -> None:
    session.execute(delete(AdminSession).where(col(AdminSession.id_hash) == sha256_hex(cookie)))
