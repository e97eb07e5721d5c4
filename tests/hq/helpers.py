"""Test helpers: an HQ handle and a desk that talks to it over HTTP like the real client will."""

from __future__ import annotations

import gzip
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from sqlalchemy import Engine

from sync.clock import utcnow
from sync.ed25519 import PrivateKey as Ed25519PrivateKey
from sync.hq import reports
from sync.hq.db import read_session, write_session
from sync.hq.enrollment import create_enrollment_code
from sync.hq.settings import Settings
from sync.offices import load_offices
from sync.protocol import (
    CheckInRecord,
    EventRecord,
    ParticipantRecord,
    RegistrationRecord,
)
from sync.seal_format import b64encode, key_id_for, raw_public_key

T0 = datetime(2026, 3, 12, 1, 0, tzinfo=UTC)  # 08.00 WIB


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Hq:
    url: str
    engine: Engine
    settings: Settings

    def enrollment_code(self, office: str) -> str:
        with write_session(self.engine) as session:
            return create_enrollment_code(
                session=session,
                office_code=office,
                offices=load_offices(self.settings.offices_csv),
                now=utcnow(),
                valid_for=timedelta(hours=1),
            )

    def desk(self, office: str = "SULTENG", name: str = "Meja 1") -> Desk:
        desk = Desk(hq=self, office=office, name=name)
        desk.enroll(self.enrollment_code(office))
        return desk

    def stats(self) -> dict[str, int]:
        with read_session(self.engine) as session:
            return reports.stats(session=session)


def public_key_b64(key: Ed25519PrivateKey) -> str:
    return b64encode(raw_public_key(key.public_key()))


def dashboard_login(hq: Hq, *, username: str, password: str) -> requests.Session:
    """A browser session signed in to HQ's dashboard through its login form, CSRF token and all."""
    browser = requests.Session()
    form = browser.get(f"{hq.url}/dashboard/login", timeout=10)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    answer = browser.post(
        f"{hq.url}/dashboard/login",
        timeout=10,
        allow_redirects=False,
        data={"username": username, "password": password, "csrf_token": token.group(1)},
    )
    assert answer.status_code == 303, answer.text
    return browser


@dataclass
class Desk:
    hq: Hq
    office: str
    name: str
    private_key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    key_id: str = ""
    desk_id: str = field(default_factory=new_id)
    token: str = ""
    device_id: str = ""

    def __post_init__(self) -> None:
        self.key_id = self.key_id or key_id_for(self.private_key.public_key())

    def enroll(self, code: str) -> requests.Response:
        response = requests.post(
            f"{self.hq.url}/api/v1/enroll",
            json={
                "code": code,
                "desk_name": self.name,
                "desk_id": self.desk_id,
                "key_id": self.key_id,
                "public_key": public_key_b64(self.private_key),
                "app_version": "test",
            },
            timeout=30,
        )
        if response.status_code == 201:
            body = response.json()
            self.token, self.device_id = body["token"], body["device_id"]
        return response

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def push_body(
        self, items: list[dict[str, Any]], *, desk_time: datetime | None = None, pending: int = 0
    ) -> bytes:
        document = {
            "protocol": 1,
            "desk_time": (desk_time or datetime.now(UTC)).isoformat(),
            "pending": pending,
            "items": items,
        }
        return gzip.compress(json.dumps(document).encode())

    def push_raw(self, body: bytes, *, headers: dict[str, str] | None = None) -> requests.Response:
        merged = {
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
            **self.auth,
            **(headers or {}),
        }
        return requests.post(f"{self.hq.url}/api/v1/push", data=body, headers=merged, timeout=60)

    def push(self, items: list[dict[str, Any]], **kwargs: Any) -> requests.Response:
        return self.push_raw(self.push_body(items, **kwargs))

    def pull(self, cursor: int = 0, limit: int | None = None) -> requests.Response:
        params: dict[str, int] = {"cursor": cursor}
        if limit:
            params["limit"] = limit
        return requests.get(
            f"{self.hq.url}/api/v1/pull", params=params, headers=self.auth, timeout=30
        )

    def pull_all(self, cursor: int = 0, limit: int = 1000) -> tuple[list[dict[str, Any]], int]:
        items: list[dict[str, Any]] = []
        while True:
            response = self.pull(cursor, limit)
            assert response.status_code == 200, response.text
            page = response.json()
            items.extend(page["items"])
            assert page["next_cursor"] >= cursor
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return items, cursor


def envelope(record: Any, change_id: str | None = None) -> dict[str, Any]:
    return {
        "id": change_id or new_id(),
        "kind": record.kind,
        "payload": record.model_dump(mode="json"),
    }


def event_record(
    office: str = "SULTENG",
    *,
    event_id: str | None = None,
    title: str = "Penguatan Kapasitas HAM bagi ASN",
    updated_at: datetime = T0,
) -> EventRecord:
    return EventRecord(
        id=event_id or new_id(),
        office_code=office,
        title=title,
        theme="HAM",
        venue="Palu",
        starts_at=T0,
        ends_at=T0 + timedelta(days=1, hours=8),
        timezone="Asia/Makassar",
        mode="luring",
        jp=20,
        updated_at=updated_at,
    )


def participant_record(
    *,
    participant_id: str | None = None,
    nip: str | None = "198609262015051001",
    name: str = "Dr. H. Ahmad Yani, S.H., M.H.",
    email: str | None = "ahmad.yani@example.go.id",
    updated_at: datetime = T0,
) -> ParticipantRecord:
    return ParticipantRecord(
        id=participant_id or new_id(),
        full_name=name,
        nip=nip,
        nik=None,
        asn_status="PNS",
        golongan="III/a Penata Muda",
        jabatan="Analis",
        unit_kerja="Bagian Umum",
        instansi="Pemerintah Kota Palu",
        email=email,
        phone="081234567890",
        birth_date=None,
        gender="L",
        updated_at=updated_at,
    )


def registration_record(
    event_id: str, participant_id: str, desk_id: str = "desk"
) -> RegistrationRecord:
    return RegistrationRecord(
        id=new_id(),
        event_id=event_id,
        participant_id=participant_id,
        source="walkin",
        desk_id=desk_id,
        created_at=T0,
    )


def checkin_record(
    event_id: str,
    participant_id: str,
    *,
    day: int = 1,
    at: datetime = T0,
    desk_name: str = "Meja 1",
    undoes_id: str | None = None,
    checkin_id: str | None = None,
) -> CheckInRecord:
    return CheckInRecord(
        id=checkin_id or new_id(),
        event_id=event_id,
        participant_id=participant_id,
        day=day,
        at=at,
        desk_id="desk",
        desk_name=desk_name,
        operator="operator",
        method="scan",
        undoes_id=undoes_id,
    )


def statuses(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [result["status"] for result in response.json()["results"]]
