"""Where ``resources/`` is (fonts, certificate templates, the office list): beside the packages in
a source tree, inside the bundle when frozen. The desk and HQ both read it."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """``resources/`` beside the packages in a source tree; inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"
