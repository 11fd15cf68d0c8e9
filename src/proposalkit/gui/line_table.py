"""The view of a :class:`~proposalkit.gui.tables.LineTableModel`: delegates that edit
amounts in the user's language and choices in a combo box, Ctrl+V paste of a spreadsheet
block, and the current line kept across the model's resets (a line regrouped, an undo).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QKeySequence
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

from proposalkit.core.model import text_limit
from proposalkit.gui.dialogs import ask_paste_over
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


class TextDelegate(QStyledItemDelegate):
    """Edits a text column; typing stops at the limit of the field the column edits."""

    @guarded(None)
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: ModelIndex) -> QWidget:
        """Qt's usual editor, limited to what the model accepts in that field."""
        editor = super().createEditor(parent, option, index)
        model = index.model()
        column = model.columns[index.column()]  # type: ignore[attr-defined]
        limit = text_limit((*model.location, 0, *column.key))  # type: ignore[attr-defined]
        if isinstance(editor, QLineEdit) and limit is not None:
            editor.setMaxLength(limit)
        return editor


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


class _NameDelegate(QStyledItemDelegate):
    """In the frozen names: a subtotal or total row shows its label (the main view spans
    it across the text columns; here only the name column is left)."""

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                        index: ModelIndex) -> None:
        super().initStyleOption(option, index)
        model = index.model()
        if model.line_at(index.row()) is None:  # type: ignore[attr-defined]
            option.text = str(model.index(index.row(), 0).data() or "")


class FrozenNames(QTableView):
    """The lines' names kept at the left while the years scroll (Qt's "Frozen Column"
    example): a second view of the same model, showing only the name column, laid over
    the table's left edge whenever it is scrolled sideways. ``minimum``: the narrowest
    readable width of the names; ``delegate`` paints them (the view's default if None).
    Also over the financing plan's table (its sources)."""

    def __init__(self, table: QTableView, column: int, minimum: Callable[[], int],
                 delegate: QStyledItemDelegate | None = None) -> None:
        super().__init__(table)
        self.table, self.column, self.minimum = table, column, minimum
        self.setModel(table.model())
        # A label strip: no selection of its own (a shared selection model would be
        # cleared by this view's reset after the table has restored its current line).
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(table.verticalScrollMode())
        if delegate is not None:
            delegate.setParent(self)
            self.setItemDelegate(delegate)
        self.setStyleSheet("QTableView { border: none; border-right: 1px solid palette(mid); }")
        self.setAccessibleName(table.accessibleName())
        table.viewport().stackUnder(self)
        self.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        table.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        table.horizontalScrollBar().valueChanged.connect(self.place)
        table.verticalHeader().sectionResized.connect(self._row_resized)
        table.model().modelReset.connect(self.columns_changed)
        self.columns_changed()

    def columns_changed(self) -> None:
        """Only the name column shows; its rows as tall as the table's."""
        for column in range(self.model().columnCount()):
            self.setColumnHidden(column, column != self.column)
        for row in range(self.model().rowCount()):
            self.setRowHeight(row, self.table.rowHeight(row))
        self.place()

    def _row_resized(self, row: int, _old: int, new: int) -> None:
        self.setRowHeight(row, new)

    def width_wanted(self) -> int:
        """The names' width: the column's, at most a third of the table (at least the
        readable ``minimum``)."""
        return min(self.table.columnWidth(self.column),
                   max(self.minimum(), self.table.viewport().width() // 3))

    def uncover(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """After the table scrolled to ``index``: a cell under the names when the table
        is not scrolled (the names, the texts beside them) scrolls it back to its start;
        any other comes out from under the names."""
        table, bar = self.table, self.table.horizontalScrollBar()
        if not index.isValid() or bar.value() == 0:
            return
        covered = self.width_wanted() + 1
        left = table.columnViewportPosition(index.column())
        if left >= covered:
            return
        beside_names = left + bar.value() < covered
        bar.setValue(0 if beside_names else max(0, bar.value() - (covered - left)))

    def place(self) -> None:
        """Over the table's left edge while it is scrolled sideways, hidden otherwise."""
        table = self.table
        scrolled = table.horizontalScrollBar().value() > 0
        self.setVisible(scrolled)
        if not scrolled:
            return
        width = self.width_wanted()
        self.setColumnWidth(self.column, width)
        frame = table.frameWidth()
        self.setGeometry(frame, frame, width + 1,
                         table.viewport().height() + table.horizontalHeader().height())
        self.horizontalHeader().setFixedHeight(table.horizontalHeader().height())
        self.verticalScrollBar().setValue(table.verticalScrollBar().value())


#: What a cell adds around its text (the style's margins and the grid line), at least.
_CELL_PADDING = 12

class LineTable(QTableView):
    """A table view for a :class:`LineTableModel`, with delegates and Ctrl+V paste."""

    def __init__(self, model: LineTableModel, accessible_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: FrozenNames | None = None
        #: The columns kept beside the frozen names on a narrow table (the years'
        #: amounts by default; an indicator's baseline and targets).
        self.year_columns: list[int] = [c for c, column in enumerate(model.columns)
                                        if column.kind == "money"]
        #: The user moved the sideways scroll bar: the table no longer scrolls by itself.
        self._user_scrolled = False
        self.horizontalScrollBar().actionTriggered.connect(self._scrolled_by_user)
        self.setModel(model)
        self.setAccessibleName(accessible_name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers
                             & ~QAbstractItemView.EditTrigger.CurrentChanged)
        self.setTabKeyNavigation(True)
        # By pixels: the first year can then start exactly where the frozen names end.
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(False)
        header = self.horizontalHeader()
        self.money_delegate = MoneyDelegate(self)
        self.choice_delegate = ChoiceDelegate(self)
        self.text_delegate = TextDelegate(self)
        for c, column in enumerate(model.columns):
            if column.kind == "money":
                self.setItemDelegateForColumn(c, self.money_delegate)
            elif column.kind == "choice":
                self.setItemDelegateForColumn(c, self.choice_delegate)
            elif column.kind not in ("sum", "bool"):
                self.setItemDelegateForColumn(c, self.text_delegate)
            # Amounts, choices and totals are as wide as their contents, fitted when the
            # lines change (not ResizeToContents: Qt would measure up to a thousand rows
            # after every edit); free-text columns are sized by _fit_text_columns: the
            # room left, but never below a readable minimum (the table scrolls sideways).
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        self._text_columns = [c for c, column in enumerate(model.columns)
                              if column.kind not in ("money", "choice", "sum", "bool", "date")]
        self._content_columns = [c for c in range(len(model.columns))
                                 if c not in self._text_columns]
        header.sectionResized.connect(self._section_resized)
        self._fitting = False
        model.modelReset.connect(self.fit_columns)
        model.headerDataChanged.connect(self.fit_columns)
        model.dataChanged.connect(self._widen)
        self.fit_columns()

        model.modelReset.connect(self.update_spans)
        # The current line stays current when the table is rebuilt (regrouped, undone).
        self._kept: tuple[int, int] | None = None
        self._reopen = False
        #: What the user had typed in the editor closed by a reset (put back after it).
        self._typed: str | None = None
        model.modelAboutToBeReset.connect(self._keep_current)
        model.modelReset.connect(self._restore_current)
        self.update_spans()
        # The line's name (its description) stays in view while the years scroll.
        names = next((c for c, column in enumerate(model.columns)
                      if column.key == ("description",)), None)
        if names is not None:
            self.freeze_names(names)

    def freeze_names(self, column: int) -> None:
        """Keep ``column`` (the lines' names) at the left while the years scroll."""
        if self.names is None:
            self.names = FrozenNames(self, column, self.text_minimum, _NameDelegate())
            self.show_years()

    def text_minimum(self) -> int:
        """The narrowest a free-text column (a description) may be: about 18 letters."""
        return self.fontMetrics().horizontalAdvance("M") * 12

    def choice_maximum(self) -> int:
        """The widest a choice column is made: about 16 letters (longer ones elide)."""
        return self.fontMetrics().horizontalAdvance("M") * 11

    def fit_columns(self) -> None:
        """Size the choice columns to their contents, and the amounts from the widest
        amount: every year's column as wide as the widest year (a spreadsheet's even
        columns), the total as its widest. Amounts are never negative, so the widest
        is on a total or subtotal row: no measuring of every line."""
        self._room: dict[int, int] = {}
        model, header = self.line_model, self.horizontalHeader()
        years = [c for c in self._content_columns if model.columns[c].kind == "money"]
        sums = [c for c in self._content_columns if model.columns[c].kind == "sum"]
        for column in self._content_columns:
            if column not in years and column not in sums:
                self.resizeColumnToContents(column)
                if model.columns[column].kind != "choice":
                    continue  # a date is shown whole
                # A long choice ("Contribution demandée au Québec (ce programme)") is
                # elided, its group's subtotal row says it whole: the years keep the room.
                header.resizeSection(column, min(header.sectionSize(column),
                                                 self.choice_maximum()))
        for group in (years, sums):
            if group:
                width = max(self._amount_width(c) for c in group)
                for column in group:
                    header.resizeSection(column, width)
        self._fit_text_columns()
        self.show_years()

    def _amount_width(self, column: int) -> int:
        """The width the widest amount of ``column`` (or its title) needs."""
        model, header = self.line_model, self.horizontalHeader()
        bold = QFont(self.font())
        bold.setBold(True)
        heavy = QFontMetrics(bold)
        texts = [model.data(model.index(row, column)) for row, info in enumerate(model.rows)
                 if info.kind != "line"] or [model.data(model.index(0, column))
                                             if model.rows else ""]
        widest = max((heavy.horizontalAdvance(t) for t in texts if isinstance(t, str)),
                     default=0)
        return max(widest + _CELL_PADDING, header.sectionSizeFromContents(column).width())

    def _widen(self, top: QModelIndex, bottom: QModelIndex, _roles: Any = ()) -> None:
        # An edit repaints a row: a column is fitted again only when that row's new text
        # no longer fits (measured with the font, not the delegate); it never shrinks on
        # an edit, the next reset fits it.
        if bottom.row() - top.row() > 64:
            return  # the whole table (a regroup): the reset that follows fits it
        header, model = self.horizontalHeader(), self.model()
        bold = QFont(self.font())
        bold.setBold(True)
        plain, heavy = self.fontMetrics(), QFontMetrics(bold)
        for column in self._content_columns:
            if not top.column() <= column <= bottom.column():
                continue
            for row in range(top.row(), bottom.row() + 1):
                text = model.data(model.index(row, column))
                if not isinstance(text, str):
                    continue
                metrics = heavy if self.line_model.line_at(row) is None else plain
                need = metrics.horizontalAdvance(text) + _CELL_PADDING
                if need > max(header.sectionSize(column), self._room.get(column, 0)):
                    self.resizeColumnToContents(column)
                    # Our measure is rougher than Qt's: what it asked is known to fit.
                    self._room[column] = need
                    break

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if column not in self._text_columns:
            self._fit_text_columns()

    def _fit_text_columns(self) -> None:
        """Give the free-text columns the width the others leave, at least their minimum."""
        if self._fitting or not self._text_columns:
            return
        self._fitting = True
        try:
            header = self.horizontalHeader()
            others = sum(header.sectionSize(c) for c in range(header.count())
                         if c not in self._text_columns and not header.isSectionHidden(c))
            room = (self.viewport().width() - others) // len(self._text_columns)
            for column in self._text_columns:
                header.resizeSection(column, max(room, self.text_minimum()))
        finally:
            self._fitting = False

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        """Refit the free-text columns to the new width; where the years do not all fit
        beside the texts, show them beside the frozen names."""
        super().resizeEvent(event)
        self._fit_text_columns()
        self.show_years()
        if self.names is not None:
            self.names.place()

    def show_years(self) -> None:
        """Scroll sideways so that the first year starts right after the frozen names,
        when the years and the texts do not fit side by side (a small screen)."""
        years = self.year_columns
        if self.names is None or not years:
            return
        bar = self.horizontalScrollBar()
        if self._user_scrolled or self.state() == QAbstractItemView.State.EditingState:
            return  # the table stays where the user put it, or is typing
        header = self.horizontalHeader()
        end = header.sectionPosition(years[-1]) + header.sectionSize(years[-1])
        first = header.sectionPosition(years[0])
        wanted = 0 if end <= self.viewport().width() else max(
            0, first - self.names.width_wanted() - 1)
        bar.setValue(wanted)
        self.names.place()  # the header's height may have changed without a scroll

    def _scrolled_by_user(self, _action: int) -> None:
        self._user_scrolled = True

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,  # noqa: N802
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
                 ) -> None:
        """Bring a cell into view, never under the frozen names: a cell that sits under
        them when the table is not scrolled (the names, the texts beside them) scrolls
        the table back to its start; any other comes out from under the names (Tab,
        Shift+Tab and a finding's jump land on a cell one can see, and an editor opened
        there stays in view)."""
        super().scrollTo(index, hint)
        if self.names is not None:
            self.names.uncover(index)

    def dataChanged(self, top_left: QModelIndex | QPersistentModelIndex,  # noqa: N802
                    bottom_right: QModelIndex | QPersistentModelIndex,
                    roles: Any = ()) -> None:
        """Repaint what changed, but never hand the model's value to the editor the user
        is typing in: for a single cell, Qt puts the model's value back into that cell's
        open editor (``setEditorData``), and the validation that runs after every edit
        repaints the cells whose findings changed (a target's "missing" message on every
        year), which would wipe what is being typed in the next cell. What is typed
        reaches the model when the editor closes."""
        # The editor is the current cell's (the view edits where the cursor is); the
        # focus is not asked: a window in the background keeps what was typed too.
        if (top_left == bottom_right and top_left.isValid() and top_left == self.currentIndex()
                and self.state() == QAbstractItemView.State.EditingState):
            self.update(top_left)
            return
        super().dataChanged(top_left, bottom_right, list(roles))

    def _open_editor(self) -> QWidget | None:
        """The cell editor open, if one is: the one with the focus, else (the window in
        the background, the focus not given yet) the viewport's visible child."""
        if self.state() != QAbstractItemView.State.EditingState:
            return None
        widget = QApplication.focusWidget()
        while widget is not None and widget.parentWidget() is not self.viewport():
            widget = widget.parentWidget()
        if widget is not None:
            return widget
        return next((w for w in self.viewport().findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly) if w.isVisible()), None)

    def _keep_current(self) -> None:
        index = self.currentIndex()
        line = self.line_model.line_at(index.row()) if index.isValid() else None
        self._kept = (line, index.column()) if line is not None else None
        # An editor open across a reset (Tab opened the next cell's) is closed here, the
        # view's way: a reset drops it without removing its column delegate's event
        # filter, and its focus-out then commits into a view that no longer knows it.
        editor = self._open_editor()
        self._reopen = editor is not None
        # Typed and not yet committed: it goes into the editor opened again after the
        # reset (an undo, a line regrouped, a change elsewhere must not wipe it).
        self._typed = (editor.text() if isinstance(editor, QLineEdit) and editor.isModified()
                       else None)
        if editor is not None:
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _restore_current(self) -> None:
        if self._kept is not None and self._kept[0] < len(self.line_model.lines):
            self.select_line(*self._kept)
            if self._reopen:
                self.edit(self.currentIndex())
                editor = self._open_editor()
                if self._typed is not None and isinstance(editor, QLineEdit):
                    editor.setText(self._typed)
                    editor.setModified(True)
        self._kept, self._reopen, self._typed = None, False, None

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
        """Ctrl+V pastes a spreadsheet block at the current cell; Ctrl+Tab and
        Ctrl+Shift+Tab leave the table (Tab and Shift+Tab move between its cells)."""
        if (event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            backwards = (event.key() == Qt.Key.Key_Backtab
                         or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            # QWidget's own: the view's would move to the next cell.
            QWidget.focusNextPrevChild(self, not backwards)
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            if not self.line_model.session.read_only:
                self.paste_clipboard()
            return
        super().keyPressEvent(event)

    def paste_clipboard(self) -> bool:
        """Paste the clipboard's text at the current cell: into empty cells as they are;
        over figures only when the user says so (the default adds new lines)."""
        index = self.currentIndex()
        row, column = max(index.row(), 0), max(index.column(), 0)
        text = QGuiApplication.clipboard().text()
        model = self.line_model
        overwrites = model.paste_overwrites(row, column, text)
        if not overwrites:
            return model.paste(row, column, text)
        choice = ask_paste_over(self, model.session.translator, overwrites)
        if choice == "cancel":
            return False
        return model.paste(row, column, text, as_new_lines=choice == "add")

    def select_line(self, line_index: int, column: int = 0) -> None:
        """Make the line's row current."""
        row = self.line_model.row_of_line(line_index)
        if row >= 0:
            index = self.line_model.index(row, column)
            # Current *and* the only cell selected: the old selection would otherwise stay.
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollTo(index)
