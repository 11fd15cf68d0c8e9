"""The proposal-file fuzzing harness, shared by ``tests/storage/test_fuzz.py``
(hypothesis, a few hundred examples per run) and ``tools/fuzz.py`` (random mutations for
N minutes).

:func:`run_pipeline` takes a file's bytes through what a user does with a file from
someone else: open, validate, export every format (DOCX, PDF, printable package),
save, reopen. Every step must succeed or raise a typed
:class:`~proposalkit.errors.ProposalKitError` whose message is one line in French and in
English; anything else (another exception, a two-line message, a saved file that reads
back different) is a failure and propagates.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from proposalkit.errors import ProposalKitError
from proposalkit.i18n import translator
from tests.storage.hostile import entries_of, make_zip, manifest_for


def check_message(exc: ProposalKitError) -> str:
    """The error's English message, after checking both languages give one line."""
    for lang in ("fr", "en"):
        text = exc.message(translator(lang))
        assert text and "\n" not in text and "Traceback" not in text, (lang, text)
    return exc.message(translator("en"))


def run_pipeline(data: bytes, folder: Path, *, exports: bool = True) -> str:
    """Open, validate, export and save the file ``data`` in ``folder``; the outcome:
    ``"refused:<code>"`` (not opened), ``"exported"``/``"opened"`` (with ``exports``
    False) plus ``", export refused"`` or ``", save refused"`` when a later step gave a
    typed error."""
    from proposalkit.core.program import default_catalog
    from proposalkit.core.validation import validate
    from proposalkit.export import export
    from proposalkit.storage import StorageError, read_document, write_document

    path = folder / "fuzz.pkp"
    path.write_bytes(data)
    try:
        document = read_document(path)
    except StorageError as exc:
        check_message(exc)
        assert exc.code, exc
        return f"refused:{exc.code}"
    program = default_catalog().get(document.proposal.program_id)
    assert program is not None  # read_document checks the program is installed
    validate(program, document.proposal)
    outcome = "opened"
    if exports:
        outcome = "exported"
        try:
            export(document, program, docx=folder / "fuzz.docx", pdf=folder / "fuzz.pdf",
                   package=folder / "fuzz-package.pdf", deterministic=True)
        except ProposalKitError as exc:
            check_message(exc)
            outcome += ", export refused"
    try:
        write_document(path, document, force=True)
    except ProposalKitError as exc:
        check_message(exc)
        return outcome + ", save refused"
    again = read_document(path)
    assert again.proposal == document.proposal
    assert again.attachments == document.attachments
    return outcome


# -- mutations ----------------------------------------------------------------------

def mutate_bytes(data: bytes, operations: list[tuple[str, float, Any]]) -> bytes:
    """``data`` after byte-level ``operations``: (kind, where 0..1, value) with kind one
    of flip, set, delete, insert, truncate, copy."""
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


#: JSON texts a hostile or careless file may hold where a value should be.
HOSTILE_VALUES = [
    "1E+999999999", "-1e-999999999", "0E+999999999", "1e300", "9" * 5000, "NaN",
    "Infinity", "-0", "12.345", "1000000000.01", '"12.34"', '"-1"', '""', "null", "true",
    "[]", "{}", '"\\udfff"', '"a\\ud800b"', '"\\u0000"', '"9998-06-01"', '"0001-01-01"',
    '"2018-02-30"', '"..' + '"', '"lettre.pdf.bat"', '"text/html"', '"application/pdf"',
    '"' + "mot " * 1200 + '"', '"' + "x" * 100_001 + '"', '"pri-2099"', '"cash"',
    '"in_kind"', '"\\u202e.exe"', "[" * 50 + "]" * 50,
]


#: Text the model accepts that is hard on the writers: markup, control characters,
#: bidirectional marks, the longest allowed texts, far but allowed dates and amounts.
STRESS_TEXT = [
    "<para>&amp; <b>gras</b> & </font>", "\x01\x0b\x0c\x1f\x7f", "\u202eexe.fdp",
    "\t\r\n\n", "😀" * 150, "ﷺ" * 300, "x" * 300, "mot " * 250, ("Phrase normale. " * 63)[:1000],
    ("Un paragraphe de prose ordinaire. " * 3000)[:100_000], "\u00ad" * 300, "\ufffd",
    "2100-12-31", "1990-01-01", "999999999.99", "0.01", "0", "pri-2018", "in_kind",
]


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def replace_json_values(text: str, changes: list[tuple[int, str | None]]) -> str:
    """The JSON object ``text`` with values replaced: each change is (which path, by
    number modulo the paths there are; the new value's JSON text, or None to delete)."""
    marker = "\x00PK-FUZZ-{}\x00"
    value = json.loads(text)
    substitutes: dict[str, str] = {}
    for n, (which, new) in enumerate(changes):
        paths = [p for p in _paths(value) if p]
        if not paths:
            break
        path = paths[which % len(paths)]
        parent = value
        for key in path[:-1]:
            parent = parent[key]
        if new is None:
            if isinstance(parent, dict):
                del parent[path[-1]]
            continue
        parent[path[-1]] = marker.format(n)
        substitutes[json.dumps(marker.format(n))] = new
    out = json.dumps(value)
    for token, new in substitutes.items():
        out = out.replace(token, new)
    return out


def stress_strings(text: str, rng: random.Random, count: int) -> str:
    """The JSON object ``text`` with ``count`` of its string values (or amounts) replaced
    by :data:`STRESS_TEXT` entries: what loads, but may break a writer."""
    value = json.loads(text)
    strings = [p for p in _paths(value) if p and isinstance(_at(value, p), str)]
    for _ in range(count):
        if not strings:
            break
        path = rng.choice(strings)
        _at(value, path[:-1])[path[-1]] = rng.choice(STRESS_TEXT)
    return json.dumps(value)


def _at(value: Any, path: tuple) -> Any:
    for key in path:
        value = value[key]
    return value


def with_member(good: bytes, name: str, content: bytes, *, manifest: bool = True) -> bytes:
    """``good`` with member ``name`` replaced by ``content``, the manifest recomputed
    (so that the checksums pass and the parser and the model see the change)."""
    entries = [e for e in entries_of(good) if e[0] != "manifest.json"]
    old_manifest = dict(entries_of(good))["manifest.json"]
    entries = [(n, content if n == name else d) for n, d in entries]
    return make_zip([("manifest.json", manifest_for(entries) if manifest else old_manifest),
                     *entries])


def random_mutation(rng: random.Random, good: bytes) -> tuple[str, bytes]:
    """One random hostile variant of ``good``: (a short description, its bytes)."""
    members = dict(entries_of(good))
    choice = rng.random()
    if choice < 0.25:
        ops = [_random_op(rng) for _ in range(rng.randint(1, 6))]
        return f"bytes {ops[:2]!r}", mutate_bytes(good, ops)
    if choice < 0.45:
        name = rng.choice(sorted(members))
        ops = [_random_op(rng) for _ in range(rng.randint(1, 4))]
        mutated = mutate_bytes(members[name], ops)
        if name == "manifest.json":
            entries = [(n, d) for n, d in entries_of(good) if n != "manifest.json"]
            return f"manifest bytes {ops[:2]!r}", make_zip([("manifest.json", mutated),
                                                              *entries])
        return f"member {name} bytes", with_member(good, name, mutated)
    if choice < 0.55:
        manifest = members["manifest.json"].decode()
        changes = [(rng.randrange(1000), rng.choice(HOSTILE_VALUES))]
        entries = [(n, d) for n, d in entries_of(good) if n != "manifest.json"]
        text = replace_json_values(manifest, changes)
        return f"manifest values {changes!r}"[:200], make_zip(
            [("manifest.json", text.encode("utf-8", "surrogatepass")), *entries])
    if choice < 0.8:
        text = stress_strings(members["proposal.json"].decode(), rng, rng.randint(1, 4))
        return "stress text", with_member(good, "proposal.json", text.encode())
    changes = [(rng.randrange(1000), None if rng.random() < 0.1 else rng.choice(HOSTILE_VALUES))
               for _ in range(rng.randint(1, 3))]
    text = replace_json_values(members["proposal.json"].decode(), changes)
    described = f"proposal values {[(w, (v or '')[:30]) for w, v in changes]!r}"
    return described, with_member(good, "proposal.json", text.encode("utf-8", "surrogatepass"))


def _random_op(rng: random.Random) -> tuple[str, float, Any]:
    kind = rng.choice(["flip", "set", "delete", "insert", "truncate", "copy"])
    value: Any = {"flip": rng.randint(1, 255), "set": rng.randint(0, 255),
                  "delete": rng.randint(1, 64), "insert": rng.randbytes(rng.randint(1, 32)),
                  "truncate": 0, "copy": rng.random()}[kind]
    return kind, rng.random(), value
