"""The .pkp container: what it holds, and every bad or hostile file refused with a typed,
translated, one-line error, without writing anything."""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest

from proposalkit.core.program import default_catalog
from proposalkit.errors import ProgramNotFound, ProposalFileError
from proposalkit.i18n import translator
from proposalkit.storage import (
    FORMAT_VERSION,
    Document,
    FileAccessError,
    StorageError,
    UnknownProgramError,
    encode_document,
    read_document,
    write_document,
)
from proposalkit.storage.container import decode
from proposalkit.storage.schema import name_problem
from tests.storage.conftest import example_document
from tests.storage.hostile import CASES


def test_roundtrip_keeps_everything(tmp_path, document):
    path = tmp_path / "a.pkp"
    digest = write_document(path, document)
    again = read_document(path)
    assert again.proposal == document.proposal
    assert again.attachments == document.attachments
    assert again.sha256 == digest == document.sha256
    assert again.path == path and document.path == path
    assert again.format_version == FORMAT_VERSION and not again.migrated
    assert again.program_version == default_catalog().get("pri-2018").version and again.app_version


def test_layout_and_manifest(saved):
    path, document = saved
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        proposal = json.loads(archive.read("proposal.json"))
        infos = {i.filename: i for i in archive.infolist()}
    assert names[0] == "manifest.json" and names[1] == "proposal.json"
    assert names[2] == "history.json"
    assert sorted(names[3:]) == ["attachments/Lettre MRC.pdf", "attachments/logo.png"]
    assert manifest["format"] == "proposalkit" and manifest["format_version"] == FORMAT_VERSION
    assert manifest["program_id"] == "pri-2018"
    assert manifest["program_version"] == default_catalog().get("pri-2018").version
    assert set(manifest["members"]) == set(names[1:])
    logo = next(a for a in document.proposal.attachments if a.filename == "logo.png")
    assert manifest["members"][logo.reference] == {"size": logo.size, "sha256": logo.sha256}
    assert proposal["program_id"] == "pri-2018"
    # Attachments are stored (already compressed formats); the JSON is deflated.
    assert infos["attachments/logo.png"].compress_type == zipfile.ZIP_STORED
    assert infos["proposal.json"].compress_type == zipfile.ZIP_DEFLATED


def test_same_proposal_gives_same_bytes(tmp_path):
    # Each save records a new revision (random id, time), so two saves differ in
    # history.json only; the same document with the same history gives the same bytes.
    one, two = tmp_path / "1.pkp", tmp_path / "2.pkp"
    write_document(one, example_document())
    write_document(two, example_document())
    with zipfile.ZipFile(one) as a, zipfile.ZipFile(two) as b:
        for name in a.namelist():
            if name not in ("manifest.json", "history.json"):
                assert a.read(name) == b.read(name)
    document = read_document(one)
    assert encode_document(document) == encode_document(read_document(one))


def test_example_attachments_are_embedded_with_their_facts(tmp_path):
    path = tmp_path / "e.pkp"
    write_document(path, example_document())
    document = read_document(path)
    assert len(document.attachments) == 8
    for entry in document.proposal.attachments:
        data = document.attachments[entry.reference]
        assert data.startswith(b"%PDF-") and entry.size == len(data)
        assert len(entry.sha256) == 64 and entry.media_type == "application/pdf"


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_typed_error(tmp_path, saved, name):
    good = saved[0].read_bytes()
    build, code = CASES[name]
    bad = tmp_path / "bad.pkp"
    bad.write_bytes(build(good))
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(StorageError) as info:
        read_document(bad)
    error = info.value
    assert error.code == code
    assert isinstance(error, ProposalFileError)
    for lang in ("fr", "en"):
        text = error.message(translator(lang))
        assert str(bad) in text and "\n" not in text and "Traceback" not in text
    assert error.message(translator("fr")) != error.message(translator("en"))
    # Nothing is ever extracted or written, here or anywhere else.
    assert sorted(os.listdir(tmp_path)) == before


def test_unknown_program_is_also_program_not_found(tmp_path, saved):
    bad = tmp_path / "bad.pkp"
    bad.write_bytes(CASES["unknown program"][0](saved[0].read_bytes()))
    with pytest.raises(ProgramNotFound):
        read_document(bad)
    # Unless the caller says it does not care (e.g. to show what a file holds).
    assert read_document(bad, check_program=False).proposal.program_id == "pri-2099"


def test_newer_format_names_both_versions(tmp_path, saved):
    bad = tmp_path / "new.pkp"
    bad.write_bytes(CASES["newer format"][0](saved[0].read_bytes()))
    before = bad.read_bytes()
    with pytest.raises(StorageError) as info:
        read_document(bad)
    for lang in ("fr", "en"):
        text = info.value.message(translator(lang))
        assert "7" in text and str(FORMAT_VERSION) in text
    assert bad.read_bytes() == before


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: p, "missing"),
        (lambda p: (p.mkdir(), p)[1], "is_directory"),
        pytest.param(lambda p: (os.mkfifo(p), p)[1], "not_regular",
                     marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")),
    ],
    ids=["missing", "directory", "fifo"],
)
def test_path_that_is_not_a_file(tmp_path, make, code):
    path = make(tmp_path / "x.pkp")
    with pytest.raises(FileAccessError) as info:
        read_document(path)
    assert info.value.code == code


def test_a_file_too_large_is_not_read(tmp_path, monkeypatch):
    from proposalkit.storage import document as module

    monkeypatch.setattr(module, "MAX_FILE_SIZE", 1000)
    path = tmp_path / "big.pkp"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 2000)
    with pytest.raises(StorageError) as info:
        read_document(path)
    assert info.value.code == "too_large"


def test_every_truncation_is_refused(saved):
    good = saved[0].read_bytes()
    for length in range(0, len(good), max(1, len(good) // 300)):
        with pytest.raises(StorageError):
            decode(good[:length], "cut.pkp")


def test_decode_needs_no_file():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(StorageError) as info:
        decode(data.getvalue(), "mem")
    # Another program's zip (no manifest, no proposal): not a proposal, not "damaged".
    assert info.value.code == "not_proposal"


@pytest.mark.parametrize(
    "name",
    ["", "/abs", "\\abs", "C:/x", "c:x", "a\\b", "a//b", "./a", "a/../b", "a/.", "a\x00b",
     "a\nb", "nul", "attachments/CON.pdf", "a/b ", "a/b.", "a<b", "e\u0301", "x" * 300],
)
def test_unsafe_member_names(name):
    assert name_problem(name) is not None


@pytest.mark.parametrize("name", ["proposal.json", "attachments/Lettre d’appui é.pdf",
                                  "attachments/a-b_c (2).docx"])
def test_safe_member_names(name):
    assert name_problem(name) is None


def test_unknown_program_error_lists_installed_programs(tmp_path, catalog):
    from proposalkit.core.model import Proposal

    path = tmp_path / "x.pkp"
    write_document(path, Document(Proposal(program_id="nope")))
    with pytest.raises(UnknownProgramError) as info:
        read_document(path, catalog=catalog)
    assert "pri-2018" in str(info.value) and "nope" in str(info.value)


def test_every_accepted_type_round_trips(tmp_path, document):
    from proposalkit.storage import add_attachment_bytes
    from tests.storage.conftest import docx_bytes, jpeg_bytes

    # A DOCX is itself a zip, stored as is inside ours: its own end record must not fool
    # the reader, wherever it sits.
    add_attachment_bytes(document, docx_bytes(), "résolution.docx")
    add_attachment_bytes(document, jpeg_bytes(), "photo.jpeg")
    path = tmp_path / "all.pkp"
    write_document(path, document)
    again = read_document(path)
    assert again.attachments == document.attachments
    assert {a.media_type for a in again.proposal.attachments} == {
        "application/pdf", "image/png", "image/jpeg",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
