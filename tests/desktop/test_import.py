"""Pre-registration import: every quirk in ../shared/domain/asn-and-events.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from desktop.core.db import Database
from desktop.core.errors import ImportRefused
from desktop.core.importers import tables
from desktop.core.importers.preregistration import import_preregistration
from desktop.services import imports
from sync.desk.outbox import pending_count
from tests.desktop.helpers import NIP_AHMAD, NIP_BUDI, NIP_SITI, PPPK_RINA, desk, make_event


def run_import(db: Database, event_id: str, path: Path, **kwargs):
    with db.write() as session:
        return import_preregistration(
            session=session, event_id=event_id, desk_id=desk(db).desk_id, path=path, **kwargs
        )


def counts(db: Database) -> tuple[int, int]:
    with db.session() as session:
        connection = session.connection()
        people = connection.execute(text("SELECT COUNT(*) FROM participant")).scalar_one()
        regs = connection.execute(text("SELECT COUNT(*) FROM registration")).scalar_one()
        return people, regs


def write(path: Path, content: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(content.encode(encoding))
    return path


GOOD_SEMICOLON = (
    "DAFTAR PESERTA PENGUATAN KAPASITAS HAM\n"
    "Kanwil Kemenham Sulawesi Tengah;;;;\n"
    ";;;;\n"
    "No;Nama Lengkap;NIP/NIK;Pangkat/Gol;Asal Instansi;E-mail;No. HP\n"
    f"1;Dr. H. Ahmad Fauzan, S.H., M.H.;19860926 201505 1 001;III/d Penata Tk. I;Pemerintah Kota Palu;ahmad@palu.go.id;0812 3456 7890\n"
    f"2;Siti Nurhaliza, S.E.;{NIP_SITI};III/a;Dinas Sosial Kabupaten Donggala;siti@example.go.id;081234567891\n"
    "3;Budi Tanpa NIP;;;RSUD Undata;;\n"
)


def test_semicolon_file_with_title_rows_imports_and_reports(db, tmp_path):
    event = make_event(db)
    report = run_import(db, event, write(tmp_path / "peserta.csv", GOOD_SEMICOLON))
    assert report.as_dict() == {
        "imported": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": [],
        "not_people": 0,
        "warnings": [],
        "replaced": [],
        "columns": {
            "No": None,
            "Nama Lengkap": "full_name",
            "NIP/NIK": "nip",
            "Pangkat/Gol": "golongan",
            "Asal Instansi": "instansi",
            "E-mail": "email",
            "No. HP": "phone",
        },
        "sheets": [{"name": "peserta.csv", "read": True, "rows": 3}],
    }
    assert counts(db) == (3, 3)
    with db.session() as session:
        row = (
            session.connection()
            .execute(
                text(
                    "SELECT nip, email, phone, golongan, birth_date, gender FROM participant "
                    "WHERE full_name LIKE 'Dr. H. Ahmad%'"
                )
            )
            .one()
        )
    assert row == (
        NIP_AHMAD,
        "ahmad@palu.go.id",
        "081234567890",
        "III/d Penata Tk. I",
        "1986-09-26",
        "L",
    )


def test_reimporting_the_same_file_changes_nothing(db, tmp_path):
    event = make_event(db)
    path = write(tmp_path / "peserta.csv", GOOD_SEMICOLON)
    run_import(db, event, path)
    with db.session() as session:
        queued = pending_count(session=session)
    report = run_import(db, event, path)
    assert report.as_dict() == {
        "imported": 0,
        "updated": 0,
        "unchanged": 3,
        "skipped": [],
        "not_people": 0,
        "warnings": [],
        "replaced": [],
        "columns": {
            "No": None,
            "Nama Lengkap": "full_name",
            "NIP/NIK": "nip",
            "Pangkat/Gol": "golongan",
            "Asal Instansi": "instansi",
            "E-mail": "email",
            "No. HP": "phone",
        },
        "sheets": [{"name": "peserta.csv", "read": True, "rows": 3}],
    }
    assert counts(db) == (3, 3)
    with db.session() as session:
        assert pending_count(session=session) == queued  # nothing new to send to HQ


def test_changed_details_update_without_duplicating(db, tmp_path):
    event = make_event(db)
    run_import(db, event, write(tmp_path / "a.csv", GOOD_SEMICOLON))
    changed = GOOD_SEMICOLON.replace("siti@example.go.id", "siti.baru@example.go.id")
    # and the name-only person is matched by name (titles ignored) plus instansi
    changed = changed.replace(
        "3;Budi Tanpa NIP;;;RSUD Undata;;", "3;dr. Budi Tanpa NIP;;;RSUD Undata;;0811"
    )
    report = run_import(db, event, write(tmp_path / "b.csv", changed))
    assert (report.imported, report.updated, report.unchanged) == (0, 2, 1)
    assert counts(db) == (3, 3)


def test_comma_file_with_bom_and_header_variants(db, tmp_path):
    event = make_event(db)
    content = (
        "Timestamp,Nama,NIP,Golongan,Jabatan,Unit Kerja,Instansi,Email,Telepon\n"
        f'2026/11/01,"Fauzan, Ahmad",{NIP_AHMAD},III/d,Analis,Bagian Umum,"Pemkot Palu",a@x.id,0812\n'
        f"2026/11/01,Rina Wulandari,{PPPK_RINA},IX,Guru,SDN 1,Dinas Pendidikan,r@x.id,0813\n"
    )
    path = write(tmp_path / "forms.csv", "\ufeff" + content)
    report = run_import(db, event, path)
    assert report.imported == 2 and report.skipped == []
    with db.session() as session:
        status = (
            session.connection()
            .execute(text("SELECT asn_status FROM participant WHERE nip = :n"), {"n": PPPK_RINA})
            .scalar_one()
        )
    assert status == "PPPK"


def test_windows_1252_file(db, tmp_path):
    event = make_event(db)
    content = f"Nama;NIP;Instansi\nDésy Ratnasari;{NIP_SITI};Dinas Kesehatan\n"
    path = write(tmp_path / "ansi.csv", content, encoding="cp1252")
    report = run_import(db, event, path)
    assert report.imported == 1
    with db.session() as session:
        name = session.connection().execute(text("SELECT full_name FROM participant")).scalar_one()
    assert name == "Désy Ratnasari"


def test_invalid_rows_are_reported_with_spreadsheet_row_numbers(db, tmp_path):
    event = make_event(db)
    content = (
        "Nama,NIP,Instansi,Email\n"  # row 1
        f"Ahmad,{NIP_AHMAD},Pemkot,\n"  # row 2 ok
        "Tanpa Tanggal,19861326 201505 1 001,Pemkot,\n"  # row 3 bad birth date
        ",{NIP_BUDI},Pemkot,\n"  # row 4 no name
        f"Ahmad Lagi,{NIP_AHMAD},Pemkot,\n"  # row 5 repeated NIP
        "Lama,010203040,Pemkot,\n"  # row 6 legacy NIP
        "Salah Email,,Pemkot,bukan-email\n"  # row 7 bad email
        ",,,\n"  # row 8 blank: ignored
        f"Siti,{NIP_SITI},Pemkot,\n"  # row 9 ok
    )
    report = run_import(db, event, write(tmp_path / "mixed.csv", content))
    assert report.imported == 3  # the person with a mistyped e-mail is imported, with a warning
    skipped = {item["row"]: item["reason"] for item in report.skipped}
    assert sorted(skipped) == [3, 4, 5, 6]
    assert "birth date" in skipped[3]
    assert "name" in skipped[4]
    assert "row 2" in skipped[5]
    assert "9-digit" in skipped[6]
    assert [(w["row"], w["field"]) for w in report.warnings] == [(7, "email")]
    assert "bukan-email" in report.warnings[0]["reason"]
    assert counts(db) == (3, 3)


def test_xlsx_with_title_rows_numeric_phone_and_a_nip_excel_rounded(db, tmp_path):
    event = make_event(db)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Daftar Peserta"])
    sheet.append([])
    sheet.append(["No", "Nama Peserta", "NIP", "Pangkat/Gol", "Instansi", "No HP"])
    sheet.append([1, "Budi Santoso, S.Kom.", NIP_BUDI, "IV/a", "BPS Sulteng", 81234567890])
    # An 18-digit NIP typed into a General cell: Excel keeps a float, the last digits are gone.
    sheet.append([2, "Ahmad Fauzan", int(NIP_AHMAD), "III/d", "Pemkot Palu", "0812"])
    path = tmp_path / "peserta.xlsx"
    workbook.save(path)
    report = run_import(db, event, path)
    assert report.imported == 1
    assert [s["row"] for s in report.skipped] == [5]
    assert "lost its last digits" in report.skipped[0]["reason"]
    with db.session() as session:
        phone = (
            session.connection()
            .execute(text("SELECT phone FROM participant WHERE nip = :n"), {"n": NIP_BUDI})
            .scalar_one()
        )
    assert phone == "81234567890"


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        ("empty.csv", b"", "empty"),
        ("noheader.csv", b"a;b;c\n1;2;3\n", "no header row"),
        ("binary.csv", b"\x00\x01\x02garbage" * 10, "not a text"),
        ("fake.xlsx", b"this is not a workbook", "not an Excel"),
        ("broken.xlsx", b"PK\x03\x04 broken zip", "not a readable Excel"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel"),
    ],
)
def test_refused_files_change_nothing(db, tmp_path, name, payload, message):
    event = make_event(db)
    before = counts(db)
    path = tmp_path / name
    path.write_bytes(payload)
    with pytest.raises(ImportRefused, match=message) as caught:
        run_import(db, event, path)
    assert name in str(caught.value)
    assert counts(db) == before


def test_oversized_file_is_refused(db, tmp_path, monkeypatch):
    event = make_event(db)
    monkeypatch.setattr(tables, "MAX_FILE_BYTES", 100)
    path = write(tmp_path / "big.csv", GOOD_SEMICOLON)
    with pytest.raises(ImportRefused, match="limit"):
        run_import(db, event, path)
    assert counts(db) == (0, 0)


def test_missing_file_is_refused(db, tmp_path):
    event = make_event(db)
    with pytest.raises(ImportRefused, match="does not exist"):
        run_import(db, event, tmp_path / "nope.csv")


def test_a_failure_midway_rolls_back_everything(db, tmp_path, monkeypatch):
    """No half-written import: an error after rows were inserted leaves the database as it was."""
    from desktop.core.importers import preregistration

    event = make_event(db)

    def explode(**_kwargs):
        raise RuntimeError("disk went away")

    monkeypatch.setattr(preregistration.outbox, "enqueue", explode)
    with pytest.raises(RuntimeError):
        run_import(db, event, write(tmp_path / "p.csv", GOOD_SEMICOLON))
    assert counts(db) == (0, 0)


def test_column_map_override_from_the_preview(db, tmp_path):
    event = make_event(db)
    content = f"Nama,Nomor Pegawai,Kantor\nAhmad,{NIP_AHMAD},Pemkot Palu\n"
    path = write(tmp_path / "odd.csv", content)
    # Detected: only the name. The operator maps "Nomor Pegawai" -> nip and "Kantor" -> instansi.
    report = run_import(db, event, path, columns={"Nomor Pegawai": "nip", "KANTOR": "instansi"})
    assert report.imported == 1
    with db.session() as session:
        row = session.connection().execute(text("SELECT nip, instansi FROM participant")).one()
    assert row == (NIP_AHMAD, "Pemkot Palu")


def test_a_bulk_import_indexes_everyone_and_puts_the_trigger_back_unchanged(db, tmp_path):
    """Imports index in one statement with the insert trigger dropped (desktop/core/search_index.py);
    afterwards search finds the imported people and walk-ins are indexed by the trigger again."""
    from desktop.core.registry import search_participants
    from tests.desktop.helpers import register

    def trigger_sql() -> str:
        with db.session() as session:
            return str(
                session.connection()
                .execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'participant_fts_insert'")
                )
                .scalar()
            )

    event = make_event(db)
    before = trigger_sql()
    run_import(db, event, write(tmp_path / "peserta.csv", GOOD_SEMICOLON))
    assert trigger_sql() == before
    register(db, event, "Walk In Sesudah Impor", None)
    with db.session() as session:
        found = {
            h.full_name
            for q in ("nurhaliza", "fauzan", "walk sesudah")
            for h in search_participants(session=session, event_id=event, query=q).hits
        }
    assert found == {
        "Siti Nurhaliza, S.E.",
        "Dr. H. Ahmad Fauzan, S.H., M.H.",
        "Walk In Sesudah Impor",
    }


def test_a_failed_import_leaves_the_trigger_in_place(db, tmp_path, monkeypatch):
    from desktop.core.importers import preregistration

    event = make_event(db)
    monkeypatch.setattr(
        preregistration.outbox, "enqueue", lambda **_: (_ for _ in ()).throw(RuntimeError("x"))
    )
    with pytest.raises(RuntimeError):
        run_import(db, event, write(tmp_path / "p.csv", GOOD_SEMICOLON))
    with db.session() as session:
        assert (
            session.connection()
            .execute(
                text("SELECT COUNT(*) FROM sqlite_master WHERE name = 'participant_fts_insert'")
            )
            .scalar()
            == 1
        )


FIXTURES = Path(__file__).parent / "fixtures" / "prereg"


def test_google_forms_headers_with_notes_and_numbers_as_people_type_them(db, tmp_path):
    event = make_event(db)
    report = run_import(db, event, FIXTURES / "google_forms_id.csv")
    assert report.as_dict()["skipped"] == []
    assert report.imported == 4
    with db.session() as session:
        rows = (
            session.connection()
            .execute(
                text(
                    "SELECT full_name, nip, nik, email, phone, jabatan, unit_kerja, instansi, asn_status "
                    "FROM participant ORDER BY full_name"
                )
            )
            .all()
        )
    by_name = {r[0]: r for r in rows}
    ahmad = by_name["Dr. H. Ahmad Fauzan, S.H., M.H."]
    assert ahmad[1] == NIP_AHMAD  # "NIP. 19860926 201505 1 001"
    assert ahmad[4] == "+6281234567890" and ahmad[5] == "Analis Hukum"
    assert ahmad[6] == "Pemerintah Kota Palu"  # "Unit Kerja / Instansi" is not dropped
    assert by_name["Siti Nurhaliza, S.E."][1] == NIP_SITI  # apostrophe kept from Sheets
    for guest in ("Rahmat Hidayat", "Nur Aisyah"):  # "-" and "Tidak ada": no number, a guest
        assert by_name[guest][1] is None and by_name[guest][2] is None
        assert by_name[guest][8] == "NON_ASN" or by_name[guest][8] == "Non-ASN"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Nama Lengkap (beserta gelar)", "full_name"),
        ("Nama (tanpa gelar)", "full_name"),
        ("NIP (jika ada)", "nip"),
        ("NIP/NIK", "nip"),
        ("Unit Kerja / Instansi", "unit_kerja"),
        ("Asal Instansi/OPD", "instansi"),
        ("Satuan Kerja", "unit_kerja"),
        ("No. WhatsApp (aktif)", "phone"),
        ("Nomor HP/WA", "phone"),
        ("Alamat email", "email"),
        ("Email Address", "email"),
        ("Jabatan", "jabatan"),
        ("Pangkat/Golongan", "golongan"),
    ],
)
def test_headers_are_recognised_by_meaning(header, field):
    from desktop.core.importers.preregistration import match_header

    assert match_header(header) == field


def test_excel_cut_numbers_are_reported_not_stored(db, tmp_path):
    """A 16-digit NIK typed into a General cell keeps 15 digits (its last becomes 0), and a CSV
    saved from such a sheet writes 1,97805E+17: both are reported, never stored."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No", "Nama", "NIK", "Instansi"])
    sheet.append([1, "Tamu Satu", 7271016505900000, "LSM"])  # what Excel kept of 7271016505900003
    sheet.append([2, "Tamu Dua", "7271016505900003", "LSM"])  # typed as Text: fine
    path = tmp_path / "nik.xlsx"
    workbook.save(path)
    event = make_event(db)
    report = run_import(db, event, path)
    assert report.imported == 1
    assert [s["row"] for s in report.skipped] == [2]
    assert "format the column as Text" in report.skipped[0]["reason"]
    csv_path = write(tmp_path / "nip.csv", "Nama;NIP\nAhmad;1,97805E+17\n")
    event2 = make_event(db, title="Lain")
    report = run_import(db, event2, csv_path)
    assert report.imported == 0 and "Excel" in report.skipped[0]["reason"]


def kanwil_template(path: Path) -> Path:
    """A Kanwil's own Excel template: merged title rows, the header, the column-number row under
    it, the list, a JUMLAH row and the signature block (shared/domain notes, "Kanwil Excel
    templates")."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Peserta"
    sheet.append(["DAFTAR PESERTA KEGIATAN PENGUATAN KAPASITAS HAM"])
    sheet.merge_cells("A1:H1")
    sheet.append(["KANWIL KEMENTERIAN HAK ASASI MANUSIA SULAWESI TENGAH"])
    sheet.merge_cells("A2:H2")
    sheet.append([])
    sheet.append(["NO", "NAMA", "NIP", "PANGKAT/GOL", "JABATAN", "UNIT KERJA", "NO. HP", "KET"])
    sheet.append([1, 2, 3, 4, 5, 6, 7, 8])
    sheet.append(
        [
            1,
            "Dr. H. Ahmad Fauzan, S.H.",
            NIP_AHMAD,
            "Penata Tk. I / III.d",
            "Analis",
            "Pemkot Palu",
            "081234567890",
            "",
        ]
    )
    sheet.append(
        [
            2,
            "Siti Nurhaliza, S.E.",
            NIP_SITI,
            "Penata Muda / III.a",
            "Penyuluh",
            "Dinsos Donggala",
            "081234567891",
            "",
        ]
    )
    sheet.append(["", "JUMLAH PESERTA : 2 ORANG", "", "", "", "", "", ""])
    sheet.append([])
    sheet.append(["", "", "", "", "", "Palu, 20 November 2026", "", ""])
    sheet.append(["", "", "", "", "", "Kepala Kantor Wilayah,", "", ""])
    sheet.append([])
    sheet.append(["", "", "", "", "", "Budi Santoso, S.H., M.H.", "", ""])
    sheet.append(["", "", "", "", "", f"NIP. {NIP_BUDI}", "", ""])
    workbook.save(path)
    return path


def test_totals_column_numbers_and_signature_block_are_not_people(db, tmp_path):
    event = make_event(db)
    report = run_import(db, event, kanwil_template(tmp_path / "template.xlsx"))
    assert report.imported == 2
    assert report.skipped == []
    # the column-number row, JUMLAH, the blank row, and the signature block's five rows
    assert report.not_people == 8
    with db.session() as session:
        names = session.connection().execute(text("SELECT full_name FROM participant")).scalars()
        assert sorted(names) == ["Dr. H. Ahmad Fauzan, S.H.", "Siti Nurhaliza, S.E."]


@pytest.mark.parametrize(
    "address", ["dewi@kemenham,go.id", "dewi@kemenhamgoid", "dewi @kemenham.go.id"]
)
def test_a_mistyped_email_imports_the_person_but_not_the_address(db, tmp_path, address):
    event = make_event(db)
    path = write(tmp_path / "form.csv", f'Nama,Alamat email\nDewi Lestari,"{address}"\n')
    report = run_import(db, event, path)
    assert report.imported == 1 and report.skipped == []
    assert [(w["row"], w["field"], w["code"], w["params"]) for w in report.warnings] == [
        (2, "email", "import_bad_email", {"value": address})
    ]
    assert address in report.warnings[0]["reason"]
    with db.session() as session:
        stored = session.connection().execute(text("SELECT email FROM participant")).scalar_one()
    assert stored is None  # never used for sending


def test_a_form_answered_twice_keeps_the_latest_answer(db, tmp_path):
    """Google Forms: people submit again to correct themselves; the later timestamp wins, even in
    a sheet sorted by name, and the earlier row is reported as replaced."""
    content = (
        "Timestamp,Email Address,Nama Lengkap (beserta gelar),NIP (jika ada),Jabatan\n"
        f"2026/11/18 10:30:00 AM GMT+8,ahmad@palu.go.id,Ahmad Fauzan S.H.,{NIP_AHMAD},Analis Hukum\n"
        f"2026/11/18 9:02:11 AM GMT+8,ahmad@palu.go.id,Ahmad Fauzan,{NIP_AHMAD},Analis\n"
        "2026/11/18 9:05:00 AM GMT+8,dewi@gmail.com,Dewi Lestari,-,Pendamping\n"
        "2026/11/18 1:15:00 PM GMT+8,dewi@gmail.com,Dewi Lestari M.Si.,-,Pendamping Desa\n"
    )
    event = make_event(db)
    report = run_import(db, event, write(tmp_path / "form.csv", content))
    assert report.imported == 2 and report.skipped == []
    assert sorted((r["row"], r["by_row"]) for r in report.replaced) == [(3, 2), (4, 5)]
    with db.session() as session:
        rows = dict(
            session.connection().execute(text("SELECT full_name, jabatan FROM participant")).all()
        )
    assert rows == {"Ahmad Fauzan S.H.": "Analis Hukum", "Dewi Lestari M.Si.": "Pendamping Desa"}


def test_the_window_gets_a_code_for_excel_damage_in_a_workbook_and_in_a_csv(db, tmp_path):
    """The window's import (desktop/services/imports.py) names both kinds of Excel damage with the code
    its translated sentence needs, as the core's report gives it."""
    from desktop.services.imports import run_import as window_import

    workbook = Workbook()
    workbook.active.append(["Nama", "NIK"])
    workbook.active.append(["Tamu Satu", 7271016505900000])
    xlsx = tmp_path / "nik.xlsx"
    workbook.save(xlsx)
    csv_path = write(tmp_path / "nip.csv", "Nama;NIP\nAhmad;1,97805E+17\n")
    for path, number in ((xlsx, "NIK"), (csv_path, "NIP")):
        summary = window_import(
            db,
            event_id=make_event(db, title=path.name),
            desk_id=desk(db).desk_id,
            path=path,
            columns={"Nama": "full_name", number: "nip"},
            operator="Rina",
            progress=lambda _done, _total: None,
        )
        assert [(s.row, s.code) for s in summary.skipped] == [(2, "import_excel_damaged")]


def test_the_packaged_header_list_is_found_and_read():
    """resources/import/headers.toml is where the source tree and the bundle keep it
    (installer/hadir.spec copies resources/ whole), and it names every field."""
    from desktop.core.importers import preregistration

    path = preregistration.vocabulary_path()
    assert path.is_file() and path.parent.parent.name == "resources"
    vocabulary = preregistration.header_vocabulary()
    assert set(vocabulary.aliases) == set(preregistration.FIELDS)
    assert all(vocabulary.aliases.values())
    assert "cap waktu" in vocabulary.timestamps and "ttd" in vocabulary.ignored
    # The bundle copies resources/ whole, so resources_dir() finds the file frozen as well; a spec
    # that narrowed this to some subfolders would lose it.
    spec = (Path(__file__).parents[2] / "installer" / "hadir.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec


def test_a_header_an_office_adds_to_its_copy_of_the_list_is_honoured(db, tmp_path):
    from desktop.core.importers import preregistration

    packaged = preregistration.vocabulary_path().read_text(encoding="utf-8")
    added = packaged.replace('"Nama Anda",', '"Nama Anda", "Nama Pegawai (sesuai SK)",')
    assert added != packaged
    copy = tmp_path / "headers.toml"
    copy.write_text(added, encoding="utf-8")
    vocabulary = preregistration.load_header_vocabulary(copy)
    assert preregistration.match_header("NAMA PEGAWAI", vocabulary) == "full_name"
    assert preregistration.match_header("Nama Pegawai") is None  # the packaged list is unchanged
    table = tables.read_table(
        write(tmp_path / "list.csv", f"Nama Pegawai;NIP\nAhmad;{NIP_AHMAD}\n")
    )
    plan = preregistration.detect_columns(table, vocabulary)
    assert plan.mapping == {0: "full_name", 1: "nip"}


@pytest.mark.parametrize(
    ("mistake", "says"),
    [
        ('[jabatan]\nheaders = ["Jabatan"]', "twice"),  # the same section twice: TOML says where
        ('[pekerjaan]\nheaders = ["Pekerjaan"]', "[pekerjaan] is not a field"),
        ('[tambahan]\nlabel = "x"', "[tambahan] is not a field"),
    ],
)
def test_a_mistyped_header_list_is_refused_with_the_file_and_section(tmp_path, mistake, says):
    from desktop.core.importers import preregistration

    copy = tmp_path / "headers.toml"
    copy.write_text(
        preregistration.vocabulary_path().read_text(encoding="utf-8") + "\n" + mistake,
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"headers\.toml") as refused:
        preregistration.load_header_vocabulary(copy)
    assert says in str(refused.value)


def test_one_header_under_two_fields_is_refused(tmp_path):
    from desktop.core.importers import preregistration

    packaged = preregistration.vocabulary_path().read_text(encoding="utf-8")
    copy = tmp_path / "headers.toml"
    copy.write_text(
        packaged.replace('"Jabatan Peserta"', '"Jabatan Peserta", "Unit"'), encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r'"Unit" is under both \[jabatan\] and \[unit_kerja\]'):
        preregistration.load_header_vocabulary(copy)


def test_every_sheet_with_a_list_is_read_and_a_summary_sheet_first_is_named_not_read(db, tmp_path):
    from tests.desktop.fixtures.prereg.workbooks import DONGGALA, PALU, kanwil_workbook

    event = make_event(db)
    report = run_import(db, event, kanwil_workbook(tmp_path / "kanwil.xlsx"))
    assert report.imported == len(PALU) + len(DONGGALA) == 5
    assert report.skipped == [] and report.not_people == 2 * 8
    assert report.sheets == [
        {"name": "REKAP", "read": False, "rows": 5},
        {"name": "Kota Palu", "read": True, "rows": 2},
        {"name": "Kab. Donggala", "read": True, "rows": 3},
    ]
    assert report.columns["UNIT KERJA"] == "unit_kerja" and report.columns["KET"] is None
    with db.session() as session:
        units = dict(
            session.connection().execute(text("SELECT nip, unit_kerja FROM participant")).all()
        )
    assert (
        units[DONGGALA[2][1]] == "Bappeda Kab. Donggala"
        and units[PALU[0][1]] == "Bagian Hukum Pemkot Palu"
    )
    assert run_import(db, event, tmp_path / "kanwil.xlsx").unchanged == 5  # again: nothing changes


def test_only_the_named_sheet_is_read(db, tmp_path):
    from tests.desktop.fixtures.prereg.workbooks import DONGGALA, kanwil_workbook

    path = kanwil_workbook(tmp_path / "kanwil.xlsx")
    event = make_event(db)
    report = run_import(db, event, path, sheet="kab. donggala")
    assert report.imported == len(DONGGALA)
    assert [(s["name"], s["read"]) for s in report.sheets] == [
        ("REKAP", False),
        ("Kota Palu", False),
        ("Kab. Donggala", True),
    ]
    with pytest.raises(ImportRefused) as missing:
        run_import(db, event, path, sheet="Peserta Tambahan")
    assert missing.value.code == "import_no_sheet"
    assert (
        "no sheet named “Peserta Tambahan”; its sheets are “REKAP”, “Kota Palu”, “Kab. Donggala”"
        in str(missing.value)
    )
    with pytest.raises(
        ImportRefused, match="sheet “REKAP”: no header row with a name column"
    ) as rekap:
        run_import(db, event, path, sheet="REKAP")
    assert rekap.value.code == "import_no_header"
    assert counts(db) == (3, 3)  # the refusals changed nothing


def test_a_person_on_two_sheets_is_one_registration_unless_the_details_differ(db, tmp_path):
    workbook = Workbook()
    day_one = workbook.active
    day_one.title = "Hari 1"
    day_two = workbook.create_sheet("Hari 2")
    for sheet in (day_one, day_two):
        sheet.append(["No", "Nama", "NIP", "Instansi"])
        sheet.append([1, "Ahmad Fauzan", NIP_AHMAD, "Pemkot Palu"])
    day_two.append([2, "Siti Nurhaliza", NIP_SITI, "Dinsos"])
    extra = workbook.create_sheet("Peserta Tambahan")
    extra.append(["No", "Nama", "NIP", "Instansi"])
    extra.append([1, "Budi Lain", NIP_AHMAD, "Kab. Sigi"])  # Ahmad's number, someone else
    path = tmp_path / "per-hari.xlsx"
    workbook.save(path)
    report = run_import(db, make_event(db), path)
    assert report.imported == 2
    assert [(s["sheet"], s["row"], s["code"]) for s in report.skipped] == [
        ("Peserta Tambahan", 2, "import_repeated_sheet")
    ]
    assert report.skipped[0]["params"] == {
        "number": NIP_AHMAD,
        "first_row": 2,
        "first_sheet": "Hari 1",
    }


def test_a_column_without_header_text_is_chosen_by_its_position(db, tmp_path):
    """A CSV whose name column has no header: "#2" names it. In a workbook a "#N" choice never makes
    a summary sheet a list (REKAP's second column would otherwise "be" names)."""
    csv_path = write(tmp_path / "tanpa-judul.csv", f"No;;NIP\n1;Ahmad Fauzan;{NIP_AHMAD}\n")
    report = run_import(db, make_event(db), csv_path, columns={"#2": "full_name"})
    assert report.imported == 1 and report.columns == {"No": None, "#2": "full_name", "NIP": "nip"}
    workbook = Workbook()
    rekap = workbook.active
    rekap.title = "REKAP"
    rekap.append(["NO", "KABUPATEN/KOTA", "INSTANSI", "JUMLAH"])
    rekap.append([1, "Kota Palu", "Pemkot Palu", 1])
    peserta = workbook.create_sheet("Peserta")
    peserta.append(["No", "Nama", "NIP", "Instansi", ""])
    peserta.append([1, "Siti Nurhaliza", NIP_SITI, "Dinsos", "081234567891"])
    path = tmp_path / "dengan-rekap.xlsx"
    workbook.save(path)
    report = run_import(
        db, make_event(db, title="Dua"), path, columns={"#2": "full_name", "#5": "phone"}
    )
    assert report.imported == 1 and [s["read"] for s in report.sheets] == [False, True]
    with db.session() as session:
        phone = (
            session.connection()
            .execute(text("SELECT phone FROM participant WHERE nip = :n"), {"n": NIP_SITI})
            .scalar_one()
        )
    assert phone == "081234567891"


def test_the_window_s_full_mapping_names_each_column_once(db, tmp_path):
    """Headers that fold alike ("No" and "NO.") or are empty are named by position, so choosing
    one never changes the other."""
    from desktop.core.importers.preregistration import column_choices

    headers = ["No", "Nama", "NO.", "", "Instansi"]
    choices = column_choices(headers, {1: "full_name", 2: "nip", 4: "instansi"})
    assert choices == {
        "#1": None,
        "Nama": "full_name",
        "#3": "nip",
        "#4": None,
        "Instansi": "instansi",
    }
    path = write(tmp_path / "dua-no.csv", f"No;Nama;NO.;;Instansi\n1;Ahmad;{NIP_AHMAD};x;Pemkot\n")
    report = run_import(db, make_event(db), path, columns=choices)
    assert report.imported == 1
    with db.session() as session:
        assert (
            session.connection().execute(text("SELECT nip FROM participant")).scalar_one()
            == NIP_AHMAD
        )


def test_an_office_s_own_headers_beside_its_database_are_honoured(db, tmp_path):
    """import-headers.toml in the desk's data folder adds to the packaged list (an update of Hadir
    replaces resources/, not the data folder); the window's preview and the import both read it."""
    from desktop.core.importers import preregistration
    from desktop.services.imports import preview

    path = write(
        tmp_path / "sk.csv", f"No;Nama Pegawai (sesuai SK);NIP Baru\n1;Ahmad Fauzan;{NIP_AHMAD}\n"
    )
    event = make_event(db)

    def import_it():
        return imports.import_list(
            db=db, event_id=event, desk_id=desk(db).desk_id, path=path, operator="Rina"
        )

    with pytest.raises(ImportRefused, match="no header row with a name column"):
        import_it()
    (db.folder / preregistration.OFFICE_VOCABULARY).write_text(
        '[full_name]\nheaders = ["Nama Pegawai"]\n\n[nip]\nheaders = ["NIP Baru"]\n',
        encoding="utf-8",
    )
    preregistration.header_vocabulary.cache_clear()  # read once per process: as at the next start
    try:
        assert preview(path, data_folder=db.folder).mapping == {1: "full_name", 2: "nip"}
        report = import_it()
        # The packaged headers still count alongside the office's.
        assert preregistration.header_vocabulary(db.folder).by_header["nama lengkap"] == "full_name"
    finally:
        preregistration.header_vocabulary.cache_clear()
    assert report.imported == 1 and report.columns["NIP Baru"] == "nip"


def test_a_mistyped_office_header_file_is_refused_naming_it(tmp_path):
    from desktop.core.importers import preregistration

    extra = tmp_path / preregistration.OFFICE_VOCABULARY
    extra.write_text('[unit_kerja]\nheaders = ["Jabatan"]\n', encoding="utf-8")
    with pytest.raises(
        ValueError, match=r'import-headers\.toml: the header "Jabatan" is under both \[jabatan\]'
    ):
        preregistration.load_header_vocabulary(extra=extra)
