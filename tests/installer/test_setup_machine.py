"""`.ci/setup-machine`, the one script `make run`, `make test` and CI use for what pip cannot install
(issue 14): quiet when all is there, and a clear sentence when it cannot install.

The machine's real package database answers the first test; the others put a stand-in `dpkg-query`
or `id` first on PATH, so that the script meets a machine with nothing installed, or a user who is
not root, without changing this machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "setup-machine"

pytestmark = pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="a Debian machine")


def _run(purpose: str, fake_bin: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HADIR_SKIP_MACHINE_SETUP"}
    if fake_bin is not None:
        env["PATH"] = f"{fake_bin}:{env.get('PATH', '/usr/bin:/bin')}"
    return subprocess.run(
        ["bash", str(SCRIPT), purpose], env=env, capture_output=True, text=True, timeout=120
    )


def _shim(folder: Path, name: str, body: str) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def test_quiet_when_the_machine_has_everything():
    """This machine was set up by the same script (make test ran it first): nothing to say."""
    for purpose in ("run", "test"):
        result = _run(purpose)
        assert result.returncode == 0, result.stderr
        assert result.stdout == "" and result.stderr == ""


def test_not_root_names_the_packages_and_the_command(tmp_path: Path):
    fake = tmp_path / "bin"
    _shim(fake, "dpkg-query", "exit 1")  # nothing installed
    _shim(fake, "id", 'if [ "$1" = "-u" ]; then echo 1000; else /usr/bin/id "$@"; fi')
    _shim(fake, "sudo", "exit 1")  # sudo asks for a password
    result = _run("test", fake)
    assert result.returncode == 1
    assert "cannot install them without root" in result.stderr
    for package in (
        "libxcb-icccm4",
        "libxcb-keysyms1",
        "poppler-utils",
        "chromium-driver",
        "postgresql",
    ):
        assert package in result.stderr
    assert "sudo apt-get install --no-install-recommends" in result.stderr


def test_run_needs_only_the_window_libraries(tmp_path: Path):
    fake = tmp_path / "bin"
    _shim(fake, "dpkg-query", "exit 1")
    _shim(fake, "id", 'if [ "$1" = "-u" ]; then echo 1000; else /usr/bin/id "$@"; fi')
    _shim(fake, "sudo", "exit 1")
    result = _run("run", fake)
    assert result.returncode == 1
    assert "libxcb-cursor0" in result.stderr
    assert "chromium" not in result.stderr and "postgresql" not in result.stderr


def test_a_machine_without_apt_is_told_what_to_install(tmp_path: Path):
    # Only the commands the script itself uses, without dpkg-query, pdftoppm or chromium.
    fake = tmp_path / "only"
    for tool in ("bash", "grep", "id", "cat", "sed"):
        _shim(fake, tool, f'exec {shutil.which(tool)} "$@"')
    env = {"PATH": str(fake)}
    result = subprocess.run(
        [shutil.which("bash") or "bash", str(SCRIPT), "test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "no dpkg/apt" in result.stderr
    assert "pdftoppm" in result.stderr and "chromedriver" in result.stderr


def test_unknown_purpose_is_refused():
    result = _run("everything")
    assert result.returncode == 2 and "usage:" in result.stderr
