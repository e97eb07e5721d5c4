"""Worker processes that draw certificate pages, so a long batch uses every core (issue 20).

One pool per process, started the first time a long batch needs it (or ahead of time with
``warm()``) and kept until the process exits: starting a Python process and importing the drawing
code costs more than drawing a few hundred pages, so a running desk pays it once, not per batch.

The processes are always *spawned*, on Linux as on Windows: forking a process that runs Qt's
threads can copy a lock held by one of them into the child, and spawning is what a Windows desk
does anyway. A frozen (PyInstaller) desk needs ``multiprocessing.freeze_support()`` at the top of
its entry point (installer/hadir_entry.py) so that a spawned copy of the executable becomes a
worker instead of opening a second window.

This module only manages the processes; what they draw is certificate_pdf's business.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import wait
from typing import Any

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_size = 0
_ready = False  # every worker has started and imported the drawing code


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # Windows and macOS have no sched_getaffinity
        return max(os.cpu_count() or 1, 1)


def _start_worker() -> None:
    threading.Thread(target=_end_with_parent, name="end-with-desk", daemon=True).start()
    # At start, so that the first batch does not pay for it: the drawing code's imports (~0.3 s:
    # reportlab, zxing) and the default template's fonts (~50 ms each to parse).
    from sync.documents.certificate_pdf import prepare_worker

    prepare_worker()


def _end_with_parent() -> None:
    """A worker whose desk process died without ending it (killed, crashed) ends too: each worker
    holds the task queue's writing end as well, so it would wait for a task forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    wait([parent.sentinel])
    os._exit(0)


def _ping() -> int:
    return os.getpid()


def _executor(workers: int) -> ProcessPoolExecutor:
    global _pool, _size, _ready
    with _lock:
        if _pool is not None and _size != workers:
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
            )
            _size, _ready = workers, False
        return _pool


def warm(*, workers: int | None = None) -> None:
    """Start the workers now and wait until each has imported the drawing code, so the next long
    batch starts drawing at once (a desk can call this when the certificate screen opens)."""
    global _ready
    count = workers or usable_cores()
    pool = _executor(count)
    # One task each, submitted together: the executor starts a process per task it cannot hand
    # to an idle one, so all of them come up (the initializer runs before the first task).
    for future in [pool.submit(_ping) for _ in range(count)]:
        future.result()
    with _lock:
        if _pool is pool:
            _ready = True


def mark_ready(*, workers: int) -> None:
    """A batch's pages came back from the pool: its workers are up (for ``is_warm``)."""
    global _ready
    with _lock:
        if _pool is not None and _size == workers:
            _ready = True


def is_warm(*, workers: int | None = None) -> bool:
    """Whether ``workers`` processes (default: one per core) are up and ready."""
    with _lock:
        return _pool is not None and _ready and _size == (workers or usable_cores())


def submit(workers: int, fn: Any, /, *args: Any) -> Future[Any]:
    """Run ``fn(*args)`` in the pool of ``workers`` processes (started if need be)."""
    return _executor(workers).submit(fn, *args)


def discard() -> None:
    """Drop the pool (a worker died, or the process is ending); the next batch starts another."""
    global _pool, _ready
    with _lock:
        pool, _pool, _ready = _pool, None, False
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop the workers and wait for them (tests, and the end of the process)."""
    global _pool, _ready
    with _lock:
        pool, _pool, _ready = _pool, None, False
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown)
