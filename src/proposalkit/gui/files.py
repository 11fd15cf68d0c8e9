"""The GUI's door to the storage layer: open, save, lock, autosave and recoveries.

Everything here is Qt-free glue over :mod:`proposalkit.storage`; the session calls it so
that the widgets never touch files themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from proposalkit import storage
from proposalkit.core.model import Proposal
from proposalkit.i18n import Translator

FILE_SUFFIX = ".pkp"


class FileLock:
    """The lock held on an open file (a no-op until the storage layer provides one)."""

    def __init__(self, inner: object | None = None) -> None:
        self._inner = inner

    def release(self) -> None:
        """Let another instance open the file."""
        inner, self._inner = self._inner, None
        if inner is not None and hasattr(inner, "release"):
            inner.release()


@dataclass
class Opened:
    """A file read from disk, with its lock or the reason it opened read-only."""

    proposal: Proposal
    blobs: dict[str, bytes] = field(default_factory=dict)
    lock: FileLock | None = None
    read_only: bool = False
    holder: str = ""

    def read_only_reason(self, tr: Translator) -> str:
        """Why the file is read-only, in the user's language."""
        if self.holder:
            return tr.gettext(
                "This file is already open elsewhere ({holder}). It is opened read-only: "
                "save a copy with Save As to keep your changes.").format(holder=self.holder)
        return tr.gettext("This file is already open elsewhere. It is opened read-only: "
                          "save a copy with Save As to keep your changes.")


def _lock_api():
    return getattr(storage, "acquire_lock", None), getattr(storage, "LockedError", None)


def take_lock(path: Path) -> FileLock:
    """Lock ``path`` for editing; raise the storage layer's error when it is taken."""
    acquire, _locked = _lock_api()
    if acquire is None:
        return FileLock()
    return FileLock(acquire(Path(path)))


def open_document(path: Path) -> Opened:
    """Read ``path`` and lock it; a file locked elsewhere opens read-only."""
    document = storage.read_document(Path(path))
    opened = Opened(document.proposal, dict(document.attachments))
    acquire, locked = _lock_api()
    if acquire is None:
        opened.lock = FileLock()
        return opened
    try:
        opened.lock = FileLock(acquire(Path(path)))
    except Exception as exc:  # the storage layer's "locked" error
        if locked is None or not isinstance(exc, locked):
            raise
        opened.read_only = True
        opened.holder = str(getattr(exc, "holder", "") or "")
    return opened


def save_document(path: Path, proposal: Proposal, blobs: dict[str, bytes]) -> None:
    """Write the proposal and the attachments it references, atomically."""
    wanted = {a.reference for a in proposal.attachments if a.reference}
    kept = {ref: data for ref, data in blobs.items() if ref in wanted}
    storage.write_document(Path(path), storage.Document(proposal, kept))


def autosave(proposal: Proposal, blobs: dict[str, bytes], path: Path | None) -> Path | None:
    """Write a recovery copy of unsaved work; None when storage has no autosave yet."""
    write = getattr(storage, "autosave", None)
    if write is None:
        return None
    wanted = {a.reference for a in proposal.attachments if a.reference}
    kept = {ref: data for ref, data in blobs.items() if ref in wanted}
    return write(storage.Document(proposal, kept), path)


def discard_recovery(proposal: Proposal, path: Path | None) -> None:
    """Forget the recovery copy of this proposal once it is saved or closed on purpose."""
    discard = getattr(storage, "discard_recovery_for", None)
    if discard is not None:
        discard(path)


def recoveries() -> list:
    """Recoveries newer than their file, for the start screen (empty without the API)."""
    listing = getattr(storage, "list_recoveries", None)
    return list(listing()) if listing is not None else []
