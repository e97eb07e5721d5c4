"""hadir-cli through real subprocesses: JSON on the last line, one-sentence errors, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.desktop.helpers import NIP_AHMAD, NIP_SITI

CLI = shutil.which("hadir-cli", path=str(Path(sys.executable).parent)) or "hadir-cli"


def run(data_dir: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HADIR_DATA_DIR": str(data_dir)}
    result = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120, env=env)
    if ok:
        assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def last_json(result: subprocess.CompletedProcess[str]):
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def event_id(data_dir: Path) -> str:
    result = run(
        data_dir,
        "event",
        "create",
        "--title",
        "Penguatan Kapasitas HAM",
        "--start",
        "2026-11-24T08:00",
        "--end",
        "2026-11-25T12:00",
        "--timezone",
        "Asia/Makassar",
        "--mode",
        "hybrid",
        "--venue",
        "Aula",
        "--jp",
        "8",
        "--office",
        "SULTENG",
        "--json",
    )
    return str(last_json(result)["event_id"])


def test_version_and_offices(data_dir):
    assert "hadir" in run(data_dir, "--version").stdout
    offices = last_json(run(data_dir, "office", "list", "--json"))
    assert {
        "code": "SULTENG",
        "name": "Kantor Wilayah Kementerian Hak Asasi Manusia Sulawesi Tengah",
    } in offices
    assert len(offices) == 20


def test_full_flow_import_list_checkin(data_dir, tmp_path, event_id):
    listed = last_json(run(data_dir, "--json", "event", "list"))
    assert (
        listed[0]["id"] == event_id
        and listed[0]["days"] == 2
        and listed[0]["timezone"] == "Asia/Makassar"
    )
    csv = tmp_path / "peserta.csv"
    csv.write_text(
        "Nama;NIP;Instansi;Email\n"
        f"Dr. H. Ahmad Fauzan, S.H.;19860926 201505 1 001;Pemkot Palu;ahmad@palu.go.id\n"
        f"Siti;{NIP_SITI};Dinsos;\n"
        "Rusak;123;X;\n",
        encoding="utf-8",
    )
    report = last_json(
        run(data_dir, "import", "participants", str(csv), "--event", event_id, "--json")
    )
    assert report["imported"] == 2 and report["updated"] == 0 and report["unchanged"] == 0
    assert [(s["row"], s["code"]) for s in report["skipped"]] == [(4, "bad_length")]
    assert "123" in report["skipped"][0]["reason"]
    assert report["columns"] == {
        "Nama": "full_name",
        "NIP": "nip",
        "Instansi": "instansi",
        "Email": "email",
    }
    assert report["sheets"] == [{"name": "peserta.csv", "read": True, "rows": 3}]
    again = last_json(
        run(data_dir, "import", "participants", str(csv), "--event", event_id, "--json")
    )
    assert (again["imported"], again["unchanged"]) == (0, 2)

    first = last_json(
        run(
            data_dir,
            "checkin",
            "--event",
            event_id,
            "--nip",
            "19860926.201505.1.001",
            "--day",
            "1",
            "--json",
        )
    )
    assert (
        first["status"] == "checked_in" and first["desk"] == "Meja 1" and first["at"].endswith("Z")
    )
    second = last_json(
        run(data_dir, "checkin", "--event", event_id, "--nip", NIP_AHMAD, "--day", "1", "--json")
    )
    assert second["status"] == "already_checked_in" and second["at"] == first["at"]

    people = last_json(run(data_dir, "participants", "list", "--event", event_id, "--json"))
    assert {p["name"] for p in people} == {"Dr. H. Ahmad Fauzan, S.H.", "Siti"}
    for person in people:
        assert set(person) >= {
            "id",
            "name",
            "nip",
            "email",
            "instansi",
            "checked_in",
            "online_minutes",
            "eligible",
        }
    assert [p["checked_in"] for p in people if p["nip"] == NIP_AHMAD] == [True]
    assert [p["checked_in"] for p in people if p["nip"] == NIP_SITI] == [False]

    by_id = last_json(
        run(
            data_dir,
            "checkin",
            "--event",
            event_id,
            "--participant",
            next(p["id"] for p in people if p["nip"] == NIP_SITI),
            "--day",
            "2",
            "--json",
        )
    )
    assert by_id["status"] == "checked_in" and by_id["day"] == 2


def test_checkin_errors_are_one_sentence_and_non_zero(data_dir, event_id):
    bad = run(
        data_dir,
        "checkin",
        "--event",
        event_id,
        "--nip",
        "19861326 201505 1 001",
        "--day",
        "1",
        ok=False,
    )
    assert bad.returncode != 0 and "19861326 201505 1 001" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    unknown = run(
        data_dir, "checkin", "--event", event_id, "--nip", NIP_AHMAD, "--day", "1", ok=False
    )
    assert unknown.returncode != 0 and "not registered" in unknown.stderr
    legacy = run(data_dir, "checkin", "--event", event_id, "--nip", "010203040", "--json", ok=False)
    assert legacy.returncode != 0 and "9-digit" in legacy.stderr
    assert "error" in last_json(legacy)
    missing = run(data_dir, "participants", "list", "--event", "nope", ok=False)
    assert missing.returncode != 0 and "nope" in missing.stderr


def test_import_refusal_is_clear(data_dir, tmp_path, event_id):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook at all")
    result = run(data_dir, "import", "participants", str(junk), "--event", event_id, ok=False)
    assert result.returncode != 0 and "junk.xlsx" in result.stderr and "Excel" in result.stderr


def test_import_columns_mapped_by_hand(data_dir, tmp_path, event_id):
    """A list whose headers Hadir does not know: refused until the clerk says which column is the
    name; the result names every column and what it fed."""
    odd = tmp_path / "odd.csv"
    odd.write_text(
        f"Nama Pegawai;Nomor Pegawai;Kantor;Catatan\nAhmad Fauzan;{NIP_AHMAD};Pemkot Palu;x\n",
        encoding="utf-8",
    )
    refused = run(data_dir, "import", "participants", str(odd), "--event", event_id, ok=False)
    assert (
        refused.returncode == 1
        and "odd.csv" in refused.stderr
        and "which column is the name" in refused.stderr
    )
    report = last_json(
        run(
            data_dir,
            "import",
            "participants",
            str(odd),
            "--event",
            event_id,
            "--column",
            "Nama Pegawai=full_name",
            "--column",
            "nomor pegawai=NIP/NIK",
            "--column",
            "Kantor=Instansi",
            "--json",
        )
    )
    assert report["imported"] == 1 and report["skipped"] == []
    assert report["columns"] == {
        "Nama Pegawai": "full_name",
        "Nomor Pegawai": "nip",
        "Kantor": "instansi",
        "Catatan": None,
    }
    people = last_json(run(data_dir, "participants", "list", "--event", event_id, "--json"))
    assert [(p["name"], p["nip"], p["instansi"]) for p in people] == [
        ("Ahmad Fauzan", NIP_AHMAD, "Pemkot Palu")
    ]


@pytest.mark.parametrize(
    ("column", "says"),
    [
        ("Kantor=kantor", ["“kantor” is not a field", "full_name, nip, asn_status", "Kantor"]),
        ("Nomor HP=phone", ["no column is headed “Nomor HP”", "“Kantor”", "“Nama Pegawai”"]),
        ("Kantor", ["HEADER=FIELD", "Kantor"]),
    ],
)
def test_a_bad_column_choice_is_refused_naming_it_and_the_valid_ones(
    data_dir, tmp_path, event_id, column, says
):
    odd = tmp_path / "odd.csv"
    odd.write_text(
        f"Nama Pegawai;Nomor Pegawai;Kantor\nAhmad Fauzan;{NIP_AHMAD};Pemkot Palu\n",
        encoding="utf-8",
    )
    refused = run(
        data_dir,
        "import",
        "participants",
        str(odd),
        "--event",
        event_id,
        "--column",
        "Nama Pegawai=full_name",
        "--column",
        column,
        ok=False,
    )
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    for words in says:
        assert words in refused.stderr
    assert last_json(run(data_dir, "participants", "list", "--event", event_id, "--json")) == []


def test_import_workbook_sheets(data_dir, tmp_path, event_id):
    from tests.desktop.fixtures.prereg.workbooks import kanwil_workbook

    path = kanwil_workbook(tmp_path / "kanwil.xlsx")
    only = last_json(
        run(
            data_dir,
            "import",
            "participants",
            str(path),
            "--event",
            event_id,
            "--sheet",
            "Kota Palu",
            "--json",
        )
    )
    assert only["imported"] == 2
    assert only["sheets"] == [
        {"name": "REKAP", "read": False, "rows": 5},
        {"name": "Kota Palu", "read": True, "rows": 2},
        {"name": "Kab. Donggala", "read": False, "rows": 12},
    ]
    every = last_json(
        run(
            data_dir,
            "import",
            "participants",
            str(path),
            "--event",
            event_id,
            "--sheet",
            "all",
            "--json",
        )
    )
    assert (every["imported"], every["unchanged"]) == (3, 2)
    assert [s["read"] for s in every["sheets"]] == [False, True, True]
    missing = run(
        data_dir,
        "import",
        "participants",
        str(path),
        "--event",
        event_id,
        "--sheet",
        "Sigi",
        ok=False,
    )
    assert (
        missing.returncode == 1
        and "“Sigi”" in missing.stderr
        and "“Kab. Donggala”" in missing.stderr
    )


def test_demo_creates_people_and_checkins(data_dir):
    demo = last_json(
        run(
            data_dir,
            "demo",
            "--participants",
            "120",
            "--attended",
            "45",
            "--office",
            "SULBAR",
            "--json",
        )
    )
    people = last_json(run(data_dir, "participants", "list", "--event", demo["event_id"], "--json"))
    assert len(people) == 120 and sum(p["checked_in"] for p in people) == 45
    assert len({p["nip"] for p in people}) == 120
    events = last_json(run(data_dir, "event", "list", "--json"))
    assert events[0]["office"] == "SULBAR" and events[0]["timezone"] == "Asia/Makassar"
    bad = run(data_dir, "demo", "--office", "XX", ok=False)
    assert bad.returncode != 0 and "Unknown office code" in bad.stderr


def test_data_dir_flag_beats_environment(tmp_path):
    flag_dir = tmp_path / "flagged"
    run(tmp_path / "env", "--data-dir", str(flag_dir), "desk", "show", "--json")
    assert (flag_dir / "hadir.db").exists() and not (tmp_path / "env" / "hadir.db").exists()


def test_online_import_fills_minutes_and_eligibility(data_dir, tmp_path, event_id):
    fixtures = Path(__file__).parent / "fixtures" / "online"
    csv = tmp_path / "peserta.csv"
    csv.write_text(f"Nama,NIP,Email\nAhmad Fauzan,{NIP_AHMAD},ahmad@palu.go.id\n", encoding="utf-8")
    run(data_dir, "import", "participants", str(csv), "--event", event_id)
    summary = last_json(
        run(
            data_dir,
            "online",
            "import",
            str(fixtures / "zoom_basic_bom_ampm.csv"),
            "--event",
            event_id,
            "--min-minutes",
            "240",
            "--json",
        )
    )
    assert set(summary) >= {"people", "matched", "unmatched", "eligible", "unmatched_names"}
    assert (
        summary["matched"] == 1
        and summary["eligible"] == 1
        and "Orang Asing" in summary["unmatched_names"]
    )
    people = last_json(run(data_dir, "participants", "list", "--event", event_id, "--json"))
    # Day 1 runs 08.00-12.00 (the event ends at 12.00 each day): 240 of his 250 minutes count.
    assert [(p["online_minutes"], p["eligible"]) for p in people] == [(240, True)]
    refused = run(data_dir, "online", "import", str(csv), "--event", event_id, ok=False)
    assert refused.returncode == 1 and "peserta.csv" in refused.stderr


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`hadir-cli office list | head -0`: the reader is gone before we write; no traceback."""
    env = {**os.environ, "HADIR_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen(
        [CLI, "office", "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert (
        "Traceback" not in error and "BrokenPipe" not in error and "Exception ignored" not in error
    )


def test_end_of_input_at_the_passphrase_prompt_is_one_sentence():
    """Ctrl+D at the prompt: one sentence and exit code 1, not "Unexpected error (EOFError: )"."""
    script = (
        "import getpass, sys\n"
        "from desktop.cli import ask_passphrase\n"
        "from desktop.core.errors import HadirError\n"
        "sys.stdin.isatty = lambda: True\n"
        "def ended(prompt=''):\n"
        "    raise EOFError\n"
        "getpass.getpass = ended\n"
        "try:\n"
        "    ask_passphrase(repeat=False)\n"
        "except HadirError as error:\n"
        "    print(error.code, error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "passphrase_input_ended No passphrase given (input ended)."
