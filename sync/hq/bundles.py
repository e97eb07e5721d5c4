"""``hadir-hq import-bundle``: a desk's USB bundle through the same idempotent ingest as a push.

The caller's transaction holds the whole import, so a bundle lands entirely or not at all; items
HQ already holds come back "already stored", so importing twice, or after the desk synced online
anyway, changes nothing.
"""

from __future__ import annotations

import base64
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from sync.bundle import BundleError, read_bundle, signature_matches, unsealer
from sync.clock import as_utc
from sync.hq.ingest import Pusher, ingest
from sync.hq.models import DeskKey, Device, HqKey
from sync.seal_format import decode_key_text

__all__ = ["BundleError", "import_bundle"]

_INGEST_STEP = 1000


def import_bundle(*, session: Session, path: Path, now: datetime) -> dict[str, Any]:
    key = session.get(HqKey, "bundle")
    unseal = unsealer(base64.b64decode(key.private_key)) if key is not None else None
    bundle = read_bundle(path, unseal=unseal)
    device = session.get(Device, bundle.device_id)
    if device is None:
        raise BundleError("This bundle comes from a desk HQ does not know (not enrolled here).")
    if device.revoked_at is not None:
        raise BundleError(
            f"This bundle comes from desk '{device.desk_name}', which HQ has revoked."
        )
    desk_key = session.get(DeskKey, bundle.key_id)
    if desk_key is None or desk_key.device_id != device.id:
        raise BundleError("This bundle is signed with a key that is not registered for its desk.")
    if not signature_matches(bundle, decode_key_text(desk_key.public_key)):
        raise BundleError("This bundle's signature does not match: it was altered or forged.")
    pusher = Pusher(office_code=device.office_code, device_id=device.id)
    counts: Counter[str] = Counter()
    reasons: list[dict[str, str]] = []
    makers = bundle.makers()  # a venue hub's bundle: the member desk of each item
    for start in range(0, len(bundle.items), _INGEST_STEP):
        part = bundle.items[start : start + _INGEST_STEP]
        relayed = makers[start : start + _INGEST_STEP] if makers is not None else None
        for result in ingest(
            session=session, pusher=pusher, envelopes=part, now=now, relayed=relayed
        ):
            counts[result.status.value] += 1
            if result.reason and len(reasons) < 50:
                reasons.append(
                    {"id": result.id, "status": result.status.value, "reason": result.reason}
                )
    _note_contact(session, device, bundle.created_at)
    return {
        "device_id": device.id,
        "desk_name": device.desk_name,
        "items": len(bundle.items),
        "stored": counts["stored"],
        "already_stored": counts["already_stored"],
        "conflict": counts["conflict"],
        "invalid": counts["invalid"],
        "problems": reasons,
    }


def _note_contact(session: Session, device: Device, created_at: str) -> None:
    """The dashboard's "last sync" of a desk that reaches HQ only by USB stick: the moment its
    bundle was written, when that is newer than its last push. The bundle held everything HQ had
    not acknowledged, so nothing waited on the desk then."""
    try:
        written = as_utc(datetime.fromisoformat(created_at))
    except ValueError:
        return  # a signed bundle always carries one; an odd stamp changes nothing
    last = as_utc(device.last_push_at) if device.last_push_at is not None else None
    if last is not None and last >= written:
        return
    device.last_push_at = written
    device.last_seen_at = (
        max(written, as_utc(device.last_seen_at)) if device.last_seen_at else written
    )
    device.pending_count = 0
    session.add(device)
