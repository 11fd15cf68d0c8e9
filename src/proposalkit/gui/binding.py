"""Forms bound to the session: each input shows one location of the proposal and turns
what the user types into an undoable edit; findings at that location appear under it.

A widget never holds proposal logic: it reads the value through the session, writes it
back through :meth:`Session.set_value`, and shows the messages validation produced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.validation import Location
from proposalkit.gui.session import Session

#: What the fields accept while typing; validation says whether the result is complete.
POSTAL_CODE = r"[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d|[A-Za-z0-9 ]{0,7}"
PHONE = r"[0-9 ()+.\-]{0,20}((ext\.?|poste|x|#) ?\d{0,6})?"
NEQ = r"[0-9 ]{0,12}"

ERROR_STYLE = (
    "color: palette(bright-text); background: #b3261e; border-radius: 3px; padding: 2px 4px;"
)


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


class Form(QWidget):
    """A labelled form whose inputs edit locations of the session's proposal."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.bindings: list[Binding] = []
        self.undo_router = UndoRouter(session, self)

    # -- building ---------------------------------------------------------------------
    def _row(self, label: str, widget: QWidget, location: Location,
             read: Callable[[], object], write: Callable[[object], None]) -> QWidget:
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        message = QLabel()
        message.setWordWrap(True)
        message.setStyleSheet(ERROR_STYLE)
        message.setVisible(False)
        box.addWidget(message)
        self.layout_.addRow(caption, holder)
        binding = Binding(location, widget, read, write, message)
        self.bindings.append(binding)
        write(self.session.value(location))
        return widget

    def line(self, label: str, location: Location, pattern: str | None = None,
             placeholder: str = "") -> QLineEdit:
        """A one-line text input."""
        edit = QLineEdit()
        edit.installEventFilter(self.undo_router)
        edit.setPlaceholderText(placeholder)
        if pattern:
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
        edit.textEdited.connect(lambda text: self.session.set_value(location, text, merge=True))

        def write(value: object) -> None:
            if edit.text() != (value or ""):
                edit.setText(str(value or ""))

        return self._row(label, edit, location, edit.text, write)  # type: ignore[return-value]

    def text(self, label: str, location: Location, minimum_height: int = 80) -> QPlainTextEdit:
        """A multi-line text input."""
        edit = QPlainTextEdit()
        # One history: the session's (see UndoRouter); no second copy of a long text.
        edit.setUndoRedoEnabled(False)
        edit.installEventFilter(self.undo_router)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(minimum_height)
        # The text last shown or typed: comparing with it spares converting a long
        # document to a string again after each keystroke.
        shown = {"text": None}

        def typed() -> None:
            shown["text"] = edit.toPlainText()
            self.session.set_value(location, shown["text"], merge=True)

        edit.textChanged.connect(typed)

        def write(value: object) -> None:
            text = str(value or "")
            if shown["text"] != text:
                shown["text"] = text
                edit.blockSignals(True)
                edit.setPlainText(text)
                edit.blockSignals(False)

        return self._row(label, edit, location, edit.toPlainText, write)  # type: ignore[return-value]

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

    def set_read_only(self, on: bool) -> None:
        """Text stays selectable and copyable but cannot be changed; choices are greyed."""
        for binding in self.bindings:
            widget = binding.widget
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(on)
            else:
                widget.setEnabled(not on)

    # -- keeping in sync --------------------------------------------------------------
    def refresh(self, location: Location | None = None) -> None:
        """Show the model's values again (after an undo, a redo or a reload)."""
        for binding in self.bindings:
            if location is None or _related(binding.location, location):
                binding.write(self.session.value(binding.location))

    def show_findings(self) -> None:
        """Put each finding's message under its input."""
        by_location: dict[Location, list[str]] = {}
        for finding in self.session.findings:
            by_location.setdefault(finding.location, []).append(finding.message)
        for binding in self.bindings:
            messages = by_location.get(binding.location, [])
            binding.message.setText("\n".join(messages))
            binding.message.setVisible(bool(messages))
            binding.widget.setToolTip("\n".join(messages))

    def focus(self, location: Location) -> bool:
        """Put the keyboard focus on the input for ``location``, if this form has it."""
        for binding in self.bindings:
            if binding.location == location[: len(binding.location)]:
                binding.widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False


def _related(a: Location, b: Location) -> bool:
    size = min(len(a), len(b))
    return a[:size] == b[:size]
