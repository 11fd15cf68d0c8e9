"""The proposal file (``.pkp``): reading and writing a proposal with its attachments,
atomic saves with a backup, migrations of older formats, attachments, autosave and
recovery, and the lock against two instances editing one file. No Qt.

The format and its version history are described in :mod:`proposalkit.storage.schema`.
"""

from __future__ import annotations

from proposalkit.storage.atomic import backup_path
from proposalkit.storage.attachments import (
    RemovedAttachment,
    add_attachment,
    add_attachment_bytes,
    attachments_total,
    detect_media_type,
    remove_attachment,
    restore_attachment,
    sanitize_filename,
)
from proposalkit.storage.autosave import (
    Recovery,
    autosave,
    discard_recovery,
    discard_recovery_for,
    find_recovery,
    list_recoveries,
    recovery_dir,
    recovery_key_for,
    restore_recovery,
)
from proposalkit.storage.document import Document, encode_document, read_document, write_document
from proposalkit.storage.errors import (
    AttachmentError,
    DamagedFileError,
    FileAccessError,
    FileChangedError,
    LockedError,
    LockLostError,
    NewerFormatError,
    NotProposalFileError,
    RecoveryError,
    SaveError,
    StorageError,
    UnknownProgramError,
    UnsafeFileError,
)
from proposalkit.storage.lock import (
    DocumentLock,
    LockOwner,
    acquire_lock,
    check_unlocked,
    read_lock,
)
from proposalkit.storage.schema import EXTENSION, FORMAT_VERSION

__all__ = [
    "EXTENSION",
    "FORMAT_VERSION",
    "AttachmentError",
    "DamagedFileError",
    "Document",
    "DocumentLock",
    "FileAccessError",
    "FileChangedError",
    "LockLostError",
    "LockOwner",
    "LockedError",
    "NewerFormatError",
    "NotProposalFileError",
    "Recovery",
    "RecoveryError",
    "RemovedAttachment",
    "SaveError",
    "StorageError",
    "UnknownProgramError",
    "UnsafeFileError",
    "acquire_lock",
    "add_attachment",
    "add_attachment_bytes",
    "attachments_total",
    "autosave",
    "backup_path",
    "check_unlocked",
    "detect_media_type",
    "discard_recovery",
    "discard_recovery_for",
    "encode_document",
    "find_recovery",
    "list_recoveries",
    "read_document",
    "read_lock",
    "recovery_dir",
    "recovery_key_for",
    "remove_attachment",
    "restore_attachment",
    "restore_recovery",
    "sanitize_filename",
    "write_document",
]
