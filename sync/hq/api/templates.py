"""One Jinja2 environment for HQ's server-rendered pages (templates in sync/hq/dashboard/templates)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "dashboard" / "templates"
_HQ_ZONE = ZoneInfo("Asia/Jakarta")  # HQ staff read times in WIB

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


def _when(value: datetime | None) -> str:
    if value is None:
        return "belum pernah"
    return value.astimezone(_HQ_ZONE).strftime("%d-%m-%Y %H.%M WIB")


templates.env.filters["when"] = _when
