"""Pre-registration lists: find the header, map the columns, validate every row, import in one
transaction.

Valid rows are imported and each invalid row is reported with its spreadsheet row number and a
reason. Importing the same file again changes nothing: people are matched by NIP, else e-mail, else
name (without titles) plus instansi. A refused file changes nothing at all.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import text, update
from sqlmodel import Session, col

from desktop.core.clock import new_id, utcnow
from desktop.core.db import sqlite_utc
from desktop.core.errors import HadirError, ImportRefused
from desktop.core.identity import AsnStatus, IdentityError
from desktop.core.importers.tables import Table, read_tables
from desktop.core.models import Participant
from desktop.core.names import core_name, normalise_instansi, words
from desktop.core.paths import resources_dir
from desktop.core.registry import (
    clean_email,
    clean_phone,
    get_event,
    identity_fields,
)
from desktop.core.search_index import bulk_indexing
from sync.desk import outbox
from sync.desk.sqlite_bulk import insert_rows

# The fields a list's column can feed, in the order the preview offers them. The header spellings
# that name each one are data (resources/import/headers.toml), so an office extends them without
# code.
FIELDS: tuple[str, ...] = (
    "full_name",
    "nip",
    "asn_status",
    "golongan",
    "jabatan",
    "unit_kerja",
    "instansi",
    "email",
    "phone",
)
_SECTIONS = (*FIELDS, "form_timestamp", "ignored")
HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class HeaderVocabulary:
    """The header spellings of resources/import/headers.toml, folded the way headers are
    compared."""

    aliases: dict[str, tuple[str, ...]]  # field -> folded headers
    labels: dict[str, str]  # field -> its name in messages
    timestamps: frozenset[str]  # a form's submission time
    ignored: frozenset[str]  # known columns with nothing to import ("No", "TTD")
    by_header: dict[str, str]  # folded header -> field


def vocabulary_path() -> Path:
    return resources_dir() / "import" / "headers.toml"


# An office's own additions, kept in the desk's data folder so that an update of Hadir (which
# replaces resources/) does not undo them; written like headers.toml, only the headers to add.
OFFICE_VOCABULARY = "import-headers.toml"


class HeaderListError(HadirError, ValueError):
    """A header list (headers.toml, an office's import-headers.toml) that cannot be used. One the
    clerk can act on, so of the HadirError family; its English sentence names the file and the
    section to fix and is shown as it is (no code of its own). A ValueError too, as it was."""


def _read_vocabulary_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise HeaderListError(f"{path}: the header list cannot be read ({error}).") from None
    unknown = sorted(set(data) - set(_SECTIONS))
    if unknown:
        raise HeaderListError(
            f"{path}: [{unknown[0]}] is not a field Hadir knows; the fields are "
            f"{', '.join(_SECTIONS)}."
        )
    return data


def load_header_vocabulary(
    path: Path | None = None, *, extra: Path | None = None
) -> HeaderVocabulary:
    """Read a header vocabulary file (and an office's additions, ``extra``, when that file exists),
    refusing one an office has mistyped with the file, the section and what to do (a wrong
    vocabulary would silently drop columns)."""
    files = [path or vocabulary_path(), *([extra] if extra is not None and extra.is_file() else [])]
    folded: dict[str, list[str]] = {section: [] for section in _SECTIONS}
    labels: dict[str, str] = {name: name for name in FIELDS}
    owner: dict[str, str] = {}
    for file in files:
        data = _read_vocabulary_file(file)
        for section in _SECTIONS:
            entry = data.get(section, {})
            headers = entry.get("headers", []) if isinstance(entry, dict) else None
            if not isinstance(headers, list) or not all(isinstance(h, str) for h in headers):
                raise HeaderListError(
                    f'{file}: [{section}] needs headers = ["...", ...], a list of texts.'
                )
            for header in headers:
                key = _header_key(header)
                if key in owner and owner[key] != section:
                    raise HeaderListError(
                        f'{file}: the header "{header}" is under both [{owner[key]}] '
                        f"and [{section}]; keep it under one."
                    )
                if key and key not in folded[section]:
                    owner[key] = section
                    folded[section].append(key)
            if section in FIELDS and entry.get("label"):
                labels[section] = str(entry["label"])
    if not folded["full_name"]:
        raise HeaderListError(
            f"{files[0]}: [full_name] lists no header; a list cannot be read without one."
        )
    return HeaderVocabulary(
        aliases={name: tuple(folded[name]) for name in FIELDS},
        labels=labels,
        timestamps=frozenset(folded["form_timestamp"]),
        ignored=frozenset(folded["ignored"] + folded["form_timestamp"]),
        by_header={k: s for k, s in owner.items() if s in FIELDS},
    )


@cache
def header_vocabulary(data_folder: Path | None = None) -> HeaderVocabulary:
    """The packaged vocabulary, with the office's additions in ``data_folder`` (the desk's data
    folder) when it has them; read once per process (edits count from the next start)."""
    extra = Path(data_folder) / OFFICE_VOCABULARY if data_folder is not None else None
    return load_header_vocabulary(extra=extra)


_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _header_key(cell: str) -> str:
    """A header's words without its parenthesised notes: "Nama Lengkap (beserta gelar)" ->
    "nama lengkap", "NIP (jika ada)" -> "nip"."""
    return " ".join(words(_NOTE.sub(" ", cell))) or " ".join(words(cell))


def header_candidates(cell: str, vocabulary: HeaderVocabulary | None = None) -> list[str]:
    """Fields a header may mean, best first: the whole header, then each part of a header that
    names two things ("Unit Kerja / Instansi", "Nomor HP/WA", "Asal Instansi/OPD")."""
    by_header = (vocabulary or header_vocabulary()).by_header
    found: list[str] = []
    keys = [_header_key(cell), *(_header_key(part) for part in cell.split("/") if part.strip())]
    for key in keys:
        name = by_header.get(key)
        if name and name not in found:
            found.append(name)
    return found


def match_header(cell: str, vocabulary: HeaderVocabulary | None = None) -> str | None:
    candidates = header_candidates(cell, vocabulary)
    return candidates[0] if candidates else None


# Field -> folded header spellings, and field -> its name in messages (from headers.toml).
HEADER_ALIASES: dict[str, tuple[str, ...]] = header_vocabulary().aliases
FIELD_LABELS: dict[str, str] = header_vocabulary().labels


@dataclass
class ColumnPlan:
    """Where the header is and which column feeds which field (editable before importing)."""

    header_row: int  # spreadsheet row number
    headers: list[str]
    mapping: dict[int, str]  # column index -> field
    unrecognised: list[int]  # column indexes with a header we could not map


def _plan(number: int, cells: list[str], vocabulary: HeaderVocabulary) -> ColumnPlan:
    mapping: dict[int, str] = {}
    for index, cell in enumerate(cells):
        for name in header_candidates(cell, vocabulary):
            if name not in mapping.values():
                mapping[index] = name
                break
    unrecognised = [
        i
        for i, cell in enumerate(cells)
        if cell and i not in mapping and _header_key(cell) not in vocabulary.ignored
    ]
    return ColumnPlan(number, list(cells), mapping, unrecognised)


# What the clerk says a column holds, overriding what its header seemed to mean: the header as the
# file writes it (compared by its words) or "#3" for the third column (one with no header text),
# -> a field, or None to leave the column out.
ColumnChoices = dict[str, str | None]
_NUMBERED = re.compile(r"^\s*#(\d{1,3})\s*$")


def _columns_headed(headers: list[str], key: str) -> list[int]:
    if numbered := _NUMBERED.match(key):
        index = int(numbered[1]) - 1
        return [index] if 0 <= index < len(headers) else []
    wanted = words(key)
    return [i for i, cell in enumerate(headers) if wanted and words(cell) == wanted]


def column_choices(headers: list[str], mapping: dict[int, str]) -> ColumnChoices:
    """A full mapping (column index -> field) as choices: each column by its header, or "#N" when
    its header is empty or has the same words as another's (so each key names one column)."""
    keys = [" ".join(words(h)) for h in headers]
    return {
        (h.strip() if keys[i] and keys.count(keys[i]) == 1 else f"#{i + 1}"): mapping.get(i)
        for i, h in enumerate(headers)
    }


def _choose(plan: ColumnPlan, choices: ColumnChoices) -> ColumnPlan:
    """The plan with the clerk's choices applied: a field is fed by one column only."""
    if not choices:
        return plan
    mapping, chosen = dict(plan.mapping), set()
    for key, name in choices.items():
        for index in _columns_headed(plan.headers, key):
            chosen.add(index)
            mapping = {i: f for i, f in mapping.items() if f != name or i == index}
            if name is None:
                mapping.pop(index, None)
            else:
                mapping[index] = name
    unrecognised = [i for i in plan.unrecognised if i not in chosen]
    return ColumnPlan(plan.header_row, plan.headers, mapping, unrecognised)


def detect_columns(
    table: Table,
    vocabulary: HeaderVocabulary | None = None,
    *,
    choices: ColumnChoices | None = None,
    require_name: bool = True,
    guess: bool = True,
) -> ColumnPlan:
    """The header is the first of the first 30 rows that names a name column and another known
    field (title rows above it are skipped); failing that, the first row with a name column alone,
    whose other columns the operator can map in the preview.

    ``choices`` (header -> field) are applied to every candidate row, so a header Hadir does not
    know, named by the clerk as the name, finds its row. Without ``require_name`` a file with no
    recognisable name column still gets a plan (the row naming most fields, else the first row with
    two filled cells), so the preview can open and the clerk can say which column is the name; a
    "#3" choice picks its column in that guessed row unless ``guess`` is off (a workbook's other
    sheets: a REKAP sheet must not become a list because a column number fits it).
    """
    vocabulary = vocabulary or header_vocabulary()
    choices = choices or {}
    by_text = {k: v for k, v in choices.items() if not _NUMBERED.match(k)}
    by_number = {k: v for k, v in choices.items() if _NUMBERED.match(k)}
    plans = [
        _choose(_plan(number, cells, vocabulary), by_text)
        for number, cells in table.rows[:HEADER_SEARCH_ROWS]
    ]
    with_name = [p for p in plans if "full_name" in p.mapping.values()]
    found = next((p for p in with_name if len(p.mapping) >= 2), with_name[0] if with_name else None)
    if found is None and plans and guess and (by_number or not require_name):
        best = max(plans, key=lambda p: len(p.mapping))
        filled = next((p for p in plans if sum(1 for c in p.headers if c) >= 2), plans[0])
        found = best if best.mapping else filled
    if found is not None:
        found = _choose(found, by_number)
        if not require_name or "full_name" in found.mapping.values():
            return found
    where = (
        f"{table.path.name}, sheet \u201c{table.sheet}\u201d" if table.sheet else table.path.name
    )
    raise ImportRefused(
        f"{where}: no header row with a name column in the first {HEADER_SEARCH_ROWS} rows; "
        "expected columns such as 'Nama' and 'NIP' (or 'Instansi', 'Email'); or say which column "
        "is the name.",
        code="import_no_header",
        file=str(table.path),
        sheet=table.sheet,
    )


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]
    sheet: str = ""  # the workbook sheet it came from ("" in a CSV file)


@dataclass
class ImportReport:
    imported: int = 0  # people newly registered for the event
    updated: int = 0  # already registered, details changed
    unchanged: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)  # {"row", "reason"}
    not_people: int = 0  # rows that are not participants (totals, signature block, blank)
    warnings: list[dict[str, Any]] = field(default_factory=list)  # {"row", "field", "reason"}
    replaced: list[dict[str, int]] = field(default_factory=list)  # {"row", "by_row"}
    # Header -> the field it fed, or None: a column left out is never silent.
    columns: dict[str, str | None] = field(default_factory=dict)
    sheets: list[dict[str, Any]] = field(default_factory=list)  # {"name", "read", "rows"}

    def as_dict(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "not_people": self.not_people,
            "warnings": self.warnings,
            "replaced": self.replaced,
            "columns": self.columns,
            "sheets": self.sheets,
        }


_STATUS_WORDS = {
    "pns": AsnStatus.PNS,
    "cpns": AsnStatus.PNS,
    "pppk": AsnStatus.PPPK,
    "p3k": AsnStatus.PPPK,
    "non asn": AsnStatus.NON_ASN,
    "non pns": AsnStatus.NON_ASN,
    "honorer": AsnStatus.NON_ASN,
    "umum": AsnStatus.NON_ASN,
    "tamu": AsnStatus.NON_ASN,
    "nonasn": AsnStatus.NON_ASN,
}


def _status(raw: str) -> str | None:
    if not raw:  # most lists have no status column: no folding for 200,000 empty cells
        return None
    key = " ".join(words(raw))
    return _STATUS_WORDS[key].value if key in _STATUS_WORDS else None


# Rows of a Kanwil list that are not people: a totals line ("JUMLAH", "Total peserta: 6 orang"),
# and the signature block under the list ("Palu, 20 November 2026", "Mengetahui,", "Kepala ...",
# then the official's name and "NIP. ..."): once the block starts, nothing under it is a person.
_TOTALS = re.compile(r"^\s*(jumlah|total)\b", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^[A-Za-z .'-]+,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}\s*$|^(mengetahui|menyetujui)\b",
    re.IGNORECASE,
)


def _column_numbers(cells: list[str]) -> bool:
    """The "1, 2, 3, ..." row Indonesian templates put under the header."""
    filled = [c for c in cells if c]
    return (
        len(filled) >= 3
        and all(c.isdigit() for c in filled)
        and [int(c) for c in filled] == list(range(int(filled[0]), int(filled[0]) + len(filled)))
    )


@dataclass
class ParsedRows:
    good: list[ParsedRow]
    skipped: list[dict[str, Any]]
    not_people: int  # empty rows, totals, column numbers, the signature block
    warnings: list[dict[str, Any]]  # {"row", "field", "reason"}: imported, with a field left out
    replaced: list[dict[str, int]]  # {"row", "by_row"}: an earlier answer to a form


def parse_rows(
    table: Table, plan: ColumnPlan, vocabulary: HeaderVocabulary | None = None
) -> ParsedRows:
    """Validate every data row; returns the good rows, the skipped ones with reasons, and how many
    rows were not people at all (never reported as errors)."""
    good: list[ParsedRow] = []
    skipped: list[dict[str, Any]] = []
    seen_nip: dict[str, int] = {}
    not_people = 0
    warnings: list[dict[str, Any]] = []
    replaced: list[dict[str, int]] = []
    latest: dict[str, tuple[tuple[int, ...], int]] = {}  # form key -> (stamp, index in good)
    timestamps = (vocabulary or header_vocabulary()).timestamps
    stamp_column = next(
        (i for i, h in enumerate(plan.headers) if _header_key(h) in timestamps), None
    )
    in_signature = False
    # excel_cut_number's question, asked only of a table that has imprecise cells at all.
    nip_columns = [i for i, f in plan.mapping.items() if f == "nip"] if table.imprecise else []
    for number, cells in table.rows:
        if number <= plan.header_row:
            continue
        raw = {f: (cells[i] if i < len(cells) else "") for i, f in plan.mapping.items()}
        if in_signature or not any(raw.values()):
            not_people += 1  # blank line, or under the signature block
            continue
        # A row with a full-length number is a person: the checks below cost regexes per cell,
        # so a 200,000-row list of NIPs skips them.
        if len(raw.get("nip", "")) >= 16:
            pass
        elif any(_TOTALS.match(c) for c in cells if c) or _column_numbers(cells):
            not_people += 1
            continue
        elif any(_PLACE_DATE.match(c) for c in cells if c):
            in_signature = True
            not_people += 1
            continue
        if nip_columns and any((number, i) in table.imprecise for i in nip_columns):
            skipped.append(_skip(number, excel_damage(raw["nip"])))
            continue
        try:
            values = _row_values(raw)
        except (HadirError, IdentityError) as error:
            skipped.append(_skip(number, error))
            continue
        problem = values.pop("_email_problem")
        key = values["nip"] or values["nik"]
        if stamp_column is not None:
            # A form answered twice: the person corrected themselves, the latest answer wins.
            form_key = key or values["email"]
            stamp = _form_time(cells[stamp_column] if stamp_column < len(cells) else "", number)
            earlier = latest.get(form_key) if form_key else None
            if earlier is not None:
                if stamp < earlier[0]:  # this row is the older answer (a sorted sheet)
                    replaced.append({"row": number, "by_row": good[earlier[1]].row})
                    continue
                replaced.append({"row": good[earlier[1]].row, "by_row": number})
                good[earlier[1]] = ParsedRow(number, values)
                warnings[:] = [w for w in warnings if w["row"] != replaced[-1]["row"]]
                if problem:
                    warnings.append({"row": number, **problem})
                latest[form_key] = (stamp, earlier[1])
                continue
            if form_key:
                latest[form_key] = (stamp, len(good))
        elif key:
            if key in seen_nip:
                skipped.append(
                    _skip(
                        number,
                        HadirError(
                            f"NIP/NIK {key} is repeated: it was already on row {seen_nip[key]}.",
                            code="import_repeated",
                            number=key,
                            first_row=seen_nip[key],
                        ),
                    )
                )
                continue
            seen_nip[key] = number
        if problem:
            warnings.append({"row": number, **problem})
        good.append(ParsedRow(number, values))
    return ParsedRows(good, skipped, not_people, warnings, replaced)


def _skip(row: int, error: HadirError | IdentityError) -> dict[str, Any]:
    """A skipped row as the report gives it: the English sentence for the CLI and the log, the code
    and params the window turns into its own language."""
    return {"row": row, "reason": str(error), "code": error.code, "params": dict(error.params)}


_FORM_STAMP = re.compile(
    r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})"  # the date, either order
    r"[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp][Mm])?"
)


def _form_time(cell: str, row: int) -> tuple[int, ...]:
    """A response's timestamp as a sortable tuple: Google Forms writes "2026/11/18 9:02:11 AM
    GMT+8" (English) or "18/11/2026 9:02:11" (Indonesian sheets); unreadable stamps keep the
    sheet's order, which is the order responses arrived in."""
    found = _FORM_STAMP.search(cell)
    if not found:
        return (0, 0, 0, 0, 0, 0, row)
    a, b, c, hour, minute = (int(found.group(i)) for i in range(1, 6))
    year, month, day = (a, b, c) if len(found.group(1)) == 4 else (c, b, a)
    ampm = (found.group(7) or "").lower()
    if ampm:
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return (year, month, day, hour, minute, int(found.group(6) or 0), row)


# What people type in a NIP column when they have none (a non-ASN guest).
_NO_NUMBER = frozenset(
    {
        "",
        "0",
        "tidak ada",
        "belum ada",
        "tidak punya",
        "belum punya",
        "tidak",
        "none",
        "nil",
        "n a",
        "na",
        "non asn",
        "bukan asn",
        "kosong",
    }
)
_NUMBER_PREFIX = re.compile(r"^\s*'?\s*(?:ni\s*pppk|nip|nik)\s*[.:]?\s*", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")


class ExcelDamage(HadirError):
    code = "import_excel_damaged"


def excel_damage(raw: str) -> ExcelDamage:
    """The one sentence for a NIP/NIK that Excel already cut, whether the workbook holds it as a
    number or a CSV saved from it wrote it in scientific notation."""
    return ExcelDamage(
        f"NIP/NIK {raw.strip()}: Excel stored it as a number and lost its last digits; format the "
        "column as Text and type the number again.",
        raw=raw.strip(),
    )


def clean_number(raw: str) -> str:
    """The number as people type it: a leading apostrophe (kept from Sheets/Excel) and a leading
    "NIP"/"NIK"/"NIP."/"NIP:" removed; "-", "0", "tidak ada" and the like mean no number. Text in
    scientific notation ("1,97805E+17") is what Excel wrote for a number it had already cut."""
    text = raw.strip().lstrip("'‘’").strip()
    if text.isascii() and text.isdigit():
        # The usual cell, a bare number: no prefix to remove, not scientific notation, and its
        # words are itself, so of the "no number" spellings it can only be "0".
        return "" if text == "0" else text
    text = _NUMBER_PREFIX.sub("", text)
    if _SCIENTIFIC.match(text):
        raise excel_damage(raw)
    if " ".join(words(text)) in _NO_NUMBER:
        return ""
    return text


def _row_values(raw: dict[str, str]) -> dict[str, Any]:
    name = " ".join(raw.get("full_name", "").split())
    if not name:
        raise HadirError("the name (Nama) is empty.", code="import_no_name_cell")
    status = _status(raw.get("asn_status", ""))
    try:
        ident = identity_fields(clean_number(raw.get("nip", "")), asn_status=status)
    except IdentityError as error:
        raise HadirError(
            f"NIP/NIK: {error}", code=error.code, **error.params, field="nip"
        ) from None
    email, email_problem = _checked_email(raw.get("email"))
    return {
        "full_name": name,
        "nip": ident.nip,
        "nik": ident.nik,
        "asn_status": ident.asn_status,
        "birth_date": ident.birth_date,
        "gender": ident.gender,
        "golongan": raw.get("golongan", "").strip(),
        "jabatan": raw.get("jabatan", "").strip(),
        "unit_kerja": raw.get("unit_kerja", "").strip(),
        "instansi": raw.get("instansi", "").strip(),
        "email": email,
        "phone": clean_phone(raw.get("phone")),
        "_email_problem": email_problem,
    }


def _checked_email(raw: str | None) -> tuple[str | None, dict[str, Any] | None]:
    """A mistyped address ("...@kemenham,go.id") must not stop the person being registered, but
    must not be used for sending either: the row keeps its person and gets a warning."""
    try:
        return clean_email(raw), None
    except HadirError as error:
        value = (raw or "").strip()
        return None, {
            "field": "email",
            "reason": f"e-mail {value!r} is not an address ({error}); the person is imported "
            "without it: correct it in the list or in Peserta.",
            "code": "import_bad_email",
            "params": {"value": value},
        }


_UPDATABLE = (
    "full_name",
    "asn_status",
    "golongan",
    "jabatan",
    "unit_kerja",
    "instansi",
    "email",
    "phone",
    "nip",
    "nik",
)
_KNOWN_COLUMNS = (
    "id",
    "full_name",
    "nip",
    "nik",
    "asn_status",
    "golongan",
    "jabatan",
    "unit_kerja",
    "instansi",
    "email",
    "phone",
    "birth_date",
    "gender",
)


class _Index:
    """Everyone the desk knows, keyed the three ways a row can match a person.

    The name key (name without titles + instansi) is only built when a row without NIP or e-mail
    needs it: most lists have a NIP on every row, and folding 200,000 names costs seconds.
    """

    def __init__(self, session: Session) -> None:
        self.by_id: dict[str, dict[str, Any]] = {}
        self.by_nip: dict[str, str] = {}
        self.by_email: dict[str, str] = {}
        self._by_name: dict[tuple[str, str], str] | None = None
        result = session.connection().execute(
            text(f"SELECT {', '.join(_KNOWN_COLUMNS)} FROM participant")
        )
        for row in result.mappings():
            self.add(dict(row))

    @staticmethod
    def _name_key(person: dict[str, Any]) -> tuple[str, str]:
        return core_name(person["full_name"]), normalise_instansi(person["instansi"] or "")

    def add(self, person: dict[str, Any]) -> None:
        self.by_id[person["id"]] = person
        for number in (person.get("nip"), person.get("nik")):
            if number:
                self.by_nip[number] = person["id"]
        if person.get("email"):
            self.by_email[person["email"]] = person["id"]
        if self._by_name is not None:
            self._by_name[self._name_key(person)] = person["id"]

    def find(self, values: dict[str, Any]) -> str | None:
        number = values["nip"] or values["nik"]
        if number:
            return self.by_nip.get(number)
        if values["email"] and values["email"] in self.by_email:
            return self.by_email[values["email"]]
        if self._by_name is None:
            self._by_name = {self._name_key(p): pid for pid, p in self.by_id.items()}
        return self._by_name.get(self._name_key(values))


def _changes(existing: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Fields the file gives that differ; an empty cell never erases what the desk knows."""
    changed = {}
    for key in _UPDATABLE:
        new = values.get(key)
        if new in (None, "") or new == existing.get(key):
            continue
        changed[key] = new
    return changed


ProgressCallback = Callable[[int, int], None]


def import_rows(
    *,
    session: Session,
    event_id: str,
    desk_id: str,
    rows: list[ParsedRow],
    skipped: list[dict[str, Any]],
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Apply validated rows in the caller's transaction (the caller commits once, or rolls back)."""
    event = get_event(session=session, event_id=event_id)
    index = _Index(session)
    registered = {
        person
        for (person,) in session.connection().execute(
            text("SELECT participant_id FROM registration WHERE event_id = :e"), {"e": event_id}
        )
    }
    report = ImportReport(skipped=list(skipped))
    now = utcnow()
    new_people: list[dict[str, Any]] = []
    new_registrations: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for position, parsed in enumerate(rows):
        values = parsed.values
        person_id = index.find(values)
        if person_id is None:
            person = {**values, "id": new_id(), "created_at": now, "updated_at": now}
            new_people.append(person)
            index.add(person)
            person_id = person["id"]
            changed: dict[str, Any] = {}
        else:
            existing = index.by_id[person_id]
            changed = _changes(existing, values)
            clash = changed.get("nip") or changed.get("nik")
            if clash and index.by_nip.get(clash, person_id) != person_id:
                report.skipped.append(
                    {
                        **_skip(
                            parsed.row,
                            HadirError(
                                f"NIP/NIK {clash} already belongs to another participant.",
                                code="import_clash",
                                number=clash,
                            ),
                        ),
                        **({"sheet": parsed.sheet} if parsed.sheet else {}),
                    }
                )
                continue
            if changed:
                existing.update(changed, updated_at=now)
                updates.append({"id": person_id, **changed, "updated_at": now})
                index.add(existing)
        if person_id not in registered:
            registered.add(person_id)
            new_registrations.append(
                {
                    "event_id": event_id,
                    "participant_id": person_id,
                    "source": "import",
                    "desk_id": desk_id,
                    "created_at": now,
                }
            )
            report.imported += 1
        elif changed:
            report.updated += 1
        else:
            report.unchanged += 1
        if progress and position % 5000 == 0:
            progress(position, len(rows))

    now_stored = sqlite_utc(now)
    with bulk_indexing(session):
        insert_rows(
            session,
            "participant",
            (*_KNOWN_COLUMNS, "created_at", "updated_at"),
            [_stored_person(p, now_stored) for p in new_people],
        )
    for change in updates:
        fields = {k: v for k, v in change.items() if k != "id"}
        session.execute(
            update(Participant).where(col(Participant.id) == change["id"]).values(**fields)
        )
    insert_rows(
        session,
        "registration",
        ("event_id", "participant_id", "source", "desk_id", "created_at"),
        [
            (r["event_id"], r["participant_id"], r["source"], r["desk_id"], now_stored)
            for r in new_registrations
        ],
    )
    if not event.is_demo:
        # Built items (sync/desk/outbox.py): their JSON is made from the rows just written when
        # they are sent, not frozen here 400,000 times over (issue 20).
        touched = dict.fromkeys([*(p["id"] for p in new_people), *(u["id"] for u in updates)])
        outbox.enqueue(
            session=session,
            built_participants=touched,
            built_registrations=[(r["event_id"], r["participant_id"]) for r in new_registrations],
        )
    if progress:
        progress(len(rows), len(rows))
    return report


def _stored_person(person: dict[str, Any], now_stored: str) -> tuple[Any, ...]:
    """A new participant's row in the form SQLite stores, in _KNOWN_COLUMNS order then
    created_at and updated_at (one pass, no ORM)."""
    birth = person.get("birth_date")
    return (
        person["id"],
        person["full_name"],
        person.get("nip"),
        person.get("nik"),
        person.get("asn_status"),
        person.get("golongan") or "",
        person.get("jabatan") or "",
        person.get("unit_kerja") or "",
        person.get("instansi") or "",
        person.get("email"),
        person.get("phone") or "",
        birth.isoformat() if isinstance(birth, date) else birth,
        person.get("gender"),
        now_stored,
        now_stored,
    )


@dataclass
class ReadList:
    """A list as read and checked, before it touches the database."""

    path: Path
    rows: list[ParsedRow]
    skipped: list[dict[str, Any]]
    not_people: int
    warnings: list[dict[str, Any]]
    replaced: list[dict[str, Any]]
    columns: dict[str, str | None]
    # Every sheet in the workbook's order (a CSV file is one, named after the file): "rows" counts a
    # read sheet's participant rows (imported, skipped or replaced), an unread sheet's filled rows.
    sheets: list[dict[str, Any]]


def _checked_choices(choices: ColumnChoices, vocabulary: HeaderVocabulary) -> ColumnChoices:
    """The clerk's choices with each field named as the core names it: the field itself
    ("unit_kerja") or its label as the window and headers.toml show it ("Unit Kerja", "NIP/NIK")."""
    labels = vocabulary.labels
    by_words = {" ".join(words(text)): f for f in FIELDS for text in (f, labels[f])}
    checked: ColumnChoices = {}
    for header, name in choices.items():
        found = (
            None
            if name is None
            else name
            if name in FIELDS
            else by_words.get(" ".join(words(name)))
        )
        if name is not None and found is None:
            raise ImportRefused(
                f"Column \u201c{header}\u201d: \u201c{name}\u201d is not a field Hadir stores; "
                f"the fields are {', '.join(FIELDS)} (or none, to leave the column out).",
                code="import_unknown_field",
                header=header,
                field=name,
                fields=", ".join(FIELDS),
            )
        checked[header] = found
    return checked


def _filled_rows(table: Table) -> int:
    return sum(1 for _number, cells in table.rows if any(cells))


def read_list(
    path: Path,
    *,
    columns: ColumnChoices | None = None,
    sheet: str | None = None,
    vocabulary: HeaderVocabulary | None = None,
) -> ReadList:
    """Read and check a pre-registration list: every sheet of a workbook whose header Hadir
    recognises (a summary sheet before the lists is passed over, and named as not read), or only
    ``sheet``; ``columns`` are the clerk's own mapping (header -> field or None)."""
    path = Path(path)
    vocabulary = vocabulary or header_vocabulary()
    choices = _checked_choices(columns or {}, vocabulary)
    tables = read_tables(path)
    workbook = tables[0].encoding == "xlsx"
    wanted = list(range(len(tables)))
    if sheet and sheet.strip().casefold() != "all":
        wanted = [
            i
            for i, t in enumerate(tables)
            if t.sheet.strip().casefold() == sheet.strip().casefold()
        ]
        if not wanted:
            names = ", ".join(f"\u201c{t.sheet}\u201d" for t in tables)
            raise ImportRefused(
                f"{path.name}: there is no sheet named \u201c{sheet}\u201d; its sheets are {names}."
                if workbook
                else f"{path.name} is a CSV file and has no sheets; import it without naming one.",
                code="import_no_sheet",
                file=str(path),
                sheet=sheet,
                sheets=names,
            )
    plans: dict[int, ColumnPlan] = {}
    for index in wanted:
        try:
            plans[index] = detect_columns(
                tables[index], vocabulary, choices=choices, guess=len(wanted) == 1
            )
        except ImportRefused:
            if len(wanted) == 1:
                raise  # the one sheet asked for (or the CSV): say why it cannot be read
    if not plans:
        names = ", ".join(f"\u201c{t.sheet}\u201d" for t in tables)
        raise ImportRefused(
            f"{path.name}: none of its sheets ({names}) has a header row with a name column in the "
            f"first {HEADER_SEARCH_ROWS} rows; expected columns such as 'Nama' and 'NIP'.",
            code="import_no_header",
            file=str(path),
            sheet="",
        )
    for header in choices:
        if not any(_columns_headed(plan.headers, header) for plan in plans.values()):
            known = sorted({h for plan in plans.values() for h in plan.headers if h})
            raise ImportRefused(
                f"{path.name}: no column is headed \u201c{header}\u201d; its headers are "
                + ", ".join(f"\u201c{h}\u201d" for h in known)
                + ".",
                code="import_unknown_header",
                file=str(path),
                header=header,
                headers=", ".join(known),
            )
    result = ReadList(path, [], [], 0, [], [], {}, [])
    first_seen: dict[str, ParsedRow] = {}  # NIP/NIK -> its row on an earlier sheet
    for index, table in enumerate(tables):
        plan = plans.get(index)
        if plan is None:
            result.sheets.append({"name": table.sheet, "read": False, "rows": _filled_rows(table)})
            continue
        for i, header in enumerate(plan.headers):
            if header or i in plan.mapping:
                result.columns.setdefault(header or f"#{i + 1}", plan.mapping.get(i))
        parsed = parse_rows(table, plan, vocabulary)
        people = len(parsed.good) + len(parsed.skipped) + len(parsed.replaced)
        result.sheets.append({"name": table.sheet or path.name, "read": True, "rows": people})
        where = {"sheet": table.sheet} if workbook else {}
        result.skipped += [{**item, **where} for item in parsed.skipped]
        result.warnings += [{**item, **where} for item in parsed.warnings]
        result.replaced += [{**item, **where} for item in parsed.replaced]
        result.not_people += parsed.not_people
        for row in parsed.good:
            row.sheet = table.sheet
            key = row.values["nip"] or row.values["nik"]
            earlier = first_seen.get(key) if key else None
            if earlier is None:
                if key:
                    first_seen[key] = row
                result.rows.append(row)
            elif earlier.values != row.values:
                # The same number with other details on another sheet: which is right is the
                # clerk's call, not ours. The same person listed alike on two days' sheets is one
                # registration and nothing to report.
                result.skipped.append(
                    {
                        "row": row.row,
                        **where,
                        "reason": f"NIP/NIK {key} is repeated: it was already on sheet "
                        f"\u201c{earlier.sheet}\u201d, row {earlier.row}, with other details.",
                        "code": "import_repeated_sheet",
                        "params": {
                            "number": key,
                            "first_row": earlier.row,
                            "first_sheet": earlier.sheet,
                        },
                    }
                )
    return result


def import_read_list(
    *,
    session: Session,
    event_id: str,
    desk_id: str,
    read: ReadList,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import a list already read, in the caller's transaction."""
    report = import_rows(
        session=session,
        event_id=event_id,
        desk_id=desk_id,
        rows=read.rows,
        skipped=read.skipped,
        progress=progress,
    )
    report.not_people, report.warnings, report.replaced = (
        read.not_people,
        read.warnings,
        read.replaced,
    )
    report.columns, report.sheets = read.columns, read.sheets
    return report


def import_preregistration(
    *,
    session: Session,
    event_id: str,
    desk_id: str,
    path: Path,
    columns: ColumnChoices | None = None,
    sheet: str | None = None,
    progress: ProgressCallback | None = None,
    vocabulary: HeaderVocabulary | None = None,
) -> ImportReport:
    """Read, validate and import a file in the caller's transaction (no audit line: the
    window's and hadir-cli's import is desktop/services/imports.py)."""
    read = read_list(path, columns=columns, sheet=sheet, vocabulary=vocabulary)
    return import_read_list(
        session=session, event_id=event_id, desk_id=desk_id, read=read, progress=progress
    )
