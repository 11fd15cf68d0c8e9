"""The ``.pkp`` container as bytes: :func:`encode` builds it, :func:`decode` checks and
opens it (see ``schema.py`` for the layout).

Decoding never extracts anything to disk and trusts nothing in the file: the end record,
entry names, sizes, ratios and compression methods are checked against the limits in
``schema.py`` before a byte is decompressed, and every member is hashed against the
manifest. Whatever is wrong becomes a :class:`~proposalkit.storage.errors.StorageError`
with a ``code``; no other exception leaves :func:`decode`.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from proposalkit.core.bounded import NumberTooLarge, TooDeep, loads_json
from proposalkit.storage.errors import (
    DamagedFileError,
    NewerFormatError,
    NotProposalFileError,
    UnsafeFileError,
    size_field,
)
from proposalkit.storage.migrations import Payload
from proposalkit.storage.schema import (
    FORMAT_NAME,
    FORMAT_VERSION,
    HISTORY,
    MANIFEST,
    MAX_ATTACHMENT_SIZE,
    MAX_CENTRAL_DIRECTORY,
    MAX_HISTORY_JSON,
    MAX_MANIFEST,
    MAX_MEMBERS,
    MAX_PROPOSAL_JSON,
    MAX_RATIO,
    MAX_UNCOMPRESSED_TOTAL,
    PROPOSAL,
    RATIO_CHECKED_ABOVE,
    ZIP_DATE_TIME,
    Manifest,
    is_attachment_member,
    name_problem,
)

# Everything the zip and zlib modules raise on a malformed archive.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
               ValueError, KeyError, IndexError, struct.error, OverflowError,
               NotImplementedError, RuntimeError, UnicodeDecodeError)
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_JSON_START = re.compile(rb"[ \t\r\n]*\{")


def sha256(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class Decoded:
    """A checked file: its content at the version it was written in."""

    payload: Payload
    #: The format version the file was written in (before migration).
    version: int
    manifest: dict


def encode(proposal_json: bytes, attachments: dict[str, bytes], meta: dict,
           digests: dict[str, str] | None = None, history_json: bytes | None = None) -> bytes:
    """The bytes of a format-:data:`FORMAT_VERSION` container.

    ``attachments`` maps member names (``attachments/...``) to bytes; ``meta`` holds the
    manifest's other keys (app and program versions, recovery); ``digests`` the SHA-256
    of attachments already hashed; ``history_json`` the bytes of ``history.json``. The
    caller checks limits.
    """
    digests = digests or {}
    members = {PROPOSAL: proposal_json}
    if history_json is not None:
        members[HISTORY] = history_json
    members.update(sorted(attachments.items()))
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        **meta,
        "members": {name: {"size": len(data), "sha256": digests.get(name) or sha256(data)}
                    for name, data in members.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", allowZip64=False) as archive:
        _put(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1,
                                           sort_keys=True).encode("utf-8"), deflate=True)
        for name, data in members.items():
            # Attachments are PDF, DOCX, PNG, JPEG: compressed already, and deflating
            # 20 MB would cost most of the save time for nothing.
            _put(archive, name, data, deflate=name in (PROPOSAL, HISTORY))
    return buffer.getvalue()


def _put(archive: zipfile.ZipFile, name: str, data: bytes, deflate: bool) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    info.create_system = 3
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    archive.writestr(info, data, compresslevel=6 if deflate else None)


def decode(data: bytes, path: Path | str) -> Decoded:
    """Check and read the file content ``data`` (read from ``path``, named in messages).

    Recognizes format 0 (a bare JSON object) and containers; does not migrate.
    """
    if not data or (len(data) < 4096 and not data.strip()):
        raise NotProposalFileError("{path} is empty: it is not a proposal file.",
                                   code="empty", path=path)
    if data[:4] == b"PK\x03\x04":
        return _decode_container(data, path)
    if _JSON_START.match(data):
        if len(data) > MAX_PROPOSAL_JSON:
            raise UnsafeFileError("{path} was refused: {member} is larger than the {limit} "
                                  "allowed.", code="too_large", path=path, member=PROPOSAL,
                                  limit=size_field(MAX_PROPOSAL_JSON))
        proposal = _load_json(data, path, PROPOSAL)
        return Decoded(Payload(0, proposal), 0, {})
    if data[:5] == b"%PDF-":
        raise NotProposalFileError("{path} is a PDF document, not a proposal file: open the "
                                   "proposal (.pkp) it was made from.", code="not_proposal",
                                   path=path)
    raise NotProposalFileError("{path} is not a proposal file.", code="not_proposal", path=path)


def _end_record(data: bytes, path: Path | str) -> None:
    # zipfile searches for the end record itself, but then trusts its counts and offsets;
    # checking them first bounds the central directory we let it parse.
    position = data.rfind(_EOCD, max(0, len(data) - _EOCD_SIZE - 65535))
    if position < 0 or len(data) - position < _EOCD_SIZE:
        raise DamagedFileError(
            "{path} is incomplete: its end is missing (the file was cut short, for example "
            "by an interrupted copy or download).", code="truncated", path=path)
    (_sig, disk, cd_disk, _here, entries, cd_size, cd_offset,
     comment) = struct.unpack("<4s4H2LH", data[position:position + _EOCD_SIZE])
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF or disk or cd_disk:
        raise UnsafeFileError("{path} was refused: it uses zip features proposalkit does not "
                              "write (zip64 or multiple volumes).", code="unsupported", path=path)
    if entries > MAX_MEMBERS or cd_size > MAX_CENTRAL_DIRECTORY:
        raise UnsafeFileError("{path} was refused: it holds too many entries ({count}).",
                              code="too_many_members", path=path, count=entries)
    if cd_offset + cd_size != position or position + _EOCD_SIZE + comment != len(data):
        raise DamagedFileError(
            "{path} is incomplete: its end is missing (the file was cut short, for example "
            "by an interrupted copy or download).", code="truncated", path=path)


def _decode_container(data: bytes, path: Path | str) -> Decoded:
    _end_record(data, path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ZIP_ERRORS:
        raise DamagedFileError("{path} is damaged: its table of contents cannot be read.",
                               code="bad_zip", path=path) from None
    by_name = _check_entries(infos, path)
    if MANIFEST not in by_name and PROPOSAL not in by_name:
        # Another program's zip: a Word document (.docx) above all, sent by mistake.
        if "[Content_Types].xml" in by_name:
            raise NotProposalFileError("{path} is a Word (or other Office) document, not a "
                                       "proposal file: open the proposal (.pkp) it was made "
                                       "from.", code="not_proposal", path=path)
        raise NotProposalFileError("{path} is a zip archive, not a proposal file.",
                                   code="not_proposal", path=path)
    if MANIFEST not in by_name:
        raise DamagedFileError("{path} is damaged: {member} is missing.",
                               code="missing_member", path=path, member=MANIFEST)
    manifest_data = _read(archive, by_name[MANIFEST], MAX_MANIFEST, path)
    raw_manifest = _load_json(manifest_data, path, MANIFEST)
    version = raw_manifest.get("format_version")
    if raw_manifest.get("format") != FORMAT_NAME or type(version) is not int or version < 1:
        raise DamagedFileError("{path} is damaged: {member} does not describe a proposal file.",
                               code="wrong_shape", path=path, member=MANIFEST)
    if version > FORMAT_VERSION:
        raise NewerFormatError(
            "{path} was saved by a newer version of proposalkit (file format {found}; this "
            "version reads formats up to {supported}). Update proposalkit to open it.",
            path=path, found=version, supported=FORMAT_VERSION)
    try:
        manifest = Manifest.model_validate(raw_manifest)
    except ValidationError:
        raise DamagedFileError("{path} is damaged: {member} does not describe a proposal file.",
                               code="wrong_shape", path=path, member=MANIFEST) from None
    listed = set(manifest.members)
    for name in sorted(listed):
        if name_problem(name) is not None:
            raise UnsafeFileError("{path} was refused: it holds an entry with an unsafe name "
                                  "({member}).", code="unsafe_name", path=path,
                                  member=_printable(name))
    present = set(by_name) - {MANIFEST}
    missing, extra = sorted(listed - present), sorted(present - listed)
    if missing:
        raise DamagedFileError("{path} is damaged: {member} is missing.",
                               code="missing_member", path=path, member=missing[0])
    if extra:
        raise DamagedFileError("{path} is damaged: it holds {member}, which its manifest "
                               "does not list.", code="unexpected_member", path=path,
                               member=extra[0])
    if PROPOSAL not in listed:
        raise DamagedFileError("{path} is damaged: {member} is missing.",
                               code="missing_member", path=path, member=PROPOSAL)
    contents: dict[str, bytes] = {}
    for name, expected in manifest.members.items():
        info = by_name[name]
        if info.file_size != expected.size:
            raise DamagedFileError("{path} is damaged: {member} does not match its checksum.",
                                   code="checksum", path=path, member=name)
        if name not in (PROPOSAL, HISTORY) and not is_attachment_member(name):
            raise DamagedFileError("{path} is damaged: it holds {member}, which its manifest "
                                   "does not list.", code="unexpected_member", path=path,
                                   member=name)
        limit = {PROPOSAL: MAX_PROPOSAL_JSON, HISTORY: MAX_HISTORY_JSON}.get(
            name, MAX_ATTACHMENT_SIZE)
        content = _read(archive, info, limit, path)
        if sha256(content) != expected.sha256:
            raise DamagedFileError("{path} is damaged: {member} does not match its checksum.",
                                   code="checksum", path=path, member=name)
        contents[name] = content
    proposal = _load_json(contents.pop(PROPOSAL), path, PROPOSAL)
    history_data = contents.pop(HISTORY, None)
    history = _load_json(history_data, path, HISTORY) if history_data is not None else None
    meta = raw_manifest.copy()
    for key in ("format", "format_version", "members"):
        meta.pop(key, None)
    return Decoded(Payload(version, proposal, contents, meta, history), version, raw_manifest)


def _check_entries(infos: list[zipfile.ZipInfo], path: Path | str) -> dict[str, zipfile.ZipInfo]:
    if len(infos) > MAX_MEMBERS:
        raise UnsafeFileError("{path} was refused: it holds too many entries ({count}).",
                              code="too_many_members", path=path, count=len(infos))
    by_name: dict[str, zipfile.ZipInfo] = {}
    folded: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        # zipfile cuts a name at a NUL byte and turns os.sep into "/": compare the raw name.
        if name != info.orig_filename or name_problem(name) is not None:
            raise UnsafeFileError("{path} was refused: it holds an entry with an unsafe name "
                                  "({member}).", code="unsafe_name", path=path,
                                  member=_printable(info.orig_filename))
        if name.casefold() in folded:
            raise UnsafeFileError("{path} was refused: the entry {member} appears twice.",
                                  code="duplicate_name", path=path, member=name)
        folded.add(name.casefold())
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED,
                                                               zipfile.ZIP_DEFLATED):
            raise UnsafeFileError("{path} was refused: {member} is encrypted or uses an "
                                  "unsupported compression.", code="unsupported", path=path,
                                  member=name)
        total += info.file_size
        if info.file_size > MAX_UNCOMPRESSED_TOTAL or total > MAX_UNCOMPRESSED_TOTAL:
            raise UnsafeFileError("{path} was refused: once unpacked it would take more than "
                                  "{limit}.", code="zip_bomb", path=path,
                                  limit=size_field(MAX_UNCOMPRESSED_TOTAL))
        # Past deflate's own maximum (limits.py): the entry's sizes lie.
        if (info.file_size > RATIO_CHECKED_ABOVE
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise UnsafeFileError("{path} was refused: {member} is compressed {ratio} times, "
                                  "the mark of a zip bomb.", code="zip_bomb", path=path,
                                  member=name,
                                  ratio=info.file_size // max(info.compress_size, 1))
        by_name[name] = info
    return by_name


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, path: Path | str) -> bytes:
    if info.file_size > limit:
        raise UnsafeFileError("{path} was refused: {member} is larger than the {limit} allowed.",
                              code="too_large", path=path, member=info.filename,
                              limit=size_field(limit))
    try:
        with archive.open(info) as member:
            # zipfile stops at the declared size and checks the CRC at the end.
            content = member.read(limit + 1)
    except _ZIP_ERRORS:
        raise DamagedFileError("{path} is damaged: {member} cannot be read.",
                               code="bad_zip", path=path, member=info.filename) from None
    if len(content) != info.file_size:
        raise DamagedFileError("{path} is damaged: {member} cannot be read.",
                               code="bad_zip", path=path, member=info.filename)
    return content


def _load_json(data: bytes, path: Path | str, member: str) -> dict:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DamagedFileError("{path} is damaged: {member} is not UTF-8 text.",
                               code="not_utf8", path=path, member=member) from None
    try:
        value = loads_json(text)
    except TooDeep as exc:
        raise DamagedFileError("{path} is damaged: {member} is nested more than {limit} "
                               "levels deep.", code="too_deep", path=path, member=member,
                               limit=exc.limit) from None
    except NumberTooLarge as exc:
        raise DamagedFileError("{path} is damaged: {member} holds a number out of range "
                               "({number}).", code="number_out_of_range", path=path,
                               member=member, number=exc.text) from None
    except json.JSONDecodeError as exc:
        raise DamagedFileError("{path} is damaged: {member} is not valid JSON (line {line}, "
                               "column {column}).", code="invalid_json", path=path,
                               member=member, line=exc.lineno, column=exc.colno) from None
    except (ValueError, RecursionError):
        # Nesting deeper than the interpreter's stack.
        raise DamagedFileError("{path} is damaged: {member} is not valid JSON.",
                               code="invalid_json", path=path, member=member) from None
    if not isinstance(value, dict):
        raise DamagedFileError("{path} is damaged: {member} does not describe a proposal file.",
                               code="wrong_shape", path=path, member=member)
    return value


def _printable(name: str) -> str:
    """``name`` with control characters escaped, cut to a length fit for a message."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)
    return shown if len(shown) <= 120 else shown[:117] + "..."
