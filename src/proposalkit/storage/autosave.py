"""Autosave and crash recovery.

:func:`autosave` writes the open document to the recovery folder
(``<user state dir>/recovery``, readable by the user only), never over the user's file.
Each document gets its own slot (``document.recovery_key``, given on its first
autosave), so two windows, or a new session started after a crash, never overwrite each
other's recoveries. A recovery is a ``.pkp`` file whose manifest records where it comes
from (``recovery`` key, see ``schema.py``).

At start-up the GUI calls :func:`list_recoveries`: the recoveries newer than their file
(or never saved) whose process is gone. It then offers to :func:`restore_recovery` or
:func:`discard_recovery` each one. After a successful save the GUI discards the
document's recovery. The GUI issue wires the timer and the prompt.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket
import stat
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from proposalkit.core.bounded import loads_json
from proposalkit.paths import user_state_dir
from proposalkit.storage.atomic import atomic_write
from proposalkit.storage.document import Document, encode_document, read_document
from proposalkit.storage.errors import RecoveryError, SaveError
from proposalkit.storage.lock import boot_time, process_alive
from proposalkit.storage.schema import EXTENSION, MANIFEST, MAX_MANIFEST, Manifest, RecoveryInfo

_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def recovery_dir(create: bool = False) -> Path:
    """The recovery folder; with ``create``, made (or fixed) readable by the user only."""
    folder = user_state_dir() / "recovery"
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(folder, 0o700)
        except OSError as exc:
            raise SaveError("{path} could not be saved: {reason}. The file on disk was not "
                            "changed.", code="write_failed", path=folder,
                            reason=exc.strerror or exc) from None
    return folder


@dataclass(frozen=True)
class Recovery:
    """One autosaved copy in the recovery folder."""

    key: str
    #: The recovery file itself.
    file: Path
    #: The user's file it is a copy of (None: never saved).
    original: Path | None
    #: SHA-256 of the user's file when the session opened or last saved it.
    original_sha256: str | None
    saved_at: float
    title: str
    pid: int
    hostname: str

    @property
    def saved_at_text(self) -> str:
        """When it was autosaved, in Montréal time (``2018-04-20 16:30``)."""
        from proposalkit.core.dates import short_datetime

        return short_datetime(self.saved_at)

    @property
    def newer_than_original(self) -> bool:
        """True when the user's file was not saved since (or does not exist)."""
        if self.original is None:
            return True
        try:
            return os.stat(self.original).st_mtime < self.saved_at
        except OSError:
            return True

    @property
    def session_alive(self) -> bool:
        """True while the proposalkit that wrote it is still running (on this machine)."""
        return (
            self.hostname == socket.gethostname()
            and process_alive(self.pid)
            and self.saved_at >= boot_time()
        )


def new_recovery_key() -> str:
    """A fresh, readable recovery key: ``20180420-163000-1a2b3c4d``."""
    return time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(4)


# This process's prefix for slots derived from a path: stable while it runs, new in the
# next session, so that a session started after a crash never overwrites the recoveries
# it should offer.
_SESSION = new_recovery_key()


def recovery_key_for(original: Path | str | None) -> str:
    """This process's recovery slot for the user's file ``original`` (None: untitled)."""
    if original is None:
        return f"{_SESSION}-untitled"
    name = os.path.normcase(os.path.abspath(original)).encode("utf-8", "surrogateescape")
    return f"{_SESSION}-{hashlib.sha256(name).hexdigest()[:8]}"


def _file_for(key: str) -> Path:
    if not _KEY.match(key):
        raise RecoveryError("There is no recovery named {key}.", key=key)
    return recovery_dir() / f"{key}{EXTENSION}"


def autosave(document: Document, original: Path | str | None = None) -> Recovery:
    """Write ``document`` to its recovery slot; return the recovery.

    ``original``: the user's file it is a copy of (default ``document.path``; None for an
    untitled proposal). The slot is ``document.recovery_key``, set on the first call to
    this process's slot for that file (:func:`recovery_key_for`). Raises
    :class:`SaveError` when the recovery folder cannot be written (the GUI shows it once
    and tries again at the next tick).
    """
    original = document.path if original is None else original
    if document.recovery_key is None:
        document.recovery_key = recovery_key_for(original)
    key = document.recovery_key
    folder = recovery_dir(create=True)
    original = None if original is None else Path(os.path.abspath(original))
    info = RecoveryInfo(key=key, original=None if original is None else str(original),
                        original_sha256=document.sha256, saved_at=time.time(),
                        title=document.proposal.metadata.title
                        or document.proposal.applicant.legal_name,
                        pid=os.getpid(), hostname=socket.gethostname())
    file = folder / f"{key}{EXTENSION}"
    data = encode_document(document, path=file, program_version=document.program_version,
                           extra={"recovery": info.model_dump()})
    atomic_write(file, data, mode=0o600)
    return _recovery(file, info)


def _recovery(file: Path, info: RecoveryInfo) -> Recovery:
    return Recovery(info.key, file, None if info.original is None else Path(info.original),
                    info.original_sha256, info.saved_at, info.title, info.pid, info.hostname)


def _peek(file: Path) -> RecoveryInfo | None:
    # Only the manifest is read: listing must stay quick with large recoveries.
    try:
        # Opened without blocking, a regular file only (a pipe would hang the listing).
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        with os.fdopen(fd, "rb") as fh, zipfile.ZipFile(fh) as archive:
            entry = archive.getinfo(MANIFEST)
            if entry.file_size > MAX_MANIFEST:
                return None
            manifest = Manifest.model_validate(loads_json(archive.read(entry)))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, ValidationError, EOFError,
            RuntimeError, NotImplementedError, RecursionError):
        return None
    if manifest.recovery is None or f"{manifest.recovery.key}{EXTENSION}" != file.name:
        return None
    return manifest.recovery


def list_recoveries(*, include_all: bool = False) -> list[Recovery]:
    """The recoveries worth offering, newest first: newer than their file (or never
    saved), and not from a proposalkit still running. ``include_all`` lists every one."""
    folder = recovery_dir()
    try:
        files = sorted(folder.glob(f"*{EXTENSION}"))
    except OSError:
        return []
    found = []
    for file in files:
        info = _peek(file)
        if info is None:
            continue
        recovery = _recovery(file, info)
        if include_all or (recovery.newer_than_original and not recovery.session_alive):
            found.append(recovery)
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def find_recovery(key: str) -> Recovery:
    """The recovery named ``key``; :class:`RecoveryError` when there is none."""
    file = _file_for(key)
    info = _peek(file) if file.is_file() else None
    if info is None:
        raise RecoveryError("There is no recovery named {key}.", key=key)
    return _recovery(file, info)


def restore_recovery(recovery: Recovery | str) -> Document:
    """Open a recovery as a document of its original file: saving it checks that file
    is still the one the crashed session had open. Its key stays the document's
    autosave slot, so the recovery is kept until the GUI discards it after a save."""
    if isinstance(recovery, str):
        recovery = find_recovery(recovery)
    document = read_document(recovery.file)
    document.path = recovery.original
    document.sha256 = recovery.original_sha256
    document.recovery_key = recovery.key
    return document


def discard_recovery_for(original: Path | str | None) -> bool:
    """Delete this process's recovery of the user's file ``original`` (after a save)."""
    return discard_recovery(recovery_key_for(original))


def discard_recovery(recovery: Recovery | str) -> bool:
    """Delete a recovery; False when it was already gone."""
    key = recovery if isinstance(recovery, str) else recovery.key
    file = _file_for(key)
    try:
        file.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise RecoveryError("The recovery {key} cannot be deleted: {reason}", key=key,
                            reason=exc.strerror or exc) from None
    return True
