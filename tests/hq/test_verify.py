"""The public verification page and its JSON form, against seals made with the desk's format."""

from __future__ import annotations

from datetime import date, timedelta

import requests

from sync.clock import utcnow
from sync.ed25519 import PrivateKey as Ed25519PrivateKey
from sync.hq.db import write_session
from sync.hq.enrollment import revoke_device
from sync.hq.models import Certificate
from sync.seal_format import SealPayload, name_digest, seal
from tests.hq.helpers import Desk, Hq, envelope, event_record, participant_record

NIP = "198609262015051001"
PHONE = "081234567890"
EMAIL = "ahmad.yani@example.go.id"


def _certified(hq: Hq, desk: Desk, *, revoked: bool = False) -> tuple[str, SealPayload]:
    event = event_record("SULTENG")
    person = participant_record(nip=NIP, email=EMAIL)
    desk.push([envelope(event), envelope(person)])
    payload = SealPayload(
        number="W.32.UM.01.01-1473",
        participant_id=person.id,
        event_id=event.id,
        name_digest=name_digest(person.full_name),
        issued_on=date(2026, 3, 13),
        mode="luring",
    )
    with write_session(hq.engine) as session:
        session.add(
            Certificate(
                id="cert-1",
                number=payload.number,
                event_id=event.id,
                participant_id=person.id,
                office_code="SULTENG",
                desk_id=desk.desk_id,
                printed_name=person.full_name,
                issued_on=payload.issued_on,
                mode="luring",
                key_id=desk.key_id,
                issued_at=utcnow(),
                device_id=desk.device_id,
                revoked_at=utcnow() if revoked else None,
                revoked_reason="Salah nama" if revoked else "",
            )
        )
    return seal(payload, desk.private_key), payload


def _no_personal_data(text: str) -> None:
    assert NIP not in text and PHONE not in text and EMAIL not in text


def test_a_valid_certificate_page_in_indonesian_without_personal_data(hq: Hq) -> None:
    desk = hq.desk()
    token, payload = _certified(hq, desk)
    page = requests.get(f"{hq.url}/v/{token}", timeout=10)
    assert page.status_code == 200
    assert 'lang="id"' in page.text and "Sertifikat sah" in page.text
    assert "Ahmad Yani" in page.text and payload.number in page.text
    assert "Penguatan Kapasitas HAM" in page.text and "Sulawesi Tengah" in page.text
    assert "*" * 15 + "001" in page.text  # masked: no birth date part (sync.nip)
    assert 'name="viewport"' in page.text
    _no_personal_data(page.text)

    as_json = requests.get(f"{hq.url}/api/v1/verify/{token}", timeout=10)
    assert as_json.status_code == 200
    body = as_json.json()
    assert body["status"] == "valid" and body["certificate_number"] == payload.number
    assert body["event_dates"] == "12 - 13 Maret 2026"
    _no_personal_data(as_json.text)
    negotiated = requests.get(
        f"{hq.url}/v/{token}", headers={"Accept": "application/json"}, timeout=10
    )
    assert negotiated.json() == body


def test_revoked_unknown_and_tampered_seals(hq: Hq) -> None:
    desk = hq.desk()
    token, payload = _certified(hq, desk, revoked=True)
    revoked = requests.get(f"{hq.url}/api/v1/verify/{token}", timeout=10).json()
    assert revoked["status"] == "revoked" and revoked["revoked_reason"] == "Salah nama"
    assert "dicabut" in requests.get(f"{hq.url}/v/{token}", timeout=10).text

    # Signed by the desk, but the certificate has not reached HQ: unknown, with what the seal
    # proves.
    not_synced = seal(
        SealPayload(
            number="W.32-9999",
            participant_id=payload.participant_id,
            event_id=payload.event_id,
            name_digest=payload.name_digest,
            issued_on=payload.issued_on,
            mode="luring",
        ),
        desk.private_key,
    )
    pending = requests.get(f"{hq.url}/api/v1/verify/{not_synced}", timeout=10).json()
    assert pending["status"] == "unknown" and pending["name"] == "Dr. H. Ahmad Yani, S.H., M.H."

    # A key HQ never registered belongs to no enrolled desk: not "pending" but unverifiable
    # (tests/hq/test_forged_seal.py has every forged case).
    stranger = seal(payload, Ed25519PrivateKey.generate())
    assert requests.get(f"{hq.url}/api/v1/verify/{stranger}", timeout=10).status_code == 404

    for bad in (
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        token[:40],
        "bukan-kode",
        "x" * 2000,
    ):
        assert requests.get(f"{hq.url}/api/v1/verify/{bad}", timeout=10).status_code == 404, bad[
            :60
        ]
        page = requests.get(f"{hq.url}/v/{bad}", timeout=10)
        assert page.status_code == 404 and "Tidak dapat diverifikasi" in page.text
    # Change the sealed content (the event id, past the key id) and the signature no longer matches;
    # changing the key id itself names a key HQ never saw: the same 404.
    altered = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    assert requests.get(f"{hq.url}/api/v1/verify/{altered}", timeout=10).status_code == 404


def test_a_revoked_desk_keeps_its_recorded_certificates_valid(hq: Hq) -> None:
    desk = hq.desk()
    token, payload = _certified(hq, desk)
    with write_session(hq.engine) as session:
        revoke_device(session=session, device_id=desk.device_id, now=utcnow())
    assert requests.get(f"{hq.url}/api/v1/verify/{token}", timeout=10).json()["status"] == "valid"
    later = seal(
        SealPayload(
            "W.32-NEW",
            payload.participant_id,
            payload.event_id,
            payload.name_digest,
            payload.issued_on + timedelta(days=1),
            "luring",
        ),
        desk.private_key,
    )
    assert requests.get(f"{hq.url}/api/v1/verify/{later}", timeout=10).json()["status"] == "unknown"


def test_verification_is_rate_limited_per_address(hq: Hq) -> None:
    hq_app_bucket_burst = 5
    from sync.hq.security import TokenBucket

    bucket = TokenBucket(rate_per_minute=60, burst=hq_app_bucket_burst)
    assert [bucket.allow("1.2.3.4", now=0.0)[0] for _ in range(6)] == [True] * 5 + [False]
    assert bucket.allow("5.6.7.8", now=0.0)[0]
    assert bucket.allow("1.2.3.4", now=1.01)[0]  # one token per second comes back


def test_the_live_server_answers_429_with_retry_after(tight_hq: Hq) -> None:
    answers = [requests.get(f"{tight_hq.url}/v/bukan-kode", timeout=10) for _ in range(5)]
    assert [a.status_code for a in answers] == [404, 404, 404, 429, 429]
    assert int(answers[-1].headers["Retry-After"]) >= 1
