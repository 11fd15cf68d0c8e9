"""Autosave goes to the private recovery folder, never over the user's file; recoveries
of a session that died are listed (when newer than their file), restored or discarded."""

from __future__ import annotations

import os
import stat
import time

import pytest

from proposalkit.paths import user_state_dir
from proposalkit.storage import (
    Document,
    FileChangedError,
    RecoveryError,
    autosave,
    discard_recovery,
    discard_recovery_for,
    find_recovery,
    list_recoveries,
    read_document,
    recovery_dir,
    recovery_key_for,
    restore_recovery,
    write_document,
)
from tests.storage.conftest import needs_fork, small_document


def _autosave_in_a_process_that_dies(document: Document, original=None) -> str:
    """Autosave from a child process that then exits, as a crashed session would."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            os.write(write_end, autosave(document, original).key.encode())
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    key = os.read(read_end, 200).decode()
    os.close(read_end)
    assert key
    return key


def test_autosave_is_private_and_leaves_the_users_file_alone(saved):
    path, document = saved
    before = path.read_bytes()
    document.proposal.metadata.title = "Non enregistré"
    recovery = autosave(document)
    assert path.read_bytes() == before
    assert recovery.file.parent == recovery_dir() == user_state_dir() / "recovery"
    assert stat.S_IMODE(os.stat(recovery_dir()).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(recovery.file).st_mode) == 0o600
    assert recovery.original == path and recovery.original_sha256 == document.sha256
    assert recovery.title == "Non enregistré"
    # The same document keeps its slot; so does another Document for the same file.
    assert autosave(document).file == recovery.file
    assert autosave(Document(document.proposal, document.attachments), path).key == (
        recovery_key_for(path))
    assert len(list(recovery_dir().glob("*.pkp"))) == 1


def test_recoveries_of_a_live_session_are_not_offered(saved):
    path, document = saved
    autosave(document)
    assert list_recoveries() == []
    assert [r.key for r in list_recoveries(include_all=True)] == [document.recovery_key]


@needs_fork
def test_recovery_of_a_dead_session_is_listed_then_restored(saved):
    path, document = saved
    document.proposal.metadata.title = "Travail perdu"
    key = _autosave_in_a_process_that_dies(document)
    time.sleep(0.01)
    os.utime(path, (time.time() - 60, time.time() - 60))  # the file is older
    [recovery] = list_recoveries()
    assert recovery.key == key and recovery.original == path and not recovery.session_alive
    restored = restore_recovery(key)
    assert restored.proposal == document.proposal
    assert restored.attachments == document.attachments
    assert restored.path == path and restored.recovery_key == key
    # Saving over the original works since it is still the file the session had open ...
    write_document(path, restored)
    assert read_document(path).proposal.metadata.title == "Travail perdu"
    assert discard_recovery(key) and not discard_recovery(key)
    assert list_recoveries(include_all=True) == []


@needs_fork
def test_restored_recovery_does_not_overwrite_a_file_changed_since(saved):
    path, document = saved
    key = _autosave_in_a_process_that_dies(document)
    other = read_document(path)
    other.proposal.metadata.title = "Changé ailleurs"
    write_document(path, other)
    restored = restore_recovery(key)
    with pytest.raises(FileChangedError):
        write_document(path, restored)


@needs_fork
def test_a_recovery_older_than_its_file_is_not_offered(saved):
    path, document = saved
    _autosave_in_a_process_that_dies(document)
    later = time.time() + 60
    os.utime(path, (later, later))  # saved after the autosave
    assert list_recoveries() == []
    assert len(list_recoveries(include_all=True)) == 1


@needs_fork
def test_untitled_and_vanished_files_are_offered(saved):
    path, document = saved
    untitled = small_document()
    untitled.proposal.metadata.title = "Brouillon"
    _autosave_in_a_process_that_dies(untitled)
    _autosave_in_a_process_that_dies(document)
    path.unlink()
    found = {r.title: r for r in list_recoveries()}
    assert found["Brouillon"].original is None
    assert found["Pôle régional d’innovation de la Mauricie"].original == path
    assert found["Brouillon"].saved_at_text[:2] == "20"


def test_discard_after_save_and_unknown_keys(saved):
    path, document = saved
    autosave(Document(document.proposal, document.attachments), path)
    assert discard_recovery_for(path)
    assert list_recoveries(include_all=True) == []
    for key in ("nope", "../../etc/passwd", ""):
        with pytest.raises(RecoveryError):
            restore_recovery(key)
        with pytest.raises(RecoveryError):
            find_recovery(key)


@needs_fork
def test_broken_files_in_the_recovery_folder_are_ignored(saved):
    path, document = saved
    _autosave_in_a_process_that_dies(document)
    recovery_dir().joinpath("garbage.pkp").write_bytes(b"not a zip")
    recovery_dir().joinpath("notes.txt").write_text("hello")
    assert len(list_recoveries()) == 1


def test_autosave_failure_is_a_save_error(saved, monkeypatch):
    from proposalkit.storage import SaveError

    path, document = saved
    blocker = user_state_dir()
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the folder should be")
    with pytest.raises(SaveError):
        autosave(document)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
def test_a_pipe_in_the_recovery_folder_is_skipped(tmp_path):
    # Issue 18: every file we read is opened without blocking. A child process bounds
    # the test: a blocked open would hang it, not the suite.
    import subprocess
    import sys

    recovery_dir().mkdir(parents=True, exist_ok=True)
    os.mkfifo(recovery_dir() / "pipe.pkp")
    code = ("from proposalkit.storage import list_recoveries; "
            "print(len(list_recoveries(include_all=True)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "0", result.stderr
