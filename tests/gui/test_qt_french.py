"""The French window speaks French to the last button: no string Qt left in English
(file dialogs, standard buttons, context menus, key names) is visible anywhere we can
reach by walking every page, menu and dialog; the undo entries and the shortcuts help
read as French."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

# Qt's own English texts (standard dialogs, buttons, context menus, key names); not
# « Type », which French writes the same.
QT_ENGLISH = {
    "Look in:", "Files of type:", "File name:", "Folder", "Directory:", "Choose", "Cancel",
    "Yes", "No", "Save", "Open", "Close", "Discard", "Apply", "Reset", "Help", "Undo",
    "Redo", "Cut", "Copy", "Paste", "Delete", "Select All", "Back", "Forward",
    "Parent Directory", "Create New Folder", "List View", "Detail View", "Name", "Size",
    "Date Modified", "Shift", "Enter", "Return", "Computer", "Restore Defaults",
    "Abort", "Retry", "Ignore", "Yes to All", "No to All", "Save All", "Don't Save",
    "Shift+Tab", "Alt+letter",
}


def normal(text: str) -> str:
    """A text as compared: no mnemonic, no shortcut after a tab, no final colon."""
    return text.split("\t")[0].replace("&", "").strip().rstrip(":").rstrip("\u00a0 ")


def texts_of(root: QWidget) -> list[str]:
    """Every text a user can see or hear on ``root`` and its children."""
    out: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        out += [widget.toolTip(), widget.windowTitle()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            out.append(widget.text())
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            out.append(widget.placeholderText())
        if isinstance(widget, QGroupBox):
            out.append(widget.title())
        if isinstance(widget, QComboBox):
            out += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            columns = model.columnCount() if isinstance(model, QAbstractTableModel) else 1
            out += [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                    for c in range(columns)]
    return [t for t in out if t]


def menu_texts(menu: QMenu) -> list[str]:
    out = [menu.title()]
    for action in menu.actions():
        out += [action.text(), action.toolTip()]
        if action.menu() is not None:
            out += menu_texts(action.menu())
    return out


def english(texts: list[str]) -> list[str]:
    known = {normal(t) for t in QT_ENGLISH}
    return sorted({t for t in texts if normal(t) in known})


def test_no_untranslated_qt_string_in_the_french_window(make_gui, qtbot):
    gui = make_gui("fr")
    window = gui.window
    seen = texts_of(window)
    window.open_example()
    for step in list(window.pages):
        window.go_to(step)
        seen += texts_of(window)
    for menu in window.menus.menus.values():
        menu.aboutToShow.emit()
        seen += menu_texts(menu)
    # Context menus of the inputs.
    for kind in (QLineEdit, QPlainTextEdit):
        widget = window.findChild(kind)
        if widget is not None:
            seen += menu_texts(widget.createStandardContextMenu())
    # Qt's own file dialog, as the window's Open... shows it where there is no native one.
    dialog = QFileDialog(window, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.show()
    seen += texts_of(dialog)
    view = dialog.findChild(QAbstractItemView, "listView")
    if view is not None:
        seen += [str(view.model().index(0, 2, view.rootIndex()).data() or "")]
    dialog.close()
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Yes
                      | QMessageBox.StandardButton.No, window)
    seen += texts_of(box)
    # The shortcuts help names keys as a French keyboard does.
    window.show_shortcuts()
    seen += window.shortcuts_dialog.browser.toPlainText().split("\n")
    assert english(seen) == []
    shortcuts = window.shortcuts_dialog.browser.toPlainText()
    assert "Maj+Tab" in shortcuts and "Alt+lettre" in shortcuts and "Entrée" in shortcuts
    window.shortcuts_dialog.close()


def test_qt_strings_french_misses_are_supplied(make_gui):
    make_gui("fr", show=False)
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "&Regarder dans\u00a0:" in labels and "&Type de fichier\u00a0:" in labels


def test_undo_entries_read_as_sentences(make_gui):
    gui = make_gui("fr")
    window = gui.window
    window.open_example()
    session = window.session
    session.set_value(("budget", "expenses", 1, "amounts", 0), 61000)
    undo = window.menus.undo.text().replace("&", "")
    assert undo.startswith("Annuler la modification du champ Dépenses")
    assert "montant" in undo and "Modification" not in undo
    session.undo_stack.undo()
    assert window.menus.redo.text().replace("&", "").startswith(
        "Rétablir la modification du champ Dépenses")
    from proposalkit.gui.merging import replace_proposal

    replace_proposal(session, session.proposal.model_copy(deep=True),
                     session.translator.gettext("Merge another copy"))
    assert window.menus.undo.text().replace("&", "") == (
        "Annuler\u00a0: fusionner une autre copie")
