"""One sync at a time (sync.md rule 11), with a lease a crash cannot leave held.

The lease is an exclusive OS lock on a file in the desk's data folder. The operating system drops
it when the holder's file is closed, which includes the process dying in any way (SIGKILL, a power
cut's reboot, a crash): there is no expiry to wait out and no stale row to clean. A lease row in
the database would need an expiry and a heartbeat, and a laptop that sleeps mid-sync would lose it
while still running.

The lock is taken on a file opened by each holder, so two threads of one process exclude each other
too (``flock`` locks belong to the open file, not the process; ``msvcrt.locking`` likewise).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

LOCK_FILENAME = "sync.lock"


class LeaseHeld(Exception):
    """Another sync holds the lease right now."""


class SyncLease:
    """``with SyncLease(folder):`` holds the lease or raises LeaseHeld at once (never waits)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILENAME
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise LeaseHeld("Another sync is running on this desk.") from None
        # Who holds it, for a person looking at the folder; the lock itself is what counts.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {datetime.now(UTC).isoformat()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                _unlock(fd)
            os.close(fd)

    def __enter__(self) -> SyncLease:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def lease_is_held(folder: Path) -> bool:
    """Whether some sync holds the lease now (for the status bar: "syncing...")."""
    probe = SyncLease(folder)
    try:
        probe.acquire()
    except LeaseHeld:
        return True
    probe.release()
    return False


@contextlib.contextmanager
def held(folder: Path) -> Iterator[SyncLease]:
    with SyncLease(folder) as lease:
        yield lease


if sys.platform == "win32":  # pragma: no cover - the desk's laptops; CI runs on Linux
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
