"""The view of a :class:`~proposalkit.gui.tables.LineTableModel`: delegates that edit
amounts in the user's language and choices in a combo box, Ctrl+V paste of a spreadsheet
block, and the current line kept across the model's resets (a line regrouped, an undo).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from proposalkit.gui.guard import guarded
from proposalkit.gui.tables import LineTableModel, ModelIndex


class MoneyDelegate(QStyledItemDelegate):
    """Edits an amount as text in the user's language (``400 000,00 $`` or ``$400,000``)."""

    @guarded(None)
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: ModelIndex) -> QWidget:
        """A right-aligned line edit."""
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        editor.setAccessibleName(str(index.model().headerData(
            index.column(), Qt.Orientation.Horizontal)))
        return editor

    @guarded(None)
    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        """Start from the formatted amount, all selected so typing replaces it."""
        editor.setText(index.data(Qt.ItemDataRole.EditRole))  # type: ignore[attr-defined]
        editor.selectAll()  # type: ignore[attr-defined]

    @guarded(None)
    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:  # noqa: N802
        """Hand the text to the model, which parses it (and may refuse it)."""
        model.setData(index, editor.text())  # type: ignore[attr-defined]


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a choice column with a combo box of the column's labels."""

    @guarded(None)
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: ModelIndex) -> QWidget:
        """A combo box of the column's choices."""
        box = QComboBox(parent)
        model = index.model()
        for ident, label in model.columns[index.column()].options():  # type: ignore[attr-defined]
            box.addItem(label, ident)
        return box

    @guarded(None)
    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        """Select the current choice."""
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))  # type: ignore[attr-defined]

    @guarded(None)
    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:  # noqa: N802
        """Store the chosen id."""
        model.setData(index, editor.currentData())  # type: ignore[attr-defined]


class LineTable(QTableView):
    """A table view for a :class:`LineTableModel`, with delegates and Ctrl+V paste."""

    def __init__(self, model: LineTableModel, accessible_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(accessible_name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers
                             & ~QAbstractItemView.EditTrigger.CurrentChanged)
        self.setTabKeyNavigation(True)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(False)
        header = self.horizontalHeader()
        self.money_delegate = MoneyDelegate(self)
        self.choice_delegate = ChoiceDelegate(self)
        for c, column in enumerate(model.columns):
            if column.kind == "money":
                self.setItemDelegateForColumn(c, self.money_delegate)
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
            elif column.kind == "choice":
                self.setItemDelegateForColumn(c, self.choice_delegate)
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
            elif column.kind in ("sum", "bool"):
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
            else:
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)

        model.modelReset.connect(self.update_spans)
        # The current line stays current when the table is rebuilt (regrouped, undone).
        self._kept: tuple[int, int] | None = None
        self._reopen = False
        model.modelAboutToBeReset.connect(self._keep_current)
        model.modelReset.connect(self._restore_current)
        self.update_spans()

    def _open_editor(self) -> QWidget | None:
        """The cell editor that has the focus, if one is open."""
        widget = QApplication.focusWidget()
        while widget is not None and widget.parentWidget() is not self.viewport():
            widget = widget.parentWidget()
        return widget if self.state() == QAbstractItemView.State.EditingState else None

    def _keep_current(self) -> None:
        index = self.currentIndex()
        line = self.line_model.line_at(index.row()) if index.isValid() else None
        self._kept = (line, index.column()) if line is not None else None
        # An editor open across a reset (Tab opened the next cell's) is closed here, the
        # view's way: a reset drops it without removing its column delegate's event
        # filter, and its focus-out then commits into a view that no longer knows it.
        editor = self._open_editor()
        self._reopen = editor is not None
        if editor is not None:
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _restore_current(self) -> None:
        if self._kept is not None and self._kept[0] < len(self.line_model.lines):
            self.select_line(*self._kept)
            if self._reopen:
                self.edit(self.currentIndex())
        self._kept, self._reopen = None, False

    def set_read_only(self, on: bool) -> None:
        """No editor opens on a read-only table (the model refuses edits too)."""
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if on else (
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged))

    def update_spans(self) -> None:
        """Subtotal and total labels run across the text columns before the amounts."""
        self.clearSpans()
        model = self.line_model
        width = next((c for c, col in enumerate(model.columns)
                      if col.kind in ("money", "sum", "bool")), 1)
        if width < 2:
            return
        for row, info in enumerate(model.rows):
            if info.kind != "line":
                self.setSpan(row, 0, 1, width)

    @property
    def line_model(self) -> LineTableModel:
        """The table's model."""
        return self.model()  # type: ignore[return-value]

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        """Ctrl+V pastes a spreadsheet block at the current cell."""
        if event.matches(QKeySequence.StandardKey.Paste):
            if not self.line_model.session.read_only:
                self.paste_clipboard()
            return
        super().keyPressEvent(event)

    def paste_clipboard(self) -> bool:
        """Paste the clipboard's text at the current cell."""
        index = self.currentIndex()
        text = QGuiApplication.clipboard().text()
        return self.line_model.paste(max(index.row(), 0), max(index.column(), 0), text)

    def select_line(self, line_index: int, column: int = 0) -> None:
        """Make the line's row current."""
        row = self.line_model.row_of_line(line_index)
        if row >= 0:
            self.setCurrentIndex(self.line_model.index(row, column))
