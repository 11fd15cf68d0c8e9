"""The main window's menu bar: File (with recent files and exports), Edit (the session's
undo history), Go and Help."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from proposalkit.gui.main_window import MainWindow


def add_action(window: MainWindow, menu: QMenu, text: str, slot: Callable[[], object],
               shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
               ) -> QAction:
    """A menu entry that calls ``slot`` (with an optional shortcut)."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """(Re)build the menu bar for the window's session and language; the actions tests
    and the window need are kept on it (``save_action``, ``undo_action``...)."""
    _ = window.tr.gettext
    session, output = window.session, window.output
    bar = window.menuBar()
    bar.clear()
    is_open = session.is_open

    def entry(menu: QMenu, text: str, slot: Callable[[], object],
              shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
              ) -> QAction:
        return add_action(window, menu, text, slot, shortcut)

    file_menu = bar.addMenu(_("&File"))
    entry(file_menu, _("&New…"), window.close_to_start, QKeySequence.StandardKey.New)
    entry(file_menu, _("&Open…"), window.open_dialog, QKeySequence.StandardKey.Open)
    # Filled when opened: checking that each recent file still exists touches the
    # disk, which the first paint should not wait for.
    window.recent_menu = file_menu.addMenu(_("Open &recent"))
    window.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(window))
    entry(file_menu, _("Open the e&xample"), window.open_example)
    add_install_action(window, file_menu)
    file_menu.addSeparator()
    window.save_action = entry(file_menu, _("&Save"), window.save,
                               QKeySequence.StandardKey.Save)
    window.save_as_action = entry(file_menu, _("Save &as…"), window.save_as,
                                  QKeySequence.StandardKey.SaveAs)
    window.close_action = entry(file_menu, _("&Close"), window.close_proposal,
                                QKeySequence.StandardKey.Close)
    _copies_block(window, file_menu)  # i14: merging copies (kept apart for i12's rewrite)
    file_menu.addSeparator()
    export = [
        entry(file_menu, _("Export &DOCX…"), lambda: output.export("docx")),
        entry(file_menu, _("Export &PDF…"), lambda: output.export("pdf")),
        entry(file_menu, _("Export the final pac&kage…"), lambda: output.export("package")),
        entry(file_menu, _("Print pre&view…"), output.preview),
        entry(file_menu, _("Pr&int…"), output.print_dossier, QKeySequence.StandardKey.Print),
    ]
    file_menu.addSeparator()
    entry(file_menu, _("Pre&ferences…"), window.preferences,
          QKeySequence.StandardKey.Preferences)
    entry(file_menu, _("&Quit"), window.close, QKeySequence.StandardKey.Quit)
    for action in (window.save_action, window.save_as_action, window.close_action, *export):
        action.setEnabled(is_open)
    window.save_action.setEnabled(is_open and not session.read_only)

    edit = bar.addMenu(_("&Edit"))
    undo = session.undo_stack.createUndoAction(window, _("&Undo"))
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = session.undo_stack.createRedoAction(window, _("&Redo"))
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    edit.addAction(undo)
    edit.addAction(redo)
    window.undo_action, window.redo_action = undo, redo

    go = bar.addMenu(_("&Go"))
    nxt = entry(go, _("&Next step"), lambda: window.step_by(1), "Ctrl+PgDown")
    prev = entry(go, _("&Previous step"), lambda: window.step_by(-1), "Ctrl+PgUp")
    nxt.setEnabled(is_open)
    prev.setEnabled(is_open)
    _partners_block(window)  # i14
    help_menu = bar.addMenu(_("&Help"))
    entry(help_menu, _("&About proposalkit"), window.about)


def fill_recent_menu(window: MainWindow) -> None:
    """List the recent files in File > Open recent (when the menu opens)."""
    menu = window.recent_menu
    menu.clear()
    recent = window.prefs.recent_files
    for path in recent:
        add_action(window, menu, str(path), lambda p=path: window.open_path(p))
    if not recent:
        empty = menu.addAction(window.tr.gettext("(none)"))
        empty.setEnabled(False)


# -- i13: programs ------------------------------------------------------------------------
def add_install_action(window: MainWindow, menu: QMenu) -> QAction:
    """File ▸ Install a program…: kept as ``window.install_action``."""
    window.install_action = add_action(window, menu, window.tr.gettext("&Install a program…"),
                                       window.install_program)
    return window.install_action


# -- i14: copies, versions, partners -------------------------------------------------
def _copies_block(window: MainWindow, file_menu: QMenu) -> None:
    """File ▸ Merge another copy…, Versions… (see ``gui/merging.py``, ``gui/versions.py``)."""
    from proposalkit.gui.merging import merge_another_copy
    from proposalkit.gui.versions import VersionsDialog

    session, _ = window.session, window.tr.gettext
    merge = add_action(window, file_menu, _("&Merge another copy…"),
                       lambda: merge_another_copy(window, session))
    versions = add_action(window, file_menu, _("&Versions…"),
                          lambda: VersionsDialog(session, window).exec())
    versions.setEnabled(session.is_open)
    merge.setEnabled(session.is_open and not session.read_only)


def _partners_block(window: MainWindow) -> None:
    """The Partners menu: prepare forms and letters, import a filled form."""
    from proposalkit.gui.partner_forms import import_partner_form, prepare_partner_forms

    session, _ = window.session, window.tr.gettext
    partners = window.menuBar().addMenu(_("&Partners"))
    prepare = add_action(window, partners, _("&Prepare partner forms…"),
                         lambda: prepare_partner_forms(window, session))
    importing = add_action(window, partners, _("&Import a partner form…"),
                           lambda: import_partner_form(window, session))
    prepare.setEnabled(session.is_open)
    importing.setEnabled(session.is_open and not session.read_only)
