"""Issue 15 item 9d: backups left ``.partial-shm``/``.partial-wal`` files behind. After a backup,
good or failed, the backups folder holds the finished backups and nothing else."""

from __future__ import annotations

import pytest

from desktop.core import backup
from desktop.core.errors import HadirError
from tests.desktop.helpers import NIP_AHMAD, make_event, register


def _leftovers(data_dir) -> list[str]:
    return sorted(p.name for p in (data_dir / "backups").iterdir() if ".partial" in p.name)


def test_a_backup_leaves_no_partial_companions(db, data_dir):
    register(db, make_event(db), "Ahmad", NIP_AHMAD)
    for _ in range(2):
        backup.create_backup(data_dir, reason="manual", key=db.key)
    assert _leftovers(data_dir) == []
    names = {p.name for p in (data_dir / "backups").iterdir()}
    assert names == {info.path.name for info in backup.list_backups(data_dir)}


def test_a_failed_backup_leaves_nothing(db, data_dir, monkeypatch):
    register(db, make_event(db), "Ahmad", NIP_AHMAD)
    monkeypatch.setattr(backup, "check_file", lambda *_args, **_kwargs: "page 3 damaged")
    with pytest.raises(HadirError) as raised:
        backup.create_backup(data_dir, reason="manual", key=db.key)
    assert raised.value.code == "backup_check"
    assert list((data_dir / "backups").iterdir()) == []
