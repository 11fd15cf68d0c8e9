"""Every Alt+letter reaches one thing: no two entries of a menu, and no two visible
labels, buttons or menu titles of a page, share their underlined letter (on a clash
Qt only moves the focus between them), in French and in English."""

from __future__ import annotations

import re
import unicodedata

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QWidget

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    """The underlined letter of ``text`` (lower case, without accent), if any."""
    found = _MNEMONIC.search(text.replace("&&", ""))
    if not found:
        return None
    letter = unicodedata.normalize("NFKD", found.group(1).lower())
    return "".join(c for c in letter if not unicodedata.combining(c))


def clashes(texts: list[str]) -> dict[str, list[str]]:
    """Underlined letters used more than once, with the texts that use them."""
    by_letter: dict[str, list[str]] = {}
    for text in texts:
        letter = mnemonic(text)
        if letter:
            by_letter.setdefault(letter, []).append(text)
    return {k: v for k, v in by_letter.items() if len(v) > 1}


def menu_clashes(menu: QMenu) -> dict[str, list[str]]:
    found = clashes([a.text() for a in menu.actions() if a.isVisible() and a.text()])
    for action in menu.actions():
        if action.menu() is not None:
            found.update(menu_clashes(action.menu()))
    return found


def visible_texts(window: QWidget) -> list[str]:
    """Texts with a mnemonic the user can reach now: the menu bar's titles and the
    visible labels (with a buddy), buttons and group boxes of the window."""
    texts = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    from proposalkit.gui.mnemonics import _in_dock

    for widget in window.findChildren(QWidget):
        if not (widget.isVisibleTo(window) or _in_dock(widget)):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton | QGroupBox):
            texts.append(widget.text() if isinstance(widget, QAbstractButton)
                         else widget.title())
    return texts


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_mnemonic_clash_in_any_menu_or_page(make_gui, lang):
    gui = make_gui(lang)
    window = gui.window
    problems: dict[str, dict[str, list[str]]] = {}
    start = clashes(visible_texts(window))
    if start:
        problems["start"] = start
    window.open_example()
    for name, menu in window.menus.menus.items():
        found = menu_clashes(menu)
        if found:
            problems[f"menu {name}"] = found
    for step in list(window.pages):
        window.go_to(step)
        found = clashes(visible_texts(window))
        if found:
            problems[f"page {step}"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
