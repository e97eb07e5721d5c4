"""Where things live: the data folder and the bundled resources, frozen or not."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from sync.resources import resources_dir as resources_dir

APP_NAME = "Hadir"
DB_FILENAME = "hadir.db"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir``, else ``HADIR_DATA_DIR``, else the platform's user data folder."""
    chosen = explicit or os.environ.get("HADIR_DATA_DIR")
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return path.expanduser().resolve()


def database_path(folder: Path) -> Path:
    """The desk database in a data folder: the one place its file name is written."""
    return folder / DB_FILENAME
