"""Every visible string is translated in French and left in English in the English UI,
and the language switches live without losing work."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDockWidget,
    QGroupBox,
    QLabel,
    QTableView,
    QWidget,
)

from proposalkit.i18n import catalog_path
from tests.gui.conftest import binding_widget, type_into

GUI = Path(__file__).resolve().parents[2] / "src" / "proposalkit" / "gui"


def _catalog() -> dict[str, str]:
    from babel.messages.pofile import read_po

    with open(catalog_path("fr"), "rb") as fh:
        messages = [m for m in read_po(fh, locale="fr") if m.id]
    found = {m.id if isinstance(m.id, str) else m.id[0]: (
        m.string if isinstance(m.string, str) else m.string[0]) for m in messages}
    # A plural msgid (ngettext's second argument) has the catalog's plural form.
    found.update({m.id[1]: m.string[1] for m in messages if not isinstance(m.id, str)})
    return found


def _msgids() -> set[str]:
    found = set()
    for source in GUI.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            count = 2 if name == "ngettext" else 1
            if name in ("_", "gettext", "N_", "ngettext"):
                for arg in node.args[:count]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.add(arg.value)
    return found


def test_every_gui_string_has_a_french_entry():
    from babel.messages.pofile import read_po

    catalog = _catalog()
    with open(catalog_path("fr"), "rb") as fh:
        # A plural form is translated with its singular (msgid_plural).
        plurals = {m.id[1] for m in read_po(fh, locale="fr") if isinstance(m.id, tuple)}
    missing = sorted(m for m in _msgids() - plurals if not catalog.get(m))
    assert not missing, missing


def _visible_texts(window) -> list[str]:
    texts = [window.windowTitle()]
    for action in window.menuBar().actions():
        texts.append(action.text())
        for sub in action.menu().actions():
            texts += [sub.text(), sub.toolTip()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        texts.append(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QDockWidget):
            texts.append(widget.windowTitle())
        elif isinstance(widget, QTableView):
            model = widget.model()
            texts += [model.headerData(c, Qt.Orientation.Horizontal)
                      for c in range(model.columnCount())]
    return [t for t in texts if t]


def _all_screens(gui) -> list[str]:
    window = gui.window
    texts = _visible_texts(window)
    window.open_example()
    for step in window.pages:
        window.go_to(step)
        texts += _visible_texts(window)
    return texts


def test_french_ui_has_no_english_left(make_gui):
    catalog = _catalog()
    english = {msgid.replace("&", "") for msgid, text in catalog.items() if text != msgid}
    gui = make_gui("fr")
    left = sorted({t for t in _all_screens(gui) if t.replace("&", "") in english})
    assert not left, left


def test_english_ui_has_no_french(make_gui):
    catalog = _catalog()
    french = {text.replace("&", "") for msgid, text in catalog.items() if text != msgid}
    gui = make_gui("en")
    found = sorted({t for t in _all_screens(gui) if t.replace("&", "") in french})
    assert not found, found


def test_language_switch_keeps_the_work(make_gui, qtbot, monkeypatch):
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.open_example()
    page = window.go_to("applicant")
    field = binding_widget(page, ("applicant", "address", "city"))
    field.selectAll()
    type_into(qtbot, field, "Shawinigan")
    window.go_to("expenses")
    depth = session.undo_stack.count()
    assert window.menuBar().actions()[0].text() == "&Fichier"

    def choose_english(dialog):
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        return QDialog.DialogCode.Accepted

    from proposalkit.gui import dialogs

    monkeypatch.setattr(dialogs.PreferencesDialog, "exec", choose_english)
    window.preferences()
    assert window.menuBar().actions()[0].text() == "&File"
    assert window.current_step() == "expenses"
    assert session.proposal.applicant.address.city == "Shawinigan"
    assert binding_widget(window.pages["applicant"], ("applicant", "address", "city")).text() \
        == "Shawinigan"
    assert session.undo_stack.count() == depth and window.isWindowModified()
    assert gui.prefs.language == "en"
    # Qt's own dialogs follow: no French catalog in English.
    assert gui.qt_translations.translator is None
    session.undo_stack.undo()
    assert session.proposal.applicant.address.city == "Trois-Rivières"
