"""One Alt+letter for one thing: mnemonics kept apart in menus and on each page.

Translations choose their underlined letters one string at a time, so two labels of a
page (or a label and a menu title) can share one, and then Alt+letter only moves the
focus between them. :func:`resolve_menu` and :func:`resolve_window` move the clashing
``&`` to another letter of the same text (a word's first letter first), as KDE's
accelerator manager does: the first text to claim a letter keeps it (menu titles, then
the page's fields in order, then the window's own buttons); a text with no free letter
loses its mnemonic rather than share one (a button, which has its own shortcut).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache

from PySide6.QtWidgets import (
    QAbstractButton,
    QDockWidget,
    QGroupBox,
    QLabel,
    QListView,
    QMenu,
    QWidget,
)

_MARK = re.compile(r"&(?!&)")


@cache
def letter_of(char: str) -> str:
    """A character as a mnemonic key: lower case, without accent (kept per character:
    the menus and the start screen ask some 500 times before the first paint)."""
    decomposed = unicodedata.normalize("NFKD", char.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))[:1]


def mnemonic(text: str) -> str | None:
    """The underlined letter of ``text``, if it has one."""
    plain = text.replace("&&", "")
    index = plain.find("&")
    if index < 0 or index + 1 >= len(plain):
        return None
    return letter_of(plain[index + 1]) or None


def _candidates(plain: str, preferred: int | None) -> list[int]:
    """Positions to try in ``plain`` (the text without its ``&``): the translator's
    choice, then each word's first letter, then every other letter or digit."""
    order: list[int] = [preferred] if preferred is not None else []
    starts = [i for i, c in enumerate(plain)
              if c.isalnum() and (i == 0 or not plain[i - 1].isalnum())]
    order += starts + [i for i, c in enumerate(plain) if c.isalnum()]
    return list(dict.fromkeys(order))


def _split(text: str) -> tuple[str, int | None]:
    """``text`` without its mnemonic ``&`` (``&&`` stays), and where the ``&`` was."""
    i = 0
    while i < len(text):
        if text[i] == "&":
            if text[i + 1:i + 2] == "&":
                i += 2
                continue
            return text[:i] + text[i + 1:], i
        i += 1
    return text, None


def _keys(plain: str, preferred: int | None) -> list[tuple[str, int]]:
    """(letter, position) choices for ``plain``, best first, one per letter."""
    out: dict[str, int] = {}
    for position in _candidates(plain, preferred):
        key = letter_of(plain[position])
        if key and plain[position] != "&" and key not in out:
            out[key] = position
    return list(out.items())


def remark(text: str, taken: set[str]) -> str:
    """``text`` with its ``&`` on a letter not in ``taken`` (which it then joins)."""
    plain, preferred = _split(text)
    if preferred is None:
        return text
    for key, position in _keys(plain, preferred):
        if key not in taken:
            taken.add(key)
            return plain[:position] + "&" + plain[position:]
    return plain


def resolve(items: Iterable[tuple[Callable[[], str], Callable[[str], None]]],
            taken: set[str] | None = None) -> set[str]:
    """Give each item (its text's getter and setter) a letter of its own.

    Each text keeps its translator's letter when it is free, else takes its best free
    one; when none is free, letters already given are moved along an augmenting path
    (bipartite matching), so that as many texts as possible keep a mnemonic. Earlier
    items are preferred, and ``taken`` letters are never given.
    """
    taken = set() if taken is None else taken
    fixed = set(taken)
    entries = []
    for get, put in items:
        text = get()
        plain, preferred = _split(text) if text else ("", None)
        if preferred is not None:
            entries.append((text, plain, _keys(plain, preferred), put))
    owner: dict[str, int] = {}
    chosen: dict[int, str] = {}

    def first_choice(index: int) -> str | None:
        keys = entries[index][2]
        return keys[0][0] if keys else None

    def place(index: int, seen: set[str], protect: bool) -> bool:
        for key, _position in entries[index][2]:
            if key in fixed or key in seen:
                continue
            # First try not to move a text off the letter its translator chose.
            if protect and key in owner and first_choice(owner[key]) == key:
                continue
            seen.add(key)
            if key not in owner or place(owner[key], seen, protect):
                owner[key] = index
                chosen[index] = key
                return True
        return False

    # First each text its best free letter, in order; then, for a text left without
    # one, letters are moved along an augmenting path.
    for index, (_text, _plain, keys, _put) in enumerate(entries):
        key = next((k for k, _p in keys if k not in fixed and k not in owner), None)
        if key is not None:
            owner[key] = index
            chosen[index] = key
    for index in range(len(entries)):
        if index not in chosen and not place(index, set(), True):
            place(index, set(), False)
    for index, (text, plain, keys, put) in enumerate(entries):
        key = chosen.get(index)
        new = plain
        if key is not None:
            position = dict(keys)[key]
            new = plain[:position] + "&" + plain[position:]
            taken.add(key)
        if new != text:
            put(new)
    return taken


def resolve_menu(menu: QMenu) -> None:
    """No two entries of ``menu`` (and of each of its submenus) share a letter."""
    actions = [a for a in menu.actions() if not a.isSeparator() and a.text()]
    resolve((a.text, a.setText) for a in actions)
    for action in actions:
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            resolve_menu(submenu)


def _in_dock(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QDockWidget):
            return True
        parent = parent.parentWidget()
    return False


def _reachable(widget: QWidget, window: QWidget, docks: Iterable[QDockWidget] = ()) -> bool:
    # What Alt+letter can reach: a label with a buddy, a button, a group box. Checked
    # before the visibility, which walks the parents (a window holds thousands of widgets).
    if isinstance(widget, QLabel):
        if widget.buddy() is None:
            return False
    elif not isinstance(widget, QAbstractButton | QGroupBox):
        return False
    # A dock (the findings) may not be painted yet when a page is shown; its labels
    # are reachable all the same.
    return widget.isVisibleTo(window) or any(dock.isAncestorOf(widget) for dock in docks)


def resolve_window(window: QWidget, first: Iterable[QWidget] = ()) -> None:
    """No two things Alt+letter reaches in ``window`` share a letter: its menu bar's
    titles keep theirs, then every visible label with a buddy, then ``first`` (the
    window's own buttons), then the other buttons and group boxes, in creation order."""
    taken: set[str] = set()
    bar = window.menuBar() if hasattr(window, "menuBar") else None
    if bar is not None:
        resolve(((a.text, a.setText) for a in bar.actions()), taken)
    # The fields' labels first (every input keeps a mnemonic: a page can hold more
    # things than there are letters), then ``first``, then the other buttons.
    # Called at every step shown: linear in the window's widgets (sets, not list scans).
    children = [w for w in window.findChildren(QWidget)
                if isinstance(w, QLabel | QAbstractButton | QGroupBox)]
    # (the window's own lists, steps and findings, after the page's fields)
    ordered: list[QWidget] = [w for w in children if isinstance(w, QLabel)
                              and not isinstance(w.buddy(), QListView)]
    placed = set(ordered)
    for widget in [*first, *children]:
        if widget not in placed:
            placed.add(widget)
            ordered.append(widget)
    docks = window.findChildren(QDockWidget)
    items: list[tuple[Callable[[], str], Callable[[str], None]]] = []
    for widget in ordered:
        if not _reachable(widget, window, docks):
            continue
        if isinstance(widget, QGroupBox):
            items.append((widget.title, widget.setTitle))
        elif isinstance(widget, QLabel | QAbstractButton):
            items.append((widget.text, widget.setText))
    resolve(items, taken)
