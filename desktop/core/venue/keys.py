"""The ``setting`` keys of the venue hub (issue 17), on the hub and on a member."""

from __future__ import annotations

from pydantic import ValidationError
from sqlmodel import Session

from desktop.core.clock import utcnow
from desktop.core.desk import get_setting, set_setting
from sync.desk.outbox import VenueMember
from sync.desk.venue_wire import HubRoster, new_key_pair

# On the hub: its Curve25519 key pair (the database is encrypted at rest, so the secret is too).
HUB_SECRET = "venue.hub_secret"
HUB_PUBLIC = "venue.hub_public"
IS_HUB = "venue.is_hub"  # "1" once ``venue host`` has run
HUB_URL = "venue.hub_url"  # where it last served: its check-in stations' address (station.py)
# On a member: the hub it joined, the hub's pinned key, its own key pair and the hub's cursor.
MEMBER_HUB_URL = "venue.member.hub_url"
MEMBER_HUB_PUBLIC = "venue.member.hub_public"
MEMBER_HUB_DESK = "venue.member.hub_desk"
MEMBER_HUB_DESK_ID = "venue.member.hub_desk_id"
MEMBER_SECRET = "venue.member.secret"
MEMBER_PUBLIC = "venue.member.public"
MEMBER_CURSOR = "venue.member.cursor"
MEMBER_HQ_CURSOR = "venue.member.hq_cursor"  # in what the hub pulled from HQ
MEMBER_LAST_SEEN = "venue.member.last_seen"
# The hub's mark of HQ's acknowledgements of this desk's records, as last asked (issue 17 item 5).
MEMBER_HQ_MARK = "venue.member.hq_mark"
# The venue's desks and their keys as the paired hub last handed them (HubRoster JSON): the only
# keys this desk trusts as a next hub, and the desks it serves should it take over.
MEMBER_ROSTER = "venue.member.roster"
# This desk moved to another hub of its roster (JSON: from, to, at), for the status bar.
MEMBER_MOVED = "venue.member.moved"
MEMBER_KEYS = (
    MEMBER_HUB_URL,
    MEMBER_HUB_PUBLIC,
    MEMBER_HUB_DESK,
    MEMBER_HUB_DESK_ID,
    MEMBER_SECRET,
    MEMBER_PUBLIC,
    MEMBER_CURSOR,
    MEMBER_HQ_CURSOR,
    MEMBER_LAST_SEEN,
    MEMBER_HQ_MARK,
    MEMBER_ROSTER,
    MEMBER_MOVED,
)


def hub_key_pair(*, session: Session) -> tuple[str, str]:
    """The hub's key pair, made on first use and kept: members pinned its public half."""
    secret = get_setting(session=session, key=HUB_SECRET)
    public = get_setting(session=session, key=HUB_PUBLIC)
    if secret is None or public is None:
        secret, public = new_key_pair()
        set_setting(session=session, key=HUB_SECRET, value=secret)
        set_setting(session=session, key=HUB_PUBLIC, value=public)
    return secret, public


def clear(*, session: Session, keys: tuple[str, ...]) -> None:
    from desktop.core.models import Setting

    for key in keys:
        row = session.get(Setting, key)
        if row is not None:
            session.delete(row)


def roster(*, session: Session) -> HubRoster | None:
    """The roster the paired hub handed this member, or None (none yet, or unreadable)."""
    value = get_setting(session=session, key=MEMBER_ROSTER)
    if not value:
        return None
    try:
        return HubRoster.model_validate_json(value)
    except ValidationError:
        return None


def takeover_roster(*, session: Session) -> HubRoster | None:
    """The roster a member takes over with, when this desk is a member that has one."""
    if get_setting(session=session, key=MEMBER_SECRET) is None:
        return None
    return roster(session=session)


def member_key_pair(*, session: Session) -> tuple[str, str]:
    secret = get_setting(session=session, key=MEMBER_SECRET)
    public = get_setting(session=session, key=MEMBER_PUBLIC)
    assert secret is not None and public is not None, "a member has its key pair"
    return secret, public


def take_over(
    *, session: Session, roster: HubRoster, own_desk_id: str, secret: str, public: str
) -> None:
    """In the caller's transaction: this member becomes the hub. Its member key becomes the
    hub's key (the others hold it in their roster), every other desk of the roster (the old hub
    too, with the key it served with) becomes a member it accepts, and it is no member any more."""
    for desk in roster.desks:
        if desk.desk_id == own_desk_id:
            continue
        row = session.get(VenueMember, desk.desk_id)
        if row is None:
            row = VenueMember(
                desk_id=desk.desk_id,
                desk_name=desk.desk_name,
                office_code=desk.office_code,
                public_key=desk.public_key,
                paired_at=utcnow(),
            )
        else:
            row.desk_name, row.public_key = desk.desk_name, desk.public_key
        session.add(row)
    session.flush()
    set_setting(session=session, key=HUB_SECRET, value=secret)
    set_setting(session=session, key=HUB_PUBLIC, value=public)
    clear(session=session, keys=MEMBER_KEYS)
