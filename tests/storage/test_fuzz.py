"""Property-based fuzzing of the loader with mutated valid files: whatever the bytes, it
returns a document or raises the typed error, nothing else; and what it returns saves
and reopens unchanged."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proposalkit.storage import StorageError, read_document, write_document
from proposalkit.storage.container import decode
from tests.storage.conftest import small_document
from tests.storage.hostile import entries_of, make_zip, manifest_for

_SETTINGS = settings(max_examples=250, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def good() -> bytes:
    """A valid small proposal file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "good.pkp"
        write_document(path, small_document())
        return path.read_bytes()


def _load(data: bytes):
    """Read ``data`` as a file the way the application does: a document, or the typed
    error (returned); any other exception propagates and fails the test."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.pkp"
        path.write_bytes(data)
        try:
            document = read_document(path)
        except StorageError as exc:
            assert exc.code and "\n" not in str(exc)
            return exc
        # Whatever loads must save and load again, unchanged.
        write_document(path, document, force=True)
        again = read_document(path)
        assert again.proposal == document.proposal
        assert again.attachments == document.attachments
        return document


_operation = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
    st.tuples(st.just("set"), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 64)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=32)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("copy"), st.floats(0, 1), st.floats(0, 1)),
)


def _mutate(data: bytes, operations) -> bytes:
    raw = bytearray(data)
    for kind, where, value in operations:
        at = min(int(where * len(raw)), max(len(raw) - 1, 0))
        if kind == "flip" and raw:
            raw[at] ^= value
        elif kind == "set" and raw:
            raw[at] = value
        elif kind == "delete":
            del raw[at:at + value]
        elif kind == "insert":
            raw[at:at] = value
        elif kind == "truncate":
            del raw[at:]
        elif kind == "copy" and raw:
            start = min(int(value * len(raw)), len(raw) - 1)
            raw[at:at + 16] = raw[start:start + 16]
    return bytes(raw)


@_SETTINGS
@given(st.lists(_operation, min_size=1, max_size=6))
def test_mutated_bytes(good, operations):
    _load(_mutate(good, operations))


@_SETTINGS
@given(st.lists(_operation, min_size=1, max_size=4), st.sampled_from(
    ["manifest.json", "proposal.json", "attachments/logo.png"]), st.booleans())
def test_mutated_member_with_a_matching_manifest(good, operations, member, keep_manifest):
    """Mutations that get past the checksums: the JSON parser and the model see them."""
    entries = [e for e in entries_of(good) if e[0] != "manifest.json"]
    manifest = dict(entries_of(good))["manifest.json"]
    if member == "manifest.json":
        manifest = _mutate(manifest, operations)
    else:
        entries = [(n, _mutate(d, operations) if n == member else d) for n, d in entries]
        if not keep_manifest:
            manifest = manifest_for(entries)
    _load(make_zip([("manifest.json", manifest), *entries]))


_json_value = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=False) | st.text(max_size=12)
    | st.sampled_from(["12.34", "-1", "1e3", "NaN", "1.234", "pri-2018", "", "fr", "cash"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


@_SETTINGS
@given(st.data())
def test_mutated_proposal_json(good, data):
    """The proposal JSON with values replaced or removed anywhere, manifest consistent."""
    entries = [e for e in entries_of(good) if e[0] != "manifest.json"]
    proposal = json.loads(dict(entries)["proposal.json"])
    paths = [p for p in _paths(proposal) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        parent = proposal
        try:
            for key in path[:-1]:
                parent = parent[key]
            if data.draw(st.booleans()):
                parent[path[-1]] = data.draw(_json_value)
            elif isinstance(parent, dict):
                del parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced this path
    text = json.dumps(proposal, allow_nan=True).encode()
    entries = [(n, text if n == "proposal.json" else d) for n, d in entries]
    _load(make_zip([("manifest.json", manifest_for(entries)), *entries]))


@_SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data):
    try:
        decode(data, "fuzz.pkp")
    except StorageError:
        pass


@_SETTINGS
@given(st.binary(max_size=200))
def test_arbitrary_bytes_after_a_zip_signature(data):
    try:
        decode(b"PK\x03\x04" + data, "fuzz.pkp")
    except StorageError:
        pass
