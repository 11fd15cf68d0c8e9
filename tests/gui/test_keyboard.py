"""The keyboard alone: every input of every step has a label with a mnemonic or an
accessible name, Tab visits the applicant's inputs in the order they are shown, and
Ctrl+Z typed inside a text field undoes through the application's single history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from tests.gui.conftest import binding_widget, type_into

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)


def _inputs(page: QWidget) -> list[QWidget]:
    return [w for w in page.findChildren(QWidget)
            if isinstance(w, INPUTS) and not isinstance(w, QHeaderView) and w.isVisibleTo(page)
            # the line edit inside an editable combo box (or a date input) belongs to it
            and not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_input_has_a_mnemonic_label_or_accessible_name(make_gui, lang):
    gui = make_gui(lang)
    window = gui.window
    window.open_example()
    problems = []
    for step in window.pages:
        page = window.go_to(step)
        QApplication.processEvents()
        buddies = {id(label.buddy()): label.text() for label in page.findChildren(QLabel)
                   if label.buddy() is not None}
        for widget in _inputs(page):
            label = buddies.get(id(widget), "")
            if "&" not in label and not widget.accessibleName():
                problems.append((step, type(widget).__name__, widget.objectName()))
            if isinstance(widget, (QLineEdit, QPlainTextEdit, QComboBox)) and "&" not in label:
                problems.append((step, "no mnemonic", widget.accessibleName()))
        # Mnemonics of one page are distinct, so Alt+letter goes where the label says.
        letters = [text[text.index("&") + 1].lower()
                   for text in [*buddies.values(),
                                *(b.text() for b in page.findChildren(QAbstractButton)
                                  if b.isVisibleTo(page))]
                   if "&" in text and not text.endswith("&")]
        clashes = {c for c in letters if letters.count(c) > 1}
        if clashes:
            problems.append((step, "same mnemonic twice", sorted(clashes), [
                t for t in [*buddies.values(), *(b.text() for b in page.findChildren(
                    QAbstractButton) if b.isVisibleTo(page))] if "&" in t]))
    assert not problems, problems


def test_tab_visits_the_applicant_inputs_in_visual_order(make_gui, qtbot):
    gui = make_gui("fr")
    window = gui.window
    window.new_proposal("pri-2018")
    page = window.go_to("applicant")
    widgets = [b.widget for f in page.forms for b in f.bindings]
    # Shown top to bottom, in the form's order.
    tops = [w.mapTo(page, w.rect().topLeft()).y() for w in widgets]
    assert tops == sorted(tops)
    widgets[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widgets[0])
    visited = [QApplication.focusWidget()]
    for _ in widgets[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == widgets


def test_mnemonic_moves_to_its_field(make_gui, qtbot):
    gui = make_gui("en")
    window = gui.window
    window.new_proposal("pri-2018")
    page = window.go_to("applicant")
    city = binding_widget(page, ("applicant", "address", "city"))
    name = binding_widget(page, ("applicant", "legal_name"))
    window.activateWindow()
    name.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is name)
    # The letter City's label underlines (mnemonics are kept apart per page: see
    # gui/mnemonics.py), pressed with Alt.
    label = next(lb for lb in page.findChildren(QLabel) if lb.buddy() is city)
    letter = label.text()[label.text().index("&") + 1].upper()
    qtbot.keyClick(name, getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is city


def test_ctrl_z_in_a_field_undoes_through_the_one_history(make_gui, qtbot):
    gui = make_gui("en")
    window, session = gui.window, gui.session
    window.new_proposal("pri-2018")
    page = window.go_to("applicant")
    name = binding_widget(page, ("applicant", "legal_name"))
    city = binding_widget(page, ("applicant", "address", "city"))
    type_into(qtbot, name, "Pôle Test")
    type_into(qtbot, city, "Shawinigan")
    assert session.undo_stack.count() == 2  # each field's typing is one step
    # Still in the city field: the first Ctrl+Z undoes the city, the second the name,
    # which a widget's own history could not do.
    qtbot.keyClick(city, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.proposal.applicant.address.city == "" and city.text() == ""
    qtbot.keyClick(city, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.proposal.applicant.legal_name == "" and name.text() == ""
    assert session.undo_stack.index() == 0
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(city, Qt.Key.Key_Z, redo)
    assert name.text() == "Pôle Test"
    # The same in a narrative section's editor, which keeps no undo history of its own.
    section = window.go_to(f"section:{session.program.sections[0].id}")
    editor = section.editor
    assert not editor.isUndoRedoEnabled()
    type_into(qtbot, editor, "Un texte")
    index = session.undo_stack.index()
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.undo_stack.index() == index - 1
    assert editor.toPlainText() == "" and session.value(section.location) == ""
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.proposal.applicant.legal_name == ""  # the same history, further back
    assert window.menus.undo.text().replace("&", "")  # Edit > Undo follows the stack


def _letters(texts) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for text in texts:
        if "&" in text and not text.endswith("&"):
            out.setdefault(text[text.index("&") + 1].lower(), []).append(text)
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_page_mnemonic_takes_a_menu_bar_letter(make_gui, lang):
    """Alt+letter opens the menu its title says, whatever step is shown."""
    gui = make_gui(lang)
    window = gui.window
    window.open_example()
    menu_letters = _letters(a.text() for a in window.menuBar().actions())
    assert len(menu_letters) == len(window.menuBar().actions())
    clashes = []
    for step in window.pages:
        page = window.go_to(step)
        QApplication.processEvents()
        texts = [label.text() for label in window.findChildren(QLabel)
                 if label.buddy() is not None and label.isVisible()]
        texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible()]
        letters = _letters(texts)
        clashes += [(step, letters[c]) for c in letters if c in menu_letters]
        assert page.isVisible()
    assert not clashes, "\n".join(map(str, clashes))


def test_tab_reaches_the_form_first_then_navigation_findings_and_steps(make_gui, qtbot):
    gui = make_gui("fr")
    window = gui.window
    window.new_proposal("pri-2018")
    page = window.go_to("applicant")
    window.activateWindow()
    window.steps.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.steps)
    fields = [b.widget for f in page.forms for b in f.bindings]
    seen = []
    for _ in range(len(fields) + 8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    seen = seen[:seen.index(window.steps) + 1]  # one round
    # From the step list, Tab goes into the page (its guidance toggle, then its fields)...
    assert page.isAncestorOf(seen[0])
    assert [w for w in seen if w in fields] == fields
    after = seen[seen.index(fields[-1]) + 1:]
    # ...then Previous, Check, Next, the findings (and their "errors only"), and back to
    # the steps; no invisible stop.
    assert after[:6] == [window.prev_button, window.editor.check_button, window.next_button,
                         window.findings.view, window.findings.errors_only, window.steps]
    assert all(w.isVisible() for w in seen)
