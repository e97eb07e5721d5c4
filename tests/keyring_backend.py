"""A keyring backend for the tests: the OS keyrings (Windows Credential Manager, the macOS
Keychain, a Linux Secret Service) are not on a CI machine, so the tests point the real ``keyring``
library at this one through PYTHON_KEYRING_BACKEND. It keeps entries as files in
HADIR_TEST_KEYRING_DIR so that desk processes the tests start (crash workers, the CLI) share it.
Never used by the product."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FolderKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _path(self, service: str, username: str) -> Path:
        folder = Path(os.environ["HADIR_TEST_KEYRING_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        return folder / hashlib.sha256(f"{service}\0{username}".encode()).hexdigest()

    def get_password(self, service: str, username: str) -> str | None:
        path = self._path(service, username)
        return path.read_text() if path.exists() else None

    def set_password(self, service: str, username: str, password: str) -> None:
        self._path(service, username).write_text(password)

    def delete_password(self, service: str, username: str) -> None:
        path = self._path(service, username)
        if not path.exists():
            raise PasswordDeleteError(username)
        path.unlink()


def use_for_this_process() -> None:
    """Point ``keyring`` (here and in the desk processes started from here) at this backend.
    Called by tests/conftest.py and by the benchmarks that open a desk database."""
    root = str(Path(__file__).resolve().parents[1])
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    os.environ["PYTHON_KEYRING_BACKEND"] = "tests.keyring_backend.FolderKeyring"
    os.environ["HADIR_TEST_KEYRING_DIR"] = os.environ.get(
        "HADIR_TEST_KEYRING_DIR"
    ) or tempfile.mkdtemp(prefix="hadir-keyring-")
