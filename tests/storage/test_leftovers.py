"""What crashed exports and lock takeovers leave beside a file is swept the next time
(issue 10, follow-up): only our tagged temporary files whose writer is gone (or that are
an hour old), never anyone else's, never a write in progress."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from proposalkit.export.atomic import write_atomically
from proposalkit.storage.leftovers import writer_tag
from proposalkit.storage.lock import DocumentLock, lock_path


def _crash_while(code: str) -> None:
    # A real process killed (SIGKILL) in the middle of the write: nothing of ours runs after.
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert done.returncode == -9, done.stderr.decode()


def test_a_crashed_exports_temp_file_is_swept_by_the_next_export(tmp_path):
    target = tmp_path / "dossier.pdf"
    _crash_while(
        "import os, signal\n"
        "from proposalkit.export.atomic import write_atomically\n"
        "def write(fh):\n"
        "    fh.write(b'x' * 100_000); fh.flush(); os.kill(os.getpid(), signal.SIGKILL)\n"
        f"write_atomically({str(target)!r}, write)\n")
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".dossier.pdf.")
    # Not ours to remove: another file's temp, a user's file, a live writer's temp.
    others = [tmp_path / ".other.pdf.0123abcd-1-00000000.tmp", tmp_path / "notes.tmp",
              tmp_path / f".dossier.pdf.{writer_tag()}.tmp"]
    for other in others:
        other.write_bytes(b"keep")
    old = tmp_path / ".dossier.pdf.89abcdef.tmp"  # the older naming: by age only
    old.write_bytes(b"x")
    young = tmp_path / ".dossier.pdf.fedcba98.tmp"
    young.write_bytes(b"x")
    hour_ago = time.time() - 7200
    os.utime(old, (hour_ago, hour_ago))
    write_atomically(target, lambda fh: fh.write(b"%PDF-1.4"))
    assert target.read_bytes() == b"%PDF-1.4"
    assert not leftovers[0].exists() and not old.exists()
    assert all(p.exists() for p in [*others, young])


def test_a_crashed_lock_takeover_or_refresh_is_swept_by_the_next_lock(tmp_path):
    path = tmp_path / "p.pkp"
    path.write_bytes(b"")
    # A refresh killed between writing its temp file and renaming it over the lock.
    _crash_while(
        "import os, signal\n"
        "from proposalkit.storage.lock import DocumentLock\n"
        f"lock = DocumentLock({str(path)!r}); lock.acquire()\n"
        "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "lock.refresh()\n")
    lock_file = lock_path(path)

    def left() -> list[str]:
        return sorted(p.name.rsplit(".", 1)[1] for p in tmp_path.iterdir()
                      if p.name.startswith(lock_file.name + "."))

    assert left() == ["tmp"]
    # A takeover killed between moving the stale lock aside and removing it.
    _crash_while(
        "import os, signal\n"
        "from proposalkit.storage.lock import DocumentLock\n"
        f"lock = DocumentLock({str(path)!r})\n"
        "real = os.rename\n"
        "def rename(a, b): real(a, b); os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.rename = rename\n"
        "lock.acquire()\n")
    assert left() == ["stale"]  # that lock swept the refresh's temp file first
    foreign = tmp_path / f"{lock_file.name}.0123abcd-1-00000000.stale"  # another host's
    foreign.write_bytes(b"{}")
    with DocumentLock(path) as lock:
        assert lock.held
        remaining = [p for p in tmp_path.iterdir() if p.name.startswith(lock_file.name + ".")]
        assert remaining == [foreign]
    assert Path(foreign).exists()
