"""Issue 14 item 6 (HQ side): every HQ error answer carries a stable ``code`` and its ``params``
besides the English ``detail`` (which older desks read), over real HTTP on 127.0.0.1; the desk's
client carries the code into its exception; every code HQ can raise has a sentence on the desk."""

from __future__ import annotations

import ast
import gzip
from pathlib import Path

import pytest
import requests

from sync.desk.client import AuthError, ClientConfig, ConfigError, HqClient
from sync.protocol import EnrollRequest
from tests.hq.helpers import Desk, Hq, public_key_b64

ROOT = Path(__file__).resolve().parents[2]


def _answer(response: requests.Response) -> tuple[int, str, dict[str, object], str]:
    body = response.json()
    assert set(body) >= {"detail", "code", "params"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    return response.status_code, body["code"], body["params"], body["detail"]


def test_every_kind_of_refusal_names_its_code(hq: Hq) -> None:
    desk = hq.desk("SULTENG", "Meja 1")

    status, code, params, detail = _answer(Desk(hq=hq, office="SULTENG", name="x").enroll("NOPE"))
    assert (status, code, params) == (403, "enrollment_code_unknown", {})
    assert "unknown" in detail  # the English sentence stays for the CLI and older desks

    answer = requests.get(f"{hq.url}/api/v1/pull", timeout=10)
    assert _answer(answer)[:2] == (401, "desk_token_missing")
    answer = requests.get(
        f"{hq.url}/api/v1/pull", headers={"Authorization": "Bearer wrong"}, timeout=10
    )
    assert _answer(answer)[:2] == (401, "desk_token_unknown")

    assert _answer(desk.push_raw(b"not gzip"))[:2] == (400, "gzip_invalid")
    assert _answer(desk.push_raw(gzip.compress(b"")))[:2] == (400, "body_empty")
    answer = desk.push_raw(b"{}", headers={"Content-Encoding": "br"})
    assert _answer(answer)[:3] == (415, "encoding_unsupported", {"encoding": "br"})
    status, code, params, _ = _answer(desk.push_raw(gzip.compress(b'{"protocol": 1}')))
    assert (status, code, params["model"]) == (422, "body_invalid", "PushRequest")
    answer = desk.push_raw(
        gzip.compress(b'{"protocol": 7, "desk_time": "2026-11-24T08:00:00+00:00", "items": []}')
    )
    assert _answer(answer)[:3] == (422, "protocol_unsupported", {"expected": 1, "got": 7})
    answer = requests.get(
        f"{hq.url}/api/v1/pull", params={"cursor": -1}, headers=desk.auth, timeout=10
    )
    assert _answer(answer)[:2] == (422, "request_invalid")
    assert _answer(requests.get(f"{hq.url}/api/v1/nothing", timeout=10))[:2] == (
        404,
        "route_unknown",
    )
    assert _answer(requests.delete(f"{hq.url}/api/v1/push", timeout=10))[:2] == (
        405,
        "method_not_allowed",
    )
    answer = requests.get(
        f"{hq.url}/v/not-a-seal", headers={"Accept": "application/json"}, timeout=10
    )
    assert _answer(answer)[:2] == (404, "certificate_unknown")


def test_the_desk_client_carries_hq_codes_and_its_own(hq: Hq) -> None:
    desk = Desk(hq=hq, office="SULTENG", name="Meja 1")
    request = EnrollRequest(
        code="NOPE",
        desk_name=desk.name,
        desk_id=desk.desk_id,
        key_id=desk.key_id,
        public_key=public_key_b64(desk.private_key),
    )
    with HqClient(ClientConfig(server_url=hq.url)) as client, pytest.raises(AuthError) as refused:
        client.enroll(request)
    assert refused.value.code == "hq_enrollment_code_unknown"
    assert "unknown" in refused.value.message

    wrong_token = ClientConfig(server_url=hq.url, token="wrong")
    with HqClient(wrong_token) as client, pytest.raises(AuthError) as revoked:
        client.pull(cursor=0, limit=10)
    assert revoked.value.code == "hq_desk_token_unknown"

    # A server that is not Hadir HQ: the desk's own code, with where it looked.
    elsewhere = ClientConfig(server_url=f"{hq.url}/elsewhere", token="x")
    with HqClient(elsewhere) as client, pytest.raises(ConfigError) as wrong:
        client.pull(cursor=0, limit=10)
    assert wrong.value.code == "sync_not_hq" and wrong.value.params["host"] in hq.url


def raised_codes() -> set[str]:
    """Every ``code="..."`` given to an error HQ answers with or the desk's client raises (the
    seal's own codes, sync/seal_format.py, are the desk core's, shown like its other codes)."""
    codes: set[str] = set()
    for path in [*(ROOT / "sync" / "hq").rglob("*.py"), ROOT / "sync" / "desk" / "client.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                        codes.add(str(keyword.value.value))
            if isinstance(node, ast.Dict):  # the app's table of Starlette's own refusals
                for key, value in zip(node.keys, node.values, strict=True):
                    numbered = isinstance(key, ast.Constant) and isinstance(key.value, int)
                    if (
                        numbered
                        and isinstance(value, ast.Constant)
                        and isinstance(value.value, str)
                    ):
                        codes.add(value.value)
    return codes


def test_every_code_raised_in_sync_has_a_desk_sentence(qapp) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.i18n import Language, sync_code_text

    codes = raised_codes()
    assert {"enrollment_code_unknown", "sync_unreachable", "database_busy"} <= codes
    language = Language()
    try:
        for lang in ("id", "en"):
            language.apply(lang)
            for code in sorted(codes):
                wire = code if code.startswith("sync_") else f"hq_{code}"
                text = sync_code_text(wire, {"host": "hq.example", "status": 500})
                assert text, f"no {lang} sentence for {code}"
                assert "{" not in text, (code, text)
            generic = sync_code_text("hq_http_502", {})
            assert generic is not None and "502" in generic
        language.apply("id")
        assert sync_code_text("hq_enrollment_code_unknown", {}) == (
            "Kode pendaftaran tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru ke "
            "admin kantor pusat."
        )
        language.apply("en")
        english = sync_code_text("hq_enrollment_code_unknown", {})
        assert english is not None and english.startswith("The enrollment code")
    finally:
        language.release()
