"""Finding the venue hub on the LAN (issue 17 item 3): the hub announces itself with mDNS/DNS-SD
(python-zeroconf, pure Python) and a desk that joins without an address browses for it.

The announcement carries what a desk needs to pick its office's hub and nothing that grants
access: the office code, the desk's name, the hub's key fingerprint and the protocol version;
never the pairing code. A desk checks the fingerprint it was shown against the key the pairing
pins, so an announcement forged by another laptop gets nowhere (SPAKE2 already refuses a laptop
that does not know the code; this refuses a real hub's name pointing somewhere else).

Every wait is bounded: browsing lasts ``timeout`` seconds at most and returns what it heard.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

# Another service name keeps apart hubs that must not find each other on one network: the tests
# of one run (tests/conftest.py sets a name per run) from another run's or a real venue's hubs.
SERVICE_VARIABLE = "HADIR_VENUE_MDNS_SERVICE"
SERVICE_TYPE = os.environ.get(SERVICE_VARIABLE) or "_hadir-hub._tcp.local."
PROTOCOL = "1"
BROWSE_SECONDS = 4.0
ASK_AGAIN_SECONDS = 1.0
# Which addresses to announce and browse on (comma-separated), for a laptop whose VPN or second
# adapter should stay out of it; unset: every interface. On one machine browsing every interface
# can miss a loopback-only hub's answers (seen in the sandbox), so the tests set 127.0.0.1.
INTERFACES_VARIABLE = "HADIR_VENUE_MDNS_INTERFACES"


def _interfaces(given: Sequence[str] | None) -> Any:
    from zeroconf import InterfaceChoice

    if given:
        return list(given)
    chosen = [part.strip() for part in os.environ.get(INTERFACES_VARIABLE, "").split(",")]
    return [part for part in chosen if part] or InterfaceChoice.All


@dataclass(frozen=True, slots=True)
class FoundHub:
    url: str
    desk_name: str
    office_code: str
    fingerprint: str


def _instance_tag(fingerprint: str) -> str:
    return fingerprint[:9]


def _instance_name(desk_name: str, fingerprint: str) -> str:
    # Two hubs may carry the same desk name ("Meja 1" at two offices): the fingerprint's start
    # keeps the DNS-SD instance names apart. Dots would split the label.
    label = f"{desk_name} {_instance_tag(fingerprint)}".replace(".", " ")
    return f"{label}.{SERVICE_TYPE}"


class Announcement:
    """The hub's mDNS record while it serves; ``close`` withdraws it (a goodbye packet)."""

    def __init__(
        self,
        *,
        desk_name: str,
        office_code: str,
        fingerprint: str,
        address: str,
        port: int,
        interfaces: Sequence[str] | None = None,
    ) -> None:
        from zeroconf import IPVersion, ServiceInfo, Zeroconf

        self._zeroconf = Zeroconf(
            interfaces=_interfaces(interfaces),
            ip_version=IPVersion.V4Only,
        )
        self._info = ServiceInfo(
            SERVICE_TYPE,
            _instance_name(desk_name, fingerprint),
            addresses=[socket.inet_aton(address)],
            port=port,
            properties={
                "office": office_code,
                "desk": desk_name,
                "fp": fingerprint,
                "proto": PROTOCOL,
            },
        )
        # A name already taken (a restarted hub whose goodbye was lost) is renamed, not refused.
        self._zeroconf.register_service(self._info, allow_name_change=True)
        self._closed = False

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._zeroconf.unregister_service(self._info)
        finally:
            self._zeroconf.close()


def announce(
    *,
    desk_name: str,
    office_code: str,
    fingerprint: str,
    address: str,
    port: int,
    interfaces: Sequence[str] | None = None,
) -> Announcement | None:
    """Announce the hub; None (and a log line) when the network has no multicast: the hub still
    serves, and desks type its address."""
    try:
        return Announcement(
            desk_name=desk_name,
            office_code=office_code,
            fingerprint=fingerprint,
            address=address,
            port=port,
            interfaces=interfaces,
        )
    except (OSError, ValueError) as error:
        log.warning("the venue hub could not announce itself on the LAN: %s", error)
        return None


def find_hubs(
    *,
    office_code: str | None = None,
    timeout: float = BROWSE_SECONDS,
    interfaces: Sequence[str] | None = None,
    stop_after_first: bool = False,
    fingerprints: Collection[str] | None = None,
) -> list[FoundHub]:
    """Browse for hubs for at most ``timeout`` seconds; only those of ``office_code`` when given.
    Everything heard in that time is returned (several hubs of one office: the caller asks).
    With ``fingerprints`` (a member looking for the desk of its roster that took over) only the
    instances named with one of them are resolved: the other hubs of a busy network, or their
    stale names, cost no resolve time."""
    from zeroconf import (
        DNSQuestionType,
        IPVersion,
        ServiceBrowser,
        ServiceStateChange,
        Zeroconf,
    )

    zeroconf = Zeroconf(
        interfaces=_interfaces(interfaces),
        ip_version=IPVersion.V4Only,
    )
    names: list[str] = []
    heard = threading.Event()

    def changed(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Added and name not in names:
            names.append(name)
            heard.set()

    found: dict[str, FoundHub] = {}
    deadline = time.monotonic() + timeout
    # Multicast answers only (QM): a unicast answer goes to one of the sockets sharing port 5353
    # on the asking laptop, not necessarily this one's. The question is asked afresh every
    # second (a new browser asks at once; one browser waits 1 s, then 2, then 4): an answer
    # lost or held back by a responder's once-a-second limit is asked for again in time.
    browsers = [
        ServiceBrowser(zeroconf, SERVICE_TYPE, handlers=[changed], question_type=DNSQuestionType.QM)
    ]
    asked_at = time.monotonic()
    try:
        seen = 0
        while time.monotonic() < deadline:
            heard.wait(max(0.0, min(0.1, deadline - time.monotonic())))
            heard.clear()
            for name in names[seen:]:
                if fingerprints is not None and not any(
                    _instance_tag(fp) in name for fp in fingerprints
                ):
                    continue
                hub = _resolve(zeroconf, name, deadline)
                if hub is not None and (office_code is None or hub.office_code == office_code):
                    found[hub.fingerprint] = hub
            seen = len(names)
            if stop_after_first and found:
                break
            if time.monotonic() - asked_at >= ASK_AGAIN_SECONDS:
                browsers[-1].cancel()
                browsers.append(
                    ServiceBrowser(
                        zeroconf, SERVICE_TYPE, handlers=[changed], question_type=DNSQuestionType.QM
                    )
                )
                asked_at = time.monotonic()
    finally:
        browsers[-1].cancel()
        zeroconf.close()
    return sorted(found.values(), key=lambda hub: (hub.desk_name, hub.url))


def _resolve(zeroconf: object, name: str, deadline: float) -> FoundHub | None:
    from zeroconf import DNSQuestionType, Zeroconf

    assert isinstance(zeroconf, Zeroconf)
    left_ms = int(max(0.2, deadline - time.monotonic()) * 1000)
    info = zeroconf.get_service_info(
        SERVICE_TYPE, name, timeout=left_ms, question_type=DNSQuestionType.QM
    )
    if info is None or not info.port:
        return None
    text = {
        key.decode("utf-8", "replace"): (value or b"").decode("utf-8", "replace")
        for key, value in info.properties.items()
    }
    addresses = info.parsed_addresses()
    if not addresses or not text.get("fp") or text.get("proto") != PROTOCOL:
        return None
    return FoundHub(
        url=f"http://{addresses[0]}:{info.port}",
        desk_name=text.get("desk", ""),
        office_code=text.get("office", ""),
        fingerprint=text["fp"],
    )
