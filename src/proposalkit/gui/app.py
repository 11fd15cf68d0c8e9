"""Starting the desktop application: QApplication, translations (ours and Qt's own
``qtbase`` catalog for standard dialogs), preferences, the session and the main window.

Dark mode and the system font are left to Qt's platform integration (no style sheet
overrides the palette); HiDPI scaling is Qt 6's default, with fractional factors passed
through so text stays sharp at 125 % and 150 %.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from proposalkit.core.program import Catalog, default_catalog
from proposalkit.errors import ProposalKitError
from proposalkit.gui import dialogs, files
from proposalkit.gui.main_window import MainWindow
from proposalkit.gui.session import Session
from proposalkit.gui.settings import Preferences
from proposalkit.paths import APP_AUTHOR, APP_NAME


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


class QtTranslations:
    """Qt's own catalogs (buttons of standard dialogs), swapped when the language changes."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.translator: QTranslator | None = None

    def install(self, lang: str) -> bool:
        """Use Qt's catalog for ``lang``; English needs none. True when one is installed."""
        if self.translator is not None:
            self.app.removeTranslator(self.translator)
            self.translator = None
        locale = QLocale(QLocale.Language.French if lang == "fr" else QLocale.Language.English,
                         QLocale.Country.Canada)
        QLocale.setDefault(locale)
        if lang == "en":
            return False
        translator = QTranslator(self.app)
        for folder in _qt_translation_dirs():
            if translator.load(locale, "qtbase", "_", str(folder)):
                self.app.installTranslator(translator)
                self.translator = translator
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
    window.language_changed.connect(qt_translations.install)
    return Gui(app, prefs, session, window, qt_translations)


def offer_recovery(gui: Gui) -> str:
    """After a crash, offer the newest unsaved work: recover it, discard it (deleted
    through the storage layer) or leave it for later (it stays on the start screen).
    Returns the answer (``recover``, ``discard``, ``later``; ``""`` when nothing was
    found)."""
    found = files.recoveries()
    if not found:
        return ""
    newest = found[0]
    answer = dialogs.ask_recovery(gui.window, gui.session.tr, files.recovery_label(newest))
    if answer == "recover":
        gui.window.recover(newest)
    elif answer == "discard":
        try:
            files.discard_found_recovery(newest)
        except ProposalKitError as exc:
            dialogs.inform(gui.window, "proposalkit", exc.message(gui.session.tr),
                           warning=True)
        gui.window.refresh_start()
    return answer


def run(path: Path | None = None, lang: str | None = None, quit_after_show: bool = False) -> int:
    """Start the application (opening ``path`` if given) and run until it quits."""
    gui = create(lang)
    gui.window.show()
    if quit_after_show:
        # Paint once, then leave: the startup benchmark measures exactly this.
        gui.window.repaint()
        QTimer.singleShot(0, gui.app.quit)
        return gui.app.exec()
    if path is not None:
        gui.window.open_path(Path(path))
    else:
        QTimer.singleShot(0, lambda: offer_recovery(gui))
    return gui.app.exec()


SCREENS = ("start", "applicant", "territory", "section:context", "expenses", "revenues",
           "attachments", "review")


def screenshots(folder: Path, lang: str | None = None) -> list[Path]:
    """Render each main screen of the example to PNG files in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    gui = create(lang)
    window = gui.window
    window.resize(1360, 860)
    window.show()
    written: list[Path] = []

    def grab(name: str) -> None:
        gui.app.processEvents()
        target = folder / f"{name.replace(':', '-')}.png"
        window.grab().save(str(target))
        written.append(target)

    grab("start")
    window.open_example()
    for step in SCREENS[1:]:
        window.go_to(step)
        grab(step)
    window.session.undo_stack.setClean()
    window.close()
    return written
