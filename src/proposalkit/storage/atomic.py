"""Writing a file without ever leaving it half-written.

:func:`atomic_write` writes a temporary file in the destination's folder, flushes and
fsyncs it, keeps the current file as a backup (hard link, or a copy where links are not
supported), then replaces the destination in one rename and fsyncs the folder. At every
moment the destination is either the complete old file or the complete new one. On
Windows the rename is retried for a short while when another program (antivirus, search
indexer, cloud sync) holds the file open.

Writes go through ``os.write``/``os.fsync``/``os.replace`` on purpose: the tests inject
failures (disk full, I/O errors) there.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import socket
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

from proposalkit.storage.errors import SaveError, StorageError
from proposalkit.storage.lock import process_alive

#: Retry ``os.replace`` when it fails with a sharing violation (Windows only).
RETRY_REPLACE = sys.platform == "win32"
REPLACE_ATTEMPTS = 20
REPLACE_DELAY = 0.05  # seconds; doubled up to 0.25 s, so about 4 s in all
_CHUNK = 1 << 20
_TEMP_SUFFIX = ".pkp-tmp"
_TEMP_TAG = re.compile(r"\.(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]{1,10})-[0-9a-f]{8}"
                       + re.escape(_TEMP_SUFFIX) + "$")
#: Temporary files older than this are leftovers of a crashed save and are removed.
LEFTOVER_AGE = 3600.0


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def temporary_name(path: Path) -> Path:
    """A fresh temporary file name beside ``path`` (hidden, recognizable as ours).

    It names the host and process writing it, so that the next open or save can tell
    the leftover of a crashed save (its process is gone) from a save in progress.
    """
    stem = path.name[:100]
    return path.with_name(
        f".{stem}.{_host_tag()}-{os.getpid()}-{secrets.token_hex(4)}{_TEMP_SUFFIX}")


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept: ``name.pkp.bak`` beside it."""
    path = Path(path)
    return path.with_name(path.name + ".bak")


def atomic_write(path: Path, data: bytes, *, backup: Path | None = None,
                 mode: int | None = None, shown: Path | None = None,
                 sleep: Callable[[float], None] | None = None) -> bool:
    """Replace ``path`` with ``data``, atomically and durably.

    ``backup``: keep the file being replaced there (best effort: a failing backup does not
    fail the save). ``mode``: permission bits of the new file (default: those of the file
    replaced, or the usual ones for a new file). ``shown``: the path named in messages
    (default ``path``). Returns True when a backup was made.
    Raises :class:`SaveError`; ``path`` is then unchanged and no temporary file remains.
    """
    path = Path(path)
    shown = path if shown is None else shown
    if path.is_dir():
        raise SaveError("{path} is a folder, not a proposal file.", code="is_directory",
                        path=shown)
    temp = temporary_name(path)
    try:
        _write_file(temp, data, 0o600 if mode is not None else 0o666)
        _set_mode(temp, path, mode)
        backed_up = backup is not None and _keep_backup(path, backup)
        replace(temp, path, sleep=sleep)
    except OSError as exc:
        _discard(temp)
        raise save_error(exc, shown) from None
    except BaseException:
        _discard(temp)
        raise
    fsync_folder(path.parent)
    return backed_up


def _write_file(target: Path, data: bytes, create_mode: int) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags, create_mode)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view[:_CHUNK])
            if written <= 0:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _set_mode(temp: Path, path: Path, mode: int | None) -> None:
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except OSError:
            return  # a new file keeps the umask's mode given at creation
    try:
        os.chmod(temp, mode)
    except OSError:
        pass  # e.g. a FAT or network drive: permissions do not apply


def _keep_backup(path: Path, backup: Path) -> bool:
    if not path.is_file():
        return False
    temp = temporary_name(backup)
    try:
        try:
            os.link(path, temp)
        except OSError:
            # No hard links here (FAT, some network and cloud drives): copy instead.
            _write_file(temp, path.read_bytes(), 0o600)
            _set_mode(temp, path, None)
        os.replace(temp, backup)
        return True
    except OSError:
        _discard(temp)
        return False


def replace(source: Path, target: Path, *,
            sleep: Callable[[float], None] | None = None) -> None:
    """``os.replace``, retried briefly on Windows while another program holds ``target``."""
    sleep = sleep or time.sleep
    delay = REPLACE_DELAY
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if not RETRY_REPLACE:
                raise
            if attempt == REPLACE_ATTEMPTS - 1:
                raise StillInUse(exc.errno, exc.strerror, str(target)) from exc
            sleep(delay)
            delay = min(delay * 2, 0.25)


class StillInUse(PermissionError):
    """The target stayed locked by another program through every retry."""


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _discard(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _writer_gone(name: str) -> bool:
    # Ours (same host tag) and from a process that no longer runs: a crashed save.
    match = _TEMP_TAG.search(name)
    if match is None or match["host"] != _host_tag():
        return False
    pid = int(match["pid"])
    return pid != os.getpid() and not process_alive(pid)


def sweep_leftovers(path: Path, older_than: float = LEFTOVER_AGE) -> int:
    """Remove temporary files of crashed saves of ``path`` (and of its backup): those of
    a process of this machine that is gone, and any older than ``older_than`` seconds
    (another machine's, on a shared folder); returns how many were removed."""
    path = Path(path)
    now = time.time()
    removed = 0
    prefixes = (f".{path.name[:100]}.", f".{backup_path(path).name[:100]}.")
    try:
        candidates = list(os.scandir(path.parent))
    except OSError:
        return 0
    for entry in candidates:
        name = entry.name
        if not (name.endswith(_TEMP_SUFFIX) and name.startswith(prefixes)):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if _writer_gone(name) or now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


_SHARING_VIOLATIONS = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


def save_error(exc: OSError, path: Path) -> StorageError:
    """The :class:`SaveError` telling the user why ``path`` could not be saved."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        return SaveError("{path} could not be saved: the disk is full, or the file is too "
                         "large for it ({reason}). The file on disk was not changed.",
                         code="disk_full", path=path, reason=reason)
    if isinstance(exc, StillInUse) or getattr(exc, "winerror", None) in _SHARING_VIOLATIONS:
        return SaveError("{path} could not be saved: another program is using it. Close "
                         "that program or try again; the file on disk was not changed.",
                         code="in_use", path=path)
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM,
                                                         errno.EROFS):
        return SaveError("{path} could not be saved: you do not have permission to write "
                         "in {folder}. The file on disk was not changed.",
                         code="permission", path=path, folder=path.parent)
    if isinstance(exc, FileNotFoundError):
        return SaveError("{path} could not be saved: the folder {folder} does not exist.",
                         code="no_folder", path=path, folder=path.parent)
    return SaveError("{path} could not be saved: {reason}. The file on disk was not changed.",
                     code="write_failed", path=path, reason=reason)
