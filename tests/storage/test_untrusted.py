"""A proposal file from someone else: one number, one date, one character, one lying
attachment or one planted lock file must not hang, crash or lose work (issue 10).

Bounded time is proved without a clock: the hostile number is refused with a typed
error by the parser itself, before anything converts it (an unbounded conversion of
``1E+999999999`` would not return within the test run at all)."""

from __future__ import annotations

import json
import os
import stat
import zipfile

import pytest

from proposalkit.core.bounded import NumberTooLarge, load_toml, loads_json
from proposalkit.core.program import PackError, load_pack
from proposalkit.storage import (
    DocumentLock,
    StorageError,
    check_unlocked,
    read_document,
    read_lock,
    write_document,
)
from proposalkit.storage.atomic import sweep_leftovers, temporary_name
from proposalkit.storage.autosave import _peek
from proposalkit.storage.errors import SaveError
from proposalkit.storage.lock import LockOwner, lock_path
from tests.storage.conftest import pdf_bytes, png_bytes, small_document
from tests.storage.hostile import entries_of, make_zip, manifest_for, rebuild

HUGE = "1E+999999999"


def _one_line(exc: StorageError) -> None:
    from proposalkit.i18n import translator

    for lang in ("fr", "en"):
        text = exc.message(translator(lang))
        assert text and "\n" not in text and "Traceback" not in text


# -- 2. numbers ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [HUGE, "-1e-999999999", "0E+999999999", "9" * 60,
                                  "1" * 45 + ".5"])
def test_parser_refuses_unbounded_numbers(text):
    with pytest.raises(NumberTooLarge):
        loads_json(f'{{"size": {text}}}')


def test_parser_keeps_ordinary_numbers_exact():
    value = loads_json('{"a": 1.10, "b": 12, "c": 1e3, "d": -0.5}')
    assert str(value["a"]) == "1.10" and value["b"] == 12 and value["c"] == 1000


def test_446_byte_bare_json_proposal_is_refused(tmp_path):
    # The reporter's file: format 0 (a bare JSON object), one attachment with that size.
    text = json.dumps({"program_id": "pri-2018", "attachments": [
        {"id": "a1", "title": "Lettre", "reference": "", "filename": "lettre.pdf",
         "media_type": "application/pdf", "size": "SIZE", "sha256": ""}]})
    text = text.replace('"SIZE"', HUGE)
    text += " " * (446 - len(text))
    path = tmp_path / "hostile.pkp"
    path.write_text(text)
    assert path.stat().st_size == 446
    with pytest.raises(StorageError) as info:
        read_document(path)
    assert info.value.code == "number_out_of_range"
    _one_line(info.value)


@pytest.mark.parametrize("member", ["proposal.json", "manifest.json"])
def test_huge_number_in_a_container_member_is_refused(tmp_path, member):
    good = tmp_path / "good.pkp"
    write_document(good, small_document())
    entries = dict(entries_of(good.read_bytes()))
    if member == "manifest.json":
        manifest = json.loads(entries["manifest.json"])
        manifest["members"]["proposal.json"]["size"] = "SIZE"
        bad = make_zip([("manifest.json", json.dumps(manifest).replace('"SIZE"', HUGE).encode()),
                        *[(n, d) for n, d in entries.items() if n != "manifest.json"]])
    else:
        proposal = json.loads(entries["proposal.json"])
        proposal["attachments"][0]["size"] = "SIZE"
        data = json.dumps(proposal).replace('"SIZE"', HUGE).encode()
        bad = rebuild(good.read_bytes(),
                      lambda es: [(n, data if n == "proposal.json" else d) for n, d in es])
    path = tmp_path / "bad.pkp"
    path.write_bytes(bad)
    with pytest.raises(StorageError) as info:
        read_document(path)
    assert info.value.code == "number_out_of_range"
    _one_line(info.value)


def test_huge_number_in_a_recovery_manifest_is_skipped(tmp_path):
    manifest = {"format": "proposalkit", "format_version": 1, "members": {},
                "recovery": {"key": "k", "saved_at": "X", "pid": 1}}
    file = tmp_path / "k.pkp"
    file.write_bytes(make_zip([("manifest.json",
                                json.dumps(manifest).replace('"X"', HUGE).encode())]))
    assert _peek(file) is None


@pytest.mark.parametrize("value", [HUGE, "1e400", "9" * 5000, "9" * 45])
def test_huge_number_in_a_program_pack_is_refused(tmp_path, value):
    path = tmp_path / "pack.toml"
    path.write_text(f'id = "x"\nversion = "1"\nmaximum = {value}\n')
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert "out of range" in info.value.detail
    with open(path, "rb") as fh, pytest.raises(NumberTooLarge):
        load_toml(fh)


# -- 8. the lock file ----------------------------------------------------------------

@pytest.mark.parametrize("changes", [{"since": 1e300}, {"refreshed": 1e300},
                                     {"since": -5.0}, {"pid": 10**30}, {"pid": 1.5},
                                     {"since": "yesterday"}, {"hostname": {"a": 1}}])
def test_planted_lock_garbage_never_raises(tmp_path, changes):
    target = tmp_path / "p.pkp"
    data = {"app": "proposalkit", "pid": 1, "hostname": "elsewhere", "user": "x",
            "since": 1.0, "refreshed": 1.0, "token": "t", **changes}
    raw = json.dumps(data).replace("1e+300", "1e300").encode()
    lock_path(target).write_bytes(raw)
    owner = LockOwner.from_json(raw)
    if owner is not None:  # a value we could still read (e.g. a dict as host name)
        assert owner.since_text()
    read_lock(target)
    # An unreadable lock is stale once old: it is taken over, never an OverflowError.
    old = 1_000_000_000
    os.utime(lock_path(target), (old, old))
    check_unlocked(target)
    lock = DocumentLock(target)
    lock.acquire()
    assert read_lock(target).token == lock.owner.token
    lock.release()


@pytest.mark.parametrize("raw", [
    b'{"app": "proposalkit", "pid": 1, "hostname": "h", "user": "u", "since": 1E+999999999, '
    b'"refreshed": 1E+999999999, "token": "t"}',
    b'{"app": "proposalkit", "pid": ' + b"9" * 5000 + b', "since": 1, "refreshed": 1}',
    b'{"app": "proposalkit", "user": "' + b"u" * 50_000_000 + b'"}',  # 50 MB: read 4 KB
])
def test_planted_lock_with_a_huge_number_or_size(tmp_path, raw):
    target = tmp_path / "p.pkp"
    lock_path(target).write_bytes(raw)
    assert read_lock(target) is None
    old = 1_000_000_000
    os.utime(lock_path(target), (old, old))
    DocumentLock(target).acquire()


def test_lock_since_1e300_in_the_commands(tmp_path, capsys):
    from proposalkit.cli import main

    target = tmp_path / "exemple.pkp"
    lock_path(target).write_text('{"app": "proposalkit", "pid": 1, "hostname": "h", '
                                 '"user": "u", "since": 1e300, "refreshed": 1e300, '
                                 '"token": "t"}')
    old = 1_000_000_000
    os.utime(lock_path(target), (old, old))
    for argv in (["example", "-o", str(target)],
                 ["new", "--program", "pri-2018", "-o", str(target), "--force"]):
        code = main(argv)
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err and "OverflowError" not in captured.err
        assert code == 0, captured.err


# -- 1. attachments: the bytes decide -------------------------------------------------

def _with_attachment(tmp_path, **entry_changes):
    good = tmp_path / "good.pkp"
    write_document(good, small_document())
    entries = [e for e in entries_of(good.read_bytes()) if e[0] != "manifest.json"]
    proposal = json.loads(dict(entries)["proposal.json"])
    data = entry_changes.pop("data", None)
    # The logo (a PNG); the other attachments stay as they are.
    entry = next(a for a in proposal["attachments"] if a["reference"].endswith(".png"))
    reference = entry["reference"]
    entry.update(entry_changes)
    if data is not None:
        import hashlib

        entry.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    entries = [(n, json.dumps(proposal).encode() if n == "proposal.json"
                else (data if data is not None and n == reference else d)) for n, d in entries]
    path = tmp_path / "hostile.pkp"
    path.write_bytes(make_zip([("manifest.json", manifest_for(entries)), *entries]))
    return path


@pytest.mark.parametrize("changes", [
    {"media_type": "application/pdf"},  # a PNG that says it is a PDF
    {"media_type": "text/html"},
    {"data": b"<html><script>alert(1)</script></html>", "media_type": "application/pdf"},
    {"data": b"#!/bin/sh\nrm -rf ~\n", "media_type": ""},
])
def test_an_attachment_whose_declared_type_lies_is_refused(tmp_path, changes):
    with pytest.raises(StorageError) as info:
        read_document(_with_attachment(tmp_path, **changes))
    assert info.value.code == "attachment_type"
    _one_line(info.value)


@pytest.mark.parametrize("filename", ["lettre.html", "lettre.desktop", "resolution.pdf.bat",
                                      "..", "logo"])
def test_an_attachment_name_that_disagrees_is_corrected_and_said(tmp_path, filename):
    document = read_document(_with_attachment(tmp_path, filename=filename))
    entry = next(a for a in document.proposal.attachments if a.reference.endswith(".png"))
    assert entry.media_type == "image/png" and entry.filename.endswith(".png")
    assert [n.code for n in document.notices] == ["renamed"]
    _one_line(document.notices[0])


# -- 7. a lone surrogate --------------------------------------------------------------

def test_lone_surrogates_load_and_save(tmp_path):
    good = tmp_path / "good.pkp"
    write_document(good, small_document())
    entries = [e for e in entries_of(good.read_bytes()) if e[0] != "manifest.json"]
    text = dict(entries)["proposal.json"].decode()
    proposal = json.loads(text)
    proposal["applicant"]["legal_name"] = "OBNL X"
    proposal["sections"]["context"] = "Y"
    raw = json.dumps(proposal).replace('"OBNL X"', '"OBNL \\udfff"').replace(
        '"Y"', '"\\ud800 et \\udc00"').encode()
    entries = [(n, raw if n == "proposal.json" else d) for n, d in entries]
    path = tmp_path / "surrogate.pkp"
    path.write_bytes(make_zip([("manifest.json", manifest_for(entries)), *entries]))
    document = read_document(path)
    assert document.proposal.applicant.legal_name == "OBNL \ufffd"
    write_document(path, document)
    assert read_document(path).proposal.sections["context"] == "\ufffd et \ufffd"


# -- 8. crashed-save leftovers, read-only files, umask ---------------------------------

def _dead_pid() -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


def test_a_crashed_saves_temp_file_is_swept_on_the_next_open_and_save(tmp_path, monkeypatch):
    path = tmp_path / "p.pkp"
    write_document(path, small_document())
    dead = _dead_pid()
    monkeypatch.setattr(os, "getpid", lambda: dead)
    leftover = temporary_name(path)
    leftover_of_backup = temporary_name(path.with_name(path.name + ".bak"))
    monkeypatch.undo()
    live = temporary_name(path)  # a save of ours in progress: kept
    for temp in (leftover, leftover_of_backup, live):
        temp.write_bytes(b"x" * 1000)
    other = tmp_path / ".other.pkp.0123abcd-1-00000000.pkp-tmp"  # not this file's
    other.write_bytes(b"x")
    read_document(path)
    assert not leftover.exists() and not leftover_of_backup.exists()
    assert live.exists() and other.exists()
    live.unlink()
    monkeypatch.setattr(os, "getpid", lambda: dead)
    again = temporary_name(path)
    monkeypatch.undo()
    again.write_bytes(b"x")
    write_document(path, read_document(path))
    assert not again.exists()
    assert sweep_leftovers(path) == 0


def test_saving_over_a_read_only_file_is_refused(tmp_path):
    path = tmp_path / "p.pkp"
    write_document(path, small_document())
    before = path.read_bytes()
    os.chmod(path, 0o444)
    document = read_document(path)
    document.proposal.metadata.title = "changed"
    with pytest.raises(SaveError) as info:
        write_document(path, document)
    assert info.value.code == "read_only"
    _one_line(info.value)
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".pkp-tmp")]


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_exports_honour_the_umask(tmp_path, umask):
    from proposalkit.export.atomic import write_atomically

    old = os.umask(umask)
    try:
        write_atomically(tmp_path / "dossier.pdf", lambda fh: fh.write(b"%PDF-1.4"))
        write_document(tmp_path / "p.pkp", small_document())
    finally:
        os.umask(old)
    expected = 0o666 & ~umask
    assert stat.S_IMODE((tmp_path / "dossier.pdf").stat().st_mode) == expected
    assert stat.S_IMODE((tmp_path / "p.pkp").stat().st_mode) == expected
    # Replacing an export keeps the mode its owner gave it.
    os.chmod(tmp_path / "dossier.pdf", 0o640)
    write_atomically(tmp_path / "dossier.pdf", lambda fh: fh.write(b"%PDF-1.5"))
    assert stat.S_IMODE((tmp_path / "dossier.pdf").stat().st_mode) == 0o640


def test_added_attachment_bytes_are_verified_on_reopen(tmp_path):
    from proposalkit.storage import add_attachment_bytes

    document = small_document()
    entry = add_attachment_bytes(document, pdf_bytes(), "Résolution")
    assert entry.filename == "Résolution.pdf"
    path = tmp_path / "p.pkp"
    write_document(path, document)
    again = read_document(path)
    assert again.notices == [] and again.proposal.attachment(entry.id).media_type == (
        "application/pdf")
    assert zipfile.is_zipfile(path) and png_bytes()


def test_what_the_fuzzer_found_stays_fixed(tmp_path):
    """A 300-character attachment name given its true extension on load, and a
    300-character title in the DOCX's core properties (Word takes 255)."""
    from tests.storage.fuzzing import run_pipeline

    path = _with_attachment(tmp_path, filename="x" * 300)
    document = read_document(path)
    entry = next(a for a in document.proposal.attachments if a.reference.endswith(".png"))
    assert len(entry.filename) == 300 and entry.filename.endswith(".png")
    document.proposal.metadata.title = "t" * 300
    document.proposal.applicant.legal_name = "n" * 300
    write_document(path, document, force=True)
    run = tmp_path / "run"
    run.mkdir()
    assert run_pipeline(path.read_bytes(), run) == "exported"


def test_the_command_line_says_what_reading_corrected(tmp_path, capsys):
    from proposalkit.cli import main

    path = _with_attachment(tmp_path, filename="logo.desktop")
    main(["validate", str(path), "--lang", "en"])
    err = capsys.readouterr().err
    assert "logo.desktop" in err and "now named logo.png" in err and "Traceback" not in err
