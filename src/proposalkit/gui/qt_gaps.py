"""Qt's locale for an interface language, and Qt's own strings that its French catalog
(``qtbase_fr.qm``) leaves in English.

Qt 6's French catalog translates « Look in: » but not the « &Look in: » its file dialog
shows, nor « Files of &type: » or the « Folder » type of a directory. :class:`QtGaps`
answers those few, after Qt's catalog has had its say (it is installed last, so Qt
asks it first, and it answers only what it knows). The texts are Qt's: the source
strings are Qt's English, not ours, so they are not in our gettext catalog.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, QTranslator


def qt_locale(lang: str) -> QLocale:
    """The Qt locale of an interface language (Canadian French or English)."""
    language = QLocale.Language.French if lang == "fr" else QLocale.Language.English
    return QLocale(language, QLocale.Country.Canada)


#: Qt's English source text -> French, for the strings ``qtbase_fr`` misses.
FRENCH: dict[str, str] = {
    "&Look in:": "&Regarder dans\u00a0:",
    "Files of &type:": "&Type de fichier\u00a0:",
    "Folder": "Dossier",
}


class QtGaps(QTranslator):
    """Qt strings its French catalog misses (see the module's docstring)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:  # noqa: D102 - Qt override
        return FRENCH.get(source)

    def isEmpty(self) -> bool:  # noqa: N802, D102 - Qt override
        return False
