"""One Jinja2 environment for HQ's server-rendered pages (templates in
sync/hq/dashboard/templates)."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from sync.hq.clock import local_time_text, skew_text

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "dashboard" / "templates"
# The pages' stylesheets and script, served at /static/ (the CSP allows no inline ones).
STATIC_DIR = TEMPLATES_DIR.parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))

# ``{{ moment | when(zone) }}``: the zone is required, so no page shows a time without naming its
# zone (issue 14 item 12: HQ showed every time in WIB while the desk and paper used WITA).
templates.env.filters["when"] = local_time_text
templates.env.filters["skew"] = skew_text
