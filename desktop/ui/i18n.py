"""Language: Bahasa Indonesia in the source, English from resources/i18n/hadir_en.qm.

Every user-visible string goes through Qt's translation system with its Indonesian source text.
Switching language installs or removes the translator; Qt then sends every widget a LanguageChange
event and each view re-sets its texts (``retranslate``). Error codes from the core (``HadirError.code``
and ``IdentityError.code``) become sentences here, so the core stays free of UI language.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop.core.clock import as_utc, zone
from desktop.core.errors import HadirError
from desktop.core.identity import IdentityError, format_nip
from desktop.core.paths import resources_dir

log = logging.getLogger(__name__)

translate = QCoreApplication.translate  # the name lupdate looks for

LANGUAGES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


class Language:
    """The window's language; one per application."""

    def __init__(self) -> None:
        self._translator: QTranslator | None = None
        self.code = DEFAULT_LANGUAGE

    def release(self) -> None:
        """Remove this window's translator (the translator is application-wide)."""
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        self._translator = None

    def apply(self, code: str | None) -> str:
        """Switch to ``code`` (unknown codes fall back to Indonesian); returns the code in use."""
        code = code if code in LANGUAGES else DEFAULT_LANGUAGE
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("Language.apply needs a QApplication")
        self.release()
        if code != DEFAULT_LANGUAGE:
            translator = QTranslator(app)
            path = i18n_dir() / f"hadir_{code}.qm"
            if translator.load(str(path)):
                app.installTranslator(translator)
                self._translator = translator
            else:
                log.warning("no translation file %s; staying in Bahasa Indonesia", path)
                code = DEFAULT_LANGUAGE
        self.code = code
        QLocale.setDefault(
            QLocale(QLocale.Language.Indonesian if code == "id" else QLocale.Language.English)
        )
        return code


# --------------------------------------------------------------------------- dates and times


def clock_format() -> str:
    """How a time is written: "{hour:02d}.{minute:02d}" in Indonesian, with a colon in English."""
    return translate("Time", "{hour:02d}.{minute:02d}")


def clock_text(moment: datetime, timezone: str, *, fmt: str | None = None) -> str:
    """A time at the venue: "08.12" in Indonesian, "08:12" in English. ``fmt`` (from
    ``clock_format``) lets a worker thread format without calling Qt."""
    local = as_utc(moment).astimezone(zone(timezone))
    return (fmt or clock_format()).format(hour=local.hour, minute=local.minute)


def month_name(month: int) -> str:
    names = (
        translate("Time", "Januari"), translate("Time", "Februari"), translate("Time", "Maret"),
        translate("Time", "April"), translate("Time", "Mei"), translate("Time", "Juni"),
        translate("Time", "Juli"), translate("Time", "Agustus"), translate("Time", "September"),
        translate("Time", "Oktober"), translate("Time", "November"), translate("Time", "Desember"),
    )  # fmt: skip
    return names[month - 1]


def weekday_name(day: date) -> str:
    names = (
        translate("Time", "Senin"), translate("Time", "Selasa"), translate("Time", "Rabu"),
        translate("Time", "Kamis"), translate("Time", "Jumat"), translate("Time", "Sabtu"),
        translate("Time", "Minggu"),
    )  # fmt: skip
    return names[day.weekday()]


def long_date(day: date) -> str:
    """ "24 November 2026"."""
    return f"{day.day} {month_name(day.month)} {day.year}"


def day_label(number: int, day: date) -> str:
    """ "Hari 1 · Senin, 24 November 2026"."""
    return translate("Time", "Hari {number} · {weekday}, {date}").format(
        number=number, weekday=weekday_name(day), date=long_date(day)
    )


def date_range_text(first: date, last: date) -> str:
    if first == last:
        return long_date(first)
    return f"{long_date(first)} – {long_date(last)}"


def gender_text(gender: str | None) -> str:
    if gender == "L":
        return translate("Person", "laki-laki")
    if gender == "P":
        return translate("Person", "perempuan")
    return ""


def status_text(status: str) -> str:
    if status == "PNS":
        return translate("Person", "PNS")
    if status == "PPPK":
        return translate("Person", "PPPK")
    return translate("Person", "Non-ASN")


def zone_text(timezone: str) -> str:
    """WIB / WITA / WIT: how Indonesians name the zones."""
    from desktop.core.clock import zone_label

    return zone_label(timezone)


def mode_text(mode: str) -> str:
    if mode == "luring":
        return translate("Event", "Luring (tatap muka)")
    if mode == "daring":
        return translate("Event", "Daring (online)")
    return translate("Event", "Hybrid")


# --------------------------------------------------------------------------- errors


def error_code(error: BaseException) -> tuple[str, dict[str, object]]:
    if isinstance(error, HadirError | IdentityError):
        return error.code, dict(error.params)
    return "", {}


def error_text(error: BaseException) -> str:
    """A clear Indonesian (or English) sentence for an error the user can act on."""
    code, params = error_code(error)
    text = code_text(code, params)
    if text is not None:
        return text
    if code == "import_refused" or isinstance(error, ValueError | HadirError):
        # The core's own sentence (English) is specific; better than a vague translated one.
        return translate("Errors", "Tidak dapat dilakukan: {detail}").format(detail=str(error))
    return translate(
        "Errors", "Terjadi kesalahan tak terduga ({kind}). Rinciannya ada di log."
    ).format(kind=type(error).__name__)


def code_text(code: str, params: dict[str, object]) -> str | None:
    """The sentence for a core error code, or None for a code this window does not know."""
    raw = str(params.get("raw", "") or "").strip()
    p = {
        "raw": raw,
        "length": params.get("length", ""),
        "expected": params.get("expected", 18),
        "number": format_nip(str(params.get("number", "") or "")),
        "value": params.get("value", ""),
        "day": params.get("day", ""),
        "minutes": params.get("minutes", ""),
        "first_row": params.get("first_row", ""),
        "minimum": params.get("minimum", ""),
        "sheet": params.get("sheet", ""),
        "sheets": params.get("sheets", ""),
        "first_sheet": params.get("first_sheet", ""),
        "header": params.get("header", ""),
        "headers": params.get("headers", ""),
        "field": params.get("field", ""),
        "fields": params.get("fields", ""),
    }
    sentences = {
        # Identity numbers (desktop/core/identity.py)
        "empty": translate("Errors", "NIP atau NIK belum diisi."),
        "import_excel_damaged": translate(
            "Errors",
            "Excel menyimpan NIP/NIK ini sebagai angka sehingga digit terakhirnya hilang. Ubah format "
            "kolom menjadi Teks, lalu ketik ulang nomornya.",
        ),
        "not_digits": translate("Errors", "\u201c{raw}\u201d bukan NIP: NIP hanya berisi angka."),
        "legacy_nip": translate(
            "Errors", "{raw} adalah NIP lama (9 digit) yang tidak berlaku lagi. Minta NIP 18 digit."
        ),
        "bad_length": translate(
            "Errors", "Nomor ini {length} digit. NIP dan NI PPPK 18 digit, NIK 16 digit."
        ),
        "bad_birth_date": translate(
            "Errors", "NIP {raw} tidak valid: 8 digit pertama bukan tanggal lahir yang benar."
        ),
        "bad_gender": translate(
            "Errors",
            "NIP {raw} tidak valid: digit ke-15 harus 1 (laki-laki) atau 2 (perempuan).",
        ),
        "bad_sequence": translate(
            "Errors", "NIP {raw} tidak valid: 3 digit terakhir tidak boleh 000."
        ),
        "bad_tmt": translate(
            "Errors", "NIP {raw} tidak valid: digit ke-9 sampai ke-14 bukan TMT CPNS yang benar."
        ),
        "implausible_age": translate(
            "Errors",
            "NIP {raw} tidak valid: tahun lahir dan tahun pengangkatan tidak masuk akal.",
        ),
        "bad_region": translate(
            "Errors", "NIK {raw} tidak valid: dua digit pertama bukan kode provinsi."
        ),
        # Registration and check-in
        "not_registered": translate("Errors", "{number} tidak terdaftar di acara ini."),
        "not_found": translate("Errors", "Data itu tidak ada di meja ini."),
        "name_required": translate("Errors", "Nama lengkap wajib diisi."),
        "nip_required": translate(
            "Errors", "NIP wajib diisi untuk PNS dan PPPK. Tamu tanpa NIP: pilih Non-ASN."
        ),
        "bad_email": translate("Errors", "\u201c{value}\u201d bukan alamat email."),
        "day_required": translate("Errors", "Hari ini bukan hari acara: pilih harinya."),
        "bad_day": translate("Errors", "Hari {day} bukan hari acara ini."),
        "already_undone": translate("Errors", "Check-in itu sudah dibatalkan."),
        "nothing_to_undo": translate(
            "Errors", "Belum ada check-in di meja ini yang bisa dibatalkan."
        ),
        # Events
        "event_title": translate("Errors", "Acara perlu judul."),
        "event_mode": translate("Errors", "Mode acara harus luring, daring, atau hybrid."),
        "event_dates": translate(
            "Errors", "Acara harus selesai setelah dimulai, dan paling lama 31 hari."
        ),
        "event_jp": translate("Errors", "JP tidak boleh negatif."),
        "signatory_nip": translate("Errors", "NIP penanda tangan tidak valid."),
        # Desk and operators
        "desk_name": translate("Errors", "Meja perlu nama, misalnya \u201cMeja 1\u201d."),
        "pin_format": translate("Errors", "PIN minimal 4 angka."),
        "pin_mismatch": translate("Errors", "Kedua PIN tidak sama."),
        "signin_failed": translate("Errors", "Nama operator atau PIN salah."),
        "signin_locked": translate(
            "Errors", "Terlalu banyak PIN salah. Coba lagi dalam {minutes} menit."
        ),
        "operator_name": translate("Errors", "Operator perlu nama."),
        "operator_exists": translate("Errors", "Sudah ada operator dengan nama itu."),
        "admin_required": translate("Errors", "Hanya admin yang dapat membuka pengaturan."),
        # The encrypted database (desktop/core/encryption.py)
        "passphrase_short": translate("Errors", "Kata sandi pemulihan minimal {minimum} karakter."),
        "wrong_passphrase": translate("Errors", "Kata sandi pemulihan salah."),
        "passphrase_missing": translate(
            "Errors", "Buat kata sandi pemulihan dulu (Pengaturan): tanpa itu salinan di USB tidak "
            "dapat dibuka di laptop lain."
        ),
        # Imports
        "import_no_name": translate("Errors", "Belum ada kolom yang dipetakan ke Nama."),
        "import_repeated": translate(
            "Errors", "NIP/NIK {number} muncul dua kali; sudah ada di baris {first_row}."
        ),
        "import_clash": translate("Errors", "NIP/NIK {number} sudah dimiliki peserta lain."),
        "import_no_name_cell": translate("Errors", "Nama kosong."),
        "import_repeated_sheet": translate(
            "Errors",
            "NIP/NIK {number} sudah ada di lembar \u201c{first_sheet}\u201d baris {first_row} "
            "dengan data lain. Periksa mana yang benar.",
        ),
        "import_bad_email": translate(
            "Errors",
            "Alamat email \u201c{value}\u201d tidak valid sehingga tidak dipakai; perbaiki di tab Peserta.",
        ),
        "import_no_header": translate(
            "Errors",
            "Kolom Nama tidak ditemukan di 30 baris pertama. Tentukan sendiri kolom yang berisi nama.",
        ),
        "import_no_sheet": translate(
            "Errors", "Lembar \u201c{sheet}\u201d tidak ada. Lembar di berkas ini: {sheets}."
        ),
        "import_unknown_header": translate(
            "Errors",
            "Tidak ada kolom berjudul \u201c{header}\u201d. Judul kolom di berkas: {headers}.",
        ),
        "import_unknown_field": translate(
            "Errors",
            "Kolom \u201c{header}\u201d: \u201c{field}\u201d bukan isian yang dikenal. "
            "Pilihan: {fields}.",
        ),
    }
    sentence = sentences.get(code)
    return sentence.format(**p) if sentence is not None else None
