"""The errors of the proposal file, each with a stable ``code`` and a one-line message in
French or English (``message(tr)``).

Every problem with a file on disk, an attachment, a save, a lock or a recovery is one of
these; they all derive from :class:`proposalkit.errors.ProposalFileError`, so a caller
that only wants "the file could not be used" catches that one class. The ``code`` lets a
caller (and the tests) tell the cases apart without parsing text.
"""

from __future__ import annotations

from proposalkit.errors import ProgramNotFound, ProposalFileError
from proposalkit.i18n import N_, Translator


class StorageError(ProposalFileError):
    """A problem with a proposal file; ``code`` names the case (e.g. ``"truncated"``)."""

    template = N_("The proposal file cannot be used.")
    code = "storage"

    def __init__(self, template: str | None = None, *, code: str | None = None,
                 **fields: object) -> None:
        if code is not None:
            self.code = code
        super().__init__(template, **fields)


class FileAccessError(StorageError):
    """The file cannot be reached: missing, a folder, not readable (codes ``missing``,
    ``is_directory``, ``unreadable``)."""

    code = "unreadable"


class NotProposalFileError(StorageError):
    """The file is not a proposal file at all (codes ``empty``, ``not_proposal``)."""

    code = "not_proposal"


class DamagedFileError(StorageError):
    """A proposal file whose content is damaged (codes ``truncated``, ``bad_zip``,
    ``missing_member``, ``unexpected_member``, ``checksum``, ``not_utf8``, ``invalid_json``,
    ``wrong_shape``, ``missing_attachment``)."""

    code = "damaged"


class UnsafeFileError(StorageError):
    """A file refused as hostile or oversized, before anything is unpacked (codes
    ``too_large``, ``too_many_members``, ``zip_bomb``, ``unsafe_name``, ``duplicate_name``,
    ``unsupported``)."""

    code = "unsafe"


class NewerFormatError(StorageError):
    """The file was written by a newer proposalkit, in a format this one cannot read."""

    code = "newer_format"


class UnknownProgramError(StorageError, ProgramNotFound):
    """The proposal names a program pack that is not installed."""

    code = "unknown_program"


class SaveError(StorageError):
    """A save failed; the file on disk was left as it was (codes ``disk_full``,
    ``permission``, ``in_use``, ``is_directory``, ``too_large``, ``no_data``,
    ``write_failed``)."""

    code = "write_failed"


class FileChangedError(StorageError):
    """The file on disk is no longer the one that was opened: saving would lose those
    changes, so the save is refused unless forced."""

    code = "changed_on_disk"


class LockedError(StorageError):
    """Another running proposalkit is editing this file. ``owner`` is its
    :class:`~proposalkit.storage.lock.LockOwner` when known, ``holder`` a short text
    naming it (user, host, process, since when)."""

    code = "locked"
    owner: object = None
    holder: str = ""


class LockLostError(StorageError):
    """Our lock was taken over (we were judged dead, or the user forced it elsewhere)."""

    code = "lock_lost"


class AttachmentError(StorageError):
    """An attachment that cannot be added (codes ``missing``, ``is_directory``,
    ``unreadable``, ``unsupported_type``, ``too_large``, ``total_too_large``,
    ``too_many``, ``unknown``)."""

    code = "attachment"


class RecoveryError(StorageError):
    """An autosaved recovery that does not exist or cannot be used."""

    code = "recovery"


def format_size(size: int, tr: Translator) -> str:
    """A byte count for people: ``12.5 MB`` / ``12,5 Mo`` (decimal units)."""
    from babel.numbers import format_decimal

    if size < 1000:
        return tr.ngettext("{size} byte", "{size} bytes", size).format(size=size)
    if size < 1_000_000:
        number = format_decimal(round(size / 1000, 1), format="#,##0.#", locale=tr.locale)
        return tr.gettext("{size} KB").format(size=number)
    number = format_decimal(round(size / 1_000_000, 2), format="#,##0.##", locale=tr.locale)
    return tr.gettext("{size} MB").format(size=number)


def size_field(size: int):
    """A message field showing ``size`` in the language the message is shown in."""
    return lambda tr: format_size(size, tr)
