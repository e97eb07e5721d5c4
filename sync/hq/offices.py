"""The Kanwil list HQ enrolls desks for: the same editable resources/offices.csv the desk reads.

HQ never imports ``desktop``, so this small reader stands beside the desk's own.
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


@cache
def load_offices(path: Path) -> dict[str, Office]:
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
