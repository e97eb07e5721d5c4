"""HQ's web face, as pure ASGI middleware so that it acts before any route reads a byte of the body
(issue 15 items 4 and 6): the real client behind a trusted proxy, rate limits and body limits per
route, and the security headers of every answer.

A BaseHTTPMiddleware would not do: it hands the route a request whose body it may already have
read, and it sits inside Starlette's error handling, so a 500 would leave without the headers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.hq.errors import TooLarge, error_body
from sync.hq.security import TokenBucket
from sync.hq.settings import Settings
from sync.protocol import API_PREFIX

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", _CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# A year, as browsers' preload lists ask; subdomains are not HQ's to speak for.
_HSTS = (b"strict-transport-security", b"max-age=31536000")
# Pages, exports and API answers carry names and full NIPs or a session's view: nothing is kept
# by a browser or a shared cache unless the route says otherwise (the stylesheet does).
_NO_STORE = (b"cache-control", b"no-store")

Network = IPv4Network | IPv6Network
# The scope key under which TrustedProxies leaves the proxy's own address.
VIA_PROXY = "hadir_hq.via_proxy"


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def forwarded_client(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The client a trusted proxy speaks for: the right-most X-Forwarded-For address that is not
    itself a trusted proxy (the ones to its left were written by whoever sent the request, so a
    client can put anything there). From an untrusted peer the header means nothing."""
    if not _is_trusted(peer, networks):
        return peer
    hops = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else peer


def _header(scope: Scope, name: bytes) -> str:
    values = [v.decode("latin-1") for k, v in scope["headers"] if k == name]
    return ",".join(values)


class TrustedProxies:
    """Outermost: rewrites the scope's client and scheme to what a trusted proxy reports, so rate
    limits, logs and the HSTS decision see the real client; every other peer is taken as is."""

    def __init__(self, app: ASGIApp, *, networks: tuple[Network, ...]) -> None:
        self.app = app
        self.networks = networks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.networks and scope.get("client"):
            peer = scope["client"][0]
            if _is_trusted(peer, self.networks):
                scope = dict(scope)
                scope[VIA_PROXY] = peer
                client = forwarded_client(peer, _header(scope, b"x-forwarded-for"), self.networks)
                scope["client"] = (client, 0)
                proto = _header(scope, b"x-forwarded-proto").split(",")[-1].strip().lower()
                if proto in ("http", "https"):
                    scope["scheme"] = proto
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Adds the security headers to every answer, error pages and 500s included."""

    def __init__(self, app: ASGIApp, *, always_hsts: bool) -> None:
        self.app = app
        self.always_hsts = always_hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hsts = self.always_hsts or scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [h for h in _SECURITY_HEADERS if h[0] not in present]
                if _NO_STORE[0] not in present:
                    extra.append(_NO_STORE)
                if hsts and _HSTS[0] not in present:
                    extra.append(_HSTS)
                message = {**message, "headers": headers + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


@dataclass(frozen=True)
class RoutePolicy:
    max_body: int
    bucket: str | None  # the app.state attribute of the TokenBucket; None: not limited


def route_policy(method: str, path: str, settings: Settings) -> RoutePolicy:
    """The one table of what each route may be sent and how often, checked before it runs."""
    small = settings.max_form_bytes
    if method == "POST" and path in (f"{API_PREFIX}/push", f"{API_PREFIX}/reconcile"):
        return RoutePolicy(settings.max_body_bytes, None)  # a desk's token; body.py inflates
    if method == "POST" and path == f"{API_PREFIX}/enroll":
        return RoutePolicy(small, "enroll_bucket")
    if method == "POST" and path in ("/dashboard/login", "/dashboard/login/code"):
        return RoutePolicy(small, "login_bucket")
    verify_paths = (
        "/v/",
        f"{settings.verify_prefix}/v/",
        f"{API_PREFIX}/verify/",
        "/d/",  # download links (sync/hq/downloads.py): guesses share the verification limit
        f"{settings.verify_prefix}/d/",
    )
    if method in ("GET", "HEAD") and path.startswith(verify_paths):
        return RoutePolicy(small, "verify_bucket")
    return RoutePolicy(small, None)


class _BodyOverflow(TooLarge):
    """Raised into the route from ``receive``; whatever the route makes of it, RequestGuard
    answers 413 in its place."""


def _json_answer(
    status: int,
    message: str,
    *,
    code: str,
    params: dict[str, str | int],
    headers: list[tuple[bytes, bytes]],
) -> tuple[Message, Message]:
    body = json.dumps(error_body(message, code=code, params=params)).encode()
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *headers,
        ],
    }
    return start, {"type": "http.response.body", "body": body}


def _too_large(limit: int, *, close: bool) -> tuple[Message, Message]:
    return _json_answer(
        413,
        f"The request body is larger than {limit} bytes; send smaller batches.",
        code="body_too_large",
        params={"limit": limit},
        headers=[(b"connection", b"close")] if close else [],
    )


class RequestGuard:
    """Rate limit, then body limit, both before the route parses anything: a declared
    Content-Length over the route's limit is refused unread, a chunked body is counted as it
    arrives and cut off at the limit.

    After a refusal the server discards the rest of the body as it arrives (no memory), and the
    connection stays open, because a reverse proxy still sending the body would take a closed
    connection for a broken HQ and answer 502 instead of HQ's 413; a trusted proxy cuts a body
    off at its own limit (docs/TLS_PROXY.md). From anyone else, a body larger than any route
    takes, or a chunked one past its limit, gets Connection: close and is not read further.
    """

    def __init__(
        self, app: ASGIApp, *, settings: Settings, buckets: Mapping[str, TokenBucket]
    ) -> None:
        self.app = app
        self.settings = settings
        self.buckets = buckets
        self.largest_body = max(settings.max_body_bytes, settings.max_form_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = route_policy(scope["method"], scope["path"], self.settings)
        if policy.bucket is not None:
            client = scope["client"][0] if scope.get("client") else "unknown"
            allowed, wait = self.buckets[policy.bucket].allow(client)
            if not allowed:
                await self._answer(
                    send,
                    *_json_answer(
                        429,
                        "Too many requests from this address; try again shortly.",
                        code="rate_limited",
                        params={},
                        headers=[(b"retry-after", str(max(1, int(wait + 0.999))).encode())],
                    ),
                )
                return
        declared = _header(scope, b"content-length")
        if declared:
            if not declared.isascii() or not declared.isdigit():
                await self._answer(
                    send,
                    *_json_answer(
                        400,
                        "Content-Length is not a number.",
                        code="body_length_invalid",
                        params={},
                        headers=[(b"connection", b"close")],
                    ),
                )
                return
            if int(declared) > policy.max_body:
                close = int(declared) > self.largest_body and VIA_PROXY not in scope
                await self._answer(send, *_too_large(policy.max_body, close=close))
                return
        await self._counted(scope, receive, send, policy.max_body)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        received = 0
        overflow = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, overflow
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    overflow = True
                    raise _BodyOverflow(
                        f"The request body is larger than {limit} bytes.",
                        code="body_too_large",
                        limit=limit,
                    )
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if overflow and not started:
                return  # the route's answer to a body it never got whole; ours follows
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _BodyOverflow:
            if started:
                raise
        if overflow and not started:
            await self._answer(send, *_too_large(limit, close=VIA_PROXY not in scope))

    @staticmethod
    async def _answer(send: Send, start: Message, body: Message) -> None:
        await send(start)
        await send(body)
