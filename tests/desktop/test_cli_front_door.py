"""hadir-cli goes through the same front door as the window (desktop/services): every action
leaves an audit line with the ``--operator`` given, and the window's checks (a signatory's NIP)
hold for the CLI too. Run in-process through ``desktop.cli.main``, the function the console script
calls, so a dozen actions stay quick."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.cli import main
from desktop.core.db import Database
from tests.desktop.helpers import NIP_AHMAD, NIP_SITI

OPERATOR = "Rina (meja 1)"


def cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str, code: int = 0) -> object:
    capsys.readouterr()
    result = main(["--data-dir", str(data_dir), "--operator", OPERATOR, "--json", *args])
    out = capsys.readouterr()
    assert result == code, out.err
    return json.loads(out.out.strip().splitlines()[-1])


def audit_actions(data_dir: Path) -> list[tuple[str, str, dict[str, object]]]:
    db = Database(data_dir)
    try:
        with db.session() as session:
            rows = session.connection().execute(
                text("SELECT operator, action, detail FROM audit_entry ORDER BY at, rowid")
            )
            return [(who, action, json.loads(detail)) for who, action, detail in rows]
    finally:
        db.close()


def test_every_cli_action_is_audited_with_its_operator(capsys, data_dir, tmp_path):
    def actions_since(before: int) -> list[str]:
        lines = audit_actions(data_dir)[before:]
        assert {who for who, _a, _d in lines} <= {OPERATOR}, lines
        return [action for _who, action, _detail in lines]

    def step(expected: str, *args: str) -> object:
        before = len(audit_actions(data_dir))
        answer = cli(capsys, data_dir, *args)
        assert expected in actions_since(before), (args, actions_since(before))
        return answer

    step("desk.setup", "desk", "setup", "--office", "SULTENG", "--name", "Meja 1")
    event = step(
        "event.create",
        "event",
        "create",
        "--title",
        "Penguatan HAM",
        "--start",
        "2026-11-24T08:00",
        "--end",
        "2026-11-24T16:00",
        "--timezone",
        "Asia/Makassar",
    )
    event_id = str(event["event_id"])  # type: ignore[index]
    people = tmp_path / "peserta.csv"
    people.write_text(
        f"Nama;NIP;Instansi\nAhmad Fauzan;{NIP_AHMAD};Pemkot Palu\nSiti;{NIP_SITI};Dinsos\n",
        encoding="utf-8",
    )
    step("import", "import", "participants", str(people), "--event", event_id)
    checked = step("checkin", "checkin", "--event", event_id, "--nip", NIP_AHMAD, "--day", "1")
    assert checked["status"] == "checked_in"  # type: ignore[index]
    step("undo", "undo", str(checked["checkin_id"]))  # type: ignore[index]
    step("checkin", "checkin", "--event", event_id, "--nip", NIP_AHMAD, "--day", "1")
    listed = cli(capsys, data_dir, "participants", "list", "--event", event_id)
    siti = next(p["id"] for p in listed if p["nip"] == NIP_SITI)  # type: ignore[attr-defined]
    step(
        "certificate.override",
        "certificates",
        "override",
        "--event",
        event_id,
        "--participant",
        siti,
        "--reason",
        "Surat tugas, hadir sore",
    )
    step(
        "certificate.signatories",
        "certificates",
        "signatories",
        "--event",
        event_id,
        "--block",
        "Kepala Kantor Wilayah",
        "Dr. Budi Santoso",
        NIP_SITI,
    )
    step("certificate.numbering", "certificates", "numbering", "--desk-code", "M1")
    step(
        "certificate.save_pdf",
        "certificates",
        "render",
        "--event",
        event_id,
        "--out",
        str(tmp_path / "sertifikat.pdf"),
    )
    number = cli(capsys, data_dir, "certificates", "list", "--event", event_id)[0]["number"]  # type: ignore[index]
    step("certificate.revoke", "certificates", "revoke", str(number), "--reason", "Salah nama")
    step(
        "report.daftar_hadir",
        "report",
        "daftar-hadir",
        "--event",
        event_id,
        "--day",
        "1",
        "--out",
        str(tmp_path / "daftar.pdf"),
    )
    step(
        "attendance.export",
        "export",
        "attendance",
        "--event",
        event_id,
        "--out",
        str(tmp_path / "hadir.xlsx"),
    )
    step("person.export", "person", "export", "--nip", NIP_SITI, "--out", str(tmp_path / "p.json"))
    step("person.erase", "person", "erase", "--nip", NIP_SITI, "--reason", "Permintaan tertulis")
    step("backup.create", "backup", "create")
    step("desk.demo", "demo", "--participants", "5", "--attended", "2")


def test_the_cli_refuses_a_signatory_nip_the_window_refuses(capsys, data_dir):
    event = cli(
        capsys,
        data_dir,
        "event",
        "create",
        "--title",
        "HAM",
        "--start",
        "2026-11-24T08:00",
        "--end",
        "2026-11-24T16:00",
        "--timezone",
        "Asia/Jakarta",
        "--office",
        "SULTENG",
    )
    event_id = str(event["event_id"])  # type: ignore[index]
    refused = cli(
        capsys,
        data_dir,
        "certificates",
        "signatories",
        "--event",
        event_id,
        "--block",
        "Kepala",
        "Dr. Budi",
        "bukan-nip",
        code=1,
    )
    assert refused["code"] == "signatory_nip"  # type: ignore[index]
    shown = cli(capsys, data_dir, "certificates", "signatories", "--event", event_id)
    assert all(block["name"] != "Dr. Budi" for block in shown)  # type: ignore[attr-defined]
