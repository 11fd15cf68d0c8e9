"""Desktop app benchmarks.

* Cold start, to the first paint of the window (a paint, not a show: on X11 a window is
  painted once the server has mapped it), each run as a subprocess several times in this
  run, interleaved, against a bare PySide6 window: the start screen
  (``proposalkit --quit-after-show``) in French and in English, the time until the
  window has its session and a first click is handled at once ("ready"), and the
  example file opened; and the first click « Nouvelle demande » once the window is
  ready, its own CPU time until the new proposal is painted (timed by the child). Each
  figure is the best of the runs in CPU time (user + system
  of the process and its children: on the shared machine the wall clock mostly
  measures the neighbours; wall times are printed too). Target: the start screen at
  most 2.0 times the bare window (issue 20). With ``PROPOSALKIT_BENCH_BEFORE`` set to
  another checkout's ``src`` folder, the same starts of that code are measured in the
  same run ("before").
* Typing in a 5,000-word section with live validation: the section's real editor driven
  by QTest.keyClick, events processed after each key; per keystroke, the time until the
  editor has repainted (target: the median under 16 ms, one frame at 60 Hz) and until
  validation, which runs after the frame, has settled; by the wall clock and in CPU
  time (see :mod:`benchmarks.gui_edits`). Measured for 50 paragraphs and for one
  5,000-word paragraph, each beside a bare QPlainTextEdit of the same size holding the
  same text (what Qt alone costs).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from benchmarks.gui_edits import Timed, cell_edits, figures, timed_edits
from benchmarks.harness import Result, report

# Both quit after the window's first paint (as proposalkit --quit-after-show does): a
# paint, not a show, which on X11 comes once the server has mapped the window.
BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class QuitAfterPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 820)
watcher = QuitAfterPaint(window)
window.installEventFilter(watcher)
window.show()
sys.exit(app.exec())
"""

# `proposalkit FILE` to the first paint with the file open (what gui.app.run does with a
# path), written against what every version has, so that "before" runs it too.
FILE_OPENED = """
import sys
from pathlib import Path
import proposalkit.cli  # the entry point's module, as `proposalkit FILE` loads it
from proposalkit.gui.app import QuitAfterPaint, create
gui = create(sys.argv[2])
gui.window.installEventFilter(QuitAfterPaint(gui.window))
gui.window.show()
gui.window.open_path(Path(sys.argv[1]))
sys.exit(gui.app.exec())
"""

# The start without a file until the window has its session (gui.app.StartUp).
READY = """
import sys
from proposalkit.gui.app import run
sys.exit(run(lang=sys.argv[1], quit_when="ready"))
"""

# The start without a file, then a click on « Nouvelle demande » once the window is
# ready (plus a quarter second: a user's click does not come at once); the child prints
# the click's own CPU time until the new proposal's page is painted. Written against
# what every version has, so that "before" runs it too.
FIRST_CLICK = """
import sys, time
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from proposalkit.gui.app import StartUp
start = StartUp(sys.argv[1])
start.window.resize(1280, 820)
start.window.show()
def click():
    window = start.window
    cpu = time.process_time()
    QTest.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
    window.repaint()
    QApplication.processEvents()
    assert window.session.is_open
    print("click-cpu", time.process_time() - cpu)
    QApplication.quit()
start.when_ready(lambda _gui: QTimer.singleShot(250, click))
sys.exit(QApplication.instance().exec())
"""

RUNS = 5


@dataclass
class Times:
    """CPU and wall times of the runs of one command."""

    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    #: The CPU time of the part the child timed itself (the first click), if any.
    part: list[float] = field(default_factory=list)


def _time(cmd: list[str], env: dict[str, str], into: Times | None = None) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {done.stderr.decode(errors='replace')[-400:]}")
    if into is not None:
        into.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        into.wall.append(elapsed)
        # A child that times a part of its run itself (the first click) says so.
        for line in done.stdout.decode(errors="replace").splitlines():
            if line.startswith("click-cpu "):
                into.part.append(float(line.split()[1]))


def _environment(source: str | None = None) -> dict[str, str]:
    """A start as a user's second one: bytecode written (an installed application runs
    from byte-compiled modules), settings and caches of their own (made by the warm-up
    run), no recovery to offer; ``source``: run that checkout's code instead."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    scratch = tempfile.mkdtemp(prefix="pk-bench-start-")
    env["PYTHONPYCACHEPREFIX"] = os.path.join(scratch, "pyc")
    for name in ("CONFIG", "STATE", "CACHE", "DATA"):
        env[f"PROPOSALKIT_{name}_DIR"] = os.path.join(scratch, name.lower())
    env["PROPOSALKIT_USER_PROGRAMS"] = os.path.join(scratch, "programs")
    if source:
        env["PYTHONPATH"] = os.pathsep.join([source, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def cold_start() -> list[Result]:
    """Best of RUNS cold starts of each kind against a bare PySide6 window, interleaved
    (see the module's docstring)."""
    after_env = _environment()
    envs = {"": after_env}
    before = os.environ.get("PROPOSALKIT_BENCH_BEFORE")
    if before:
        envs["before: "] = _environment(before)
    py = sys.executable
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "bare PySide6 window": ([py, "-c", BARE_WINDOW], after_env)}
    for label, env in envs.items():
        # Written by the code that opens it: its packs' versions (else a notice waits).
        example = os.path.join(tempfile.mkdtemp(prefix="pk-bench-example-"), "exemple.pkp")
        subprocess.run([py, "-m", "proposalkit.cli", "example", "-o", example],
                       env=env, check=True, capture_output=True, timeout=300)
        for lang in ("fr", "en"):
            commands[f"{label}start screen, {lang}, first paint"] = (
                [py, "-m", "proposalkit.cli", "--lang", lang, "--quit-after-show"], env)
        if not label:
            commands["start screen, fr, ready (session made)"] = ([py, "-c", READY, "fr"], env)
        commands[f"{label}example opened, fr, first paint"] = (
            [py, "-c", FILE_OPENED, example, "fr"], env)
        commands[f"{label}first click « Nouvelle demande », fr"] = (
            [py, "-c", FIRST_CLICK, "fr"], env)
    times = {name: Times() for name in commands}
    for cmd, env in commands.values():
        _time(cmd, env)  # warm the OS file cache, write bytecode and the caches
    for _ in range(RUNS):
        for name, (cmd, env) in commands.items():
            _time(cmd, env, times[name])
    bare = times["bare PySide6 window"]
    results = [Result("cold start, CPU: bare PySide6 window", min(bare.cpu)),
               Result("  (wall clock)", min(bare.wall))]
    for name, measured in times.items():
        if name == "bare PySide6 window":
            continue
        if measured.part:
            # The click alone (its process's start is measured by the other figures).
            results.append(Result(f"CPU: {name}", min(measured.part)))
            continue
        target = (2.0 * min(bare.cpu) if name.startswith("start screen")
                  and name.endswith("first paint") else None)
        results.append(Result(f"cold start, CPU: {name}", min(measured.cpu), target=target,
                              baseline_name="bare window", baseline_seconds=min(bare.cpu)))
        results.append(Result("  (wall clock)", min(measured.wall),
                              baseline_name="bare window", baseline_seconds=min(bare.wall)))
    return results


#: The text typed at the end of the section: a space, then "abc" forty times.
KEYS = ["Key_Space"] + ["Key_A", "Key_B", "Key_C"] * 40
_WORDS = "innovation région entrepreneurs accompagnement pôle "


def section_texts() -> dict[str, str]:
    """5,000 words laid out two ways: 50 paragraphs of 100 words, as a section is
    written, and one 5,000-word paragraph (pasted from elsewhere), which Qt itself lays
    out far more slowly."""
    paragraph = (_WORDS * 20).strip()
    return {"50 paragraphs": "\n\n".join([paragraph] * 50),
            "one paragraph": (_WORDS * 1000).strip()}


def _keystrokes(editor, keys) -> Timed:  # noqa: ANN001 - a QPlainTextEdit
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    return timed_edits(editor, lambda key: QTest.keyClick(editor, getattr(Qt.Key, key)), keys)


def typing() -> list[Result]:
    """Per keystroke in a 5,000-word section, for each layout of the text: to the frame
    (the key handled and the editor repainted) and until settled (validation after the
    frame), each against a bare QPlainTextEdit holding the same text (Qt's own floor,
    measured in the same run). The target is one frame at 60 Hz."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PROPOSALKIT_CONFIG_DIR", tempfile.mkdtemp(prefix="pk-bench-"))
    from PySide6.QtWidgets import QApplication

    from proposalkit.gui.app import create

    gui = create("fr")
    gui.window.resize(1280, 820)
    gui.window.show()
    gui.window.open_example()
    section = "context"
    results = []
    for shape, words in section_texts().items():
        gui.session.set_value(("sections", section), words)
        page = gui.window.go_to(f"section:{section}")
        QApplication.processEvents()
        timed = _keystrokes(page.editor, KEYS)
        assert gui.session.proposal.sections[section].endswith("abc")
        bare = _bare_editor_typing(words, page.editor.size())
        results += figures(f"typing, 5,000 words, {shape}", timed, bare,
                           "bare QPlainTextEdit", "the key's own events", "validation")
    gui.session.undo_stack.setClean()
    gui.window.close()
    return results


def _bare_editor_typing(text: str, size) -> Timed:  # noqa: ANN001 - QSize
    """The same keystrokes in a bare QPlainTextEdit of the same size and text."""
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    editor = QPlainTextEdit()
    editor.resize(size)
    editor.show()
    editor.setPlainText(text)
    QApplication.processEvents()
    timed = _keystrokes(editor, KEYS)
    editor.close()
    return timed


def main() -> bool:
    """Run the GUI benchmarks; True when the targets are met."""
    return report("gui", [*cold_start(), *typing(), *cell_edits()])


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
