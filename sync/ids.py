"""Ids, made where the thing is made, by this one function on desk and HQ alike: a desk's records
(a check-in, a participant, its own desk id), and at HQ a device's id at enrollment, the changes HQ
makes for desks to pull, and its person groups. HQ never makes an id for a desk's record."""

from __future__ import annotations

import os
import random
import time

# Ids need uniqueness, not secrecy: a generator seeded from the OS is enough and five times cheaper
# than a system call per id (an import makes hundreds of thousands). Reseeded in forked children so
# two processes never share a sequence.
_random = random.Random(os.urandom(32))
os.register_at_fork(after_in_child=lambda: _random.seed(os.urandom(32)))

# Crockford's base-32 alphabet, lower-cased: digits before letters, so string order is number order.
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
# Two characters (10 bits) per lookup: 13 lookups for 128 bits (plus 2 zero bits at the end, as
# base32 of 16 bytes would pad), five times faster than base64.b32encode, which is pure Python.
_PAIRS = [a + b for a in _ALPHABET for b in _ALPHABET]
_SHIFTS = tuple(range(120, -1, -10))


def new_id() -> str:
    """A ULID-style id: 48 bits of milliseconds then 80 random bits, as 26 base-32 characters.

    Unique without coordination like a UUID4, but time-ordered, so B-tree indexes fill pages
    instead of splitting them at random, and 10 characters shorter than a UUID's text: together a
    third less space per id at 200,000 people.
    """
    value = ((time.time_ns() // 1_000_000) << 80 | _random.getrandbits(80)) << 2
    return "".join([_PAIRS[(value >> shift) & 1023] for shift in _SHIFTS])
