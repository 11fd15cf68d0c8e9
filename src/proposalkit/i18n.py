"""One translation mechanism for all of proposalkit's own strings.

Source strings are English and marked with ``_()`` (or ``N_()`` where the text is only
declared, to be translated later); the French catalog is
``resources/locale/fr/LC_MESSAGES/proposalkit.po``. The catalog is read with Babel at
first use, so no compiled ``.mo`` file is kept in the repository (the messages read are
kept in the user's cache folder, keyed by the catalog's bytes: see
:mod:`proposalkit.cache_files`). The core, the command
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


@dataclass(frozen=True)
class LanguageFacts:
    """What the code needs to know of a language, in one place: a new language is one
    more row of :data:`LANGUAGES` (and its catalog), not a ternary in every module."""

    code: Lang
    #: The Babel locale formatting numbers and dates.
    locale: str
    #: The BCP 47 tag documents carry (DOCX runs, PDF metadata).
    tag: str
    #: Whether our strings come from a catalog (English is the source language).
    has_catalog: bool
    #: Zero takes the singular (French: « 0 mot »), not the plural.
    zero_is_singular: bool
    #: Word's decimal symbol and list separator for documents in this language.
    decimal_symbol: str
    list_separator: str
    #: What comes before a telephone extension (``819 555-0142 poste 12``).
    phone_extension: str
    #: Elided articles and pronouns (« l’innovation ») are checked apart by the speller.
    elides: bool


LANGUAGES: dict[str, LanguageFacts] = {
    "fr": LanguageFacts("fr", "fr_CA", "fr-CA", has_catalog=True, zero_is_singular=True,
                        decimal_symbol=",", list_separator=";", phone_extension=" poste ",
                        elides=True),
    "en": LanguageFacts("en", "en_CA", "en-CA", has_catalog=False, zero_is_singular=False,
                        decimal_symbol=".", list_separator=",", phone_extension=" ext. ",
                        elides=False),
}


def facts(lang: str) -> LanguageFacts:
    """The :class:`LanguageFacts` of ``lang`` (``fr`` or ``en``)."""
    try:
        return LANGUAGES[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGS}") from None


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark a string for extraction without translating it now."""
    return message


def catalog_path(lang: str):
    """Path of the ``.po`` catalog for ``lang``."""
    return resources_dir() / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _messages(lang: str) -> dict[str, str]:
    if not facts(lang).has_catalog:
        return {}
    from proposalkit import cache_files as caches

    raw = catalog_path(lang).read_bytes()
    # Parsing the .po file with Babel costs more than starting Qt: the messages are
    # kept, keyed by the catalog's bytes, in the user's cache folder.
    key = caches.digest(DOMAIN, lang, raw)
    name = f"messages-{lang}"
    kept = caches.read(name, key)
    if isinstance(kept, dict) and all(isinstance(k, str) and isinstance(v, str)
                                      for k, v in kept.items()):
        return kept
    messages = _parse_catalog(raw, lang)
    caches.write(name, key, messages)
    return messages


def _parse_catalog(raw: bytes, lang: str) -> dict[str, str]:
    """The translated messages of a ``.po`` file's bytes (fuzzy and empty ones left out;
    a plural's second form under a key of its own)."""
    import io

    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(raw), locale=lang, domain=DOMAIN)
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
        if facts(self.lang).zero_is_singular:
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
        return facts(self.lang).locale


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
