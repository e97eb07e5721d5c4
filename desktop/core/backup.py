"""Local backups of the desk database, restore, and detecting a damaged file at start (issue 9).

Backups use SQLite's online backup API, so they are consistent even while the desk is checking
people in (WAL mode), and each copy is verified with ``integrity_check`` before it counts. They live
in ``<data-dir>/backups/`` and rotate: the newest ``KEEP_DAILY`` end-of-day or manual copies and the
newest ``KEEP_MIGRATION`` pre-migration copies are kept.

A database that fails its check at start is never opened for writing: the operator is told, with
the newest good backup offered; restoring keeps the damaged file aside, it is never deleted.

Backups are encrypted with the desk's own key (``desktop.core.encryption``): the online backup API
copies pages between two connections keyed alike. A copy for a USB stick takes the key file with it
(``<backup>.key``, the key wrapped by the recovery passphrase only), so a new laptop can restore it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.core import encryption
from desktop.core.clock import as_utc, utcnow
from desktop.core.encryption import DatabaseKey
from desktop.core.errors import HadirError
from desktop.core.paths import database_path

BACKUP_DIR = "backups"
KEEP_DAILY = 14
KEEP_MIGRATION = 5
REASONS = ("manual", "daily", "migration", "restore")


class DatabaseDamaged(HadirError):
    """The desk database cannot be trusted; carries the newest good backup, if any."""

    code = "database_damaged"

    def __init__(
        self, message: str, *, path: Path, latest_backup: Path | None, key: DatabaseKey | None
    ) -> None:
        super().__init__(message)
        self.path = path
        self.latest_backup = latest_backup
        self.key = key  # the key the backups open with, for the restore that is offered


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    reason: str
    made_at: datetime  # aware UTC
    size: int


def backup_folder(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR


def _stamp(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y%m%dT%H%M%S%fZ")


def _parse(path: Path) -> BackupInfo | None:
    # hadir-20261124T081500123456Z-daily.db
    try:
        _prefix, stamp, reason = path.stem.split("-", 2)
        made = datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ")
    except ValueError:
        return None
    return BackupInfo(path, reason, as_utc(made), path.stat().st_size)


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """Newest first."""
    folder = backup_folder(data_dir)
    if not folder.is_dir():
        return []
    found = [info for p in folder.glob("hadir-*.db") if (info := _parse(p)) is not None]
    return sorted(found, key=lambda info: info.made_at, reverse=True)


# Below this size the start-up check reads every page (quick_check); above it, reading a 130 MB
# file would take a second of the three the window has to start, so start-up only reads the schema
# and the full check runs with every backup and on request (``hadir-cli backup check``).
FULL_CHECK_AT_START_BYTES = 32 * 1024 * 1024


def check_file(
    path: Path, *, key: DatabaseKey | None, quick: bool = True, schema_only: bool = False
) -> str | None:
    """None when SQLite finds the file sound, else what is wrong (one line). ``key`` None reads
    a plaintext file (one from before encryption)."""
    try:
        if key is None:
            connection = encryption.dbapi().connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        else:
            connection = encryption.connect(path, key, read_only=True, timeout=10)
    except encryption.dbapi().Error as error:
        return str(error)
    try:
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        if schema_only:
            return None
        rows = connection.execute(
            "PRAGMA quick_check" if quick else "PRAGMA integrity_check"
        ).fetchall()
    except encryption.dbapi().DatabaseError as error:
        # With the right key (checked against hadir.key first) "file is not a database" means the
        # first page itself is damaged.
        return str(error)
    finally:
        connection.close()
    result = "; ".join(str(r[0]) for r in rows[:3])
    return None if result == "ok" else result


def create_backup(data_dir: Path, *, key: DatabaseKey, reason: str = "manual") -> BackupInfo:
    """Copy the live database with the online backup API, verify the copy, then rotate."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    source_path = database_path(data_dir)
    if not source_path.exists():
        raise HadirError(
            f"There is no desk database in {data_dir} to back up.", code="backup_no_database"
        )
    folder = backup_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"hadir-{_stamp(utcnow())}-{reason}.db"
    partial = target.with_suffix(".partial")
    try:
        source = encryption.connect(source_path, key, timeout=30)
        try:
            destination = encryption.connect(partial, key)
            try:
                source.backup(destination, pages=4096)  # in steps, so check-ins are not held up
            finally:
                destination.close()
        except encryption.dbapi().OperationalError as error:
            raise HadirError(
                f"The backup could not be written to {folder}: {error}.",
                code="backup_write",
                folder=str(folder),
            ) from None
        finally:
            source.close()
        problem = check_file(partial, key=key, quick=False)
        if problem is not None:
            raise HadirError(
                f"The backup copy failed its integrity check ({problem}); nothing was kept.",
                code="backup_check",
            )
        _remove_companions(partial)
        partial.replace(target)
    except BaseException:
        # A failed (or interrupted) backup leaves nothing behind: not the copy, not its companions.
        partial.unlink(missing_ok=True)
        _remove_companions(partial)
        raise
    rotate(data_dir)
    info = _parse(target)
    assert info is not None
    return info


def _remove_companions(database: Path) -> None:
    """SQLite's -wal/-shm/-journal files of the temporary copy: opening it (the copy, the integrity
    check) can leave them, named after ``.partial``, which nothing else would ever clean up."""
    for suffix in ("-wal", "-shm", "-journal"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)


def rotate(data_dir: Path) -> list[Path]:
    """Delete the oldest backups beyond what is kept; returns what was deleted."""
    removed = []
    by_reason: dict[str, list[BackupInfo]] = {}
    for info in list_backups(data_dir):
        by_reason.setdefault("migration" if info.reason == "migration" else "other", []).append(
            info
        )
    for group, keep in (("migration", KEEP_MIGRATION), ("other", KEEP_DAILY)):
        for info in by_reason.get(group, [])[keep:]:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    return removed


def needs_daily_backup(data_dir: Path, *, now: datetime | None = None) -> bool:
    """True when no backup was made today (UTC date) yet: the desk makes one at the end of a day
    of work or at the first start of the next."""
    today = as_utc(now or utcnow()).date()
    return not any(b.made_at.date() == today for b in list_backups(data_dir))


def verify_or_raise(data_dir: Path, *, key: DatabaseKey | None) -> None:
    """Called at start, before the database is opened for writing (``key`` None: a plaintext
    file from before encryption)."""
    path = database_path(data_dir)
    if not path.exists():
        return
    problem = check_file(path, key=key, schema_only=path.stat().st_size > FULL_CHECK_AT_START_BYTES)
    if problem is None:
        return
    good = next(
        (
            b.path
            for b in list_backups(data_dir)
            if check_file(b.path, key=key_for(b.path, key)) is None
        ),
        None,
    )
    offer = (
        f" The newest good backup is {good.name}; restore it with "
        f"'hadir-cli backup restore {good.name}'."
        if good
        else " There is no good backup."
    )
    raise DatabaseDamaged(
        f"The desk database {path} is damaged ({problem}).{offer} The damaged file is kept.",
        path=path,
        latest_backup=good,
        key=key,
    )


def key_for(path: Path, key: DatabaseKey | None) -> DatabaseKey | None:
    """The key to read ``path`` with: None for a plaintext file (a database or backup from before
    encryption, until the desk converts it)."""
    return None if encryption.is_plaintext(path) else key


def encrypt_plain_backups(data_dir: Path, *, key: DatabaseKey) -> int:
    """After a plaintext desk is encrypted its old backups must not stay readable: convert them."""
    converted = 0
    for info in list_backups(data_dir):
        if encryption.is_plaintext(info.path) and check_file(info.path, key=None) is None:
            converted += encryption.encrypt_in_place(info.path, key)
        elif encryption.is_plaintext(info.path):
            encryption.shred(info.path)  # a damaged plaintext copy: of no use, and readable
    return converted


def restore_backup(
    data_dir: Path, backup: Path | str, *, key: DatabaseKey | None, passphrase: str | None = None
) -> Path:
    """Put a backup in place of the desk database; the current file is kept aside, not deleted.
    The desk must not be running. Returns where the replaced file was moved.

    A backup of this desk opens with ``key``. A USB copy from another laptop (its key file
    ``<backup>.key`` beside it, another key) needs that desk's recovery passphrase; its key file
    then becomes this desk's."""
    candidate = Path(backup)
    if not candidate.is_absolute() and not candidate.exists():
        candidate = backup_folder(data_dir) / candidate
    if not candidate.is_file():
        raise HadirError(f"No backup file {backup}.", code="backup_missing", file=str(backup))
    adopted: Path | None = None
    key_beside = candidate.with_suffix(".key")
    if key_beside.exists():
        document = encryption.read_key_file(key_beside)
        if key is None or document["key_id"] != key.key_id:
            passphrase = passphrase or os.environ.get(encryption.PASSPHRASE_ENV)
            if not passphrase:
                raise encryption.KeyUnavailable(
                    f"{candidate.name} was made on another desk: its recovery passphrase is needed "
                    "to restore it.",
                )
            key, adopted = encryption.open_key_file(key_beside, passphrase), key_beside
    if key is None and not encryption.is_plaintext(candidate):
        raise encryption.KeyUnavailable(f"The key of {candidate.name} is not known here.")
    problem = check_file(candidate, key=key_for(candidate, key), quick=False)
    if problem is not None:
        raise HadirError(
            f"{candidate.name} is damaged too ({problem}); choose another backup.",
            code="backup_damaged",
            file=candidate.name,
        )
    data_dir.mkdir(parents=True, exist_ok=True)  # a new laptop's first step may be this restore
    live = database_path(data_dir)
    aside = data_dir / f"hadir.replaced-{_stamp(utcnow())}.db"
    if live.exists():
        live.replace(aside)
        for suffix in ("-wal", "-shm"):
            extra = live.with_name(live.name + suffix)
            if extra.exists():
                extra.replace(aside.with_name(aside.name + suffix))
    partial = live.with_suffix(".restoring")
    shutil.copyfile(candidate, partial)
    if adopted is not None and key is not None:
        encryption.install_key_file(data_dir=data_dir, source=adopted, key=key)
    partial.replace(live)
    return aside


def export_backup(data_dir: Path, destination: Path, *, key: DatabaseKey) -> Path:
    """A fresh backup copied to a folder (a USB stick): the file an office keeps off the laptop,
    with its key file (``<backup>.key``, opened only by the recovery passphrase)."""
    destination = Path(destination)
    if not destination.is_dir():
        raise HadirError(
            f"{destination} is not a folder (is the USB stick plugged in?).",
            code="export_folder",
            folder=str(destination),
        )
    if not encryption.has_passphrase(data_dir):
        raise HadirError(
            "Set a recovery passphrase first (Settings, or 'hadir-cli key passphrase'): without it "
            "the copy could not be opened on any other laptop.",
            code="passphrase_missing",
        )
    info = create_backup(data_dir, reason="manual", key=key)
    target = destination / info.path.name
    partial = target.with_suffix(".partial")
    key_copy = target.with_suffix(".key")
    try:
        shutil.copyfile(encryption.key_file(data_dir), key_copy)
        shutil.copyfile(info.path, partial)
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise HadirError(
            f"Could not write to {destination}: {error.strerror or error}.",
            code="export_write",
            folder=str(destination),
        ) from None
    if check_file(target, key=key) is not None:
        raise HadirError(
            f"The copy on {destination} does not read back correctly; try another stick.",
            code="export_check",
            folder=str(destination),
        )
    return target
