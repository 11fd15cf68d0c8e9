"""Starting the desktop application: QApplication, translations (ours and Qt's own
``qtbase`` catalog for standard dialogs), preferences, the session and the main window.

Started without a file, the window paints its start screen first, from the programs'
cards kept in the user's cache (:mod:`proposalkit.core.pack_facts`), with nothing of the
model, pydantic or the packs' rules imported; right after that first paint the packs are
loaded, the session made and given to the window (:meth:`MainWindow.attach`), before
any click is handled. Without the cards (first start, a pack changed) the packs are
loaded before the window shows, as with a file to open.

Dark mode and the system font are left to Qt's platform integration (no style sheet
overrides the palette); HiDPI scaling is Qt 6's default, which passes fractional factors
through so text stays sharp at 125 % and 150 %.

What runs before the first paint is kept to what the start screen shows: Python's cyclic
garbage collector waits until the window is ready (:func:`run`), the files the system
asks to open are handled by :class:`Application` itself rather than by a filter of every
event, and no Qt type whose enums PySide would build is touched that the paint does not
need (see the subprocess test in ``tests/gui/test_start_up.py``).
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from proposalkit.errors import ProposalKitError
from proposalkit.gui import files
from proposalkit.gui.main_window import MainWindow
from proposalkit.gui.qt_gaps import qt_locale
from proposalkit.gui.settings import Preferences
from proposalkit.paths import APP_AUTHOR, APP_NAME, resources_dir

if TYPE_CHECKING:
    from proposalkit.core.program import Catalog
    from proposalkit.gui.session import Session


class Application(QApplication):
    """The application object; it hands the files the system asks it to open to the
    newest window's :class:`FileOpenFilter`.

    Those requests (macOS: a proposal double-clicked in the Finder) are events sent to
    this object, so overriding :meth:`event` sees them and little else, where an event
    filter installed on the application sees every event of every widget: Python called
    some 300 times before the start screen's first paint, PySide building the Python
    class (and its enums: QStyle's) of each object an event was for.
    """

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.file_openers: list[FileOpenFilter] = []

    def open_files_with(self, opener: FileOpenFilter) -> None:
        """``opener`` handles the file requests from now on (its window the newest)."""
        self.file_openers = [o for o in self.file_openers if shiboken6.isValid(o)]
        self.file_openers.append(opener)

    def event(self, event: QEvent) -> bool:  # noqa: D102 - Qt override
        if event.type() == QEvent.Type.FileOpen:
            for opener in reversed(self.file_openers):
                if shiboken6.isValid(opener) and opener.eventFilter(self, event):
                    return True
        return super().event(event)


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once, an :class:`Application`)."""
    app = QApplication.instance()
    if app is None:
        app = Application(argv or [sys.argv[0] if sys.argv else APP_NAME])
        app.setApplicationName(APP_NAME)
        app.setOrganizationName(APP_AUTHOR)
        app.setApplicationDisplayName("proposalkit")
        app.setDesktopFileName(APP_NAME)
    return app  # type: ignore[return-value]


def app_icon() -> QIcon:
    """The application's icon (window title bars, the task bar, the Dock)."""
    return QIcon(str(resources_dir() / "icons" / "proposalkit.png"))


class FileOpenFilter(QObject):
    """Opens the files the system hands to the running application.

    On macOS a proposal double-clicked in the Finder (or dropped on the Dock icon)
    arrives as a ``QFileOpenEvent`` sent to the application, never in ``argv``. It is
    opened the way ``proposalkit FILE`` opens one, unsaved work prompt included, once
    the event has been handled (the prompt is modal).
    """

    def __init__(self, window: MainWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """A file-open request opens the file; other events go on as usual."""
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        name = event.file() or event.url().toLocalFile()
        if not name:
            return False
        # Once the window has its session (a start-up request may come before it).
        QTimer.singleShot(0, self.window, lambda: self.window.when_attached(
            lambda: self.window.open_path(Path(name))))
        return True


class QtTranslations:
    """Qt's own catalogs (buttons of standard dialogs), swapped when the language changes."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.translator: QTranslator | None = None
        #: The few strings Qt's French catalog misses (file dialogs' labels).
        self.gaps: QTranslator | None = None

    def install(self, lang: str, gaps: bool = True) -> bool:
        """Use Qt's catalog for ``lang``; English needs none. True when one is installed.

        ``gaps=False`` leaves out the few strings Qt's French catalog misses (see
        :meth:`install_gaps`)."""
        for installed in (self.translator, self.gaps):
            if installed is not None:
                self.app.removeTranslator(installed)
        self.translator = self.gaps = None
        locale = qt_locale(lang)
        QLocale.setDefault(locale)
        if lang == "en":
            return False
        translator = QTranslator(self.app)
        for folder in _qt_translation_dirs():
            if translator.load(locale, "qtbase", "_", str(folder)):
                self.app.installTranslator(translator)
                self.translator = translator
                if gaps:
                    self.install_gaps()
                return True
        return False

    def install_gaps(self) -> None:
        """Answer the file dialogs' strings Qt's French catalog misses. Each string Qt
        translates then goes through Python (a thousand before the start screen's first
        paint), so the start installs it once the window is painted: only file dialogs
        use its strings."""
        if self.translator is None or self.gaps is not None:
            return
        # Installed last, asked first: it answers only what qtbase misses.
        from proposalkit.gui.qt_gaps import QtGaps

        self.gaps = QtGaps(self.app)
        self.app.installTranslator(self.gaps)


def _qt_translation_dirs() -> list[Path]:
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    try:
        import PySide6

        dirs.append(Path(PySide6.__file__).parent / "Qt" / "translations")
    except (ImportError, TypeError):
        pass
    return [d for d in dirs if d.is_dir()]


@dataclass
class Gui:
    """Everything one running window needs, created by :func:`create`."""

    app: QApplication
    prefs: Preferences
    session: Session
    window: MainWindow
    qt_translations: QtTranslations
    #: Opens the files the system sends to the application (macOS Finder).
    file_opener: FileOpenFilter


def create(lang: str | None = None, catalog: Catalog | None = None,
           prefs: Preferences | None = None) -> Gui:
    """Build the application objects (the window is not shown)."""
    from proposalkit.core.program import default_catalog
    from proposalkit.gui.session import Session

    app = application()
    prefs = prefs or Preferences()
    lang = lang or prefs.language
    qt_translations = QtTranslations(app)
    qt_translations.install(lang)
    session = Session(catalog or default_catalog(), lang)
    window = MainWindow(session, prefs, session.catalog)
    return Gui(app, prefs, session, window, qt_translations,
               _dress(app, window, qt_translations))


def _dress(app: QApplication, window: MainWindow,
           qt_translations: QtTranslations) -> FileOpenFilter:
    """The icon, Qt's catalog following the language, and the system's file requests
    (their filter is returned)."""
    icon = app_icon()
    app.setWindowIcon(icon)
    window.setWindowIcon(icon)
    window.language_changed.connect(qt_translations.install)
    # Owned by the window: it stops handling requests when the window goes.
    file_opener = FileOpenFilter(window, window)
    if isinstance(app, Application):
        app.open_files_with(file_opener)
    else:  # a QApplication made by someone else: filter its events
        app.installEventFilter(file_opener)
    return file_opener


#: How long the start waits for the window's first paint before it makes the session
#: anyway (a window started minimized is painted only when it is shown).
UNPAINTED_MS = 3000
#: Loaded right after the start screen's first paint (see StartUp.finish).
PRELOADED = ("proposalkit.gui.editor", "proposalkit.gui.findings", "proposalkit.gui.binding",
             "proposalkit.gui.overview", "proposalkit.gui.charts")


def _read_locale_data(lang: str) -> None:
    """Read Babel's data for the interface language (dates, amounts) now: the start
    screen's text came from the cache without it, and the first proposal shown needs it."""
    from decimal import Decimal

    from proposalkit.core.dates import long_date
    from proposalkit.core.money import format_money
    from proposalkit.i18n import facts

    long_date(date.today(), facts(lang).locale)
    format_money(Decimal(0), lang)


class StartUp(QObject):
    """The start without a file: the window shown from the programs' cards, its session
    made right after its first paint (see the module's docstring)."""

    def __init__(self, lang: str | None = None, finish: bool = True) -> None:
        """``finish``: make the session after the first paint (False: the benchmark of
        the first paint leaves right after it)."""
        from proposalkit.core import pack_facts

        app = application()
        super().__init__(app)
        self.app, self.prefs = app, Preferences()
        self.lang = lang or self.prefs.language
        self.qt_translations = QtTranslations(app)
        self.qt_translations.install(self.lang, gaps=False)
        programs = pack_facts.cached_cards(self.lang)
        if programs is None:
            # No usable cards (first start, a pack changed): the packs load now, and
            # their cards are kept for the next start.
            from proposalkit.core.program import default_catalog

            catalog = default_catalog()
            pack_facts.remember(catalog)
            programs = pack_facts.program_cards(catalog, self.lang)
        self.window = MainWindow(None, self.prefs, None, self.lang, programs)
        self.file_opener = _dress(app, self.window, self.qt_translations)
        self.gui: Gui | None = None
        self.callbacks: list[Callable[[Gui], object]] = []
        if finish:
            self.window.installEventFilter(self)
            # A window that is not painted (started minimized) gets its session anyway.
            QTimer.singleShot(UNPAINTED_MS, self, self.finish)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's
        """The first paint of the window: finish the start once it is on screen."""
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.finish)
        return False

    def when_ready(self, callback: Callable[[Gui], object]) -> None:
        """Run ``callback`` with the whole application once the session is made."""
        if self.gui is not None:
            callback(self.gui)
        else:
            self.callbacks.append(callback)

    def finish(self) -> None:
        """Load the packs, make the session and give it to the window (once)."""
        if self.gui is not None:
            return
        from proposalkit.core.program import default_catalog
        from proposalkit.gui.session import Session

        try:
            self.qt_translations.install_gaps()
            catalog = default_catalog()
            session = Session(catalog, self.lang)
            self.window.attach(session, catalog)
            # What the first proposal opened shows (the steps, the findings, the forms),
            # loaded now rather than on the first click.
            for name in PRELOADED:
                importlib.import_module(name)
            _read_locale_data(self.lang)
            # The models' schemas, else built by the first « New proposal » click.
            from proposalkit.core.model import build_schemas

            build_schemas()
        finally:
            gc.enable()  # paused for the start (see run)
        self.gui = Gui(self.app, self.prefs, session, self.window, self.qt_translations,
                       self.file_opener)
        for callback in self.callbacks:
            callback(self.gui)


def offer_recovery(gui: Gui) -> str:
    """After a crash, offer the newest unsaved work: recover it, discard it (deleted
    through the storage layer) or leave it for later (it stays on the start screen).
    Returns the answer (``recover``, ``discard``, ``later``; ``""`` when nothing was
    found)."""
    from proposalkit.gui import dialogs

    found = files.recoveries()
    if not found:
        return ""
    newest = found[0]
    label = files.recovery_label(newest, gui.session.translator.locale)
    answer = dialogs.ask_recovery(gui.window, gui.session.translator, label)
    if answer == "recover":
        gui.window.recover(newest)
    elif answer == "discard":
        try:
            files.discard_found_recovery(newest)
        except ProposalKitError as exc:
            dialogs.inform(gui.window, "proposalkit", exc.message(gui.session.translator),
                           warning=True)
        gui.window.refresh_start()
    return answer


class QuitAfterPaint(QObject):
    """Quits the application once its window has been painted the first time (on X11 a
    window shown is painted only when the server has mapped it: quitting on the next
    loop iteration left before any paint)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)  # once this paint is flushed
        return False


def run(path: Path | None = None, lang: str | None = None, quit_after_show: bool = False,
        quit_when: str = "") -> int:
    """Start the application (opening ``path`` if given) and run until it quits.

    ``quit_after_show``: with a file, the smoke test's check of every step's page; else
    as ``quit_when="painted"``. ``quit_when`` (the start-up benchmark): ``"painted"``
    leaves after the window's first paint, ``"ready"`` once the window has its session
    and its start-up work is done (what a first click waits for).

    Python's cyclic garbage collector is paused until the window is ready (the session
    made, or the file opened): the start makes objects by the hundred thousand (PySide's
    enums, the packs' models) and none of them is garbage, yet each full collection
    walks them all, a tenth of the start's CPU. It runs again once the window is
    ready."""
    gc.disable()
    if quit_after_show and path is not None:
        # The smoke test's check of a built bundle: every step's page, then leave.
        from proposalkit.gui.selfcheck import show_every_step

        gc.enable()
        gui = create(lang)
        gui.window.show()
        return show_every_step(gui.app, gui.window, Path(path))
    quit_when = quit_when or ("painted" if quit_after_show else "")
    if path is not None:
        gui = create(lang)
        window, app = gui.window, gui.app
        window.show()
        window.open_path(Path(path))
        QTimer.singleShot(0, gc.enable)  # the file opened: ready
    else:
        start = StartUp(lang, finish=quit_when != "painted")
        window, app = start.window, start.app
        window.show()
        if quit_when == "ready":
            start.when_ready(lambda _gui: QTimer.singleShot(0, QApplication.quit))
        elif not quit_when:
            start.when_ready(lambda gui: QTimer.singleShot(0, lambda: offer_recovery(gui)))
    if quit_when == "painted" or (quit_when == "ready" and path is not None):
        # Paint once, then leave: the startup benchmark measures exactly this.
        window.installEventFilter(QuitAfterPaint(window))
    return app.exec()


SCREENS = ("start", "overview", "applicant", "territory", "governance", "section:context",
           "expenses", "revenues", "attachments", "review")


def screenshots(folder: Path, lang: str | None = None, screens: Sequence[str] = SCREENS,
                size: tuple[int, int] = (1360, 860), today: date | None = None,
                prefix: str = "", suffix: str = "") -> list[Path]:
    """Render each main screen of the example to PNG files in ``folder``
    (``{prefix}{screen}{suffix}.png``; ``start`` is the start screen, the others the
    example's steps); ``today`` is the date the deadline is counted from."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    gui = create(lang)
    gui.session.today = today
    window = gui.window
    window.resize(*size)
    window.show()
    written: list[Path] = []

    def grab(name: str) -> None:
        # A page's layout settles over a few passes (word wrap, then scroll bars).
        for _ in range(3):
            gui.app.processEvents()
        target = folder / f"{prefix}{name.replace(':', '-')}{suffix}.png"
        window.grab().save(str(target))
        written.append(target)

    if "start" in screens:
        grab("start")
    window.open_example()
    for step in screens:
        if step != "start":
            window.go_to(step)
            grab(step)
    window.session.undo_stack.setClean()
    window.close()
    # Written now, while the caller's scratch folder exists: QSettings would otherwise
    # write it back at exit, after the folder was removed (issue 18).
    gui.prefs.sync()
    return written
