"""The verification seal ("segel verifikasi") on certificates: Ed25519 desk keys, tokens, checks.

The seal proves that Hadir issued a certificate and that what it says was not altered. It is NOT
an electronic signature (tanda tangan elektronik, TTE): a TTE in Indonesia needs a certificate
from a recognised provider (BSrE/BSSN) and the signer's own passphrase (UU ITE, PP 71/2019). The
certificate is signed by hand (or later e-signed); the seal only lets anyone check it.

Token format, version 1 (compact because it goes into a QR code; learnt from pretix's signed
tickets and the EU Digital COVID Certificate)::

    byte 0        version (1)
    bytes 1-8     key id: the first 8 bytes of SHA-256 of the desk's public key
    bytes 9-16    name digest: the first 8 bytes of SHA-256 of the printed name (NFC, spaces
                  collapsed), so the token carries no personal data in the clear but a changed
                  name no longer matches
    bytes 17-18   issue date, days since 2020-01-01, big-endian
    byte 19       attendance mode (1 luring, 2 daring, 3 hybrid)
    then          participant id, event id: each a tag byte and the id (tag 0: a ULID as its 16
                  bytes, tag 1: a UUID as its 16 bytes, tag 0x80+n: n bytes of UTF-8)
    then          a byte L and the certificate number, L bytes of UTF-8
    last 64       Ed25519 signature over everything before it

The token is that, base64url without padding; the QR code holds ``<base-url>/v/<token>``. The
format itself lives in ``sync/seal_format.py``, shared with HQ (which verifies ``/v/<token>``), so
desk and HQ read and write the same bytes; this module adds the desk's keys and settings. Each
desk makes its own key on first use and keeps it in its database; the key id travels in the
token, so a verifier that knows the public keys (this desk's, and those HQ hands out at
enrolment) checks a certificate with no network, and one stolen laptop's key can be revoked
without touching other desks.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from desktop.core.certificates.models import DeskKey
from desktop.core.clock import utcnow
from desktop.core.desk import desk_identity, get_setting, set_setting
from desktop.core.errors import HadirError
from sync.ed25519 import PrivateKey as Ed25519PrivateKey
from sync.ed25519 import PublicKey as Ed25519PublicKey
from sync.seal_format import (
    DEFAULT_BASE_URL,
    SEAL_VERSION,
    VERIFY_PATH,
    OpenedSeal,
    SealError,
    SealPayload,
    b64encode,
    decode_key_text,
    key_id_for,
    name_digest,
    open_seal,
    raw_public_key,
    seal,
    token_from_text,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "SEAL_VERSION",
    "VERIFY_PATH",
    "DeskSigner",
    "OpenedSeal",
    "SealError",
    "SealPayload",
    "base_url",
    "desk_signer",
    "key_id_for",
    "known_keys",
    "name_digest",
    "open_seal",
    "public_key_text",
    "revoke_key",
    "revoked_key",
    "seal",
    "set_base_url",
    "token_from_text",
    "trust_key",
    "verify_url",
]

BASE_URL_SETTING = "verify_base_url"  # HQ's address; the sync issue sets it at enrolment


# --------------------------------------------------------------------------- the desk's keys


@dataclass(frozen=True)
class DeskSigner:
    """This desk's private key, loaded once per batch (plain object: safe for a worker thread)."""

    key_id: str
    private_key: Ed25519PrivateKey

    def seal(self, payload: SealPayload) -> str:
        return seal(payload, self.private_key)


def desk_signer(*, session: Session) -> DeskSigner:
    """This desk's sealing key, made on first use and kept in the desk database.

    The caller commits (a new key is added to ``session``). The private key lies in the database
    file like the rest of the desk's data; protecting data at rest on the laptop is the desk's
    job as a whole (UU 27/2022), and a key can be revoked at HQ if a laptop is lost.
    """
    desk = desk_identity(session=session)
    row = session.exec(
        select(DeskKey)
        .where(
            DeskKey.desk_id == desk.desk_id,
            col(DeskKey.private_key).is_not(None),
            col(DeskKey.revoked_at).is_(None),
        )
        .order_by(col(DeskKey.created_at).desc())
    ).first()
    if row is not None and row.private_key:
        private = Ed25519PrivateKey.from_private_bytes(decode_key_text(row.private_key))
        return DeskSigner(row.key_id, private)
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes_raw()
    key_id = key_id_for(private.public_key())
    session.add(
        DeskKey(
            key_id=key_id,
            desk_id=desk.desk_id,
            public_key=b64encode(raw_public_key(private.public_key())),
            private_key=b64encode(seed),
            label=f"{desk.desk_name} ({desk.office_code or 'no office'})",
        )
    )
    session.flush()
    return DeskSigner(key_id, private)


def known_keys(*, session: Session) -> dict[str, Ed25519PublicKey]:
    """Public keys this desk trusts (its own and those learnt from HQ), revoked ones left out."""
    rows = session.exec(select(DeskKey).where(col(DeskKey.revoked_at).is_(None)))
    return {
        row.key_id: Ed25519PublicKey.from_public_bytes(decode_key_text(row.public_key))
        for row in rows
    }


def revoked_key(*, session: Session, key_id: str) -> DeskKey | None:
    row = session.get(DeskKey, key_id)
    return row if row is not None and row.revoked_at is not None else None


def trust_key(*, session: Session, desk_id: str, public_key: str, label: str = "") -> DeskKey:
    """Remember another desk's public key (base64url, 32 bytes), e.g. from HQ at enrolment."""
    raw = decode_key_text(public_key.strip())
    key = Ed25519PublicKey.from_public_bytes(raw)  # raises ValueError on a malformed key
    key_id = key_id_for(key)
    row = session.get(DeskKey, key_id)
    if row is None:
        row = DeskKey(key_id=key_id, desk_id=desk_id, public_key=b64encode(raw), label=label)
        session.add(row)
        session.flush()
    return row


def revoke_key(*, session: Session, key_id: str, reason: str) -> DeskKey:
    row = session.get(DeskKey, key_id)
    if row is None:
        raise HadirError(f"No desk key '{key_id}' on this desk.", code="not_found")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        row.revoked_reason = reason.strip()
        session.add(row)
        session.flush()
    return row


def public_key_text(*, session: Session, key_id: str) -> str:
    row = session.get(DeskKey, key_id)
    if row is None:
        raise HadirError(f"No desk key '{key_id}' on this desk.", code="not_found")
    return row.public_key


# --------------------------------------------------------------------------- the address


def base_url(*, session: Session) -> str:
    return (get_setting(session=session, key=BASE_URL_SETTING) or DEFAULT_BASE_URL).rstrip("/")


def base_url_is_set(*, session: Session) -> bool:
    """False until enrollment with HQ (or ``hadir-cli certificates numbering --base-url``) names the
    office's address: until then QR codes carry DEFAULT_BASE_URL, which reaches HQ only where HQ is
    published under it. Printing then is allowed, after a warning (issue 14 item 13)."""
    return bool(get_setting(session=session, key=BASE_URL_SETTING))


def set_base_url(*, session: Session, url: str) -> None:
    value = url.strip().rstrip("/")
    if not value.startswith(("https://", "http://")):
        raise HadirError(f"'{url}' is not a web address (https://...).", code="bad_url")
    set_setting(session=session, key=BASE_URL_SETTING, value=value)


def verify_url(base: str, token: str) -> str:
    return f"{base.rstrip('/')}{VERIFY_PATH}{token}"
