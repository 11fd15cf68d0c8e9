"""The ``.pkp`` proposal file: its layout, its limits and its version history.

Layout (format 3)
-----------------
A ``.pkp`` file is a zip archive (no zip64, no encryption, entries *stored* or *deflated*,
no comment, nothing before the first entry) holding:

``manifest.json``
    UTF-8 JSON object, written first::

        {"format": "proposalkit", "format_version": 3,
         "app_version": "0.1.0", "program_id": "pri-2018", "program_version": "1",
         "members": {"proposal.json": {"size": 1234, "sha256": "<64 hex>"},
                     "attachments/lettre.pdf": {"size": 5678, "sha256": "<64 hex>"}},
         "recovery": {...}}            # only in autosaved copies, see autosave.py

    ``members`` lists every other entry of the archive with its size and SHA-256; an entry
    missing from either side, or whose bytes do not match, makes the file damaged.
``proposal.json``
    The :class:`~proposalkit.core.model.Proposal` as UTF-8 JSON (amounts are strings).
``history.json``
    Optional (format 2): the proposal's id shared by all its copies, its revisions (id,
    parent, merged-in revision, time, and a snapshot of the proposal for the last ones)
    and its named versions, as UTF-8 JSON; see :mod:`proposalkit.storage.history` for
    its shape and bounds. ``head`` is the revision of ``proposal.json``; when
    ``proposal.json`` holds unsaved work (an autosaved copy), the head's own snapshot is
    kept too.
``attachments/<name>``
    The bytes of each attachment (PDF, DOCX, PNG or JPEG), copied in. ``<name>`` is the
    sanitized file name (see :func:`proposalkit.storage.attachments.sanitize_filename`);
    the proposal's ``Attachment.reference`` is this member name, and ``Attachment``
    carries the original file name, media type, size and SHA-256.

The envelope (``format``, ``format_version`` and ``members``) keeps this shape in every
later format version, so that any version can be recognized and checked before it is
migrated. Entry times are fixed (1980-01-01) so that the same proposal gives the same
bytes.

Version history
---------------
- 0: interim format of the first releases: the file *is* ``proposal.json`` (a bare JSON
  object, no container, no attachment bytes). Recognized by its first byte ``{``.
- 1: the zip container above. Migration 0 -> 1 keeps the proposal and clears the
  ``reference`` (and size, hash) of attachments, whose bytes a format 0 file never held:
  the entries stay, to be attached again.
- 2: adds ``history.json`` (revisions, snapshots, named versions). Migration 1 -> 2 gives
  the file a history of one revision whose id is derived from the proposal's content,
  and a proposal id derived from its program and creation time (or content), so that
  two copies of one format 1 file agree on both and can be merged later.
- 3: ``history.json`` holds ``form_key``, the secret partner forms are signed with
  (issue 18). Migration 2 -> 3 derives it from the proposal id and the first revision,
  so that copies of one format 2 file agree on it. Self-contained: the step only adds
  this key.
- 4: the applicant's founding date (``applicant.founded``) and the project's end date
  (``budget.end_date``), both optional, for the rules ``applicant_age`` and
  ``project_window``. Migration 3 -> 4 only sets the version: a format 3 file has
  neither, and both default to unknown.
- 5: the applicant and each partner may carry the article of their name (``article``:
  ``la``, ``le``, ``l’``, ``les`` or ``none``; ``article_en``: ``the`` or ``none``;
  ``""``: suggested from the name), used by the sentences the dossier and the letters
  build around the name. Migration 4 -> 5 leaves both unset.
- 6: the dossier's structured parts (issue 21): ``summary`` (the project in a few
  sentences), ``activities`` (the action plan: title, axis, responsible, start and end
  months ``"YYYY-MM"``, deliverables), ``indicators`` (name, unit, baseline, a target per
  project year, source; figures as strings), ``declarations`` (the call's declarations
  ticked, by id), an expense line's ``justification``, a revenue line's ``status``
  (``confirmed``, ``requested``, ``to_request`` or ``""``), ``status_date`` and
  ``evidence_id`` (an attachment), and the signatory's ``resolution_number`` and
  ``resolution_date``. Migration 5 -> 6 leaves them all empty.

A file whose ``format_version`` is newer than :data:`FORMAT_VERSION` is refused with a
message naming both versions; it is never rewritten. Keep one fixture file per past
version in ``tests/storage/fixtures/`` and a migration step per version in
``migrations.py``.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, ConfigDict, Field

# The limits live in limits.py, shared by the writer and the reader; re-exported here.
from proposalkit.storage.limits import (  # noqa: F401 (re-exported)
    MAX_ATTACHMENT_SIZE,
    MAX_ATTACHMENTS,
    MAX_ATTACHMENTS_TOTAL,
    MAX_CENTRAL_DIRECTORY,
    MAX_FILE_SIZE,
    MAX_HISTORY_JSON,
    MAX_MANIFEST,
    MAX_MEMBERS,
    MAX_NAME_BYTES,
    MAX_PROPOSAL_JSON,
    MAX_RATIO,
    MAX_UNCOMPRESSED_TOTAL,
    RATIO_CHECKED_ABOVE,
)

#: The format version this proposalkit writes and the newest it reads.
FORMAT_VERSION = 6
#: The value of ``manifest.json``'s ``format`` key.
FORMAT_NAME = "proposalkit"
#: The proposal file's extension.
EXTENSION = ".pkp"

MANIFEST = "manifest.json"
PROPOSAL = "proposal.json"
HISTORY = "history.json"
ATTACHMENTS_DIR = "attachments/"

ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)

_SHA256 = r"^[0-9a-f]{64}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MemberInfo(_Strict):
    """Size and SHA-256 of one entry of the container."""

    size: int = Field(ge=0)
    sha256: str = Field(pattern=_SHA256)


class RecoveryInfo(_Strict):
    """Where an autosaved copy comes from (only in the recovery folder's files)."""

    key: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    original: str | None = None
    original_sha256: str | None = Field(default=None, pattern=_SHA256)
    saved_at: float
    title: str = ""
    pid: int = 0
    hostname: str = ""


class Manifest(_Strict):
    """``manifest.json`` (the same in formats 1 and 2)."""

    format: str = Field(pattern=f"^{FORMAT_NAME}$")
    format_version: int
    app_version: str = ""
    program_id: str = ""
    program_version: str = ""
    members: dict[str, MemberInfo]
    recovery: RecoveryInfo | None = None


# Characters no member name (and no attachment file name) may contain: control
# characters, and those Windows forbids in file names.
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.I)


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a safe member name of a ``.pkp`` file, or None when it is.

    Safe: relative, ``/``-separated, no empty, ``.`` or ``..`` part, no backslash, drive
    letter, control or Windows-forbidden character, at most :data:`MAX_NAME_BYTES`.
    """
    if not name:
        return "empty"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return "too long"
    if name.startswith(("/", "\\")):
        return "absolute"
    if re.match(r"^[A-Za-z]:", name):
        return "drive letter"
    if "\\" in name:
        return "backslash"
    parts = name.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            return "dot or empty part"
        if _FORBIDDEN.search(part) or part != part.strip() or part.endswith("."):
            return "forbidden character"
        if _WINDOWS_RESERVED.match(part):
            return "reserved name"
    if unicodedata.normalize("NFC", name) != name:
        return "not NFC"
    return None


def is_attachment_member(name: str) -> bool:
    """True for a safe member name directly inside ``attachments/``."""
    return (
        name.startswith(ATTACHMENTS_DIR)
        and "/" not in name[len(ATTACHMENTS_DIR):]
        and name_problem(name) is None
    )
