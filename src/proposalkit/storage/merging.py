"""Merging two copies of one proposal file: :func:`merge_documents`.

Finds the copies' common ancestor in their histories (see ``history.py``), merges the
proposals with :func:`proposalkit.core.merge.merge`, gathers the attachments' bytes from
both copies, and gives a new :class:`Document` whose next save records the merge (its
parent is our revision, the other copy's revision is the merged-in one). Never writes
anything: the caller saves the result where the user said. No Qt.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from proposalkit.core.merge import MergeResult, Side, merge
from proposalkit.core.model import Proposal, describe_validation_error
from proposalkit.storage.attachments import _unique_reference
from proposalkit.storage.container import sha256
from proposalkit.storage.document import Document
from proposalkit.storage.errors import StorageError
from proposalkit.storage.history import common_ancestor, merge_histories


class MergeError(StorageError):
    """Two files that cannot be merged (codes ``other_proposal``, ``other_program``,
    ``invalid``)."""

    code = "merge"


@dataclass
class DocumentMerge:
    """The outcome of merging two copies: the merge itself and the merged document."""

    result: MergeResult
    #: The common ancestor's revision, or None when none is known (two-way merge).
    ancestor: str | None
    document: Document


def _normalized(data: dict) -> dict | None:
    # A snapshot written by an older proposalkit lacks fields added since: through the
    # model it gets their defaults, as the copies did when they were read.
    try:
        return Proposal.model_validate(data).model_dump(mode="json")
    except ValidationError:
        return None


def merge_documents(ours: Document, theirs: Document, *,
                    resolutions: Mapping[str, object] | None = None,
                    prefer: Side = "ours") -> DocumentMerge:
    """Merge ``theirs`` into ``ours`` (neither is changed).

    Raises :class:`MergeError` when they are not copies of one proposal or the merged
    data does not make a proposal (a resolution of the wrong type).
    """
    a, b = ours.history, theirs.history
    if a.proposal_id and b.proposal_id and a.proposal_id != b.proposal_id:
        raise MergeError("{ours} and {theirs} are not copies of the same proposal.",
                         code="other_proposal", ours=_name(ours), theirs=_name(theirs))
    if ours.proposal.program_id != theirs.proposal.program_id:
        raise MergeError("{ours} and {theirs} are proposals for different programs.",
                         code="other_program", ours=_name(ours), theirs=_name(theirs))
    known = {k: v for k, v in ((a.head, ours.saved), (b.head, theirs.saved))
             if k is not None and v is not None}
    found = common_ancestor(a, b, known)
    base = _normalized(found[1]) if found else None
    ancestor = found[0] if found and base is not None else None
    result = merge(base, ours.current_data(), theirs.current_data(),
                   resolutions=resolutions, prefer=prefer)
    try:
        proposal = Proposal.model_validate(result.data)
    except ValidationError as exc:
        raise MergeError("The merged proposal is not valid: {detail}", code="invalid",
                         detail=lambda tr, exc=exc: describe_validation_error(exc, tr)
                         ) from None
    attachments = _gather_attachments(proposal, ours, theirs)
    document = Document(proposal, attachments, program_version=ours.program_version,
                        history=merge_histories(a, b), saved=ours.saved)
    document.history.head = a.head
    if b.head and b.head not in a.all_ancestors(a.head) and theirs.saved is not None:
        document.merged_from = (b.head, theirs.saved)
    return DocumentMerge(result, ancestor, document)


def _gather_attachments(proposal: Proposal, ours: Document, theirs: Document) -> dict[str, bytes]:
    by_digest: dict[str, bytes] = {}
    for source in (theirs, ours):
        for data in source.attachments.values():
            by_digest[sha256(data)] = data
    result: dict[str, bytes] = {}
    for entry in proposal.attachments:
        if not entry.reference:
            continue
        content: bytes | None = by_digest.get(entry.sha256) or ours.attachments.get(
            entry.reference) or (
            theirs.attachments.get(entry.reference))
        if content is None:
            continue  # saving says which attachment has no data
        if entry.reference in result and result[entry.reference] != content:
            # Each copy attached a different file under the same name: keep both.
            entry.reference = _unique_reference(entry.reference.split("/", 1)[1], set(result))
        result[entry.reference] = content
    return result


def _name(document: Document) -> str:
    return str(document.path) if document.path else document.proposal.metadata.title or "-"


# What sync services name the second copy when two people saved the same file:
# Dropbox and Nextcloud "name (conflicted copy 2026-12-01).pkp" (also "(Jean's conflicted
# copy …)" and the French "(copie en conflit …)"), OneDrive "name-DESKTOP-AB12CD.pkp"
# (the computer's name), Google Drive "name (1).pkp".
_CONFLICT_SUFFIXES = (
    re.compile(r"^ \((?:[^()]*['’]s )?conflicted copy[^()]*\)$", re.IGNORECASE),
    re.compile(r"^ \((?:copie en conflit|copie conflictuelle)[^()]*\)$", re.IGNORECASE),
    re.compile(r"^-[A-Z0-9][A-Z0-9_-]{1,30}$"),
    re.compile(r"^ \(\d{1,3}\)$"),
)


def conflicted_copies(path: Path | str) -> list[Path]:
    """The sync services' conflicted copies of ``path`` in its folder, sorted by name."""
    path = Path(path)
    found: list[Path] = []
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        if entry.suffix.lower() != path.suffix.lower() or entry.name == path.name:
            continue
        stem = entry.stem
        if not stem.startswith(path.stem):
            continue
        rest = stem[len(path.stem):]
        if any(pattern.match(rest) for pattern in _CONFLICT_SUFFIXES) and entry.is_file():
            found.append(entry)
    return sorted(found)
