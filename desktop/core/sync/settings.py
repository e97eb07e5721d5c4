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
from sync.desk.outbox import Backoff

if TYPE_CHECKING:
    from sync.desk.client import ClientConfig

log = logging.getLogger(__name__)


class Keys:
    """The desk settings the sync service owns (``setting`` table)."""

    SERVER = "sync_server_url"
    DEVICE = "sync_device_id"
    TOKEN = "sync_token"
    KEY_ID = "sync_key_id"  # the sealing key HQ registered at enrollment (it signs bundles)
    OFFICE_NAME = "sync_office_name"
    CA_BUNDLE = "sync_ca_bundle"
    CURSOR = "sync_pull_cursor"
    BATCH_SIZE = "sync_batch_size"
    LAST_SUCCESS = "sync_last_success"
    LAST_ATTEMPT = "sync_last_attempt"
    LAST_ERROR = "sync_last_error"
    LAST_ERROR_CODE = "sync_last_error_code"  # {"code", "params"} of LAST_ERROR (JSON)
    ONLINE = "sync_online"
    CLOCK_SKEW = "sync_clock_skew_seconds"
    CLOCK_WARNING = "sync_clock_warning"
    VERIFIED_SEQ = "sync_verified_seq"
    VERIFIED_AT = "sync_verified_at"
    LAST_BUNDLE = "sync_last_bundle"
    HQ_BUNDLE_KEY = "sync_hq_bundle_key"  # HQ's X25519 public key: USB bundles are sealed to it
    HQ_ASKED_AT = "sync_hq_asked_at"  # when /me was last asked (bundle key, certificates' address)
    # Tuning, for offices with unusual links (and for the fault tests): plain numbers.
    BACKOFF_BASE = "sync_backoff_base_seconds"
    BACKOFF_CAP = "sync_backoff_cap_seconds"
    RETRY_FOR = "sync_retry_for_seconds"
    CONNECT_TIMEOUT = "sync_connect_timeout_seconds"
    READ_TIMEOUT = "sync_read_timeout_seconds"
    BATCH_MAX = "sync_batch_max"
    PAGE_SIZE = "sync_pull_page_size"


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
        return bool(self.server_url and self.token and self.device_id)


def number_setting(session: Session, key: str, default: float) -> float:
    raw = get_setting(session=session, key=key)
    try:
        return float(raw) if raw not in (None, "") else default
    except ValueError:
        log.warning("setting %s=%r is not a number; using %s", key, raw, default)
        return default


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
