"""Issue 15 item 9b: after an unexpected error the desk's ``hadir-cli.log`` held the full command
line (NIPs included) in a 0644 file. Now: the command's name only, personal values redacted from
the error text, and the file owner-only (0600), an old 0644 one tightened."""

from __future__ import annotations

import argparse
import os
import stat
import sys

from desktop import cli

NIP = "198609262015051001"
EMAIL = "ahmad.yani@example.go.id"
PHONE = "081234567890"


def _fail(tmp_path, monkeypatch) -> str:
    argv = ["hadir-cli", "person", "add", "--nip", NIP, "--email", EMAIL, "--phone", PHONE]
    monkeypatch.setattr(sys, "argv", argv)
    args = argparse.Namespace(command="person", data_dir=str(tmp_path), nip=NIP)
    error = RuntimeError(f"cannot store {NIP} / {EMAIL} / {PHONE}")
    path = cli._log_unexpected(cli.Context(args=args), error)
    assert path == tmp_path / "hadir-cli.log"
    return path.read_text(encoding="utf-8")


def test_the_log_names_the_command_and_no_personal_data(tmp_path, monkeypatch) -> None:
    text = _fail(tmp_path, monkeypatch)
    assert "hadir-cli person" in text and "RuntimeError" in text
    for secret in (NIP, EMAIL, PHONE, "--nip"):
        assert secret not in text, secret
    assert stat.S_IMODE(os.stat(tmp_path / "hadir-cli.log").st_mode) == 0o600


def test_an_old_world_readable_log_is_tightened(tmp_path, monkeypatch) -> None:
    old = tmp_path / "hadir-cli.log"
    old.write_text("earlier\n", encoding="utf-8")
    old.chmod(0o644)
    text = _fail(tmp_path, monkeypatch)
    assert text.startswith("earlier\n")
    assert stat.S_IMODE(os.stat(old).st_mode) == 0o600
