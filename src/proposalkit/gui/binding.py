"""Forms bound to the session: each input shows one location of the proposal and turns
what the user types into an undoable edit; findings at that location appear under it.

A widget never holds proposal logic: it reads the value through the session, writes it
back through :meth:`Session.set_value`, and shows the messages validation produced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QRegularExpression, Qt
from PySide6.QtGui import QKeySequence, QMouseEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.edits import Changes
from proposalkit.core.field_help import field_help
from proposalkit.core.locations import Where
from proposalkit.core.model import MAX_DATE, MAX_SHORT_TEXT, text_limit
from proposalkit.core.validation import Location
from proposalkit.gui import spelling
from proposalkit.gui.guard import plain, plain_tip
from proposalkit.gui.qt_gaps import qt_locale
from proposalkit.gui.session import Session
from proposalkit.i18n import facts

#: What the fields accept while typing; validation says whether the result is complete.
POSTAL_CODE = r"[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d|[A-Za-z0-9 ]{0,7}"
PHONE = r"[0-9 ()+.\-]{0,20}((ext\.?|poste|x|#) ?\d{0,6})?"
NEQ = r"[0-9 ]{0,12}"

ERROR_STYLE = (
    "color: palette(bright-text); background: #b3261e; border-radius: 3px; padding: 2px 4px;"
)


class DateEdit(QDateEdit):
    """A date input that may be empty: ``special_text`` stands for no date.

    Qt shows the special text at the minimum date, but typing over it does nothing
    useful; the first key (or click) on an empty input therefore starts from
    ``suggested``, with its first section selected, so that digits typed replace it.
    """

    EMPTY = QDate(1900, 1, 1)

    def __init__(self, locale: QLocale, special_text: str, suggested: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggested = QDate(suggested.year, suggested.month, suggested.day)
        self.setLocale(locale)
        # The locale's numeric date (2018-07-01 in Canada): typed as digits, section by
        # section; the calendar popup is there for picking with the mouse.
        self.setDisplayFormat(locale.dateFormat(QLocale.FormatType.ShortFormat))
        self.setCalendarPopup(True)
        self.setMinimumDate(self.EMPTY)
        # The model's range (the minimum stays EMPTY: it stands for "no date").
        self.setMaximumDate(QDate(MAX_DATE.year, MAX_DATE.month, MAX_DATE.day))
        self.setSpecialValueText(special_text)
        # One edit when the date is complete (Enter, focus out, a step), not per digit.
        self.setKeyboardTracking(False)
        # As wide as a date, not as the form.
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def value(self) -> date | None:
        """The date shown (None when empty)."""
        shown = self.date()
        return None if shown == self.EMPTY else shown.toPython()  # type: ignore[return-value]

    def set_value(self, value: date | None) -> None:
        """Show ``value`` (empty for None) without emitting a change."""
        target = self.EMPTY if value is None else QDate(value.year, value.month, value.day)
        if self.date() != target:
            self.blockSignals(True)
            self.setDate(target)
            self.blockSignals(False)

    def _start_from_suggestion(self) -> None:
        if self.date() == self.EMPTY and not self.isReadOnly():
            self.set_value(self.suggested.toPython())  # type: ignore[arg-type]
            self.setSelectedSection(self.sectionAt(0))

    def keyPressEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Typing into an empty input starts from the suggestion; Delete on the whole
        text empties it."""
        key = event.key()  # type: ignore[attr-defined]
        whole = self.lineEdit().selectedText() == self.lineEdit().text()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and whole and not self.isReadOnly():
            self.setDate(self.EMPTY)
            return
        if event.text().isdigit() or key in (  # type: ignore[attr-defined]
                Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                Qt.Key.Key_F4):
            self._start_from_suggestion()
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """The calendar of an empty input opens on the suggested month."""
        self._start_from_suggestion()
        super().mousePressEvent(event)


@dataclass
class Binding:
    """One input and the location it edits."""

    location: Location
    widget: QWidget
    read: Callable[[], object]
    write: Callable[[object], None]
    message: QLabel


class UndoRouter(QObject):
    """Sends Ctrl+Z / Ctrl+Shift+Z typed in a text input to the session's undo stack.

    Text widgets keep an undo history of their own and claim the undo shortcuts for it
    (through ``ShortcutOverride``), which would give the user two histories: Ctrl+Z in a
    field would undo keystrokes the application's Edit > Undo knows nothing of. Every
    edit is already a command on the session's ``QUndoStack``; this filter makes the
    shortcuts reach it, whichever widget has the focus.
    """

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Undo/redo keys go to the session's stack; other events go on as usual."""
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        undo = event.matches(QKeySequence.StandardKey.Undo)  # type: ignore[attr-defined]
        redo = event.matches(QKeySequence.StandardKey.Redo)  # type: ignore[attr-defined]
        if not (undo or redo):
            return False
        if kind == QEvent.Type.KeyPress:
            stack = self.session.undo_stack
            stack.undo() if undo else stack.redo()
        event.accept()
        return True


class VisitWatcher(QObject):
    """Tells the session when the user leaves one of the form's inputs, so that its
    messages show from then on (and not while the first characters are typed)."""

    def __init__(self, form: Form) -> None:
        super().__init__(form)
        self.form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """On focus out, mark the input's location visited."""
        # A combo box's own list popping up is not leaving it.
        if (event.type() == QEvent.Type.FocusOut
                and event.reason() != Qt.FocusReason.PopupFocusReason):  # type: ignore[attr-defined]
            for binding in self.form.bindings:
                if binding.widget is watched:
                    if self.form.session.visits.visit(binding.location):
                        self.form.show_findings()
                    break
        return False


class Form(QWidget):
    """A labelled form whose inputs edit locations of the session's proposal."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # On a narrow window a long label goes above its input rather than squeezing it.
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.bindings: list[Binding] = []
        self.undo_router = UndoRouter(session, self)
        self.visits = VisitWatcher(self)

    # -- building ---------------------------------------------------------------------
    def _row(self, label: str, widget: QWidget, location: Location,
             read: Callable[[], object], write: Callable[[object], None],
             note: QLabel | None = None) -> QWidget:
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        message = plain(QLabel())
        message.setWordWrap(True)
        message.setStyleSheet(ERROR_STYLE)
        message.setVisible(False)
        box.addWidget(message)
        if note is not None:
            box.addWidget(note)
        self.layout_.addRow(caption, holder)
        binding = Binding(location, widget, read, write, message)
        self.bindings.append(binding)
        # Its format and an example, from the one table of field help.
        help_text = field_help(location)
        if help_text:
            self.describe({location: self.session.translator.gettext(help_text)})
        widget.installEventFilter(self.visits)
        write(self.session.value(location))
        return widget

    @staticmethod
    def _limit_note() -> QLabel:
        # Under the input (below its findings): the count near the limit, and what was
        # not added past it. Separate from the findings label, which show_findings owns.
        note = plain(QLabel())
        note.setWordWrap(True)
        note.setVisible(False)
        note.setObjectName("limitNote")
        return note

    def _say_refused(self, note: QLabel, length: int | None, limit: int) -> None:
        tr, lang = self.session.translator, self.session.lang
        if length is None:  # Qt kept what fits and dropped the rest
            text = tr.gettext("At most {limit} characters: what you typed or pasted past "
                              "them was not added.").format(limit=_count(limit, lang))
        else:
            text = tr.gettext(
                "At most {limit} characters: what you typed or pasted was not added (the "
                "text would have had {length}).").format(limit=_count(limit, lang),
                                                         length=_count(length, lang))
        note.setText(text)
        note.setStyleSheet(ERROR_STYLE)
        note.setVisible(True)

    def line(self, label: str, location: Location, pattern: str | None = None,
             placeholder: str = "", tidy: Callable[[str], str] | None = None) -> QLineEdit:
        """A one-line text input; typing stops at the limit of the field it edits;
        ``tidy`` rewrites what was typed once the user leaves it (``g9n6t5`` becomes
        ``G9N 6T5``), as one more undoable edit."""
        edit = QLineEdit()
        edit.installEventFilter(self.undo_router)
        edit.setPlaceholderText(placeholder)
        limit = text_limit(location) or MAX_SHORT_TEXT  # the model's limit
        edit.setMaxLength(limit)
        if pattern:
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
        edit.textEdited.connect(lambda text: self.session.set_value(location, text, merge=True))
        if tidy is not None:
            def tidy_up() -> None:
                shown = tidy(edit.text())
                if shown != edit.text() and not edit.isReadOnly():
                    self.session.set_value(location, shown)

            edit.editingFinished.connect(tidy_up)

        def write(value: object) -> None:
            if edit.text() != (value or ""):
                edit.setText(str(value or ""))

        note = self._limit_note()
        self._row(label, edit, location, edit.text, write, note)

        def rejected() -> None:
            # Qt cut a paste (or refused a key) at the limit: say so, never silently.
            if len(edit.text()) >= limit:
                self._say_refused(note, None, limit)

        def edited(text: str) -> None:
            if len(text) < limit:
                note.setVisible(False)

        edit.inputRejected.connect(rejected)
        edit.textEdited.connect(edited)
        return edit

    def text(self, label: str, location: Location, minimum_height: int = 80) -> QPlainTextEdit:
        """A multi-line text input, spell-checked in the proposal's language. It never
        shows what the model does not hold: an edit past the field's limit (or refused
        otherwise) is taken back at once and said under it; near the limit, a count of
        characters shows how much room is left."""
        edit = QPlainTextEdit()
        spelling.attach(edit, self.session)
        # One history: the session's (see UndoRouter); no second copy of a long text.
        edit.setUndoRedoEnabled(False)
        edit.installEventFilter(self.undo_router)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(minimum_height)
        limit = text_limit(location)
        note = self._limit_note()
        # The text last shown or typed: comparing with it spares converting a long
        # document to a string again after each keystroke.
        shown: dict[str, str | None] = {"text": None}

        def show(text: str, cursor_at: int | None = None) -> None:
            shown["text"] = text
            scroll = edit.verticalScrollBar().value()
            edit.blockSignals(True)
            edit.setPlainText(text)
            edit.blockSignals(False)
            if cursor_at is not None:
                cursor = edit.textCursor()
                cursor.setPosition(max(0, min(cursor_at, len(text))))
                edit.setTextCursor(cursor)
                edit.verticalScrollBar().setValue(scroll)

        def typed() -> None:
            text = edit.toPlainText()
            before = shown["text"] or ""
            if limit is not None and len(text) > limit:
                # Where the cursor was before the insertion that went past the limit.
                back_to = edit.textCursor().position() - (len(text) - len(before))
                show(before, back_to)
                self._say_refused(note, len(text), limit)
                return
            shown["text"] = text
            self.session.set_value(location, text, merge=True)
            held = self.session.value(location)
            if self.session.proposal is not None and (held or "") != text:
                show(str(held or ""), edit.textCursor().position())  # refused: status bar
            counted(len(text))

        def counted(length: int) -> None:
            if limit is None:
                return
            near = length >= limit * 9 // 10
            if near:  # a hidden note is not written (nor restyled) on every keystroke
                if note.styleSheet():
                    note.setStyleSheet("")
                note.setText(self.session.translator.gettext(
                    "{count} of {limit} characters").format(
                    count=_count(length, self.session.lang),
                    limit=_count(limit, self.session.lang)))
            note.setVisible(near)

        edit.textChanged.connect(typed)

        def write(value: object) -> None:
            text = str(value or "")
            if shown["text"] != text:
                show(text)
            counted(len(text))

        self._row(label, edit, location, edit.toPlainText, write, note)
        return edit

    def combo(self, label: str, location: Location, choices: list[tuple[str, str]],
              empty: str) -> QComboBox:
        """A choice among ``choices`` (id, label), with ``empty`` for nothing chosen."""
        box = QComboBox()
        box.addItem(empty, "")
        for ident, text in choices:
            box.addItem(text, ident)

        def changed(index: int) -> None:
            value = box.itemData(index) or ""
            current = self.session.value(location)
            if current is None and value == "":
                return
            self.session.set_value(location, value if value or current is not None else None)

        box.currentIndexChanged.connect(changed)

        def write(value: object) -> None:
            index = max(box.findData(value or ""), 0)
            if box.currentIndex() != index:
                box.blockSignals(True)
                box.setCurrentIndex(index)
                box.blockSignals(False)

        return self._row(label, box, location, box.currentData, write)  # type: ignore[return-value]

    def check(self, label: str, text: str, location: Location) -> QCheckBox:
        """A yes/no question."""
        box = QCheckBox(text)
        box.toggled.connect(lambda on: self.session.set_value(location, bool(on)))

        def write(value: object) -> None:
            if box.isChecked() != bool(value):
                box.blockSignals(True)
                box.setChecked(bool(value))
                box.blockSignals(False)

        return self._row(label, box, location, box.isChecked, write)  # type: ignore[return-value]

    def date(self, label: str, location: Location, empty: str, suggested: date) -> DateEdit:
        """A date, or none (``empty`` is shown); typing into it starts from ``suggested``."""
        edit = DateEdit(qt_locale(self.session.lang), empty, suggested)
        edit.installEventFilter(self.undo_router)

        def changed() -> None:
            self.session.set_value(location, edit.value())

        edit.dateChanged.connect(lambda _date: changed())
        # A suggestion accepted as it is (Enter, or leaving the input) is a date too.
        edit.editingFinished.connect(changed)

        def write(value: object) -> None:
            edit.set_value(value if isinstance(value, date) else None)

        return self._row(label, edit, location, edit.value, write)  # type: ignore[return-value]

    def describe(self, helps: dict[Location, str]) -> None:
        """Give inputs their help (format and example): the tooltip while no message
        is shown, and what a screen reader says."""
        for binding in self.bindings:
            text = helps.get(binding.location)
            if text:
                binding.widget.setAccessibleDescription(text)
                binding.widget.setToolTip(text)

    def set_read_only(self, on: bool) -> None:
        """Text stays selectable and copyable but cannot be changed; choices are greyed."""
        for binding in self.bindings:
            widget = binding.widget
            if isinstance(widget, (QLineEdit, QPlainTextEdit, QAbstractSpinBox)):
                widget.setReadOnly(on)
            else:
                widget.setEnabled(not on)

    # -- keeping in sync --------------------------------------------------------------
    def refresh(self, changes: Changes | None = None) -> None:
        """Show the model's values again (after an edit, an undo, a redo or a reload):
        those ``changes`` touch, or all without."""
        for binding in self.bindings:
            if changes is None or changes.touches(binding.location):
                binding.write(self.session.value(binding.location))

    def show_findings(self) -> None:
        """Put each finding's message under its input, once the user has been there
        (left the input, or checked or left its step): not on a blank form."""
        by_location: dict[Location, list[str]] = {}
        for finding in self.session.findings:
            by_location.setdefault(finding.location, []).append(finding.message)
        for binding in self.bindings:
            shown = self.session.visits.shows_at(binding.location)
            messages = by_location.get(binding.location, []) if shown else []
            binding.message.setText("\n".join(messages))
            binding.message.setVisible(bool(messages))
            # Without a finding, the input's own help (its accessible description).
            help_text = binding.widget.accessibleDescription()
            binding.widget.setToolTip(plain_tip("\n".join(messages) or help_text))

    def focus(self, location: Location) -> bool:
        """Put the keyboard focus on the input for ``location``, if this form has it."""
        where = Where(location)
        for binding in self.bindings:
            if where.within(binding.location):
                binding.widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False



def _count(number: int, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(number, locale=facts(lang).locale)
