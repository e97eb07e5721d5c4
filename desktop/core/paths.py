"""Where things live: the data folder and the bundled resources, frozen or not."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Hadir"
DB_FILENAME = "hadir.db"


def resources_dir() -> Path:
    """``resources/`` beside the packages in a source tree; inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir``, else ``HADIR_DATA_DIR``, else the platform's user data folder."""
    chosen = explicit or os.environ.get("HADIR_DATA_DIR")
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return path.expanduser().resolve()


def database_path(folder: Path) -> Path:
    """The desk database in a data folder: the one place its file name is written."""
    return folder / DB_FILENAME
