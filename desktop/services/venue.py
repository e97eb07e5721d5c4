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
from desktop.core.errors import HadirError
from desktop.core.venue import keys, member
from desktop.core.venue.discovery import Announcement, announce
from desktop.core.venue.hub import DEFAULT_PORT, HubServer, PairCode, VenueHub
from desktop.core.venue.member import HubExchange, JoinResult
from desktop.services.audit import audit
from sync.desk.venue_wire import JoinText

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

    def join_text(self, code: str | None = None) -> str:
        """What the hub's QR code says (address, code, fingerprint): a member scans or pastes it
        into its join field, or gives it to ``venue join --code``."""
        return JoinText(
            hub=self.url, code=code or self.pair_code, fingerprint=self.fingerprint
        ).text()

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
    """Start serving this desk's data folder to the venue's desks (in a background thread). A
    member desk takes over as the venue's hub: the desks of its roster move to it without a new
    pairing code (issue 17 item 6). A port that is taken changes nothing: the desk keeps its
    role."""
    from desktop.services import station

    hub = VenueHub(db, on_new_code=on_new_code, station_ops=station.operations(db))
    try:
        server = HubServer(hub, bind, port)
    except OSError as error:
        raise HadirError(
            f"The venue hub cannot listen on port {port} ({error.strerror or error}): another "
            "program, or a hub still running from hadir-cli, holds it. Stop that program, or "
            "choose another port (hadir-cli venue host --port P; in the window the "
            f"{PORT_SETTING} setting). This desk's role is unchanged.",
            code="venue_port_in_use",
            port=port,
            reason=str(error.strerror or error),
        ) from error
    try:
        hub.begin_serving()
    except BaseException:
        server.server_close()
        raise
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
    if hub.takeover is not None:
        took_over_from = next((d.desk_name for d in hub.takeover.desks if d.is_hub), "")
        audit(db, operator=operator, action="venue.take_over", url=url, hub=took_over_from)
    return RunningHub(
        url=url,
        fingerprint=hub.fingerprint,
        hub=hub,
        server=server,
        thread=thread,
        announcement=announcement,
    )


def join(
    db: Database,
    *,
    hub_url: str | None,
    code: str,
    operator: str,
    expected_fingerprint: str | None = None,
) -> JoinResult:
    """Without ``hub_url`` the hub of this desk's office is found on the LAN. ``code`` may be the
    hub's join text (its QR code); ``expected_fingerprint`` is the one a scanned text carried."""
    result = member.join(db, hub_url=hub_url, code=code, expected_fingerprint=expected_fingerprint)
    audit(db, operator=operator, action="venue.join", hub=result.hub, hub_desk=result.hub_desk)
    return result


def move(db: Database, *, hub_url: str, operator: str) -> dict[str, Any]:
    """Move to the desk that took over as the venue's hub, by its address (the window and
    ``sync run`` find it on the LAN themselves): no new pairing code, its key is in the roster."""
    moved = member.move(db, hub_url=hub_url)
    audit(db, operator=operator, action="venue.move", hub=moved.hub_url, hub_desk=moved.hub_desk)
    return {"hub": moved.hub_url, "hub_desk": moved.hub_desk}


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
