"""HQ staff accounts and their dashboard sessions.

Sessions are rows (cookie value hashed), so every worker and host sees a login at once and a logout
ends it everywhere; each carries its own CSRF token for the dashboard's forms.

Issue 19 item 4: an account has a role ("admin" changes things, "viewer" only sees and exports) and
an office (None: HQ staff, who see every office). HQ admins manage the accounts; every change and
every login, right or wrong, is a ``staff_audit`` row. A password is at least 12 characters, not the
username, not a common one. An account may add a TOTP second factor: the password step then leaves
a pending-login row (any worker can take the second step), and a code is accepted once.
These functions are the one front door: the dashboard's pages and ``hadir-hq admin`` both call them.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import pyotp
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from sync.clock import as_utc
from sync.hq import lockout
from sync.hq.common_passwords import COMMON_PASSWORDS
from sync.hq.errors import AlreadyExists, Invalid, NotFound
from sync.hq.models import AdminSession, AdminUser, PendingLogin, StaffAudit
from sync.hq.security import (
    hash_password,
    open_totp_secret,
    seal_totp_secret,
    sha256_hex,
    verify_password,
)
from sync.offices import Office

ROLES = ("admin", "viewer")
MIN_PASSWORD_LENGTH = 12  # passwords set before issue 19 (10 and up) keep working
PENDING_LOGIN_LIFETIME = timedelta(minutes=5)
PENDING_LOGIN_ATTEMPTS = 5  # wrong codes before the password must be given again
TOTP_ISSUER = "Hadir HQ"
TOTP_STEP_SECONDS = 30
# Compared against when the user is unknown, so a login takes as long either way.
_DUMMY_HASH = hash_password("not-a-real-password")
_TRAILING = "0123456789!@#$%^&*()-_=+.,;:?~ "


@dataclass(frozen=True, slots=True)
class StaffSession:
    user_id: int
    username: str
    csrf_token: str
    role: str = "admin"  # "admin" changes things; "viewer" only sees and exports (issue 19)
    office: str | None = None  # None: HQ staff, who see every office; else the one office's code
    must_change_password: bool = False  # after an HQ admin's reset: the account page only
    totp_enabled: bool = False

    @property
    def is_hq_admin(self) -> bool:
        """May set targets, manage accounts and link people: an admin of HQ, not of one office."""
        return self.role == "admin" and self.office is None

    @property
    def is_admin(self) -> bool:
        """May change what belongs to the offices it sees (enrollment codes, revocations)."""
        return self.role == "admin"

    def may_see(self, office_code: str) -> bool:
        """Whether this account may see (and export) what belongs to this office."""
        return self.office is None or self.office == office_code


@dataclass(frozen=True, slots=True)
class Account:
    """One account as the accounts page and ``hadir-hq admin list`` show it (plain data)."""

    id: int
    username: str
    role: str
    office: str | None
    disabled: bool
    totp_enabled: bool
    must_change_password: bool
    created_at: datetime
    password_changed_at: datetime | None
    locked_until: datetime | None


@dataclass(frozen=True, slots=True)
class AuditLine:
    at: datetime
    actor: str
    action: str
    account: str | None
    source: str
    detail: str


@dataclass(frozen=True, slots=True)
class TotpSetup:
    secret: str  # base32, for typing into an authenticator app
    uri: str  # otpauth://, for its QR code


@dataclass(frozen=True, slots=True)
class SignIn:
    """What a login step came to. ``signed_in``: ``cookie`` is the session's; ``needs_code``:
    ``cookie`` is the pending login's; ``locked``: ``until`` says when to try again (``scope``
    "source" or "account"); ``refused``: wrong name, password or code (nothing more is said)."""

    outcome: Literal["signed_in", "needs_code", "locked", "refused"]
    cookie: str = ""
    staff: StaffSession | None = None
    until: datetime | None = None
    scope: str = ""


# ------------------------------------------------------------------------------------ the policy


def check_password_policy(*, username: str, password: str) -> None:
    """Refuse a password HQ will not store: short, the username, or a common one."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters; choose a longer one.",
            code="admin_password_short",
            minimum=MIN_PASSWORD_LENGTH,
        )
    lowered = password.lower()
    # As typed, without the punctuation people add at the end, and without trailing digits too.
    forms = {lowered, lowered.rstrip(_TRAILING[10:]), lowered.rstrip(_TRAILING)}
    if username.strip().lower() in forms:
        raise Invalid(
            "A password must not be the username; choose another.", code="admin_password_username"
        )
    if forms & COMMON_PASSWORDS:
        raise Invalid(
            "This password is one of the most common ones; choose one nobody would guess.",
            code="admin_password_common",
        )


def _check_role_and_office(
    role: str, office: str | None, offices: Mapping[str, Office] | None
) -> str | None:
    if role not in ROLES:
        raise Invalid(
            f"Unknown role '{role}': give 'admin' or 'viewer'.", code="admin_role", role=role
        )
    if office is None or not office.strip():
        return None
    code = office.strip().upper()
    if offices is not None and code not in offices:
        raise Invalid(
            f"Unknown office code '{code}'; use one of resources/offices.csv.",
            code="office_unknown",
            office=code,
        )
    return code


# ------------------------------------------------------------------------------------ the audit


def audit(
    *,
    session: Session,
    actor: str,
    action: str,
    now: datetime,
    account: str | None = None,
    source: str = "",
    detail: str = "",
) -> None:
    session.add(
        StaffAudit(
            at=now,
            actor=actor[:100],
            action=action,
            account=None if account is None else account[:64],
            source=source[:64],
            detail=detail[:500],
        )
    )


def recent_audit(*, session: Session, limit: int = 200) -> list[AuditLine]:
    rows = session.execute(
        select(StaffAudit)
        .order_by(col(StaffAudit.at).desc(), col(StaffAudit.id).desc())
        .limit(limit)
    ).scalars()
    return [AuditLine(as_utc(r.at), r.actor, r.action, r.account, r.source, r.detail) for r in rows]


# --------------------------------------------------------------------------------- the accounts


def _user(session: Session, username: str) -> AdminUser:
    user = session.execute(
        select(AdminUser).where(col(AdminUser.username) == username.strip())
    ).scalar_one_or_none()
    if user is None or user.id is None:
        raise NotFound(
            f"No staff account named '{username.strip()}'; `hadir-hq admin list` shows them.",
            code="admin_unknown",
            username=username.strip(),
        )
    return user


def _user_by_id(session: Session, user_id: int) -> AdminUser:
    user = session.get(AdminUser, user_id)
    if user is None:
        raise NotFound("This staff account no longer exists.", code="admin_unknown")
    return user


def _end_sessions(session: Session, user_id: int) -> None:
    session.execute(delete(AdminSession).where(col(AdminSession.user_id) == user_id))
    session.execute(delete(PendingLogin).where(col(PendingLogin.user_id) == user_id))


def create_admin(
    *,
    session: Session,
    username: str,
    password: str,
    now: datetime,
    role: str = "admin",
    office: str | None = None,
    offices: Mapping[str, Office] | None = None,
    by: str = "system",
    source: str = "",
) -> AdminUser:
    """A new staff account; without role and office, an HQ admin (as every account was before)."""
    name = username.strip()
    if not name or len(name) > 64:
        raise Invalid("A username needs 1 to 64 characters.", code="admin_username")
    office_code = _check_role_and_office(role, office, offices)
    check_password_policy(username=name, password=password)
    user = AdminUser(
        username=name,
        password_hash=hash_password(password),
        created_at=now,
        role=role,
        office_code=office_code,
        password_changed_at=now,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise AlreadyExists(
            f"An admin named '{name}' already exists.", code="admin_exists", username=name
        ) from None
    audit(
        session=session,
        actor=by,
        action="account_created",
        now=now,
        account=name,
        source=source,
        detail=f"role={role} office={office_code or 'HQ'}",
    )
    return user


create_account = create_admin


def list_accounts(*, session: Session, now: datetime) -> list[Account]:
    users = session.execute(select(AdminUser).order_by(col(AdminUser.username))).scalars().all()
    return [
        Account(
            id=u.id or 0,
            username=u.username,
            role=u.role,
            office=u.office_code,
            disabled=u.disabled,
            totp_enabled=u.totp_enabled,
            must_change_password=u.must_change_password,
            created_at=as_utc(u.created_at),
            password_changed_at=None
            if u.password_changed_at is None
            else as_utc(u.password_changed_at),
            locked_until=lockout.account_locked_until(
                session=session, username=u.username, now=now
            ),
        )
        for u in users
    ]


def username_of(*, session: Session, account_id: int) -> str:
    return _user_by_id(session, account_id).username


def set_disabled(
    *, session: Session, username: str, disabled: bool, by: str, now: datetime, source: str = ""
) -> None:
    """Disable (its sessions end at once, everywhere) or enable an account. The last enabled HQ
    admin cannot be disabled: nobody could manage the accounts any more."""
    user = _user(session, username)
    if disabled and not user.disabled and user.role == "admin" and user.office_code is None:
        others = session.execute(
            select(func.count())
            .select_from(AdminUser)
            .where(
                col(AdminUser.role) == "admin",
                col(AdminUser.office_code).is_(None),
                col(AdminUser.disabled).is_(False),
                col(AdminUser.id) != user.id,
            )
        ).scalar_one()
        if not others:
            raise Invalid(
                f"'{user.username}' is the last HQ admin; create another before disabling it.",
                code="admin_last",
                username=user.username,
            )
    user.disabled = disabled
    session.add(user)
    if disabled and user.id is not None:
        _end_sessions(session, user.id)
    audit(
        session=session,
        actor=by,
        action="account_disabled" if disabled else "account_enabled",
        now=now,
        account=user.username,
        source=source,
    )


def reset_password(
    *, session: Session, username: str, by: str, now: datetime, source: str = ""
) -> str:
    """A new random password for the account, shown once to whoever reset it; its owner must
    change it at the next login, and its sessions end."""
    user = _user(session, username)
    temporary = secrets.token_urlsafe(12)  # 16 characters, 96 bits
    user.password_hash = hash_password(temporary)
    user.password_changed_at = now
    user.must_change_password = True
    session.add(user)
    _end_sessions(session, user.id or 0)
    audit(
        session=session,
        actor=by,
        action="password_reset",
        now=now,
        account=user.username,
        source=source,
    )
    return temporary


def change_password(
    *, session: Session, user_id: int, current: str, new: str, now: datetime, source: str = ""
) -> None:
    """The account's own change: the current password first, then the policy."""
    user = _user_by_id(session, user_id)
    if not verify_password(current, user.password_hash):
        audit(
            session=session,
            actor=user.username,
            action="password_change_refused",
            now=now,
            account=user.username,
            source=source,
            detail="current password wrong",
        )
        raise Invalid(
            "The current password is not right; type it again.", code="admin_password_wrong"
        )
    check_password_policy(username=user.username, password=new)
    if hmac.compare_digest(current.encode(), new.encode()):
        raise Invalid(
            "The new password is the current one; choose a different one.",
            code="admin_password_same",
        )
    user.password_hash = hash_password(new)
    user.password_changed_at = now
    user.must_change_password = False
    session.add(user)
    audit(
        session=session,
        actor=user.username,
        action="password_changed",
        now=now,
        account=user.username,
        source=source,
    )


def unlock_account(
    *, session: Session, username: str, by: str, now: datetime, source: str = ""
) -> int:
    """Forget the account's failed logins from every source; how many lock rows went."""
    user = _user(session, username)
    gone = lockout.unlock(session=session, username=user.username)
    audit(
        session=session,
        actor=by,
        action="account_unlocked",
        now=now,
        account=user.username,
        source=source,
        detail=f"{gone} lock rows",
    )
    return gone


# ------------------------------------------------------------------------------------------ TOTP


def _step(now: datetime) -> int:
    return int(now.timestamp()) // TOTP_STEP_SECONDS


def _take_code(session: Session, user: AdminUser, secret: str, code: str, now: datetime) -> bool:
    """Whether ``code`` is right for now (one step of clock drift either way) and not used before;
    the step is taken in one conditional UPDATE, so two workers cannot both accept one code."""
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) != 6 or user.id is None:
        return False
    totp = pyotp.TOTP(secret, interval=TOTP_STEP_SECONDS)
    current = _step(now)
    for step in (current - 1, current, current + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if hmac.compare_digest(totp.at(step * TOTP_STEP_SECONDS), digits):
            taken = session.execute(
                update(AdminUser)
                .where(
                    col(AdminUser.id) == user.id,
                    or_(
                        col(AdminUser.totp_last_step).is_(None),
                        col(AdminUser.totp_last_step) < step,
                    ),
                )
                .values(totp_last_step=step)
            )
            return bool(getattr(taken, "rowcount", 0))
    return False


def begin_totp(*, session: Session, user_id: int, totp_key: bytes, now: datetime) -> TotpSetup:
    """A new secret for the account, not in force until a code from it is confirmed."""
    user = _user_by_id(session, user_id)
    if user.totp_enabled:
        raise Invalid(
            "TOTP is already on for this account; turn it off first to set up a new one.",
            code="totp_already_on",
        )
    secret = pyotp.random_base32()
    user.totp_secret = seal_totp_secret(secret, key=totp_key, user_id=user_id)
    session.add(user)
    return totp_setup(username=user.username, secret=secret)


def pending_totp(*, session: Session, user_id: int, totp_key: bytes) -> TotpSetup | None:
    """The setup begun and not yet confirmed, to show again; None if there is none."""
    user = _user_by_id(session, user_id)
    if user.totp_enabled or user.totp_secret is None:
        return None
    secret = open_totp_secret(user.totp_secret, key=totp_key, user_id=user_id)
    return totp_setup(username=user.username, secret=secret)


def totp_setup(*, username: str, secret: str) -> TotpSetup:
    uri = pyotp.TOTP(secret, interval=TOTP_STEP_SECONDS).provisioning_uri(
        name=username, issuer_name=TOTP_ISSUER
    )
    return TotpSetup(secret=secret, uri=uri)


def confirm_totp(
    *, session: Session, user_id: int, code: str, totp_key: bytes, now: datetime, source: str = ""
) -> None:
    user = _user_by_id(session, user_id)
    if user.totp_enabled:
        raise Invalid("TOTP is already on for this account.", code="totp_already_on")
    if user.totp_secret is None:
        raise Invalid("Start the TOTP setup first.", code="totp_not_started")
    secret = open_totp_secret(user.totp_secret, key=totp_key, user_id=user_id)
    if not _take_code(session, user, secret, code, now):
        raise Invalid(
            "That code is not right for the secret shown; check the phone's clock and type the "
            "code the app shows now.",
            code="totp_code_wrong",
        )
    session.execute(update(AdminUser).where(col(AdminUser.id) == user_id).values(totp_enabled=True))
    session.expire(user)
    audit(
        session=session,
        actor=user.username,
        action="totp_enabled",
        now=now,
        account=user.username,
        source=source,
    )


def turn_off_totp(
    *, session: Session, user_id: int, password: str, now: datetime, source: str = ""
) -> None:
    """The account's own choice, with its password (a session left open is not enough)."""
    user = _user_by_id(session, user_id)
    if not verify_password(password, user.password_hash):
        raise Invalid("The password is not right; type it again.", code="admin_password_wrong")
    _clear_totp(session, user)
    audit(
        session=session,
        actor=user.username,
        action="totp_disabled",
        now=now,
        account=user.username,
        source=source,
    )


def reset_totp(
    *, session: Session, username: str, by: str, now: datetime, source: str = ""
) -> None:
    """An HQ admin's reset (a lost phone): the account signs in with its password alone."""
    user = _user(session, username)
    _clear_totp(session, user)
    _end_sessions(session, user.id or 0)
    audit(
        session=session,
        actor=by,
        action="totp_reset",
        now=now,
        account=user.username,
        source=source,
    )


def _clear_totp(session: Session, user: AdminUser) -> None:
    user.totp_secret = None
    user.totp_enabled = False
    user.totp_last_step = None
    session.add(user)


# ----------------------------------------------------------------------------------- signing in


def _staff(user: AdminUser, csrf: str) -> StaffSession:
    return StaffSession(
        user.id or 0,
        user.username,
        csrf,
        role=user.role,
        office=user.office_code,
        must_change_password=user.must_change_password,
        totp_enabled=user.totp_enabled,
    )


def _open_session(
    session: Session, user: AdminUser, now: datetime, lifetime: timedelta, source: str
) -> SignIn:
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(
        AdminSession(
            id_hash=sha256_hex(cookie),
            user_id=user.id or 0,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    lockout.record_success(session=session, username=user.username, source=source)
    audit(
        session=session,
        actor=user.username,
        action="login_succeeded",
        now=now,
        account=user.username,
        source=source,
        detail="password and TOTP" if user.totp_enabled else "password",
    )
    return SignIn("signed_in", cookie=cookie, staff=_staff(user, csrf))


def _locked(session: Session, username: str, source: str, now: datetime) -> SignIn | None:
    until = lockout.locked_until(session=session, username=username, source=source, now=now)
    if until is not None:
        return SignIn("locked", until=until, scope="source")
    until = lockout.account_locked_until(session=session, username=username, now=now)
    if until is not None:
        return SignIn("locked", until=until, scope="account")
    return None


def _refuse(session: Session, username: str, source: str, now: datetime, reason: str) -> SignIn:
    lockout.record_failure(session=session, username=username, source=source, now=now)
    audit(
        session=session,
        actor=username,
        action="login_failed",
        now=now,
        account=username,
        source=source,
        detail=reason,
    )
    return SignIn("refused")


def sign_in(
    *,
    session: Session,
    username: str,
    password: str,
    source: str,
    now: datetime,
    lifetime: timedelta,
) -> SignIn:
    """The password step. A locked source or account is told to wait (and audited); a right
    password opens a session, or, with TOTP on, a pending login for the code step."""
    name = username.strip()[:64]
    session.execute(delete(PendingLogin).where(col(PendingLogin.expires_at) < now))
    locked = _locked(session, name, source, now)
    if locked is not None:
        audit(
            session=session,
            actor=name,
            action="login_failed",
            now=now,
            account=name,
            source=source,
            detail=f"locked ({locked.scope})",
        )
        return locked
    user = session.execute(
        select(AdminUser).where(col(AdminUser.username) == name)
    ).scalar_one_or_none()
    if user is None or user.disabled or user.id is None:
        verify_password(password, _DUMMY_HASH)
        return _refuse(session, name, source, now, "disabled" if user else "unknown account")
    if not verify_password(password, user.password_hash):
        return _refuse(session, name, source, now, "wrong password")
    if not user.totp_enabled:
        return _open_session(session, user, now, lifetime, source)
    token = secrets.token_urlsafe(32)
    session.add(
        PendingLogin(
            id_hash=sha256_hex(token),
            user_id=user.id,
            source=source[:64],
            created_at=now,
            expires_at=now + PENDING_LOGIN_LIFETIME,
        )
    )
    return SignIn("needs_code", cookie=token)


def sign_in_code(
    *,
    session: Session,
    pending_cookie: str,
    code: str,
    source: str,
    now: datetime,
    lifetime: timedelta,
    totp_key: bytes,
) -> SignIn:
    """The code step of a pending login: expired, unknown or used up, it is refused (the password
    step again); a wrong code counts as a failed login like a wrong password."""
    pending = session.get(PendingLogin, sha256_hex(pending_cookie)) if pending_cookie else None
    if pending is None or as_utc(pending.expires_at) <= now:
        return SignIn("refused")
    user = session.get(AdminUser, pending.user_id)
    if user is None or user.disabled or not user.totp_enabled or user.totp_secret is None:
        session.delete(pending)
        return SignIn("refused")
    locked = _locked(session, user.username, source, now)
    if locked is not None:
        session.delete(pending)
        return locked
    secret = open_totp_secret(user.totp_secret, key=totp_key, user_id=user.id or 0)
    if not _take_code(session, user, secret, code, now):
        pending.attempts += 1
        if pending.attempts >= PENDING_LOGIN_ATTEMPTS:
            session.delete(pending)
        else:
            session.add(pending)
        refused = _refuse(session, user.username, source, now, "wrong or reused TOTP code")
        return SignIn(refused.outcome, cookie=pending_cookie)
    session.delete(pending)
    session.refresh(user)
    return _open_session(session, user, now, lifetime, source)


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
    return _staff(user, staff_session.csrf_token)


def log_out(
    *, session: Session, cookie: str, now: datetime | None = None, source: str = ""
) -> None:
    if now is not None:
        found = current_staff(session=session, cookie=cookie, now=now)
        if found is not None:
            audit(
                session=session,
                actor=found.username,
                action="logout",
                now=now,
                account=found.username,
                source=source,
            )
    session.execute(delete(AdminSession).where(col(AdminSession.id_hash) == sha256_hex(cookie)))
