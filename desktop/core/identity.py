"""ASN identity numbers: NIP (PNS), NI PPPK, legacy 9-digit NIP and NIK.

Rules come from ../shared/domain/asn-and-events.md. A NIP reveals birth date and gender, which we
derive to *offer* for pre-fill; we never overwrite what a person typed.

Errors carry a stable ``code`` and ``params`` so the window can show its own translated sentence,
while ``str(error)`` is an English sentence for the CLI and logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop.core.errors import HadirError

# The desk's callers import mask_nip from here; the one rule lives in sync.nip (HQ shares it).
from sync.nip import format_nip as format_nip
from sync.nip import mask_nip as mask_nip


class AsnStatus(StrEnum):
    PNS = "PNS"
    PPPK = "PPPK"
    NON_ASN = "NON_ASN"


class IdKind(StrEnum):
    NIP_PNS = "nip_pns"
    NIP_PPPK = "nip_pppk"
    NIK = "nik"


@dataclass(frozen=True, slots=True)
class ParsedId:
    kind: IdKind
    number: str  # digits only, as stored
    birth_date: date
    gender: str  # "L" (laki-laki) or "P" (perempuan)

    @property
    def asn_status(self) -> AsnStatus:
        return {
            IdKind.NIP_PNS: AsnStatus.PNS,
            IdKind.NIP_PPPK: AsnStatus.PPPK,
            IdKind.NIK: AsnStatus.NON_ASN,
        }[self.kind]


class IdentityError(HadirError):
    """A number that cannot be a valid NIP / NI PPPK / NIK, with the reason: one of the errors a
    user can act on, so callers tell it from a bug by the family, never by a list of its codes."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message, code=code, **params)


# Spaces and dots (and the occasional hyphen) are how people print NIPs: "19860926 201505 1 001".
_SEPARATORS = re.compile(r"[\s.\-]+")
_DIGITS = re.compile(r"\d+")

# A CPNS is appointed as an adult; these bounds only catch impossible numbers, not unusual careers.
_MIN_AGE_AT_APPOINTMENT = 15
_MAX_AGE_AT_APPOINTMENT = 60
_EARLIEST_BIRTH_YEAR = 1920


def normalize_number(raw: str) -> str:
    """Remove the separators people type; keep every other character so errors can name it."""
    return _SEPARATORS.sub("", raw or "")


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shown(raw: str) -> str:
    return raw.strip() or "(empty)"


def _check_digits(raw: str, number: str) -> None:
    if not number:
        raise IdentityError("empty", "No NIP or NIK was given.", raw=raw)
    if not _DIGITS.fullmatch(number):
        raise IdentityError(
            "not_digits", f"'{_shown(raw)}' is not a NIP: it may contain only digits.", raw=raw
        )


def _birth_date(number: str, *, today: date, raw: str) -> date:
    born = _real_date(int(number[0:4]), int(number[4:6]), int(number[6:8]))
    if born is None or born.year < _EARLIEST_BIRTH_YEAR or born > today:
        raise IdentityError(
            "bad_birth_date",
            f"NIP {raw.strip()} is not valid: its first 8 digits ({number[0:8]}) are not a "
            "real birth date.",
            raw=raw,
        )
    return born


def _gender(number: str, *, raw: str) -> str:
    digit = number[14]
    if digit not in "12":
        raise IdentityError(
            "bad_gender",
            f"NIP {raw.strip()} is not valid: digit 15 must be 1 (male) or 2 (female), not "
            f"{digit}.",
            raw=raw,
        )
    return "L" if digit == "1" else "P"


def _sequence(number: str, *, raw: str) -> None:
    if number[15:18] == "000":
        raise IdentityError(
            "bad_sequence",
            f"NIP {raw.strip()} is not valid: its last 3 digits cannot be 000.",
            raw=raw,
        )


def _plausible_age(born: date, appointed_year: int, *, raw: str) -> None:
    age = appointed_year - born.year
    if not _MIN_AGE_AT_APPOINTMENT <= age <= _MAX_AGE_AT_APPOINTMENT:
        raise IdentityError(
            "implausible_age",
            f"NIP {raw.strip()} is not valid: birth year {born.year} and appointment year "
            f"{appointed_year} give an age of {age} at appointment.",
            raw=raw,
        )


def parse_pns_nip(raw: str, *, today: date | None = None) -> ParsedId:
    """18 digits: birth YYYYMMDD, TMT CPNS YYYYMM, gender 1/2, sequence 001-999."""
    today = today or date.today()
    number = normalize_number(raw)
    _check_length(raw, number)
    born = _birth_date(number, today=today, raw=raw)
    tmt_year, tmt_month = int(number[8:12]), int(number[12:14])
    if not 1 <= tmt_month <= 12 or tmt_year > today.year + 1:
        raise IdentityError(
            "bad_tmt",
            f"NIP {raw.strip()} is not valid: digits 9-14 ({number[8:14]}) are not a real "
            "appointment year and month (TMT CPNS).",
            raw=raw,
        )
    _plausible_age(born, tmt_year, raw=raw)
    gender = _gender(number, raw=raw)
    _sequence(number, raw=raw)
    return ParsedId(IdKind.NIP_PNS, number, born, gender)


def parse_pppk_ni(raw: str, *, today: date | None = None) -> ParsedId:
    """18 digits: birth YYYYMMDD, appointment year YYYY, 2-digit agreement count, gender, sequence.

    Digits 13-14 are a count, not a month, so they are not checked.
    """
    today = today or date.today()
    number = normalize_number(raw)
    _check_length(raw, number)
    born = _birth_date(number, today=today, raw=raw)
    appointed = int(number[8:12])
    if appointed > today.year + 1:
        raise IdentityError(
            "bad_tmt",
            f"NI PPPK {raw.strip()} is not valid: digits 9-12 ({number[8:12]}) are not a real "
            "appointment year.",
            raw=raw,
        )
    _plausible_age(born, appointed, raw=raw)
    gender = _gender(number, raw=raw)
    _sequence(number, raw=raw)
    return ParsedId(IdKind.NIP_PPPK, number, born, gender)


def _check_length(raw: str, number: str) -> None:
    _check_digits(raw, number)
    if len(number) == 9:
        raise IdentityError(
            "legacy_nip",
            f"{raw.strip()} is an old 9-digit NIP, which is no longer used: ask for the "
            "18-digit NIP.",
            raw=raw,
        )
    if len(number) != 18:
        raise IdentityError(
            "bad_length",
            f"'{raw.strip()}' is not a NIP: a NIP has 18 digits, this has {len(number)}.",
            raw=raw,
            length=len(number),
        )


def parse_nik(raw: str, *, today: date | None = None) -> ParsedId:
    """16 digits: province, regency, district (2 each), DDMMYY (day + 40 for women), serial."""
    today = today or date.today()
    number = normalize_number(raw)
    _check_digits(raw, number)
    if len(number) != 16:
        raise IdentityError(
            "bad_length",
            f"'{raw.strip()}' is not a NIK: a NIK has 16 digits, this has {len(number)}.",
            raw=raw,
            length=len(number),
        )
    if not 11 <= int(number[0:2]) <= 99:
        raise IdentityError(
            "bad_region",
            f"NIK {raw.strip()} is not valid: {number[0:2]} is not a province code.",
            raw=raw,
        )
    day, month, yy = int(number[6:8]), int(number[8:10]), int(number[10:12])
    gender = "L"
    if day > 40:
        day -= 40
        gender = "P"
    # Two-digit year: the most recent century that does not put the birth in the future.
    year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    born = _real_date(year, month, day)
    if born is None:
        raise IdentityError(
            "bad_birth_date",
            f"NIK {raw.strip()} is not valid: digits 7-12 ({number[6:12]}) are not a real "
            "birth date.",
            raw=raw,
        )
    if number[12:16] == "0000":
        raise IdentityError(
            "bad_sequence",
            f"NIK {raw.strip()} is not valid: its last 4 digits cannot be 0000.",
            raw=raw,
        )
    return ParsedId(IdKind.NIK, number, born, gender)


def parse_identity(
    raw: str, *, status: AsnStatus | str | None = None, today: date | None = None
) -> ParsedId:
    """Parse whatever number a person gave, using their ASN status when it is known.

    Without a status: 16 digits is a NIK; 18 digits is tried as a PNS NIP, then as an NI PPPK
    (whose digits 13-14 are not a month). The PNS error is the one reported if both fail.
    """
    number = normalize_number(raw)
    status = AsnStatus(status) if status else None
    if status is AsnStatus.NON_ASN or (status is None and len(number) == 16 and number.isdigit()):
        return parse_nik(raw, today=today)
    if status is AsnStatus.PPPK:
        return parse_pppk_ni(raw, today=today)
    try:
        return parse_pns_nip(raw, today=today)
    except IdentityError as pns_error:
        if status is AsnStatus.PNS or pns_error.code not in {"bad_tmt", "implausible_age"}:
            raise
        try:
            return parse_pppk_ni(raw, today=today)
        except IdentityError:
            raise pns_error from None


GOLONGAN_PNS: tuple[str, ...] = (
    "I/a Juru Muda",
    "I/b Juru Muda Tk. I",
    "I/c Juru",
    "I/d Juru Tk. I",
    "II/a Pengatur Muda",
    "II/b Pengatur Muda Tk. I",
    "II/c Pengatur",
    "II/d Pengatur Tk. I",
    "III/a Penata Muda",
    "III/b Penata Muda Tk. I",
    "III/c Penata",
    "III/d Penata Tk. I",
    "IV/a Pembina",
    "IV/b Pembina Tk. I",
    "IV/c Pembina Utama Muda",
    "IV/d Pembina Utama Madya",
    "IV/e Pembina Utama",
)
GOLONGAN_PPPK: tuple[str, ...] = tuple(
    f"{roman}"
    for roman in (
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
    )
)
