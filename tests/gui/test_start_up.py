"""Starting without a file (gui/app.py StartUp): the start screen paints from the cached
program cards with nothing of pydantic, the rules or the model loaded; the session comes
right after the first paint, and everything works as when it was made first."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from proposalkit.core import pack_facts
from tests.gui.conftest import close_windows

#: Runs the application as `proposalkit` does (its entry module imported first), notes
#: the modules loaded at the window's first paint, and leaves once the session is made.
_PROBE = """
import gc, json, sys
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
from PySide6.QtCore import QEvent
import proposalkit.cli  # the entry point's module
from proposalkit.gui import app as gui_app

seen = {}
# Watched through the start's own filter of the window's events: a filter of every
# event of the application would make PySide build a class for each object it sees.
watch_window = gui_app.StartUp.eventFilter

def first_paint(start, watched, event):
    if event.type() == QEvent.Type.Paint and "painted" not in seen:
        screen = start.window.start
        seen["painted"] = sorted(sys.modules)
        seen["qt_types"] = sorted(name for module in (PySide6.QtCore, PySide6.QtGui,
                                                      PySide6.QtWidgets)
                                  for name in vars(module) if name.startswith("Q"))
        seen["programs"] = [screen.program.itemData(i) for i in range(screen.program.count())]
        seen["facts"] = screen.facts.text()
        seen["attached"] = start.window.attached
        seen["collecting"] = gc.isenabled()
    return watch_window(start, watched, event)

gui_app.StartUp.eventFilter = first_paint
code = gui_app.run(lang="fr", quit_when="ready")
seen["ready"] = sorted(sys.modules)
seen["collecting_when_ready"] = gc.isenabled()
from proposalkit.core import model
seen["schemas"] = [m.__pydantic_complete__ for m in (model.Proposal, model.ExpenseLine)]
print(json.dumps({"code": code, **seen}))
"""

LEAN = ("pydantic", "pydantic_core", "proposalkit.core.rules", "proposalkit.core.model",
        "proposalkit.core.program", "proposalkit.gui.session", "proposalkit.storage",
        "babel")


def _start(env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_start_screen_paints_before_the_model_loads():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first = _start(env)  # no cache yet: the packs load before the paint, cards are kept
    assert first["code"] == 0
    assert "pydantic" in first["painted"] and first["attached"] is False
    again = _start(env)
    assert again["code"] == 0 and again["attached"] is False
    assert again["programs"] == first["programs"]
    assert "pri-2018" in again["programs"] and "Date limite" in again["facts"]
    assert again["facts"] == first["facts"]
    assert not set(LEAN) & set(again["painted"]), set(LEAN) & set(again["painted"])
    # Nor the Qt types the start screen does not show: PySide builds a class's enums
    # when it is first touched (the Qt namespace's ninety, QStyle's, the file dialog's).
    assert not {"Qt", "QStyle", "QFileDialog", "QMessageBox"} & set(again["qt_types"])
    # The cyclic garbage collector waits for the window to be ready.
    assert again["collecting"] is False and again["collecting_when_ready"] is True
    # The models' schemas are built once ready, not by the first click.
    assert again["schemas"] == [True, True]
    # Right after the paint the packs are loaded and the session made.
    assert {"pydantic", "proposalkit.core.rules", "proposalkit.gui.session"} <= set(
        again["ready"])


@pytest.fixture
def start_up(qtbot):
    """A StartUp shown (fr); its window closed and deleted at the end."""
    from proposalkit.gui.app import StartUp

    made = []

    def make(lang: str = "fr"):
        start = StartUp(lang)
        start.window.resize(1280, 820)
        made.append(start)
        return start

    yield make
    for start in made:
        start.deleteLater()  # its timer goes with it
    close_windows([start.window for start in made])


def test_the_session_comes_after_the_first_paint_and_the_buttons_work(start_up, qtbot):
    from proposalkit.core.program import default_catalog

    assert pack_facts.remember(default_catalog())
    start = start_up()
    window = start.window
    assert not window.attached and window.start.program.currentData() == "pri-2018"
    assert not window.menus.save.isEnabled() and not window.menus.undo.isEnabled()
    # Qt's catalog is there; the file dialogs' missing strings come after the paint.
    assert start.qt_translations.translator is not None and start.qt_translations.gaps is None
    window.show()
    qtbot.waitUntil(lambda: start.gui is not None)
    assert window.attached and window.session.lang == "fr"
    assert start.qt_translations.gaps is not None
    qtbot.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
    assert window.session.is_open and window.session.proposal.program_id == "pri-2018"
    assert window.menus.save.isEnabled()


def test_without_cards_the_packs_load_first_and_their_cards_are_kept(start_up, qtbot):
    cache = pack_facts.cached_cards("en")
    assert cache is None  # the test's own, empty cache folder
    start = start_up("en")
    assert pack_facts.cached_cards("en") is not None
    start.window.show()
    qtbot.waitUntil(lambda: start.gui is not None)
    qtbot.mouseClick(start.window.start.example_button, Qt.MouseButton.LeftButton)
    assert start.window.session.proposal.applicant.legal_name == "Carrefour Innovation Mauricie"


def test_a_file_the_system_opens_before_the_session_waits_for_it(start_up, qtbot, tmp_path):
    from proposalkit.core.example import example_attachments, example_proposal
    from proposalkit.storage import Document, write_document

    path = tmp_path / "exemple.pkp"
    proposal = example_proposal()
    write_document(path, Document(proposal, example_attachments(proposal)))
    start = start_up()
    # As the Finder sends it at launch, before the window has its session.
    QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(QUrl.fromLocalFile(str(path))))
    assert not start.window.attached
    start.window.show()
    qtbot.waitUntil(lambda: start.window.attached and start.window.session.is_open)
    assert start.window.session.path == path


def test_the_recent_files_are_listed_once_the_session_is_made(start_up, qtbot, tmp_path):
    from proposalkit.gui.settings import Preferences

    recent = tmp_path / "mine.pkp"
    recent.write_bytes(b"")
    prefs = Preferences()
    prefs.add_recent(recent)
    prefs.sync()
    start = start_up()
    assert start.window.start.recent.count() == 0  # not looked for before the paint
    start.window.show()
    qtbot.waitUntil(lambda: start.window.start.recent.count() == 1)


def test_a_card_with_a_tag_is_shown_as_plain_text(qtbot):
    """The start screen leaves Qt's guess alone for text without a tag (the Qt
    namespace is not touched before the first paint) and makes a label plain for a
    program whose text has one."""
    from datetime import date

    from proposalkit.gui.start_screen import StartScreen
    from proposalkit.i18n import translator

    cards = [pack_facts.ProgramCard("calm", "Calm", "Deadline: soon", "", date(2999, 1, 1),
                                    32503680000.0),
             pack_facts.ProgramCard("hostile", "Hostile", '<img src="/dev/zero"> <b>x</b>',
                                    "", date(2999, 1, 1), 32503680000.0)]
    screen = StartScreen(cards, translator("en"), [], [], program_id="calm")
    qtbot.addWidget(screen)
    assert screen.facts.text() == "Deadline: soon"
    screen.select_program("hostile")
    assert screen.facts.textFormat() == Qt.TextFormat.PlainText
    assert screen.facts.text() == '<img src="/dev/zero"> <b>x</b>'
