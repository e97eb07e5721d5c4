"""The USB bundle: what HQ has not acknowledged, in one signed, checksummed file sealed to HQ
(sync/bundle.py), for an office that cannot reach HQ online."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from desktop.core.clock import utcnow
from desktop.core.db import Database
from desktop.core.desk import get_setting, set_setting
from desktop.core.errors import HadirError
from desktop.core.sync.settings import Keys, load_settings
from sync.clock import utc_text
from sync.desk import outbox


def _hq_bundle_key(db: Database) -> bytes | None:
    with db.session() as session:
        stored = get_setting(session=session, key=Keys.HQ_BUNDLE_KEY)
    if not stored:
        return None
    try:
        raw = base64.b64decode(stored, validate=True)
    except ValueError:
        return None
    return raw if len(raw) == 32 else None


def export_bundle(
    db: Database, *, path: Path, include_acknowledged: bool = False
) -> dict[str, Any]:
    """Write what HQ has not acknowledged (or everything) into one signed, checksummed file for
    ``hadir-hq import-bundle`` (sync/bundle.py). The outbox is unchanged: only HQ's
    acknowledgement clears an item, and the next online sync or reconciliation gets it."""
    from desktop.core.seal import desk_signer
    from sync.bundle import write_bundle
    from sync.desk import venue_outbox
    from sync.protocol import ChangeEnvelope, format_relayed_for

    with db.write() as session:
        settings = load_settings(session=session)
        if not settings.device_id or not settings.key_id:
            raise HadirError(
                "Enroll this desk with HQ first: HQ trusts a bundle only from a desk it knows.",
                code="sync_not_enrolled",
            )
        signer = desk_signer(session=session)
        items = outbox.unacknowledged(session=session, include_acknowledged=include_acknowledged)
        # A venue hub's bundle says which member desk made what it relays, as its push would.
        makers = venue_outbox.makers_of(session=session, change_ids=[item.id for item in items])
    if signer.key_id != settings.key_id:
        raise HadirError(
            "This desk's signing key changed since it enrolled, so HQ would not trust the bundle: "
            "enroll the desk again.",
            code="sync_key_changed",
        )
    envelopes = [
        ChangeEnvelope(id=item.id, kind=item.kind, payload=json.loads(item.payload))
        for item in items
    ]
    target = Path(path).expanduser()
    if target.is_dir():
        raise HadirError(f"{target} is a folder; give a file name.", code="bundle_path")
    created = utcnow()
    seal_for = _hq_bundle_key(db)
    digest = write_bundle(
        path=target,
        device_id=settings.device_id,
        key_id=signer.key_id,
        items=envelopes,
        sign=signer.private_key.sign,
        created_at=created,
        seal_for=seal_for,
        relayed_for=format_relayed_for(makers) if makers is not None else None,
    )
    result = {
        "file": str(target.resolve()),
        "items": len(envelopes),
        "sha256": digest,
        "all": include_acknowledged,
        "created_at": utc_text(created),
        "sealed": seal_for is not None,
    }
    if seal_for is None:
        result["warning"] = (
            "Not sealed: this desk does not know HQ's bundle key yet (it learns it "
            "at its next sync with HQ). Anyone with the stick can read this file."
        )
    with db.write() as session:
        set_setting(session=session, key=Keys.LAST_BUNDLE, value=json.dumps(result))
    return result
