"""The desk's sync settings: what it keeps in its ``setting`` table (HQ's address, this desk's
device id and token, the pull cursor, the last outcome: the keys in ``Keys``), read as one typed
value, and the operator's changes to the CA bundle and the tuning numbers (``hadir-cli sync
config``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from desktop.core.db import Database
from desktop.core.desk import get_setting, set_setting
from desktop.core.errors import HadirError
from desktop.core.sync.reads import Keys as Keys
from desktop.core.sync.reads import is_enrolled, number_value
from sync.desk.outbox import Backoff

if TYPE_CHECKING:
    from sync.desk.client import ClientConfig

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncSettings:
    server_url: str | None
    device_id: str | None
    token: str | None
    key_id: str | None
    ca_bundle: str | None
    cursor: int
    batch_size: int
    batch_max: int
    backoff: Backoff
    retry_for_seconds: float
    connect_timeout: float
    read_timeout: float
    page_size: int
    verified_seq: int

    @property
    def enrolled(self) -> bool:
        return is_enrolled(server_url=self.server_url, token=self.token, device_id=self.device_id)


def number_setting(session: Session, key: str, default: float) -> float:
    return number_value(get_setting(session=session, key=key), key=key, default=default)


def load_settings(*, session: Session) -> SyncSettings:
    batch_max = int(number_setting(session, Keys.BATCH_MAX, 2000))
    return SyncSettings(
        server_url=get_setting(session=session, key=Keys.SERVER),
        device_id=get_setting(session=session, key=Keys.DEVICE),
        token=get_setting(session=session, key=Keys.TOKEN),
        key_id=get_setting(session=session, key=Keys.KEY_ID),
        ca_bundle=get_setting(session=session, key=Keys.CA_BUNDLE) or None,
        cursor=int(number_setting(session, Keys.CURSOR, 0)),
        batch_size=max(1, min(batch_max, int(number_setting(session, Keys.BATCH_SIZE, 500)))),
        batch_max=batch_max,
        backoff=Backoff(
            base_seconds=number_setting(session, Keys.BACKOFF_BASE, 2.0),
            cap_seconds=number_setting(session, Keys.BACKOFF_CAP, 300.0),
        ),
        retry_for_seconds=number_setting(session, Keys.RETRY_FOR, 30.0),
        connect_timeout=number_setting(session, Keys.CONNECT_TIMEOUT, 10.0),
        read_timeout=number_setting(session, Keys.READ_TIMEOUT, 60.0),
        page_size=int(number_setting(session, Keys.PAGE_SIZE, 1000)),
        verified_seq=int(number_setting(session, Keys.VERIFIED_SEQ, 0)),
    )


def client_config(settings: SyncSettings) -> ClientConfig:
    # The HTTP client (requests) only where a sync talks to HQ: ``sync status`` reads settings
    # without it (start-up time, issue 20).
    from desktop import __version__
    from sync.desk.client import ClientConfig, ConfigError

    if not settings.enrolled or settings.server_url is None:
        raise ConfigError(
            "This desk is not enrolled with HQ yet: enroll it with the server's address and a "
            "code from HQ (hadir-cli sync enroll).",
            code="sync_not_enrolled",
        )
    return ClientConfig(
        server_url=settings.server_url,
        token=settings.token,
        ca_bundle=settings.ca_bundle,
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        user_agent=f"hadir-desk/{__version__}",
    )


def check_ca_bundle(path: str | None) -> str | None:
    if not path:
        return None
    bundle = Path(path).expanduser().resolve()
    if not bundle.is_file():
        raise HadirError(f"No CA bundle file at {bundle}.", code="sync_ca_bundle")
    return str(bundle)


def configure(db: Database, *, ca_bundle: str | None = None, **tuning: float) -> dict[str, str]:
    """Change the CA bundle ("" removes it) or a tuning number (``Keys`` names, without prefix)."""
    names = {
        "backoff_base_seconds": Keys.BACKOFF_BASE,
        "backoff_cap_seconds": Keys.BACKOFF_CAP,
        "retry_for_seconds": Keys.RETRY_FOR,
        "connect_timeout_seconds": Keys.CONNECT_TIMEOUT,
        "read_timeout_seconds": Keys.READ_TIMEOUT,
        "batch_max": Keys.BATCH_MAX,
        "batch_size": Keys.BATCH_SIZE,
        "pull_page_size": Keys.PAGE_SIZE,
    }
    changed: dict[str, str] = {}
    with db.write() as session:
        if ca_bundle is not None:
            value = check_ca_bundle(ca_bundle) or ""
            set_setting(session=session, key=Keys.CA_BUNDLE, value=value)
            changed["ca_bundle"] = value
        for name, number in tuning.items():
            if name not in names:
                raise HadirError(f"Unknown sync setting '{name}'.", code="sync_setting")
            if number <= 0:
                raise HadirError(f"{name} must be more than 0.", code="sync_setting")
            set_setting(session=session, key=names[name], value=str(number))
            changed[name] = str(number)
    return changed


def token_saver(db: Database) -> Callable[[str], None]:
    """Keeps a new token from HQ (issue 15 item 9) in one short write transaction, so that a crash
    leaves the old token or the new one, never neither; HQ accepts the old one until the new one
    is first used and for its grace period after."""

    def save(token: str) -> None:
        with db.write() as session:
            set_setting(session=session, key=Keys.TOKEN, value=token)

    return save
