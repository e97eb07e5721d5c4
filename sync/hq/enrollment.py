"""Enrollment: an admin makes a one-time code for an office; a desk trades it for a device id and a
bearer token, and registers its certificate-signing key. Revocation refuses the desk at once.

A code is spent by one conditional UPDATE (unused and unexpired), so two desks racing with the same
code cannot both enroll, whichever worker serves them.

Desk tokens rotate (issue 15 item 9): an accepted push or pull from a desk that asks for it hands
the desk a new token (``issue_desk_token``), pending until its first use, which makes it current
(``promote_desk_token``) and leaves the token it replaces valid for the grace period. Until then the
current token keeps working, so an answer lost on the way never locks the desk out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from sync.clock import as_utc
from sync.ed25519 import PublicKey as Ed25519PublicKey
from sync.hq import feed
from sync.hq.errors import AlreadyExists, Forbidden, Invalid, NotFound, Unauthorized
from sync.hq.models import DeskKey, DeskToken, Device, EnrollmentCode, HqKey
from sync.hq.security import hash_enrollment_code, new_desk_token, new_enrollment_code, sha256_hex
from sync.ids import new_id
from sync.offices import Office
from sync.protocol import DeskKeyRecord, EnrollRequest, EnrollResponse
from sync.seal_format import b64encode, decode_key_text, key_id_for

# A code is typed at a desk within days of being made; one that lives longer than a month is a
# credential left lying around, and one of zero hours could never be used.
MIN_CODE_HOURS = 1
MAX_CODE_HOURS = 30 * 24
# New tokens whose answer never reached the desk stay pending until another one is used; a desk on
# a bad link may lose a few answers in a row, but it uses the first new token it does receive.
MAX_PENDING_TOKENS = 8


def create_enrollment_code(
    *,
    session: Session,
    office_code: str,
    offices: dict[str, Office],
    now: datetime,
    valid_for: timedelta,
) -> str:
    hours = valid_for / timedelta(hours=1)
    if not MIN_CODE_HOURS <= hours <= MAX_CODE_HOURS:
        raise Invalid(
            f"An enrollment code must stay valid between {MIN_CODE_HOURS} and {MAX_CODE_HOURS}"
            f" hours (30 days), not {hours:g}; pass --hours in that range.",
            code="code_hours_out_of_range",
        )
    code = office_code.strip().upper()
    if code not in offices:
        raise NotFound(
            f"Unknown office code '{office_code}'. Known codes: {', '.join(offices)}.",
            code="office_unknown",
            office_code=office_code,
        )
    plain = new_enrollment_code()
    session.add(
        EnrollmentCode(
            code_hash=hash_enrollment_code(plain),
            office_code=code,
            created_at=now,
            expires_at=now + valid_for,
        )
    )
    return plain


def decode_public_key(public_key: str) -> bytes:
    """A base64url or base64 (padded or not) raw 32-byte Ed25519 public key."""
    try:
        raw = decode_key_text(public_key)
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise Invalid(
            "public_key must be base64 of a raw 32-byte Ed25519 public key.",
            code="public_key_invalid",
        ) from None
    return raw


def _key_record(key: DeskKey, device: Device) -> DeskKeyRecord:
    return DeskKeyRecord(
        id=key.id,
        device_id=device.id,
        office_code=device.office_code,
        desk_name=device.desk_name,
        public_key=key.public_key,
        registered_at=as_utc(key.registered_at),
        revoked_at=as_utc(key.revoked_at) if key.revoked_at else None,
    )


def enroll_desk(
    *, session: Session, request: EnrollRequest, offices: dict[str, Office], now: datetime
) -> EnrollResponse:
    raw_key = decode_public_key(request.public_key)
    expected_id = key_id_for(Ed25519PublicKey.from_public_bytes(raw_key))
    if request.key_id != expected_id:
        # Seals name their key by this id; a key filed under another id could never verify.
        raise Invalid(
            f"key_id must be the key's own id ({expected_id}), see sync.seal_format.key_id_for.",
            code="key_id_mismatch",
            expected=expected_id,
        )
    device_id = new_id()
    spent = session.execute(
        update(EnrollmentCode)
        .where(
            col(EnrollmentCode.code_hash) == hash_enrollment_code(request.code),
            col(EnrollmentCode.used_at).is_(None),
            col(EnrollmentCode.expires_at) > now,
        )
        .values(used_at=now, device_id=device_id)
    )
    if getattr(spent, "rowcount", 0) != 1:
        raise Forbidden(
            "This enrollment code is unknown, already used or expired; ask HQ for a new one.",
            code="enrollment_code_unknown",
        )
    office_code = session.execute(
        select(col(EnrollmentCode.office_code)).where(col(EnrollmentCode.device_id) == device_id)
    ).scalar_one()
    token = new_desk_token()
    device = Device(
        id=device_id,
        office_code=office_code,
        desk_name=request.desk_name.strip(),
        desk_id=request.desk_id,
        token_hash=sha256_hex(token),
        app_version=request.app_version,
        enrolled_at=now,
    )
    key = DeskKey(
        id=request.key_id,
        device_id=device_id,
        public_key=b64encode(raw_key),  # the desk's own spelling (desktop/core/seal.py)
        registered_at=now,
    )
    session.add(device)
    session.add(key)
    try:
        session.flush()
    except IntegrityError:
        raise AlreadyExists(
            f"Key id '{request.key_id}' is already registered; make a new key id.",
            code="key_taken",
            key_id=request.key_id,
        ) from None
    feed.publish(session=session, kind="desk_key", record=_key_record(key, device), now=now)
    office = offices.get(office_code)
    return EnrollResponse(
        device_id=device_id,
        token=token,
        office_code=office_code,
        office_name=office.name if office else office_code,
        server_time=now,
        bundle_key=bundle_public_key(session=session),
    )


def bundle_public_key(*, session: Session) -> str:
    """HQ's X25519 public key for sealed USB bundles (base64), "" if this HQ has none."""
    key = session.get(HqKey, "bundle")
    return key.public_key if key is not None else ""


def revoke_device(*, session: Session, device_id: str, now: datetime) -> Device:
    """Refuse the desk from now on; its keys stop being trusted for new seals (already recorded
    certificates stay verifiable: they reached HQ while the desk was trusted)."""
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound(f"No desk with id '{device_id}'.", code="desk_unknown", device_id=device_id)
    if device.revoked_at is not None:
        return device
    session.execute(
        update(Device)
        .where(col(Device.id) == device_id, col(Device.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    keys = (
        session.execute(
            select(DeskKey).where(
                col(DeskKey.device_id) == device_id, col(DeskKey.revoked_at).is_(None)
            )
        )
        .scalars()
        .all()
    )
    for key in keys:
        key.revoked_at = now
        session.add(key)
        feed.publish(session=session, kind="desk_key", record=_key_record(key, device), now=now)
    session.flush()
    session.refresh(device)
    return device


@dataclass(frozen=True, slots=True)
class DeskLogin:
    """Who a bearer token belongs to, and whether this is the first use of a new token."""

    device: Device
    token_hash: str
    first_use: bool = False


def _unknown_token() -> Unauthorized:
    return Unauthorized(
        "Unknown desk token: enroll this desk again with a new code.", code="desk_token_unknown"
    )


def _token_owner(*, session: Session, token_hash: str) -> tuple[Device | None, DeskToken | None]:
    device = session.execute(
        select(Device).where(col(Device.token_hash) == token_hash)
    ).scalar_one_or_none()
    if device is not None:
        return device, None
    spare = session.execute(
        select(DeskToken).where(col(DeskToken.token_hash) == token_hash)
    ).scalar_one_or_none()
    return None, spare


def authenticate_device(*, session: Session, token: str, now: datetime) -> DeskLogin:
    """The desk a token belongs to: its current token, a new one not used yet (``first_use``: the
    caller promotes it), or a replaced one still within its grace. Reads only."""
    token_hash = sha256_hex(token)
    device, spare = _token_owner(session=session, token_hash=token_hash)
    if device is None and spare is None:
        # A promotion moves a hash between ``device`` and ``desk_token`` in one commit; on
        # PostgreSQL each of the two reads sees the latest commit, so a request racing it can
        # miss both. Asked again, it finds the token where the promotion put it.
        device, spare = _token_owner(session=session, token_hash=token_hash)
    first_use = False
    if device is None:
        if spare is None or (spare.expires_at is not None and as_utc(spare.expires_at) <= now):
            raise _unknown_token()
        device = session.get(Device, spare.device_id)
        if device is None:
            raise _unknown_token()
        first_use = spare.expires_at is None
    if device.revoked_at is not None:
        # Every token of the desk, current, new or retiring, meets this.
        raise Unauthorized(
            "This desk has been revoked by HQ: enroll it again with a new code.",
            code="desk_revoked",
        )
    return DeskLogin(device=device, token_hash=token_hash, first_use=first_use)


def promote_desk_token(
    *, session: Session, device_id: str, token_hash: str, now: datetime, grace: timedelta
) -> bool:
    """A new token's first use makes it current. The token it replaces, and the other new ones
    handed out meanwhile (answers lost, or saved by the desk in another order), stay valid until
    ``now + grace``. Tokens retired earlier keep their own grace: a desk put back from a backup
    made within the grace still gets in, and gets a new token. Retired tokens past their grace
    are deleted here. False when another request promoted it first (it is current either way)."""
    # The desk's row first, locked: of two requests promoting at once (two workers), the second
    # waits here and then reads what the first committed (SQLite's BEGIN IMMEDIATE already
    # serialises writers; it has no FOR UPDATE and SQLAlchemy leaves it out there).
    device = session.execute(
        select(Device).where(col(Device.id) == device_id).with_for_update()
    ).scalar_one_or_none()
    spare = session.execute(
        select(DeskToken).where(col(DeskToken.token_hash) == token_hash)
    ).scalar_one_or_none()
    if (
        device is None
        or spare is None
        or spare.device_id != device_id
        or spare.expires_at is not None  # another new token was used first: this one retires
        or device.token_hash == token_hash
    ):
        return False
    replaced = device.token_hash
    session.execute(update(Device).where(col(Device.id) == device_id).values(token_hash=token_hash))
    until = now + grace
    session.execute(
        delete(DeskToken).where(
            col(DeskToken.device_id) == device_id,
            (col(DeskToken.expires_at) <= now) | (col(DeskToken.token_hash) == token_hash),
        )
    )
    session.execute(
        update(DeskToken)
        .where(col(DeskToken.device_id) == device_id, col(DeskToken.expires_at).is_(None))
        .values(expires_at=until)
    )
    session.add(
        DeskToken(token_hash=replaced, device_id=device_id, created_at=now, expires_at=until)
    )
    session.flush()
    return True


def issue_desk_token(*, session: Session, device_id: str, now: datetime) -> str:
    """A new token for the desk, pending until its first use; HQ keeps its hash only. The oldest
    pending ones beyond MAX_PENDING_TOKENS are dropped (their answers were lost)."""
    token = new_desk_token()
    token_hash = sha256_hex(token)
    others = (
        session.execute(
            select(col(DeskToken.token_hash))
            .where(col(DeskToken.device_id) == device_id, col(DeskToken.expires_at).is_(None))
            .order_by(col(DeskToken.created_at).desc(), col(DeskToken.token_hash))
        )
        .scalars()
        .all()
    )
    if len(others) >= MAX_PENDING_TOKENS:
        session.execute(
            delete(DeskToken).where(col(DeskToken.token_hash).in_(others[MAX_PENDING_TOKENS - 1 :]))
        )
    session.add(DeskToken(token_hash=token_hash, device_id=device_id, created_at=now))
    session.flush()
    return token


def touch_device(
    *, session: Session, device_id: str, now: datetime, pending: int | None = None
) -> None:
    """A desk's contact (pull, reconciliation): when, and how much it said it still has waiting
    (None: it did not say, so what HQ knew stands)."""
    values: dict[str, object] = {"last_seen_at": now}
    if pending is not None:
        values["pending_count"] = pending
    session.execute(update(Device).where(col(Device.id) == device_id).values(**values))
