"""Spell-check in the window: typos typed into a section are underlined, and the context
menu replaces them, adds them to the user's dictionary or ignores them."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat, QTextCursor

from proposalkit.core.spelling import user_words_path
from proposalkit.gui.spelling import spell_menu
from tests.gui.conftest import binding_widget, type_into

WAVE = QTextCharFormat.UnderlineStyle.WaveUnderline


def marked(editor) -> list[str]:
    """The words of ``editor`` its highlighter underlines, read from the blocks' formats."""
    words = []
    block = editor.document().begin()
    while block.isValid():
        for rng in block.layout().formats():
            if rng.format.underlineStyle() == WAVE:
                words.append(block.text()[rng.start:rng.start + rng.length])
        block = block.next()
    return words


def section_editor(make_gui, qtbot, language="fr"):
    """A new proposal in ``language``, on its first narrative section, with the
    dictionary read."""
    gui = make_gui("fr")
    gui.session.new(gui.window.catalog.get("pri-2018"), language)
    page = gui.window.go_to("section:context")
    checker = gui.session.spelling.checker(language)
    return gui, page.editor, checker


def typed(make_gui, qtbot, text: str, marks: list[str], language: str = "fr"):
    """A section in which ``text`` was typed, once its ``marks`` are shown."""
    gui, editor, checker = section_editor(make_gui, qtbot, language)
    type_into(qtbot, editor, text)
    qtbot.waitUntil(lambda: marked(editor) == marks)
    return gui, editor


def choose(editor, word: str, kind: str, value: str | None = None) -> None:
    """Right-click ``word`` and choose the entry ``kind`` (replace, add, ignore)."""
    menu = spell_menu(editor).build_menu(point_at(editor, word))
    wanted = (kind, value or word)
    next(a for a in menu.actions() if a.data() == wanted).trigger()


def point_at(editor, word: str):
    """The viewport position of the middle of ``word``'s first occurrence."""
    index = editor.toPlainText().index(word)
    cursor = QTextCursor(editor.document())
    cursor.setPosition(index + len(word) // 2)
    return editor.cursorRect(cursor).center()


def test_typos_typed_into_a_section_are_underlined(make_gui, qtbot):
    gui, editor, checker = section_editor(make_gui, qtbot)
    type_into(qtbot, editor, "Le pôle acompagne l’innovation des entreprize depuis 2018.")
    qtbot.waitUntil(lambda: checker.loaded)
    qtbot.waitUntil(lambda: marked(editor) == ["acompagne", "entreprize"])
    # The text itself is what the user typed: marks are formats, not edits.
    assert gui.session.proposal.sections["context"].startswith("Le pôle acompagne")


def test_the_context_menu_offers_suggestions_add_and_ignore(make_gui, qtbot):
    gui, editor = typed(make_gui, qtbot, "Nous acompagne les entreprize.",
                        ["acompagne", "entreprize"])
    menu = spell_menu(editor).build_menu(point_at(editor, "entreprize"))
    data = [action.data() for action in menu.actions()]
    assert ("replace", "entreprise") in data
    assert ("add", "entreprize") in data and ("ignore", "entreprize") in data
    texts = [action.text() for action in menu.actions()]
    assert "A&jouter au dictionnaire" in texts and "I&gnorer" in texts
    assert any(text.startswith("Cop&ier") for text in texts)  # Qt's own entries stay
    # No two entries share a mnemonic (Qt's "Cop&ier" takes the i).
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(keys) == len(set(keys)), texts
    # Choosing the suggestion replaces the word, as an edit of the proposal.
    choose(editor, "entreprize", "replace", "entreprise")
    assert gui.session.proposal.sections["context"] == "Nous acompagne les entreprise."
    qtbot.waitUntil(lambda: marked(editor) == ["acompagne"])
    gui.session.undo_stack.undo()
    assert gui.session.proposal.sections["context"] == "Nous acompagne les entreprize."


def test_a_correct_word_gets_the_usual_menu_only(make_gui, qtbot):
    gui, editor = typed(make_gui, qtbot, "Le pôle acompagne.", ["acompagne"])
    menu = spell_menu(editor).build_menu(point_at(editor, "pôle"))
    assert all(action.data() is None for action in menu.actions())


def test_add_to_dictionary_removes_the_mark_everywhere_and_persists(make_gui, qtbot):
    gui, editor = typed(make_gui, qtbot, "Le projet Zorblax avance.", ["Zorblax"])
    other = binding_widget(gui.window.go_to("governance"), ("governance", "description"))
    type_into(qtbot, other, "Zorblax aussi.")
    qtbot.waitUntil(lambda: marked(other) == ["Zorblax"])
    choose(editor, "Zorblax", "add")
    assert marked(editor) == [] and marked(other) == []
    assert "Zorblax" in user_words_path("fr").read_text(encoding="utf-8").split()
    # Adding a word is not an edit of the proposal.
    assert gui.session.proposal.sections["context"] == "Le projet Zorblax avance."


def test_ignore_removes_the_mark_without_writing_the_dictionary(make_gui, qtbot):
    gui, editor = typed(make_gui, qtbot, "Le projet Qwrtz avance.", ["Qwrtz"])
    choose(editor, "Qwrtz", "ignore")
    assert marked(editor) == []
    assert not user_words_path("fr").exists()


def test_a_dictionary_that_cannot_be_written_is_one_line_and_the_word_still_accepted(
        make_gui, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PROPOSALKIT_DATA_DIR", str(blocker))  # spelling/ cannot be made
    gui, editor = typed(make_gui, qtbot, "Le projet Zorblax avance.", ["Zorblax"])
    shown = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: shown.append((title, text)))
    choose(editor, "Zorblax", "add")
    ((title, text),) = shown
    assert title == "Orthographe" and "Zorblax" in text and "\n" not in text
    assert "Traceback" not in text
    assert marked(editor) == []


def test_an_english_proposal_is_checked_in_canadian_english(make_gui, qtbot):
    typed(make_gui, qtbot, "The centre will recieve colour.", ["recieve"], language="en")


def test_typing_in_a_long_paragraph_keeps_every_mark_right(make_gui, qtbot):
    from proposalkit.gui.spelling import LONG_PARAGRAPH

    gui, editor, checker = section_editor(make_gui, qtbot)
    long_text = "Le pôle acompagne les entreprises. " * (LONG_PARAGRAPH // 30)
    gui.session.set_value(("sections", "context"), long_text.strip())
    qtbot.waitUntil(lambda: checker.loaded)
    qtbot.waitUntil(lambda: marked(editor) == ["acompagne"] * (LONG_PARAGRAPH // 30))
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_into(qtbot, editor, " Une entreprize")
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    type_into(qtbot, editor, "Aussi ")
    assert marked(editor) == ["acompagne"] * (LONG_PARAGRAPH // 30) + ["entreprize"]


def test_the_word_being_typed_is_marked_once_the_cursor_leaves_it(make_gui, qtbot):
    from PySide6.QtCore import Qt

    gui, editor = typed(make_gui, qtbot, "Une entreprize, ", ["entreprize"])
    type_into(qtbot, editor, "nous acompagn")
    assert marked(editor) == ["entreprize"]  # « acompagn » may still become a word
    type_into(qtbot, editor, " les")
    assert marked(editor) == ["entreprize", "acompagn"]
    type_into(qtbot, editor, " pme")  # being typed at the end of the text
    assert marked(editor) == ["entreprize", "acompagn"]
    qtbot.keyClick(editor, Qt.Key.Key_Home)  # leaving it with the keyboard
    assert marked(editor) == ["entreprize", "acompagn", "pme"]


def test_the_dictionary_is_read_after_the_proposal_is_on_screen(make_gui, qtbot):
    gui = make_gui("fr")
    checker = gui.session.spelling.checker("fr")
    assert not checker.loaded  # the start screen has no text
    gui.window.open_example()  # its sections have text: highlighted once the loop runs
    editor = gui.window.go_to("section:context").editor
    assert not checker.loaded and marked(editor) == []
    qtbot.waitUntil(lambda: checker.loaded)
    gui.session.set_value(("sections", "context"), "Une entreprize.")
    assert marked(editor) == ["entreprize"]
