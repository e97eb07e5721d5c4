"""hadir-cli venue: host the venue hub, join one, leave, see where things stand (issue 17
item 8)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any

from desktop.cli import Context


def venue_host(ctx: Context) -> Any:
    """Runs in the foreground until SIGTERM or Ctrl+C. The first line of output is one JSON object
    (url, pair_code, fingerprint, join_text: what the window's QR code says) whatever --json says,
    so a script or the window can read it; a new code (the old one expired or was guessed at too
    often) is printed as another line, with its join text. On a member desk this takes over as
    the venue's hub: the other desks of its roster move here without a new code."""
    from desktop.core.venue.hub import PairCode
    from desktop.services.venue import host

    stop = threading.Event()
    started: list[Any] = []

    def new_code(code: PairCode) -> None:
        line: dict[str, Any] = {"pair_code": code.code}
        if started:
            line["join_text"] = started[0].join_text(code.code)
        print(json.dumps(line), flush=True)

    previous = {
        sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)
    }
    running = host(
        ctx.db, bind=ctx.args.bind, port=ctx.args.port, operator=ctx.operator, on_new_code=new_code
    )
    started.append(running)
    try:
        code = running.pair_code
        print(
            json.dumps(
                {
                    "url": running.url,
                    "pair_code": code,
                    "fingerprint": running.fingerprint,
                    "join_text": running.join_text(code),
                }
            ),
            flush=True,
        )
        while not stop.wait(1.0):
            running.hub.current_code()  # an expired code is replaced (and printed) on time
    finally:
        running.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("The venue hub stopped.", file=sys.stderr)
    return {"stopped": True, "url": running.url}


def venue_join(ctx: Context) -> Any:
    from desktop.services.venue import join

    result = join(ctx.db, hub_url=ctx.args.hub, code=ctx.args.code, operator=ctx.operator)
    print(
        f"Joined {result.hub_desk}; the hub's fingerprint is {result.fingerprint}.", file=sys.stderr
    )
    return {"hub": result.hub, "hub_desk": result.hub_desk, "event_ids": result.event_ids}


def venue_leave(ctx: Context) -> Any:
    from desktop.services.venue import leave

    return leave(ctx.db, operator=ctx.operator)


def venue_status(ctx: Context) -> Any:
    from desktop.services.venue import status

    return status(ctx.db)


def venue_station_add(ctx: Context) -> Any:
    """The address holds the station's key: open it on that phone only (or scan its QR code in
    the window)."""
    from desktop.services.station import add_station

    made = add_station(ctx.db, name=ctx.args.name, operator=ctx.operator)
    print(
        f"Open this address on the phone or tablet \u201c{made['name']}\u201d (it holds the "
        "station's key; keep it to that device).",
        file=sys.stderr,
    )
    return made


def venue_station_list(ctx: Context) -> Any:
    from desktop.services.station import list_stations

    return {"stations": list_stations(ctx.db)}


def venue_station_remove(ctx: Context) -> Any:
    from desktop.services.station import remove_station

    return remove_station(ctx.db, name=ctx.args.name, operator=ctx.operator)


def venue_move(ctx: Context) -> Any:
    from desktop.services.venue import move

    return move(ctx.db, hub_url=ctx.args.hub, operator=ctx.operator)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from desktop.services.venue import DEFAULT_PORT

    venue = subparsers.add_parser(
        "venue", help="several desks at one venue: a hub desk the others sync with, no internet"
    )
    commands = venue.add_subparsers(dest="venue_command", metavar="COMMAND", required=True)

    def command(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = commands.add_parser(
            name, parents=[common], help=help_text
        )
        parser.set_defaults(handler=handler)
        return parser

    p = command("host", venue_host, "serve this desk as the venue's hub until stopped (SIGTERM)")
    p.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT})"
    )
    p.add_argument("--bind", default="0.0.0.0", help="address to listen on (default: every one)")
    p = command("join", venue_join, "join the hub with the pairing code it shows")
    p.add_argument(
        "--hub",
        help="the hub's address, e.g. http://192.168.1.10:47300 (default: find this desk's "
        "office's hub on the LAN)",
    )
    p.add_argument(
        "--code",
        required=True,
        help="the pairing code the hub shows, or its join text (hadir-venue:?hub=...: what its QR "
        "code says; the fingerprint in it is checked)",
    )
    command("leave", venue_leave, "stop syncing through the hub (records stay)")
    command(
        "status", venue_status, "this desk's role, its hub, the desks and what waits for the hub"
    )
    station = commands.add_parser(
        "station", help="phones and tablets as check-in stations of this hub desk"
    )
    stations = station.add_subparsers(dest="station_command", metavar="COMMAND", required=True)
    p = stations.add_parser(
        "add",
        parents=[common],
        help="a new station: its address (with its key) for the phone's browser",
    )
    p.add_argument("--name", required=True, help='the station\'s name, e.g. "HP 1"')
    p.set_defaults(handler=venue_station_add)
    p = stations.add_parser("list", parents=[common], help="this hub's stations")
    p.set_defaults(handler=venue_station_list)
    p = stations.add_parser(
        "remove", parents=[common], help="revoke a station: its phone stops working at once"
    )
    p.add_argument("--name", required=True, help="the station's name")
    p.set_defaults(handler=venue_station_remove)
    p = command(
        "move",
        venue_move,
        "move to the desk that took over as the venue's hub, by its address (no new code)",
    )
    p.add_argument("--hub", required=True, help="the new hub's address, e.g. http://IP:47300")
