"""Issue 15 item 10, desk side: the offline check (``hadir-cli certificates verify`` and the core's
verify) answers every forged seal with one sentence, "tidak dapat diverifikasi", word for word the
same, as HQ does (tests/hq/test_forged_seal.py). Only a seal that a desk not heard of yet could
plausibly have made (a key this desk has not learnt, on an event of this desk's own office, with a
signature some key could have made) keeps the softer "check it online at HQ"."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core import seal
from desktop.core.certificates.verification import (
    CANNOT_BE_VERIFIED,
    UNKNOWN_DESK_KEY,
    verify,
)
from desktop.core.db import Database
from desktop.core.desk import configure_desk
from sync.ed25519 import PrivateKey as Ed25519PrivateKey
from sync.seal_format import SealPayload, encode_payload, key_id_for, name_digest
from tests.desktop.certificate_support import SampleEvent, make_event


def _payload(sample: SampleEvent) -> SealPayload:
    return SealPayload(
        number="W.32-FORGED-1",
        participant_id=sample.participant_ids[0],
        event_id=sample.event_id,
        name_digest=name_digest(sample.names[0]),
        issued_on=date(2026, 11, 23),
        mode="luring",
    )


def _token(signed: bytes, signature: bytes) -> str:
    return base64.urlsafe_b64encode(signed + signature).rstrip(b"=").decode()


def _forgeries(db: Database, sample: SampleEvent) -> dict[str, str]:
    payload = _payload(sample)
    with db.write() as session:
        own = seal.desk_signer(session=session)
    stranger = Ed25519PrivateKey.generate()
    as_desk = encode_payload(payload, own.key_id)
    as_stranger = encode_payload(payload, key_id_for(stranger.public_key()))
    elsewhere = replace(payload, event_id="01JZZZZZZZZZZZZZZZZZZZZZZZ")
    return {
        "all-zero signature, unknown key, this office's event": _token(as_stranger, bytes(64)),
        "all-zero signature, this desk's key": _token(as_desk, bytes(64)),
        "another key's signature under this desk's key id": _token(as_desk, stranger.sign(as_desk)),
        "unknown key, an event this desk does not hold": seal.seal(elsewhere, stranger),
        "not a Hadir code": "bukan-kode-hadir",
    }


def test_every_forged_seal_gets_the_same_cannot_be_verified_answer(db: Database) -> None:
    sample = make_event(db, participants=1)
    forged = _forgeries(db, sample)
    with db.session() as session:
        verdicts = {case: verify(session=session, token_or_url=t) for case, t in forged.items()}
    for case, verdict in verdicts.items():
        assert not verdict.valid, case
        assert verdict.reason == CANNOT_BE_VERIFIED, (case, verdict.reason)
        assert "HQ" not in verdict.reason and "sync" not in verdict.reason, case
        assert (verdict.number, verdict.name, verdict.event, verdict.key_id) == (None,) * 4, case


def test_a_plausible_seal_of_a_desk_not_heard_of_yet_keeps_the_softer_words(
    db: Database,
) -> None:
    sample = make_event(db, participants=1)
    newcomer = Ed25519PrivateKey.generate()  # a desk of this office enrolled after our last sync
    token = seal.seal(_payload(sample), newcomer)
    with db.session() as session:
        verdict = verify(session=session, token_or_url=token)
    key_id = key_id_for(newcomer.public_key())
    assert not verdict.valid
    assert verdict.reason == UNKNOWN_DESK_KEY.format(key_id=key_id)
    assert "check it online at HQ" in verdict.reason


def test_a_seal_of_another_offices_event_is_not_plausibly_pending(tmp_path: Path) -> None:
    db = Database(tmp_path / "desk")
    try:
        sample = make_event(db, participants=1, office="SULTENG")
        with db.write() as session:  # the desk now works for another office
            configure_desk(session=session, office_code="DKI", desk_name="Meja 1")
        token = seal.seal(_payload(sample), Ed25519PrivateKey.generate())
        with db.session() as session:
            assert verify(session=session, token_or_url=token).reason == CANNOT_BE_VERIFIED
    finally:
        db.close()


def test_a_revoked_key_is_named_only_when_it_made_the_seal(db: Database) -> None:
    sample = make_event(db, participants=1)
    payload = _payload(sample)
    with db.write() as session:
        own = seal.desk_signer(session=session)
    genuine = own.seal(payload)
    zero = _token(encode_payload(payload, own.key_id), bytes(64))
    with db.write() as session:
        seal.revoke_key(session=session, key_id=own.key_id, reason="laptop stolen")
    with db.session() as session:
        revoked = verify(session=session, token_or_url=genuine)
        forged = verify(session=session, token_or_url=zero)
    assert "revoked" in revoked.reason and "laptop stolen" in revoked.reason
    assert forged.reason == CANNOT_BE_VERIFIED


def test_hadir_cli_certificates_verify_answers_a_forgery_with_the_same_words(
    capsys: pytest.CaptureFixture[str], data_dir: Path, db: Database
) -> None:
    sample = make_event(db, participants=1)
    forged = _forgeries(db, sample)
    answers = []
    for token in forged.values():
        capsys.readouterr()
        code = main(["--data-dir", str(data_dir), "--json", "certificates", "verify", token])
        out = capsys.readouterr().out.strip().splitlines()[-1]
        assert code == 2, out
        answers.append(json.loads(out))
    expected = {"valid": False, "number": None, "name": None, "event": None}
    assert answers == [{**expected, "reason": CANNOT_BE_VERIFIED}] * len(forged)
