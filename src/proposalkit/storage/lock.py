"""A lock that stops two running proposalkits from editing the same file.

The lock is a small JSON file beside the proposal (``.~lock.<name>#``, as office suites
do), created with ``O_CREAT | O_EXCL`` so that exactly one process gets it, and holding
its owner's PID, host name, user and times. It works on any file system that honours
``O_EXCL`` (local disks, SMB and modern NFS) on Windows, macOS and Linux.

A lock is *stale*, and taken over, when its owner died:

- same host: its PID is not running (or it was written before the machine started);
- another host (a shared folder): it was not refreshed for :data:`STALE_AFTER`. The GUI
  calls :meth:`DocumentLock.refresh` every :data:`REFRESH_INTERVAL`;
- unreadable (its owner was killed while writing it) and older than a few seconds.

Takeover renames the stale lock away before creating ours and checks that what it moved
is the stale lock it judged, so that two processes taking over at once cannot both win.
The GUI takes the lock when it opens a file; the command line's read-only commands do
not, and its writing commands only check that no live lock is there.
"""

from __future__ import annotations

import getpass
import json
import os
import secrets
import socket
import stat
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from proposalkit.core.bounded import loads_json
from proposalkit.storage.errors import LockedError, LockLostError, StorageError

#: Another host's lock not refreshed for this long (seconds) is stale.
STALE_AFTER = 30 * 60
#: How often the owner should call :meth:`DocumentLock.refresh` (seconds).
REFRESH_INTERVAL = 5 * 60
#: Lock times outside these (seconds since the epoch: 1970 to 2200) are not ours.
_EPOCH, _LAST = 0, 7_258_118_400
_MAX_LOCK_SIZE = 4096
#: An unreadable lock younger than this may still be being written by its owner.
_UNREADABLE_GRACE = 10.0


def lock_path(path: Path | str) -> Path:
    """The lock file of the proposal file ``path``."""
    path = Path(path)
    return path.with_name(f".~lock.{path.name}#")


@dataclass(frozen=True)
class LockOwner:
    """Who holds a lock, as written in the lock file."""

    pid: int
    hostname: str
    user: str
    #: When the lock was taken and last refreshed (seconds since the epoch).
    since: float
    refreshed: float
    token: str

    def since_text(self) -> str:
        """When the lock was taken, in Montréal time (``2018-04-20 16:30``)."""
        from proposalkit.core.dates import short_datetime

        try:
            return short_datetime(self.since)
        except (OverflowError, OSError, ValueError):  # a time :meth:`from_json` let by
            return "-"

    def is_stale(self, now: float | None = None, stale_after: float = STALE_AFTER) -> bool:
        """True when the owner is known or presumed dead."""
        now = time.time() if now is None else now
        if self.hostname == _hostname():
            return not process_alive(self.pid) or self.since < boot_time()
        return now - self.refreshed > stale_after

    def to_json(self) -> bytes:
        """The lock file's content."""
        return json.dumps({"app": "proposalkit", "pid": self.pid, "hostname": self.hostname,
                           "user": self.user, "since": self.since,
                           "refreshed": self.refreshed, "token": self.token}).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> LockOwner | None:
        """The owner described by ``raw``, or None when it is not a lock we wrote."""
        # Anyone who can write the shared folder can plant a lock: its numbers are
        # bounded while parsing, then its times and PID checked against what is real.
        if len(raw) > _MAX_LOCK_SIZE:
            return None
        try:
            data = loads_json(raw.decode("utf-8"))
            pid, since, refreshed = data["pid"], data["since"], data["refreshed"]
            if type(pid) is not int or not 0 <= pid < 2**31:
                return None
            times = [since, refreshed]
            if any(type(t) not in (int, Decimal) or not _EPOCH <= t <= _LAST for t in times):
                return None
            owner = cls(pid, str(data["hostname"])[:255], str(data["user"])[:255],
                        float(since), float(refreshed), str(data["token"])[:64])
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError,
                RecursionError):
            return None
        return owner if data.get("app") == "proposalkit" else None


def _writer_tag() -> str:
    from proposalkit.storage.leftovers import writer_tag  # see DocumentLock._sweep

    return writer_tag()


def _hostname() -> str:
    return socket.gethostname()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in this environment (some services, containers)
        return ""


def process_alive(pid: int) -> bool:
    """True when a process with this PID is running on this machine."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    except OSError:
        return False
    try:  # Linux: a zombie has exited, it only waits for its parent to notice.
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def boot_time() -> float:
    """When this machine started (seconds since the epoch; 0 where unknown)."""
    try:
        with open("/proc/stat", "rb") as fh:
            for line in fh:
                if line.startswith(b"btime "):
                    return float(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def read_lock(path: Path | str) -> LockOwner | None:
    """The owner of the lock on the proposal file ``path``, if it is locked and readable."""
    try:
        return LockOwner.from_json(_read_lock_file(lock_path(path)))
    except OSError:
        return None


def _read_lock_file(file: Path) -> bytes:
    # Bounded: a planted lock may be a huge file (or a FIFO, which never ends).
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, _MAX_LOCK_SIZE + 1)
    finally:
        os.close(fd)


def check_unlocked(path: Path | str) -> None:
    """Raise :class:`LockedError` when a live process holds the lock on ``path``."""
    owner = read_lock(path)
    if owner is not None and not owner.is_stale():
        raise _locked(Path(path), owner)


def _locked(path: Path, owner: LockOwner | None) -> LockedError:
    if owner is None:
        return LockedError("{path} is already open in another proposalkit window.", path=path)
    error = LockedError("{path} is already open in proposalkit by {user} on {host} (process "
                        "{pid}) since {since}.", path=path, user=owner.user or "-",
                        host=owner.hostname, pid=owner.pid, since=owner.since_text())
    error.owner = owner
    error.holder = f"{owner.user or '-'}@{owner.hostname}, PID {owner.pid}, {owner.since_text()}"
    return error


def acquire_lock(path: Path | str, *, force: bool = False) -> DocumentLock:
    """Lock the proposal file ``path`` for editing: the held :class:`DocumentLock`
    (call its ``release()``). Raises :class:`LockedError` when a live process has it."""
    lock = DocumentLock(path)
    lock.acquire(force=force)
    return lock


class DocumentLock:
    """The lock on one proposal file. Use :meth:`acquire` and :meth:`release`, or
    ``with DocumentLock(path):``."""

    def __init__(self, path: Path | str, *, stale_after: float = STALE_AFTER) -> None:
        self.path = Path(path)
        self.lock_file = lock_path(self.path)
        self.stale_after = stale_after
        self.owner: LockOwner | None = None

    @property
    def held(self) -> bool:
        """True between a successful :meth:`acquire` and :meth:`release`."""
        return self.owner is not None

    def acquire(self, *, force: bool = False) -> LockOwner:
        """Take the lock; take over a stale one (any one with ``force``, when the user
        says the other window is gone). Raises :class:`LockedError` when another live
        process holds it, :class:`StorageError` when the lock file cannot be created."""
        if self.owner is not None:
            return self.owner
        self._sweep()
        for _attempt in range(5):
            now = time.time()
            owner = LockOwner(os.getpid(), _hostname(), _user(), now, now, secrets.token_hex(8))
            try:
                fd = os.open(self.lock_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                self._take_over_if_stale(force)
                continue
            except OSError as exc:
                raise StorageError("{path} cannot be locked: {reason}", code="lock_failed",
                                   path=self.path, reason=exc.strerror or exc) from None
            try:
                os.write(fd, owner.to_json())
                os.fsync(fd)
            except OSError as exc:
                os.close(fd)
                self.lock_file.unlink(missing_ok=True)
                raise StorageError("{path} cannot be locked: {reason}", code="lock_failed",
                                   path=self.path, reason=exc.strerror or exc) from None
            os.close(fd)
            self.owner = owner
            return owner
        raise _locked(self.path, read_lock(self.path))

    def _take_over_if_stale(self, force: bool) -> None:
        try:
            raw = _read_lock_file(self.lock_file)
            age = time.time() - self.lock_file.stat().st_mtime
        except FileNotFoundError:
            return  # released meanwhile: try again
        except OSError as exc:
            raise StorageError("{path} cannot be locked: {reason}", code="lock_failed",
                               path=self.path, reason=exc.strerror or exc) from None
        owner = LockOwner.from_json(raw)
        if not force:
            if owner is None and age < _UNREADABLE_GRACE:
                raise _locked(self.path, None)
            if owner is not None and not owner.is_stale(stale_after=self.stale_after):
                raise _locked(self.path, owner)
        # Move the stale lock aside, then make sure it is the one we judged: another
        # process may have taken it over and locked anew in between.
        grave = self.lock_file.with_name(f"{self.lock_file.name}.{_writer_tag()}.stale")
        try:
            os.rename(self.lock_file, grave)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StorageError("{path} cannot be locked: {reason}", code="lock_failed",
                               path=self.path, reason=exc.strerror or exc) from None
        try:
            moved = _read_lock_file(grave)
        except OSError:
            moved = raw
        if moved != raw:
            try:  # put the live lock back, unless yet another one is there already
                os.link(grave, self.lock_file)
            except OSError:
                pass
        grave.unlink(missing_ok=True)

    def _sweep(self) -> None:
        # A takeover or a refresh killed half-way leaves a ``.stale`` or ``.tmp`` file
        # named after the lock; ours (tagged with host and PID) are removed once their
        # writer is gone. Imported here: leftovers needs process_alive from this module.
        from proposalkit.storage.leftovers import sweep

        sweep(self.lock_file.parent, (f"{self.lock_file.name}.",), (".stale", ".tmp"))

    def refresh(self) -> None:
        """Tell other hosts we are alive; raise :class:`LockLostError` when our lock was
        taken over (the GUI then warns and should save under another name)."""
        if self.owner is None:
            return
        current = read_lock(self.path)
        if current is None or current.token != self.owner.token:
            self.owner = None
            raise LockLostError("The lock on {path} was taken over by another proposalkit; "
                                "save your work under another name.", path=self.path)
        updated = LockOwner(**{**self.owner.__dict__, "refreshed": time.time()})
        temp = self.lock_file.with_name(f"{self.lock_file.name}.{_writer_tag()}.tmp")
        try:
            temp.write_bytes(updated.to_json())
            os.replace(temp, self.lock_file)
        except OSError:
            temp.unlink(missing_ok=True)
            return  # keeping the older time is harmless; the next refresh tries again
        self.owner = updated

    def release(self) -> None:
        """Remove the lock if it is still ours (never someone else's)."""
        if self.owner is None:
            return
        current = read_lock(self.path)
        if current is not None and current.token == self.owner.token:
            self.lock_file.unlink(missing_ok=True)
        self.owner = None

    def __enter__(self) -> DocumentLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
