"""The command line and the proposal file: .pkp written by example and new, every bad
file turned into exit 2 with one line, and recover."""

from __future__ import annotations

import os
import zipfile

import pytest

from proposalkit.cli import main
from proposalkit.storage import (
    DocumentLock,
    autosave,
    list_recoveries,
    read_document,
    write_document,
)
from tests.storage.conftest import needs_fork, small_document
from tests.storage.hostile import CASES


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_example_writes_a_pkp_with_its_attachments(capsys, tmp_path):
    path = tmp_path / "exemple.pkp"
    assert run(capsys, "example", "-o", path)[0] == 0
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert names[:2] == ["manifest.json", "proposal.json"]
    assert len([n for n in names if n.startswith("attachments/")]) == 8
    document = read_document(path)
    assert all(a.size and a.sha256 for a in document.proposal.attachments)
    code, out, _ = run(capsys, "validate", path, "--today", "2018-04-01", "--lang", "en")
    assert code == 0 and "Nothing left to do." in out


def test_new_writes_a_pkp(capsys, tmp_path):
    path = tmp_path / "vide.pkp"
    assert run(capsys, "new", "--program", "rnpri-2018", "-o", path)[0] == 0
    assert zipfile.is_zipfile(path)
    assert read_document(path).proposal.program_id == "rnpri-2018"


def test_write_commands_respect_a_live_lock(capsys, tmp_path):
    path = tmp_path / "ouvert.pkp"
    run(capsys, "new", "--program", "pri-2018", "-o", path)
    before = path.read_bytes()
    with DocumentLock(path):
        code, _, err = run(capsys, "example", "-o", path, "--force", "--lang", "en")
    assert code == 2 and "already open" in err and err.count("\n") == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_bad_file_is_exit_2_with_one_line(capsys, tmp_path, name, lang):
    good = tmp_path / "good.pkp"
    write_document(good, small_document())
    bad = tmp_path / "bad.pkp"
    bad.write_bytes(CASES[name][0](good.read_bytes()))
    code, out, err = run(capsys, "validate", bad, "--lang", lang)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("proposalkit: ") and str(bad) in err
    assert "Traceback" not in err


def test_directory_and_empty_file(capsys, tmp_path):
    (tmp_path / "empty.pkp").write_bytes(b"")
    for target, words in ((tmp_path, "dossier"), (tmp_path / "empty.pkp", "vide")):
        code, _, err = run(capsys, "validate", target, "--lang", "fr")
        assert code == 2 and words in err and err.count("\n") == 1


def _recovery_from_a_dead_session(document) -> str:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            os.write(write_end, autosave(document).key.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    key = os.read(read_end, 100).decode()
    os.close(read_end)
    return key


@needs_fork
def test_recover_list_restore_discard(capsys, tmp_path):
    code, out, _ = run(capsys, "recover", "--list", "--lang", "en")
    assert code == 0 and "No autosaved work" in out

    original = tmp_path / "demande.pkp"
    run(capsys, "example", "-o", original)
    document = read_document(original)
    document.proposal.metadata.title = "Version non enregistrée"
    os.utime(original, (1, 1))  # the file is older than the autosave
    key = _recovery_from_a_dead_session(document)
    untitled = small_document()
    untitled.proposal.metadata.title = "Brouillon"
    other = _recovery_from_a_dead_session(untitled)

    code, out, _ = run(capsys, "recover", "--list", "--lang", "fr")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    mine = next(line for line in lines if line.startswith(key)).split("\t")
    assert mine[2] == str(original) and mine[3] == "Version non enregistrée"
    # When, in the language's long form (not 2026-12-01 14:05).
    assert " à " in mine[1] and "\u00a0h\u00a0" in mine[1] and not mine[1][:4].isdigit()
    assert "(jamais enregistré)" in next(line for line in lines if line.startswith(other))

    # A recovery never saved needs a file name.
    code, _, err = run(capsys, "recover", "--restore", other, "--lang", "en")
    assert code == 2 and "-o FILE" in err
    copy = tmp_path / "brouillon.pkp"
    assert run(capsys, "recover", "--restore", other, "-o", copy)[0] == 0
    assert read_document(copy).proposal.metadata.title == "Brouillon"

    # Back over its original file, which has not changed since the session opened it.
    code, out, _ = run(capsys, "recover", "--restore", key, "--lang", "en")
    assert code == 0 and str(original) in out
    assert read_document(original).proposal.metadata.title == "Version non enregistrée"
    assert list_recoveries(include_all=True) == []

    code, _, err = run(capsys, "recover", "--discard", key, "--lang", "en")
    assert code == 2 and key in err and err.count("\n") == 1


@needs_fork
def test_recover_discard_and_unknown_keys(capsys, tmp_path):
    key = _recovery_from_a_dead_session(small_document())
    code, out, _ = run(capsys, "recover", "--discard", key, "--lang", "en")
    assert code == 0 and key in out
    for bad in ("nope", "../../x"):
        code, _, err = run(capsys, "recover", "--restore", bad, "-o", tmp_path / "x.pkp")
        assert code == 2 and err.count("\n") == 1


def test_recover_needs_an_action(capsys):
    with pytest.raises(SystemExit) as info:
        main(["recover"])
    assert info.value.code == 2
