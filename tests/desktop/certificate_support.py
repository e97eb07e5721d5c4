"""Shared set-up for the certificate, seal and daftar hadir tests: a real event in a real desk
database, made through the same registry and attendance services the desk uses."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desktop.core import attendance, registry
from desktop.core.clock import local_to_utc
from desktop.core.db import Database
from desktop.core.desk import configure_desk, desk_identity

FIRST = (
    "Ahmad Yani",
    "Siti Nurhaliza",
    "Budi",
    "Ratna Dewi",
    "Made Wirawan",
    "Yohanes",
    "Desy Kartika",
    "Andi Mappanyukki",
    "Putu Ayu",
    "Muhammad Rizki",
)
LAST = (
    "Lamarauna",
    "Pakaya",
    "Santoso",
    "Rumbekwan",
    "Daeng",
    "Lestari",
    "Pratama",
    "Tandiarrang",
    "Siregar",
    "Mokodompit",
)
TITLES = (
    ("Dr. H. ", ", S.H., M.H."),
    ("", ", S.Sos."),
    ("", ""),
    ("Hj. ", ", S.E."),
    ("Ir. ", ", M.T."),
)


def person_name(index: int) -> str:
    """Realistic, distinct names with titles for up to 100 people."""
    front, back = TITLES[index % len(TITLES)]
    return f"{front}{FIRST[index % 10]} {LAST[index // 10 % 10]}{back}"


def nip_for(index: int) -> str:
    """A valid 18-digit PNS NIP: birth date, TMT CPNS, gender, sequence."""
    born = date(1975, 1, 1) + timedelta(days=index * 37)
    return f"{born:%Y%m%d}200503{1 + index % 2}{1 + index % 999:03d}"


@dataclass
class SampleEvent:
    event_id: str
    participant_ids: list[str]
    names: list[str]
    days: int


def make_event(
    db: Database,
    *,
    participants: int,
    days: int = 1,
    min_days: int | None = None,
    office: str = "SULTENG",
    desk_name: str = "Meja 1",
    timezone: str = "Asia/Makassar",
    title: str = "Penguatan Kapasitas Hak Asasi Manusia bagi ASN",
    first_day: date = date(2026, 11, 23),
) -> SampleEvent:
    with db.write() as session:
        configure_desk(session=session, office_code=office, desk_name=desk_name)
        event = registry.create_event(
            session=session,
            office_code=office,
            title=title,
            starts_at=datetime.combine(first_day, datetime.min.time()).replace(hour=8),
            ends_at=datetime.combine(
                first_day + timedelta(days=days - 1), datetime.min.time()
            ).replace(hour=16),
            timezone=timezone,
            venue="Hotel Santika Palu",
            jp=32,
            min_days=min_days,
        )
        desk = desk_identity(session=session)
        ids, names = [], []
        for index in range(participants):
            name = person_name(index)
            participant, _ = registry.register_participant(
                session=session,
                event_id=event.id,
                desk_id=desk.desk_id,
                full_name=name,
                nip=nip_for(index),
                golongan="III/c Penata",
                unit_kerja="Bagian Hukum",
                instansi="Pemerintah Kota Palu",
            )
            ids.append(participant.id)
            names.append(participant.full_name)
        return SampleEvent(event.id, ids, names, days)


def check_in(
    db: Database, sample: SampleEvent, participant_ids: list[str], *, day: int = 1, minute: int = 0
) -> None:
    with db.write() as session:
        event = registry.get_event(session=session, event_id=sample.event_id)
        the_day = registry.event_days(event)[day - 1]
        desk = desk_identity(session=session)
        for offset, participant_id in enumerate(participant_ids):
            local = the_day.starts_at.replace(tzinfo=None) + timedelta(minutes=minute + offset)
            attendance.check_in(
                session=session,
                event_id=sample.event_id,
                participant_id=participant_id,
                day=day,
                desk=desk,
                operator="test",
                at=local_to_utc(local, event.timezone),
            )


def rasterise(pdf: Path, page: int, dpi: int = 150) -> Path:
    """One page to PNG with poppler's pdftoppm (installed by .ci/run)."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: install poppler-utils (see .ci/run)")
    prefix = pdf.with_name(f"{pdf.stem}-p{page}")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    return prefix.with_suffix(".png")
