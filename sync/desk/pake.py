"""SPAKE2 over edwards25519 with libsodium's primitives (PyNaCl), for the venue hub's pairing.

The ``spake2`` package would have done, but it needs ``cryptography`` (11 MB) for one HKDF, which
the desk bundle chose to leave out (docs/ARCHITECTURE.md, "Ed25519 on libsodium"). This is the
construction of RFC 9382 with its checks:

- w = SHA-512(context || code) reduced mod L; M and N are points nobody knows a logarithm of,
  hashed to the curve with libsodium's Elligator 2 map (``crypto_core_ed25519_from_uniform``)
  from fixed strings, so there is no trapdoor;
- A sends T = x*G + w*M, B sends S = y*G + w*N (x, y fresh random scalars);
- each refuses a peer element that is not a valid point of the prime-order subgroup (libsodium's
  ``is_valid_point`` also refuses small-order points), then K = x*(S - w*N) = y*(T - w*M);
- the key is SHA-512 over the length-prefixed transcript (ids, T, S, K, w), first 32 bytes.

A listener learns nothing that lets it test codes offline; each guess costs one online exchange,
which the hub counts (desktop/core/venue/hub.py). Key confirmation is the first secretbox each
side opens (sync/desk/venue_wire.py): a wrong code makes it fail.
"""

from __future__ import annotations

import hashlib
import os

from nacl.bindings import (
    crypto_core_ed25519_add,
    crypto_core_ed25519_from_uniform,
    crypto_core_ed25519_is_valid_point,
    crypto_core_ed25519_scalar_reduce,
    crypto_core_ed25519_sub,
    crypto_scalarmult_ed25519_base_noclamp,
    crypto_scalarmult_ed25519_noclamp,
)

_CONTEXT = b"hadir-venue-spake2-v1"


def _point(label: bytes) -> bytes:
    return crypto_core_ed25519_from_uniform(hashlib.sha512(_CONTEXT + b"\0" + label).digest()[:32])


_M = _point(b"M")
_N = _point(b"N")


class PakeError(Exception):
    """The peer's message is not a valid element (malformed, or an attack)."""


def _scalar(data: bytes) -> bytes:
    return crypto_core_ed25519_scalar_reduce(hashlib.sha512(data).digest())


def _framed(*parts: bytes) -> bytes:
    return b"".join(len(part).to_bytes(8, "little") + part for part in parts)


class Spake2:
    """One side of one exchange: ``message`` goes to the peer, ``finish`` takes the peer's and
    gives the shared 32-byte key. Side "A" is the member, "B" the hub."""

    def __init__(self, code: bytes, *, side: str, id_a: bytes, id_b: bytes) -> None:
        if side not in ("A", "B"):
            raise ValueError("side is A or B")
        self._side, self._ids = side, (id_a, id_b)
        self._w = _scalar(_CONTEXT + b"\0w\0" + code)
        self._x = crypto_core_ed25519_scalar_reduce(os.urandom(64))
        blind = _M if side == "A" else _N
        self.message = crypto_core_ed25519_add(
            crypto_scalarmult_ed25519_base_noclamp(self._x),
            crypto_scalarmult_ed25519_noclamp(self._w, blind),
        )

    def finish(self, peer: bytes) -> bytes:
        if len(peer) != 32 or not crypto_core_ed25519_is_valid_point(peer):
            raise PakeError("the peer's element is not a point of the group")
        blind = _N if self._side == "A" else _M
        try:
            unblinded = crypto_core_ed25519_sub(
                peer, crypto_scalarmult_ed25519_noclamp(self._w, blind)
            )
            shared = crypto_scalarmult_ed25519_noclamp(self._x, unblinded)
        except Exception as error:  # libsodium refuses an identity result
            raise PakeError("the exchange gives no key") from error
        first, second = (self.message, peer) if self._side == "A" else (peer, self.message)
        transcript = _framed(*self._ids, first, second, shared, self._w)
        return hashlib.sha512(transcript).digest()[:32]
