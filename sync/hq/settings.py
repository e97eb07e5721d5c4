"""HQ's typed settings, read once from ``HADIR_HQ_*`` environment variables (STYLE.md rule 8).

Outside development they refuse what is only safe on a laptop: cookies sent over plain HTTP and a
database chosen by default rather than by the operator.
"""

from __future__ import annotations

from functools import cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Literal, Self
from urllib.parse import urlsplit

import platformdirs
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from sync.protocol import CLOCK_SKEW_WARNING_SECONDS

APP_NAME = "HadirHQ"
KiB = 1024
MiB = 1024 * KiB


def default_database_url() -> str:
    """SQLite in the user data folder: the embedded default, so ``hadir-hq serve`` needs no
    setup."""
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{folder / 'hq.db'}"


def default_offices_csv() -> Path:
    return Path(__file__).resolve().parents[2] / "resources" / "offices.csv"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HADIR_HQ_", env_ignore_empty=True, extra="ignore")

    environment: Literal["development", "production"] = "development"
    database_url: str = ""  # empty: default_database_url(), allowed in development only
    offices_csv: Path = Field(default_factory=default_offices_csv)

    # Push limits: the compressed body, then what it may expand to (compression bombs stop here).
    max_body_bytes: int = 8 * MiB
    max_decompressed_bytes: int = 64 * MiB
    # The contract's limit, the one the desk warns at when HQ's answers say nothing else.
    clock_skew_warning_seconds: float = float(CLOCK_SKEW_WARNING_SECONDS)
    pull_page_size: int = 1000

    enrollment_code_hours: int = 72
    # Desk tokens rotate with each accepted push or pull (issue 15 item 9); the token a desk used
    # before stays valid this long after its new one is first used: requests in flight, and a desk
    # whose answer was lost, still get in. Past it the old token is refused (desk_token_unknown).
    token_grace_hours: float = Field(default=72.0, gt=0, le=90 * 24)
    # Dashboard sessions live in the database (several workers, no shared secret to leak).
    session_hours: int = 12
    cookie_secure: bool = False
    # Encrypts staff accounts' TOTP secrets (issue 19 item 4): 32 random bytes as URL-safe base64
    # (`python -c "import secrets; print(secrets.token_urlsafe(32))"`). Empty: TOTP cannot be
    # turned on. Kept out of the database so that a copy of it does not give the second factor away.
    totp_key: str = ""

    # Token buckets per client IP, in-process (each worker keeps its own).
    verify_rate_per_minute: float = 60.0
    verify_burst: int = 20
    login_rate_per_minute: float = 10.0
    login_burst: int = 5
    # The address certificates' QR codes carry (``<public_url>/v/<token>``), e.g.
    # https://hadir.kemenham.go.id or https://kanwil.example.go.id/hadir; told to desks in /me.
    # Empty: desks print the address they enrolled with. Verification answers under this address's
    # path and under /v/ alike, so a certificate printed with the default address (before its desk
    # enrolled) keeps working once that address reaches HQ.
    public_url: str = ""
    # Client addresses and the scheme are taken from X-Forwarded-For/-Proto only when the peer is
    # one of these proxies: IPs or CIDRs, comma-separated (``127.0.0.1,10.0.0.0/8``); default none.
    trusted_proxies: Annotated[list[str], NoDecode] = []

    # --- The web face (issue 15 items 4 and 6) ---
    # The body of every route but push and reconcile (enrollment, dashboard forms, anything sent
    # to a GET), refused before it is read; push and reconcile keep max_body_bytes.
    max_form_bytes: int = 64 * KiB
    # /api/docs and /openapi.json: off unless asked for (a production HQ need not describe itself).
    api_docs: bool = False

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _check_proxies(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"HADIR_HQ_TRUSTED_PROXIES: '{entry}' is not an IP address or network; "
                    "give addresses like 127.0.0.1 or 10.0.0.0/8, comma-separated."
                ) from None
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Self:
        if self.environment != "development":
            if not self.database_url:
                raise ValueError(
                    "HADIR_HQ_DATABASE_URL must be set outside development "
                    "(the SQLite default in the user folder is for a laptop)."
                )
            if not self.cookie_secure:
                raise ValueError(
                    "HADIR_HQ_COOKIE_SECURE must be true outside development: "
                    "dashboard session cookies must not travel over plain HTTP."
                )
        if self.public_url and (
            not self.public_url.startswith(("https://", "http://"))
            or urlsplit(self.public_url).query
            or urlsplit(self.public_url).fragment
        ):
            raise ValueError(
                f"HADIR_HQ_PUBLIC_URL '{self.public_url}' must be a web address like "
                "https://hadir.kemenham.go.id (no ? or #)."
            )
        if self.max_decompressed_bytes < self.max_body_bytes:
            raise ValueError("HADIR_HQ_MAX_DECOMPRESSED_BYTES must be at least MAX_BODY_BYTES.")
        return self

    @property
    def verify_prefix(self) -> str:
        """The path in front of ``/v/`` under ``public_url`` ("" at the root)."""
        return urlsplit(self.public_url).path.rstrip("/")

    @property
    def trusted_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return tuple(ip_network(entry, strict=False) for entry in self.trusted_proxies)

    @property
    def effective_database_url(self) -> str:
        return self.database_url or default_database_url()


@cache
def get_settings() -> Settings:
    return Settings()
