"""A process saving in a loop is killed with SIGKILL at random moments, over and over:
after every kill the file opens and is exactly the previous or the new version."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from proposalkit.core.program import default_catalog
from proposalkit.storage import backup_path, encode_document, read_document, write_document
from tests.storage.conftest import needs_fork
from tests.storage.crash_worker import crash_document

KILLS = 120
WORKER = Path(__file__).with_name("crash_worker.py")


class _Server:
    """The fork server of crash_worker.py, driven line by line."""

    def __init__(self, path: Path) -> None:
        root = Path(__file__).resolve().parents[2]
        env = {**os.environ, "PYTHONPATH": str(root / "src")}
        self.process = subprocess.Popen([sys.executable, str(WORKER), str(path)], env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._line() == ["ready"]

    def _line(self) -> list[str]:
        line = self.process.stdout.readline().decode().split()
        assert line, "the crash worker stopped unexpectedly"
        return line

    def start(self, first: int) -> tuple[int, list[int]]:
        """Start a saving loop at version ``first``: its pid and versions saved so far."""
        self.process.stdin.write(f"go {first}\n".encode())
        self.process.stdin.flush()
        saved = []
        while (line := self._line())[0] != "pid":
            saved.append(int(line[1]))
        return int(line[1]), saved

    def reaped(self) -> list[int]:
        """The versions the killed loop reported, once it is reaped."""
        saved = []
        while (line := self._line())[0] != "dead":
            saved.append(int(line[1]))
        return saved

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _content(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name not in ("manifest.json", "history.json")}


def _version(document) -> int:
    return int(document.proposal.metadata.title[1:])


@needs_fork
def test_sigkill_at_random_moments_never_loses_the_file(tmp_path):
    path = tmp_path / "crash.pkp"
    reference = crash_document(0)
    # The kills are spread over the time one save takes on this machine, measured here,
    # so that a loaded or a fast machine sees kills both between and inside saves.
    started = time.perf_counter()
    write_document(path, crash_document(0))
    save_time = time.perf_counter() - started
    cache: dict[int, bytes] = {}

    def expected(version: int) -> bytes:
        if version not in cache:
            reference.proposal.metadata.title = f"v{version}"
            cache[version] = encode_document(
                reference, program_version=default_catalog().get("pri-2018").version)
        return cache[version]

    rng = random.Random(20180430)
    server = _Server(path)
    on_disk, kills, progressed, mid_save = 0, 0, 0, 0
    try:
        for _ in range(KILLS):
            before = set(os.listdir(tmp_path))
            pid, saved = server.start(on_disk + 1)
            # Mostly within the first save, sometimes a save or two later.
            time.sleep(rng.choice((rng.uniform(0, save_time / 4), rng.uniform(0, 2 * save_time))))
            os.kill(pid, signal.SIGKILL)
            kills += 1
            saved += server.reaped()
            last = saved[-1] if saved else on_disk

            # Before opening: opening sweeps a crashed save's leftovers (below).
            mid_save += any(n.endswith(".pkp-tmp") for n in set(os.listdir(tmp_path)) - before)
            data = path.read_bytes()
            document = read_document(path)
            assert not [n for n in os.listdir(tmp_path) if n.endswith(".pkp-tmp")]
            version = _version(document)
            assert version in (last, last + 1), (version, last)
            # Exactly that version, byte for byte (history.json, and so the manifest,
            # differ between saves: each records a new revision).
            assert _content(data) == _content(expected(version))
            if backup_path(path).exists():
                assert _version(read_document(backup_path(path))) in (version - 1, version)

            progressed += version > on_disk
            on_disk = version
    finally:
        server.close()
    print(f"{kills} kills: {progressed} after at least one more save, {mid_save} in the "
          f"middle of a save; last version on disk {on_disk}")
    assert kills >= 100
    # The kills landed both between saves and in the middle of one.
    assert progressed > 0 and mid_save > 0, (progressed, mid_save)
