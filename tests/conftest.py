"""Shared fixtures. The Qt platform is chosen here, before anything can import Qt (STYLE.md rule
9)."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The venue hubs a test run announces on the LAN (mDNS) stay out of every other run's browsing,
# and out of a real venue's (desktop/core/venue/discovery.py); desk processes inherit it.
# Set in each process that runs tests (each pytest-xdist worker has its own pid and its own name).
os.environ["HADIR_VENUE_MDNS_SERVICE"] = f"_hadir-t{os.getpid() % 100000}._tcp.local."

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.db import Database
from tests.keyring_backend import use_for_this_process

# The desk database is encrypted and its key kept in the OS keyring, which a CI machine does not
# have: the real keyring library is pointed at a folder-backed backend (tests/keyring_backend.py)
# that the desk processes the tests start share through the environment. Set before any test
# asks keyring for its backend.
use_for_this_process()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    """A fresh desk database in its own temporary folder, migrated to head."""
    database = Database(data_dir)
    yield database
    database.close()
