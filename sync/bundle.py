"""The USB bundle: a desk's changes on a stick when there is no network (sync.md rule 14).

One file, gzip-compressed JSON::

    {"format": "hadir-bundle", "version": 1, "device_id": ..., "key_id": ..., "created_at": ...,
     "item_count": N, "items_sha256": ..., "signature": <base64>, "items": [ChangeEnvelope, ...]}

``items_sha256`` is the sha256 of the items' canonical JSON (sorted keys, no spaces); the signature
is the desk's Ed25519 certificate-signing key (the one registered at enrollment) over
``signing_bytes``, which binds the device, the key, the time, the count and that checksum. gzip's
own CRC catches a damaged file first. HQ imports a bundle through the same idempotent ingest as a
push, in one transaction: all of it or nothing, and importing it again changes nothing.

A bundle carries a whole event's participants on a USB stick, so a desk that knows HQ's bundle key
(from enrollment) **seals** it: the file is ``SEALED_MAGIC`` followed by a libsodium sealed box
(X25519 + XSalsa20-Poly1305) of the gzip bytes above, which only HQ's private key opens. The
signature inside still says which desk made it; the seal says only HQ can read it. HQ reads sealed
and unsealed bundles alike (a desk enrolled with an older HQ has no key to seal with).

A venue hub's bundle also says which member desk made each item it relays (issue 17 item 5):
``"relayed_for"`` holds the value a hub's push sends in its ``RELAYED_FOR_HEADER``
(sync/protocol.py), and its sha256 joins ``signing_bytes`` as one more line, so whoever holds the
stick cannot re-attribute records. A bundle without it signs exactly as before; an HQ older than
the field refuses a hub's bundle that carries it (upgrade HQ first, as for every new field).

Shared by the desk (which writes) and HQ (which reads); it imports neither.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sync.ed25519 import InvalidSignature
from sync.ed25519 import PublicKey as Ed25519PublicKey
from sync.protocol import ChangeEnvelope, RelayedDesk, parse_relayed_for

FORMAT = "hadir-bundle"
VERSION = 1
SEALED_MAGIC = b"HADIR-SEALED-BUNDLE/1\n"
MAX_BUNDLE_BYTES = 256 * 1024 * 1024  # decompressed; a desk's whole event fits many times over


class BundleError(ValueError):
    """A bundle that cannot be trusted or read; the message says why in one sentence."""


@dataclass(frozen=True, slots=True)
class Bundle:
    device_id: str
    key_id: str
    created_at: str
    items_sha256: str
    signature: bytes
    items: list[ChangeEnvelope]
    relayed_for: str | None = None  # a hub's: the member desk of each item (module docstring)

    def makers(self) -> list[RelayedDesk | None] | None:
        """Who made each item, as a hub's push tells HQ (None: the signing desk made them all)."""
        if self.relayed_for is None:
            return None
        return parse_relayed_for(
            self.relayed_for, items=len(self.items), max_runs=max(1, len(self.items))
        )


def canonical_items(items: Sequence[ChangeEnvelope]) -> bytes:
    return json.dumps(
        [item.model_dump(mode="json") for item in items],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()


def signing_bytes(
    *,
    device_id: str,
    key_id: str,
    created_at: str,
    count: int,
    items_sha256: str,
    relayed_for: str | None = None,
) -> bytes:
    signed = f"{FORMAT}/{VERSION}\n{device_id}\n{key_id}\n{created_at}\n{count}\n{items_sha256}"
    if relayed_for is not None:
        signed += "\nrelayed:" + hashlib.sha256(relayed_for.encode()).hexdigest()
    return signed.encode()


def write_bundle(
    *,
    path: Path,
    device_id: str,
    key_id: str,
    items: Sequence[ChangeEnvelope],
    sign: Callable[[bytes], bytes],
    created_at: datetime,
    seal_for: bytes | None = None,
    relayed_for: str | None = None,
) -> str:
    """Write atomically (temp file, fsync, rename) and return the file's sha256. ``seal_for``:
    HQ's raw X25519 public key, to seal the bundle to it; ``relayed_for``: a hub's, who made each
    item (module docstring)."""
    stamp = created_at.isoformat()
    digest = hashlib.sha256(canonical_items(items)).hexdigest()
    signature = sign(
        signing_bytes(
            device_id=device_id,
            key_id=key_id,
            created_at=stamp,
            count=len(items),
            items_sha256=digest,
            relayed_for=relayed_for,
        )
    )
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "device_id": device_id,
        "key_id": key_id,
        "created_at": stamp,
        "item_count": len(items),
        "items_sha256": digest,
        "signature": base64.b64encode(signature).decode(),
        "items": [item.model_dump(mode="json") for item in items],
    }
    if relayed_for is not None:
        document["relayed_for"] = relayed_for
    data = gzip.compress(json.dumps(document, ensure_ascii=False).encode(), mtime=0)
    if seal_for is not None:
        from nacl.public import PublicKey, SealedBox

        data = SEALED_MAGIC + SealedBox(PublicKey(seal_for)).encrypt(data)
    temporary = path.with_name(path.name + ".partial")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return hashlib.sha256(data).hexdigest()


def _inflate(data: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error:
        raise BundleError("The bundle is damaged (it is not a valid compressed file).") from None
    if len(out) > limit:
        raise BundleError("The bundle is too large to import.")
    if not inflater.eof or inflater.unused_data:
        raise BundleError("The bundle is damaged (the file is cut short or has extra bytes).")
    return out


def is_sealed(data: bytes) -> bool:
    return data.startswith(SEALED_MAGIC)


def unsealer(private_key: bytes) -> Callable[[bytes], bytes]:
    """What opens bundles sealed to ``private_key`` (HQ's raw X25519 private key)."""
    from nacl.exceptions import CryptoError
    from nacl.public import PrivateKey, SealedBox

    box = SealedBox(PrivateKey(private_key))

    def unseal(data: bytes) -> bytes:
        try:
            return bytes(box.decrypt(data[len(SEALED_MAGIC) :]))
        except CryptoError:
            raise BundleError(
                "This bundle is sealed for another HQ, or damaged: this HQ cannot open it."
            ) from None

    return unseal


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def read_bundle(
    path: Path,
    *,
    max_bytes: int = MAX_BUNDLE_BYTES,
    unseal: Callable[[bytes], bytes] | None = None,
) -> Bundle:
    """Read and check the structure and checksum (not the signature: see ``signature_matches``).
    A sealed bundle needs ``unseal`` (HQ's ``unsealer``)."""
    data = path.read_bytes()
    if is_sealed(data):
        if unseal is None:
            raise BundleError("This bundle is sealed for HQ: only HQ's import-bundle can open it.")
        data = unseal(data)
    raw = _inflate(data, max_bytes)
    try:
        # NaN/Infinity are not JSON and no bundle writer makes them; deep nesting exhausts the
        # parser's recursion: both are crafted files, refused like any unreadable one (issue 15).
        document: Any = json.loads(raw, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError, RecursionError):
        raise BundleError("The bundle is damaged (its content is not readable).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BundleError("This file is not a Hadir bundle.")
    if document.get("version") != VERSION:
        raise BundleError(
            f"This bundle has version {document.get('version')}; this HQ reads version {VERSION}."
        )
    try:
        items = [ChangeEnvelope.model_validate(item) for item in document["items"]]
        signature = base64.b64decode(document["signature"], validate=True)
        header = {
            k: str(document[k]) for k in ("device_id", "key_id", "created_at", "items_sha256")
        }
        count = document["item_count"]
        if not isinstance(count, int) or isinstance(count, bool):
            raise TypeError("item_count is not a whole number")
        relayed_for = document.get("relayed_for")
        if relayed_for is not None and not isinstance(relayed_for, str):
            raise TypeError("relayed_for is not text")
    except (KeyError, TypeError, ValueError, binascii.Error, ValidationError, RecursionError):
        raise BundleError(
            "The bundle is damaged (a required part is missing or malformed)."
        ) from None
    if (
        count != len(items)
        or hashlib.sha256(canonical_items(items)).hexdigest() != header["items_sha256"]
    ):
        raise BundleError("The bundle is damaged (its checksum does not match its content).")
    bundle = Bundle(
        device_id=header["device_id"],
        key_id=header["key_id"],
        created_at=header["created_at"],
        items_sha256=header["items_sha256"],
        signature=signature,
        items=items,
        relayed_for=relayed_for,
    )
    try:
        bundle.makers()
    except ValueError as error:
        raise BundleError(f"The bundle is damaged (who made its items: {error}).") from None
    return bundle


def signature_matches(bundle: Bundle, public_key: bytes) -> bool:
    message = signing_bytes(
        device_id=bundle.device_id,
        key_id=bundle.key_id,
        created_at=bundle.created_at,
        count=len(bundle.items),
        items_sha256=bundle.items_sha256,
        relayed_for=bundle.relayed_for,
    )
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(bundle.signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
