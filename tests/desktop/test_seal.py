"""The verification seal: Ed25519 desk keys, the compact token, offline checks."""

from __future__ import annotations

import base64
import dataclasses
import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.core import seal
from desktop.core.certificates.models import DeskKey
from desktop.core.db import Database
from sync.ed25519 import PrivateKey as Ed25519PrivateKey
from sync.ed25519 import PublicKey as Ed25519PublicKey
from sync.ids import new_id


def payload(**changes: Any) -> seal.SealPayload:
    base = seal.SealPayload(
        number="0007/K7QX/KW-HAM.SULTENG/XI/2026",
        participant_id=new_id(),
        event_id=new_id(),
        name_digest=seal.name_digest("Dr. H. Ahmad Yani, S.H., M.H."),
        issued_on=date(2026, 11, 25),
        mode="luring",
    )
    return dataclasses.replace(base, **changes)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def keyring(*keys: Ed25519PrivateKey) -> dict[str, Ed25519PublicKey]:
    return {seal.key_id_for(k.public_key()): k.public_key() for k in keys}


def test_token_round_trips_every_field_and_fits_a_small_qr() -> None:
    key = Ed25519PrivateKey.generate()
    for ids in (
        (new_id(), new_id()),
        ("0b8f2f1e-7c1a-4a53-9a57-3c1b2e0f9d11", new_id()),
        ("legacy-42", "event-7"),
    ):
        original = payload(participant_id=ids[0], event_id=ids[1], mode="daring")
        token = seal.seal(original, key)
        opened = seal.open_seal(token, keyring(key))
        assert opened.payload == original
        assert opened.key_id == seal.key_id_for(key.public_key())
        assert set(token) <= set(string.ascii_letters + string.digits + "-_")  # base64url
    url = seal.verify_url(seal.DEFAULT_BASE_URL, seal.seal(payload(), key))
    assert url.startswith("https://hadir.kemenham.go.id/v/")
    assert len(url) < 250  # a version 10-11 QR at medium error correction


def test_changing_any_single_character_of_the_token_is_refused() -> None:
    key = Ed25519PrivateKey.generate()
    token = seal.seal(payload(), key)
    keys = keyring(key)
    alphabet = string.ascii_letters + string.digits + "-_"
    for position, char in enumerate(token):
        replacement = alphabet[(alphabet.index(char) + 1) % len(alphabet)]
        tampered = token[:position] + replacement + token[position + 1 :]
        with pytest.raises(seal.SealError):
            seal.open_seal(tampered, keys)


def test_a_token_signed_by_an_unknown_key_is_refused_with_its_key_id() -> None:
    ours, theirs = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    token = seal.seal(payload(), theirs)
    with pytest.raises(seal.SealError) as refused:
        seal.open_seal(token, keyring(ours))
    assert refused.value.code == "seal_unknown_key"
    assert seal.key_id_for(theirs.public_key()) in str(refused.value)


def test_a_forged_signature_with_a_known_key_id_is_refused() -> None:
    real, forger = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    genuine = seal.seal(payload(), real)
    forged = seal.seal(payload(number="9999/FAKE"), forger)
    # Put the real desk's key id into the forger's token: the signature cannot match.
    raw_genuine = _unb64(genuine)
    raw_forged = bytearray(_unb64(forged))
    raw_forged[1:9] = raw_genuine[1:9]
    with pytest.raises(seal.SealError) as refused:
        seal.open_seal(_b64(bytes(raw_forged)), keyring(real))
    assert refused.value.code == "seal_bad_signature"


def test_urls_and_bare_tokens_are_both_accepted() -> None:
    key = Ed25519PrivateKey.generate()
    token = seal.seal(payload(), key)
    for text in (
        token,
        f"https://hq.example/v/{token}",
        f" https://hq.example/v/{token}?utm=x ",
        f"http://127.0.0.1:8000/v/{token}/",
    ):
        assert seal.open_seal(text, keyring(key)).payload.number.startswith("0007")


def test_other_versions_and_garbage_are_refused_with_a_reason() -> None:
    key = Ed25519PrivateKey.generate()
    raw = bytearray(_unb64(seal.seal(payload(), key)))
    raw[0] = 2
    with pytest.raises(seal.SealError) as refused:
        seal.open_seal(_b64(bytes(raw)), keyring(key))
    assert refused.value.code == "seal_version"
    for garbage in ("", "hello world", "AAAA", "https://example.org/other/page"):
        with pytest.raises(seal.SealError):
            seal.open_seal(garbage, keyring(key))


def test_name_digest_ignores_spacing_but_not_spelling() -> None:
    assert seal.name_digest("Ahmad  Yani ") == seal.name_digest("Ahmad Yani")
    assert seal.name_digest("Ahmad Yani") != seal.name_digest("Achmad Yani")


def test_the_desk_key_is_made_once_and_kept_in_the_desk_database(db: Database) -> None:
    with db.write() as session:
        first = seal.desk_signer(session=session)
    with db.write() as session:
        again = seal.desk_signer(session=session)
        stored = session.get(DeskKey, first.key_id)
    assert again.key_id == first.key_id
    assert stored is not None and stored.private_key
    with db.session() as session:
        keys = seal.known_keys(session=session)
    assert seal.open_seal(first.seal(payload()), keys).key_id == first.key_id


def test_another_desks_key_verifies_offline_once_trusted_and_not_after_revocation(
    db: Database, tmp_path: Path
) -> None:
    other = Database(tmp_path / "other-desk")
    try:
        with other.write() as session:
            signer = seal.desk_signer(session=session)
            public = seal.public_key_text(session=session, key_id=signer.key_id)
    finally:
        other.close()
    token = signer.seal(payload())
    with db.session() as session, pytest.raises(seal.SealError):
        seal.open_seal(token, seal.known_keys(session=session))
    with db.write() as session:
        seal.trust_key(session=session, desk_id="other-desk", public_key=public, label="Meja 2")
    with db.session() as session:
        assert seal.open_seal(token, seal.known_keys(session=session)).key_id == signer.key_id
    with db.write() as session:
        seal.revoke_key(session=session, key_id=signer.key_id, reason="laptop stolen")
    with db.session() as session, pytest.raises(seal.SealError):
        seal.open_seal(token, seal.known_keys(session=session))


def test_base_url_is_a_desk_setting(db: Database) -> None:
    with db.write() as session:
        assert seal.base_url(session=session) == seal.DEFAULT_BASE_URL
        seal.set_base_url(session=session, url="https://hq.example.go.id/")
    with db.session() as session:
        assert seal.base_url(session=session) == "https://hq.example.go.id"
    with db.write() as session, pytest.raises(Exception, match="web address"):
        seal.set_base_url(session=session, url="hq.example")


def test_seal_signatures_verify_with_an_independent_ed25519_implementation():
    """libsodium (the desk's) and OpenSSL via cryptography agree: a seal is plain RFC 8032."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey as OpenSslKey

    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    message = b"hadir seal test vector"
    signature = key.sign(message)
    OpenSslKey.from_public_bytes(key.public_key().public_bytes_raw()).verify(signature, message)
    # RFC 8032, section 7.1, test 1: secret key 9d61b1..., empty message.
    rfc = Ed25519PrivateKey.from_private_bytes(
        bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    )
    assert rfc.public_key().public_bytes_raw().hex() == (
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    )
    assert (
        rfc.sign(b"")
        .hex()
        .startswith(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"[
                :32
            ]
        )
    )


def test_a_signature_no_key_could_make_is_told_apart_without_the_key() -> None:
    # What lets the offline check refuse an all-zero (or other impossible) signature under a key
    # it does not know, instead of calling it a certificate of a desk not synced yet.
    import os

    from sync.ed25519 import PrivateKey, signature_could_be_valid

    key = PrivateKey.generate()
    assert all(signature_could_be_valid(key.sign(os.urandom(40))) for _ in range(500))
    genuine = key.sign(b"sertifikat")
    order = 2**252 + 27742317777372353535851937790883648493
    too_big_s = genuine[:32] + (order + 1).to_bytes(32, "little")
    small_order_r = bytes(32) + genuine[32:]  # y = 0: a point of order 4
    for impossible in (bytes(64), too_big_s, small_order_r, genuine[:63]):
        assert not signature_could_be_valid(impossible)
