"""The desk's sync state as plain SQL over any connection to its file (``sync.desk.outbox_reads``'s
``Rows``): the setting keys the sync service owns, the rules read from them (enrolled, a tuning
number), the changes from HQ still waiting, and the certificate settings HQ replaced.

No SQLModel or SQLAlchemy here: ``hadir-cli sync status`` reads all of this over a bare SQLCipher
connection (start-up, issue 20), the window through its session; the ORM-side functions
(``settings.number_setting``, ``pull.waiting_count``, ``event_settings.replaced_settings``) are
these over a session, so every rule has one home.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sync.clock import parse_utc_text
from sync.desk.outbox_reads import Rows
from sync.desk.sqlite_bulk import sqlite_utc

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


def setting_values(rows: Rows, keys: Iterable[str]) -> dict[str, str]:
    """The stored values of ``keys`` (a key with no row is absent), in one statement."""
    wanted = list(dict.fromkeys(keys))
    marks = ", ".join(f":k{n}" for n in range(len(wanted)))
    found = rows(
        f"SELECT key, value FROM setting WHERE key IN ({marks})",
        {f"k{n}": key for n, key in enumerate(wanted)},
    )
    return {str(key): str(value) for key, value in found if value is not None}


def number_value(raw: str | None, *, key: str, default: float) -> float:
    """A tuning number as stored; ``default`` when unset or not a number (logged)."""
    try:
        return float(raw) if raw not in (None, "") else default
    except ValueError:
        log.warning("setting %s=%r is not a number; using %s", key, raw, default)
        return default


def is_enrolled(*, server_url: str | None, token: str | None, device_id: str | None) -> bool:
    return bool(server_url and token and device_id)


def pulled_waiting(rows: Rows) -> int:
    """Changes from HQ that wait for a record this desk has not received yet."""
    return int(rows("SELECT COUNT(*) FROM sync_pulled_waiting", {})[0][0] or 0)


SETTINGS_REPLACED = "event.settings_replaced"  # the audit action of a desk whose version lost


@dataclass(frozen=True, slots=True)
class SettingsReplaced:
    """This desk's settings of an event were replaced by another desk's version from HQ."""

    event_id: str
    event_title: str
    by_desk: str
    fields: tuple[str, ...]
    at: datetime | None


def read_replaced_settings(rows: Rows, *, since: datetime, limit: int) -> list[SettingsReplaced]:
    """The replacements since ``since``, newest first (from the audit log, which keeps them)."""
    found = []
    for at, detail in rows(
        "SELECT at, detail FROM audit_entry WHERE action = :action AND at >= :since "
        "ORDER BY at DESC, id DESC LIMIT :limit",
        {"action": SETTINGS_REPLACED, "since": sqlite_utc(since), "limit": limit},
    ):
        values = json.loads(detail or "{}")
        found.append(
            SettingsReplaced(
                event_id=str(values.get("event", "")),
                event_title=str(values.get("title", "")),
                by_desk=str(values.get("by", "")),
                fields=tuple(values.get("fields", [])),
                at=parse_utc_text(at) if isinstance(at, str) else at,
            )
        )
    return found
