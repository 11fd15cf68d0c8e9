"""On Windows the command line writes UTF-8 to consoles, pipes and files alike: French
accents and ’ arrive intact where a pipe would otherwise get cp1252 (’ as byte 0x92)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from proposalkit import cli


def test_utf8_streams_on_windows(monkeypatch):
    streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
               for name in ("stdin", "stdout", "stderr")}
    for name, stream in streams.items():
        monkeypatch.setattr(sys, name, stream)
    cli.utf8_streams("win32")
    print("L’appel de propositions, échéance")
    sys.stdout.flush()
    assert streams["stdout"].buffer.getvalue() == "L’appel de propositions, échéance\n".encode()
    assert all(s.encoding == "utf-8" for s in streams.values())


def test_other_systems_keep_their_locale(monkeypatch):
    stream = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    monkeypatch.setattr(sys, "stdout", stream)
    cli.utf8_streams("linux")
    assert stream.encoding == "latin-1"


def test_windowed_app_without_streams(monkeypatch):
    # PyInstaller's windowed executable has no stdout or stderr at all.
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    cli.utf8_streams("win32")


def test_a_redirected_pipe_gets_utf8(tmp_path):
    # A pipe whose encoding Python would pick as cp1252 (as on Windows) carries UTF-8.
    program = ("import sys; from proposalkit import cli; cli.utf8_streams('win32'); "
               "sys.exit(cli.main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", program, "--lang", "fr", "programs"],
                          capture_output=True, env={**os.environ, "PYTHONIOENCODING": "cp1252"},
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")  # strict: a cp1252 byte would fail here
    assert "’" in text and "é" in text
