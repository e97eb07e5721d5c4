"""Hostile USB bundles (issue 9, item 6): random bytes, random JSON inside valid gzip, and valid
bundles with one part changed or bytes flipped. Every one is read or refused with BundleError,
never another exception, and nothing altered is ever accepted as signed by the desk.
HADIR_FUZZ_EXAMPLES raises the count for `make reliability`."""

from __future__ import annotations

import gzip
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey as X25519PrivateKey

from sync.bundle import (
    SEALED_MAGIC,
    BundleError,
    canonical_items,
    read_bundle,
    signature_matches,
    unsealer,
    write_bundle,
)
from sync.ed25519 import PrivateKey
from sync.ids import new_id
from sync.protocol import ChangeEnvelope

EXAMPLES = int(os.environ.get("HADIR_FUZZ_EXAMPLES", 100))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TRIED: dict[str, int] = {}
OUTCOMES = {"refused": 0, "read": 0, "forged_accepted": 0}

KEY = PrivateKey.generate()
ITEMS = [
    ChangeEnvelope(
        id=new_id(), kind="checkin", payload={"id": new_id(), "day": 1, "event_id": "ev1"}
    ),
    ChangeEnvelope(
        id=new_id(), kind="participant", payload={"id": new_id(), "full_name": "Dewi Lestari"}
    ),
]


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("bundle") / "meja1.hadir"
    write_bundle(
        path=path,
        device_id="desk-1",
        key_id="k1",
        items=ITEMS,
        sign=KEY.sign,
        created_at=datetime(2026, 11, 24, 8, tzinfo=UTC),
    )
    return path.read_bytes()


HQ_KEY = X25519PrivateKey.generate()


def attempt(tmp: Path, data: bytes, kind: str) -> None:
    """Read ``data`` as a bundle, as HQ does (it holds the key sealed bundles are opened with): a
    Bundle or a BundleError with a sentence, nothing else; and a bundle that passes the desk's
    signature carries exactly the desk's items."""
    TRIED[kind] = TRIED.get(kind, 0) + 1
    path = tmp / "input.hadir"
    path.write_bytes(data)
    try:
        bundle = read_bundle(path, unseal=unsealer(bytes(HQ_KEY)))
    except BundleError as refusal:
        assert str(refusal)
        OUTCOMES["refused"] += 1
        return
    OUTCOMES["read"] += 1
    altered = (
        canonical_items(bundle.items) != canonical_items(ITEMS) or bundle.device_id != "desk-1"
    )
    if altered and signature_matches(bundle, KEY.public_key().public_bytes_raw()):
        OUTCOMES["forged_accepted"] += 1
        raise AssertionError("an altered bundle passed the signature check")


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@FUZZ
@given(payload=st.binary(max_size=4096))
def test_random_bytes_as_a_bundle(tmp_path_factory, payload):
    attempt(tmp_path_factory.mktemp("b"), payload, "bundle.bytes")


@FUZZ
@given(document=_json)
def test_random_json_in_valid_gzip(tmp_path_factory, document):
    data = gzip.compress(json.dumps(document).encode())
    attempt(tmp_path_factory.mktemp("b"), data, "bundle.json")


@FUZZ
@given(
    field=st.sampled_from(
        [
            "format",
            "version",
            "device_id",
            "key_id",
            "created_at",
            "item_count",
            "items_sha256",
            "signature",
            "items",
        ]
    ),
    action=st.sampled_from(["drop", "replace"]),
    value=_json,
)
def test_valid_bundle_with_one_part_changed(tmp_path_factory, valid, field, action, value):
    document = json.loads(gzip.decompress(valid))
    if action == "drop":
        del document[field]
    else:
        document[field] = value
    attempt(
        tmp_path_factory.mktemp("b"), gzip.compress(json.dumps(document).encode()), "bundle.part"
    )


@FUZZ
@given(
    index=st.integers(min_value=0, max_value=1),
    key=st.sampled_from(["id", "kind", "payload"]),
    value=_json,
)
def test_valid_bundle_with_an_item_changed(tmp_path_factory, valid, index, key, value):
    """The checksum is recomputed too, as a forger would: only the signature stands in the way."""
    import hashlib

    document = json.loads(gzip.decompress(valid))
    document["items"][index][key] = value
    try:
        items = [ChangeEnvelope.model_validate(item) for item in document["items"]]
        document["items_sha256"] = hashlib.sha256(canonical_items(items)).hexdigest()
    except ValueError:
        pass  # no longer an envelope: read_bundle must refuse it
    attempt(
        tmp_path_factory.mktemp("b"), gzip.compress(json.dumps(document).encode()), "bundle.item"
    )


@FUZZ
@given(
    flips=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)),
        min_size=1,
        max_size=8,
    ),
    cut=st.one_of(st.none(), st.integers(min_value=0)),
)
def test_valid_bundle_with_bytes_flipped_or_cut(tmp_path_factory, valid, flips, cut):
    data = bytearray(valid)
    for position, mask in flips:
        data[position % len(data)] ^= mask
    if cut is not None:
        data = data[: cut % len(data)]
    attempt(tmp_path_factory.mktemp("b"), bytes(data), "bundle.flipped")


@FUZZ
@given(payload=st.binary(max_size=2048))
def test_random_bytes_behind_the_sealed_mark(tmp_path_factory, payload):
    attempt(tmp_path_factory.mktemp("b"), SEALED_MAGIC + payload, "bundle.sealed_bytes")


@FUZZ
@given(
    flips=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)),
        min_size=1,
        max_size=4,
    )
)
def test_sealed_bundle_with_bytes_flipped(tmp_path_factory, valid, flips):
    from nacl.public import SealedBox

    data = bytearray(SEALED_MAGIC + SealedBox(HQ_KEY.public_key).encrypt(valid))
    for position, mask in flips:
        data[len(SEALED_MAGIC) + position % (len(data) - len(SEALED_MAGIC))] ^= mask
    attempt(tmp_path_factory.mktemp("b"), bytes(data), "bundle.sealed_flipped")


def test_a_sealed_bundle_opens_only_with_hqs_key(tmp_path, valid):
    from nacl.public import SealedBox

    path = tmp_path / "sealed.hadir"
    path.write_bytes(SEALED_MAGIC + SealedBox(HQ_KEY.public_key).encrypt(valid))
    assert read_bundle(path, unseal=unsealer(bytes(HQ_KEY))).device_id == "desk-1"
    with pytest.raises(BundleError, match="another HQ"):
        read_bundle(path, unseal=unsealer(bytes(X25519PrivateKey.generate())))


def test_a_gzip_bomb_is_refused_without_inflating_it(tmp_path):
    bomb = gzip.compress(b"\0" * (300 * 1024 * 1024), compresslevel=9)  # 300 MB in about 300 KB
    path = tmp_path / "bomb.hadir"
    path.write_bytes(bomb)
    with pytest.raises(BundleError, match="too large"):
        read_bundle(path)


def test_zz_record_bundle_fuzz_figures(record_figure):
    assert TRIED, "the fuzz tests above ran"
    assert OUTCOMES["forged_accepted"] == 0
    record_figure(
        "fuzz.bundles",
        inputs=dict(TRIED),
        total=sum(TRIED.values()),
        crashes=0,
        refused=OUTCOMES["refused"],
        read=OUTCOMES["read"],
        forged_accepted=0,
    )
