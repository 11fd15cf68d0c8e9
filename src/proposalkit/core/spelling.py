"""Spell-checking of the proposal's texts, in French (fr-CA) or English (en-CA). No Qt.

The words are checked by Hunspell (through the ``chunspell`` wheels, which carry the C++
library for Windows, macOS and Linux) against the dictionaries shipped in
``resources/dictionaries`` (see the README there), picked by the proposal's language. A
dictionary is read the first time a word of its language is checked, never at start-up.

What is checked: words, including French elisions (« l’innovation », « qu’elle ») and
compounds (« porte-parole »). What is not: anything with a digit (« 2024 », « G9N »,
« 1er »), acronyms in capitals (« OBNL », « MEI »), web addresses and e-mail addresses.

The user's own words (« Ajouter au dictionnaire ») are kept in their profile, one plain
UTF-8 file a language (:func:`user_words_path`); ``extra-LANG.txt`` beside the
dictionaries adds words of our own (Québec's names in English). Words ignored
(« Ignorer ») are accepted as long as the checker lives, that is the session.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from proposalkit.i18n import facts
from proposalkit.paths import resources_dir, user_data_dir

log = logging.getLogger(__name__)

#: The dictionary file stem (``NAME.aff`` and ``NAME.dic``) of each proposal language.
DICTIONARIES = {"fr": "fr", "en": "en_CA"}

#: Bounds on the user's word list, which is read back from their profile: a larger file or
#: longer lines are someone else's, and reading them must not stall the window.
MAX_USER_FILE_BYTES = 1 << 20
MAX_USER_WORDS = 20_000
MAX_WORD_LENGTH = 64
#: Suggestions offered for one word (the context menu stays short).
MAX_SUGGESTIONS = 6

_APOSTROPHES = "’'"
# A word: letters (and digits, so that "G9N" is one token and skipped), joined by
# apostrophes, hyphens or the middle dot of inclusive writing ("chargé·e·s").
_WORD = r"\w+(?:[’'\-·]\w+)*"
# Addresses come first so that their pieces are never taken for words.
_TOKENS = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"
    rf"|(?P<word>{_WORD})"
)
# The French elided articles and conjunctions: « l’ », « qu’ », « jusqu’ »…
_ELISIONS = frozenset(
    "c d j l m n s t qu jusqu lorsqu puisqu quoiqu presqu quelqu".split()
)
_SPACE = re.compile(r"\s")
_NOT_A_WORD = re.compile(r"[\d_]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\s]")


class Backend(Protocol):
    """What the checker needs of a spelling engine (Hunspell's interface)."""

    def spell(self, word: str) -> bool:  # noqa: D102 - protocol
        ...

    def suggest(self, word: str) -> Iterable[str]:  # noqa: D102 - protocol
        ...



def dictionaries_dir() -> Path:
    """The folder of the shipped Hunspell dictionaries."""
    return resources_dir() / "dictionaries"


def hunspell_backend(lang: str, folder: Path | None = None) -> Backend | None:
    """Hunspell with the dictionary of ``lang``, or None when it cannot be had (no engine
    for this system, or a dictionary missing): the texts are then simply not checked.

    One engine a dictionary for the whole process (a window opened later, or a second
    proposal, does not read the 3 MB again); an engine is never changed after loading:
    the user's words are the checker's, not the engine's."""
    return _engine(lang, (folder or dictionaries_dir()).resolve())


@cache
def _engine(lang: str, folder: Path) -> Backend | None:
    name = DICTIONARIES.get(lang)
    if name is None:
        return None
    try:
        # chunspell's module (no type stubs): imported here, when a text is first checked.
        import hunspell
    except ImportError:
        log.warning("spell-check unavailable: the Hunspell engine is not installed")
        return None
    try:
        # UTF-8 paths: on Windows, chunspell then hands Hunspell a "\\?\" wide path, so a
        # profile or install folder with accents ("C:\Users\Frédéric") still works.
        engine: Backend = hunspell.Hunspell(name, hunspell_data_dir=str(folder),
                                            system_encoding="UTF-8")
    except (OSError, UnicodeError) as exc:
        log.warning("spell-check unavailable for %s: %s", lang, exc)
        return None
    return engine


@dataclass(frozen=True)
class Misspelling:
    """A word not found, where it is in the text (``start`` and ``length`` in characters)."""

    start: int
    length: int
    word: str


def checkable(word: str) -> bool:
    """Whether ``word`` is to be checked at all: not a number, a code or an acronym."""
    if _NOT_A_WORD.search(word):
        return False
    # Acronyms ("OBNL", "MRC", "PME", and "SMEs" in English): proposals are full of them.
    acronym = word[:-1] if word.endswith("s") else word
    return not (len(acronym) > 1 and acronym.isupper())


def user_words_path(lang: str) -> Path:
    """The user's word list for ``lang`` in their profile (``…/spelling/words-fr.txt``)."""
    return user_data_dir() / "spelling" / f"words-{lang}.txt"


def read_user_words(path: Path) -> set[str]:
    """The words of a user's list; a missing, unreadable or oversized file gives what can
    be read of it within the bounds (never an error: a word list is a convenience)."""
    from proposalkit.core.reading import read_prefix

    try:
        # Without blocking: a pipe in its place would hang the window (issue 18).
        data = read_prefix(path, MAX_USER_FILE_BYTES)
    except OSError:
        return set()
    if len(data) > MAX_USER_FILE_BYTES:
        data = data[:MAX_USER_FILE_BYTES].rsplit(b"\n", 1)[0]  # no half of a last word
    found: set[str] = set()
    for line in data.decode("utf-8", errors="replace").splitlines():
        word = line.strip()
        if valid_user_word(word) and not word.startswith("#"):
            found.add(word)
            if len(found) >= MAX_USER_WORDS:
                break
    return found


def valid_user_word(word: str) -> bool:
    """Whether ``word`` may go in a user's list: one word, printable, not too long."""
    return (0 < len(word) <= MAX_WORD_LENGTH and not _CONTROL.search(word)
            and "\ufffd" not in word)


def write_user_words(path: Path, found: Iterable[str]) -> None:
    """Write a user's list atomically (one word a line, sorted, UTF-8).

    Raises :class:`proposalkit.storage.errors.SaveError` when it cannot be written."""
    from proposalkit.storage.atomic import atomic_write

    text = "".join(f"{word}\n" for word in sorted(set(found))[:MAX_USER_WORDS])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # atomic_write says why in the user's terms
    atomic_write(path, text.encode("utf-8"))


class SpellChecker:
    """The spelling of one language: the dictionary (loaded on first use), the user's
    words and the words ignored in this session, with each verdict cached per word, so
    that re-checking a paragraph after a keystroke costs a dictionary lookup per word.
    """

    def __init__(self, lang: str, load: Callable[[str], Backend | None] = hunspell_backend,
                 words_path: Path | None = None) -> None:
        self.lang = lang
        self._load = load
        self._backend: Backend | None = None
        self._loaded = False
        self.words_path = words_path or user_words_path(lang)
        self.user_words: set[str] = set()
        self.ignored: set[str] = set()
        #: Our own additions to the dictionary (``extra-LANG.txt``).
        self.extra_words: set[str] = set()
        self._verdicts: dict[str, bool] = {}
        self._suggestions: dict[str, list[str]] = {}

    # -- loading ----------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        """Whether the dictionary was read (or found missing)."""
        return self._loaded

    def load(self) -> bool:
        """Read the dictionary and the user's words, once; True when words can be checked."""
        if not self._loaded:
            self._loaded = True
            self._backend = self._load(self.lang)
            self.user_words = read_user_words(self.words_path)
            self.extra_words = read_user_words(dictionaries_dir() / f"extra-{self.lang}.txt")
        return self._backend is not None

    @property
    def available(self) -> bool:
        """Whether this language is checked (loads the dictionary if needed)."""
        return self.load()

    # -- checking ---------------------------------------------------------------------
    def check(self, word: str) -> bool:
        """Whether ``word`` is spelt right (True too when it is not checked at all)."""
        verdict = self._verdicts.get(word)
        if verdict is None:
            verdict = self._check(word)
            self._verdicts[word] = verdict
        return verdict

    def _known(self, word: str) -> bool:
        lists = (self.user_words, self.ignored, self.extra_words)
        if any(word in found for found in lists):
            return True
        # A word added in lower case is right at the start of a sentence too.
        lower = word.lower()
        if lower != word and any(lower in found for found in lists):
            return True
        backend = self._backend
        return backend is not None and bool(backend.spell(word))

    def _check(self, word: str) -> bool:
        if not self.load() or not checkable(word):
            return True
        if self._known(word):
            return True
        if "’" in word and self._known(word.replace("’", "'")):
            return True  # some dictionaries know the typewriter apostrophe only
        if facts(self.lang).elides:
            head, rest = _elided(word)
            if rest and head.lower() in _ELISIONS:  # « l’innovation »: check « innovation »
                return self.check(rest)
        if "-" in word:  # a compound of right words ("Centre-du-Québec" if Hunspell lacks it)
            return all(self.check(part) for part in word.split("-") if part)
        return False

    def misspellings(self, text: str) -> list[Misspelling]:
        """The words of ``text`` not found, in order."""
        if not self.load():
            return []
        # Qt re-highlights the paragraph being typed in after every key, and a paragraph
        # may be a pasted 5,000-word block: the words are listed by the regex engine
        # (findall), each distinct word looked up once in the cache, and the positions
        # are sought only when something is wrong.
        verdicts, check = self._verdicts, self.check
        wrong = {word for word in set(_TOKENS.findall(text))
                 if word and not (verdicts.get(word) or check(word))}
        if not wrong:
            return []
        return [Misspelling(m.start(), m.end() - m.start(), m.group())
                for m in _TOKENS.finditer(text) if m.group("word") in wrong]

    def update(self, old: str, marks: list[Misspelling], new: str) -> list[Misspelling]:
        """``misspellings(new)``, knowing that ``marks`` are those of ``old``: only the
        words around the change are looked at again (a keystroke in a pasted 5,000-word
        paragraph re-checks a few words, not the paragraph).

        Exact because no word, address or e-mail spans a white space: cut at white
        spaces, the text is tokenized the same way as a whole."""
        if not self.load():
            return []
        prefix = _common_prefix(old, new)
        suffix = _common_prefix(old[prefix:][::-1], new[prefix:][::-1])
        start = prefix
        while start > 0 and not _SPACE.match(new, start - 1):
            start -= 1
        space = _SPACE.search(new, len(new) - suffix)
        end = space.start() if space else len(new)
        delta = len(new) - len(old)
        before = [m for m in marks if m.start + m.length <= start]
        middle = [Misspelling(m.start + start, m.length, m.word)
                  for m in self.misspellings(new[start:end])]
        after = [Misspelling(m.start + delta, m.length, m.word)
                 for m in marks if m.start >= end - delta]
        return before + middle + after

    def suggest(self, word: str) -> list[str]:
        """Replacements for ``word``, the likeliest first (at most MAX_SUGGESTIONS)."""
        cached = self._suggestions.get(word)
        if cached is not None:
            return cached
        found: list[str] = []
        if self.load() and self._backend is not None:
            found = list(self._backend.suggest(word))
            head, rest = _elided(word)
            if not found and rest:  # "l’inovation": suggest for the word after the elision
                apostrophe = word[len(head)]
                found = [f"{head}{apostrophe}{s}" for s in self._backend.suggest(rest)]
        result = list(dict.fromkeys(found))[:MAX_SUGGESTIONS]
        self._suggestions[word] = result
        return result

    # -- the user's choices -----------------------------------------------------------
    def ignore(self, word: str) -> None:
        """Accept ``word`` until the application closes."""
        self.ignored.add(word)
        self._forget(word)

    def add(self, word: str) -> None:
        """Accept ``word`` from now on and keep it in the user's list.

        The word is accepted at once; raises SaveError when the list cannot be written
        (the word is then accepted for this session only)."""
        self.load()
        if not valid_user_word(word):
            return
        self.user_words.add(word)
        self._forget(word)
        write_user_words(self.words_path, self.user_words)

    def _forget(self, word: str) -> None:
        # The word may be part of cached compounds and elisions: drop every verdict.
        self._verdicts.clear()
        self._suggestions.pop(word, None)


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix, by halving (slices compare in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _elided(word: str) -> tuple[str, str]:
    """("l", "innovation") for « l’innovation »; ("", "") without an apostrophe."""
    for index, ch in enumerate(word):
        if ch in _APOSTROPHES:
            return word[:index], word[index + 1:]
    return "", ""


class Spelling:
    """The checkers of every language, made when first asked for (one per language)."""

    def __init__(self, load: Callable[[str], Backend | None] = hunspell_backend,
                 words_dir: Path | None = None) -> None:
        self._load = load
        self._words_dir = words_dir
        self._checkers: dict[str, SpellChecker] = {}

    def checker(self, lang: str) -> SpellChecker:
        """The checker of ``lang`` (its dictionary is not read until a word is checked)."""
        found = self._checkers.get(lang)
        if found is None:
            path = (self._words_dir / f"words-{lang}.txt" if self._words_dir is not None
                    else user_words_path(lang))
            found = SpellChecker(lang, self._load, path)
            self._checkers[lang] = found
        return found
