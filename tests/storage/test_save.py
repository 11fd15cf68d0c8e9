"""Saving: never in place, a backup kept, the file on disk checked before it is replaced,
and a full disk or a refused permission leaving the original intact and saying so."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import stat
import tempfile
import time
from pathlib import Path

import pytest

from proposalkit.i18n import translator
from proposalkit.storage import (
    FileChangedError,
    SaveError,
    atomic,
    backup_path,
    read_document,
    write_document,
)
from tests.storage.conftest import needs_fork, small_document


def _leftovers(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.endswith(".pkp-tmp"))


def _edited(document, title="Modifié"):
    document.proposal.metadata.title = title
    return document


def test_previous_version_is_kept_as_backup(saved):
    path, document = saved
    first = path.read_bytes()
    write_document(path, _edited(document))
    assert backup_path(path) == path.with_name("proposal.pkp.bak")
    assert backup_path(path).read_bytes() == first
    assert read_document(backup_path(path)).proposal.metadata.title != "Modifié"
    assert read_document(path).proposal.metadata.title == "Modifié"
    assert _leftovers(path.parent) == []


def test_no_backup_when_asked(saved):
    path, document = saved
    write_document(path, _edited(document), backup=False)
    assert not backup_path(path).exists()


def test_changed_on_disk_is_not_overwritten_unless_forced(saved):
    path, document = saved
    other = read_document(path)
    write_document(path, _edited(other, "Par quelqu'un d'autre"))
    theirs = path.read_bytes()
    with pytest.raises(FileChangedError) as info:
        write_document(path, _edited(document, "Le mien"))
    assert path.read_bytes() == theirs
    assert "changed" in str(info.value) and "modifié" in info.value.message(translator("fr"))
    write_document(path, document, force=True)
    assert read_document(path).proposal.metadata.title == "Le mien"


def test_expected_hash_given_by_the_caller(saved):
    path, document = saved
    with pytest.raises(FileChangedError) as info:
        write_document(path, small_document(), expected_sha256=None)
    assert info.value.code == "exists"
    with pytest.raises(FileChangedError):
        write_document(path, small_document(), expected_sha256="0" * 64)
    write_document(path, small_document(), expected_sha256=document.sha256)


def test_save_as_elsewhere_and_a_deleted_file(saved):
    path, document = saved
    elsewhere = path.with_name("copie.pkp")
    elsewhere.write_bytes(b"old copy")
    write_document(elsewhere, document)  # the caller asked the user about replacing it
    assert document.path == elsewhere
    path.unlink()
    write_document(path, read_document(elsewhere))
    assert path.exists()


def test_attachment_facts_are_filled_in(tmp_path, document):
    for entry in document.proposal.attachments:
        entry.size, entry.sha256 = 0, ""
    write_document(tmp_path / "x.pkp", document)
    assert all(a.size and len(a.sha256) == 64 for a in document.proposal.attachments)


def test_an_attachment_without_bytes_is_refused(saved):
    path, document = saved
    before = path.read_bytes()
    document.attachments.clear()
    with pytest.raises(SaveError) as info:
        write_document(path, document)
    assert info.value.code == "no_data" and path.read_bytes() == before


@pytest.mark.parametrize("partial", [False, True], ids=["at once", "after a partial write"])
def test_disk_full_leaves_the_original_intact(saved, monkeypatch, partial):
    path, document = saved
    before, digest = path.read_bytes(), document.sha256
    real_write = os.write

    def full(fd, data):
        if partial and len(data) > 100:
            real_write(fd, bytes(data[:100]))  # some bytes make it before the disk fills
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(SaveError) as info:
        write_document(path, _edited(document))
    monkeypatch.undo()
    assert info.value.code == "disk_full"
    for lang, words in (("en", "not changed"), ("fr", "pas été modifié")):
        assert words in info.value.message(translator(lang))
    assert path.read_bytes() == before and document.sha256 == digest
    assert _leftovers(path.parent) == []


def test_fsync_failure_leaves_the_original_intact(saved, monkeypatch):
    path, document = saved
    before = path.read_bytes()

    def broken(fd):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(SaveError) as info:
        write_document(path, _edited(document))
    monkeypatch.undo()
    assert info.value.code == "write_failed" and "not changed" in str(info.value)
    assert path.read_bytes() == before and _leftovers(path.parent) == []


def test_refused_replace_leaves_the_original_intact(saved, monkeypatch):
    path, document = saved
    before = path.read_bytes()
    real_replace = os.replace

    def refuse(src, dst):
        if Path(dst) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SaveError) as info:
        write_document(path, _edited(document))
    assert info.value.code == "permission"
    assert path.read_bytes() == before and _leftovers(path.parent) == []


def test_replace_is_retried_while_another_program_holds_the_file(saved, monkeypatch):
    """What Windows does when an antivirus or a sync client has the file open."""
    path, document = saved
    real_replace = os.replace
    failures = [2]
    naps = []

    def busy(src, dst):
        if Path(dst) == path and failures[0]:
            failures[0] -= 1
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic, "RETRY_REPLACE", True)
    monkeypatch.setattr(os, "replace", busy)
    monkeypatch.setattr(time, "sleep", naps.append)
    write_document(path, _edited(document))
    assert naps and read_document(path).proposal.metadata.title == "Modifié"

    failures[0] = 10**6  # never lets go
    before = path.read_bytes()
    with pytest.raises(SaveError) as info:
        write_document(path, _edited(document, "Encore"))
    assert info.value.code == "in_use" and path.read_bytes() == before
    assert sum(naps) < 10  # gives up after a few seconds


@needs_fork
def test_real_file_size_limit_leaves_the_original_intact(saved):
    """A real write failure from the kernel: the file size limit (EFBIG) in a child."""
    path, document = saved
    before = path.read_bytes()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = 1
        try:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))
            try:
                write_document(path, _edited(document))
            except SaveError as exc:
                os.write(write_end, exc.code.encode())
                code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    _, status = os.waitpid(pid, 0)
    code = os.read(read_end, 100).decode()
    os.close(read_end)
    assert os.waitstatus_to_exitcode(status) == 0 and code == "disk_full"
    assert path.read_bytes() == before and _leftovers(path.parent) == []


@needs_fork
def test_read_only_folder_leaves_the_original_intact():
    """A folder the user may not write in. Tests run as root, who may write anywhere, so
    the save then runs in a child process that has given up root."""
    folder = Path(tempfile.mkdtemp(prefix="pk-readonly-"))
    try:
        path = folder / "proposal.pkp"
        write_document(path, small_document())
        before = path.read_bytes()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            code = 1
            try:
                if os.geteuid() == 0:
                    os.chmod(folder, 0o755)
                    os.setgid(65534)
                    os.setuid(65534)
                else:
                    os.chmod(folder, 0o555)
                try:
                    write_document(path, _edited(read_document(path)))
                except SaveError as exc:
                    os.write(write_end, f"{exc.code}|{exc.message(translator('fr'))}".encode())
                    code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        _, status = os.waitpid(pid, 0)
        code, _, text = os.read(read_end, 2000).decode().partition("|")
        os.close(read_end)
        assert os.waitstatus_to_exitcode(status) == 0 and code == "permission"
        assert "permission" in text and str(folder) in text
        assert path.read_bytes() == before and _leftovers(folder) == []
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder)


def test_folder_or_missing_folder_as_target(tmp_path, document):
    (tmp_path / "dir.pkp").mkdir()
    with pytest.raises(SaveError) as info:
        write_document(tmp_path / "dir.pkp", document)
    assert info.value.code == "is_directory"
    with pytest.raises(SaveError) as info:
        write_document(tmp_path / "nowhere" / "x.pkp", document)
    assert info.value.code == "no_folder"


def test_symbolic_link_is_kept_and_its_target_saved(tmp_path, document):
    real = tmp_path / "real" / "proposal.pkp"
    real.parent.mkdir()
    write_document(real, document)
    link = tmp_path / "link.pkp"
    link.symlink_to(real)
    opened = read_document(link)
    write_document(link, _edited(opened))
    assert link.is_symlink()
    assert read_document(real).proposal.metadata.title == "Modifié"
    assert backup_path(real).exists()


def test_permissions_are_kept(saved):
    path, document = saved
    os.chmod(path, 0o640)
    write_document(path, _edited(document))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_new_file_gets_the_usual_permissions(tmp_path, document):
    umask = os.umask(0o022)
    os.umask(umask)
    write_document(tmp_path / "n.pkp", document)
    assert stat.S_IMODE(os.stat(tmp_path / "n.pkp").st_mode) == 0o666 & ~umask


def test_backup_falls_back_to_a_copy_without_hard_links(saved, monkeypatch):
    path, document = saved
    first = path.read_bytes()

    def no_links(*args):
        raise OSError(errno.EPERM, "no hard links here")

    monkeypatch.setattr(os, "link", no_links)
    write_document(path, _edited(document))
    assert backup_path(path).read_bytes() == first


def test_leftovers_of_crashed_saves_are_swept(saved):
    path, document = saved
    old = path.with_name(".proposal.pkp.0badf00d.pkp-tmp")
    fresh = path.with_name(".proposal.pkp.1badf00d.pkp-tmp")
    mine = path.with_name("notes.pkp-tmp")
    for leftover in (old, fresh, mine):
        leftover.write_bytes(b"half a save")
    hours_ago = time.time() - 7200
    os.utime(old, (hours_ago, hours_ago))
    write_document(path, document)
    assert not old.exists() and fresh.exists() and mine.exists()
