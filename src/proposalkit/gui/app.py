"""Starting the desktop application: QApplication, translations (ours and Qt's own
``qtbase`` catalog for standard dialogs), preferences, the session and the main window.

Dark mode and the system font are left to Qt's platform integration (no style sheet
overrides the palette); HiDPI scaling is Qt 6's default, with fractional factors passed
through so text stays sharp at 125 % and 150 %.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QFileOpenEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from proposalkit.core.program import Catalog, default_catalog
from proposalkit.errors import ProposalKitError
from proposalkit.gui import dialogs, files
from proposalkit.gui.binding import qt_locale
from proposalkit.gui.main_window import MainWindow
from proposalkit.gui.session import Session
from proposalkit.gui.settings import Preferences
from proposalkit.paths import APP_AUTHOR, APP_NAME, resources_dir


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once)."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv or [sys.argv[0] if sys.argv else APP_NAME])
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
        QTimer.singleShot(0, self.window, lambda: self.window.open_path(Path(name)))
        return True


class QtTranslations:
    """Qt's own catalogs (buttons of standard dialogs), swapped when the language changes."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.translator: QTranslator | None = None
        #: The few strings Qt's French catalog misses (file dialogs' labels).
        self.gaps: QTranslator | None = None

    def install(self, lang: str) -> bool:
        """Use Qt's catalog for ``lang``; English needs none. True when one is installed."""
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
                # Installed last, asked first: it answers only what qtbase misses.
                from proposalkit.gui.qt_gaps import QtGaps

                self.gaps = QtGaps(self.app)
                self.app.installTranslator(self.gaps)
                return True
        return False


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
    app = application()
    prefs = prefs or Preferences()
    lang = lang or prefs.language
    qt_translations = QtTranslations(app)
    qt_translations.install(lang)
    session = Session(catalog or default_catalog(), lang)
    window = MainWindow(session, prefs, session.catalog)
    icon = app_icon()
    app.setWindowIcon(icon)
    window.setWindowIcon(icon)
    window.language_changed.connect(qt_translations.install)
    # Owned by the window: it stops filtering when the window goes.
    file_opener = FileOpenFilter(window, window)
    app.installEventFilter(file_opener)
    return Gui(app, prefs, session, window, qt_translations, file_opener)


def offer_recovery(gui: Gui) -> str:
    """After a crash, offer the newest unsaved work: recover it, discard it (deleted
    through the storage layer) or leave it for later (it stays on the start screen).
    Returns the answer (``recover``, ``discard``, ``later``; ``""`` when nothing was
    found)."""
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


def run(path: Path | None = None, lang: str | None = None, quit_after_show: bool = False) -> int:
    """Start the application (opening ``path`` if given) and run until it quits."""
    gui = create(lang)
    if quit_after_show and path is not None:
        # The smoke test's check of a built bundle: every step's page, then leave.
        from proposalkit.gui.selfcheck import show_every_step

        gui.window.show()
        return show_every_step(gui.app, gui.window, Path(path))
    if quit_after_show:
        # Paint once, then leave: the startup benchmark measures exactly this.
        watcher = QuitAfterPaint(gui.window)
        gui.window.installEventFilter(watcher)
        gui.window.show()
        return gui.app.exec()
    gui.window.show()
    if path is not None:
        gui.window.open_path(Path(path))
    else:
        QTimer.singleShot(0, lambda: offer_recovery(gui))
    return gui.app.exec()


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
