"""Coverage-guided fuzzing of the importers with atheris (libFuzzer for Python), issue 9 item 6.

    python tests/fuzz/atheris_targets.py TARGET CORPUS_DIR [libFuzzer flags, e.g. -max_total_time=60]

TARGET is one of ``prereg-csv``, ``prereg-xlsx``, ``online-report``, ``bundle`` and
``bundle-json`` (the document inside the gzip). Each input goes
through the same call the desk (or HQ, for bundles) makes on a file an operator picked; the only
outcomes allowed are a result or the importer's clear refusal (HadirError / BundleError), and a
refusal must leave the database exactly as it was. Anything else is a crash that libFuzzer keeps
as an artifact. ``tests/fuzz/run_atheris.py`` runs every target for a bounded time and prints the
figures; `make fuzz` and `make reliability` call it.
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import atheris

# Only Hadir's own code is instrumented: coverage of openpyxl's or SQLAlchemy's internals would
# steer the fuzzer away from the code under test.
with atheris.instrument_imports(include=["desktop", "sync"]):
    from desktop.core import online
    from desktop.core.db import Database
    from desktop.core.errors import HadirError
    from desktop.core.importers.preregistration import import_preregistration
    from sync.bundle import BundleError, read_bundle

from sqlalchemy import text

TABLES = ("participant", "registration", "outbox", "online_segment", "online_report")
SCRATCH = Path(tempfile.mkdtemp(prefix="hadir-atheris-"))
INPUT = SCRATCH / "input"


def _desk() -> tuple[Database, str]:
    from tests.desktop.helpers import make_event

    db = Database(SCRATCH / "desk", passphrase=os.environ.get("HADIR_DB_PASSPHRASE"))
    return db, make_event(db)


def _snapshot(db: Database) -> tuple[int, ...]:
    with db.session() as session:
        c = session.connection()
        return tuple(int(c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()) for t in TABLES)


def _importer(suffix: str, call):  # type: ignore[no-untyped-def]
    db, event = _desk()
    path = INPUT.with_suffix(suffix)

    def one_input(data: bytes) -> None:
        path.write_bytes(data)
        before = _snapshot(db)
        try:
            with db.write() as session:
                call(session, event, path)
        except HadirError as refusal:
            assert str(refusal), "a refusal says what is wrong"
            assert _snapshot(db) == before, "a refused file changed the database"

    return one_input


def _bundle(data: bytes, *, compress: bool = False) -> None:
    path = INPUT.with_suffix(".hadir")
    # "bundle-json" mutates the document inside the gzip: libFuzzer rarely gets past gzip's CRC.
    path.write_bytes(gzip.compress(data, mtime=0) if compress else data)
    try:
        read_bundle(path)
    except BundleError as refusal:
        assert str(refusal)


def target(name: str):  # type: ignore[no-untyped-def]
    if name == "prereg-csv":
        return _importer(
            ".csv",
            lambda s, e, p: import_preregistration(session=s, event_id=e, desk_id="f", path=p),
        )
    if name == "prereg-xlsx":
        return _importer(
            ".xlsx",
            lambda s, e, p: import_preregistration(session=s, event_id=e, desk_id="f", path=p),
        )
    if name == "online-report":
        return _importer(
            ".csv",
            lambda s, e, p: online.import_online_report(
                session=s, event_id=e, path=p, operator="fuzz"
            ),
        )
    if name == "bundle":
        return _bundle
    if name == "bundle-json":
        return lambda data: _bundle(data, compress=True)
    raise SystemExit(f"unknown target {name!r}")


def main() -> None:
    name = sys.argv[1]
    one_input = target(name)
    atheris.Setup([sys.argv[0], *sys.argv[2:]], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
