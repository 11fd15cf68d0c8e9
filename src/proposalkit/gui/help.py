"""Help: the built-in user guide (``resources/guide/guide-<lang>.html``, one chapter per
row of the table of steps, with pictures of the app) in a QTextBrowser, opened at the
chapter of the step shown; and the list of keyboard shortcuts.

The guide is read from disk the first time it is asked for, not at start-up."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from proposalkit.core.steps import kind_of
from proposalkit.i18n import N_, Translator
from proposalkit.paths import resources_dir


def guide_path(lang: str) -> Path:
    """The guide's file in ``lang`` (English when there is none in it)."""
    folder = resources_dir() / "guide"
    path = folder / f"guide-{lang}.html"
    return path if path.exists() else folder / "guide-en.html"


def chapter(step: str | None) -> str:
    """The guide's anchor for a step (sections share one chapter)."""
    if step is None:
        return "overview"
    try:
        return kind_of(step).key
    except KeyError:
        return "overview"


#: A widget's property naming the guide's section about it (a part of a step's page).
GUIDE_ANCHOR = "guide_anchor"


def focused_chapter(step: str | None, focus: QWidget | None) -> str:
    """The guide's anchor for the widget with the focus: the section its page part names
    (the financing plan under the revenues), else the step's chapter."""
    while focus is not None:
        anchor = focus.property(GUIDE_ANCHOR)
        if isinstance(anchor, str) and anchor:
            return anchor
        focus = focus.parentWidget()
    return chapter(step)


class BrowserDialog(QDialog):
    """A text browser with a Close button, not modal: it stays open beside the window."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)


class GuideDialog(BrowserDialog):
    """The user guide."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(tr.gettext("proposalkit guide"), parent)
        self.browser.setOpenExternalLinks(True)
        path = guide_path(tr.lang)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(path)))

    def show_chapter(self, anchor: str) -> None:
        """Scroll to the chapter ``anchor``."""
        self.browser.scrollToAnchor(anchor)


#: Keys that are not menu entries, with what they do. The keys are named as the
#: interface language's keyboard names them (Maj, Entrée on a French one).
OTHER_KEYS: tuple[tuple[str, str], ...] = (
    (N_("Tab / Shift+Tab"), N_("Next / previous field (the page first, then the buttons, the "
                           "findings and the steps)")),
    (N_("Alt+letter"), N_("The field or button whose label has that letter underlined")),
    (N_("Tab / Shift+Tab"), N_("In a table: next / previous cell")),
    (N_("Ctrl+Tab / Ctrl+Shift+Tab"), N_("Leave a table for the next / previous field")),
    ("F2", N_("Edit the current cell of a table")),
    ("Ctrl+V", N_("Paste a block copied from a spreadsheet into a table")),
    (N_("Enter"), N_("In the findings: go to the field")),
)


def shortcuts_html(actions: list[tuple[str, list[QKeySequence]]], tr: Translator) -> str:
    """The shortcuts as a table: the menu entries', then the other keys."""
    rows = []
    for text, keys in actions:
        shown = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        if shown:
            rows.append((shown, text.replace("&", "")))
    rows += [(tr.gettext(key), tr.gettext(what)) for key, what in OTHER_KEYS]
    body = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(t)}</td></tr>"
                   for k, t in rows)
    return (f"<h2>{html.escape(tr.gettext('Keyboard shortcuts'))}</h2>"
            f"<table cellpadding='4'>{body}</table>")


class ShortcutsDialog(BrowserDialog):
    """Every keyboard shortcut, in the interface language."""

    def __init__(self, actions: list[tuple[str, list[QKeySequence]]], tr: Translator,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr.gettext("Keyboard shortcuts"), parent)
        self.browser.setHtml(shortcuts_html(actions, tr))
