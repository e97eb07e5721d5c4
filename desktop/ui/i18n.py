"""Language: Bahasa Indonesia in the source, English from resources/i18n/hadir_en.qm.

Every user-visible string goes through Qt's translation system with its Indonesian source text.
Switching language installs or removes the translator; Qt then sends every widget a LanguageChange
event and each view re-sets its texts (``retranslate``). Error codes from the core
(``HadirError.code``, IdentityError's included) become sentences here, so the core stays free of UI
language."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from desktop.core.clock import as_utc, zone
from desktop.core.errors import HadirError
from desktop.core.identity import format_nip
from desktop.core.paths import resources_dir

log = logging.getLogger(__name__)

translate = QCoreApplication.translate  # the name lupdate looks for

LANGUAGES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def qt_translator(code: str, parent: QObject) -> QTranslator | None:
    """Qt's own texts (dialog buttons, the file chooser, the print dialog, text menus) in
    ``code``: Qt's qtbase_<code>.qm where PySide6 ships one, else Hadir's
    resources/i18n/qt_<code>.qm (PySide6 has no qtbase_id.qm, so Indonesian comes from there).
    Sources are English."""
    translator = QTranslator(parent)
    if translator.load(
        f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        return translator
    if translator.load(str(i18n_dir() / f"qt_{code}.qm")):
        return translator
    return None


# The window's last language, kept beside the encrypted database: the unlock dialog comes before
# the database (and the desk's language setting in it) can be read. The setting stays the one home
# of the choice; this file is the window's copy of it, rewritten whenever the setting applies.
LANGUAGE_MEMO = "hadir.lang"


class Language:
    """The window's language; one per application. ``memo`` is the file that remembers it for
    the next start (``LANGUAGE_MEMO`` in the data folder), or None."""

    def __init__(self, memo: Path | None = None) -> None:
        self._translators: list[QTranslator] = []
        self.code = DEFAULT_LANGUAGE
        self.memo = memo

    def remembered(self) -> str | None:
        """The language the window last showed from the desk's setting, if it was noted."""
        try:
            code = self.memo.read_text(encoding="utf-8").strip() if self.memo else ""
        except OSError:
            return None
        return code if code in LANGUAGES else None

    def release(self) -> None:
        """Remove this window's translators (a translator is application-wide)."""
        app = QCoreApplication.instance()
        if app is not None:
            for translator in self._translators:
                app.removeTranslator(translator)
        self._translators = []

    def apply(self, code: str | None, *, remember: bool = True) -> str:
        """Switch to ``code`` (unknown codes fall back to Indonesian); returns the code in use.
        ``remember`` notes it in the memo: not for a one-run ``--lang``."""
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
                self._translators.append(translator)
            else:
                log.warning("no translation file %s; staying in Bahasa Indonesia", path)
                code = DEFAULT_LANGUAGE
        qt = qt_translator(code, app)
        if qt is not None:
            app.installTranslator(qt)
            self._translators.append(qt)
        elif code != "en":  # Qt's sources are English
            log.warning("no translation of Qt's own dialogs for %r", code)
        self.code = code
        if remember and self.memo is not None and self.remembered() != code:
            try:
                self.memo.write_text(code + "\n", encoding="utf-8")
            except OSError:  # a read-only folder only costs the next unlock dialog its language
                log.warning("could not note the language in %s", self.memo, exc_info=True)
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
    # Spelled out because lupdate reads only literal sources; they are sync/indonesian.py's MONTHS
    # (and weekday_name's its DAYS), which a test holds them to.
    names = (
        translate("Time", "Januari"),
        translate("Time", "Februari"),
        translate("Time", "Maret"),
        translate("Time", "April"),
        translate("Time", "Mei"),
        translate("Time", "Juni"),
        translate("Time", "Juli"),
        translate("Time", "Agustus"),
        translate("Time", "September"),
        translate("Time", "Oktober"),
        translate("Time", "November"),
        translate("Time", "Desember"),
    )
    return names[month - 1]


def weekday_name(day: date) -> str:
    names = (
        translate("Time", "Senin"),
        translate("Time", "Selasa"),
        translate("Time", "Rabu"),
        translate("Time", "Kamis"),
        translate("Time", "Jumat"),
        translate("Time", "Sabtu"),
        translate("Time", "Minggu"),
    )
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
    """ "13–15 Oktober 2026", "30 September – 2 Oktober 2026": the shape the certificate prints
    (sync.indonesian.date_range), short enough that an event list's title keeps its room."""
    if first == last:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {month_name(last.month)} {last.year}"
    if first.year == last.year:
        return f"{first.day} {month_name(first.month)} – {long_date(last)}"
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
    if isinstance(error, HadirError):
        return error.code, dict(error.params)
    return "", {}


def error_text(error: BaseException) -> str:
    """A clear Indonesian (or English) sentence for an error the user can act on."""
    code, params = error_code(error)
    text = code_text(code, params)
    if text is not None:
        # The core's English sentence may name more (a file, a row); it stays in the log.
        log.info("shown as %r: %s", code, error)
        return text
    if isinstance(error, HadirError):
        # An error without a code (or a code this window does not know yet): the core's own
        # sentence is specific, better than a vague translated one.
        return translate("Errors", "Tidak dapat dilakukan: {detail}").format(detail=str(error))
    # Anything else (a plain ValueError included) is a bug: the clerk is told so, not shown the
    # bug's English as if it were advice; the worker has logged its traceback.
    return translate(
        "Errors", "Terjadi kesalahan tak terduga ({kind}). Rinciannya ada di log."
    ).format(kind=type(error).__name__)


class _Params(dict[str, object]):
    """A sentence's parameters; a parameter the raiser did not give reads as empty, so a
    sentence never fails to show."""

    def __missing__(self, key: str) -> object:
        return ""


def _listed(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _iso_date_text(value: str) -> str:
    """A date the core gives as 2026-11-24, as the window writes dates; anything else as it is."""
    try:
        return long_date(date.fromisoformat(value))
    except ValueError:
        return value


def code_text(code: str, params: dict[str, object]) -> str | None:
    """The sentence for a core error code, or None for a code this window does not know.

    tests/desktop/test_ui_language.py lists every code raised in desktop/core and desktop/cli
    and fails when one has no sentence here in both languages."""
    if code.startswith(("sync_", "hq_")):
        found = sync_code_text(code, params)
        if found is not None:
            return found
    raw = str(params.get("raw", "") or "").strip()
    p = _Params(params)
    p.update(
        raw=raw,
        expected=params.get("expected", 18),
        number=format_nip(str(params.get("number", "") or "")),
        wanted=", ".join(str(w) for w in _listed(params.get("wanted"))),
        count=len(_listed(params.get("meetings"))),
        meetings="; ".join(
            f"{m.get('id', '')} \u201c{m.get('topic', '')}\u201d"
            + (f" ({m['start']})" if m.get("start") else "")
            for m in _listed(params.get("meetings"))
            if isinstance(m, dict)
        ),
        date=_iso_date_text(str(params.get("date", "") or "")),
        days=", ".join(
            _iso_date_text(d.strip())
            for d in str(params.get("days", "") or "").split(",")
            if d.strip()
        ),
    )
    sentences = {
        # Identity numbers (desktop/core/identity.py)
        "empty": translate("Errors", "NIP atau NIK belum diisi."),
        "import_excel_damaged": translate(
            "Errors",
            "Excel menyimpan NIP/NIK ini sebagai angka sehingga digit terakhirnya hilang. "
            "Ubah format "
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
        # Invitation and badge codes (desktop/core/badge_code.py)
        "badge_other_event": translate("Errors", "Kode undangan acara lain: {title}."),
        "badge_other_event_unknown": translate(
            "Errors", "Kode undangan acara lain, yang tidak ada di meja ini."
        ),
        "badge_code_unknown": translate(
            "Errors", "Kode undangan ini tidak cocok dengan peserta acara ini (salah ketik?)."
        ),
        "badge_code_ambiguous": translate(
            "Errors", "Kode undangan ini cocok untuk lebih dari satu peserta: cari nama atau NIP."
        ),
        "badge_layout": translate(
            "Errors", "Tata letak tanda nama \u201c{value}\u201d tidak dikenal (pilih: {wanted})."
        ),
        "nobody_registered": translate("Errors", "Belum ada peserta terdaftar di acara ini."),
        "invitation_not_queued": translate(
            "Errors", "Belum ada undangan dalam antrean email untuk peserta {ids}."
        ),
        "not_found": translate("Errors", "Data tersebut tidak ada di meja ini."),
        "name_required": translate("Errors", "Nama lengkap wajib diisi."),
        "nip_required": translate(
            "Errors", "NIP wajib diisi untuk PNS dan PPPK. Tamu tanpa NIP: pilih Non-ASN."
        ),
        "bad_email": translate("Errors", "\u201c{value}\u201d bukan alamat email."),
        "day_required": translate("Errors", "Hari ini bukan hari acara: pilih harinya."),
        "bad_day": translate("Errors", "Hari {day} bukan hari acara ini."),
        "already_undone": translate("Errors", "Check-in tersebut sudah dibatalkan."),
        # A phone station's undo (desktop/services/station.py); the station page shows it.
        "station_undo_refused": translate(
            "Errors",
            "Stasiun ini hanya dapat membatalkan check-in yang dicatatnya dalam 10 menit "
            "terakhir. Batalkan yang lain di meja.",
        ),
        "nothing_to_undo": translate(
            "Errors", "Belum ada check-in di meja ini yang dapat dibatalkan."
        ),
        # Events
        "event_title": translate("Errors", "Judul acara wajib diisi."),
        "event_mode": translate("Errors", "Mode acara harus luring, daring, atau hybrid."),
        "event_dates": translate(
            "Errors", "Tanggal selesai harus setelah tanggal mulai, dan acara paling lama 31 hari."
        ),
        "event_years": translate(
            "Errors", "Tanggal acara harus antara tahun {first} dan {last}. Periksa tahunnya."
        ),
        "event_jp": translate("Errors", "JP tidak boleh negatif."),
        "event_min_days": translate(
            "Errors", "Jumlah hari hadir untuk sertifikat tidak boleh negatif ({value})."
        ),
        "event_base_url": translate(
            "Errors", "\u201c{value}\u201d bukan alamat; alamat diawali https://."
        ),
        "signatory_nip": translate("Errors", "NIP penanda tangan tidak valid."),
        "export_format": translate("Errors", "Ekspor hanya ke berkas .xlsx atau .csv."),
        # Desk and operators
        "desk_name": translate("Errors", "Nama meja wajib diisi, misalnya \u201cMeja 1\u201d."),
        "pin_format": translate("Errors", "PIN hanya boleh berisi angka, minimal 4 digit."),
        "pin_mismatch": translate("Errors", "Kedua PIN tidak sama."),
        "signin_failed": translate("Errors", "Nama operator atau PIN salah."),
        "signin_locked": translate(
            "Errors", "Terlalu banyak PIN salah. Coba lagi dalam {minutes} menit."
        ),
        "operator_name": translate("Errors", "Nama operator wajib diisi."),
        "operator_exists": translate("Errors", "Nama operator tersebut sudah terdaftar."),
        "admin_required": translate("Errors", "Hanya admin yang dapat membuka pengaturan."),
        "disk_full": translate(
            "Errors",
            "Disk penuh, jadi tindakan terakhir tidak tersimpan. Data sebelumnya aman. "
            "Kosongkan ruang disk, lalu coba lagi.",
        ),
        "database_damaged": translate(
            "Errors",
            "Berkas data meja rusak dan tidak diubah. Minta admin memulihkannya dari cadangan.",
        ),
        "search_index_missing": translate(
            "Errors", "Indeks pencarian rusak, jadi data meja perlu diperbaiki. Hubungi admin."
        ),
        # Backups (desktop/core/backup.py)
        "backup_no_database": translate("Errors", "Belum ada data meja untuk dicadangkan."),
        "backup_write": translate(
            "Errors",
            "Cadangan tidak dapat ditulis ke {folder}. Periksa ruang disk, lalu coba lagi.",
        ),
        "backup_check": translate(
            "Errors", "Salinan cadangan gagal diperiksa dan tidak disimpan. Coba lagi."
        ),
        "backup_missing": translate("Errors", "Berkas cadangan {file} tidak ditemukan."),
        "backup_damaged": translate("Errors", "Cadangan {file} juga rusak. Pilih cadangan lain."),
        "export_folder": translate(
            "Errors", "{folder} bukan folder. Periksa apakah flashdisk sudah terpasang."
        ),
        "export_write": translate(
            "Errors", "Tidak dapat menulis ke {folder}. Periksa flashdisk dan ruang kosongnya."
        ),
        "export_check": translate(
            "Errors", "Salinan di {folder} tidak terbaca dengan benar. Coba flashdisk lain."
        ),
        # The encrypted database (desktop/core/encryption.py) and the passphrase at hadir-cli
        "encrypt_check": translate(
            "Errors", "Enkripsi berkas data gagal diperiksa. Berkas dibiarkan seperti semula."
        ),
        "passphrase_short": translate("Errors", "Kata sandi pemulihan minimal {minimum} karakter."),
        "wrong_passphrase": translate("Errors", "Kata sandi pemulihan salah."),
        "passphrase_missing": translate(
            "Errors",
            "Buat kata sandi pemulihan terlebih dahulu di Pengaturan. Tanpa kata sandi "
            "itu, salinan di USB tidak dapat dibuka di laptop lain.",
        ),
        "key_unavailable": translate(
            "Errors",
            "Kunci data tidak ada di brankas kunci laptop ini. Masukkan kata sandi pemulihan.",
        ),
        "passphrase_required": translate(
            "Errors",
            "Laptop ini tidak punya brankas kunci yang dapat dipakai. Buat kata sandi pemulihan.",
        ),
        "key_file": translate(
            "Errors",
            "Berkas kunci data (hadir.key) hilang atau rusak. Minta admin memulihkannya "
            "dari cadangan.",
        ),
        "passphrase_needed": translate("Errors", "Kata sandi pemulihan diperlukan."),
        "passphrase_input_ended": translate("Errors", "Kata sandi pemulihan tidak dimasukkan."),
        "passphrase_mismatch": translate(
            "Errors", "Kedua kata sandi berbeda. Tidak ada yang diubah."
        ),
        # The venue hub (desktop/core/venue/member.py)
        "venue_is_hub": translate(
            "Errors", "Meja ini adalah hub lokasi; hub tidak bergabung ke hub lain."
        ),
        "venue_pairing_refused": translate(
            "Errors",
            "Hub menolak kode pasangan (salah, kedaluwarsa, atau terlalu sering dicoba). Minta "
            "kode yang tampil sekarang di hub.",
        ),
        "venue_hub_unreachable": translate(
            "Errors", "Hub lokasi tidak menjawab. Periksa alamatnya dan jaringan Wi-Fi/LAN."
        ),
        "venue_other_office": translate(
            "Errors",
            "Meja ini milik kantor {office}; hub ini hanya melayani meja kantor {hub_office}.",
        ),
        "venue_hub_not_found": translate(
            "Errors",
            "Tidak ada hub lokasi kantor {office} di jaringan ini. Pastikan hub berjalan dan meja "
            "ini di Wi-Fi/LAN yang sama, atau ketik alamat hub.",
        ),
        "venue_several_hubs": translate(
            "Errors",
            "Ada beberapa hub lokasi kantor ini di jaringan: {hubs}. Ketik alamat hub yang dituju.",
        ),
        "venue_fingerprint_mismatch": translate(
            "Errors",
            "Hub yang ditemukan di jaringan tidak memegang kunci yang diumumkannya. Ketik alamat "
            "hub dan cocokkan sidik jarinya.",
        ),
        "venue_port_in_use": translate(
            "Errors",
            "Hub tidak dapat dibuka di port {port}: {reason}. Tutup program yang memakai port "
            "itu, atau ubah pengaturan venue.hub_port. Peran meja ini tidak berubah.",
        ),
        "venue_bad_join_text": translate(
            "Errors",
            "Teks kode QR hub tidak lengkap atau rusak ({detail}). Pindai lagi kode QR di layar "
            "hub, atau ketik alamat dan kodenya.",
        ),
        "venue_join_text_mismatch": translate(
            "Errors",
            "Hub di alamat ini tidak memegang kunci yang tampil di layarnya (sidik jari berbeda). "
            "Periksa alamatnya, lalu cocokkan sidik jari di layar hub.",
        ),
        "venue_not_member": translate(
            "Errors",
            "Meja ini belum bergabung ke hub lokasi. Gabung dulu dengan kode pasangan hub.",
        ),
        "venue_not_in_roster": translate(
            "Errors",
            "Meja di alamat ini bukan meja lokasi ini (kuncinya tidak ada di daftar yang diberikan "
            "hub). Gabung ke meja itu dengan kode pasangannya.",
        ),
        "venue_not_taken_over": translate(
            "Errors",
            "{desk} di alamat ini belum menjadi hub untuk meja ini. Jadikan meja itu hub lokasi "
            "dulu, atau gabung ke meja itu dengan kode pasangannya.",
        ),
        # Personal download links (desktop/core/certificates/links.py)
        "link_days": translate("Errors", "Masa berlaku tautan harus 1 sampai {limit} hari."),
        "certificate_unknown": translate(
            "Errors",
            "Tidak ada sertifikat dengan nomor itu di meja ini. Periksa nomornya (daftar "
            "sertifikat acara).",
        ),
        # The hub's check-in stations (desktop/core/venue/station.py)
        "station_name_required": translate(
            "Errors", "Beri nama stasiunnya, misalnya \u201cHP 1\u201d."
        ),
        "station_name_too_long": translate(
            "Errors", "Nama stasiun {length} karakter; paling banyak {limit}."
        ),
        "station_name_taken": translate(
            "Errors",
            "Sudah ada stasiun bernama \u201c{name}\u201d. Pilih nama lain, atau hapus stasiun "
            "itu dulu.",
        ),
        "station_not_found": translate(
            "Errors", "Tidak ada stasiun bernama \u201c{name}\u201d di hub ini."
        ),
        "station_not_hub": translate(
            "Errors",
            "Meja ini bukan hub lokasi, jadi tidak dapat punya stasiun HP/tablet. Jadikan meja "
            "ini hub lokasi dulu.",
        ),
        # Imports
        "import_refused": translate(
            "Errors",
            "Berkas ini tidak dapat diimpor: kosong, terlalu besar, atau isinya tidak "
            "dikenali. Tidak ada data yang diubah.",
        ),
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
            "Alamat email \u201c{value}\u201d tidak valid sehingga tidak dipakai; perbaiki "
            "di tab Peserta.",
        ),
        "import_no_header": translate(
            "Errors",
            "Kolom Nama tidak ditemukan di 30 baris pertama. Tentukan sendiri kolom yang "
            "berisi nama.",
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
        # Certificates, their numbers and their delivery
        "not_eligible": translate(
            "Errors",
            "Sebagian peserta yang dipilih belum layak mendapat sertifikat. Izinkan "
            "dengan alasan bila sertifikat tetap diterbitkan.",
        ),
        "nothing_to_print": translate(
            "Errors",
            "Belum ada peserta yang layak mendapat sertifikat. Perlu check-in atau izin "
            "dengan alasan.",
        ),
        "override_reason": translate("Errors", "Alasan wajib diisi."),
        "revoke_reason": translate("Errors", "Alasan pencabutan wajib diisi."),
        "already_revoked": translate("Errors", "Sertifikat ini sudah dicabut sebelumnya."),
        "certificate_revoked": translate(
            "Errors", "Sertifikat yang sudah dicabut tidak dapat dicetak."
        ),
        "template_invalid": translate(
            "Errors", "Templat sertifikat tidak dapat dipakai. Rinciannya ada di log."
        ),
        "numbering": translate(
            "Errors",
            "Pola nomor sertifikat, kode meja, atau nomor meja tidak valid. Periksa "
            "pengaturan penomoran.",
        ),
        "desk_number_required": translate(
            "Errors",
            "Meja ini belum punya nomor meja untuk penomoran sertifikat. Minta admin "
            "mengisi nomor meja (1, 2, …).",
        ),
        "range_exhausted": translate(
            "Errors",
            "Jatah nomor sertifikat meja ini sudah habis. Minta admin memberi nomor meja lain.",
        ),
        "bad_url": translate("Errors", "Alamat web harus diawali https:// atau http://."),
        "smtp_settings": translate("Errors", "Isi alamat server dan alamat email pengirim."),
        "signatory_count": translate(
            "Errors", "Sertifikat memuat paling banyak {maximum} penanda tangan."
        ),
        "mail_not_queued": translate(
            "Errors", "Belum ada email dalam antrean untuk sertifikat {numbers}."
        ),
        "smtp_missing": translate("Errors", "Server email (SMTP) meja ini belum diatur."),
        "delivery_who": translate(
            "Errors",
            "Pilihan peserta \u201c{value}\u201d tidak dikenal: pilih online (daring), "
            "in-person (luring) atau all (semua).",
        ),
        # Personal data
        "erase_reason": translate(
            "Errors",
            "Alasan penghapusan data pribadi wajib diisi, mis. permintaan tertulis dari "
            "yang bersangkutan.",
        ),
        "participant_field": translate("Errors", "Kolom data peserta tidak dikenal: {fields}."),
        "purge_unsynced": translate(
            "Errors",
            "Sebagian data acara ini belum diterima kantor pusat. Sinkronkan terlebih "
            "dahulu. Tidak ada yang dihapus.",
        ),
        "purge_unverified": translate(
            "Errors",
            "Data acara ini belum dicocokkan dengan kantor pusat. Sinkronkan terlebih "
            "dahulu. Tidak ada yang dihapus.",
        ),
        # Sync with HQ, desk side (what sync/desk/client.py and HQ answer: sync_code_text)
        "sync_enroll": translate(
            "Errors",
            "Pendaftaran meja ke kantor pusat gagal. Periksa kode pendaftaran dan alamat "
            "server, lalu coba lagi.",
        ),
        "sync_ca_bundle": translate("Errors", "Berkas sertifikat CA tidak ditemukan."),
        "sync_setting": translate(
            "Errors", "Pengaturan sinkronisasi tidak dikenal, atau nilainya tidak lebih dari 0."
        ),
        "sync_key_changed": translate(
            "Errors",
            "Kunci tanda tangan meja ini berubah sejak terhubung. Hubungkan ulang meja "
            "ini ke kantor pusat.",
        ),
        "bundle_path": translate(
            "Errors", "Yang dipilih adalah folder. Tulis nama berkas untuk paket USB."
        ),
        # Online attendance reports (desktop/core/importers/online_reports.py)
        "online_unknown_language": translate(
            "Errors",
            "{name}: nama kolomnya dalam bahasa yang belum dikenal Hadir. Ekspor ulang "
            "dengan portal Zoom berbahasa Inggris atau Indonesia.",
        ),
        "online_unknown_language_teams": translate(
            "Errors",
            "{name}: nama kolomnya dalam bahasa yang belum dikenal Hadir. Unduh ulang laporan "
            "kehadirannya dengan Teams berbahasa Inggris.",
        ),
        "online_unknown_report": translate(
            "Errors",
            "{name} bukan laporan kehadiran yang dikenal Hadir. Gunakan laporan peserta "
            "atau webinar Zoom, laporan kehadiran Teams, atau laporan kehadiran Google Meet.",
        ),
        "online_several_meetings": translate(
            "Errors", "{name} memuat {count} rapat: {meetings}. Pilih rapat acara ini."
        ),
        "online_meeting_not_found": translate(
            "Errors", "Rapat {wanted} tidak ada di {name}. Isinya: {meetings}."
        ),
        "online_date_needed": translate(
            "Errors",
            "{name}: laporan Google Meet ini tidak mencantumkan tanggal, sedangkan acara "
            "berlangsung beberapa hari ({days}). Pilih hari pertemuannya.",
        ),
        "online_date_not_in_event": translate("Errors", "{date} bukan hari acara ini ({days})."),
        "online_bad_date": translate(
            "Errors", "Tanggal “{value}” tidak dikenali. Tulis seperti 2026-11-24."
        ),
        "online_report_not_found": translate("Errors", "Laporan itu sudah tidak ada di meja ini."),
        "online_nothing_readable": translate(
            "Errors",
            "{name}: tidak ada baris yang terbaca sebagai kehadiran (lihat baris {row}). "
            "Periksa berkasnya atau urutan tanggal yang dipilih.",
        ),
        "online_outside_hours": translate(
            "Errors",
            "{name}: tidak ada yang daring selama jam acara ({start} sampai {end}). Periksa acara, "
            "tanggal, zona waktu, atau urutan tanggalnya.",
        ),
        "online_meeting_already_imported": translate(
            "Errors",
            "{name}: rapat {meetings} dari berkas ini sudah diimpor. Pilih rapat yang belum "
            "diimpor saja, atau hapus dulu laporan itu di tab “Laporan diimpor”.",
        ),
        "online_rule_both": translate(
            "Errors", "Isi syarat menit atau syarat persentase, jangan keduanya."
        ),
        "online_bad_percent": translate(
            "Errors", "Syarat persentase harus antara 1 dan 100, bukan {value}."
        ),
        "online_negative_minutes": translate(
            "Errors", "Syarat menit tidak boleh kurang dari nol ({value})."
        ),
        "online_person_not_found": translate(
            "Errors", "Orang daring itu sudah tidak ada dalam acara ini. Muat ulang daftarnya."
        ),
        "online_resolve_choice": translate(
            "Errors", "Pilih satu: tautkan ke peserta, daftarkan baru, atau abaikan."
        ),
        "online_not_registered": translate(
            "Errors", "Peserta yang dipilih tidak terdaftar pada acara ini."
        ),
        "online_nobody": translate(
            "Errors", "{name}: laporan ini tidak memuat seorang pun yang hadir."
        ),
        "online_empty": translate("Errors", "{name} kosong atau lebih besar dari {limit} MB."),
        "online_no_file": translate("Errors", "Berkas {name} tidak ada."),
        # What a report could not give exactly (read, with a warning)
        "online_totals_only": translate(
            "Errors",
            "Laporan ini hanya memuat total menit per orang, tanpa jam masuk dan keluar: "
            "menitnya tidak dapat dibatasi pada jam acara atau digabung antarperangkat. Bila "
            "memungkinkan, ekspor ulang tanpa pilihan \u201cShow unique users\u201d.",
        ),
        "online_teams_no_intervals": translate(
            "Errors",
            "Laporan Teams ini tanpa bagian \u201cIn-Meeting activities\u201d: waktu tiap "
            "orang dihitung sejak pertama bergabung, tanpa jeda yang tepat.",
        ),
    }
    if code == "online_unknown_language" and params.get("platform") == "teams":
        code = "online_unknown_language_teams"  # the advice differs: Teams, not the Zoom portal
    sentence = sentences.get(code)
    return sentence.format_map(p) if sentence is not None else None


def sync_code_text(code: str, params: dict[str, object]) -> str | None:
    """The sentence for a sync failure: ``sync_*`` codes the desk's client finds itself
    (sync/desk/client.py) and ``hq_*`` codes HQ answers with (sync/hq/errors.py, prefixed by the
    client); None for a code this window does not know (the caller then shows HQ's sentence)."""
    p = _Params(params)
    sentences = {
        # Found by the desk (sync/desk/client.py)
        "sync_failed": translate(
            "Errors", "Sinkronisasi dengan kantor pusat gagal. Coba lagi nanti."
        ),
        "sync_server_url": translate(
            "Errors", "\u201c{url}\u201d bukan alamat server, contoh: https://hadir.kemenham.go.id."
        ),
        "sync_server_url_extra": translate(
            "Errors", "Isi alamat server saja, tanpa tanda ? atau #: \u201c{url}\u201d."
        ),
        "sync_not_enrolled": translate(
            "Errors",
            "Meja ini belum terhubung ke kantor pusat. Hubungkan dulu di layar Sinkronisasi.",
        ),
        "sync_untrusted": translate(
            "Errors",
            "Sambungan ke {host} tidak tepercaya (sertifikat gagal diperiksa). Jika kantor memakai "
            "otoritas sertifikat sendiri, pasang berkas CA-nya; jika memakai hotspot, masuk ke "
            "jaringan dulu.",
        ),
        "sync_unreachable": translate(
            "Errors",
            "Kantor pusat ({host}) tidak dapat dihubungi. Periksa jaringan; data tetap "
            "tersimpan di sini.",
        ),
        "sync_slow": translate(
            "Errors",
            "Kantor pusat ({host}) tidak menjawab dalam {seconds} detik. Akan dicoba lagi "
            "dengan kiriman lebih kecil.",
        ),
        "sync_proxy": translate(
            "Errors", "Proxy jaringan gagal meneruskan sambungan ke kantor pusat."
        ),
        "sync_cut_off": translate(
            "Errors", "Jawaban kantor pusat terputus sebelum selesai. Akan dicoba lagi nanti."
        ),
        "sync_redirected": translate(
            "Errors",
            "Jaringan mengalihkan meja ini ke {location}, bukan ke kantor pusat (halaman login?). "
            "Masuk ke jaringan lewat browser, lalu sinkronkan lagi.",
        ),
        "sync_web_page": translate(
            "Errors",
            "Jaringan menjawab dengan halaman web, bukan kantor pusat (halaman login hotspot atau "
            "kantor?). Masuk ke jaringan lewat browser, lalu sinkronkan lagi.",
        ),
        "sync_not_hq": translate(
            "Errors",
            "{host} tidak menjawab sebagai server Hadir kantor pusat. Periksa alamat server.",
        ),
        "sync_answer_untrusted": translate(
            "Errors",
            "Jawaban kantor pusat tidak cocok dengan permintaan meja ini, jadi diabaikan. "
            "Akan dicoba lagi nanti.",
        ),
        "sync_unreadable": translate(
            "Errors",
            "Jawaban kantor pusat tidak dapat dibaca (terputus atau bukan dari kantor pusat).",
        ),
        "sync_http_error": translate(
            "Errors",
            "Kantor pusat menjawab dengan kesalahan (HTTP {status}). Akan dicoba lagi nanti.",
        ),
        "sync_busy": translate("Errors", "Kantor pusat sedang sibuk. Akan dicoba lagi nanti."),
        "sync_too_large": translate(
            "Errors",
            "Kiriman terlalu besar untuk kantor pusat. Akan dicoba lagi dengan kiriman lebih "
            "kecil.",
        ),
        "sync_enroll_refused": translate(
            "Errors",
            "Kantor pusat menolak pendaftaran meja ini. Minta kode baru ke admin kantor pusat.",
        ),
        "sync_desk_refused": translate(
            "Errors",
            "Kantor pusat menolak meja ini. Minta kode pendaftaran baru ke admin kantor pusat.",
        ),
        "sync_key_taken": translate(
            "Errors", "Kunci segel meja ini sudah terdaftar di kantor pusat."
        ),
        "sync_refused": translate("Errors", "Kantor pusat menolak permintaan meja ini."),
        "sync_running": translate("Errors", "Sinkronisasi lain sedang berjalan di meja ini."),
        # HQ's own codes (sync/hq/errors.py)
        "hq_enrollment_code_unknown": translate(
            "Errors",
            "Kode pendaftaran tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru ke "
            "admin kantor pusat.",
        ),
        "hq_desk_token_unknown": translate(
            "Errors",
            "Kantor pusat tidak mengenal meja ini. Hubungkan lagi dengan kode pendaftaran baru.",
        ),
        "hq_desk_revoked": translate(
            "Errors",
            "Meja ini sudah dicabut oleh kantor pusat. Hubungkan lagi dengan kode "
            "pendaftaran baru.",
        ),
        "hq_desk_token_missing": translate(
            "Errors",
            "Meja ini belum terhubung ke kantor pusat. Hubungkan dulu di layar Sinkronisasi.",
        ),
        "hq_desk_unknown": translate("Errors", "Kantor pusat tidak mengenal meja ini."),
        "hq_office_unknown": translate(
            "Errors", "Kode kantor {office_code} tidak dikenal kantor pusat."
        ),
        # The program's targets and figures (sync/hq/national.py: hadir-hq and the dashboard).
        "hq_mode_unknown": translate(
            "Errors", "Cara ikut tidak dikenal: pilih luring atau daring."
        ),
        "hq_target_negative": translate("Errors", "Target adalah jumlah orang, 0 atau lebih."),
        "hq_year_out_of_range": translate(
            "Errors", "Tahun di luar 2000 sampai 2099, tahun yang disimpan kantor pusat."
        ),
        # Who is one person (sync/hq/people.py: hadir-hq people and the dashboard's people page).
        "hq_participant_unknown": translate(
            "Errors", "Kantor pusat tidak menyimpan rekaman peserta {participant}."
        ),
        "hq_people_operator_missing": translate(
            "Errors", "Sebutkan siapa yang memutuskan (1 sampai 100 huruf): keputusan dicatat."
        ),
        "hq_people_same_record": translate(
            "Errors", "Satu rekaman tidak dapat disatukan dengan dirinya sendiri."
        ),
        "hq_people_already_linked": translate("Errors", "Kedua rekaman itu sudah satu orang."),
        "hq_people_not_linked": translate(
            "Errors", "Rekaman {participant} sudah orang tersendiri; tidak ada yang dipisahkan."
        ),
        "hq_people_admin_only": translate(
            "Errors", "Hanya admin kantor pusat yang dapat menyatukan atau memisahkan orang."
        ),
        "hq_people_record_missing": translate("Errors", "Pilih rekaman peserta yang diputuskan."),
        # The agency list (hadir-hq agencies import) and HQ admins' own actions (the dashboard).
        "hq_agency_list_invalid": translate(
            "Errors", "Daftar instansi tidak dimuat: ada baris yang salah di berkasnya."
        ),
        "hq_admin_only": translate("Errors", "Hanya admin kantor pusat yang dapat melakukan ini."),
        "hq_public_key_invalid": translate(
            "Errors", "Kunci segel meja ini ditolak kantor pusat (bentuknya tidak sah)."
        ),
        "hq_key_id_mismatch": translate(
            "Errors", "Kunci segel meja ini ditolak kantor pusat (nomor kunci tidak cocok)."
        ),
        "hq_key_taken": translate(
            "Errors", "Kunci segel meja ini sudah terdaftar di kantor pusat."
        ),
        "hq_code_hours_out_of_range": translate(
            "Errors", "Kode pendaftaran hanya dapat berlaku 1 sampai 720 jam (30 hari)."
        ),
        "hq_body_too_large": translate(
            "Errors",
            "Kiriman terlalu besar untuk kantor pusat. Akan dicoba lagi dengan kiriman lebih "
            "kecil.",
        ),
        "hq_body_length_invalid": translate(
            "Errors", "Kantor pusat menerima kiriman yang rusak. Akan dicoba lagi nanti."
        ),
        "hq_gzip_truncated": translate(
            "Errors", "Kantor pusat menerima kiriman yang rusak. Akan dicoba lagi nanti."
        ),
        "hq_gzip_trailing": translate(
            "Errors", "Kantor pusat menerima kiriman yang rusak. Akan dicoba lagi nanti."
        ),
        "hq_gzip_invalid": translate(
            "Errors", "Kantor pusat menerima kiriman yang rusak. Akan dicoba lagi nanti."
        ),
        "hq_body_empty": translate(
            "Errors", "Kantor pusat menerima kiriman yang rusak. Akan dicoba lagi nanti."
        ),
        "hq_encoding_unsupported": translate(
            "Errors", "Kantor pusat tidak menerima kompresi {encoding}."
        ),
        "hq_body_invalid": translate(
            "Errors",
            "Kantor pusat menolak isi kiriman meja ini. Perbarui aplikasi Hadir di meja ini.",
        ),
        "hq_request_invalid": translate(
            "Errors",
            "Kantor pusat menolak isi kiriman meja ini. Perbarui aplikasi Hadir di meja ini.",
        ),
        "hq_protocol_unsupported": translate(
            "Errors",
            "Versi protokol meja ini ({got}) tidak sama dengan kantor pusat ({expected}). Perbarui "
            "aplikasi Hadir.",
        ),
        "hq_rate_limited": translate(
            "Errors",
            "Terlalu banyak permintaan dari jaringan ini. Tunggu sebentar, lalu coba lagi.",
        ),
        "hq_database_busy": translate(
            "Errors", "Basis data kantor pusat sedang sibuk. Akan dicoba lagi nanti."
        ),
        "hq_database_refused": translate(
            "Errors",
            "Basis data kantor pusat menolak salah satu nilai kiriman (misalnya karakter NUL).",
        ),
        "hq_certificate_unknown": translate(
            "Errors", "Ini bukan segel sertifikat yang diterbitkan Hadir (tidak sah atau diubah)."
        ),
        "hq_event_unknown": translate("Errors", "Acara itu tidak ada di kantor pusat."),
        "hq_route_unknown": translate(
            "Errors", "Alamat itu tidak ada di server kantor pusat. Periksa alamat server."
        ),
        "hq_method_not_allowed": translate(
            "Errors", "Server kantor pusat tidak menerima permintaan ini. Perbarui aplikasi Hadir."
        ),
        "hq_admin_username": translate("Errors", "Nama pengguna admin harus 1 sampai 64 karakter."),
        "hq_admin_password_short": translate(
            "Errors", "Kata sandi admin minimal {minimum} karakter."
        ),
        "hq_admin_exists": translate("Errors", "Sudah ada admin dengan nama itu."),
        "hq_login_required": translate("Errors", "Masuk ke dasbor kantor pusat dulu."),
        "hq_form_expired": translate(
            "Errors", "Formulir sudah kedaluwarsa atau bukan dari dasbor ini. Muat ulang halaman."
        ),
        # The dashboard's staff accounts (issue 19 item 4); a desk never receives these.
        "hq_admin_role": translate("Errors", "Peran akun harus admin atau peninjau."),
        "hq_admin_unknown": translate("Errors", "Akun staf itu tidak ada di kantor pusat."),
        "hq_admin_last": translate(
            "Errors", "Ini admin pusat terakhir yang aktif; buat admin pusat lain dahulu."
        ),
        "hq_admin_password_username": translate(
            "Errors", "Kata sandi tidak boleh sama dengan nama pengguna."
        ),
        "hq_admin_password_common": translate(
            "Errors", "Kata sandi ini terlalu umum; pilih yang tidak mudah ditebak."
        ),
        "hq_admin_password_wrong": translate("Errors", "Kata sandi saat ini salah."),
        "hq_admin_password_same": translate("Errors", "Kata sandi baru sama dengan yang lama."),
        "hq_admin_password_mismatch": translate("Errors", "Kedua kata sandi baru tidak sama."),
        "hq_admin_password_must_change": translate(
            "Errors", "Pilih kata sandi baru dahulu di halaman Akun saya."
        ),
        "hq_staff_viewer": translate(
            "Errors", "Akun peninjau hanya dapat melihat dan mengunduh; minta admin mengubahnya."
        ),
        "hq_staff_other_office": translate(
            "Errors",
            "Akun ini milik kantor lain; tidak dapat mengubah data kantor {office}.",
        ),
        "hq_staff_not_hq_admin": translate("Errors", "Hanya admin pusat yang mengelola akun staf."),
        "hq_totp_key_missing": translate(
            "Errors", "TOTP belum disiapkan di server kantor pusat (HADIR_HQ_TOTP_KEY kosong)."
        ),
        "hq_totp_key_invalid": translate(
            "Errors", "HADIR_HQ_TOTP_KEY di server kantor pusat tidak sah (perlu 32 bita base64)."
        ),
        "hq_totp_secret_unreadable": translate(
            "Errors", "Rahasia TOTP akun ini tidak dapat dibuka; minta admin pusat mengatur ulang."
        ),
        "hq_totp_already_on": translate("Errors", "TOTP sudah aktif untuk akun ini."),
        "hq_totp_not_started": translate("Errors", "Mulai pengaturan TOTP terlebih dahulu."),
        "hq_totp_code_wrong": translate(
            "Errors", "Kode TOTP salah. Periksa jam ponsel dan ketik kode yang tampil sekarang."
        ),
    }
    sentence = sentences.get(code)
    if sentence is None and code.startswith("hq_http_"):
        sentence = translate("Errors", "Kantor pusat menjawab dengan kesalahan (HTTP {status}).")
        p["status"] = code.removeprefix("hq_http_")
    return sentence.format_map(p) if sentence is not None else None


# HQ refuses or sets aside an item with an English reason that ends in a stable code, "ends_at:
# ... [event_dates]" (sync/protocol.py RefusalCode, sync/hq/ingest.py Batch.refuse); the code is
# what the window reads, the English stays for HQ's logs and `hadir-cli sync set-aside`.
_REASON_CODE = re.compile(r"^(?:(?P<field>[a-z_]+): )?.*\[(?P<code>[a-z_]+)\]\s*$", re.DOTALL)


def set_aside_text(reason: str) -> str:
    """The clerk's sentence for why HQ (or this desk's pull) set an item aside; HQ's own words,
    after a short Indonesian lead, for a reason that carries no code this window knows."""
    found = _REASON_CODE.match(reason.strip())
    code = found["code"] if found else ""
    field = (found["field"] or "") if found else ""
    sentences = {
        "erased": translate(
            "SetAside",
            "Orang ini sudah dihapus di kantor pusat (UU 27/2022). Perubahan ini tidak dikirim; "
            "penghapusan tetap berlaku. Daftarkan lagi bila orangnya meminta.",
        ),
        "clock_ahead": translate(
            "SetAside",
            "Tanggal di komputer meja ini lebih maju dari kantor pusat, jadi perubahan ini "
            "ditolak. "
            "Betulkan tanggal dan jam komputer, lalu simpan perubahan itu lagi.",
        ),
        "time_out_of_range": translate(
            "SetAside",
            "Waktu pada kolom {field} di luar tahun 2000 sampai 2099. Betulkan datanya, lalu "
            "sinkronkan lagi.",
        ),
        "zone_unknown": translate(
            "SetAside",
            "Zona waktu acara tidak dikenal kantor pusat. Pilih WIB, WITA atau WIT pada acara itu.",
        ),
        "event_dates": translate(
            "SetAside",
            "Tanggal acara tidak masuk akal (selesai sebelum mulai, atau terlalu panjang). "
            "Betulkan "
            "tanggal acara, lalu sinkronkan lagi.",
        ),
        "undo_unknown_checkin": translate(
            "SetAside",
            "Pembatalan ini menunjuk kehadiran yang belum ada di kantor pusat. Sinkronkan "
            "meja yang "
            "mencatat kehadiran itu dulu.",
        ),
        "undo_of_undo": translate(
            "SetAside", "Pembatalan ini menunjuk pembatalan lain, bukan kehadiran."
        ),
        "undo_mismatch": translate(
            "SetAside",
            "Pembatalan ini bukan untuk acara, hari dan orang yang sama dengan kehadirannya.",
        ),
        # What HQ refuses to take from a venue hub on a member desk's behalf (issue 17 item 5).
        "relay_other_office": translate(
            "SetAside",
            "Kantor pusat tidak menerima data ini lewat hub lokasi: meja pembuatnya terdaftar di "
            "kantor wilayah lain. Gabungkan meja itu ke hub kantornya sendiri.",
        ),
        "relay_revoked_desk": translate(
            "SetAside",
            "Meja yang membuat data ini sudah dicabut di kantor pusat, jadi datanya tidak "
            "diterima lewat hub lokasi. Hubungi admin kantor pusat.",
        ),
        "relay_desk_mismatch": translate(
            "SetAside",
            "Data ini menyebut meja lain daripada meja yang dikatakan hub lokasi. Hubungi admin "
            "kantor pusat.",
        ),
        "seal_mismatch": translate(
            "SetAside",
            "Segel verifikasi sertifikat ini tidak cocok dengan sertifikatnya atau dengan kunci "
            "meja ini. Hubungi admin kantor pusat.",
        ),
    }
    sentence = sentences.get(code)
    if sentence is not None:
        return sentence.format(field=field or "-")
    return translate("SetAside", "Ditolak kantor pusat: {reason}").format(reason=reason.strip())
