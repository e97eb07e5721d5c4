"""The venue hub as an operator uses it (issue 17): host it, join one, leave, see where things
stand. desktop/core/venue/ does the work; this composes it and writes the audit lines. Qt-free."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.core.db import Database
from desktop.core.desk import get_setting, set_setting
from desktop.core.venue import keys, member
from desktop.core.venue.discovery import Announcement, announce
from desktop.core.venue.hub import HubServer, PairCode, VenueHub
from desktop.core.venue.member import HubExchange, JoinResult
from desktop.services.audit import audit

DEFAULT_PORT = 47300
PORT_SETTING = "venue.hub_port"  # the window's hub port, when 47300 is taken on this laptop


def _lan_address() -> str:
    """The address other desks reach this laptop at: the one its default route leaves from (a UDP
    "connect" sends nothing). Without a network, loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


@dataclass
class RunningHub:
    url: str
    fingerprint: str
    hub: VenueHub
    server: HubServer
    thread: threading.Thread
    announcement: Announcement | None = None

    @property
    def pair_code(self) -> str:
        return self.hub.current_code().code

    def stop(self) -> None:
        """Stop serving: requests being answered finish first (their transactions are short)."""
        if self.announcement is not None:
            self.announcement.close()  # desks stop finding it before it stops answering
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def host(
    db: Database,
    *,
    bind: str = "0.0.0.0",
    port: int = DEFAULT_PORT,
    operator: str,
    on_new_code: Callable[[PairCode], None] | None = None,
) -> RunningHub:
    """Start serving this desk's data folder to the venue's desks (in a background thread)."""
    from desktop.services import station

    hub = VenueHub(db, on_new_code=on_new_code, station_ops=station.operations(db))
    server = HubServer(hub, bind, port)
    address = _lan_address() if bind in ("0.0.0.0", "") else bind
    url = f"http://{address}:{server.server_address[1]}"
    with db.write() as session:  # where this hub's check-in stations find it (station.py)
        set_setting(session=session, key=keys.HUB_URL, value=url)
    thread = threading.Thread(target=server.serve_forever, name="venue-hub", daemon=True)
    thread.start()
    announcement = announce(
        desk_name=hub.identity.desk_name,
        office_code=hub.identity.office_code or "",
        fingerprint=hub.fingerprint,
        address=address,
        port=server.server_address[1],
        # Bound to one address, announced on that one only (a test's loopback, a chosen LAN).
        interfaces=None if bind in ("0.0.0.0", "") else [bind],
    )
    audit(db, operator=operator, action="venue.host", url=url)
    return RunningHub(
        url=url,
        fingerprint=hub.fingerprint,
        hub=hub,
        server=server,
        thread=thread,
        announcement=announcement,
    )


def join(db: Database, *, hub_url: str | None, code: str, operator: str) -> JoinResult:
    """Without ``hub_url`` the hub of this desk's office is found on the LAN."""
    result = member.join(db, hub_url=hub_url, code=code)
    audit(db, operator=operator, action="venue.join", hub=result.hub, hub_desk=result.hub_desk)
    return result


def leave(db: Database, *, operator: str) -> dict[str, Any]:
    result = member.leave(db)
    audit(db, operator=operator, action="venue.leave", **result)
    return result


def status(db: Database) -> dict[str, Any]:
    return member.venue_status(db)


def hub_port(db: Database) -> int:
    """The port the window's hub listens on: the ``venue.hub_port`` setting, else 47300."""
    with db.session() as session:
        value = get_setting(session=session, key=PORT_SETTING)
    return int(value) if value and value.isdigit() else DEFAULT_PORT


def exchange(db: Database) -> HubExchange | None:
    """One live exchange with the hub (push, then pull); None when this desk is no member. A hub
    that is gone is reported in the result (``reached``/``error``), never raised."""
    return member.exchange(db)


def desk_share(db: Database, *, event_id: str, day: int, desk_id: str) -> int:
    """How many of the day's people this desk checked in: the "(meja ini: N)" beside the venue's
    total, which counts every desk's check-ins that reached this one."""
    from typing import cast

    from sqlalchemy import Table, func
    from sqlmodel import select

    from desktop.core.models import CheckIn
    from sync.attendance_rule import counts

    table = cast(Table, CheckIn.__table__)  # type: ignore[attr-defined]
    with db.session() as session:
        present = session.exec(
            select(func.count(func.distinct(CheckIn.participant_id))).where(
                CheckIn.event_id == event_id,
                CheckIn.day == day,
                CheckIn.desk_id == desk_id,
                counts(table),
            )
        ).one()
    return int(present)
