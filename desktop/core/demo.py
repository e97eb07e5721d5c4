"""Demo data: a realistic event with Indonesian civil servants, for training clerks and benchmarks.

Demo events are flagged ``is_demo`` and never queued for HQ. Generation is bulk (one transaction,
executemany), so 200,000 participants take seconds, not minutes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from desktop.core.clock import local_to_utc, new_id, utcnow
from desktop.core.db import bulk_insert, sqlite_utc
from desktop.core.desk import DeskIdentity
from desktop.core.identity import GOLONGAN_PNS, GOLONGAN_PPPK
from desktop.core.models import CheckInMethod
from desktop.core.offices import office_by_code
from desktop.core.registry import create_event, event_days
from desktop.core.search_index import bulk_indexing

MALE = (
    "Ahmad",
    "Muhammad",
    "Andi",
    "Budi",
    "Hendra",
    "Rizki",
    "Agus",
    "Bambang",
    "Dedi",
    "Eko",
    "Fajar",
    "Hasan",
    "Irfan",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Made",
    "Nur",
    "Putu",
    "Rahmat",
    "Slamet",
    "Taufik",
    "Wahyu",
    "Yusuf",
    "Zainal",
    "Arif",
    "Dimas",
    "Gede",
    "Ilham",
    "Yohanes",
)
FEMALE = (
    "Siti",
    "Nur",
    "Dewi",
    "Sri",
    "Ayu",
    "Fitri",
    "Rina",
    "Wulan",
    "Yuliana",
    "Indah",
    "Ratna",
    "Kartika",
    "Lestari",
    "Maria",
    "Nurul",
    "Putri",
    "Rahmawati",
    "Sari",
    "Tri",
    "Wahyuni",
    "Anisa",
    "Desy",
    "Eka",
    "Fatimah",
    "Hasanah",
    "Intan",
    "Kadek",
    "Melati",
    "Novita",
    "Ketut",
)
MIDDLE = (
    "",
    "",
    "",
    "Nur",
    "Dwi",
    "Eka",
    "Tri",
    "Sri",
    "Adi",
    "Putra",
    "Putri",
    "Ayu",
    "Dewi",
    "Kusuma",
    "Maulana",
    "Rahman",
    "Hidayat",
    "Fauzan",
    "Pratama",
    "Saputra",
)
FAMILY = (
    "Lamarauna",
    "Tandiarrang",
    "Pakaya",
    "Lasahido",
    "Mokodompit",
    "Pasaribu",
    "Siregar",
    "Nasution",
    "Harahap",
    "Simanjuntak",
    "Sitompul",
    "Wijaya",
    "Santoso",
    "Hidayat",
    "Setiawan",
    "Gunawan",
    "Susanto",
    "Rahman",
    "Hakim",
    "Syahputra",
    "Tanjung",
    "Lubis",
    "Daeng",
    "Pongoh",
    "Rumagit",
    "Sumampouw",
    "Manoppo",
    "Latuconsina",
    "Rumbekwan",
    "Wonda",
)
# "{hajj}" is the Hajj title, which follows gender: "H." for a man, "Hj." for a woman.
FRONT_TITLES = (
    "",
    "",
    "",
    "",
    "",
    "",
    "Dr. ",
    "{hajj} ",
    "{hajj} ",
    "Ir. ",
    "Drs. ",
    "Dr. {hajj} ",
)
HAJJ_TITLE = {"L": "H.", "P": "Hj."}
BACK_TITLES = (
    "",
    "",
    "",
    ", S.H.",
    ", S.H., M.H.",
    ", S.E.",
    ", S.Sos.",
    ", S.Pd.",
    ", M.Si.",
    ", S.Kom.",
    ", S.IP., M.AP.",
    ", S.Kep., Ns.",
    ", A.Md.",
    ", S.T.",
    ", M.Kes.",
)
AGENCIES = (
    "Pemerintah Kota {city}",
    "Pemerintah Kabupaten {regency}",
    "Dinas Pendidikan Provinsi {prov}",
    "Dinas Kesehatan Kota {city}",
    "Badan Kepegawaian Daerah Provinsi {prov}",
    "Kepolisian Daerah {prov}",
    "Kantor Wilayah Kementerian Hukum {prov}",
    "Badan Pusat Statistik Provinsi {prov}",
    "RSUD {city}",
    "Sekretariat DPRD Provinsi {prov}",
    "Dinas Sosial Kabupaten {regency}",
    "Kantor Kementerian Agama Kota {city}",
    "Lembaga Pemasyarakatan Kelas IIA {city}",
    "Badan Perencanaan Pembangunan Daerah {prov}",
    "Inspektorat Provinsi {prov}",
    "Satuan Polisi Pamong Praja Kota {city}",
)
CITIES = {
    "SULTENG": ("Palu", "Donggala", "Sulawesi Tengah"),
    "SULBAR": ("Mamuju", "Majene", "Sulawesi Barat"),
    "DKI": ("Jakarta Pusat", "Kepulauan Seribu", "DKI Jakarta"),
}
UNITS = (
    "Bagian Umum",
    "Bidang Pelayanan",
    "Sekretariat",
    "Bidang Hukum",
    "Subbagian Kepegawaian",
    "Bidang Perencanaan",
    "UPT Pelayanan Terpadu",
)
JOBS = (
    "Analis Kebijakan",
    "Penyuluh Hukum",
    "Pranata Komputer",
    "Kepala Seksi",
    "Kepala Bidang",
    "Pengadministrasi Umum",
    "Perawat",
    "Guru",
    "Auditor",
    "Analis SDM Aparatur",
)


@dataclass(frozen=True, slots=True)
class DemoResult:
    event_id: str
    participants: int
    attended: int


def _nip(rng: random.Random, used: set[str], *, pppk: bool) -> tuple[str, date, str]:
    while True:
        born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 12_400))  # to 1998
        gender = rng.choice("12")
        if pppk:
            middle = f"{rng.randrange(2019, 2026)}{rng.randrange(1, 4):02d}"
        else:
            appointed = min(born.year + rng.randrange(22, 35), 2025)
            middle = f"{appointed}{rng.randrange(1, 13):02d}"
        number = f"{born:%Y%m%d}{middle}{gender}{rng.randrange(1, 1000):03d}"
        if number not in used:
            used.add(number)
            return number, born, "L" if gender == "1" else "P"


def make_people(count: int, *, office_code: str, seed: int = 2026) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    city, regency, prov = CITIES.get(office_code, ("Palu", "Donggala", "Sulawesi Tengah"))
    agencies = [a.format(city=city, regency=regency, prov=prov) for a in AGENCIES]
    used: set[str] = set()
    now = utcnow()
    people = []
    for n in range(count):
        pppk = rng.random() < 0.15
        number, born, gender = _nip(rng, used, pppk=pppk)
        first = rng.choice(MALE if gender == "L" else FEMALE)
        name = " ".join(x for x in (first, rng.choice(MIDDLE), rng.choice(FAMILY)) if x)
        front = rng.choice(FRONT_TITLES).format(hajj=HAJJ_TITLE[gender])
        full = f"{front}{name}{rng.choice(BACK_TITLES)}"
        people.append(
            {
                "id": new_id(),
                "full_name": full,
                "nip": number,
                "nik": None,
                "asn_status": "PPPK" if pppk else "PNS",
                "golongan": rng.choice(GOLONGAN_PPPK if pppk else GOLONGAN_PNS),
                "jabatan": rng.choice(JOBS),
                "unit_kerja": rng.choice(UNITS),
                "instansi": rng.choice(agencies),
                "email": f"{'.'.join(name.lower().split()[:2])}{n}@example.go.id",
                "phone": f"08{rng.randrange(11, 99)}{rng.randrange(10_000_000, 99_999_999)}",
                "birth_date": born,
                "gender": gender,
                "created_at": now,
                "updated_at": now,
            }
        )
    return people


def create_demo(
    *,
    session: Session,
    desk: DeskIdentity,
    participants: int,
    attended: int,
    office_code: str = "SULTENG",
    operator: str = "demo",
    seed: int = 2026,
) -> DemoResult:
    """A one-day hybrid event today at the office's zone, N registered and K checked in."""
    if participants < 0 or not 0 <= attended <= participants:
        raise ValueError("Give 0 <= attended <= participants.")
    office = office_by_code(office_code)
    today = datetime.now().date()
    event = create_event(
        session=session,
        office_code=office.code,
        title="Penguatan Kapasitas Hak Asasi Manusia bagi ASN (DEMO)",
        theme="Pengarusutamaan HAM dalam Pelayanan Publik",
        venue=f"Aula {office.short_name}",
        starts_at=datetime.combine(today, datetime.min.time()).replace(hour=8),
        ends_at=datetime.combine(today, datetime.min.time()).replace(hour=16),
        timezone=office.timezone,
        mode="hybrid",
        jp=8,
        is_demo=True,
    )
    event.signatory_name = "Dr. Nurhayati Lamarauna, S.H., M.H."
    event.signatory_title = "Kepala Kantor Wilayah"
    event.signatory_nip = "197003151995032001"
    session.add(event)
    people = make_people(participants, office_code=office.code, seed=seed)
    session.flush()
    stamp = sqlite_utc(utcnow())
    with bulk_indexing(session):
        bulk_insert(
            session,
            "participant",
            [
                {
                    **p,
                    "birth_date": p["birth_date"].isoformat(),
                    "created_at": stamp,
                    "updated_at": stamp,
                }
                for p in people
            ],
        )
    bulk_insert(
        session,
        "registration",
        [
            {
                "event_id": event.id,
                "participant_id": p["id"],
                "source": "demo",
                "desk_id": desk.desk_id,
                "created_at": stamp,
            }
            for p in people
        ],
    )
    rng = random.Random(seed + 1)
    start = local_to_utc(
        datetime.combine(event_days(event)[0].date, datetime.min.time()).replace(hour=7, minute=30),
        event.timezone,
    )
    chosen = rng.sample(people, attended)
    bulk_insert(
        session,
        "checkin",
        [
            {
                "id": new_id(),
                "event_id": event.id,
                "participant_id": p["id"],
                "day": 1,
                "at": sqlite_utc(start + timedelta(seconds=rng.randrange(0, 3 * 3600))),
                "desk_id": desk.desk_id,
                "desk_name": desk.desk_name,
                "operator": operator,
                "method": CheckInMethod.SCAN.value,
                "undoes_id": None,
            }
            for p in chosen
        ],
    )
    return DemoResult(event_id=event.id, participants=participants, attended=attended)
