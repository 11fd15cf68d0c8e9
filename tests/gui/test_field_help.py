"""Every input of every page says what goes there: its format and an example, in the
window's language (tooltips from the one table in core/field_help.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
)

from proposalkit.core.field_help import FIELD_HELP, field_help, help_key
from tests.gui.conftest import binding_widget

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QCheckBox)


def _tooltips(gui) -> dict[tuple, str]:
    """Each enabled input's tooltip and each table header's, keyed by where it is."""
    found = {}
    for step, page in gui.window.pages.items():
        for kind in INPUTS:
            for number, widget in enumerate(page.findChildren(kind)):
                inner = isinstance(widget, QLineEdit) and isinstance(
                    widget.parent(), (QAbstractSpinBox, QComboBox))
                if inner or not widget.isEnabled():
                    continue  # a spin box's or combo's own line edit is not an input
                found[(step, type(widget).__name__, number)] = widget.toolTip()
        for view in page.findChildren(QTableView):
            model = view.model()
            horizontal = Qt.Orientation.Horizontal
            for column in range(model.columnCount()):
                found[(step, "header", column)] = model.headerData(
                    column, horizontal, Qt.ItemDataRole.ToolTipRole) or ""
                cell = model.index(0, column)
                found[(step, "cell", column)] = model.data(cell, Qt.ItemDataRole.ToolTipRole) or ""
    return found


def test_every_input_of_every_page_has_help_in_both_languages(make_gui):
    by_lang = {}
    for lang in ("en", "fr"):
        gui = make_gui(lang, show=False)
        gui.window.open_example()
        by_lang[lang] = _tooltips(gui)
    english, french = by_lang["en"], by_lang["fr"]
    assert english.keys() == french.keys()
    # Every kind of input is there: forms, a date, check boxes, combos, tables.
    kinds = {key[1] for key in english}
    assert {"QLineEdit", "QPlainTextEdit", "QComboBox", "DateEdit", "QCheckBox",
            "header", "cell"} <= kinds
    empty = [key for key, text in {**english, **french}.items() if not text.strip()]
    assert not empty
    untranslated = [key for key in english if english[key] == french[key]]
    assert not untranslated
    assert sum("Example" in text for text in english.values()) > len(english) / 2
    assert sum("Exemple" in text for text in french.values()) > len(french) / 2


def test_a_message_replaces_the_help_and_the_help_comes_back(make_gui, qtbot):
    gui = make_gui("en")
    window = gui.window
    window.new_proposal("pri-2018")
    page = window.go_to("applicant")
    neq = binding_widget(page, ("applicant", "neq"))
    help_text = gui.session.translator.gettext(field_help(("applicant", "neq")))
    # Tooltips are escaped (text from a file is never read as HTML by Qt).
    from proposalkit.gui.guard import plain_tip

    shown_help = plain_tip(help_text)
    assert neq.toolTip() == shown_help and neq.accessibleDescription() == help_text
    window.editor.check_button.click()  # the empty NEQ's message is shown
    assert neq.toolTip() != shown_help and "NEQ" in neq.toolTip()
    gui.session.set_value(("applicant", "neq"), "1171234567")
    # The findings are recomputed just after the edit; then the help is back.
    qtbot.waitUntil(lambda: neq.toolTip() == shown_help)


def test_help_keys_stand_for_any_line_year_or_section():
    assert help_key(("budget", "expenses", 3, "amounts", 1)) == (
        "budget", "expenses", "*", "amounts", "*")
    assert help_key(("sections", "context")) == ("sections", "*")
    assert field_help(("partners", 7, "cash", 2)) == FIELD_HELP[("partners", "*", "cash", "*")]
    assert field_help(("nowhere",)) == ""
