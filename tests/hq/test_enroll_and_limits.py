"""Enrollment, revocation, and what a hostile or broken request gets: a 4xx with a reason."""

from __future__ import annotations

import gzip
import json
import time
import zlib

import requests

from sync.clock import utcnow
from sync.hq.db import write_session
from sync.hq.enrollment import revoke_device
from tests.hq.helpers import Desk, Hq, envelope, event_record, public_key_b64, statuses


def test_an_enrollment_code_works_once(hq: Hq) -> None:
    code = hq.enrollment_code("SULTENG")
    first = Desk(hq=hq, office="SULTENG", name="Meja 1")
    answer = first.enroll(code.lower().replace("-", " "))  # as a person might type it
    assert answer.status_code == 201, answer.text
    assert answer.json()["office_code"] == "SULTENG"
    assert "Sulawesi Tengah" in answer.json()["office_name"]
    second = Desk(hq=hq, office="SULTENG", name="Meja 2")
    refused = second.enroll(code)
    assert refused.status_code == 403
    assert "already used" in refused.json()["detail"]


def test_enrollment_and_me_give_hqs_bundle_key(hq: Hq) -> None:
    """The key desks seal USB bundles to: made once by migration 0004, the same in every answer."""
    import base64

    from sync.hq.db import read_session
    from sync.hq.models import HqKey

    desk = Desk(hq=hq, office="SULTENG", name="Meja 1")
    enrolled = desk.enroll(hq.enrollment_code("SULTENG")).json()["bundle_key"]
    me = requests.get(f"{hq.url}/api/v1/me", headers=desk.auth, timeout=30).json()
    with read_session(hq.engine) as session:
        stored = session.get(HqKey, "bundle")
        assert stored is not None
    assert enrolled == me["bundle_key"] == stored.public_key
    assert len(base64.b64decode(enrolled)) == 32
    assert stored.private_key not in str(me)


def test_enrollment_refuses_bad_keys_and_reused_key_ids(hq: Hq) -> None:
    desk = Desk(hq=hq, office="SULTENG", name="Meja 1")
    body = {
        "code": hq.enrollment_code("SULTENG"),
        "desk_name": "Meja 1",
        "desk_id": "d",
        "key_id": desk.key_id,
        "public_key": "bm90IGEga2V5",
    }
    bad = requests.post(f"{hq.url}/api/v1/enroll", json=body, timeout=10)
    assert bad.status_code == 422
    assert "Ed25519" in bad.json()["detail"]
    other_id = requests.post(
        f"{hq.url}/api/v1/enroll",
        json={**body, "key_id": "0123456789abcdef", "public_key": public_key_b64(desk.private_key)},
        timeout=10,
    )
    assert other_id.status_code == 422 and "key_id" in other_id.json()["detail"]
    # The refused attempts did not spend the code.
    good = requests.post(
        f"{hq.url}/api/v1/enroll",
        json={**body, "public_key": public_key_b64(desk.private_key)},
        timeout=10,
    )
    assert good.status_code == 201
    reused = requests.post(
        f"{hq.url}/api/v1/enroll",
        json={
            **body,
            "code": hq.enrollment_code("SULTENG"),
            "public_key": public_key_b64(desk.private_key),
        },
        timeout=10,
    )
    assert reused.status_code == 409


def test_a_revoked_desk_is_refused_at_once(hq: Hq) -> None:
    desk = hq.desk()
    assert desk.push([envelope(event_record())]).status_code == 200
    with write_session(hq.engine) as session:
        revoke_device(session=session, device_id=desk.device_id, now=utcnow())
    push = desk.push([envelope(event_record())])
    assert push.status_code == 401
    assert "revoked" in push.json()["detail"]
    assert desk.pull().status_code == 401
    assert requests.get(f"{hq.url}/api/v1/me", headers=desk.auth, timeout=10).status_code == 401


def test_requests_without_a_valid_token_are_refused(hq: Hq) -> None:
    desk = hq.desk()
    body = desk.push_body([])
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic YTpi"}):
        response = requests.post(
            f"{hq.url}/api/v1/push",
            data=body,
            headers={"Content-Encoding": "gzip", **headers},
            timeout=10,
        )
        assert response.status_code in (401, 403), response.text
    assert requests.get(f"{hq.url}/api/v1/pull", timeout=10).status_code in (401, 403)


def test_garbage_gets_a_4xx_with_a_reason(hq: Hq) -> None:
    desk = hq.desk()
    cases = {
        "not gzip": (b"\x1f\x8bthis is not gzip", {}),
        "gzip of non-json": (gzip.compress(b"\x00\xff garbage"), {}),
        "truncated gzip": (desk.push_body([])[:-6], {}),
        "plain json of the wrong shape": (
            json.dumps({"items": "no"}).encode(),
            {"Content-Encoding": "identity"},
        ),
        "empty": (b"", {"Content-Encoding": "identity"}),
        "unknown encoding": (b"{}", {"Content-Encoding": "br"}),
        "wrong protocol": (
            gzip.compress(
                json.dumps(
                    {"protocol": 99, "desk_time": "2026-01-01T00:00:00Z", "items": []}
                ).encode()
            ),
            {},
        ),
        "naive desk time": (
            gzip.compress(json.dumps({"desk_time": "2026-01-01T00:00:00", "items": []}).encode()),
            {},
        ),
    }
    for name, (body, headers) in cases.items():
        response = desk.push_raw(body, headers=headers)
        assert 400 <= response.status_code < 500, (name, response.status_code, response.text)
        assert response.json()["detail"], name
    plain = desk.push_raw(
        desk.push_body([])[0:0] + gzip.decompress(desk.push_body([])),
        headers={"Content-Encoding": "identity"},
    )
    assert plain.status_code == 200  # uncompressed JSON is accepted too


def test_oversize_and_compression_bombs_are_refused_fast(hq: Hq) -> None:
    desk = hq.desk()
    limit = hq.settings.max_body_bytes
    declared = desk.push_raw(b"x" * 10, headers={"Content-Length": str(limit + 1)})
    assert declared.status_code in (400, 413)
    oversize = desk.push_raw(b"\x00" * (limit + 1024), headers={"Content-Encoding": "identity"})
    assert oversize.status_code == 413

    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\x00" * (1024 * 1024)
    bomb = (
        b"".join(compressor.compress(zeros) for _ in range(1024)) + compressor.flush()
    )  # 1 GiB inflated
    assert len(bomb) < 2 * 1024 * 1024
    started = time.monotonic()
    refused = desk.push_raw(bomb)
    assert refused.status_code == 413
    assert "expands beyond" in refused.json()["detail"]
    assert time.monotonic() - started < 5
    # HQ is still fine afterwards.
    assert statuses(desk.push([envelope(event_record())])) == ["stored"]
