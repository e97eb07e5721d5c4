"""Record ids, made where the record is made (a desk), never by the server."""

from __future__ import annotations

import base64
import os
import random
import time

# Ids need uniqueness, not secrecy: a generator seeded from the OS is enough and five times cheaper
# than a system call per id (an import makes hundreds of thousands). Reseeded in forked children so
# two processes never share a sequence.
_random = random.Random(os.urandom(32))
os.register_at_fork(after_in_child=lambda: _random.seed(os.urandom(32)))

# base32 of 16 bytes, re-lettered into Crockford's alphabet (digits before letters, so that string
# order equals byte order) and lower-cased.
_TO_CROCKFORD = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", b"0123456789abcdefghjkmnpqrstvwxyz"
)


def new_id() -> str:
    """A ULID-style id: 48 bits of milliseconds then 80 random bits, as 26 base-32 characters.

    Unique without coordination like a UUID4, but time-ordered, so B-tree indexes fill pages
    instead of splitting them at random, and 10 characters shorter than a UUID's text: together a
    third less space per id at 200,000 people.
    """
    raw = ((time.time_ns() // 1_000_000) << 80 | _random.getrandbits(80)).to_bytes(16, "big")
    return base64.b32encode(raw)[:26].translate(_TO_CROCKFORD).decode("ascii")
