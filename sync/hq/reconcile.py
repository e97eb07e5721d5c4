"""End-of-day reconciliation (sync.md rule 12): the desk describes what it holds, HQ says what it
lacks.

Two steps keep it small: a group (event and day) sent with only its count and hash is compared with
the changes this device pushed for that group; if they differ, the desk sends the group again with
its ids and HQ answers with the ones it does not hold (a change that reached HQ through a venue hub
or a USB bundle counts as held).

"Held" is only ever said of changes the desk may see anyway: its own, and those of its office (or of
every office) that pull hands it. Another office's change id reads as missing, exactly like an id
HQ never saw, so reconcile cannot be used to learn which ids exist elsewhere (issue 15, item 9).
Resending such an id is harmless: HQ's answer to the push says duplicate or conflict.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from sync.hq.models import EVERY_OFFICE, Change
from sync.hq.sql import chunks, table
from sync.protocol import GroupState, Manifest, ManifestGroupResult, ManifestResponse, manifest_hash


def reconcile(
    *, session: Session, device_id: str, office_code: str, manifest: Manifest
) -> ManifestResponse:
    change = table(Change)
    results = []
    for group in manifest.groups:
        condition = (
            change.c.event_id.is_(None)
            if group.event_id is None
            else change.c.event_id == group.event_id
        )
        held = (
            session.execute(
                select(change.c.id).where(
                    change.c.device_id == device_id, condition, change.c.day == group.day
                )
            )
            .scalars()
            .all()
        )
        if group.ids is None:
            same = len(held) == group.count and manifest_hash(held) == group.ids_sha256
            state = GroupState.COMPLETE if same else GroupState.DIFFERS
            results.append(
                ManifestGroupResult(
                    event_id=group.event_id, day=group.day, state=state, hq_count=len(held)
                )
            )
            continue
        wanted = sorted(set(group.ids))
        found: set[str] = set(held)
        unknown = [change_id for change_id in wanted if change_id not in found]
        for part in chunks(unknown):
            found.update(
                session.execute(
                    select(change.c.id).where(
                        change.c.id.in_(part),
                        change.c.office_code.in_((office_code, EVERY_OFFICE)),
                    )
                ).scalars()
            )
        missing = [change_id for change_id in wanted if change_id not in found]
        results.append(
            ManifestGroupResult(
                event_id=group.event_id,
                day=group.day,
                state=GroupState.MISSING if missing else GroupState.COMPLETE,
                hq_count=len(held),
                missing=missing,
            )
        )
    return ManifestResponse(groups=results)
