"""Budgets for reading a PDF someone sent back (a filled partner form), before and while
pypdf reads it: what its streams unpack to, and how long reading may take.

A 289 KB form whose object streams each inflate to 74 MB took a minute to import, and a
4.3 MB one ran for longer than anyone waits (issue 18). :func:`check_streams` inflates
each stream pypdf might read (every stream but images, which reading fields never
decodes) into a running total bounded by :data:`MAX_INFLATED`, in memory bounded by
that too; :func:`time_budget` stops the reading after :data:`MAX_SECONDS` where the
platform allows (a POSIX main thread: the command line and the window both read forms
there). No Qt.
"""

from __future__ import annotations

import re
import signal
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

#: What all streams of a form may unpack to (a one-page form: about 100 KB; one saved
#: by Acrobat with its fonts embedded: a few MB).
MAX_INFLATED = 20_000_000
#: How long reading a form may take.
MAX_SECONDS = 10.0

_STREAM = re.compile(rb"stream\r?\n")
# The stream's dictionary is before the keyword; 2 KB reaches back past any we write.
_DICT_REACH = 2048
_LZW = re.compile(rb"/LZWDecode\b|/LZW\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FLATE = re.compile(rb"/FlateDecode\b|/Fl\b")


class BudgetExceeded(Exception):
    """Reading the file would unpack or take more than its budget."""


def check_streams(data: bytes, limit: int = MAX_INFLATED) -> int:
    """Raise :class:`BudgetExceeded` when the streams of the PDF ``data`` inflate to more
    than ``limit`` bytes in all (or use LZW, which pypdf would inflate without bound);
    return what they inflate to. Streams that are not valid deflate data are left to
    the reader to refuse."""
    view = memoryview(data)
    total = 0
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - _DICT_REACH):match.start()]
        head = head[head.rfind(b"obj") + 1:] if b"obj" in head else head
        if _IMAGE.search(head):
            continue
        if _LZW.search(head):
            raise BudgetExceeded("LZW stream")
        if not _FLATE.search(head):
            continue
        inflater = zlib.decompressobj()
        try:
            total += len(inflater.decompress(view[match.end():], limit - total + 1))
        except zlib.error:
            continue
        if total > limit:
            raise BudgetExceeded(f"streams inflate past {limit} bytes")
    return total


@contextmanager
def time_budget(seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the block once ``seconds`` have passed (on POSIX,
    in the main thread; elsewhere the block runs unbounded, the size budget still holds)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise BudgetExceeded(f"longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:
            signal.setitimer(signal.ITIMER_REAL, old_delay, old_interval)
