"""``hadir --screenshot`` renders a view to a 1280x800 PNG (or ``--screenshot-size``) and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from desktop.core.db import Database
from tests.desktop.ui_support import make_desk


def _hadir(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "desktop.app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _size(path: Path) -> tuple[int, int]:
    image = QImage(str(path))
    return image.width(), image.height()


def test_a_new_data_folder_shows_the_first_start_page(tmp_path: Path) -> None:
    target = tmp_path / "first.png"
    result = _hadir("--data-dir", str(tmp_path / "data"), "--screenshot", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _size(target) == (1280, 800)


def test_each_view_of_a_desk_with_an_event(tmp_path: Path) -> None:
    db = Database(tmp_path / "data")
    make_desk(db, participants=30, attended=10)
    db.close()
    for view in ("checkin", "participants", "sync"):
        target = tmp_path / f"{view}.png"
        result = _hadir(
            "--data-dir",
            str(tmp_path / "data"),
            "--view",
            view,
            "--lang",
            "en",
            "--screenshot",
            str(target),
        )
        assert result.returncode == 0, result.stderr
        assert _size(target) == (1280, 800)


def test_the_screenshot_size_can_be_a_laptops(tmp_path: Path) -> None:
    db = Database(tmp_path / "data")
    make_desk(db, participants=10)
    db.close()
    target = tmp_path / "certificates-1366x768.png"
    result = _hadir(
        "--data-dir",
        str(tmp_path / "data"),
        "--view",
        "certificates",
        "--screenshot",
        str(target),
        "--screenshot-size",
        "1366x768",
    )
    assert result.returncode == 0, result.stderr
    assert _size(target) == (1366, 768)
    bad = _hadir(
        "--data-dir",
        str(tmp_path / "data"),
        "--screenshot",
        str(target),
        "--screenshot-size",
        "1366",
    )
    assert bad.returncode == 2
    assert "'1366' is not a window size: write WIDTHxHEIGHT in pixels, e.g. 1366x768" in bad.stderr
