"""Issue 15 item 10: a forged seal must not read "belum dapat dipastikan, mungkin belum
disinkronkan". Only a seal signed by a key HQ registered (at enrollment) may be "pending"; a key
no desk was enrolled with, a signature that fails against a known key and an all-zero signature
all get one answer, "tidak dapat diverifikasi", word for word the same, so a forger cannot tell
which check failed. Against the real HQ over HTTP."""

from __future__ import annotations

import base64
from datetime import date

import requests

from sync.ed25519 import PrivateKey as Ed25519PrivateKey
from sync.seal_format import SealPayload, encode_payload, key_id_for, name_digest, seal
from tests.hq.helpers import Desk, Hq, envelope, event_record, participant_record


def _payload(desk: Desk) -> SealPayload:
    event = event_record("SULTENG")
    person = participant_record(nip="198609262015051001")
    desk.push([envelope(event), envelope(person)])
    return SealPayload(
        number="W.32-FORGED-1",
        participant_id=person.id,
        event_id=event.id,
        name_digest=name_digest(person.full_name),
        issued_on=date(2026, 3, 13),
        mode="luring",
    )


def _token(signed: bytes, signature: bytes) -> str:
    return base64.urlsafe_b64encode(signed + signature).rstrip(b"=").decode()


def _answers(hq: Hq, token: str) -> tuple[int, str, int, dict[str, object]]:
    page = requests.get(f"{hq.url}/v/{token}", timeout=10)
    as_json = requests.get(f"{hq.url}/api/v1/verify/{token}", timeout=10)
    return page.status_code, page.text, as_json.status_code, as_json.json()


def test_forged_seals_all_get_the_same_cannot_be_verified_answer(hq: Hq) -> None:
    desk = hq.desk()
    payload = _payload(desk)
    desk_key_id = key_id_for(desk.private_key.public_key())
    signed_as_desk = encode_payload(payload, desk_key_id)
    stranger = Ed25519PrivateKey.generate()
    forged = {
        "never enrolled key": seal(payload, stranger),
        "all-zero signature, unknown key": _token(
            encode_payload(payload, key_id_for(stranger.public_key())), bytes(64)
        ),
        "all-zero signature, the desk's key": _token(signed_as_desk, bytes(64)),
        "another key's signature under the desk's key id": _token(
            signed_as_desk, stranger.sign(signed_as_desk)
        ),
    }
    answers = {case: _answers(hq, token) for case, token in forged.items()}
    for case, (page_status, page, json_status, _body) in answers.items():
        assert page_status == 404 and json_status == 404, case
        assert "Tidak dapat diverifikasi" in page and "cannot be verified" in page, case
        assert "belum disinkronkan" not in page and "Belum dapat dipastikan" not in page, case
        assert payload.number not in page and "Ahmad Yani" not in page, case
    # Nothing tells the cases apart: the same page and the same JSON body for each.
    assert len({page for _, page, _, _ in answers.values()}) == 1
    assert len({str(body) for _, _, _, body in answers.values()}) == 1


def test_a_genuine_seal_not_yet_synced_is_still_pending(hq: Hq) -> None:
    desk = hq.desk()
    payload = _payload(desk)
    page_status, page, json_status, body = _answers(hq, seal(payload, desk.private_key))
    assert page_status == 200 and json_status == 200 and body["status"] == "unknown"
    assert "belum disinkronkan" in page and "Tidak dapat diverifikasi" not in page
