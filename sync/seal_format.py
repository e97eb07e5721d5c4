"""The certificate seal token, version 1: encode, decode and verify, with no storage and no
``desktop`` import, so that the desk (which seals, through ``desktop/core/seal.py``, which adds its
key storage) and HQ (which verifies ``/v/<token>``) share one definition. The format was designed
by the certificates work; tests/hq/test_seal_format.py pins its bytes with a known-answer token.

Layout (then base64url without padding; the QR code holds ``<base-url>/v/<token>``)::

    byte 0        version (1)
    bytes 1-8     key id: the first 8 bytes of SHA-256 of the desk's raw public key
    bytes 9-16    name digest: first 8 bytes of SHA-256 of the printed name (NFC, spaces collapsed)
    bytes 17-18   issue date, days since 2020-01-01, big-endian
    byte 19       attendance mode (1 luring, 2 daring, 3 hybrid)
    then          participant id, event id: each a tag byte and the id (tag 0: a ULID as its 16
                  bytes, tag 1: a UUID as its 16 bytes, tag 0x80+n: n bytes of UTF-8)
    then          a byte L and the certificate number, L bytes of UTF-8
    last 64       Ed25519 signature over everything before it
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sync.ed25519 import InvalidSignature, signature_could_be_valid
from sync.ed25519 import PrivateKey as Ed25519PrivateKey
from sync.ed25519 import PublicKey as Ed25519PublicKey

SEAL_VERSION = 1
VERIFY_PATH = "/v/"
# Where a QR code points while the desk knows no other address (before enrollment): HQ answers its
# tokens there as under its own configured address (sync/hq/app.py), so such a certificate keeps
# working after the desk learns the office's address.
DEFAULT_BASE_URL = "https://hadir.kemenham.go.id"
KEY_ID_BYTES = 8
MAX_TOKEN_LENGTH = 1024  # a version-1 token is at most ~430 characters; longer is refused unread

_EPOCH = date(2020, 1, 1)
_MODES = {"luring": 1, "daring": 2, "hybrid": 3}
_MODE_NAMES = {code: name for name, code in _MODES.items()}
_HEADER = struct.Struct(">B8s8sHB")  # version, key id, name digest, day, mode
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"  # sync/ids.py's ULID alphabet
_ULID, _UUID, _TEXT = 0, 1, 0x80
_SIGNATURE_BYTES = 64


class SealError(ValueError):
    """A token that does not verify; ``code`` says why: seal_malformed, seal_version,
    seal_unknown_key or seal_bad_signature."""

    def __init__(self, message: str, *, code: str, key_id: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.key_id = key_id


@dataclass(frozen=True, slots=True)
class SealPayload:
    number: str
    participant_id: str
    event_id: str
    name_digest: bytes
    issued_on: date
    mode: str


@dataclass(frozen=True, slots=True)
class OpenedSeal:
    """A token whose signature checked out against a known key."""

    key_id: str
    payload: SealPayload


def name_digest(printed_name: str) -> bytes:
    canonical = " ".join(unicodedata.normalize("NFC", printed_name).split())
    return hashlib.sha256(canonical.encode("utf-8")).digest()[:8]


def raw_public_key(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes_raw()


def key_id_for(public_key: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public_key(public_key)).digest()[:KEY_ID_BYTES].hex()


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode_key_text(text: str) -> bytes:
    """A key as text: base64url or standard base64, padded or not (what desks and HQ exchange)."""
    cleaned = text.strip().replace("+", "-").replace("/", "_").rstrip("=")
    try:
        return base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError):
        raise ValueError("not base64") from None


def _b64decode_strict(text: str) -> bytes:
    """Strict base64url: changing any one character of a token, even in the unused trailing bits,
    makes it invalid."""
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise SealError("This is not a Hadir verification code.", code="seal_malformed") from None
    if b64encode(data) != text:
        raise SealError("This is not a Hadir verification code.", code="seal_malformed")
    return data


def _encode_id(value: str) -> bytes:
    """Record ids are ULIDs (sync/ids.py); UUIDs and other text still round-trip exactly."""
    if len(value) == 26 and value[0] <= "7" and all(c in _CROCKFORD for c in value):
        number = 0
        for char in value:
            number = number * 32 + _CROCKFORD.index(char)
        return bytes([_ULID]) + number.to_bytes(16, "big")
    try:
        if str(uuid.UUID(value)) == value:
            return bytes([_UUID]) + uuid.UUID(value).bytes
    except ValueError:
        pass
    raw = value.encode("utf-8")
    if not 0 < len(raw) < 0x80:
        raise ValueError(f"id '{value}' cannot be sealed")
    return bytes([_TEXT + len(raw)]) + raw


def _decode_id(data: bytes, at: int) -> tuple[str, int]:
    tag = data[at]
    if tag in (_ULID, _UUID):
        raw = data[at + 1 : at + 17]
        if len(raw) != 16:
            raise ValueError("truncated id")
        if tag == _UUID:
            return str(uuid.UUID(bytes=raw)), at + 17
        number = int.from_bytes(raw, "big")
        chars = [_CROCKFORD[(number >> (5 * k)) & 31] for k in range(25, -1, -1)]
        return "".join(chars), at + 17
    if tag > _TEXT:
        end = at + 1 + tag - _TEXT
        if end > len(data):
            raise ValueError("truncated id")
        return data[at + 1 : end].decode("utf-8"), end
    raise ValueError(f"unknown id tag {tag}")


def encode_payload(payload: SealPayload, key_id: str) -> bytes:
    number = payload.number.encode("utf-8")
    if len(number) > 255:
        raise ValueError("a certificate number longer than 255 bytes cannot be sealed")
    days = (payload.issued_on - _EPOCH).days
    if not 0 <= days <= 0xFFFF:
        raise ValueError(f"issue date {payload.issued_on} is outside what a seal can carry")
    head = _HEADER.pack(
        SEAL_VERSION, bytes.fromhex(key_id), payload.name_digest, days, _MODES.get(payload.mode, 0)
    )
    return (
        head
        + _encode_id(payload.participant_id)
        + _encode_id(payload.event_id)
        + bytes([len(number)])
        + number
    )


def seal(payload: SealPayload, key: Ed25519PrivateKey) -> str:
    """The token for a payload, signed with a desk's private key."""
    signed = encode_payload(payload, key_id_for(key.public_key()))
    return b64encode(signed + key.sign(signed))


def token_from_text(token_or_url: str) -> str:
    """The token from what a person pastes: the bare token or the whole verification address."""
    text = token_or_url.strip()
    if VERIFY_PATH in text:
        text = text.rsplit(VERIFY_PATH, 1)[1]
    return text.split("?", 1)[0].split("#", 1)[0].strip().rstrip("/")


def open_seal(token: str, keys: Mapping[str, Ed25519PublicKey]) -> OpenedSeal:
    """Check a token against known public keys (by key id); raises SealError saying why not."""
    text = token_from_text(token)
    if len(text) > MAX_TOKEN_LENGTH:
        raise SealError("This is not a Hadir verification code.", code="seal_malformed")
    data = _b64decode_strict(text)
    if not data or data[0] != SEAL_VERSION:
        version = data[0] if data else None
        raise SealError(
            f"This verification code has version {version}; this reader knows version "
            f"{SEAL_VERSION}.",
            code="seal_version",
        )
    if len(data) < _HEADER.size + _SIGNATURE_BYTES:
        raise SealError("This verification code is incomplete.", code="seal_malformed")
    signed, signature = data[:-_SIGNATURE_BYTES], data[-_SIGNATURE_BYTES:]
    key_id = signed[1 : 1 + KEY_ID_BYTES].hex()
    public_key = keys.get(key_id)
    if public_key is None:
        raise SealError(
            f"This certificate was sealed by a desk key this reader does not know ({key_id}).",
            code="seal_unknown_key",
            key_id=key_id,
        )
    try:
        public_key.verify(signature, signed)
    except InvalidSignature:
        raise SealError(
            "The verification seal does not match: this certificate's code was altered or forged.",
            code="seal_bad_signature",
            key_id=key_id,
        ) from None
    # Only with the signature good is the rest worth reading; a failure here means a desk sealed
    # something malformed, not an attack.
    return OpenedSeal(key_id=key_id, payload=_payload(signed))


def _payload(signed: bytes) -> SealPayload:
    _version, _key_bytes, digest, days, mode = _HEADER.unpack_from(signed)
    try:
        participant_id, at = _decode_id(signed, _HEADER.size)
        event_id, at = _decode_id(signed, at)
        length = signed[at]
        number = signed[at + 1 : at + 1 + length].decode("utf-8")
        if at + 1 + length != len(signed):
            raise ValueError("trailing bytes")
    except (ValueError, IndexError, UnicodeDecodeError):
        raise SealError("This verification code is damaged.", code="seal_malformed") from None
    return SealPayload(
        number=number,
        participant_id=participant_id,
        event_id=event_id,
        name_digest=digest,
        issued_on=_EPOCH + timedelta(days=days),
        mode=_MODE_NAMES.get(mode, "unknown"),
    )


@dataclass(frozen=True, slots=True)
class UnverifiedSeal:
    """What a well-formed token claims, its signature unchecked: proof of nothing. A verifier
    that does not know the key reads it only to choose its words (is a pending desk plausible?)."""

    key_id: str
    payload: SealPayload
    signature_possible: bool  # some Ed25519 key could have made this signature


def read_unverified(token: str) -> UnverifiedSeal | None:
    """The claims of a token in the current version, or None when it is not one."""
    text = token_from_text(token)
    if len(text) > MAX_TOKEN_LENGTH:
        return None
    try:
        data = _b64decode_strict(text)
    except SealError:
        return None
    if len(data) < _HEADER.size + _SIGNATURE_BYTES or data[0] != SEAL_VERSION:
        return None
    signed, signature = data[:-_SIGNATURE_BYTES], data[-_SIGNATURE_BYTES:]
    try:
        payload = _payload(signed)
    except SealError:
        return None
    return UnverifiedSeal(
        key_id=signed[1 : 1 + KEY_ID_BYTES].hex(),
        payload=payload,
        signature_possible=signature_could_be_valid(signature),
    )


def peek_key_id(token: str) -> str | None:
    """The key id a well-formed token names, without verifying anything (None if malformed)."""
    try:
        data = _b64decode_strict(token_from_text(token))
    except SealError:
        return None
    if len(data) < _HEADER.size + _SIGNATURE_BYTES or data[0] != SEAL_VERSION:
        return None
    return data[1 : 1 + KEY_ID_BYTES].hex()


def seal_problem(
    token: str,
    key: Ed25519PublicKey | None,
    *,
    key_id: str,
    number: str,
    participant_id: str,
    event_id: str,
    printed_name: str,
    issued_on: date,
    mode: str,
) -> str | None:
    """Why ``token`` is not the seal of the certificate described (a ``CertificateRecord``'s
    fields), or None when it is: signed by ``key`` (the issuing desk's, which must be ``key_id``)
    over exactly this number, participant, event, name, date and mode. HQ checks a pushed record
    with it and a desk a pulled one, before either trusts the token enough to reprint it."""
    if key is None:
        return f"the seal's key {key_id} is not known"
    try:
        opened = open_seal(token, {key_id: key})
    except SealError as error:
        return f"the seal does not verify ({error.code})"
    payload = opened.payload
    expected = (number, participant_id, event_id, name_digest(printed_name), issued_on, mode)
    found = (
        payload.number,
        payload.participant_id,
        payload.event_id,
        payload.name_digest,
        payload.issued_on,
        payload.mode,
    )
    if found != expected:
        return "the seal was made for another certificate"
    return None
