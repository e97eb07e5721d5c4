"""The desk's side of the wire: an HTTP client for HQ (requests, no Qt) and the push, pull and
reconcile loops over the outbox.

Imports ``sync.protocol`` and ``sync.desk.outbox`` only (docs/ARCHITECTURE.md): the caller passes
what this needs, a way to open a write transaction on the desk's database and the server's settings.

What counts as an answer (../shared/design/sync.md rule 3): a 2xx with a JSON body that validates
as the expected message. Everything else is a failure, including a 200 HTML page (a hotspot's or an
office's login portal), any redirect (HQ's API never redirects; a portal does), a body cut off
mid-way, and JSON of the wrong shape. Failures are sorted into what the outbox retries later with
backoff (``TransientError``), what calls for smaller batches (``SlowLinkError``, ``TooLargeError``),
and what stops the whole run at once because retrying cannot help (``FatalError``: the desk's
token refused or revoked, a wrong server address, a certificate that does not verify; rule 8).

Desk tokens rotate (issue 15 item 9, sync/protocol.py TOKEN_ROTATION_HEADER): a client given
``ClientConfig.save_token`` asks for a new token with its pushes and pulls until HQ hands it one,
has the caller save it (one short transaction in the desk's database) and only then sends it; HQ
keeps the old token valid until the new one is first used, and for a grace period after, so a crash
or a lost answer at any point leaves the desk with a token HQ accepts.

requests keeps the system's proxy settings (HTTP(S)_PROXY, NO_PROXY) because ``trust_env`` stays
on, and verifies TLS against certifi or the office's own CA bundle. urllib3's own retries are off
(``max_retries=0``): a POST retried inside the library is how pyodk stored bulk uploads twice.
"""

from __future__ import annotations

import gzip
import json
import logging
import time
import zlib
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ConfigDict, RootModel, ValidationError
from requests.adapters import HTTPAdapter
from sqlmodel import Session

from sync.clock import utcnow
from sync.desk import outbox, venue_outbox
from sync.desk.outbox import Backoff, Sendable
from sync.protocol import (
    API_PREFIX,
    COMPACT_ANSWER_HEADER,
    MAX_ITEMS_PER_PUSH,
    NEW_TOKEN_HEADER,
    PENDING_HEADER,
    PROTOCOL_VERSION,
    RELAYED_FOR_HEADER,
    TOKEN_ROTATION_HEADER,
    CompactPushResponse,
    EnrollRequest,
    EnrollResponse,
    GroupState,
    Manifest,
    ManifestResponse,
    PullResponse,
    PushResponse,
    expand_answer,
)

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

WriteSession = Callable[[], AbstractContextManager[Session]]


class CancelToken(Protocol):
    """What ``threading.Event`` offers: the window's "stop" button sets it."""

    def is_set(self) -> bool: ...


# --------------------------------------------------------------------------- errors


HQ_CODE_PREFIX = "hq_"


class SyncError(Exception):
    """A failed exchange with HQ; ``message`` is an English sentence for the CLI and the log,
    ``code`` and ``params`` what the window turns into a sentence in its own language: ``sync_*``
    for what the desk found itself (no network, a login portal), ``hq_<code>`` for HQ's own refusal
    with HQ's code (sync/hq/errors.py), so that HQ's codes never collide with the desk's."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "sync_failed",
        retry_after: float | None = None,
        **params: object,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params
        self.retry_after = retry_after


class TransientError(SyncError):
    """This time it failed (no network, HQ busy or down, a login portal, a cut-off answer)."""


class SlowLinkError(TransientError):
    """HQ did not answer in time: the next batches are smaller."""


class TooLargeError(SyncError):
    """HQ refused the request as too large (413): the next batches are smaller."""


class FatalError(SyncError):
    """Retrying cannot help: stop the whole run and tell the operator."""


class AuthError(FatalError):
    """HQ refused this desk's token (revoked, or enrolled elsewhere)."""


class ConfigError(FatalError):
    """The desk is not set up to reach HQ: no or wrong address, a certificate that fails."""


class KeyTaken(FatalError):
    """At enrollment: HQ already has this desk's signing key (from an earlier enrollment)."""


# --------------------------------------------------------------------------- the HTTP client


def normalise_server_url(url: str) -> str:
    """HQ's base address as typed by a person: ``https://host[:port][/prefix]``, no trailing /."""
    value = url.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(
            f"'{url}' is not a server address like https://hadir.example.go.id.",
            code="sync_server_url",
            url=url,
        )
    if parts.query or parts.fragment:
        raise ConfigError(
            f"'{url}' should be just the server's address, without ? or #.",
            code="sync_server_url_extra",
            url=url,
        )
    return value


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


class PushAnswer(RootModel[CompactPushResponse | PushResponse]):
    """What a push is answered with: compact when HQ reads ``COMPACT_ANSWER_HEADER``, else the
    answer by id of an HQ of the previous version. The two forms share no required field, and
    both forbid unknown ones, so an answer is only ever one of them."""


class DeskInfo(BaseModel):
    """``GET /api/v1/me`` (sync/hq/api/desks.py); only what the desk reads."""

    model_config = ConfigDict(extra="ignore")

    device_id: str
    office_code: str
    desk_name: str
    server_time: datetime
    bundle_key: str = ""  # absent from an HQ older than sealed bundles
    verify_base_url: str = ""  # the address for certificates' QR codes; absent from older HQs


@dataclass(frozen=True, slots=True)
class ClientConfig:
    server_url: str
    token: str | None = None
    ca_bundle: str | None = None  # a PEM file for offices whose HTTPS uses their own CA
    connect_timeout: float = 10.0
    read_timeout: float = 60.0  # between bytes of HQ's answer; a batch of 2,000 takes ~1 s at HQ
    user_agent: str = "hadir-desk"
    # Keeps a new token HQ hands out (durably, before it is sent); None: this client never asks
    # for one and the token stays as it is (a connection check, a test's plain client).
    save_token: Callable[[str], None] | None = field(default=None, repr=False, compare=False)


@dataclass(slots=True)
class Traffic:
    """Bytes this client put on and took off the wire (bodies; headers are not counted)."""

    sent: int = 0
    received: int = 0
    requests: int = 0
    answers: int = 0  # exchanges that got a genuine answer from HQ (a portal's page is not one)


def _short(error: BaseException) -> str:
    text = str(error)
    # urllib3 nests reasons as "...(Caused by NewConnectionError(...: [Errno 111] ...))".
    if "[Errno" in text:
        text = text[text.rfind("[Errno") :].rstrip(")'\"")
    return text[:600]


class HqClient:
    """One desk's conversation with HQ. Not thread-safe: one per sync run (a run is one thread)."""

    def __init__(self, config: ClientConfig, *, session: requests.Session | None = None) -> None:
        self.config = replace(config, server_url=normalise_server_url(config.server_url))
        self.traffic = Traffic()
        self._http = session or requests.Session()
        adapter = HTTPAdapter(max_retries=0)  # retries belong to the outbox (sync.md rule 6)
        self._http.mount("https://", adapter)
        self._http.mount("http://", adapter)
        self._http.headers.update(
            {
                "User-Agent": config.user_agent,
                "Accept": "application/json",
                "Accept-Encoding": "gzip",
            }
        )
        if config.token:
            self._http.headers["Authorization"] = f"Bearer {config.token}"
        # Ask for a new token until one arrives: once per run is enough, and a run whose answer
        # with the token was lost asks again with its next push or pull.
        self._wants_new_token = bool(config.token) and config.save_token is not None
        self._offered_token: str | None = None
        self._rotated = False
        self._slow_link = False  # the last push crawled: compress the next one harder

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HqClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the messages

    def enroll(self, request: EnrollRequest) -> EnrollResponse:
        body = request.model_dump_json().encode()
        return self._exchange(
            "POST",
            "/enroll",
            EnrollResponse,
            data=body,
            headers={"Content-Type": "application/json"},
            enrolling=True,
        )

    def push(
        self,
        items: Sequence[Sendable],
        *,
        desk_time: datetime,
        pending: int,
        relayed_for: str | None = None,
    ) -> PushResponse:
        """``relayed_for``: a venue hub names the member desk of each item it relays
        (sync/protocol.py RELAYED_FOR_HEADER)."""
        if len(items) > MAX_ITEMS_PER_PUSH:
            raise ValueError(f"a push carries at most {MAX_ITEMS_PER_PUSH} items")
        level = GZIP_SLOW_LINK if self._slow_link else GZIP_DEFAULT
        body = push_body(items, desk_time=desk_time, pending=pending, level=level)
        started = time.monotonic()
        answer = self._exchange(
            "POST",
            "/push",
            PushAnswer,
            data=body,
            headers={
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
                COMPACT_ANSWER_HEADER: "1",
                **self._rotation_header(),
                **({RELAYED_FOR_HEADER: relayed_for} if relayed_for else {}),
            },
        ).root
        if isinstance(answer, CompactPushResponse):
            try:
                response = expand_answer(answer, [item.id for item in items])
            except ValueError:
                raise TransientError(
                    "HQ's answer was not an answer to the batch this desk sent; not trusted.",
                    code="sync_answer_untrusted",
                ) from None
        else:  # an HQ older than compact answers
            response = answer
        # Seconds per byte sent tell a slow link from a busy HQ well enough: HQ stores a batch of
        # 2,000 (about 60 KB) in well under a second, while 64 kbit/s takes 8 s to carry it.
        self._slow_link = time.monotonic() - started > len(body) / SLOW_LINK_BYTES_PER_SECOND
        sent = {item.id for item in items}
        strangers = [result.id for result in response.results if result.id not in sent]
        if strangers or not set(response.acknowledged) <= sent:
            # Not an answer to what we sent (a cache, a mixed-up proxy): trust none of it.
            raise TransientError(
                "HQ's answer named items this desk did not send; not trusted.",
                code="sync_answer_untrusted",
            )
        self._adopt_new_token()
        return response

    def pull(self, *, cursor: int, limit: int, pending: int | None = None) -> PullResponse:
        page = self._exchange(
            "GET",
            "/pull",
            PullResponse,
            params={"cursor": cursor, "limit": limit},
            headers={**_pending_header(pending), **self._rotation_header()},
        )
        if page.next_cursor < cursor or any(item.seq <= cursor for item in page.items):
            raise TransientError(
                "HQ's download answer went backwards; not trusted.", code="sync_answer_untrusted"
            )
        self._adopt_new_token()
        return page

    def whoami(self) -> DeskInfo:
        """HQ's view of this desk: a cheap check that HQ is reachable and accepts the token."""
        return self._exchange("GET", "/me", DeskInfo)

    def reconcile(self, manifest: Manifest, *, pending: int | None = None) -> ManifestResponse:
        body = gzip.compress(manifest.model_dump_json().encode(), compresslevel=6)
        return self._exchange(
            "POST",
            "/reconcile",
            ManifestResponse,
            data=body,
            headers={
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
                **_pending_header(pending),
            },
        )

    # -- the desk's token

    @property
    def token_rotated(self) -> bool:
        """This client received a new token from HQ, saved it and sends it from now on."""
        return self._rotated

    def _rotation_header(self) -> dict[str, str]:
        self._offered_token = None
        return {TOKEN_ROTATION_HEADER: "1"} if self._wants_new_token else {}

    def _adopt_new_token(self) -> None:
        """Save the token HQ offered with an answer this client accepted, then send it. Saved
        first: HQ keeps the old token valid until the new one is used, so until the save commits
        the old one is the safe one to hold. A save that fails leaves the old token in use."""
        token, self._offered_token = self._offered_token, None
        if token is None or not self._wants_new_token or self.config.save_token is None:
            return
        if not _plausible_token(token):
            log.warning("HQ offered a new desk token that is not one; keeping the current token")
            return
        try:
            self.config.save_token(token)
        except Exception:  # the database full or locked: the old token still works at HQ
            log.warning(
                "could not save the desk's new token; keeping the current one", exc_info=True
            )
            return
        self._http.headers["Authorization"] = f"Bearer {token}"
        self.config = replace(self.config, token=token)
        self._wants_new_token = False
        self._rotated = True
        log.info("HQ rotated this desk's token; the new one is saved")

    # -- one exchange, and what its outcome means

    def _exchange(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        enrolling: bool = False,
    ) -> M:
        url = f"{self.config.server_url}{API_PREFIX}{path}"
        self.traffic.requests += 1
        self.traffic.sent += len(data or b"")
        try:
            response = self._http.request(
                method,
                url,
                data=data,
                headers=headers,
                params=params,
                timeout=(self.config.connect_timeout, self.config.read_timeout),
                allow_redirects=False,
                # Per request: a Session's ``verify`` loses to REQUESTS_CA_BUNDLE in the
                # environment (psf/requests#3829), and the office's own CA must win.
                verify=self.config.ca_bundle or True,
            )
            content = response.content  # read it all here: a cut-off body raises here
        except requests.exceptions.SSLError as error:
            raise ConfigError(
                f"The connection to {self._host} is not trusted (certificate check failed: "
                f"{_short(error)}). If the office uses its own certificate authority, set its CA "
                "bundle; on a hotspot, sign in to the network first.",
                code="sync_untrusted",
                host=self._host,
            ) from None
        except requests.exceptions.ConnectTimeout:
            raise TransientError(
                f"Could not reach HQ at {self._host} (no answer to connect).",
                code="sync_unreachable",
                host=self._host,
            ) from None
        except requests.exceptions.ReadTimeout:
            raise SlowLinkError(
                f"HQ at {self._host} did not answer within {self.config.read_timeout:.0f} s.",
                code="sync_slow",
                host=self._host,
                seconds=round(self.config.read_timeout),
            ) from None
        except requests.exceptions.ProxyError as error:
            raise TransientError(
                f"The network proxy failed: {_short(error)}.", code="sync_proxy"
            ) from None
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
            raise TransientError(
                "HQ's answer was cut off before its end.", code="sync_cut_off"
            ) from None
        except requests.exceptions.ConnectionError as error:
            raise TransientError(
                f"Could not reach HQ at {self._host}: {_short(error)}.",
                code="sync_unreachable",
                host=self._host,
            ) from None
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.InvalidSchema,
            requests.exceptions.MissingSchema,
        ) as error:
            raise ConfigError(
                f"The server address is not usable: {_short(error)}.",
                code="sync_server_url",
                url=self.config.server_url,
            ) from None
        except requests.exceptions.RequestException as error:
            raise TransientError(
                f"The exchange with HQ failed: {_short(error)}.", code="sync_failed"
            ) from None
        self.traffic.received += int(response.headers.get("content-length") or len(content))
        answer = self._interpret(response, content, model, enrolling=enrolling)
        # Taken only from an answer that is HQ's (a portal's page never gets this far); the
        # message's own checks decide before the token is adopted (``_adopt_new_token``).
        self._offered_token = response.headers.get(NEW_TOKEN_HEADER)
        return answer

    @property
    def _host(self) -> str:
        return urlsplit(self.config.server_url).netloc

    def _interpret(
        self, response: requests.Response, content: bytes, model: type[M], *, enrolling: bool
    ) -> M:
        status = response.status_code
        is_json = "json" in response.headers.get("content-type", "").lower()
        refusal = _refusal(content) if is_json else None
        detail = refusal.detail if refusal is not None else None
        # HQ's code for its refusal, for the window; an HQ older than codes gives the desk's own.
        code: dict[str, Any] = refusal.code_and_params() if refusal is not None else {}
        if refusal is not None:
            self.traffic.answers += 1  # HQ's own error shape: HQ is there, it said no
        if 300 <= status < 400:
            where = response.headers.get("location", "somewhere else")
            raise TransientError(
                f"The network sent this desk to {where} instead of HQ (a login page?). "
                "Sign in to the network in a browser, then sync again.",
                code="sync_redirected",
                location=where,
            )
        if status in (401, 403) and detail is not None:
            if enrolling:
                raise AuthError(detail, **{"code": "sync_enroll_refused", **code})
            raise AuthError(
                f"HQ refused this desk: {detail} Ask HQ for a new enrollment code.",
                **{"code": "sync_desk_refused", **code},
            )
        if status == 404:
            raise ConfigError(
                f"{self._host} does not answer like Hadir HQ (HTTP 404 for "
                f"{response.request.path_url}): "
                "check the server address.",
                code="sync_not_hq",
                host=self._host,
            )
        if status == 413:
            raise TooLargeError(
                detail or "HQ found the request too large.", **{"code": "sync_too_large", **code}
            )
        if status in (429, 503):
            raise TransientError(
                f"HQ is busy ({status}){': ' + detail if detail else ''}.",
                retry_after=_retry_after(response),
                **{"code": "sync_busy", **code},
            )
        if status == 409 and enrolling and detail is not None:
            raise KeyTaken(detail, **{"code": "sync_key_taken", **code})
        if status in (400, 409, 415, 422) and detail is not None:
            raise (ConfigError if not enrolling else AuthError)(
                f"HQ refused the request: {detail}", **{"code": "sync_refused", **code}
            )
        if not 200 <= status < 300:
            raise TransientError(
                f"HQ answered with an error (HTTP {status}).",
                retry_after=_retry_after(response),
                code="sync_http_error",
                status=status,
            )
        if not is_json:
            raise TransientError(
                "The network answered with a web page instead of HQ (a hotspot or office login "
                "page?). Sign in to the network in a browser, then sync again.",
                code="sync_web_page",
            )
        try:
            answer = model.model_validate_json(content)
        except ValidationError:
            raise TransientError(
                "HQ's answer could not be read (cut off, or not from HQ).", code="sync_unreadable"
            ) from None
        self.traffic.answers += 1
        return answer


_TOKEN_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _plausible_token(token: str) -> bool:
    """What HQ's new_desk_token makes (urlsafe base64 text); anything else is not kept."""
    return 32 <= len(token) <= 256 and set(token) <= _TOKEN_ALPHABET


def _pending_header(pending: int | None) -> dict[str, str]:
    return {} if pending is None else {PENDING_HEADER: str(max(0, pending))}


@dataclass(frozen=True, slots=True)
class Refusal:
    """HQ's error answer: ``detail`` (English, every HQ version), ``code`` and ``params``."""

    detail: str
    code: str | None
    params: dict[str, str | int]

    def code_and_params(self) -> dict[str, Any]:
        if not self.code:
            return {}
        return {**self.params, "code": f"{HQ_CODE_PREFIX}{self.code}"}


def _refusal(content: bytes) -> Refusal | None:
    try:
        value = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("detail"), str):
        return None
    code = value.get("code")
    raw_params = value.get("params")
    params = {
        str(key): item
        for key, item in (raw_params.items() if isinstance(raw_params, dict) else ())
        if isinstance(item, str | int) and key not in ("code", "message", "retry_after")
    }
    return Refusal(
        detail=str(value["detail"]),
        code=code if isinstance(code, str) and code.isidentifier() else None,
        params=params,
    )


def _retry_after(response: requests.Response) -> float | None:
    raw = response.headers.get("retry-after", "")
    try:
        return min(max(float(raw), 0.0), 3600.0)
    except ValueError:
        return None


# Level 7 is within 2 % of level 9's size at a third of its time; on a slow link the 2 % level 9
# saves (about 2 bytes per check-in) is worth more than the desk's CPU time it costs.
GZIP_DEFAULT = 7
GZIP_SLOW_LINK = 9
# An answer slower than this (bytes sent per second) marks the link as slow: 20 KB/s, 160 kbit/s.
SLOW_LINK_BYTES_PER_SECOND = 20_000


def push_body(
    items: Sequence[Sendable], *, desk_time: datetime, pending: int, level: int = GZIP_DEFAULT
) -> bytes:
    """The gzip'd PushRequest, with each frozen payload spliced in as stored, so a retry sends the
    same bytes for the same id (sync.md rule 5) and nothing is parsed and re-serialised."""
    head = json.dumps(
        {
            "protocol": PROTOCOL_VERSION,
            "desk_time": desk_time.astimezone(UTC).isoformat(),
            "pending": pending,
        },
        separators=(",", ":"),
    )
    envelopes = ",".join(
        f'{{"id":{json.dumps(item.id)},"kind":{json.dumps(item.kind)},"payload":{item.payload}}}'
        for item in items
    )
    document = f'{head[:-1]},"items":[{envelopes}]}}'
    # Z_FILTERED: ids and digits are nearly random, and deflate codes them better as literals
    # than as the short matches the default strategy finds in them (1.3 bytes a check-in less,
    # at the same speed). wbits 31: a gzip stream, with no file name and a zero mtime.
    packer = zlib.compressobj(level, zlib.DEFLATED, 31, 8, zlib.Z_FILTERED)
    return packer.compress(document.encode()) + packer.flush()


# --------------------------------------------------------------------------- pushing


@dataclass(slots=True)
class BatchSizer:
    """How many items go in one push: halved after a timeout or a 413, grown back by a quarter
    after each success. A weak link settles on batches it can carry within the read timeout."""

    size: int = 500
    smallest: int = 20
    largest: int = 2000

    # Once a batch was too much for the link, growth stays at a quarter for the rest of the run
    # (TCP's slow start ends at its first loss for the same reason).
    failed: bool = False

    def shrink(self) -> bool:
        """False when already at the smallest size."""
        self.failed = True
        if self.size <= self.smallest:
            return False
        self.size = max(self.smallest, self.size // 2)
        return True

    def grow(self, *, seconds: float | None = None, timeout: float | None = None) -> None:
        """After a batch HQ answered in ``seconds`` with ``timeout`` to spare: doubled while an
        answer takes less than a quarter of the timeout and no batch has failed (a slow start: on
        a slow link each push costs a round trip, and from 500 a quarter at a time took seven
        pushes to reach 2,000), else grown by a quarter."""
        quick = (
            not self.failed
            and seconds is not None
            and timeout is not None
            and seconds < timeout / 4
        )
        bigger = self.size * 2 if quick else self.size * 5 // 4
        self.size = min(self.largest, max(self.size + 1, bigger))


@dataclass(frozen=True, slots=True)
class PushPolicy:
    backoff: Backoff = field(default_factory=Backoff)
    # How long one run keeps waiting out backoffs before leaving the rest to the next run.
    retry_for_seconds: float = 30.0
    force: bool = False  # the operator asked: send now even if the queue is backing off
    max_batches: int = (
        10_000  # a bound on one run's loop (2,000 x 10,000 items is far beyond a day)
    )


@dataclass(slots=True)
class PushResult:
    acknowledged: int = 0
    set_aside: int = 0
    batches: int = 0
    failures: int = 0
    drained: bool = False  # the queue was empty when the run last looked
    cancelled: bool = False
    last_error: str | None = None
    last_failure: SyncError | None = None  # the error behind ``last_error``, with its code
    clock_skew_seconds: float | None = None
    clock_warning: str | None = None
    server_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    phase: str  # push / pull / reconcile
    done: int
    remaining: int | None
    message: str = ""


ProgressCallback = Callable[[Progress], None]


def wait(seconds: float, cancel: CancelToken | None) -> bool:
    """Sleep in short steps so that cancel is honoured promptly; False when cancelled."""
    end = time.monotonic() + max(0.0, seconds)
    for _ in range(int(seconds / 0.05) + 2):
        if cancel is not None and cancel.is_set():
            return False
        left = end - time.monotonic()
        if left <= 0:
            return True
        time.sleep(min(0.05, left))
    return not (cancel is not None and cancel.is_set())


def push_outbox(
    *,
    client: HqClient,
    write: WriteSession,
    sizer: BatchSizer,
    policy: PushPolicy,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> PushResult:
    """Send the outbox in order, in batches, until it is empty, a failure outlasts this run's retry
    time, or a fatal error (raised after putting the batch back)."""
    result = PushResult()
    deadline = time.monotonic() + policy.retry_for_seconds
    force = policy.force
    for _ in range(policy.max_batches):
        if cancel is not None and cancel.is_set():
            result.cancelled = True
            break
        with write() as session:
            batch = outbox.take_batch(session=session, limit=sizer.size, now=clock(), force=force)
            # A venue hub's batch names who made what; rarely it carries fewer items for that.
            count, relayed = venue_outbox.relayed_for(session=session, batch=batch)
            venue_outbox.put_back(session=session, items=batch[count:])
            batch = batch[:count]
            waiting = outbox.pending_count(session=session)
            due = None if batch else outbox.next_attempt_at(session=session)
        force = False
        if not batch:
            if due is None:
                result.drained = True
                break
            pause = (due - clock()).total_seconds()
            if time.monotonic() + pause > deadline:
                break  # the rest waits for the next run; the outbox keeps the schedule
            if not wait(pause, cancel):
                result.cancelled = True
                break
            continue
        ids = [item.id for item in batch]
        result.batches += 1
        started = time.monotonic()
        try:
            response = client.push(batch, desk_time=clock(), pending=waiting, relayed_for=relayed)
        except FatalError as error:
            with write() as session:
                outbox.fail(
                    session=session,
                    ids=ids,
                    error=error.message,
                    now=clock(),
                    backoff=policy.backoff,
                    count_attempt=False,
                )
            raise
        except TooLargeError as error:
            smaller = sizer.shrink()
            with write() as session:
                outbox.fail(
                    session=session,
                    ids=ids,
                    error=error.message,
                    now=clock(),
                    backoff=policy.backoff,
                    count_attempt=not smaller,
                )
            if not smaller:
                result.failures += 1
                result.last_error, result.last_failure = error.message, error
            continue
        except TransientError as error:
            if isinstance(error, SlowLinkError):
                sizer.shrink()
            with write() as session:
                outbox.fail(
                    session=session,
                    ids=ids,
                    error=error.message,
                    now=clock(),
                    backoff=policy.backoff,
                    retry_after=error.retry_after,
                )
            result.failures += 1
            result.last_error, result.last_failure = error.message, error
            log.info("push failed (%s); %d items back to pending", error.message, len(ids))
            continue
        with write() as session:
            applied = outbox.apply_results(
                session=session,
                sent=batch,
                results=response.results,
                acknowledged=response.acknowledged,
                now=clock(),
                backoff=policy.backoff,
            )
        sizer.grow(seconds=time.monotonic() - started, timeout=client.config.read_timeout)
        result.acknowledged += applied.acknowledged
        result.set_aside += applied.set_aside
        result.clock_skew_seconds = response.clock_skew_seconds
        result.clock_warning = response.clock_warning
        result.server_time = response.server_time
        if progress is not None:
            progress(Progress("push", result.acknowledged, max(0, waiting - len(batch))))
    return result


# --------------------------------------------------------------------------- pulling


@dataclass(slots=True)
class PullResult:
    applied: int = 0
    pages: int = 0
    cursor: int = 0
    complete: bool = False  # HQ said there is no more
    cancelled: bool = False
    server_time: datetime | None = None
    error: str | None = None  # why it stopped early (what was applied stays applied)
    failure: SyncError | None = None  # the error behind ``error``, with its code


def pull_changes(
    *,
    client: HqClient,
    write: WriteSession,
    cursor: int,
    apply: Callable[[Session, PullResponse], int],
    store_cursor: Callable[[Session, int], None],
    pending: int | None = None,
    page_size: int = 1000,
    max_pages: int = 1000,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
) -> PullResult:
    """Download HQ's changes after ``cursor`` page by page. Each page is applied and the new
    cursor stored in ONE transaction, so an interrupted download resumes exactly after the last
    page applied, and a page is never half applied (rule 13). Errors propagate to the caller.
    ``pending`` is told to HQ with each page: what the desk still has to send."""
    result = PullResult(cursor=cursor)
    for _ in range(max_pages):
        if cancel is not None and cancel.is_set():
            result.cancelled = True
            break
        try:
            page = client.pull(cursor=result.cursor, limit=page_size, pending=pending)
        except TransientError as error:
            result.error, result.failure = error.message, error
            break
        with write() as session:
            result.applied += apply(session, page)
            if page.next_cursor > result.cursor:
                store_cursor(session, page.next_cursor)
        result.cursor = max(result.cursor, page.next_cursor)
        result.pages += 1
        result.server_time = page.server_time
        if progress is not None:
            progress(Progress("pull", result.applied, None))
        if not page.has_more:
            result.complete = True
            break
    return result


# --------------------------------------------------------------------------- reconciling


@dataclass(slots=True)
class ReconcileResult:
    complete: bool = False  # HQ holds every id the desk believes acknowledged
    missing: int = 0
    requeued: int = 0
    groups: int = 0
    checked_seq: int = 0  # the newest outbox item the check covered


def reconcile_outbox(*, client: HqClient, write: WriteSession) -> ReconcileResult:
    """End of day (rule 12): ask HQ whether it holds every change it acknowledged; whatever it
    lacks goes back to pending, to be sent again with its frozen payload."""
    with write() as session:
        manifest = outbox.desk_manifest(session=session)
        pending = outbox.pending_count(session=session)
    result = ReconcileResult(groups=len(manifest.groups), checked_seq=manifest.max_seq)
    if not manifest.groups:
        result.complete = True
        return result
    answer = client.reconcile(manifest.summary(), pending=pending)
    answered = {(group.event_id, group.day): group for group in answer.groups}
    unsure = [
        key
        for key in manifest.groups
        if key not in answered or answered[key].state != GroupState.COMPLETE
    ]
    missing: list[str] = []
    for request in manifest.detailed(unsure):
        detailed = client.reconcile(request, pending=pending)
        asked = {(group.event_id, group.day) for group in request.groups}
        told = {(group.event_id, group.day) for group in detailed.groups}
        if asked - told or any(g.state == GroupState.DIFFERS for g in detailed.groups):
            raise TransientError(
                "HQ's reconciliation answer was incomplete; not trusted.",
                code="sync_answer_untrusted",
            )
        for group in detailed.groups:
            missing.extend(group.missing)
    known = {item_id for ids in manifest.groups.values() for item_id in ids}
    missing = sorted(set(missing) & known)
    if missing:
        with write() as session:
            result.requeued = outbox.requeue(
                session=session, ids=missing, reason="HQ did not have it at reconciliation"
            )
    result.missing = len(missing)
    result.complete = not missing
    return result
