"""Certificates end to end: eligibility, issuing, numbering across desks, the printed page, the
QR decoded back from the rendered page and verified, reprints, revocation, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sqlmodel import select

from desktop.cli import main as cli_main
from desktop.core import numbering
from desktop.core.certificates import (
    batch,
    eligibility,
    issuing,
    printing,
    records,
    revocation,
    verification,
)
from desktop.core.certificates.models import Certificate, CertificatePrint
from desktop.core.db import Database
from desktop.core.errors import HadirError
from desktop.core.identity import format_nip
from sync.documents.templates import load_template
from tests.desktop.certificate_support import check_in, make_event, nip_for, rasterise


def render(db: Database, event_id: str, out: Path, **kwargs: Any) -> batch.BatchResult:
    return batch.render_event_certificates(
        db=db,
        event_id=event_id,
        out=out,
        operator="Rina",
        **kwargs,
    )


def decode_qr(png: Path) -> str:
    with Image.open(png) as image:
        found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, f"expected one QR code on the page, found {len(found)}"
    return str(found[0].text)


# --------------------------------------------------------------------------- eligibility


def test_only_participants_who_attended_enough_days_qualify(db: Database) -> None:
    sample = make_event(db, participants=4, days=3, min_days=2)
    a, b, c, d = sample.participant_ids
    check_in(db, sample, [a, b, c], day=1)
    check_in(db, sample, [a, b], day=2)
    check_in(db, sample, [a], day=3)
    with db.session() as session:
        status = {
            e.participant_id: e
            for e in eligibility.eligibility(session=session, event_id=sample.event_id)
        }
    assert [status[p].eligible for p in (a, b, c, d)] == [True, True, False, False]
    assert status[c].days_attended == 1 and status[c].days_required == 2


def test_without_min_days_every_day_is_required(db: Database) -> None:
    sample = make_event(db, participants=2, days=2)
    a, b = sample.participant_ids
    check_in(db, sample, [a, b], day=1)
    check_in(db, sample, [a], day=2)
    with db.session() as session:
        status = {
            e.participant_id: e.eligible
            for e in eligibility.eligibility(session=session, event_id=sample.event_id)
        }
    assert status == {a: True, b: False}


def test_online_minutes_rule_counts_when_given(db: Database) -> None:
    # Issue 7 fills OnlineRule from Zoom/Meet exports; the rule itself is already honoured.
    sample = make_event(db, participants=2, days=1)
    a, b = sample.participant_ids
    rule = eligibility.OnlineRule(min_minutes=180, minutes={a: 200, b: 90})
    with db.session() as session:
        status = {
            e.participant_id: e
            for e in eligibility.eligibility(session=session, event_id=sample.event_id, online=rule)
        }
    assert status[a].eligible and status[a].online_minutes == 200
    assert not status[b].eligible


def test_a_hybrid_events_online_participant_gets_a_certificate_sealed_daring(
    db: Database, tmp_path: Path
) -> None:
    from desktop.core import online
    from desktop.core.models import OnlinePerson

    sample = make_event(db, participants=3, days=1)
    at_desk, online_enough, online_short = sample.participant_ids
    check_in(db, sample, [at_desk])
    with db.write() as session:
        online.set_online_rule(session=session, event_id=sample.event_id, min_minutes=180)
        for index, (pid, minutes) in enumerate(((online_enough, 200), (online_short, 60))):
            session.add(
                OnlinePerson(
                    event_id=sample.event_id,
                    person_key=f"email:p{index}@example.go.id",
                    display_name=f"P{index}",
                    minutes=minutes,
                    participant_id=pid,
                    match="email",
                )
            )
    result = render(db, sample.event_id, tmp_path / "hybrid.pdf")
    assert result.render.pages == 2
    with db.session() as session:
        modes = {c.participant_id: c.mode for c in session.exec(select(Certificate))}
        verdict = verification.verify(
            session=session,
            token_or_url=records.list_certificates(session=session, event_id=sample.event_id)[
                0
            ].verify_url,
        )
    assert modes == {at_desk: "luring", online_enough: "daring"}
    assert verdict.valid


def test_ineligible_people_are_refused_until_an_override_with_a_reason(
    db: Database, tmp_path: Path
) -> None:
    sample = make_event(db, participants=2, days=1)
    present, absent = sample.participant_ids
    check_in(db, sample, [present])
    with pytest.raises(issuing.NotEligible, match=sample.names[1].split(",")[0]):
        render(db, sample.event_id, tmp_path / "x.pdf", participant_ids=[absent])
    assert not (tmp_path / "x.pdf").exists()
    with db.write() as session, pytest.raises(HadirError, match="reason"):
        eligibility.set_override(
            session=session,
            event_id=sample.event_id,
            participant_id=absent,
            eligible=True,
            reason=" ",
            operator="Rina",
        )
    with db.write() as session:
        eligibility.set_override(
            session=session,
            event_id=sample.event_id,
            participant_id=absent,
            eligible=True,
            reason="Sakit, hadir sesi daring",
            operator="Rina",
        )
    result = render(db, sample.event_id, tmp_path / "all.pdf")
    assert result.render.pages == 2
    with db.session() as session:
        status = {
            e.participant_id: e
            for e in eligibility.eligibility(session=session, event_id=sample.event_id)
        }
    assert status[absent].override is True
    assert status[absent].override_reason == "Sakit, hadir sesi daring"


# --------------------------------------------------------------------------- the printed page


def test_rendered_certificate_reads_right_and_its_qr_verifies_offline(
    db: Database, tmp_path: Path
) -> None:
    sample = make_event(db, participants=3, days=1)
    check_in(db, sample, sample.participant_ids)
    out = tmp_path / "sertifikat.pdf"
    result = render(db, sample.event_id, out)
    assert result.issued == 3 and result.render.pages == 3

    with db.session() as session:
        rows = records.list_certificates(session=session, event_id=sample.event_id)
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    first = rows[0]
    page_text = reader.pages[0].extract_text()
    for expected in (
        "SERTIFIKAT",
        f"Nomor: {first.number}",
        first.name,
        f"NIP. {format_nip(first.nip or '')}",
        "diberikan kepada",
        "Penguatan Kapasitas Hak Asasi Manusia bagi ASN",
        "Segel verifikasi Hadir",
        "Kantor Wilayah Kementerian Hak Asasi Manusia Sulawesi Tengah",
        "Palu, 23 November 2026",
        "32 JP",
    ):
        assert expected in page_text, expected
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape

    png = rasterise(out, 1)
    scanned = decode_qr(png)
    assert scanned == first.verify_url
    with db.session() as session:
        verdict = verification.verify(session=session, token_or_url=scanned)
    assert verdict.valid and verdict.number == first.number and verdict.name == first.name

    token = scanned.rsplit("/v/", 1)[1]
    middle = len(token) // 2
    tampered = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    with db.session() as session:
        verdict = verification.verify(session=session, token_or_url=tampered)
    assert not verdict.valid and "altered" in verdict.reason


def test_reprint_keeps_number_and_token_and_logs_each_print(db: Database, tmp_path: Path) -> None:
    sample = make_event(db, participants=2, days=1)
    check_in(db, sample, sample.participant_ids)
    render(db, sample.event_id, tmp_path / "first.pdf")
    with db.session() as session:
        before = {c.participant_id: (c.number, c.token) for c in session.exec(select(Certificate))}
    again = render(
        db, sample.event_id, tmp_path / "again.pdf", participant_ids=[sample.participant_ids[1]]
    )
    assert (again.issued, again.existing) == (0, 1)
    with db.session() as session:
        after = {c.participant_id: (c.number, c.token) for c in session.exec(select(Certificate))}
        prints = len(session.exec(select(CertificatePrint)).all())
    assert after == before
    assert prints == 3
    first_qr = decode_qr(rasterise(tmp_path / "first.pdf", 2))
    again_qr = decode_qr(rasterise(tmp_path / "again.pdf", 1))
    assert first_qr == again_qr


def test_revoked_certificate_fails_verification_and_its_number_is_never_reused(
    db: Database, tmp_path: Path
) -> None:
    sample = make_event(db, participants=1, days=1)
    check_in(db, sample, sample.participant_ids)
    render(db, sample.event_id, tmp_path / "a.pdf")
    with db.session() as session:
        (row,) = records.list_certificates(session=session, event_id=sample.event_id)
    with db.write() as session:
        revocation.revoke_certificate(
            session=session, number=row.number, reason="Nama salah ketik", operator="Rina"
        )
    with db.session() as session:
        verdict = verification.verify(session=session, token_or_url=row.verify_url)
        assert records.list_certificates(session=session, event_id=sample.event_id) == []
    assert not verdict.valid and "Nama salah ketik" in verdict.reason
    render(db, sample.event_id, tmp_path / "b.pdf")  # a new certificate replaces the revoked one
    with db.session() as session:
        (replacement,) = records.list_certificates(session=session, event_id=sample.event_id)
        every = [c.number for c in session.exec(select(Certificate))]
    assert replacement.number != row.number
    assert len(every) == len(set(every)) == 2


def test_a_changed_name_does_not_match_the_seal(db: Database, tmp_path: Path) -> None:
    sample = make_event(db, participants=1, days=1)
    check_in(db, sample, sample.participant_ids)
    render(db, sample.event_id, tmp_path / "a.pdf")
    with db.write() as session:
        certificate = session.exec(select(Certificate)).one()
        certificate.printed_name = "Someone Else"
        session.add(certificate)
        url = records.list_certificates(session=session, event_id=sample.event_id)[0].verify_url
    with db.session() as session:
        verdict = verification.verify(session=session, token_or_url=url)
    assert not verdict.valid and "name" in verdict.reason


# --------------------------------------------------------------------------- numbering


def test_numbers_are_unique_across_two_desks_working_offline(tmp_path: Path) -> None:
    numbers: list[str] = []
    for desk in ("desk-a", "desk-b"):
        db = Database(tmp_path / desk)
        try:
            sample = make_event(db, participants=25, days=1, desk_name=desk)
            check_in(db, sample, sample.participant_ids)
            render(db, sample.event_id, tmp_path / f"{desk}.pdf")
            with db.session() as session:
                rows = records.list_certificates(session=session, event_id=sample.event_id)
                code = numbering.desk_code(session=session)
            assert all(f"/{code}/" in r.number for r in rows)
            assert rows[0].number.startswith("0001/")
            numbers += [r.number for r in rows]
        finally:
            db.close()
    assert len(numbers) == 50
    assert len(set(numbers)) == 50


def test_range_numbering_by_desk_number_when_the_pattern_has_no_desk_code(tmp_path: Path) -> None:
    numbers: list[str] = []
    for desk_number in (1, 2):
        db = Database(tmp_path / f"desk{desk_number}")
        try:
            sample = make_event(db, participants=3, days=1)
            check_in(db, sample, sample.participant_ids)
            with db.write() as session:
                numbering.set_office_pattern(
                    session=session,
                    office_code="SULTENG",
                    pattern="{seq}/KW-HAM.ST/{month_roman}/{year}",
                )
            with pytest.raises(numbering.NumberingError, match="desk number"):
                render(db, sample.event_id, tmp_path / "x.pdf")
            with db.write() as session:
                numbering.set_desk_number(session=session, number=desk_number)
            render(db, sample.event_id, tmp_path / f"d{desk_number}.pdf")
            with db.session() as session:
                numbers += [
                    r.number
                    for r in records.list_certificates(session=session, event_id=sample.event_id)
                ]
        finally:
            db.close()
    assert numbers == [
        "1/KW-HAM.ST/XI/2026",
        "2/KW-HAM.ST/XI/2026",
        "3/KW-HAM.ST/XI/2026",
        "10001/KW-HAM.ST/XI/2026",
        "10002/KW-HAM.ST/XI/2026",
        "10003/KW-HAM.ST/XI/2026",
    ]


def test_number_patterns_are_validated_with_a_message_naming_the_problem() -> None:
    with pytest.raises(numbering.NumberingError, match=r"\{bulan\}"):
        numbering.parse_pattern("{seq}/{bulan}/{year}")
    with pytest.raises(numbering.NumberingError, match="needs \\{seq\\}"):
        numbering.parse_pattern("KW/{desk}/{year}")
    pattern = numbering.parse_pattern("W.26.UM.01.01-{seq:04}/{desk}/{event}")
    from datetime import date

    assert (
        numbering.format_number(
            pattern, seq=7, desk="M2", office="SULTENG", on=date(2026, 11, 25), event="PKHAM"
        )
        == "W.26.UM.01.01-0007/M2/PKHAM"
    )


# --------------------------------------------------------------------------- CLI and core


def test_cli_render_list_verify_revoke(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = make_event(db, participants=2, days=1)
    check_in(db, sample, sample.participant_ids)
    data_dir = str(db.folder)
    db.close()

    def run(*args: str) -> tuple[int, Any]:
        code = cli_main(["--data-dir", data_dir, *args, "--json"])
        return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    out = tmp_path / "cli.pdf"
    code, rendered = run("certificates", "render", "--event", sample.event_id, "--out", str(out))
    assert (
        code == 0 and rendered["pages"] == 2 and set(rendered) == {"pages", "seconds", "warnings"}
    )
    # No HQ address yet: said, naming the address the QR codes carry (issue 14 item 13).
    assert "https://hadir.kemenham.go.id" in rendered["warnings"][0]
    code, listed = run("certificates", "list", "--event", sample.event_id)
    assert isinstance(listed, list) and len(listed) == 2
    assert set(listed[0]) == {"number", "participant_id", "name", "nip", "verify_url"}
    assert listed[0]["nip"] in {nip_for(0), nip_for(1)}
    code, verdict = run("certificates", "verify", listed[0]["verify_url"])
    assert code == 0 and verdict == {
        "valid": True,
        "number": listed[0]["number"],
        "name": listed[0]["name"],
        "event": "Penguatan Kapasitas Hak Asasi Manusia bagi ASN",
        "reason": verdict["reason"],
    }
    code, _ = run("certificates", "revoke", listed[0]["number"], "--reason", "Duplikat")
    assert code == 0
    code, verdict = run("certificates", "verify", listed[0]["verify_url"].rsplit("/", 1)[1])
    assert code != 0 and verdict["valid"] is False and "Duplikat" in verdict["reason"]

    code, _ = run("certificates", "numbering", "--base-url", "https://kanwil.example.go.id/hadir")
    assert code == 0
    code, rendered = run("certificates", "render", "--event", sample.event_id, "--out", str(out))
    assert code == 0 and "warnings" not in rendered
    code, listed_after = run("certificates", "list", "--event", sample.event_id)
    # The QR of a certificate issued before follows the address once it is known: same token
    # (listed[1]; listed[0] was revoked above and re-rendering issued its person a new one).
    assert all(
        row["verify_url"].startswith("https://kanwil.example.go.id/hadir/v/")
        for row in listed_after
    )
    kept = listed[1]["verify_url"].rsplit("/", 1)[1]
    assert f"https://kanwil.example.go.id/hadir/v/{kept}" in {r["verify_url"] for r in listed_after}


def test_the_seal_address_follows_the_configured_base_url(db: Database, tmp_path: Path) -> None:
    from desktop.core import seal

    sample = make_event(db, participants=1, days=1)
    check_in(db, sample, sample.participant_ids)
    with db.session() as session:
        assert batch.address_warnings(session=session)  # nothing set: warned
        assert not seal.base_url_is_set(session=session)
    render(db, sample.event_id, tmp_path / "before.pdf")
    with db.session() as session:
        (before,) = records.list_certificates(session=session, event_id=sample.event_id)
    assert before.verify_url.startswith(f"{seal.DEFAULT_BASE_URL}/v/")
    with db.write() as session:
        seal.set_base_url(session=session, url="https://kanwil.example.go.id/hadir/")
    with db.session() as session:
        assert batch.address_warnings(session=session) == []
        (after,) = printing.certificate_data(session=session, certificate_ids=[before.id])
        opened = verification.verify(session=session, token_or_url=before.verify_url)
    # The same token, now under the office's address; the copy printed before still verifies.
    token = before.verify_url.rsplit("/", 1)[1]
    assert after.verify_url == f"https://kanwil.example.go.id/hadir/v/{token}"
    assert opened.valid


def test_core_documents_do_not_import_qt() -> None:
    code = (
        "import sys, desktop.core.certificates.batch, "
        "desktop.core.certificates.verification, desktop.core.reports, desktop.core.seal, "
        "desktop.cli.certificates_cmd; "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_default_template_loads_with_all_its_files() -> None:
    template = load_template()
    assert template.id == "sertifikat-standar"
    assert (round(template.width), round(template.height)) == (297, 210)
    assert template.background is not None and template.background.is_file()
    assert {"participant_name", "number", "nip_line", "event_title"} <= template.variables
