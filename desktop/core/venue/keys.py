"""The ``setting`` keys of the venue hub (issue 17), on the hub and on a member."""

from __future__ import annotations

from sqlmodel import Session

from desktop.core.desk import get_setting, set_setting
from sync.desk.venue_wire import new_key_pair

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
