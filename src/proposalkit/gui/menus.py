"""The main window's menu bar, as an object that owns its actions (novelWriter's
``GuiMainMenu`` style): File (with recent files and exports), Edit (the session's undo
history), Go and Help.

The bar is built once per window. Its entries are declared in :data:`ENTRIES`, one row
each (which menu, the text to translate, what it does, its shortcut, when it is
enabled); :meth:`MainMenu.retranslate` puts every text in the interface language and
:meth:`MainMenu.update_state` enables what the open proposal allows. Each action is an
attribute of the bar named after its row (``window.menus.save``).

A feature that needs entries adds rows to ENTRIES (in a block of its own, so branches
merge) and, for a whole menu, a name to MENUS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMenuBar

from proposalkit.i18n import N_

if TYPE_CHECKING:
    from proposalkit.gui.main_window import MainWindow

Shortcut = QKeySequence.StandardKey | str | tuple[str, ...] | None
#: When an entry can be used: always, with a proposal open, or with one that can be saved.
Needs = Literal["always", "open", "writable"]

#: The menus, in the bar's order: (name, title to translate).
MENUS: tuple[tuple[str, str], ...] = (
    ("file", N_("&File")),
    ("edit", N_("&Edit")),
    ("go", N_("&Go")),
    ("partners", N_("&Partners")),
    ("help", N_("&Help")),
)


@dataclass(frozen=True)
class Entry:
    """One menu entry: ``name`` is the action's attribute on the bar; ``"-"`` is a
    separator and ``"recent"`` the submenu of recent files."""

    name: str
    menu: str
    text: str = ""
    run: Callable[[MainWindow], object] | None = None
    shortcut: Shortcut = None
    needs: Needs = "always"


SEPARATOR = "-"
S = QKeySequence.StandardKey

ENTRIES: tuple[Entry, ...] = (
    # -- File -----------------------------------------------------------------------------
    Entry("new", "file", N_("&New…"), lambda w: w.close_to_start(), S.New),
    Entry("open", "file", N_("&Open…"), lambda w: w.open_dialog(), S.Open),
    Entry("recent", "file", N_("Open &recent")),
    Entry("example", "file", N_("Open the e&xample"), lambda w: w.open_example()),
    Entry("install", "file", N_("&Install a program…"), lambda w: w.install_program()),
    Entry(SEPARATOR, "file"),
    Entry("save", "file", N_("&Save"), lambda w: w.save(), S.Save, "writable"),
    Entry("save_as", "file", N_("Save &as…"), lambda w: w.save_as(), S.SaveAs, "open"),
    Entry("close", "file", N_("&Close"), lambda w: w.close_proposal(), S.Close, "open"),
    # -- copies and versions (gui/merging.py, gui/versions.py) -----------------------
    Entry("merge", "file", N_("&Merge another copy…"), lambda w: _merge(w), None, "writable"),
    Entry("versions", "file", N_("&Versions…"), lambda w: _versions(w), None, "open"),
    Entry(SEPARATOR, "file"),
    Entry("export_docx", "file", N_("Export &DOCX…"), lambda w: w.output.export("docx"),
          None, "open"),
    Entry("export_pdf", "file", N_("Expo&rt PDF…"), lambda w: w.output.export("pdf"),
          None, "open"),
    Entry("export_package", "file", N_("Export the final pac&kage…"),
          lambda w: w.output.export("package"), None, "open"),
    Entry("preview", "file", N_("Print pre&view…"), lambda w: w.output.preview(), None, "open"),
    Entry("print", "file", N_("Pr&int…"), lambda w: w.output.print_dossier(), S.Print, "open"),
    # -- the budget to and from a spreadsheet (gui/budget_io.py) ---------------------
    Entry("export_budget", "file", N_("Export the &budget (.xlsx)…"),
          lambda w: _budget(w, "export"), None, "open"),
    Entry("import_budget", "file", N_("Import a b&udget (.xlsx, .csv)…"),
          lambda w: _budget(w, "import"), None, "writable"),
    Entry(SEPARATOR, "file"),
    Entry("preferences", "file", N_("Pre&ferences…"), lambda w: w.preferences(), S.Preferences),
    Entry("quit", "file", N_("&Quit"), lambda w: w.close(), S.Quit),
    # -- Go -------------------------------------------------------------------------------
    # Alt+arrows first: the menu shows the first shortcut, and Qt's French name for
    # PgDown ("Page suiv") reads as if it were cut off.
    Entry("next_step", "go", N_("&Next step"), lambda w: w.step_by(1),
          ("Alt+Right", "Ctrl+PgDown"), "open"),
    Entry("previous_step", "go", N_("&Previous step"), lambda w: w.step_by(-1),
          ("Alt+Left", "Ctrl+PgUp"), "open"),
    # -- Partners (gui/partner_forms.py) ---------------------------------------------
    Entry("prepare_partner_forms", "partners", N_("&Prepare partner forms…"),
          lambda w: _partner_forms(w, "prepare"), None, "open"),
    Entry("import_partner_form", "partners", N_("&Import a partner form…"),
          lambda w: _partner_forms(w, "import"), None, "writable"),
    # -- Help -----------------------------------------------------------------------------
    Entry("guide", "help", N_("&Guide"), lambda w: w.show_guide(), S.HelpContents),
    Entry("shortcuts", "help", N_("&Keyboard shortcuts"), lambda w: w.show_shortcuts()),
    Entry(SEPARATOR, "help"),
    Entry("about", "help", N_("&About proposalkit"), lambda w: w.about()),
)


# -- what its entries run (the modules load when used) ----------------------------
def _merge(window: MainWindow) -> object:
    from proposalkit.gui.merging import merge_another_copy

    return merge_another_copy(window, window.session)


def _versions(window: MainWindow) -> object:
    from proposalkit.gui.versions import VersionsDialog

    return VersionsDialog(window.session, window).exec()


def _budget(window: MainWindow, what: str) -> object:
    from proposalkit.gui.budget_io import export_budget, import_budget

    run = export_budget if what == "export" else import_budget
    return run(window, window.session)


def _partner_forms(window: MainWindow, what: str) -> object:
    from proposalkit.gui.partner_forms import import_partner_form, prepare_partner_forms

    run = prepare_partner_forms if what == "prepare" else import_partner_form
    return run(window, window.session)


class MainMenu(QMenuBar):
    """The menu bar of one window; its actions are its attributes (``menus.save``)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.menus: dict[str, QMenu] = {}
        self.actions_: dict[str, QAction] = {}
        # Menus made here (not by addMenu(str)): their Python wrappers stay valid for
        # the bar's life, which retranslate() relies on.
        for name, _title in MENUS:
            self.menus[name] = QMenu(self)
            self.addMenu(self.menus[name])
        for entry in ENTRIES:
            menu = self.menus[entry.menu]
            if entry.name == SEPARATOR:
                menu.addSeparator()
            elif entry.name == "recent":
                # Filled when opened: checking that each recent file still exists
                # touches the disk, which the first paint should not wait for.
                self.recent = QMenu(menu)
                menu.addMenu(self.recent)
                self.recent.aboutToShow.connect(self.fill_recent)
            else:
                self.actions_[entry.name] = self._action(menu, entry)
        self._undo_actions()
        self.retranslate()
        self.update_state()

    def _action(self, menu: QMenu, entry: Entry) -> QAction:
        action = QAction(self)
        # Always setShortcuts with a list: PySide resolving setShortcut's overloads
        # builds the Qt namespace's ninety enums, before the window's first paint.
        if isinstance(entry.shortcut, tuple):
            action.setShortcuts([QKeySequence(key) for key in entry.shortcut])
        elif entry.shortcut is not None:
            action.setShortcuts([QKeySequence(entry.shortcut)])
        run = entry.run
        assert run is not None, entry.name
        action.triggered.connect(lambda _checked=False: run(self.window_))
        action.setObjectName(entry.name)
        menu.addAction(action)
        setattr(self, entry.name, action)
        return action

    def _undo_actions(self) -> None:
        """Edit > Undo and Redo, disabled until they follow the session's stack."""
        self.stack: QUndoStack | None = None
        self.undo, self.redo = QAction(self), QAction(self)
        self.undo.setShortcuts([QKeySequence(S.Undo)])
        self.redo.setShortcuts([QKeySequence(S.Redo)])
        self.menus["edit"].addActions([self.undo, self.redo])
        if self.window_.attached:
            self.follow(self.window_.session.undo_stack)

    def follow(self, stack: QUndoStack) -> None:
        """Edit > Undo and Redo follow ``stack`` (the session's): text and enabled state."""
        self.stack = stack
        self.undo.triggered.connect(stack.undo)
        self.redo.triggered.connect(stack.redo)
        stack.canUndoChanged.connect(self.undo.setEnabled)
        stack.canRedoChanged.connect(self.redo.setEnabled)
        stack.undoTextChanged.connect(self._undo_text)
        stack.redoTextChanged.connect(self._redo_text)
        self._undo_state()

    def _undo_state(self) -> None:
        stack = self.stack
        self._undo_text(stack.undoText() if stack is not None else "")
        self._redo_text(stack.redoText() if stack is not None else "")
        self.undo.setEnabled(stack is not None and stack.canUndo())
        self.redo.setEnabled(stack is not None and stack.canRedo())

    # The stack's signals carry what they say; the command itself is looked at only to
    # name the field a change is about (QUndoStack would write « Annuler Modification »).
    def _undo_text(self, what: str) -> None:
        _ = self.window_.translator.gettext
        self.undo.setText(self._sentence(what, -1, _("&Undo the change to {field}"),
                                         _("&Undo: {what}")) if what else _("&Undo"))

    def _redo_text(self, what: str) -> None:
        _ = self.window_.translator.gettext
        self.redo.setText(self._sentence(what, 0, _("&Redo the change to {field}"),
                                         _("&Redo: {what}")) if what else _("&Redo"))

    def _sentence(self, what: str, offset: int, change: str, other: str) -> str:
        """« Annuler la modification du champ Dépenses › ligne 2 › montant, année 1 » for
        a change to one field; « Annuler : fusionner une autre copie » otherwise."""
        from proposalkit.core.describe import field_name
        from proposalkit.core.edits import SetAmount, SetField
        from proposalkit.gui.session import EditCommand

        session = self.window_.session
        stack = session.undo_stack
        command = stack.command(stack.index() + offset) if stack.count() else None
        if isinstance(command, EditCommand) and command.text() == what:
            edit = command.edit
            location = (edit.location if isinstance(edit, SetField) else
                        (*edit.line, edit.name, edit.year) if isinstance(edit, SetAmount)
                        else None)
            if location is not None:
                return change.format(field=field_name(location, session.translator,
                                                      session.program, session.proposal))
        return other.format(what=what[:1].lower() + what[1:] if session.lang == "fr"
                            else what)

    def action(self, name: str) -> QAction:
        """The action of the entry ``name``."""
        return self.actions_[name]

    def retranslate(self) -> None:
        """Every title and text in the interface language."""
        _ = self.window_.translator.gettext
        for name, title in MENUS:
            self.menus[name].setTitle(_(title))
        for entry in ENTRIES:
            if entry.name == "recent":
                self.recent.setTitle(_(entry.text))
            elif entry.name in self.actions_:
                self.actions_[entry.name].setText(_(entry.text))
        self._undo_state()
        from proposalkit.gui.mnemonics import resolve_menu

        for menu in self.menus.values():
            resolve_menu(menu)

    def update_state(self) -> None:
        """Enable what the open proposal (or its absence) allows."""
        window = self.window_
        is_open = window.is_open
        allowed = {"always": True, "open": is_open,
                   "writable": is_open and not window.session.read_only}
        for entry in ENTRIES:
            if entry.name in self.actions_:
                self.actions_[entry.name].setEnabled(allowed[entry.needs])

    def key_list(self) -> list[tuple[str, list[QKeySequence]]]:
        """Each entry's text and keys, in the menus' order (Help > Keyboard shortcuts)."""
        out = [(self.undo.text(), self.undo.shortcuts()), (self.redo.text(), self.redo.shortcuts())]
        out += [(self.actions_[e.name].text(), self.actions_[e.name].shortcuts())
                for e in ENTRIES if e.name in self.actions_]
        return out

    def fill_recent(self) -> None:
        """List the recent files in File > Open recent (when the menu opens)."""
        window = self.window_
        self.recent.clear()
        recent = window.prefs.recent_files
        for path in recent:
            action = self.recent.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: window.open_path(p))
        if not recent:
            empty = self.recent.addAction(window.translator.gettext("(none)"))
            empty.setEnabled(False)
