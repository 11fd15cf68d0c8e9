"""Preferences and window state, kept in an INI file through QSettings.

The file lives in ``$PROPOSALKIT_CONFIG_DIR`` when that is set (the tests set it for
every test), else in the platform's user configuration folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

from proposalkit.i18n import LANGS, system_language
from proposalkit.paths import APP_AUTHOR, APP_NAME

MAX_RECENT = 8
DEFAULT_AUTOSAVE_MINUTES = 1


def config_dir() -> Path:
    """Folder of the settings file."""
    override = os.environ.get("PROPOSALKIT_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


class Preferences:
    """Typed access to the user's settings; one instance is passed to who needs it."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or config_dir() / f"{APP_NAME}.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    # -- language ---------------------------------------------------------------------
    @property
    def language(self) -> str:
        """Interface language: the saved choice, else French for fr_* systems."""
        value = self.qsettings.value("ui/language", "")
        return value if value in LANGS else system_language()

    @language.setter
    def language(self, value: str) -> None:
        self.qsettings.setValue("ui/language", value)

    # -- autosave ---------------------------------------------------------------------
    @property
    def autosave_minutes(self) -> int:
        """Minutes between autosaves while there is unsaved work (0 turns it off)."""
        raw = self.qsettings.value("files/autosave_minutes", DEFAULT_AUTOSAVE_MINUTES)
        # The INI file is text anyone may edit: a number is bounded before int() sees it.
        if len(str(raw)) > 6:
            return DEFAULT_AUTOSAVE_MINUTES
        try:
            value = int(raw)  # type: ignore[call-overload]  # a bad value is caught here
        except (TypeError, ValueError):
            return DEFAULT_AUTOSAVE_MINUTES
        return max(0, min(value, 60))

    @autosave_minutes.setter
    def autosave_minutes(self, value: int) -> None:
        self.qsettings.setValue("files/autosave_minutes", int(value))

    # -- start screen -----------------------------------------------------------------
    @property
    def last_program(self) -> str:
        """The program last chosen on the start screen ("" before the first choice)."""
        value = self.qsettings.value("start/program", "")
        return value if isinstance(value, str) else ""

    @last_program.setter
    def last_program(self, program_id: str) -> None:
        self.qsettings.setValue("start/program", program_id)

    # -- recent files -----------------------------------------------------------------
    @property
    def recent_files(self) -> list[Path]:
        """Recently opened files, most recent first, existing ones only."""
        value = self.qsettings.value("files/recent", [])
        if isinstance(value, str):
            value = [value] if value else []
        if not isinstance(value, list | tuple):
            return []
        return [Path(v) for v in value if isinstance(v, str) and Path(v).exists()]

    def add_recent(self, path: Path) -> None:
        """Put ``path`` first in the recent files."""
        path = Path(path).resolve()
        items = [str(path)] + [str(p) for p in self.recent_files if p.resolve() != path]
        self.qsettings.setValue("files/recent", items[:MAX_RECENT])

    def dialog_folder(self, proposal: Path | None = None) -> Path:
        """Where a file dialog starts: the open proposal's folder, else the folder of
        the proposal opened last, else the home folder."""
        if proposal is not None:
            return proposal.parent
        recent = self.recent_files
        return recent[0].parent if recent else Path.home()

    def clear_recent(self) -> None:
        """Forget the recent files."""
        self.qsettings.setValue("files/recent", [])

    # -- window state -----------------------------------------------------------------
    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        """Saved geometry and dock/toolbar state of the main window, if any."""
        return (self.qsettings.value("window/geometry"), self.qsettings.value("window/state"))

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        """Remember the main window's geometry and state."""
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)

    def window_geometry(self, screen: str) -> QByteArray | None:
        """The main window's geometry saved on ``screen`` (see gui/screen_fit.py)."""
        value = self.qsettings.value(f"window/geometry/{screen}")
        return value if isinstance(value, QByteArray) else None

    def save_window_geometry(self, screen: str, geometry: QByteArray) -> None:
        """Remember the main window's geometry on ``screen``."""
        self.qsettings.setValue(f"window/geometry/{screen}", geometry)

    def sync(self) -> None:
        """Write the settings to disk now."""
        self.qsettings.sync()
