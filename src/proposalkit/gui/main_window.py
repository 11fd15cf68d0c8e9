"""The main window: the start screen or the editor (steps on the left, the step's page,
Next and Previous), the findings panel, menus, the status bar and the file commands.

When the application starts without a file, the window is shown before its session
exists: it paints the start screen from the programs' cards
(:mod:`proposalkit.core.pack_facts`) with nothing of the model imported, and
:meth:`MainWindow.attach` gives it the session and the loaded packs right after that
first paint (see :func:`proposalkit.gui.app.run`). The editor's modules are imported
when a proposal is first opened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from proposalkit.errors import ProposalKitError
from proposalkit.gui import files, screen_fit
from proposalkit.gui.menus import MainMenu
from proposalkit.gui.mnemonics import resolve_window
from proposalkit.gui.page_stack import LazyPages, LazyPageWidgets
from proposalkit.gui.settings import Preferences
from proposalkit.gui.start_screen import StartScreen
from proposalkit.i18n import translator as translator_for

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidget, QPushButton

    from proposalkit.core.pack_facts import ProgramCard
    from proposalkit.core.program import Catalog
    from proposalkit.gui.editor import Editor
    from proposalkit.gui.findings import FindingsPanel
    from proposalkit.gui.output import Output
    from proposalkit.gui.page_stack import PageStack
    from proposalkit.gui.pages import Page
    from proposalkit.gui.session import Session
    from proposalkit.i18n import Translator


_log = logging.getLogger(__name__)


def _dialogs():  # noqa: ANN202 - the dialogs module
    # Qt's message box classes are made on first use: not before the first paint.
    from proposalkit.gui import dialogs

    return dialogs


def _one_line(exc: BaseException) -> str:
    """An unexpected exception named on one short line (its type says most)."""
    text = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


class MainWindow(QMainWindow):
    """The application window; it owns no proposal state (the session does)."""

    #: The interface language changed; the argument is the new language.
    language_changed = Signal(str)
    #: Created with the first counts to show (see update_status).
    counts_label: QLabel
    #: Exports and printing (made by :meth:`attach`).
    output: Output
    #: The findings panel, while a proposal is open.
    findings: FindingsPanel

    def __init__(self, session: Session | None, prefs: Preferences, catalog: Catalog | None,
                 lang: str = "", programs: list[ProgramCard] | None = None) -> None:
        """A window with ``session`` and ``catalog`` is whole at once. Without them (the
        application starting), it shows the start screen in ``lang`` from ``programs``
        and waits for :meth:`attach`."""
        super().__init__()
        self.prefs = prefs
        self._session: Session | None = None
        self._catalog: Catalog | None = None
        self._lang = session.lang if session is not None else lang
        self._programs = programs or []
        #: What waits for the session (a file the system asked to open meanwhile).
        self._when_attached: list[Callable[[], object]] = []
        self.editor: Editor | None = None
        self.pages = LazyPages()
        self.page_widgets = LazyPageWidgets(self.pages)
        screen_fit.place(self, prefs)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(self.autosave)
        self.apply_autosave_interval()
        self.menus = MainMenu(self)
        self.setMenuBar(self.menus)
        if session is not None and catalog is not None:
            self.attach(session, catalog)
        else:
            self.rebuild()
        _geometry, state = prefs.window_state()
        if state is not None:
            self.restoreState(state)

    def attach(self, session: Session, catalog: Catalog) -> None:
        """Give the window its session and the loaded packs (at once, or right after the
        start screen's first paint): menus, exports and the proposal's views follow it."""
        from proposalkit.gui.output import Output

        shown = hasattr(self, "start")
        self._session, self._catalog, self._lang = session, catalog, session.lang
        self.output = Output(self, session)
        self.menus.follow(session.undo_stack)
        session.reset.connect(self.rebuild)
        session.path_changed.connect(self.update_title)
        session.path_changed.connect(self.apply_read_only)
        session.modified_changed.connect(lambda _m: self.update_title())
        session.findings_changed.connect(self.update_status)
        session.findings_changed.connect(self.update_steps)
        session.refused.connect(self.show_refusal)
        if shown and not session.is_open:
            # The start screen shown stays (the same programs): its lists are filled.
            self.menus.update_state()
            self._fill_start()
        else:
            self.rebuild()
        waiting, self._when_attached = self._when_attached, []
        for callback in waiting:
            callback()

    def when_attached(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the window has its session (now if it has)."""
        if self._session is not None:
            callback()
        else:
            self._when_attached.append(callback)

    @property
    def attached(self) -> bool:
        """Whether the window has its session (see :meth:`attach`)."""
        return self._session is not None

    @property
    def session(self) -> Session:
        """The session (a window shown before it has one has no proposal open)."""
        if self._session is None:
            raise RuntimeError("the window has no session yet (see MainWindow.attach)")
        return self._session

    @property
    def catalog(self) -> Catalog:
        """The loaded program packs (shared with the session)."""
        if self._catalog is None:
            raise RuntimeError("the window has no packs yet (see MainWindow.attach)")
        return self._catalog

    @property
    def is_open(self) -> bool:
        """Whether a proposal is open."""
        return self._session is not None and self._session.is_open

    @property
    def translator(self) -> Translator:
        """The interface language's translator."""
        return translator_for(self._session.lang if self._session is not None else self._lang)

    # The editor's parts, as tests and the review page know them.
    @property
    def steps(self) -> QListWidget:
        """The list of steps."""
        assert self.editor is not None
        return self.editor.steps

    @property
    def stack(self) -> PageStack:
        """The pages of the steps."""
        assert self.editor is not None
        return self.editor.stack

    @property
    def read_only_banner(self) -> QLabel:
        """The banner that says why nothing can be changed."""
        assert self.editor is not None
        return self.editor.read_only_banner

    @property
    def next_button(self) -> QPushButton:
        """Next step."""
        assert self.editor is not None
        return self.editor.next_button

    @property
    def prev_button(self) -> QPushButton:
        """Previous step."""
        assert self.editor is not None
        return self.editor.prev_button

    # -- building ---------------------------------------------------------------------
    def rebuild(self) -> None:
        """(Re)build menus and the central area for the current proposal and language."""
        current = self.current_step() if self.pages else None
        # Taken, not deleted at once: the rebuild may run inside one of its buttons' clicks.
        old = self.takeCentralWidget()
        for dock in self.findChildren(QDockWidget):
            self.removeDockWidget(dock)
            dock.deleteLater()
        self.editor = None
        self.pages = LazyPages()
        self.page_widgets = LazyPageWidgets(self.pages)
        self.menus.update_state()
        if self.is_open:
            from PySide6.QtCore import Qt

            from proposalkit.gui.editor import Editor, make_page
            from proposalkit.gui.findings import FindingsPanel

            self.editor = Editor(self.session, lambda step: make_page(self.session, step, self))
            self.pages, self.page_widgets = self.editor.pages, self.editor.page_widgets
            self.setCentralWidget(self.editor)
            dock = QDockWidget(self.translator.gettext("Findings"), self)
            dock.setObjectName("findings")
            self.findings = FindingsPanel(self.session)
            self.findings.jump.connect(self.jump_to)
            dock.setWidget(self.findings)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.findings_dock = dock
            self.editor.step_shown.connect(self._order_tabs)
            self.go_to(current if current is not None and current in self.pages
                       else next(iter(self.pages)))
        else:
            # Recent files and recoveries are looked for on disk after the first paint.
            programs = self._programs
            if self._catalog is not None:
                from proposalkit.core.pack_facts import program_cards

                programs = program_cards(self._catalog, self.translator.lang)
            self.start = StartScreen(programs, self.translator, [], [],
                                     program_id=self.prefs.last_program)
            if self.isVisible():
                self._fill_start()
            elif self.attached:
                QTimer.singleShot(0, self._fill_start)
            # else: attach() fills them, after the first paint
            self.start.new_requested.connect(self.new_proposal)
            self.start.open_requested.connect(self.open_dialog)
            self.start.open_path_requested.connect(self.open_path)
            self.start.example_requested.connect(self.open_example)
            self.start.recovery_requested.connect(self.recover)
            self.start.install_requested.connect(self.install_program)
            self.start.program_chosen.connect(self._remember_program)
            self.setCentralWidget(self.start)
        if old is not None:
            old.deleteLater()
        central = self.centralWidget()
        if central is not None:
            central.show()
        if self.is_open:
            self._order_tabs("")  # the first page was shown before go_to could say so
        else:
            resolve_window(self)
        self.update_title()
        self.update_status()

    def _remember_program(self, program_id: str) -> None:
        """The start screen offers this program first next time."""
        self.prefs.last_program = program_id

    def refresh_start(self) -> None:
        """Look again for recent files and recoveries (after one was discarded)."""
        self._fill_start()

    def _fill_start(self) -> None:
        """Recent files and recoveries on the start screen (after the first paint)."""
        start = getattr(self, "start", None)
        if start is None or self.is_open:
            return
        start.set_recent(self.prefs.recent_files)
        start.set_recoveries(files.recoveries())

    # -- steps ------------------------------------------------------------------------
    def step_titles(self) -> dict[str, str]:
        """Each step's title in the interface language."""
        from proposalkit.gui.editor import step_titles

        return step_titles(self.session)

    def current_step(self) -> str | None:
        """The step shown."""
        return self.editor.current_step() if self.editor is not None else None

    def go_to(self, step: str) -> Page:
        """Show ``step``'s page."""
        assert self.editor is not None
        return self.editor.go_to(step)

    def step_by(self, delta: int) -> None:
        """Go to the next (+1) or previous (-1) step."""
        if self.editor is not None:
            self.editor.step_by(delta)

    def update_steps(self) -> None:
        """Paint each step's live status."""
        if self.editor is not None and self.is_open:
            self.editor.update_steps()

    def jump_to(self, location) -> None:  # noqa: ANN001 - Location
        """Show the page of ``location`` and focus its input."""
        from proposalkit.core.steps import step_for

        step = step_for(location)
        if step not in self.pages:
            step = "review"
        page = self.go_to(step)
        page.focus(location)

    def _order_tabs(self, _step: str) -> None:
        if self.editor is not None:
            self.editor.tab_order([self.findings.view, self.findings.errors_only])
            # The page just shown may share an Alt+letter with the window's buttons.
            resolve_window(self, [self.next_button, self.prev_button])

    def show_findings(self) -> None:
        """Show the to-do list of findings, its first item selected (from the export
        confirmation, or Help)."""
        if self.editor is None:
            return
        self.findings_dock.show()
        self.findings_dock.raise_()
        view = self.findings.view
        first = self.findings.model.index(0, 0)
        if first.isValid():
            view.setCurrentIndex(self.findings.model.index(0, 0, first))
        view.setFocus()

    def apply_read_only(self) -> None:
        """Inputs, Save and the banner follow the session's read-only state."""
        self.menus.update_state()
        if not self.is_open or self.editor is None:
            return
        session = self.session
        on = session.read_only
        self.editor.show_read_only(self.translator.gettext(
            "Read-only: {reason} Use “Save as…” to keep a copy you can edit.").format(
            reason=session.read_only_reason) if on else "")

    # -- title and status -------------------------------------------------------------
    def update_title(self) -> None:
        """"name[*] — proposalkit", with the modified mark."""
        if not self.is_open:
            self.setWindowTitle("proposalkit")
            self.setWindowModified(False)
            return
        session, _ = self.session, self.translator.gettext
        name = session.path.name if session.path else _("Untitled proposal")
        suffix = " " + _("(read-only)") if session.read_only else ""
        self.setWindowTitle(f"{name}[*]{suffix} — proposalkit")
        self.setWindowModified(session.modified)

    def update_status(self) -> None:
        """Counts of findings in the status bar."""
        if not self.is_open:
            self.statusBar().clearMessage()
            if hasattr(self, "counts_label"):
                self.counts_label.setText("")
            return
        from proposalkit.core.steps import tally_text

        text = tally_text(self.session.counts(), self.translator)
        if not hasattr(self, "counts_label"):
            self.counts_label = QLabel()
            self.statusBar().addPermanentWidget(self.counts_label)
        self.counts_label.setText(text)

    # -- files ------------------------------------------------------------------------
    def _name(self) -> str:
        path = self.session.path
        return path.name if path else self.translator.gettext("Untitled proposal")

    def maybe_save(self) -> bool:
        """Ask about unsaved work; False when the user cancels."""
        if not self.attached or not self.session.modified:
            return True
        answer = _dialogs().ask_unsaved(self, self.translator, self._name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def _error(self, exc: ProposalKitError) -> None:
        _dialogs().inform(self, "proposalkit", exc.message(self.translator), warning=True)

    def new_proposal(self, program_id: str) -> None:
        """Start a blank proposal for the program."""
        program = self.catalog.get(program_id)
        if program is not None and self.maybe_save():
            self.session.new(program)

    def close_to_start(self) -> None:
        """Close the proposal and show the start screen (File > New)."""
        self.close_proposal()

    def open_dialog(self) -> None:
        """Ask for a proposal file and open it."""
        from PySide6.QtWidgets import QFileDialog  # its class is made when first used

        name, _filter = QFileDialog.getOpenFileName(
            self, self.translator.gettext("Open a proposal"), str(self.prefs.dialog_folder(
                self.session.path)),
            self.translator.gettext("Proposals (*.pkp *.json);;All files (*)"))
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        """Open the proposal at ``path`` (read-only when it is open elsewhere)."""
        if not self.maybe_save():
            return False
        try:
            message = self.session.open(Path(path))
        except ProposalKitError as exc:
            self._error(exc)
            return False
        self.prefs.add_recent(Path(path))
        if message:
            _dialogs().inform(self, self.translator.gettext("Read-only"), message)
        self.tell_pack_version()
        notices = self.session.document.notices if self.session.document else []
        if notices:  # e.g. an attachment's name corrected to what its content is
            _dialogs().inform(self, self.translator.gettext("Attachments"),
                           "\n".join(n.message(self.translator) for n in notices))
        from proposalkit.gui.merging import offer_conflicted_copies

        offer_conflicted_copies(self, self.session, Path(path))
        return True

    def tell_pack_version(self) -> None:
        """Say so when the proposal was written for another version of its program pack
        (the proposal is not changed)."""
        from proposalkit.core.program import version_notice

        document, program = self.session.document, self.session.program
        if document is None or program is None:
            return
        notice = version_notice(program, document.program_version, self.translator)
        if notice:
            _dialogs().inform(self, self.translator.gettext("Program pack version"), notice)

    def install_program(self, path: Path | None = None) -> None:
        """File ▸ Install a program… (or a pack dropped on the start screen)."""
        from proposalkit.gui.install import install_program, install_program_dialog

        if path is None:
            install_program_dialog(self)
        else:
            install_program(self, Path(path))

    def open_example(self, program_id: str = "") -> None:
        """Open a bundled example as a new, unsaved proposal: the one of ``program_id``
        when that program has one, else the regional hub's."""
        from proposalkit.core.example import EXAMPLE_PROGRAM, example_for

        if self.maybe_save():
            found = (example_for(program_id) if program_id else None) or example_for(
                EXAMPLE_PROGRAM)
            assert found is not None
            self.session.load(files.new_document(*found))

    def recover(self, recovery) -> None:  # noqa: ANN001 - storage's recovery entry
        """Open recovered work as unsaved changes."""
        if not self.maybe_save():
            return
        try:
            opened = files.restore(recovery)
        except ProposalKitError as exc:
            self._error(exc)
            return
        self.session.load_opened(opened, modified=True)
        if self.session.read_only_reason:
            _dialogs().inform(self, self.translator.gettext("Read-only"),
                           self.session.read_only_reason)

    def save(self) -> bool:
        """Save to the current file (asks for one the first time)."""
        if not self.is_open:
            return False
        if self.session.path is None or self.session.read_only:
            return self.save_as()
        return self._save_to(self.session.path)

    def save_as(self) -> bool:
        """Save under a new name."""
        if not self.is_open:
            return False
        suggested = self.session.path or self.prefs.dialog_folder() / (
            self.translator.gettext("proposal") + files.FILE_SUFFIX)
        from PySide6.QtWidgets import QFileDialog

        name, _filter = QFileDialog.getSaveFileName(
            self, self.translator.gettext("Save the proposal"), str(suggested),
            self.translator.gettext("Proposals (*.pkp)"))
        if not name:
            return False
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(files.FILE_SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path, force: bool = False) -> bool:
        try:
            self.session.save(path, force=force)
        except ProposalKitError as exc:
            if getattr(exc, "code", "") == "changed_on_disk" and not force:
                return self._resolve_conflict(path)
            self._error(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - any failure of a save is the user's to know
            _log.exception("saving %s failed", path)
            _dialogs().inform(self, "proposalkit", self.translator.gettext(
                "{path} could not be saved: unexpected error ({error}). The file on disk "
                "was not changed.").format(path=path, error=_one_line(exc)), warning=True)
            return False
        self.prefs.add_recent(path)
        self.statusBar().showMessage(
            self.translator.gettext("Saved {path}.").format(path=path), 5000)
        return True

    def _resolve_conflict(self, path: Path) -> bool:
        """The file changed on disk since it was opened: overwrite, save as, or cancel."""
        answer = _dialogs().ask_changed_on_disk(self, self.translator, path.name)
        if answer == "overwrite":
            return self._save_to(path, force=True)
        if answer == "save_as":
            return self.save_as()
        return False

    def close_proposal(self) -> bool:
        """Close the proposal, asking about unsaved work."""
        if not self.is_open:
            return True
        if not self.maybe_save():
            return False
        self.session.close()
        return True

    def autosave(self) -> None:
        """Write unsaved work to the recovery folder."""
        if not self.attached:
            return
        try:
            self.session.autosave()
        except ProposalKitError as exc:
            self.statusBar().showMessage(exc.message(self.translator), 10000)
        except Exception as exc:  # noqa: BLE001 - never a silent failure (timer slot)
            _log.exception("autosave failed")
            # Shown until the next message: it is not a passing event, work is unprotected.
            self.statusBar().showMessage(self.translator.gettext(
                "Autosave failed: unexpected error ({error}). Save your work with "
                "File > Save.").format(error=_one_line(exc)))

    def show_refusal(self, text: str) -> None:
        """Say why an edit was not made (the model refused the value)."""
        self.statusBar().showMessage(text, 10000)

    def apply_autosave_interval(self) -> None:
        """Start the autosave timer with the preferences' interval."""
        minutes = self.prefs.autosave_minutes
        if minutes:
            self.autosave_timer.start(minutes * 60_000)
        else:
            self.autosave_timer.stop()

    # -- preferences, about, closing --------------------------------------------------
    def preferences(self) -> None:
        """Show the preferences; a new language applies at once, without losing work."""
        dialog = _dialogs().PreferencesDialog(self.prefs, self.translator, self)
        if not dialog.exec():
            return
        lang, minutes = dialog.chosen()
        self.prefs.autosave_minutes = minutes
        self.apply_autosave_interval()
        if lang != self.session.lang:
            self.set_language(lang)

    def set_language(self, lang: str) -> None:
        """Switch the interface language live."""
        self.prefs.language = lang
        self.session.set_language(lang)
        self.language_changed.emit(lang)
        self.menus.retranslate()
        self.rebuild()

    def show_guide(self) -> None:
        """The user guide, at the chapter of the step shown (F1)."""
        from proposalkit.gui.help import GuideDialog, focused_chapter

        focus = self.focusWidget()
        guide = getattr(self, "guide", None)
        if guide is None or guide.property("lang") != self.session.lang:
            guide = self.guide = GuideDialog(self.translator, self)
            guide.setProperty("lang", self.session.lang)
        guide.show()
        guide.raise_()
        # The focus, taken before the guide shows, may name its own section.
        guide.show_chapter(focused_chapter(self.current_step(), focus))

    def show_shortcuts(self) -> None:
        """Every keyboard shortcut."""
        from proposalkit.gui.help import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.menus.key_list(), self.translator, self)
        self.shortcuts_dialog.show()

    def about(self) -> None:
        """A short note about the application."""
        from proposalkit import __version__

        _ = self.translator.gettext
        _dialogs().inform(self, _("About proposalkit"), _(
            "proposalkit {version}: prepare a funding proposal for a Québec call for "
            "proposals.").format(version=__version__))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Ask about unsaved work, then remember the window's state."""
        if not self.maybe_save():
            event.ignore()
            return
        self.prefs.save_window_state(self.saveGeometry(), self.saveState())
        screen_fit.remember(self, self.prefs)
        self.autosave_timer.stop()
        if self.attached:
            self.session.shutdown()
        event.accept()
