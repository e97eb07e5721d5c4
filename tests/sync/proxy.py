"""A TCP proxy for the sync tests, loopback only, that understands just enough HTTP/1.1 to break it
on purpose, one request at a time.

The desk talks to the proxy; the proxy talks to the real HQ. Per request it can: pass it on; reset
the connection before the request reaches HQ; let HQ commit and then cut the answer off (the lost
acknowledgement); answer 200 with a login page, or 500/502/503, or a redirect, without asking HQ;
hold the answer back (a read timeout); and, for every byte, impose a bandwidth and a latency (a slow
link). It also acts as a forward proxy for requests in absolute form (HTTP_PROXY=...), and counts
the bytes that cross it both ways: the benchmark's "bytes on the wire".

Faults are scripted (``script``: the next matching requests get these faults, in order), or drawn
(``chaos``: each request gets a fault with some probability, from a seeded generator).
"""

from __future__ import annotations

import collections
import contextlib
import random
import select
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PASS = "pass"
RESET = "reset"  # connection reset before the request reaches HQ
CUT = "cut"  # HQ processes (and commits) the request; the answer is cut off mid-way
PORTAL = "portal"  # 200 text/html login page, HQ never sees the request
REDIRECT = "redirect"  # 302 to a login page on another host
HANG = "hang"  # forward nothing and answer nothing for ``hang_seconds``, then close
STATUS_500, STATUS_502, STATUS_503 = "500", "502", "503"
GARBAGE = "garbage"  # 200 application/json that is not HQ's answer
FAULTS = (RESET, CUT, PORTAL, REDIRECT, STATUS_500, STATUS_502, STATUS_503, GARBAGE)

_MAX_HEADER = 64 * 1024
_MAX_REQUESTS_PER_CONNECTION = 10_000
_LOGIN_PAGE = (
    b"<!doctype html><html><head><title>Hotspot login</title></head><body>"
    b"<form action='/login'>Voucher: <input name=v><button>Masuk</button></form></body></html>"
)


class _Closed(Exception):
    pass


@dataclass
class Link:
    """A simulated link: bytes per second each way (0: unlimited) and one-way latency."""

    bytes_per_second: float = 0.0
    latency_seconds: float = 0.0


@dataclass
class Counters:
    up: int = 0  # desk -> HQ bytes (request line, headers and body)
    down: int = 0  # HQ -> desk bytes
    requests: int = 0
    forwarded: int = 0  # requests that reached HQ
    absolute_form: int = 0  # requests that came in as a forward proxy's (HTTP_PROXY)
    faults: collections.Counter[str] = field(default_factory=collections.Counter)
    bodies: list[tuple[str, bytes]] = field(default_factory=list)  # (path, body) when recording


class FaultProxy:
    def __init__(self, target_port: int, *, link: Link | None = None) -> None:
        self.target_port = target_port
        self.link = link or Link()
        self.counters = Counters()
        self.hang_seconds = 3.0
        self.record_bodies = False
        self._script: collections.deque[tuple[str | None, str]] = collections.deque()
        self._chaos: tuple[float, random.Random, tuple[str, ...], str | None] | None = None
        self._mode = PASS
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: set[socket.socket] = set()
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    # -- what the test controls

    def script(self, faults: list[str], *, path: str | None = None) -> None:
        """The next requests (whose path starts with ``path``, if given) get these faults."""
        with self._lock:
            self._script.extend((path, fault) for fault in faults)

    def set_mode(self, mode: str) -> None:
        """A fault for every request until changed (PASS to heal the network)."""
        with self._lock:
            self._mode = mode

    def chaos(
        self, rate: float, seed: int, faults: tuple[str, ...] = FAULTS, path: str | None = None
    ) -> None:
        with self._lock:
            self._chaos = (rate, random.Random(seed), faults, path) if rate > 0 else None

    def heal(self) -> None:
        with self._lock:
            self._script.clear()
            self._chaos = None
            self._mode = PASS

    def drop_connections(self) -> None:
        """Close every open connection (e.g. HQ restarted behind the proxy)."""
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(
                    socket.SHUT_RDWR
                )  # wakes a thread blocked in recv; close alone may not
            with contextlib.suppress(OSError):
                sock.close()

    def stop(self) -> None:
        self._stopping.set()
        self.drop_connections()
        self._acceptor.join(timeout=5)
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- plumbing

    def _next_fault(self, path: str) -> str:
        with self._lock:
            for index, (prefix, fault) in enumerate(self._script):
                if prefix is None or path.startswith(prefix):
                    del self._script[index]
                    return fault
            if self._mode != PASS:
                return self._mode
            if self._chaos is not None:
                rate, rng, faults, prefix = self._chaos
                if (prefix is None or path.startswith(prefix)) and rng.random() < rate:
                    return rng.choice(faults)
        return PASS

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.close()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._track(client)
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
            thread.start()

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        upstream_address: tuple[str, int] | None = None
        client.settimeout(30)
        client_buffer = bytearray()
        try:
            for _ in range(_MAX_REQUESTS_PER_CONNECTION):
                head, body = _read_message(client, client_buffer, is_request=True)
                request_line, _, rest = head.partition(b"\r\n")
                method, target, version = request_line.split(b" ", 2)
                address = ("127.0.0.1", self.target_port)
                if target.startswith(b"http://"):
                    parts = urlsplit(target.decode())
                    if parts.hostname not in ("127.0.0.1", "localhost"):
                        raise _Closed("the test proxy only forwards to loopback")
                    address = ("127.0.0.1", parts.port or 80)
                    target = (parts.path or "/").encode() + (
                        b"?" + parts.query.encode() if parts.query else b""
                    )
                    with self._lock:
                        self.counters.absolute_form += 1
                head = b" ".join((method, target, version)) + b"\r\n" + rest
                path = target.decode(errors="replace")
                fault = self._next_fault(path)
                with self._lock:
                    self.counters.requests += 1
                    self.counters.up += len(head) + len(body)
                    if fault != PASS:
                        self.counters.faults[fault] += 1
                    if self.record_bodies:
                        self.counters.bodies.append((path, body))
                self._delay(len(head) + len(body))
                if fault == RESET:
                    _reset(client)
                    return
                if fault == HANG:
                    self._stopping.wait(self.hang_seconds)
                    return
                canned = _canned(fault)
                if canned is not None:
                    self._send_down(client, canned)
                    continue
                if upstream is None or upstream_address != address or _closed_by_peer(upstream):
                    if upstream is not None:
                        self._untrack(upstream)
                    upstream = socket.create_connection(address, timeout=60)
                    upstream_address = address
                    self._track(upstream)
                    upstream_buffer = bytearray()
                upstream.sendall(head + body)
                with self._lock:
                    self.counters.forwarded += 1
                response_head, response_body = _read_message(
                    upstream, upstream_buffer, is_request=False, method=method
                )
                answer = response_head + response_body
                if fault == CUT:
                    # HQ has answered, so it has committed: the desk gets half and a reset.
                    self._send_down(client, answer[: max(1, len(answer) // 2)])
                    _reset(client)
                    return
                self._send_down(client, answer)
                if b"connection: close" in response_head.lower():
                    return
        except (_Closed, OSError, ValueError):
            return
        finally:
            if upstream is not None:
                self._untrack(upstream)
            self._untrack(client)

    def _send_down(self, client: socket.socket, data: bytes) -> None:
        self._delay(len(data))
        with self._lock:
            self.counters.down += len(data)
        client.sendall(data)

    def _delay(self, size: int) -> None:
        """Store and forward: a message arrives after the latency plus its transmission time."""
        seconds = self.link.latency_seconds
        if self.link.bytes_per_second:
            seconds += size / self.link.bytes_per_second
        if seconds > 0:
            self._stopping.wait(seconds)


def _canned(fault: str) -> bytes | None:
    if fault == PORTAL:
        return _response(200, "OK", _LOGIN_PAGE, "text/html; charset=utf-8")
    if fault == REDIRECT:
        return _response(
            302,
            "Found",
            b"",
            "text/html",
            extra=b"Location: http://login.hotspot.invalid/?next=hq\r\n",
        )
    if fault == STATUS_500:
        return _response(500, "Internal Server Error", b"Internal Server Error", "text/plain")
    if fault == STATUS_502:
        return _response(
            502, "Bad Gateway", b"<html><body>502 Bad Gateway</body></html>", "text/html"
        )
    if fault == STATUS_503:
        return _response(
            503,
            "Service Unavailable",
            b"<html><body>503</body></html>",
            "text/html",
            extra=b"Retry-After: 1\r\n",
        )
    if fault == GARBAGE:
        return _response(200, "OK", b'{"ok": true, "message": "welcome"}', "application/json")
    return None


def _response(
    status: int, reason: str, body: bytes, content_type: str, extra: bytes = b""
) -> bytes:
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n".encode()
        + extra
        + b"\r\n"
        + body
    )


def _closed_by_peer(sock: socket.socket) -> bool:
    """HQ closed an idle kept-alive connection (uvicorn does after 5 s). A real link streams the
    request as it is sent; this proxy holds it for the link's delay first, so on a slow link the
    upstream connection can time out in between: open a new one, as the desk's own would be."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def _reset(sock: socket.socket) -> None:
    """Close with RST rather than FIN: what a dropped hotspot link looks like to the desk."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()


def _recv(sock: socket.socket, buffer: bytearray) -> None:
    chunk = sock.recv(65536)
    if not chunk:
        raise _Closed("peer closed")
    buffer += chunk


def _read_message(
    sock: socket.socket, buffer: bytearray, *, is_request: bool, method: bytes = b"GET"
) -> tuple[bytes, bytes]:
    """One HTTP/1.1 message: its head (through the blank line) and its body."""
    for _ in range(_MAX_HEADER):
        end = buffer.find(b"\r\n\r\n")
        if end >= 0:
            break
        if len(buffer) > _MAX_HEADER:
            raise _Closed("header too large")
        _recv(sock, buffer)
    else:
        raise _Closed("no header")
    head = bytes(buffer[: end + 4])
    del buffer[: end + 4]
    lower = head.lower()
    length = 0
    for line in lower.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    status_no_body = not is_request and (
        method == b"HEAD"
        or b" 204 " in head.split(b"\r\n")[0]
        or b" 304 " in head.split(b"\r\n")[0]
    )
    if b"transfer-encoding: chunked" in lower and not status_no_body:
        return head, _read_chunked(sock, buffer)
    if status_no_body:
        return head, b""
    deadline = time.monotonic() + 120
    while len(buffer) < length:
        if time.monotonic() > deadline:
            raise _Closed("body too slow")
        _recv(sock, buffer)
    body = bytes(buffer[:length])
    del buffer[:length]
    return head, body


def _read_chunked(sock: socket.socket, buffer: bytearray) -> bytes:
    out = bytearray()
    for _ in range(1_000_000):
        while b"\r\n" not in buffer:
            _recv(sock, buffer)
        line_end = buffer.find(b"\r\n")
        size = int(bytes(buffer[:line_end]).split(b";")[0], 16)
        while len(buffer) < line_end + 2 + size + 2:
            _recv(sock, buffer)
        out += buffer[: line_end + 2 + size + 2]
        del buffer[: line_end + 2 + size + 2]
        if size == 0:
            return bytes(out)
    raise _Closed("too many chunks")
