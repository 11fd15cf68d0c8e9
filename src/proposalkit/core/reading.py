"""Reading a file someone else gave us: a regular file only, at most so many bytes.

``stat`` then ``open`` is not enough: a pipe (``mkfifo``) makes ``open`` wait for a writer
forever, a device (``/dev/zero``) reports size 0 and never ends, and the file may be
swapped between the two calls. :func:`read_limited` opens without blocking, checks the
file it holds, and reads at most one byte past the limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path is a folder, a pipe or a device: not a document."""


class TooLarge(OSError):
    """The file is larger than the limit it was read with."""

    def __init__(self, size: int) -> None:
        super().__init__(errno.EFBIG, os.strerror(errno.EFBIG))
        self.size = size


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``; :class:`TooLarge` past ``limit`` bytes,
    :class:`NotRegularFile` for anything else than a file, other ``OSError`` as raised."""
    data = _read(path, limit, refuse_larger=True)
    if len(data) > limit:
        raise TooLarge(len(data))  # it grew while being read
    return data


def read_prefix(path: Path | str, limit: int) -> bytes:
    """At most ``limit + 1`` first bytes of the regular file at ``path`` (a caller that
    keeps what fits, like a word list, sees it was longer); :class:`NotRegularFile` for
    a pipe, device or folder, other ``OSError`` as raised. Never blocks."""
    return _read(path, limit, refuse_larger=False)


def _read(path: Path | str, limit: int, *, refuse_larger: bool) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(errno.EISDIR if stat.S_ISDIR(info.st_mode) else errno.EINVAL,
                                 "not a regular file", str(path))
        if refuse_larger and info.st_size > limit:
            raise TooLarge(info.st_size)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)
