"""SPAKE2 of the venue hub's pairing (sync/desk/pake.py): one key for the same code, unrelated keys
for another, fresh messages every time, and the peer's element checked before use."""

from __future__ import annotations

import pytest

from sync.desk.pake import PakeError, Spake2

IDS = {"id_a": b"member", "id_b": b"hub"}


def _exchange(code_a: bytes, code_b: bytes) -> tuple[bytes, bytes]:
    a = Spake2(code_a, side="A", **IDS)
    b = Spake2(code_b, side="B", **IDS)
    return a.finish(b.message), b.finish(a.message)


def test_the_same_code_gives_both_sides_one_key_and_another_code_does_not():
    key_a, key_b = _exchange(b"123456", b"123456")
    assert key_a == key_b and len(key_a) == 32
    wrong_a, wrong_b = _exchange(b"123456", b"123457")
    assert wrong_a != wrong_b
    assert _exchange(b"123456", b"123456")[0] != key_a  # fresh randomness: a new key each time


def test_messages_differ_every_time_and_between_sides():
    first, second = Spake2(b"000000", side="A", **IDS), Spake2(b"000000", side="A", **IDS)
    assert first.message != second.message
    # A's and B's blinding points differ: a reflected message does not give a key to a side
    # that pretends to be the peer.
    a = Spake2(b"000000", side="A", **IDS)
    b = Spake2(b"000000", side="B", **IDS)
    assert a.finish(a.message) != b.finish(a.message)


@pytest.mark.parametrize(
    "element",
    [
        b"\x01" + b"\x00" * 31,  # the identity
        bytes.fromhex(
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
        ),  # order 2
        b"\xff" * 32,
        b"\x00" * 31,
    ],
)
def test_an_element_outside_the_group_is_refused(element):
    with pytest.raises(PakeError):
        Spake2(b"123456", side="B", **IDS).finish(element)
