"""Property-based fuzzing of the loader with mutated valid files: whatever the bytes, it
returns a document or raises the typed error, nothing else; and what it returns saves
and reopens unchanged. The last tests take hostile values all the way: open, validate,
every export, save (see ``fuzzing.py``; ``tools/fuzz.py`` runs the same for minutes)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proposalkit.storage import StorageError, write_document
from proposalkit.storage.container import decode
from tests.storage.conftest import small_document
from tests.storage.fuzzing import (
    HOSTILE_VALUES,
    mutate_bytes,
    random_mutation,
    replace_json_values,
    run_pipeline,
    with_member,
)
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
    """Read ``data`` as a file the way the application does, validate it and save it
    (exports: see the tests at the end); any exception other than a typed error with a
    one-line message propagates and fails the test."""
    with tempfile.TemporaryDirectory() as folder:
        return run_pipeline(data, Path(folder), exports=False)


_operation = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
    st.tuples(st.just("set"), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 64)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=32)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("copy"), st.floats(0, 1), st.floats(0, 1)),
)


_mutate = mutate_bytes


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


_EXPORT_SETTINGS = settings(max_examples=40, deadline=None,
                            suppress_health_check=[HealthCheck.too_slow])


@_EXPORT_SETTINGS
@given(st.lists(st.tuples(st.integers(0, 999), st.sampled_from(HOSTILE_VALUES) | st.none()),
                min_size=1, max_size=3))
def test_hostile_values_through_every_export_and_save(good, tmp_path_factory, changes):
    """A proposal with hostile values where ordinary ones were (huge numbers, far dates,
    surrogates, text past its limit, lying attachment entries): opened and taken through
    validation, DOCX, PDF, the package and a save, or refused with a typed error."""
    text = replace_json_values(dict(entries_of(good))["proposal.json"].decode(), changes)
    data = with_member(good, "proposal.json", text.encode("utf-8", "surrogatepass"))
    run_pipeline(data, tmp_path_factory.mktemp("fuzz"))


@_EXPORT_SETTINGS
@given(st.randoms(use_true_random=False))
def test_random_mutations_through_every_export_and_save(good, tmp_path_factory, rng):
    """The mutations ``tools/fuzz.py`` makes, each through the whole pipeline."""
    _described, data = random_mutation(rng, good)
    run_pipeline(data, tmp_path_factory.mktemp("fuzz"))
