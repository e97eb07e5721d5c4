"""``hadir-hq`` as an operator runs it: one JSON value on the last line, errors as one sentence."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine

from sync.bundle import write_bundle
from sync.hq.db import head_revision
from sync.protocol import ChangeEnvelope
from tests.hq.conftest import ROOT, start_process_server, stop_process
from tests.hq.helpers import Desk, Hq, checkin_record, envelope, event_record, participant_record


def hadir_hq(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sync.hq.cli", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def last_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_commands_on_a_fresh_database(database_url: str) -> None:
    db = ["--database-url", database_url, "--json"]
    not_yet = hadir_hq("stats", *db)
    assert not_yet.returncode != 0
    assert "hadir-hq migrate" in not_yet.stderr and "Traceback" not in not_yet.stderr
    assert last_json(hadir_hq("migrate", *db))["to"] == head_revision()
    assert last_json(hadir_hq("migrate", *db))["from"] == head_revision()  # again: nothing to do
    code = last_json(hadir_hq("enroll-code", "--office", "sulteng", *db))["code"]
    assert len(code.replace("-", "")) == 12
    unknown = hadir_hq("enroll-code", "--office", "ATLANTIS", *db)
    assert unknown.returncode != 0 and "Unknown office code" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
    assert (
        last_json(
            hadir_hq(
                "create-admin",
                "--username",
                "pusat",
                "--password-stdin",
                *db,
                stdin="rahasia-sekali\n",
            )
        )["username"]
        == "pusat"
    )
    short = hadir_hq("create-admin", "--username", "x", "--password-stdin", *db, stdin="pendek\n")
    assert short.returncode != 0 and "at least" in short.stderr
    stats = last_json(hadir_hq("stats", *db))
    assert {"participants", "checkins", "attendances", "certificates", "devices"} <= set(stats)
    missing = hadir_hq("revoke-desk", "no-such-desk", *db)
    assert missing.returncode != 0 and "No desk" in missing.stderr
    bad_url = hadir_hq(
        "stats", "--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/none", "--json"
    )
    assert bad_url.returncode != 0 and "Traceback" not in bad_url.stderr
    human = hadir_hq("stats", "--database-url", database_url)
    assert "checkins: 0" in human.stdout


def test_serve_enroll_push_stats_revoke_end_to_end(database_url: str, engine: Engine) -> None:
    db = ["--database-url", database_url, "--json"]
    process, url = start_process_server(database_url, workers=1)
    try:
        health = requests.get(f"{url}/healthz", timeout=10)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        code = last_json(hadir_hq("enroll-code", "--office", "SULTENG", *db))["code"]
        from sync.hq.settings import Settings

        desk = Desk(
            hq=Hq(url=url, engine=engine, settings=Settings(database_url=database_url)),
            office="SULTENG",
            name="Meja 1",
        )
        assert desk.enroll(code).status_code == 201
        event, person = event_record(), participant_record()
        items = [envelope(event), envelope(person)] + [
            envelope(checkin_record(event.id, person.id)) for _ in range(3)
        ]
        assert desk.push(items).status_code == 200
        assert desk.push(items).status_code == 200
        stats = last_json(hadir_hq("stats", *db))
        assert (
            stats["checkins"],
            stats["attendances"],
            stats["participants"],
            stats["devices"],
        ) == (3, 1, 1, 1)
        revoked = last_json(hadir_hq("revoke-desk", desk.device_id, *db))
        assert revoked["revoked_at"]
        assert desk.push(items).status_code == 401
    finally:
        stop_process(process)


def _bundle(desk: Desk, path: Path, items: list[dict[str, Any]]) -> None:
    write_bundle(
        path=path,
        device_id=desk.device_id,
        key_id=desk.key_id,
        items=[ChangeEnvelope.model_validate(item) for item in items],
        sign=desk.private_key.sign,
        created_at=datetime.now(UTC),
    )


def test_import_bundle_is_idempotent_and_refuses_damaged_or_foreign_files(
    hq: Hq, tmp_path: Path
) -> None:
    db = ["--database-url", hq.settings.database_url, "--json"]
    desk = hq.desk()
    event, person = event_record(), participant_record()
    pushed = [envelope(event), envelope(person)]
    assert desk.push(pushed).status_code == 200  # part of it already arrived online
    offline = [envelope(checkin_record(event.id, person.id, day=d)) for d in (1, 2)]
    bundle = tmp_path / "meja1.hadir"
    _bundle(desk, bundle, pushed + offline)

    first = last_json(hadir_hq("import-bundle", str(bundle), *db))
    assert (first["stored"], first["already_stored"], first["invalid"]) == (2, 2, 0)
    second = last_json(hadir_hq("import-bundle", str(bundle), *db))
    assert (second["stored"], second["already_stored"]) == (0, 4)
    assert hq.stats()["checkins"] == 2

    damaged = tmp_path / "damaged.hadir"
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    refused = hadir_hq("import-bundle", str(damaged), *db)
    assert refused.returncode != 0 and "damaged" in refused.stderr

    tampered = tmp_path / "tampered.hadir"
    document = json.loads(gzip.decompress(bundle.read_bytes()))
    document["items"][2]["payload"]["day"] = 3
    canonical = json.dumps(
        document["items"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    document["items_sha256"] = hashlib.sha256(canonical.encode()).hexdigest()
    tampered.write_bytes(gzip.compress(json.dumps(document).encode()))
    forged = hadir_hq("import-bundle", str(tampered), *db)
    assert forged.returncode != 0 and "signature" in forged.stderr

    stranger = Desk(hq=hq, office="ACEH", name="Asing")
    stranger.device_id, stranger.key_id = "not-enrolled", "nope"
    foreign = tmp_path / "foreign.hadir"
    _bundle(stranger, foreign, offline)
    unknown = hadir_hq("import-bundle", str(foreign), *db)
    assert unknown.returncode != 0 and "does not know" in unknown.stderr

    not_a_bundle = tmp_path / "notes.txt"
    not_a_bundle.write_text("hello")
    assert "damaged" in hadir_hq("import-bundle", str(not_a_bundle), *db).stderr
    assert hq.stats()["checkins"] == 2  # nothing from the refused files


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_production_settings_refuse_unsafe_defaults(database_url: str) -> None:
    refused = hadir_hq(
        "stats",
        "--json",
        env={"HADIR_HQ_ENVIRONMENT": "production", "HADIR_HQ_DATABASE_URL": database_url},
    )
    assert refused.returncode != 0
    assert "COOKIE_SECURE" in refused.stderr and "Traceback" not in refused.stderr
