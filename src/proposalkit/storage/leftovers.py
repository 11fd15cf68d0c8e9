"""Temporary files of ours that a crash left behind, and how to sweep them.

Every temporary file we write beside a user's file (a save's, an export's, a lock's)
carries a tag naming the host and the process writing it: ``.<host>-<pid>-<random>``
before its suffix. The next save, export or lock of that file can then tell a crashed
writer's leftover (same host, process gone) from a write in progress, and removes only
files with our naming pattern: never anything else in the folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket
import time
from collections.abc import Iterable
from pathlib import Path

from proposalkit.storage.lock import process_alive

#: A leftover older than this is removed even when its writer cannot be checked (another
#: machine's, on a shared folder): no save or export takes an hour.
LEFTOVER_AGE = 3600.0
_TAG = re.compile(r"\.(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]{1,10})-[0-9a-f]{8}(?P<suffix>\.[^.]+)$")


def host_tag() -> str:
    """This machine's short tag (a hash of its name: no host name in file names)."""
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def writer_tag() -> str:
    """A fresh ``<host>-<pid>-<random>`` tag for a temporary file of this process."""
    return f"{host_tag()}-{os.getpid()}-{secrets.token_hex(4)}"


def writer_gone(name: str) -> bool:
    """True when ``name`` carries our tag and its writer, on this machine, is gone."""
    match = _TAG.search(name)
    if match is None or match["host"] != host_tag():
        return False
    pid = int(match["pid"])
    return pid != os.getpid() and not process_alive(pid)


def sweep(folder: Path, prefixes: Iterable[str], suffixes: Iterable[str],
          older_than: float = LEFTOVER_AGE, untagged: bool = False) -> int:
    """Remove files of ``folder`` named ``<prefix>…<suffix>`` whose writer is gone, or
    older than ``older_than`` seconds; returns how many were removed. ``untagged``: also
    consider names without a writer tag (the older naming), by age only."""
    prefixes, suffixes = tuple(prefixes), tuple(suffixes)
    now = time.time()
    removed = 0
    try:
        candidates = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in candidates:
        name = entry.name
        if not (name.endswith(suffixes) and name.startswith(prefixes)):
            continue
        tagged = _TAG.search(name) is not None
        if not (tagged or untagged):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if writer_gone(name) or now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed
