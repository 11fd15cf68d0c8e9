"""An open proposal file: :class:`Document`, :func:`read_document`, :func:`write_document`.

Reading checks everything (see ``container.py``), migrates an older format one version at
a time and validates the proposal; writing goes through ``atomic.py`` (temporary file,
fsync, backup, replace) after checking that the file on disk is still the one that was
opened.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from proposalkit.core.model import (
    MAX_SHORT_TEXT,
    Attachment,
    Proposal,
    clean_text,
    describe_validation_error,
)
from proposalkit.core.reading import NotRegularFile, TooLarge, read_limited
from proposalkit.storage.atomic import atomic_write, backup_path, save_error, sweep_leftovers
from proposalkit.storage.container import decode, encode, sha256
from proposalkit.storage.errors import (
    AttachmentError,
    DamagedFileError,
    FileAccessError,
    FileChangedError,
    SaveError,
    StorageError,
    UnknownProgramError,
    UnsafeFileError,
    size_field,
)
from proposalkit.storage.history import (
    History,
    HistoryError,
    advance,
    copy_history,
    history_json,
    parse_history,
    prune,
)
from proposalkit.storage.media import (
    KIND_NAMES,
    detect_media_type,
    display_name,
    verified_name,
)
from proposalkit.storage.migrations import migrate
from proposalkit.storage.schema import (
    FORMAT_VERSION,
    MAX_ATTACHMENT_SIZE,
    MAX_ATTACHMENTS,
    MAX_ATTACHMENTS_TOTAL,
    MAX_FILE_SIZE,
    MAX_PROPOSAL_JSON,
    is_attachment_member,
)

if TYPE_CHECKING:
    from proposalkit.core.program import Catalog


@dataclass
class Document:
    """An open proposal: the model and its attachments' bytes by reference, with what is
    known of the file it came from."""

    proposal: Proposal
    #: Attachment bytes by member name (``Attachment.reference``).
    attachments: dict[str, bytes] = field(default_factory=dict)
    #: The file it was read from or last written to (None for a new proposal).
    path: Path | None = None
    #: SHA-256 of that file's bytes at that moment: a save checks the file still has it.
    sha256: str | None = None
    #: Revisions and named versions (see ``history.py``).
    history: History = field(default_factory=History)
    #: The proposal's JSON data at the head revision (what was read or last saved).
    saved: dict | None = None
    #: After a merge, the other copy's head revision and its content: the next save
    #: records it as the merged-in parent.
    merged_from: tuple[str, dict] | None = None
    #: The format version of the file as read (older than FORMAT_VERSION: migrated).
    format_version: int = FORMAT_VERSION
    #: The program pack version and the proposalkit version recorded in the file.
    program_version: str = ""
    app_version: str = ""
    #: The autosave slot of this document (see ``autosave.py``), given on first autosave.
    recovery_key: str | None = None
    #: What was corrected while reading (an attachment's name that disagreed with its
    #: content): messages to show the user, not errors.
    notices: list[StorageError] = field(default_factory=list)

    @property
    def migrated(self) -> bool:
        """True when the file was in an older format (saving will upgrade it)."""
        return self.format_version < FORMAT_VERSION

    def attachment_bytes(self, attachment_id: str) -> bytes | None:
        """The bytes of the attachment with this id, if it has a file."""
        entry = self.proposal.attachment(attachment_id)
        return self.attachments.get(entry.reference) if entry and entry.reference else None

    def current_data(self) -> dict:
        """The proposal as JSON data, the form snapshots and merges work on."""
        return self.proposal.model_dump(mode="json")


def read_document(path: Path | str, *, catalog: Catalog | None = None,
                  check_program: bool = True) -> Document:
    """Read, check, migrate and validate a proposal file.

    ``catalog``: the installed program packs (default: the bundled and user packs); a
    proposal for a program not in it is refused unless ``check_program`` is False.
    Raises a :class:`~proposalkit.storage.errors.StorageError` (a ``ProposalFileError``)
    with a clear message for anything wrong; never writes anything.
    """
    path = Path(path)
    data = _read_bytes(path)
    decoded = decode(data, path)
    payload = migrate(decoded.payload)
    try:
        proposal = Proposal.model_validate(payload.proposal)
    except ValidationError as exc:
        raise DamagedFileError("{path} is damaged: {detail}", code="wrong_shape", path=path,
                               detail=lambda tr, exc=exc: describe_validation_error(exc, tr)
                               ) from None
    recorded = payload.meta.get("program_id")
    if recorded and recorded != proposal.program_id:
        raise DamagedFileError("{path} is damaged: {member} does not describe a proposal file.",
                               code="wrong_shape", path=path, member="manifest.json")
    if check_program:
        _check_program(proposal.program_id, catalog, path)
    try:
        history = parse_history(payload.history or {})
    except HistoryError:
        raise DamagedFileError("{path} is damaged: {member} does not describe a proposal file.",
                               code="wrong_shape", path=path, member="history.json") from None
    head = history.revision(history.head)
    saved = head.snapshot if head is not None and head.snapshot is not None else (
        proposal.model_dump(mode="json"))
    if head is not None:
        head.snapshot = None  # kept as ``saved``; written again only while it differs
    digests = {name: info.get("sha256") for name, info
               in decoded.manifest.get("members", {}).items()}
    attachments: dict[str, bytes] = {}
    notices: list[StorageError] = []
    for entry in proposal.attachments:
        if not entry.reference:
            continue
        content = payload.attachments.get(entry.reference)
        if content is None:
            raise DamagedFileError("{path} is damaged: the attachment {name} is missing.",
                                   code="missing_attachment", path=path,
                                   name=entry.filename or entry.reference)
        digest = digests.get(entry.reference) or sha256(content)
        if (entry.sha256 and entry.sha256 != digest) or (entry.size and entry.size != len(content)):
            raise DamagedFileError("{path} is damaged: {member} does not match its checksum.",
                                   code="checksum", path=path, member=entry.reference)
        notices.extend(_verify_type(entry, content, path))
        attachments[entry.reference] = content
    sweep_leftovers(Path(os.path.realpath(path)))
    return Document(
        proposal, attachments, path=path, sha256=sha256(data), notices=notices,
        history=history, saved=saved,
        format_version=decoded.version,
        # Written back on save: kept short and encodable, whatever the manifest held.
        program_version=_meta_text(payload.meta.get("program_version")),
        app_version=_meta_text(payload.meta.get("app_version")),
    )


def _meta_text(value: object) -> str:
    return str(clean_text(str(value or "")))[:MAX_SHORT_TEXT]


def _verify_type(entry: Attachment, content: bytes, path: Path) -> list[StorageError]:
    # What the file says an attachment is, is a claim: the bytes decide (a "PDF" that
    # is HTML must never reach a viewer or the package as a PDF).
    name = display_name(entry.filename) or entry.reference
    detected = detect_media_type(content)
    if detected is None:
        raise UnsafeFileError("{path} was refused: the attachment {name} is not a PDF, Word "
                              "(DOCX), PNG or JPEG file.", code="attachment_type",
                              path=path, name=name)
    declared = entry.media_type.strip().lower()
    if declared and declared != detected:
        raise UnsafeFileError("{path} was refused: the attachment {name} claims to be "
                              "{declared} but it is {kind}.", code="attachment_type",
                              path=path, name=name, declared=declared[:60],
                              kind=KIND_NAMES[detected])
    entry.media_type = detected
    fixed = verified_name(entry.filename, detected) if entry.filename else entry.filename
    if len(fixed) > MAX_SHORT_TEXT:  # the extension added to a name already at the limit
        suffix = fixed[fixed.rindex("."):]
        fixed = fixed[:MAX_SHORT_TEXT - len(suffix)] + suffix
    if fixed == entry.filename:
        return []
    # Files written before names were checked may say scan.pdf for a PNG: corrected,
    # and the user told (the GUI shows these notices when the file opens).
    entry.filename = fixed
    return [AttachmentError("The attachment {name} is a {kind} file: it is now named {fixed}.",
                            code="renamed", name=name, kind=KIND_NAMES[detected],
                            fixed=fixed)]


def _read_bytes(path: Path) -> bytes:
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise FileAccessError("{path} is a folder, not a proposal file.",
                                  code="is_directory", path=path)
        if not stat.S_ISREG(info.st_mode):
            # A device or a pipe (/dev/zero) could be endless.
            raise FileAccessError("{path} is not a proposal file.", code="not_regular",
                                  path=path)
        if info.st_size > MAX_FILE_SIZE:
            raise UnsafeFileError("{path} is too large to be a proposal file ({size}; the "
                                  "limit is {limit}).", code="too_large", path=path,
                                  size=size_field(info.st_size), limit=size_field(MAX_FILE_SIZE))
        # The file actually opened is checked again: it may have been swapped for a pipe
        # since the stat (open would then wait for a writer forever).
        data = read_limited(path, MAX_FILE_SIZE)
    except NotRegularFile:
        raise FileAccessError("{path} is not a proposal file.", code="not_regular",
                              path=path) from None
    except TooLarge as exc:
        raise UnsafeFileError("{path} is too large to be a proposal file ({size}; the "
                              "limit is {limit}).", code="too_large", path=path,
                              size=size_field(exc.size), limit=size_field(MAX_FILE_SIZE)) from None
    except FileNotFoundError:
        raise FileAccessError("{path} does not exist.", code="missing", path=path) from None
    except IsADirectoryError:
        raise FileAccessError("{path} is a folder, not a proposal file.", code="is_directory",
                              path=path) from None
    except OSError as exc:
        raise FileAccessError("{path} cannot be read: {reason}", code="unreadable", path=path,
                              reason=exc.strerror or exc) from None
    if len(data) > MAX_FILE_SIZE:
        raise UnsafeFileError("{path} is too large to be a proposal file ({size}; the limit "
                              "is {limit}).", code="too_large", path=path,
                              size=size_field(len(data)), limit=size_field(MAX_FILE_SIZE))
    return data


def _check_program(program_id: str, catalog: Catalog | None, path: Path) -> None:
    from proposalkit.core.program import default_catalog

    catalog = catalog if catalog is not None else default_catalog()
    if catalog.get(program_id) is None:
        known = ", ".join(sorted(catalog.programs)) or "-"
        raise UnknownProgramError("{path} is for the program {program}, which is not "
                                  "installed; installed programs: {known}.",
                                  path=path, program=program_id, known=known)


_CHECK = object()


def write_document(path: Path | str, document: Document, *, expected_sha256: object = _CHECK,
                   force: bool = False, backup: bool = True,
                   program_version: str | None = None) -> str:
    """Save ``document`` to ``path`` as a ``.pkp`` file; return the new file's SHA-256.

    Never writes in place (see ``atomic.py``); the previous file is kept as
    :func:`backup_path` unless ``backup`` is False. Before replacing an existing file the
    save checks it is unchanged: by default, when ``document`` was read from (or last
    saved to) ``path``, the file must still have ``document.sha256``; with
    ``expected_sha256`` the file must have that hash (None: must not exist). ``force``
    skips the check. Fills in each attachment entry's size and SHA-256 from its bytes,
    and afterwards ``document.path``/``sha256`` describe the new file.

    Raises :class:`~proposalkit.storage.errors.FileChangedError` or
    :class:`~proposalkit.storage.errors.SaveError`; the file on disk is then unchanged.
    """
    path = Path(path)
    # Write through a symbolic link rather than replacing the link with a file.
    target = Path(os.path.realpath(path))
    if not force:
        _check_unchanged(path, target, document, expected_sha256)
    _check_writable(path, target)
    version = program_version if program_version is not None else (
        document.program_version or _program_version(document.proposal.program_id))
    from proposalkit import __version__

    data, history, current = _encode(document, path=path, program_version=version,
                                     record=True)
    atomic_write(target, data, backup=backup_path(target) if backup else None, shown=path)
    sweep_leftovers(target)
    document.history = history
    document.saved = current
    document.merged_from = None
    digest = sha256(data)
    document.path = path
    document.sha256 = digest
    document.format_version = FORMAT_VERSION
    document.program_version = version
    document.app_version = __version__
    return digest


def _check_writable(path: Path, target: Path) -> None:
    # Replacing goes through a rename, which only needs the folder to be writable: a
    # file someone made read-only would be replaced without a word.
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return  # a new file (or one that vanished): nothing to protect
    # No write bit for anyone (chmod 444, or Windows' read-only attribute): the owner
    # meant it to stay as it is. Other permission problems are the folder's (save_error).
    if stat.S_ISREG(mode) and not mode & 0o222:
        raise SaveError("{path} is read-only; it was not overwritten. Save under another "
                        "name, or make the file writable.", code="read_only", path=path)


def _check_unchanged(path: Path, target: Path, document: Document, expected: object) -> None:
    if expected is _CHECK:
        if document.path is None or document.sha256 is None:
            return
        if os.path.normcase(os.path.realpath(document.path)) != os.path.normcase(str(target)):
            return  # "save as": the caller asked about replacing another file
        expected = document.sha256
    try:
        with open(target, "rb") as fh:
            current = hashlib.file_digest(fh, "sha256").hexdigest()
    except FileNotFoundError:
        current = None
    except IsADirectoryError:
        raise SaveError("{path} is a folder, not a proposal file.", code="is_directory",
                        path=path) from None
    except OSError as exc:
        raise save_error(exc, path) from None
    if current is None and expected is not None:
        return  # moved or deleted meanwhile: saving puts the proposal back
    if expected is None and current is not None:
        raise FileChangedError("{path} already exists; it was not overwritten.",
                               code="exists", path=path)
    if current != expected:
        raise FileChangedError("{path} was changed by someone else since it was opened; it "
                               "was not overwritten. Save under another name, or reopen it.",
                               path=path)


def _program_version(program_id: str) -> str:
    from proposalkit.core.program import default_catalog

    program = default_catalog().get(program_id)
    return program.version if program is not None else ""


def encode_document(document: Document, *, path: Path | str = "", program_version: str = "",
                    extra: dict | None = None) -> bytes:
    """The ``.pkp`` bytes of ``document`` (``extra``: more manifest keys, e.g. recovery).

    The document's history is written as ``history.json``; when the proposal differs
    from its head revision (an autosaved copy of unsaved work), the head's content goes
    in as its snapshot so that the copy still knows it.
    Brings each attachment entry's size and SHA-256 in line with its bytes. Raises
    :class:`SaveError` when an attachment has no bytes or a limit is exceeded.
    """
    return _encode(document, path=path, program_version=program_version, extra=extra)[0]


def _encode(document: Document, *, path: Path | str = "", program_version: str = "",
            extra: dict | None = None, record: bool = False
            ) -> tuple[bytes, History, dict]:
    """The bytes, the history written and the proposal's data; ``record``: as a save
    (a new revision, see :func:`~proposalkit.storage.history.advance`)."""
    from proposalkit import __version__

    members: dict[str, bytes] = {}
    digests: dict[str, str] = {}
    for entry in document.proposal.attachments:
        if not entry.reference:
            continue
        content = document.attachments.get(entry.reference)
        if content is None or not is_attachment_member(entry.reference):
            raise SaveError("{path} could not be saved: the attachment {name} has no data; "
                            "attach the file again.", code="no_data", path=path,
                            name=entry.filename or entry.title or entry.reference)
        if entry.reference not in digests:
            digests[entry.reference] = sha256(content)
            members[entry.reference] = content
        if entry.size != len(content):
            entry.size = len(content)
        if entry.sha256 != digests[entry.reference]:
            entry.sha256 = digests[entry.reference]
    total = sum(len(c) for c in members.values())
    biggest = max((len(c) for c in members.values()), default=0)
    if len(members) > MAX_ATTACHMENTS or total > MAX_ATTACHMENTS_TOTAL or (
            biggest > MAX_ATTACHMENT_SIZE):
        raise SaveError("{path} could not be saved: the attachments ({size}) exceed the limits "
                        "of a proposal file. The file on disk was not changed.",
                        code="too_large", path=path, size=size_field(total))
    proposal_json = document.proposal.model_dump_json().encode("utf-8")
    if len(proposal_json) > MAX_PROPOSAL_JSON:
        raise SaveError("{path} could not be saved: the proposal's text ({size}) exceeds the "
                        "limit of {limit}. The file on disk was not changed.",
                        code="too_large", path=path, size=size_field(len(proposal_json)),
                        limit=size_field(MAX_PROPOSAL_JSON))
    meta = {"app_version": __version__, "program_id": document.proposal.program_id,
            "program_version": program_version, **(extra or {})}
    current = document.current_data()
    history = document.history
    if record:
        other, other_content = document.merged_from or (None, None)
        history = advance(history, document.saved, current, app_version=__version__,
                          merged=other,
                          extra_snapshots={other: other_content} if other and other_content
                          else None)
    data = encode(proposal_json, members, meta, digests=digests,
                  history_json=_history_bytes(history, current if record else document.saved,
                                              current))
    return data, history, current


def _history_bytes(history: History, head_content: dict | None,
                   current: dict) -> bytes | None:
    if history.head is None and not history.versions:
        return None  # never saved: nothing to record yet
    head = history.revision(history.head)
    if (head is not None and head.snapshot is None and head_content is not None
            and head_content != current):
        history = copy_history(history)
        written = history.revision(history.head)
        assert written is not None
        written.snapshot = head_content
        # The snapshot added must not carry the history past the reader's limit.
        prune(history)
    return history_json(history)
