"""The database key's actions: the recovery passphrase an admin sets, the keyring copy."""

from __future__ import annotations

from desktop.core import encryption
from desktop.core.db import Database
from desktop.core.operators import record_audit


def set_recovery_passphrase(db: Database, *, passphrase: str, operator: str) -> None:
    """An admin sets or changes the recovery passphrase that opens this desk's data where the
    keyring cannot (another laptop, a USB backup); the change is audited."""
    encryption.set_passphrase(data_dir=db.folder, key=db.key, passphrase=passphrase)
    with db.write() as session:
        record_audit(
            session=session,
            operator=operator,
            action="key.passphrase",
            detail={"key_id": db.key.key_id},
        )
