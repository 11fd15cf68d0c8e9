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
    # Each chapter shows its own step, in the guide's language, before the next one.
    chapters = re.split(r'<h2 id="', text)[1:]
    pictured = {}
    for body in chapters:
        key = body.split('"', 1)[0]
        pictured[key] = re.findall(r'<img src="([^"]+)"', body)
    for kind in STEP_KINDS:
        assert pictured[kind.key] == [f"images/{kind.key}-{lang}.png"], kind.key


def test_the_guide_pictures_are_compact_and_screen_sized():
    folder = guide_path("fr").parent / "images"
    pictures = sorted(folder.glob("*.png"))
    assert len(pictures) == 2 * len(STEP_KINDS)
    assert sum(p.stat().st_size for p in pictures) < 3 * 1024 * 1024
    from PIL import Image

    for path in pictures:
        with Image.open(path) as image:
            assert image.size == (1024, 640), path.name


def test_the_guide_tells_a_first_time_user_what_they_need():
    # Statuses, errors against warnings, the final export and partners' copies.
    for lang, words in (("fr", ("non commencée", "avertissement", "Exporter le dossier final",
                                "Fusionner une autre copie", "Versions", "formulaire")),
                        ("en", ("not started", "warning", "Export the final package",
                                "Merge another copy", "Versions", "form"))):
        text = guide_path(lang).read_text(encoding="utf-8")
        assert all(word in text for word in words), lang


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
    # The chapter's own picture is loaded (the browser found the file).
    from PySide6.QtGui import QTextDocument

    picture = guide.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, "images/revenues-fr.png")
    assert picture is not None and not picture.isNull()
    for step, words in (("governance", "gouvernance"), ("attachments", "pièces jointes")):
        guide.close()
        window.go_to(step)
        window.menus.guide.trigger()
        guide = window.guide
        top = guide.browser.cursorForPosition(guide.browser.viewport().rect().topLeft())
        lines = (top.block().text() + top.block().next().text()).lower()
        assert words in lines, (step, lines)
    guide.close()


def test_shortcuts_list_the_menus_keys(make_gui):
    gui = make_gui("en")
    window = gui.window
    window.menus.shortcuts.trigger()
    text = window.shortcuts_dialog.browser.toPlainText()
    assert "Save" in text and "Next step" in text and "F2" in text
    assert QKeySequence(QKeySequence.StandardKey.Save).toString(
        QKeySequence.SequenceFormat.NativeText) in text


@pytest.mark.parametrize(("lang", "heading"), [("fr", "Le plan de financement"),
                                               ("en", "The financing plan")])
def test_f1_in_the_financing_plan_opens_its_section(make_gui, qtbot, lang, heading):
    gui = make_gui(lang)
    window = gui.window
    window.open_example()
    page = window.go_to("revenues")
    page.plan.toggle.setFocus()
    window.menus.guide.trigger()
    guide = window.guide
    top = guide.browser.cursorForPosition(guide.browser.viewport().rect().topLeft())
    assert top.block().text() == heading
    guide.close()


@pytest.mark.parametrize(("lang", "words"), [
    ("fr", ("Date du statut", "Pièce justificative", "15 mars 2018", "aide gouvernementale",
            "limite de cumul", "sous-totaux par statut")),
    ("en", ("Status date", "Evidence", "March 15, 2018", "government aid", "stacking limit",
            "subtotals by status"))])
def test_the_guide_explains_the_financing_parts(lang, words):
    text = guide_path(lang).read_text(encoding="utf-8")
    revenues = text.split('<h2 id="revenues">')[1].split("<h2 ")[0]
    for anchor in ("funding-status", "financing-plan", "government-aid"):
        assert f'<h3 id="{anchor}">' in revenues
    assert all(word in revenues for word in words)
