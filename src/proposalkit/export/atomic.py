"""Write an export without ever leaving half a file: a temporary file in the target's
folder, flushed and synced, then renamed over the target in one step."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from proposalkit.errors import ProposalFileError

T = TypeVar("T")
Target = str | os.PathLike[str] | BinaryIO


def _create_temp(path: Path, folder: Path) -> tuple[int, str]:
    # An exported dossier is an ordinary document: it gets the mode of the file it
    # replaces, or a new file's usual one (0666 less the umask, as the .pkp does).
    # mkstemp would make it private (0600), and forcing 0644 would ignore the umask.
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        tmp = folder / f".{path.name[:100]}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o600 if mode is not None else 0o666)
        except FileExistsError:
            continue
        if mode is not None and hasattr(os, "fchmod"):
            try:
                os.fchmod(fd, mode)
            except OSError:
                pass  # e.g. a FAT or network drive: permissions do not apply
        return fd, str(tmp)
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(folder))


def write_atomically(target: Target, write: Callable[[BinaryIO], T]) -> T:
    """Call ``write(file)`` and put the result at ``target``.

    ``target`` is a path (written through a temporary file and :func:`os.replace`, so
    readers see the old file or the new one, never a mixture) or an open binary file
    (written directly: the GUI's preview renders into memory). Any exception from
    ``write``, including a cancelled progress callback, leaves ``target`` untouched.
    """
    if not isinstance(target, (str, os.PathLike)):
        return write(target)
    path = Path(target)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = _create_temp(path, folder)
    except OSError as exc:
        raise ProposalFileError("{path} cannot be written: {reason}", path=path,
                                reason=exc.strerror or exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            result = write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ProposalFileError("{path} cannot be written: {reason}", path=path,
                                reason=exc.strerror or exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result
