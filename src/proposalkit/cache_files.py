"""Small caches of facts derived from bundled files, kept in the user's cache folder so
that starting the window reads them instead of recomputing them (the French catalog
parsed, the program packs' start-screen facts).

Each cache is one JSON file holding the key of what it was made from (a digest of those
files' bytes); a file missing, unreadable, too large, not JSON, of another format or
another key is ignored, and the caller recomputes and writes it again. The folder is the
user's, so its files are read as untrusted input: bounded in size, parsed with
:mod:`json` only, and each caller checks the shape of what it gets back before using it.
Writes are atomic (a temporary file renamed over the old one), and a cache that cannot
be written is simply not kept.
"""

from __future__ import annotations

import json
import os
import tempfile
import zlib
from pathlib import Path

from proposalkit.paths import user_cache_dir

#: Changes when the layout of the cache files changes (every cache is then remade).
FORMAT = 1
#: Larger cache files are ignored (the packs' facts and the catalog take about 200 KB).
MAX_BYTES = 4_000_000
#: Input files larger than this are not digested (the caller loads them the full way,
#: which reports what is wrong with them).
MAX_INPUT_BYTES = 8_000_000


def digest(*parts: bytes | str) -> str:
    """A key for ``parts`` (each length-prefixed, so that no two lists of parts give the
    same stream): their CRC-32 and Adler-32 checksums and total length.

    A key only has to change when a file changes (whoever can write the packs can write
    the cache too, and a card is shown as plain text); zlib is loaded already, while
    hashlib loads OpenSSL, which would cost the start more than the rest of the cache."""
    crc, adler, total = 0, 1, 0
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        for chunk in (len(data).to_bytes(8, "big"), data):
            crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
            total += len(chunk)
    return f"{crc:08x}{adler:08x}-{total}"


def read_input(path: Path) -> bytes | None:
    """The bytes of an input file, or None when it cannot be read or is too large."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    except OSError:
        return None
    return data if len(data) <= MAX_INPUT_BYTES else None


def cache_path(name: str) -> Path:
    """The file of the cache ``name``."""
    return user_cache_dir() / f"{name}.json"


def read(name: str, key: str) -> object | None:
    """What the cache ``name`` holds for ``key``; None when it holds nothing usable."""
    try:
        with open(cache_path(name), "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(raw) > MAX_BYTES:
        return None
    try:
        entry = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
        return None
    if (not isinstance(entry, dict) or entry.get("format") != FORMAT
            or entry.get("key") != key):
        return None
    return entry.get("data")


def write(name: str, key: str, data: object) -> bool:
    """Keep ``data`` (JSON values) as the cache ``name`` for ``key``; False when it could
    not be written (the next start recomputes it)."""
    path = cache_path(name)
    text = json.dumps({"format": FORMAT, "key": key, "data": data}, ensure_ascii=False,
                      separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp",
                                             dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True
