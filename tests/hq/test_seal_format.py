"""The seal token format (sync/seal_format.py) is the one definition the desk seals with and HQ
verifies with: a known-answer token pins its bytes, so any change to the format fails here."""

from __future__ import annotations

from datetime import date

import pytest

from sync import seal_format
from sync.ed25519 import PrivateKey as Ed25519PrivateKey
from sync.seal_format import SealError, SealPayload, name_digest, open_seal, seal

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PAYLOAD = SealPayload(
    number="W.32.UM.01.01-1473",
    participant_id="01jcz6x7m0q6w3b5t9n8r2k4hv",  # a ULID, as sync/ids.py makes them
    event_id="6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",  # a UUID, as older records have
    name_digest=name_digest("Dr. H. Ahmad Yani, S.H., M.H."),
    issued_on=date(2026, 3, 13),
    mode="luring",
)
KNOWN_TOKEN = (
    "AVZHWqdUY0dMCIl31QXqytcI1wEAAZM-bp6Aubg1l0mqMCmSOwFvGyw9Tl9Ka4x9ng8aKzxNElcuMzIuVU0uMDEu"
    "MDEtMTQ3MzkLdqDb-KQfG-S5xqSVYvjhTQyVqrN6OoL6h81eBJj7YCon03OK2LjIv1EYJ5qjfssLNl6WqQWPEPzx"
    "ZWhR_wE"
)


def test_known_answer() -> None:
    assert seal_format.key_id_for(KEY.public_key()) == "56475aa75463474c"
    assert seal(PAYLOAD, KEY) == KNOWN_TOKEN
    opened = open_seal(KNOWN_TOKEN, {"56475aa75463474c": KEY.public_key()})
    assert opened.payload == PAYLOAD
    assert (
        open_seal(
            f"https://hq.example/v/{KNOWN_TOKEN}?x=1", {"56475aa75463474c": KEY.public_key()}
        ).payload
        == PAYLOAD
    )


def test_every_changed_character_is_refused() -> None:
    keys = {"56475aa75463474c": KEY.public_key()}
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for position in range(len(KNOWN_TOKEN)):
        changed = alphabet[(alphabet.index(KNOWN_TOKEN[position]) + 1) % len(alphabet)]
        tampered = KNOWN_TOKEN[:position] + changed + KNOWN_TOKEN[position + 1 :]
        with pytest.raises(SealError):
            open_seal(tampered, keys)


def test_the_desk_uses_this_definition() -> None:
    desk_seal = pytest.importorskip("desktop.core.seal")
    assert desk_seal.seal is seal_format.seal and desk_seal.open_seal is seal_format.open_seal
