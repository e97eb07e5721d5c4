"""The Kanwil list: editable reference data in resources/offices.csv, not code (it will change).

The one reader of that file, for the desk (desktop/core/offices.py, which knows where the desk's
resources are) and for HQ (which reads the file its settings name, ``HADIR_HQ_OFFICES_CSV``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Office:
    code: str
    name: str
    province: str
    timezone: str

    @property
    def short_name(self) -> str:
        return f"Kanwil Kemenham {self.province}"


@cache
def load_offices(path: Path) -> dict[str, Office]:
    """The offices by code, in the file's order. A BOM (a file saved by Excel) is no part of the
    first header."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    offices: dict[str, Office] = {}
    for number, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip().upper()
        name = (row.get("name") or "").strip()
        if not code or not name:
            raise ValueError(f"{path}, row {number}: an office needs a code and a name.")
        offices[code] = Office(
            code=code,
            name=name,
            province=(row.get("province") or "").strip(),
            timezone=(row.get("timezone") or "Asia/Jakarta").strip(),
        )
    return offices


def office_name(offices: dict[str, Office], code: str) -> str:
    office = offices.get(code)
    return office.name if office else code
