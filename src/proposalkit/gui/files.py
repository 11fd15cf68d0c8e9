"""The GUI's door to the storage layer (Qt-free): open with the lock, save, autosave,
recoveries and attachments, all through :mod:`proposalkit.storage`.

The storage package (zip, JSON schema, migrations) is imported on first use, not when
the window starts: the start screen needs none of it (see the cold-start benchmark).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proposalkit.core.model import Attachment, Proposal
    from proposalkit.storage import Document, DocumentLock, LockedError, Recovery

#: The proposal file's extension (``storage.EXTENSION``; a test keeps them equal).
FILE_SUFFIX = ".pkp"


def _storage():  # noqa: ANN202 - the storage package
    from proposalkit import storage

    return storage


@dataclass
class Opened:
    """A document read from disk, with its lock, or the reason it is read-only."""

    document: Document
    lock: DocumentLock | None = None
    locked_error: LockedError | None = None

    @property
    def read_only(self) -> bool:
        """True when another instance holds the file."""
        return self.locked_error is not None


def new_document(proposal: Proposal, blobs: dict[str, bytes] | None = None) -> Document:
    """An unsaved document (a new proposal, the example)."""
    return _storage().Document(proposal, dict(blobs or {}))


def open_document(path: Path) -> Opened:
    """Read ``path`` and lock it; a file locked elsewhere opens read-only."""
    storage = _storage()
    document = storage.read_document(Path(path))
    try:
        return Opened(document, storage.acquire_lock(Path(path)))
    except storage.LockedError as exc:
        return Opened(document, None, exc)


def take_lock(path: Path) -> DocumentLock:
    """Lock ``path`` before saving to it; :class:`LockedError` when another instance has it."""
    return _storage().acquire_lock(Path(path))


def save_document(path: Path, document: Document, force: bool = False) -> None:
    """Write atomically (the storage layer checks the file was not changed meanwhile).

    Bytes of removed attachments stay in memory for undo but are not written.
    ``force`` overwrites a file that changed on disk since it was opened (the user
    chose to).
    """
    wanted = {a.reference for a in document.proposal.attachments if a.reference}
    spare = {ref: document.attachments.pop(ref) for ref in list(document.attachments)
             if ref not in wanted}
    try:
        _storage().write_document(Path(path), document, force=force)
    finally:
        document.attachments.update(spare)


def autosave(document: Document) -> Recovery:
    """Write a recovery copy of unsaved work (never over the user's file)."""
    return _storage().autosave(document)


def discard_recovery(document: Document) -> None:
    """Forget the document's recovery copy (after a save, or closing on purpose)."""
    if document.recovery_key:
        _storage().discard_recovery(document.recovery_key)
        document.recovery_key = None


def discard_found_recovery(recovery: Recovery) -> None:
    """Delete a recovery found at start (the user chose to discard it)."""
    _storage().discard_recovery(recovery)


def recoveries() -> list[Recovery]:
    """Recoveries worth offering after a crash, newest first."""
    storage = _storage()
    try:
        return storage.list_recoveries()
    except storage.StorageError:
        return []


def restore(recovery: Recovery) -> Opened:
    """Open a recovery; its original file (if any) is locked like an opened file."""
    storage = _storage()
    document = storage.restore_recovery(recovery)
    if document.path is None or not Path(document.path).exists():
        return Opened(document)
    try:
        return Opened(document, storage.acquire_lock(document.path))
    except storage.LockedError as exc:
        return Opened(document, None, exc)


def recovery_label(recovery: Recovery, locale: str) -> str:
    """How a recovery is listed: its title, its file and when it was saved (the date in
    the long form of the Babel ``locale``)."""
    from proposalkit.core.dates import long_datetime  # Babel: not before the first paint

    where = recovery.original.name if recovery.original else "—"
    saved = long_datetime(recovery.saved_at, locale)  # Montréal time
    return f"{recovery.title or '—'} ({where}, {saved})"


def read_attachment(document: Document, path: Path, kind: str,
                    partner_id: str | None) -> tuple[Attachment, bytes]:
    """Read a document the user picked and describe it as an attachment of ``document``.

    The storage layer checks the type, the sizes and the name on a scratch copy, so the
    session can then add it as one undoable step.
    """
    storage = _storage()
    scratch = storage.Document(document.proposal.model_copy(deep=True), dict(document.attachments))
    # storage.add_attachment reads at most the size limit (a huge file is refused, not
    # loaded), checks the type by its bytes and sanitizes the name.
    entry = storage.add_attachment(scratch, Path(path), kind=kind, partner_id=partner_id)
    data = scratch.attachments[entry.reference]
    return entry.model_copy(), data


class ViewerCopies:
    """Copies of attachments (and preview PDFs) handed to a viewer, in one private folder.

    The operating system opens a file by its extension, so what it gets is never the
    name stored in the proposal (``lettre.pdf.bat``): it is the attachment's title with
    the extension of what its bytes *are* (``.pdf``, ``.png``, ``.jpg``, ``.docx``), in a
    folder only the user can enter (0700), removed by :meth:`remove` when the
    application closes (and at exit, should it not be called).
    """

    def __init__(self) -> None:
        self.folder: Path | None = None
        self._count = 0

    def new_folder(self) -> Path:
        """A fresh private folder inside ours (e.g. for a preview's PDF)."""
        import atexit
        import tempfile

        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="proposalkit-open-"))  # 0700
            atexit.register(self.remove)
        self._count += 1
        # One folder per copy: two attachments with the same title never collide, and a
        # copy a viewer still has open is never overwritten.
        folder = self.folder / str(self._count)
        folder.mkdir(mode=0o700)
        return folder

    def copy(self, title: str, data: bytes) -> Path | None:
        """Write ``data`` for viewing; its path, or None when the bytes are of no
        accepted type (then nothing is written)."""
        from proposalkit.storage.attachments import sanitize_filename
        from proposalkit.storage.media import EXTENSIONS, detect_media_type

        media_type = detect_media_type(data)
        if media_type is None:
            return None
        folder = self.new_folder()
        stem = sanitize_filename(title.replace(".", " ").strip() or "document")
        target = folder / f"{stem[:80].strip() or 'document'}{EXTENSIONS[media_type][0]}"
        target.write_bytes(data)
        return target

    def remove(self) -> None:
        """Remove every copy (a viewer may still show one: its file then goes too)."""
        import shutil

        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
