"""Dependencies shared by the routes: settings, the engine, a session per request, the caller."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlmodel import Session

from sync import clock
from sync.hq.db import write_session
from sync.hq.enrollment import authenticate_device, promote_desk_token
from sync.hq.errors import HQError, Unauthorized
from sync.hq.models import Device
from sync.hq.settings import Settings
from sync.offices import Office


class RateLimited(HQError):
    status_code = 429

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message, code="rate_limited")
        self.retry_after = retry_after


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_offices(request: Request) -> dict[str, Office]:
    offices: dict[str, Office] = request.app.state.offices
    return offices


def get_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_session)]
OfficesDep = Annotated[dict[str, Office], Depends(get_offices)]

_bearer = HTTPBearer(auto_error=False, description="The desk token received at enrollment.")


def current_device(
    session: SessionDep,
    engine: EngineDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Device:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise Unauthorized(
            "This request needs the desk's token (Authorization: Bearer ...).",
            code="desk_token_missing",
        )
    now = clock.utcnow()
    login = authenticate_device(session=session, token=credentials.credentials, now=now)
    if login.first_use:
        # The desk has its new token (it saved it before using it): the old one starts its grace.
        with write_session(engine) as writer:
            promote_desk_token(
                session=writer,
                device_id=login.device.id,
                token_hash=login.token_hash,
                now=now,
                grace=timedelta(hours=settings.token_grace_hours),
            )
    return login.device


DeviceDep = Annotated[Device, Depends(current_device)]
