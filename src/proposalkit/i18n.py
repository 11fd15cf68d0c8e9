"""One translation mechanism for all of proposalkit's own strings.

Source strings are English and marked with ``_()`` (or ``N_()`` where the text is only
declared, to be translated later); the French catalog is
``resources/locale/fr/LC_MESSAGES/proposalkit.po``. The catalog is read with Babel at
first use, so no compiled ``.mo`` file is kept in the repository. The core, the command
line, the exports and the GUI all take a :class:`Translator` for an explicit language:
an export is written in the proposal's language whatever the interface speaks.

Check or refresh the catalog with ``python tools/i18n.py check|extract``.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from proposalkit.paths import resources_dir

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
DOMAIN = "proposalkit"


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark a string for extraction without translating it now."""
    return message


def catalog_path(lang: str):
    """Path of the ``.po`` catalog for ``lang``."""
    return resources_dir() / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _messages(lang: str) -> dict[str, str]:
    if lang == "en":
        return {}
    from babel.messages.pofile import read_po

    path = catalog_path(lang)
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    messages: dict[str, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            plural = message.string
            if isinstance(plural, tuple | list) and len(plural) >= 2 and all(plural):
                messages[message.id[0]] = plural[0]
                messages["\x00plural\x00" + message.id[0]] = plural[1]
        elif isinstance(message.id, str) and isinstance(message.string, str) and message.string:
            messages[message.id] = message.string
    return messages


@dataclass(frozen=True)
class Translator:
    """Translate our strings into one language."""

    lang: Lang
    _catalog: dict[str, str] = field(repr=False, compare=False, default_factory=dict)

    def gettext(self, message: str) -> str:
        """The translation of ``message``, or ``message`` itself when there is none."""
        return self._catalog.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Singular or plural form; French uses the singular for 0 and 1."""
        if self.lang == "fr":
            if n <= 1:
                return self._catalog.get(singular, singular)
            return self._catalog.get("\x00plural\x00" + singular, plural)
        return singular if n == 1 else plural

    def pick(self, fr: str, en: str) -> str:
        """Choose between two texts given in both languages (program packs)."""
        return fr if self.lang == "fr" else en

    @property
    def locale(self) -> str:
        """The Babel locale used to format numbers and dates."""
        return "fr_CA" if self.lang == "fr" else "en_CA"


@cache
def translator(lang: str) -> Translator:
    """The :class:`Translator` for ``lang`` (``fr`` or ``en``)."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGS}")
    return Translator(lang, _messages(lang))


def system_language() -> Lang:
    """French for every ``fr*`` system locale, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "fr" if code.lower().startswith("fr") else "en"
