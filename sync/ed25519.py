"""Ed25519 keys for the verification seal and the USB bundle, on libsodium (PyNaCl).

Why not ``cryptography``: the desk bundle is downloaded over slow links, and cryptography's compiled
core is 11 MB where libsodium is 1 MB; the desk needs nothing from it but Ed25519. The interface
mirrors the part of cryptography's that we used, so the call sites read the same, and the tests
cross-check signatures against cryptography as an independent implementation.
"""

from __future__ import annotations

from nacl.bindings import crypto_core_ed25519_is_valid_point
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.signing import SigningKey, VerifyKey

KEY_BYTES = 32
SIGNATURE_BYTES = 64
# The order of the Ed25519 group (RFC 8032 section 5.1): a signature's S is below it.
_GROUP_ORDER = 2**252 + 27742317777372353535851937790883648493


class InvalidSignature(Exception):
    """The signature does not match the message and key."""


def signature_could_be_valid(signature: bytes) -> bool:
    """Whether any key at all could have made this signature, checked without a key: its R is a
    point of the curve outside the small subgroup and its S is below the group order, as libsodium
    demands of every signature it accepts. An all-zero signature, or random bytes (most of them),
    fail; a real signature never does."""
    if len(signature) != SIGNATURE_BYTES:
        return False
    r, s = signature[:32], signature[32:]
    return int.from_bytes(s, "little") < _GROUP_ORDER and crypto_core_ed25519_is_valid_point(r)


class PublicKey:
    __slots__ = ("_key",)

    def __init__(self, key: VerifyKey) -> None:
        self._key = key

    @classmethod
    def from_public_bytes(cls, raw: bytes) -> PublicKey:
        if len(raw) != KEY_BYTES:
            raise ValueError(f"an Ed25519 public key has {KEY_BYTES} bytes, not {len(raw)}")
        try:
            return cls(VerifyKey(raw))
        except (CryptoError, TypeError) as error:
            raise ValueError(f"not an Ed25519 public key: {error}") from None

    def public_bytes_raw(self) -> bytes:
        return bytes(self._key)

    def verify(self, signature: bytes, message: bytes) -> None:
        """Raises InvalidSignature unless ``signature`` signs ``message`` with this key."""
        try:
            self._key.verify(message, signature)
        except (BadSignatureError, CryptoError, ValueError, TypeError):
            raise InvalidSignature from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PublicKey) and self.public_bytes_raw() == other.public_bytes_raw()

    def __hash__(self) -> int:
        return hash(self.public_bytes_raw())


class PrivateKey:
    __slots__ = ("_key",)

    def __init__(self, key: SigningKey) -> None:
        self._key = key

    @classmethod
    def generate(cls) -> PrivateKey:
        return cls(SigningKey.generate())

    @classmethod
    def from_private_bytes(cls, seed: bytes) -> PrivateKey:
        if len(seed) != KEY_BYTES:
            raise ValueError(f"an Ed25519 private key seed has {KEY_BYTES} bytes, not {len(seed)}")
        return cls(SigningKey(seed))

    def private_bytes_raw(self) -> bytes:
        return bytes(self._key)

    def public_key(self) -> PublicKey:
        return PublicKey(self._key.verify_key)

    def sign(self, message: bytes) -> bytes:
        return bytes(self._key.sign(message).signature)
