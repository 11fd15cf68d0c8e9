"""Attachments: files copied into the proposal (letters of support, resolutions,
financial statements).

A file is accepted when its *bytes* say it is a PDF, a Word document (DOCX), a PNG or a
JPEG, whatever its name says; it is copied in under a sanitized name, and its entry in
the proposal records the original name, media type, size and SHA-256. Each file and all
of them together have a size limit (``schema.py``). Nothing here touches the disk except
reading the file being added: the bytes are written with the proposal.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from proposalkit.core.model import Attachment
from proposalkit.storage.container import sha256
from proposalkit.storage.document import Document
from proposalkit.storage.errors import AttachmentError, size_field
from proposalkit.storage.media import (  # noqa: F401 - re-exported: storage's public names
    DOCX,
    EXTENSIONS,
    JPEG,
    KIND_NAMES,
    PDF,
    PNG,
    detect_media_type,
    display_name,
    extension_agrees,
    verified_name,
)
from proposalkit.storage.schema import (
    ATTACHMENTS_DIR,
    MAX_ATTACHMENT_SIZE,
    MAX_ATTACHMENTS,
    MAX_ATTACHMENTS_TOTAL,
    is_attachment_member,
)

_MAX_NAME = 120
_MAX_NAME_BYTES = 200


def sanitize_filename(name: str) -> str:
    """A safe file name for ``name``: its last path part, NFC, without control or
    Windows-forbidden characters, reserved names or trailing dots and spaces, at most
    120 characters and 200 bytes (the extension kept); ``attachment`` when nothing is
    left."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").split("/")[-1])
    cleaned = "".join(
        "_" if (unicodedata.category(c)[0] == "C" or c in '<>:"|?*') else c for c in name
    )
    cleaned = cleaned.strip().strip(".").strip()
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot:
        stem, suffix = cleaned, ""
    stem = stem.strip() or "attachment"
    if stem.split(".")[0].lower() in {"con", "prn", "aux", "nul", *(
            f"{d}{n}" for d in ("com", "lpt") for n in range(10))}:
        stem = "_" + stem
    suffix = suffix[:16].strip()
    keep = _MAX_NAME - (len(suffix) + 1 if suffix else 0)
    stem = stem[:keep]
    while len(stem.encode("utf-8")) + len(suffix.encode("utf-8")) > _MAX_NAME_BYTES:
        stem = stem[:-1]
    stem = unicodedata.normalize("NFC", stem).rstrip(" .") or "attachment"
    return f"{stem}.{suffix}" if suffix else stem


def attachments_total(document: Document) -> int:
    """The bytes of all attachments with a file in ``document``."""
    refs = {a.reference for a in document.proposal.attachments if a.reference}
    return sum(len(document.attachments.get(r, b"")) for r in refs)


def add_attachment(document: Document, source: Path | str, *, title: str = "", kind: str = "",
                   partner_id: str | None = None, attachment_id: str | None = None,
                   index: int | None = None) -> Attachment:
    """Copy the file ``source`` into ``document``; return its entry in the proposal.

    With the ``attachment_id`` of an existing entry (e.g. a required document listed
    without its file), the file goes to that entry; otherwise a new entry is added (at
    ``index``, default last). Raises :class:`AttachmentError` when the file cannot be read,
    is not a PDF, DOCX, PNG or JPEG, or is too large.
    """
    source = Path(source)
    shown = display_name(source.name) or str(source)
    try:
        info = os.stat(source)
        if stat.S_ISDIR(info.st_mode):
            raise AttachmentError("{path} is a folder, not a file.", code="is_directory",
                                  path=source)
        if not stat.S_ISREG(info.st_mode):
            raise AttachmentError("{name} is not a PDF, Word (DOCX), PNG or JPEG file.",
                                  code="unsupported_type", name=shown)
        if info.st_size > MAX_ATTACHMENT_SIZE:
            raise _too_large(shown, info.st_size)
        with open(source, "rb") as fh:
            data = fh.read(MAX_ATTACHMENT_SIZE + 1)
    except FileNotFoundError:
        raise AttachmentError("{path} does not exist.", code="missing", path=source) from None
    except IsADirectoryError:
        raise AttachmentError("{path} is a folder, not a file.", code="is_directory",
                              path=source) from None
    except OSError as exc:
        raise AttachmentError("{path} cannot be read: {reason}", code="unreadable",
                              path=source, reason=exc.strerror or exc) from None
    return add_attachment_bytes(document, data, source.name, title=title, kind=kind,
                                partner_id=partner_id, attachment_id=attachment_id, index=index)


def _too_large(name: str, size: int) -> AttachmentError:
    return AttachmentError("{name} is {size}; an attachment may be at most {limit}.",
                           code="too_large", name=name, size=size_field(size),
                           limit=size_field(MAX_ATTACHMENT_SIZE))


def add_attachment_bytes(document: Document, data: bytes, filename: str, *, title: str = "",
                         kind: str = "", partner_id: str | None = None,
                         attachment_id: str | None = None,
                         index: int | None = None) -> Attachment:
    """Like :func:`add_attachment`, for bytes already in memory (drag and drop, undo)."""
    shown = display_name(filename) or "attachment"
    if len(data) > MAX_ATTACHMENT_SIZE:
        raise _too_large(shown, len(data))
    media_type = detect_media_type(data)
    if media_type is None:
        raise AttachmentError("{name} is not a PDF, Word (DOCX), PNG or JPEG file.",
                              code="unsupported_type", name=shown)
    suffix = PurePosixPath(shown).suffix
    if suffix and not extension_agrees(shown, media_type):
        # A name that lies about the content (lettre.pdf.bat, a PNG called scan.pdf):
        # the user should know before it goes into a proposal sent to others.
        raise AttachmentError("{name} is a {kind} file, but its name ends in {suffix}: "
                              "rename it to end in {expected} and attach it again.",
                              code="wrong_extension", name=shown, kind=KIND_NAMES[media_type],
                              suffix=suffix, expected=EXTENSIONS[media_type][0])
    shown = verified_name(shown, media_type)
    proposal = document.proposal
    existing = proposal.attachment(attachment_id) if attachment_id else None
    others = [a for a in proposal.attachments if a is not existing]
    used = {a.reference for a in others if a.reference}
    total = sum(len(document.attachments.get(r, b"")) for r in used) + len(data)
    if total > MAX_ATTACHMENTS_TOTAL:
        raise AttachmentError("Adding {name} ({size}) would bring the attachments to {total}; "
                              "together they may be at most {limit}.", code="total_too_large",
                              name=shown, size=size_field(len(data)), total=size_field(total),
                              limit=size_field(MAX_ATTACHMENTS_TOTAL))
    if len(used) + 1 > MAX_ATTACHMENTS:
        raise AttachmentError("A proposal may hold at most {limit} attachments.",
                              code="too_many", limit=MAX_ATTACHMENTS)
    reference = _unique_reference(_member_name(shown, media_type), used)
    values: dict[str, Any] = {"reference": reference, "filename": shown, "media_type": media_type,
              "size": len(data), "sha256": sha256(data)}
    if existing is not None:
        old = existing.reference
        for key, value in values.items():
            setattr(existing, key, value)
        for key, value in (("title", title), ("kind", kind), ("partner_id", partner_id)):
            if value:
                setattr(existing, key, value)
        entry = existing
        _drop_unreferenced(document, old)
    else:
        given_id: dict[str, Any] = {"id": attachment_id} if attachment_id else {}
        entry = Attachment(title=title or PurePosixPath(shown).stem, kind=kind,
                           partner_id=partner_id, **values, **given_id)
        position = len(proposal.attachments) if index is None else index
        proposal.attachments.insert(position, entry)
    document.attachments[reference] = data
    return entry


def _member_name(filename: str, media_type: str) -> str:
    name = sanitize_filename(filename)
    if PurePosixPath(name).suffix.lower() not in EXTENSIONS[media_type]:
        name = sanitize_filename(name + EXTENSIONS[media_type][0])
    return name


def _unique_reference(name: str, used: set[str]) -> str:
    folded = {u.casefold() for u in used}
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    candidate, n = ATTACHMENTS_DIR + name, 1
    while candidate.casefold() in folded or not is_attachment_member(candidate):
        n += 1
        candidate = f"{ATTACHMENTS_DIR}{stem[:100]}-{n}{suffix}"
        if n > MAX_ATTACHMENTS + 1:  # only a name is_attachment_member refuses gets here
            candidate = f"{ATTACHMENTS_DIR}attachment-{n}{suffix}"
    return candidate


def _drop_unreferenced(document: Document, reference: str) -> None:
    if reference and all(a.reference != reference for a in document.proposal.attachments):
        document.attachments.pop(reference, None)


@dataclass(frozen=True)
class RemovedAttachment:
    """What :func:`remove_attachment` took out, enough to put it back (undo)."""

    attachment: Attachment
    data: bytes | None
    index: int


def remove_attachment(document: Document, attachment_id: str) -> RemovedAttachment:
    """Remove the entry ``attachment_id`` and its bytes (when no other entry uses them)."""
    entry = document.proposal.attachment(attachment_id)
    if entry is None:
        raise AttachmentError("There is no attachment {id} in this proposal.", code="unknown",
                              id=attachment_id)
    index = document.proposal.attachments.index(entry)
    data = document.attachments.get(entry.reference) if entry.reference else None
    del document.proposal.attachments[index]
    # A partner's letter_attachment_id is left as is: a dangling id reads as "no letter",
    # and undo puts the entry back under the same id.
    _drop_unreferenced(document, entry.reference)
    return RemovedAttachment(entry, data, index)


def restore_attachment(document: Document, removed: RemovedAttachment) -> Attachment:
    """Put back what :func:`remove_attachment` removed (same id, place and bytes)."""
    entry = removed.attachment
    used = {a.reference for a in document.proposal.attachments if a.reference}
    if entry.reference in used and document.attachments.get(entry.reference) != removed.data:
        # Another file took the name meanwhile.
        entry.reference = _unique_reference(entry.reference[len(ATTACHMENTS_DIR):], used)
    document.proposal.attachments.insert(
        min(removed.index, len(document.proposal.attachments)), entry)
    if removed.data is not None and entry.reference:
        document.attachments[entry.reference] = removed.data
    return entry
