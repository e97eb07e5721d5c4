"""Certificates drawn by worker processes (issue 20): the same document as one process writes,
byte for byte, whatever the names hold; cancel, a worker killed mid-batch, and when a batch is
long enough to use them."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageChops
from pypdf import PdfReader

from desktop.core import seal
from desktop.core.certificates import batch, verification
from desktop.core.db import Database
from sync.documents import certificate_pdf, render_pool
from sync.documents.certificate_pdf import render_certificates, workers_for
from sync.documents.templates import SAMPLE, CertificateData, load_template
from sync.ed25519 import PrivateKey
from sync.ids import new_id
from tests.desktop.certificate_support import check_in, make_event, rasterise

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 4  # pages per worker task here, so that a short batch still spans many tasks


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(certificate_pdf, "CHUNK_PAGES", CHUNK)


@pytest.fixture(scope="module", autouse=True)
def pool() -> Iterator[None]:
    render_pool.warm(workers=2)
    yield
    render_pool.shutdown()


def pages(count: int, names: dict[int, str] | None = None) -> list[CertificateData]:
    key = PrivateKey.generate()
    made = []
    for index in range(count):
        name = (names or {}).get(index, f"Peserta Nomor {index + 1}, S.H.")
        number = f"{index + 1:05d}/K7QX/KW-HAM.SULTENG/XI/2026"
        token = seal.seal(
            seal.SealPayload(
                number, new_id(), new_id(), seal.name_digest(name), date(2026, 11, 25), "luring"
            ),
            key,
        )
        made.append(
            dataclasses.replace(
                SAMPLE,
                number=number,
                printed_name=name,
                verify_url=seal.verify_url(seal.DEFAULT_BASE_URL, token),
            )
        )
    return made


def without_date(pdf: Path) -> bytes:
    """The file's bytes but for the moment it was made (the one thing two renders differ in)."""
    return re.sub(rb"/CreationDate \(D:\d{14}\)", b"/CreationDate ()", pdf.read_bytes())


def render_both(
    tmp_path: Path, batch_pages: list[CertificateData], name: str = "batch"
) -> tuple[Path, Path]:
    one, two = tmp_path / f"{name}-1.pdf", tmp_path / f"{name}-2.pdf"
    template = load_template()
    render_certificates(template=template, certificates=batch_pages, out=one, workers=1)
    result = render_certificates(template=template, certificates=batch_pages, out=two, workers=2)
    assert result.pages == len(batch_pages) and not result.cancelled
    return one, two


def same_picture(first: Path, second: Path) -> bool:
    with Image.open(first) as a, Image.open(second) as b:
        return (
            a.size == b.size
            and ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None
        )


def test_two_workers_write_the_bytes_one_process_writes(tmp_path: Path) -> None:
    # Names beyond ASCII, first met in different chunks (so by different workers): each needs a
    # font code, given in the order one process would have given them.
    names = {
        5: "José Ramos-Horta",
        13: "Nguyễn Thị Lan",
        14: "Zoë Ångström",
        22: "Łukasz Żółć, S.H.",
        27: "Renée O’Connor",
    }
    batch_pages = pages(31, names)
    one, two = render_both(tmp_path, batch_pages)
    assert without_date(two) == without_date(one)
    reader = PdfReader(two)
    assert len(reader.pages) == 31
    for index, name in names.items():
        assert name in reader.pages[index].extract_text()
    # And what a printer would print: the page with the most unusual name, and its QR code.
    picture_one, picture_two = rasterise(one, 14), rasterise(two, 14)
    assert same_picture(picture_one, picture_two)
    with Image.open(picture_two) as image:
        (found,) = zxingcpp.read_barcodes(image)
    assert found.text == batch_pages[13].verify_url


def test_a_character_only_the_template_adds_is_given_its_code_here(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The first page of the first chunk is a one-day event, the others span three days: their
    # date range has an en dash no field holds, so a worker meets a character without a code and
    # hands the chunk back; this process draws it.
    batch_pages = pages(12)
    batch_pages[0] = dataclasses.replace(batch_pages[0], first_day=SAMPLE.last_day)
    with caplog.at_level(logging.DEBUG, logger=certificate_pdf.__name__):
        one, two = render_both(tmp_path, batch_pages)
    assert [r.getMessage() for r in caplog.records] == [
        f"{CHUNK} pages drawn here: a character had no code yet"
    ]
    assert without_date(two) == without_date(one)
    assert "23–25" in PdfReader(two).pages[1].extract_text()


def test_a_cancelled_batch_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int | None) -> None:
        seen.append(done)
        cancel.set()

    monkeypatch.setattr(certificate_pdf, "PROGRESS_INTERVAL_SECONDS", 0.0)
    result = render_certificates(
        template=load_template(),
        certificates=pages(40),
        out=tmp_path / "cancelled.pdf",
        workers=2,
        progress=progress,
        cancel=cancel,
    )
    assert result.cancelled and result.path is None
    assert seen and seen[0] < 40
    assert list(tmp_path.iterdir()) == []


def test_a_worker_killed_mid_batch_leaves_the_rest_to_this_process(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    batch_pages = pages(24)
    victim = render_pool.submit(2, os.getpid).result()
    os.kill(victim, signal.SIGKILL)
    with caplog.at_level(logging.WARNING, logger=certificate_pdf.__name__):
        one, two = render_both(tmp_path, batch_pages)
    assert without_date(two) == without_date(one)
    assert any("worker process died" in r.getMessage() for r in caplog.records)
    # The next batch starts new workers, and they draw.
    render_pool.warm(workers=2)
    assert render_pool.submit(2, os.getpid).result() != victim
    again, twice = render_both(tmp_path, batch_pages, name="again")
    assert without_date(twice) == without_date(again)


def test_a_batch_uses_the_workers_once_it_is_long_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    render_pool.warm(workers=2)
    monkeypatch.setattr(render_pool, "usable_cores", lambda: 2)
    assert workers_for(None) == 1  # a stream of unknown length
    assert workers_for(certificate_pdf.PARALLEL_FROM_PAGES - 1) == 1
    assert workers_for(certificate_pdf.PARALLEL_FROM_PAGES) == 2
    monkeypatch.setattr(render_pool, "usable_cores", lambda: 3)  # no pool of 3 running yet
    assert workers_for(certificate_pdf.PARALLEL_COLD_FROM_PAGES - 1) == 1
    assert workers_for(certificate_pdf.PARALLEL_COLD_FROM_PAGES) == 3
    monkeypatch.setattr(render_pool, "usable_cores", lambda: 1)
    assert workers_for(100_000) == 1


def test_workers_started_by_a_long_batch_serve_the_next_shorter_one(tmp_path: Path) -> None:
    render_pool.shutdown()
    assert not render_pool.is_warm(workers=2)
    render_certificates(
        template=load_template(), certificates=pages(9), out=tmp_path / "a.pdf", workers=2
    )
    assert render_pool.is_warm(workers=2)


def test_a_desk_batch_on_two_workers_prints_seals_that_verify(db: Database, tmp_path: Path) -> None:
    sample = make_event(db, participants=30, days=1)
    check_in(db, sample, sample.participant_ids)
    two = tmp_path / "two.pdf"
    result = batch.render_event_certificates(
        db=db, event_id=sample.event_id, out=two, operator="Rina", workers=2
    )
    assert result.issued == 30 and result.render.pages == 30
    # A reprint by one process: the same certificates (numbers, seals), the same bytes.
    one = tmp_path / "one.pdf"
    batch.render_event_certificates(
        db=db, event_id=sample.event_id, out=one, operator="Rina", workers=1
    )
    assert without_date(two) == without_date(one)
    picture = rasterise(two, 17)
    assert same_picture(picture, rasterise(one, 17))
    with Image.open(picture) as image:
        (found,) = zxingcpp.read_barcodes(image)
    with db.session() as session:
        verdict = verification.verify(session=session, token_or_url=str(found.text))
    assert verdict.valid and verdict.name in sample.names


DESK_THAT_DIES = """
import multiprocessing, sys, time
sys.path.insert(0, sys.argv[1])
if __name__ == "__main__":
    from sync.documents import render_pool
    render_pool.warm(workers=2)
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
    time.sleep(600)
"""


def test_workers_end_when_the_desk_process_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "desk.py"
    script.write_text(DESK_THAT_DIES)
    desk = subprocess.Popen(
        [sys.executable, str(script), str(ROOT)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert desk.stdout is not None
        workers = [int(pid) for pid in desk.stdout.readline().split()]
        assert len(workers) == 2 and all(alive(pid) for pid in workers)
    finally:
        desk.kill()
        desk.wait()
    # Orphans would wait for a task forever; each watches its desk process and ends with it.
    deadline = time.monotonic() + 60
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:  # not to leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert left == []


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # An ended worker is a zombie until init reaps it (its parent is gone): not running.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False
