"""Spell-check in the multi-line texts: misspelt words underlined with a red wave, and
the context menu offering replacements, « Ajouter au dictionnaire » and « Ignorer ».

The checking itself is :mod:`proposalkit.core.spelling`; this module only shows it.
:func:`attach` is the one call a text input needs (``binding.Form.text`` makes it).
The dictionary is read after the page is shown (a zero-delay timer on first use), so
neither the start of the application nor the opening of a proposal waits for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QMessageBox, QPlainTextEdit, QWidget

from proposalkit.core.spelling import Misspelling, SpellChecker, Spelling
from proposalkit.errors import ProposalFileError
from proposalkit.i18n import Translator

if TYPE_CHECKING:  # the session owns a SpellService: no import at run time both ways
    from proposalkit.gui.session import Session

#: The colour of the wave under a misspelt word (the usual red of spell-checkers).
MARK_COLOUR = QColor("#d32f2f")
#: Paragraphs longer than this (characters) are re-checked around the change only.
LONG_PARAGRAPH = 2000


class SpellService(QObject):
    """The checkers of one session (one per language) and the signal that a word was
    accepted, so that every open text drops its mark, not only the one clicked in."""

    #: A word was added to the dictionary or ignored; the argument is the language.
    words_changed = Signal(str)

    def __init__(self, spelling: Spelling | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.spelling = spelling or Spelling()

    def checker(self, lang: str) -> SpellChecker:
        """The checker of ``lang``."""
        return self.spelling.checker(lang)

    def accept(self, lang: str, word: str, keep: bool, tr: Translator) -> str | None:
        """Accept ``word``: in the user's dictionary (``keep``) or for this session.
        Returns a one-line message (in ``tr``'s language) when the dictionary could not be
        written; the word is then accepted for this session all the same."""
        checker = self.checker(lang)
        problem = None
        if keep:
            try:
                checker.add(word)
            except ProposalFileError as exc:
                checker.ignore(word)
                problem = exc
        else:
            checker.ignore(word)
        self.words_changed.emit(lang)
        if problem is None:
            return None
        return tr.gettext("“{word}” could not be kept in your dictionary: {reason}").format(
            word=word, reason=problem.message(tr))


def proposal_language(session: Session) -> str:
    """The language the proposal is written in (its texts are checked in it)."""
    proposal = session.proposal
    return proposal.language if proposal is not None else session.lang


class TypedWord(QObject):
    """Where the user is typing in a text input: the word there is not marked while it is
    being written (« développ » is not a typo yet), only once the cursor leaves it.

    Made before the highlighter, so that it hears of each change first."""

    def __init__(self, edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        #: The document position just after the last character typed (None: not typing).
        self.position: int | None = None
        self.highlighter: SpellHighlighter | None = None
        edit.document().contentsChange.connect(self._changed)
        edit.cursorPositionChanged.connect(self._moved)

    def _changed(self, position: int, removed: int, added: int) -> None:
        if removed == added and removed > 1:
            return  # the highlighter's own format change, not an edit
        # A key typed or erased; anything larger (a paste, an undo) is not typing.
        self.position = position + added if removed + added <= 2 else None

    def _moved(self) -> None:
        if self.position is not None and self.edit.textCursor().position() != self.position:
            block = self.edit.document().findBlock(self.position)
            self.position = None
            if self.highlighter is not None and block.isValid():
                self.highlighter.rehighlightBlock(block)


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines the words of a document that its checker does not know, block by
    block (Qt re-highlights only the paragraph being typed in)."""

    def __init__(self, document: QTextDocument, service: SpellService, lang: str,
                 typing: TypedWord | None = None) -> None:
        super().__init__(document)
        self.typing = typing
        if typing is not None:
            typing.highlighter = self
        self.service = service
        self.checker = service.checker(lang)
        self.mark = QTextCharFormat()
        self.mark.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        self.mark.setUnderlineColor(MARK_COLOUR)
        # Reading the dictionary waits for the event loop: the page is on screen first.
        self._load_timer = QTimer(self)
        self._load_timer.setSingleShot(True)
        self._load_timer.setInterval(0)
        self._load_timer.timeout.connect(self._load)
        service.words_changed.connect(self._words_changed)
        # The last long paragraph checked and its marks: typing in it changes a few
        # words, and only those are checked again (SpellChecker.update).
        self._last: tuple[str, list[Misspelling]] = ("", [])

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        """Mark the misspellings of one paragraph."""
        if not text:
            return
        if not self.checker.loaded:
            self._load_timer.start()
            return
        if len(text) > LONG_PARAGRAPH:
            last_text, last_marks = self._last
            found = (self.checker.update(last_text, last_marks, text) if last_text
                     else self.checker.misspellings(text))
            self._last = (text, found)
        else:
            found = self.checker.misspellings(text)
        typed = self.typing.position if self.typing is not None else None
        if typed is not None:
            typed -= self.currentBlock().position()
        for mark in found:
            if typed is None or not mark.start <= typed <= mark.start + mark.length:
                self.setFormat(mark.start, mark.length, self.mark)

    def rehighlight_all(self) -> None:
        """Check the whole document again (the words known changed)."""
        self._last = ("", [])
        self.rehighlight()

    def _load(self) -> None:
        if self.checker.load():
            self.rehighlight_all()

    def _words_changed(self, lang: str) -> None:
        if lang == self.checker.lang and self.checker.loaded:
            self.rehighlight_all()


class SpellMenu(QObject):
    """The context menu of a checked text input: replacements for the word under the
    pointer, then « Ajouter au dictionnaire » and « Ignorer », then Qt's usual entries."""

    def __init__(self, edit: QPlainTextEdit, highlighter: SpellHighlighter,
                 session: Session) -> None:
        super().__init__(edit)
        self.edit = edit
        self.highlighter = highlighter
        self.session = session
        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        edit.customContextMenuRequested.connect(self.show_menu)
        #: The menu last built (kept for the tests and while it is open).
        self.menu: QMenu | None = None

    def misspelling_at(self, position: QPoint) -> tuple[QTextCursor, Misspelling] | None:
        """The misspelt word under ``position`` (in the viewport) and a cursor selecting it."""
        cursor = self.edit.cursorForPosition(position)
        checker = self.highlighter.checker
        if not checker.loaded or not checker.available:
            return None
        block = cursor.block()
        offset = cursor.positionInBlock()
        for found in checker.misspellings(block.text()):
            if found.start <= offset <= found.start + found.length:
                selection = QTextCursor(block)
                selection.setPosition(block.position() + found.start)
                selection.setPosition(block.position() + found.start + found.length,
                                      QTextCursor.MoveMode.KeepAnchor)
                return selection, found
        return None

    def build_menu(self, position: QPoint) -> QMenu:
        """The menu for a right click at ``position`` (in the viewport's coordinates)."""
        _ = self.session.translator.gettext
        menu = self.edit.createStandardContextMenu(self.edit.viewport().mapToGlobal(position))
        menu.setParent(self.edit, menu.windowFlags())
        hit = self.misspelling_at(position)
        if hit is None:
            return menu
        selection, found = hit
        first = menu.actions()[0] if menu.actions() else None
        entries: list[QAction] = []
        if not self.edit.isReadOnly():
            for suggestion in self.highlighter.checker.suggest(found.word):
                action = QAction(suggestion, menu)
                font = action.font()
                font.setBold(True)
                action.setFont(font)
                action.setData(("replace", suggestion))
                action.triggered.connect(
                    lambda _checked=False, s=suggestion: self.replace(selection, s))
                entries.append(action)
            if not entries:
                none = QAction(_("(no suggestions)"), menu)
                none.setEnabled(False)
                entries.append(none)
        add = QAction(_("A&dd to dictionary"), menu)
        add.setData(("add", found.word))
        add.triggered.connect(lambda _checked=False: self.accept(found.word, keep=True))
        ignore = QAction(_("&Ignore"), menu)
        ignore.setData(("ignore", found.word))
        ignore.triggered.connect(lambda _checked=False: self.accept(found.word, keep=False))
        entries += [add, ignore]
        menu.insertActions(first, entries)  # type: ignore[arg-type]  # None: at the end
        menu.insertSeparator(first)  # type: ignore[arg-type]
        return menu

    def show_menu(self, position: QPoint) -> None:
        """Open the menu at ``position`` (Qt's customContextMenuRequested)."""
        self.menu = self.build_menu(position)
        self.menu.popup(self.edit.viewport().mapToGlobal(position))

    def replace(self, selection: QTextCursor, word: str) -> None:
        """Put ``word`` in place of the selected misspelling, as an undo step of its own."""
        self.session.end_typing()
        selection.insertText(word)
        self.session.end_typing()

    def accept(self, word: str, keep: bool) -> None:
        """Add ``word`` to the user's dictionary (``keep``) or ignore it for the session."""
        service = self.highlighter.service
        problem = service.accept(self.highlighter.checker.lang, word, keep, self.session.translator)
        if problem is not None:
            _ = self.session.translator.gettext
            QMessageBox.warning(self.edit, _("Spelling"), problem)


def attach(edit: QPlainTextEdit, session: Session) -> SpellHighlighter:
    """Check the spelling of ``edit`` in the proposal's language, from now on."""
    typing = TypedWord(edit)
    highlighter = SpellHighlighter(edit.document(), session.spelling,
                                   proposal_language(session), typing)
    SpellMenu(edit, highlighter, session)
    return highlighter


def spell_menu(widget: QWidget) -> SpellMenu | None:
    """The spelling menu of a text input made by :func:`attach` (None for another)."""
    return widget.findChild(SpellMenu)
