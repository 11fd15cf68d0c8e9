"""Builders of bad and hostile proposal files, shared by the loader and command-line tests.

Each case is a function of a valid file's bytes returning the bad bytes; apart from the
one defect it is named after, the file is consistent (its manifest lists the entries
with their right hashes), so that the check under test is the one that fires.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import warnings
import zipfile
from collections.abc import Callable

from proposalkit.storage.schema import MAX_MEMBERS, MAX_PROPOSAL_JSON


def entries_of(data: bytes) -> list[tuple[str, bytes]]:
    """The (name, bytes) entries of a valid container, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def manifest_for(entries: list[tuple[str, bytes]], **changes: object) -> bytes:
    """A format 1 manifest listing ``entries`` (the manifest itself excluded)."""
    manifest = {
        "format": "proposalkit", "format_version": 1, "app_version": "0.1.0",
        "program_id": "pri-2018", "program_version": "2018.1",
        "members": {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                    for name, data in entries if name != "manifest.json"},
    }
    manifest.update(changes)
    return json.dumps(manifest).encode()


def make_zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]],
             compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of exactly these entries (duplicates and odd names allowed)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name"
        with zipfile.ZipFile(buffer, "w", compression) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def rebuild(good: bytes, change: Callable[[list[tuple[str, bytes]]], list[tuple[str, bytes]]],
            *, manifest: bool = True, **manifest_changes: object) -> bytes:
    """``good`` with its entries changed by ``change`` and (by default) a manifest
    recomputed to match them."""
    entries = [e for e in entries_of(good) if e[0] != "manifest.json"]
    entries = change(entries)
    if manifest:
        entries = [("manifest.json", manifest_for(entries, **manifest_changes)), *entries]
    return make_zip(entries)


def _replace(name: str, data: bytes):
    return lambda entries: [(n, data if n == name else d) for n, d in entries]


def _add(name: str, data: bytes):
    return lambda entries: [*entries, (name, data)]


def _proposal(good: bytes) -> dict:
    return json.loads(dict(entries_of(good))["proposal.json"])


def patch_declared_size(data: bytes, name: str, size: int) -> bytes:
    """Claim in the central directory that ``name`` expands to ``size`` bytes."""
    raw = bytearray(data)
    encoded = name.encode()
    position = 0
    while True:
        position = raw.find(b"PK\x01\x02", position)
        assert position >= 0, name
        name_length = struct.unpack_from("<H", raw, position + 28)[0]
        if bytes(raw[position + 46:position + 46 + name_length]) == encoded:
            struct.pack_into("<L", raw, position + 24, size)
            return bytes(raw)
        position += 4


def patch_flags(data: bytes, name: str, flags: int) -> bytes:
    """Set general-purpose ``flags`` on ``name`` in its local and central headers."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, flag_at, length_at, name_at in ((b"PK\x03\x04", 6, 26, 30),
                                                   (b"PK\x01\x02", 8, 28, 46)):
        position = 0
        while (position := raw.find(signature, position)) >= 0:
            length = struct.unpack_from("<H", raw, position + length_at)[0]
            if bytes(raw[position + name_at:position + name_at + length]) == encoded:
                old = struct.unpack_from("<H", raw, position + flag_at)[0]
                struct.pack_into("<H", raw, position + flag_at, old | flags)
            position += 4
    return bytes(raw)


def _flag_encrypted(good: bytes) -> bytes:
    return patch_flags(good, "proposal.json", 0x1)


def _nul_in_name(good: bytes) -> bytes:
    # zipfile cuts names at NUL when writing: write a stand-in, then patch the bytes.
    data = rebuild(good, _add("attachments/a.pdf!.exe", b"%PDF-"))
    return data.replace(b"attachments/a.pdf!.exe", b"attachments/a.pdf\x00.exe")


def _bzip2(good: bytes) -> bytes:
    return make_zip(entries_of(good), compression=zipfile.ZIP_BZIP2)


def _zip64_marker(good: bytes) -> bytes:
    raw = bytearray(good)
    position = raw.rfind(b"PK\x05\x06")
    struct.pack_into("<H", raw, position + 10, 0xFFFF)
    return bytes(raw)


def _many_entries(good: bytes) -> bytes:
    return make_zip([(f"attachments/{i}.pdf", b"%PDF-") for i in range(MAX_MEMBERS + 5)])


def _bomb_ratio(good: bytes) -> bytes:
    zeros = b"\0" * 5_000_000  # deflates to about 5 KB: 1000 times, what deflate can do
    data = rebuild(good, _add("attachments/bomb.pdf", b"%PDF-" + zeros))
    # Declared twice as large: past deflate's own maximum, so the sizes lie.
    return patch_declared_size(data, "attachments/bomb.pdf", 10_000_005)


def _bomb_declared(good: bytes) -> bytes:
    data = rebuild(good, _add("attachments/big.pdf", b"%PDF-1.4 small"))
    return patch_declared_size(data, "attachments/big.pdf", 3_000_000_000)


def _huge_json(good: bytes) -> bytes:
    proposal = _proposal(good)
    proposal["sections"]["context"] = "mot " * (MAX_PROPOSAL_JSON // 4 + 10)
    # Stored, so that the size limit and not the ratio is what refuses it.
    entries = [e for e in entries_of(good) if e[0] != "manifest.json"]
    entries = [(n, json.dumps(proposal).encode() if n == "proposal.json" else d)
               for n, d in entries]
    return make_zip([("manifest.json", manifest_for(entries)), *entries], zipfile.ZIP_STORED)


def _deep_json(good: bytes) -> bytes:
    return rebuild(good, _replace("proposal.json", b'{"a": ' + b"[" * 200_000))


def _long_number(good: bytes) -> bytes:
    return rebuild(good, _replace("proposal.json", b'{"program_id": ' + b"7" * 50_000 + b"}"))


#: name -> (builder of bad bytes from good bytes, expected error code)
CASES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "empty file": (lambda good: b"", "empty"),
    "blank file": (lambda good: b"  \n\t ", "empty"),
    "not a zip": (lambda good: b"\x00\x01 not a proposal", "not_proposal"),
    "a picture": (lambda good: b"\x89PNG\r\n\x1a\n" + good[:200], "not_proposal"),
    "prefixed zip": (lambda good: b"MZ" + good, "not_proposal"),
    "truncated half": (lambda good: good[: len(good) // 2], "truncated"),
    "truncated end": (lambda good: good[:-1], "truncated"),
    "truncated start": (lambda good: good[:40], "truncated"),
    "trailing bytes": (lambda good: good + b"junk", "truncated"),
    "manifest missing": (lambda good: rebuild(good, list, manifest=False), "missing_member"),
    "member missing": (lambda good: _drop_after_manifest(good), "missing_member"),
    "member not listed": (lambda good: _unlisted(good), "unexpected_member"),
    "checksum mismatch": (lambda good: _tampered(good), "checksum"),
    "attachment missing": (
        lambda good: rebuild(good, lambda e: [x for x in e if x[0] != "attachments/logo.png"]),
        "missing_attachment"),
    "invalid JSON": (lambda good: rebuild(good, _replace("proposal.json", b'{"program_id": ')),
                     "invalid_json"),
    "not UTF-8": (lambda good: rebuild(good, _replace("proposal.json",
                                                      b'{"program_id": "pri-\xe9"}')),
                  "not_utf8"),
    "JSON list": (lambda good: rebuild(good, _replace("proposal.json", b"[1, 2]")),
                  "wrong_shape"),
    "wrong shape": (lambda good: rebuild(good, _replace("proposal.json", b'{"budget": 3}')),
                    "wrong_shape"),
    "bad amount": (lambda good: rebuild(good, _replace("proposal.json", json.dumps(
        {**_proposal(good), "partners": [{"cash": ["12.345"]}]}).encode())), "wrong_shape"),
    "manifest wrong shape": (lambda good: rebuild(good, list, format="zip"), "wrong_shape"),
    "manifest not JSON": (lambda good: make_zip([("manifest.json", b"{"),
                                                 *entries_of(good)[1:]]), "invalid_json"),
    "deep JSON": (_deep_json, "too_deep"),
    "long number": (_long_number, "number_out_of_range"),
    "unknown program": (lambda good: rebuild(good, _replace("proposal.json", json.dumps(
        {**_proposal(good), "program_id": "pri-2099"}).encode()), program_id="pri-2099"),
                        "unknown_program"),
    "newer format": (lambda good: rebuild(good, list, format_version=7, shiny=True),
                     "newer_format"),
    "zip bomb (ratio)": (_bomb_ratio, "zip_bomb"),
    "zip bomb (declared size)": (_bomb_declared, "zip_bomb"),
    "huge JSON": (_huge_json, "too_large"),
    "dot-dot": (lambda good: rebuild(good, _add("../evil.pdf", b"%PDF-")), "unsafe_name"),
    "dot-dot inside": (lambda good: rebuild(good, _add("attachments/../../evil.pdf", b"%PDF-")),
                       "unsafe_name"),
    "absolute path": (lambda good: rebuild(good, _add("/etc/evil.pdf", b"%PDF-")),
                      "unsafe_name"),
    "UNC path": (lambda good: rebuild(good, _add("\\\\server\\share\\evil.pdf", b"%PDF-")),
                 "unsafe_name"),
    "drive letter": (lambda good: rebuild(good, _add("C:/Windows/evil.pdf", b"%PDF-")),
                     "unsafe_name"),
    "drive letter, backslash": (lambda good: rebuild(good, _add("c:\\evil.pdf", b"%PDF-")),
                                "unsafe_name"),
    "drive-relative": (lambda good: rebuild(good, _add("D:evil.pdf", b"%PDF-")), "unsafe_name"),
    "backslash traversal": (lambda good: rebuild(good, _add("attachments\\..\\..\\x.pdf",
                                                            b"%PDF-")), "unsafe_name"),
    "NUL in name": (_nul_in_name, "unsafe_name"),
    "control character in manifest": (lambda good: rebuild(
        good, list, members={"proposal.json\n": {"size": 1, "sha256": "0" * 64}}),
        "unsafe_name"),
    "directory entry": (lambda good: rebuild(good, _add("attachments/", b"")), "unsafe_name"),
    "duplicate entry": (lambda good: rebuild(good, lambda e: [*e, e[1]]), "duplicate_name"),
    "duplicate, other case": (lambda good: rebuild(
        good, _add("attachments/LOGO.png", b"\x89PNG\r\n\x1a\n")), "duplicate_name"),
    "encrypted entry": (_flag_encrypted, "unsupported"),
    "bzip2 entry": (_bzip2, "unsupported"),
    "zip64 end record": (_zip64_marker, "unsupported"),
    "too many entries": (_many_entries, "too_many_members"),
}


def _drop_after_manifest(good: bytes) -> bytes:
    entries = entries_of(good)
    manifest = manifest_for(entries)
    return make_zip([("manifest.json", manifest),
                     *[e for e in entries[1:] if e[0] != "attachments/logo.png"]])


def _unlisted(good: bytes) -> bytes:
    entries = entries_of(good)
    return make_zip([*entries, ("attachments/extra.pdf", b"%PDF-")])


def _tampered(good: bytes) -> bytes:
    entries = entries_of(good)
    manifest = manifest_for(entries[1:])
    return make_zip([("manifest.json", manifest),
                     *[(n, d + b" " if n == "proposal.json" else d)  # still valid JSON
                       for n, d in entries[1:]]])
