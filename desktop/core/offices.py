"""The Kanwil list: editable reference data in resources/offices.csv, not code (it will change)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.core.paths import resources_dir


@dataclass(frozen=True, slots=True)
class Office:
    code: str
    name: str
    province: str
    timezone: str

    @property
    def short_name(self) -> str:
        return f"Kanwil Kemenham {self.province}"


def load_offices(path: Path | None = None) -> tuple[Office, ...]:
    path = path or resources_dir() / "offices.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    offices = []
    for number, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip().upper()
        name = (row.get("name") or "").strip()
        if not code or not name:
            raise ValueError(f"{path}, row {number}: an office needs a code and a name.")
        offices.append(
            Office(
                code=code,
                name=name,
                province=(row.get("province") or "").strip(),
                timezone=(row.get("timezone") or "Asia/Jakarta").strip(),
            )
        )
    return tuple(offices)


@cache
def offices() -> tuple[Office, ...]:
    return load_offices()


def office_by_code(code: str) -> Office:
    wanted = code.strip().upper()
    for office in offices():
        if office.code == wanted:
            return office
    known = ", ".join(o.code for o in offices())
    raise ValueError(f"Unknown office code '{code}'. Known codes: {known}.")
