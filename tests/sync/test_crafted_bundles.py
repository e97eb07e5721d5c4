"""Issue 15 item 9c: two crafted bundles crashed the importer with a traceback: one nested
deeper than the JSON parser's recursion, one with ``item_count: Infinity``. Both are refused with
BundleError's one clear sentence, by the reader and by HQ's real ``hadir-hq import-bundle``."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sync.bundle import FORMAT, VERSION, BundleError, read_bundle
from tests.sync.test_bundle_reconcile_lease import import_bundle


def _header(**fields: object) -> str:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "device_id": "d",
        "key_id": "k",
        "created_at": "2026-03-12T00:00:00+00:00",
        "items_sha256": "0" * 64,
        "signature": "",
        **fields,
    }
    return json.dumps(document)[:-1]


def _crafted(tmp_path: Path) -> dict[str, Path]:
    deep = tmp_path / "deep.hadir"
    deep.write_bytes(
        gzip.compress((_header() + ', "items": ' + "[" * 200_000 + "]" * 200_000 + "}").encode())
    )
    infinite = tmp_path / "infinity.hadir"
    infinite.write_bytes(
        gzip.compress((_header() + ', "item_count": Infinity, "items": []}').encode())
    )
    nan = tmp_path / "nan.hadir"
    nan.write_bytes(gzip.compress((_header() + ', "item_count": NaN, "items": []}').encode()))
    return {"deep": deep, "infinity": infinite, "nan": nan}


def test_the_reader_refuses_crafted_bundles(tmp_path: Path) -> None:
    for name, path in _crafted(tmp_path).items():
        with pytest.raises(BundleError, match="damaged"):
            read_bundle(path)
        assert name


def test_hq_import_refuses_crafted_bundles_without_a_traceback(tmp_path: Path, hq) -> None:
    for name, path in _crafted(tmp_path).items():
        code, _answer, stderr = import_bundle(hq, path)
        assert code != 0, name
        assert "Traceback" not in stderr and "damaged" in stderr, (name, stderr[-500:])
