"""Write an export without ever leaving half a file: a temporary file in the target's
folder, flushed and synced, then renamed over the target in one step."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from proposalkit.errors import ProposalFileError

T = TypeVar("T")
Target = str | os.PathLike[str] | BinaryIO


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
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ProposalFileError("{path} cannot be written: {reason}", path=path,
                                reason=exc.strerror or exc) from None
    try:
        # mkstemp makes the file private (0600); an exported dossier is an ordinary
        # document, so it gets the mode of the file it replaces, or rw-r--r--.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
    except OSError:
        pass
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
