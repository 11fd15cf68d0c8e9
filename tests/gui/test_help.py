"""Help: F1 opens the built-in guide at the chapter of the step shown; every step of
the table has a chapter in both languages; Help > Keyboard shortcuts lists them."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QKeySequence

from proposalkit.core.steps import STEP_KINDS
from proposalkit.gui.help import chapter, guide_path


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_step_has_a_chapter_and_its_pictures_exist(lang):
    text = guide_path(lang).read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="([^"]+)"', text))
    assert {kind.key for kind in STEP_KINDS} <= anchors
    for picture in re.findall(r'src="([^"]+)"', text):
        assert (guide_path(lang).parent / picture).is_file(), picture


def test_f1_opens_the_guide_at_the_step_shown(make_gui, qtbot):
    gui = make_gui("fr")
    window = gui.window
    window.open_example()
    window.go_to("revenues")
    assert window.menus.guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.menus.guide.trigger()
    guide = window.guide
    assert guide.isVisible()
    assert guide.browser.source().fileName() == "guide-fr.html"
    assert "Budget — revenus" in guide.browser.toPlainText()
    # Scrolled to the chapter: the revenues heading is at the top of the view.
    top = guide.browser.cursorForPosition(guide.browser.viewport().rect().topLeft())
    block = top.block()
    assert guide.browser.verticalScrollBar().value() > 0
    assert "revenus" in block.text().lower() or "revenus" in block.next().text().lower()
    assert chapter("section:context") == "section"
    guide.close()


def test_shortcuts_list_the_menus_keys(make_gui):
    gui = make_gui("en")
    window = gui.window
    window.menus.shortcuts.trigger()
    text = window.shortcuts_dialog.browser.toPlainText()
    assert "Save" in text and "Next step" in text and "F2" in text
    assert QKeySequence(QKeySequence.StandardKey.Save).toString(
        QKeySequence.SequenceFormat.NativeText) in text
