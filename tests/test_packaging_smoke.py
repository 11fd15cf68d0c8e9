"""The smoke test's command runner (``packaging/smoke_test.py``), on this system.

The runner must never hang on a process that a checked command leaves behind holding
its output (under Wine, the first windowed program starts ``explorer.exe /desktop``,
which inherits the program's standard handles and outlives it): it reads the output
from a file and waits for the command only; on a timeout it kills the command's whole
process tree and still returns what was written.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

import pytest

from tests.test_packaging import PACKAGING  # noqa: F401 - puts packaging/ on sys.path

smoke_test = importlib.import_module("smoke_test")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell commands")


def _state(pid: int) -> str | None:
    """The process's state letter (Z: exited, not yet reaped), None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return status.split("State:")[1].split()[0]


def test_a_process_left_holding_the_output_does_not_block(tmp_path):
    # The child starts a long-lived process that inherits its output, prints, and exits.
    code, output = smoke_test.run_captured(
        ["sh", "-c", "sleep 300 & echo $!; echo 'L’appel a pris fin'"],
        cwd=tmp_path, env={"PATH": os.environ["PATH"]}, timeout=120, scratch=tmp_path)
    pid_line, message = output.splitlines()
    leftover = int(pid_line)
    try:
        assert code == 0
        assert message == "L’appel a pris fin"
        assert _state(leftover) not in (None, "Z")  # returned while it still holds the file
    finally:
        os.kill(leftover, 9)


def test_a_timeout_kills_the_process_tree_and_keeps_the_output(tmp_path):
    code, output = smoke_test.run_captured(
        ["sh", "-c", "sleep 300 & echo $!; echo started; sleep 300"],
        cwd=tmp_path, env={"PATH": os.environ["PATH"]}, timeout=1, scratch=tmp_path)
    assert code is None
    pid_line, started = output.splitlines()
    assert started == "started"
    grandchild = int(pid_line)
    for _attempt in range(100):  # until the kernel has delivered the kill
        if _state(grandchild) in (None, "Z"):
            break
        time.sleep(0.1)
    assert _state(grandchild) in (None, "Z")


def test_the_runner_reports_a_timeout_with_what_was_written(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(smoke_test, "TIMEOUT", 1)
    script = tmp_path / "slow"
    script.write_text("#!/bin/sh\necho 'Traceback (most recent call last):'\nsleep 300\n")
    script.chmod(0o755)
    run = smoke_test.Runner(script, tmp_path, {"PATH": os.environ["PATH"]}, trace=False)
    code, output, _seconds = run("--version")
    assert code == 124
    assert output.splitlines() == ["timed out after 1 s", "Traceback (most recent call last):"]
    assert run.errors and run.errors[0][0] == "--version"
    assert "exit 124" in capsys.readouterr().out
