"""Secrets HQ hands out or checks: desk tokens, enrollment codes, admin passwords, rate limits.

Only hashes of tokens and codes are stored, so a copy of the database cannot impersonate a desk.
Passwords use the standard library's scrypt (no extra dependency for the one place it matters).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sync.hq.errors import Invalid

# Crockford's base32 without I, L, O, U: codes are read aloud and typed at a desk.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_GROUPS = 3
_CODE_GROUP_LENGTH = 4  # 12 symbols, 60 bits: guessing is hopeless under the enroll rate limit

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def sha256_hex(value: str | bytes) -> str:
    data = value.encode() if isinstance(value, str) else value
    return hashlib.sha256(data).hexdigest()


def new_desk_token() -> str:
    """32 random bytes; HQ keeps sha256_hex(token) only."""
    return secrets.token_urlsafe(32)


def new_enrollment_code() -> str:
    symbols = [secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_GROUPS * _CODE_GROUP_LENGTH)]
    groups = [
        "".join(symbols[i : i + _CODE_GROUP_LENGTH])
        for i in range(0, len(symbols), _CODE_GROUP_LENGTH)
    ]
    return "-".join(groups)


def normalize_enrollment_code(code: str) -> str:
    """What a person types: any case, with or without dashes and spaces; O read as 0, I/L as 1."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


def hash_enrollment_code(code: str) -> str:
    return sha256_hex(normalize_enrollment_code(code))


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    encoded = [base64.b64encode(part).decode() for part in (salt, digest)]
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encoded[0]}${encoded[1]}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        actual = hashlib.scrypt(
            password.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


_TOTP_SEAL_VERSION = "v1"


def totp_key_bytes(configured: str) -> bytes:
    """The AES-256 key behind HADIR_HQ_TOTP_KEY, or an error that says how to make one."""
    how = 'make one with `python -c "import secrets; print(secrets.token_urlsafe(32))"`'
    if not configured:
        raise Invalid(
            f"TOTP is not set up on this HQ: HADIR_HQ_TOTP_KEY is empty; {how} and restart HQ.",
            code="totp_key_missing",
        )
    try:
        key = base64.urlsafe_b64decode(configured + "=" * (-len(configured) % 4))
    except ValueError:
        key = b""
    if len(key) != 32:
        raise Invalid(
            f"HADIR_HQ_TOTP_KEY is not 32 bytes of URL-safe base64; {how}.",
            code="totp_key_invalid",
        )
    return key


def seal_totp_secret(secret: str, *, key: bytes, user_id: int) -> str:
    """The secret encrypted (AES-GCM) and bound to its account: a sealed secret copied onto another
    account's row does not open."""
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(key).encrypt(nonce, secret.encode(), f"admin_user:{user_id}".encode())
    return f"{_TOTP_SEAL_VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def open_totp_secret(sealed: str, *, key: bytes, user_id: int) -> str:
    version, _, body = sealed.partition(":")
    try:
        if version != _TOTP_SEAL_VERSION:
            raise ValueError(version)
        raw = base64.urlsafe_b64decode(body)
        plain = AESGCM(key).decrypt(raw[:12], raw[12:], f"admin_user:{user_id}".encode())
    except (ValueError, InvalidTag):
        raise Invalid(
            "This account's TOTP secret does not open with HADIR_HQ_TOTP_KEY (was the key "
            "changed?); an HQ admin can reset the account's TOTP (`hadir-hq admin reset-totp`).",
            code="totp_secret_unreadable",
        ) from None
    return plain.decode()


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBucket:
    """Per-key token buckets held in this process (each uvicorn worker keeps its own, so the
    effective limit with N workers is up to N times the configured one)."""

    def __init__(self, *, rate_per_minute: float, burst: int, max_keys: int = 100_000) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst)
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, *, now: float | None = None) -> tuple[bool, float]:
        """(allowed, seconds until the next token) for one request from ``key``."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= self.max_keys:
                    self._forget_full(moment)
                bucket = self._buckets[key] = _Bucket(tokens=self.burst, updated=moment)
            bucket.tokens = min(self.burst, bucket.tokens + (moment - bucket.updated) * self.rate)
            bucket.updated = moment
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return True, 0.0
            return False, (1.0 - bucket.tokens) / self.rate if self.rate else 60.0

    def _forget_full(self, moment: float) -> None:
        # Buckets that have refilled carry no information; drop them to bound memory.
        refill = self.burst / self.rate if self.rate else float("inf")
        stale = [k for k, b in self._buckets.items() if moment - b.updated >= refill]
        for key in stale or list(self._buckets)[: len(self._buckets) // 2]:
            del self._buckets[key]
