"""Editable tables over lists of the proposal: budget lines, partners, committee members.

:class:`LineTableModel` adapts one list of the proposal (``("budget", "expenses")``...)
to a ``QAbstractTableModel``: optional grouping with a subtotal row per group, a total
row, per-year money columns with a row total, cells in error coloured with the finding
as tooltip. Every change is an operation of :mod:`proposalkit.core.edits` given to the
session (one year's amount of one line, a line inserted, removed or moved; a block pasted
from a spreadsheet is one step). The session's :class:`~proposalkit.core.edits.Changes`
say which lines changed: a value repaints its row, its subtotal and the total; only a
change of the lines themselves resets the model. The view and its delegates are in
:mod:`line_table`.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from proposalkit.core import edits
from proposalkit.core.dates import DateError, long_date, parse_day
from proposalkit.core.edits import Changes
from proposalkit.core.field_help import field_help
from proposalkit.core.money import AmountError, format_amount, parse_amount
from proposalkit.core.pasting import parse_block
from proposalkit.core.validation import Location
from proposalkit.gui.guard import guarded, plain_tip
from proposalkit.gui.session import Session

ZERO = Decimal(0)
Kind = Literal["text", "choice", "money", "bool", "sum", "date"]
ERROR_BRUSH = QBrush(QColor(229, 57, 53, 110))
WARNING_BRUSH = QBrush(QColor(255, 179, 0, 90))
TOTAL_BRUSH = QBrush(QColor(127, 127, 127, 40))
ModelIndex = QModelIndex | QPersistentModelIndex


def _has_cents(added: tuple[str, tuple[Decimal, ...]]) -> bool:
    return any(amount != amount.to_integral_value() for amount in added[1])


@dataclass(frozen=True)
class Column:
    """One column: the path inside a line, its title and how it is edited."""

    key: tuple[str | int, ...]
    title: str
    kind: Kind = "text"
    #: (id, label) pairs, or a function giving them (choices that change: partners).
    choices: tuple[tuple[str, str], ...] | Callable[[], tuple[tuple[str, str], ...]] = ()
    #: For ``sum`` columns: the columns added up.
    of: tuple[int, ...] = ()
    #: For a choice left empty: what the line stands on instead, shown in the cell (e.g. a
    #: partner's letter as a revenue's evidence), or None to show the empty choice's label.
    fallback: Callable[[Any], str | None] | None = None

    def options(self) -> tuple[tuple[str, str], ...]:
        """The (id, label) pairs of a choice column."""
        return self.choices() if callable(self.choices) else self.choices


@dataclass(frozen=True)
class Row:
    """A table row: a line of the list, a group's subtotal, or the total."""

    kind: Literal["line", "subtotal", "total"]
    index: int = -1
    group: str = ""


@dataclass
class Grouping:
    """How lines are grouped: the field, the groups' order and their labels."""

    key: str
    order: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)


def _amount(line: Any, key: tuple[str | int, ...]) -> Decimal:
    values = getattr(line, str(key[0]))
    index = int(key[1])
    return values[index] if index < len(values) else ZERO


class LineTableModel(QAbstractTableModel):
    """A list of the proposal as rows, with subtotals and totals."""

    #: A typed value was refused; the argument says why, in the user's language.
    input_error = Signal(str)

    def __init__(self, session: Session, location: Location, columns: Sequence[Column],
                 make_line: Callable[[str], Any], grouping: Grouping | None = None,
                 total_label: str = "", parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.location = tuple(location)
        self.columns = list(columns)
        self.make_line = make_line
        self.grouping = grouping
        self.total_label = total_label
        #: A second line under a column's title (a project year's months), if any.
        self.column_note: Callable[[int], str] = lambda _column: ""
        self.rows: list[Row] = []
        #: The row of each line, and of each group's subtotal.
        self._row_of: dict[int, int] = {}
        self._subtotal_of: dict[str, int] = {}
        self._sum_cache: dict[tuple[str, str, int], Decimal] | None = None
        #: Every amount of the list is a whole number of dollars (they show without cents).
        self.whole_dollars = False
        #: What each line adds to the sums (its group, its money cells), so that an
        #: edit of one line updates them without going over the others; and the lines
        #: with cents somewhere (none: the amounts show as whole dollars).
        self._added: dict[int, tuple[str, tuple[Decimal, ...]]] = {}
        self._with_cents: set[int] = set()
        self._cell_findings: dict[tuple[int, int], list[tuple[str, str]]] = {}
        # A line moved to another group is regrouped once the cell's editor has closed:
        # resetting the model while the view commits the editor's data would delete the
        # editor under the view's feet (Qt warns that it no longer belongs to the view).
        self._regroup = QTimer(self)
        self._regroup.setSingleShot(True)
        self._regroup.setInterval(0)
        self._regroup.timeout.connect(self.reload)
        self._whole_changed = QTimer(self)
        self._whole_changed.setSingleShot(True)
        self._whole_changed.setInterval(0)
        self._whole_changed.timeout.connect(self._amounts_reformatted)
        self._rebuild()
        session.changed.connect(self._on_changed)
        session.reset.connect(self.reload)
        session.findings_changed.connect(self._on_findings)

    # -- structure --------------------------------------------------------------------
    @property
    def lines(self) -> list[Any]:
        """The list of the proposal this table shows."""
        if self.session.proposal is None:
            return []
        return self.session.value(self.location)  # type: ignore[return-value]

    def _rebuild(self) -> None:
        rows: list[Row] = []
        lines = self.lines
        if self.grouping is None:
            rows = [Row("line", i) for i in range(len(lines))]
        else:
            key = self.grouping.key
            present = [getattr(line, key) for line in lines]
            order = [g for g in self.grouping.order if g in present]
            order += [g for g in dict.fromkeys(present) if g not in order]
            for group in order:
                rows += [Row("line", i, group) for i, g in enumerate(present) if g == group]
                rows.append(Row("subtotal", -1, group))
        if any(c.kind in ("money", "sum") for c in self.columns):
            rows.append(Row("total"))
        self.rows = rows
        self._sum_cache = None
        # A reset refits the views anyway: the form of the amounts is known from here.
        self._sums()
        self._whole_changed.stop()
        self._row_of = {row.index: r for r, row in enumerate(rows) if row.kind == "line"}
        self._subtotal_of = {row.group: r for r, row in enumerate(rows)
                             if row.kind == "subtotal"}
        self._index_findings()

    def reload(self) -> None:
        """Re-read the whole list (after a structural change or a new proposal)."""
        self._regroup.stop()
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    def _on_changed(self, changes: Changes) -> None:
        lines = changes.rows_in(self.location)
        if lines is None:
            self.reload()  # lines added, removed, moved or replaced together
            return
        if not lines:
            return
        self._update_sums(lines)
        if self.grouping is not None and any(
                len(rest) == 1 or rest[1:2] == (self.grouping.key,)
                for rest in (w.below(self.location) for w in changes.places
                             if w.within(self.location))):
            # Same lines, another group: the rows stay valid until the regroup.
            self._refresh_all()
            self._regroup.start()
            return
        self._refresh_lines(lines, self._changed_columns(changes))

    def _changed_columns(self, changes: Changes) -> list[int]:
        """The columns whose cells ``changes`` may have changed: the edited field's, and
        the totals adding it up (every column when it cannot tell)."""
        every = list(range(len(self.columns)))
        columns: set[int] = set()
        for where in changes.places:
            if not where.within(self.location):
                continue
            key = tuple(where.below(self.location)[1:])
            hit = {c for c, col in enumerate(self.columns) if col.kind != "sum" and key
                   and key[:len(col.key)] == col.key[:len(key)]}
            if not hit:
                return every  # the whole line, or a field no column shows
            columns |= hit
        columns |= {c for c, col in enumerate(self.columns)
                    if col.kind == "sum" and columns & set(col.of)}
        return sorted(columns)

    def _refresh_lines(self, lines: frozenset[int], columns: list[int]) -> None:
        """Repaint the cells of ``columns`` in the rows of ``lines``, and, when amounts
        changed, in their subtotals and the total: nothing else."""
        rows = {self._row_of[i] for i in lines if i in self._row_of}
        for row in sorted(rows):
            self.dataChanged.emit(self.index(row, columns[0]), self.index(row, columns[-1]))
        money = [c for c in columns if self.columns[c].kind in ("money", "sum")]
        if not money:
            return
        sums = {self._subtotal_of[self.rows[r].group] for r in rows
                if self.rows[r].group in self._subtotal_of}
        if self.rows and self.rows[-1].kind == "total":
            sums.add(len(self.rows) - 1)
        for row in sorted(sums):
            self.dataChanged.emit(self.index(row, money[0]), self.index(row, money[-1]))

    def _on_findings(self) -> None:
        before = self._cell_findings
        self._index_findings()
        after = self._cell_findings
        if after == before:
            return
        # Only the cells whose messages changed are painted again.
        for cell in sorted(set(before) ^ set(after) | {
                c for c in before.keys() & after.keys() if before[c] != after[c]}):
            if cell[0] < len(self.rows):
                index = self.index(*cell)
                self.dataChanged.emit(index, index)

    def _refresh_all(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.columns) - 1))

    def _index_findings(self) -> None:
        """Map findings to (row, column) cells; a finding on a whole line marks the line."""
        cells: dict[tuple[int, int], list[tuple[str, str]]] = {}
        size = len(self.location)
        row_of = self._row_of
        #: The columns of a place in a line (the same few places come back on every line).
        columns_of: dict[tuple[object, ...], list[int]] = {}
        for finding in self.session.findings_at(self.location):
            rest = finding.location[size:]
            if not rest or rest[0] not in row_of:
                continue
            r = row_of[rest[0]]
            place = tuple(rest[1:])
            targets = columns_of.get(place)
            if targets is None:
                targets = columns_of[place] = self._columns_at(place)
            for c in targets or [0]:
                cells.setdefault((r, c), []).append((finding.severity, finding.message))
        self._cell_findings = cells

    def _columns_at(self, place: tuple[object, ...]) -> list[int]:
        """The columns showing ``place`` within a line (``("amounts", 1)``)."""
        if place:
            return [c for c, col in enumerate(self.columns)
                    if col.kind != "sum" and place == col.key[: len(place)]]
        # A finding about the line as a whole (a cap over all years, a share) is about
        # its amounts together: mark the line's total, not every cell.
        return [c for c, col in enumerate(self.columns) if col.kind == "sum"]

    # -- Qt model ---------------------------------------------------------------------
    @guarded(0)
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """Rows shown (lines, subtotals, total)."""
        return 0 if parent.isValid() else len(self.rows)

    @guarded(0)
    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """Columns shown."""
        return 0 if parent.isValid() else len(self.columns)

    @guarded(None)
    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles (with their note on a second line); rows are unnumbered."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            note = self.column_note(section)
            return f"{self.columns[section].title}\n{note}" if note else self.columns[section].title
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.column_help(section) or None
        return None

    def column_help(self, column: int) -> str:
        """What goes in ``column``: its format and an example (from the field help table)."""
        if not 0 <= column < len(self.columns):
            return ""
        text = field_help((*self.location, 0, *self.columns[column].key))
        return self.session.translator.gettext(text) if text else ""

    def notes_changed(self) -> None:
        """The column notes changed: the header shows them again."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    @guarded(Qt.ItemFlag.NoItemFlags)
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Line cells are editable (check boxes checkable); totals are not."""
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row, column = self.rows[index.row()], self.columns[index.column()]
        if row.kind != "line" or column.kind == "sum" or self.session.read_only:
            return base
        if column.kind == "bool":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def money_value(self, row: Row, column: int) -> Decimal:
        """The amount in a money or sum cell, for any kind of row."""
        col = self.columns[column]
        if col.kind == "sum":
            return sum((self.money_value(row, c) for c in col.of), ZERO)
        if row.kind == "line":
            return _amount(self.lines[row.index], col.key)
        return self._sums().get((row.kind, row.group, column), ZERO)

    def _sums(self) -> dict[tuple[str, str, int], Decimal]:
        # Subtotals and totals of every money column in one pass over the lines, kept
        # until the lines change; an edit of a line's values updates them by what that
        # line adds (see _update_sums): a cell edit never goes over the whole list.
        if self._sum_cache is None:
            sums: dict[tuple[str, str, int], Decimal] = {}
            self._added, self._with_cents = {}, set()
            for index, line in enumerate(self.lines):
                added = self._added[index] = self._adds(line)
                self._add_to(sums, added, add=True)
                if _has_cents(added):
                    self._with_cents.add(index)
            self._sum_cache = sums
            self._check_whole()
        return self._sum_cache

    def _check_whole(self) -> None:
        whole = not self._with_cents
        if whole != self.whole_dollars:
            # Cents appeared (or the last ones went): every amount changes its form,
            # once the repaint that found it is over.
            self.whole_dollars = whole
            self._whole_changed.start()

    def _amounts_reformatted(self) -> None:
        self._refresh_all()
        self.notes_changed()  # the views fit their columns to the new form

    def _money_columns(self) -> list[int]:
        return [c for c, col in enumerate(self.columns) if col.kind == "money"]

    def _adds(self, line: Any) -> tuple[str, tuple[Decimal, ...]]:
        # What ``line`` adds to the sums: its group and its money cells.
        group = getattr(line, self.grouping.key) if self.grouping is not None else ""
        return group, tuple(_amount(line, self.columns[c].key) for c in self._money_columns())

    def _add_to(self, sums: dict[tuple[str, str, int], Decimal],
                added: tuple[str, tuple[Decimal, ...]], add: bool) -> None:
        group, amounts = added
        for c, amount in zip(self._money_columns(), amounts, strict=True):
            keys = [("total", "", c)] + ([("subtotal", group, c)] if self.grouping else [])
            for key in keys:
                before = sums.get(key, ZERO)
                sums[key] = before + amount if add else before - amount

    def _update_sums(self, changed: frozenset[int]) -> None:
        """The lines ``changed`` have new values: take out what each added, put in what
        it adds now (exact: amounts are Decimals)."""
        sums, lines = self._sum_cache, self.lines
        if sums is None:
            return  # computed on the next read
        for index in changed:
            if index not in self._added or index >= len(lines):
                self._sum_cache = None
                return
            now = self._adds(lines[index])
            if now != self._added[index]:
                self._add_to(sums, self._added[index], add=False)
                self._add_to(sums, now, add=True)
                self._added[index] = now
                if _has_cents(now):
                    self._with_cents.add(index)
                else:
                    self._with_cents.discard(index)
        self._check_whole()

    @guarded(None)
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, edit value, colours, fonts, alignment and the findings' tooltips."""
        row, column = self.rows[index.row()], self.columns[index.column()]
        money = column.kind in ("money", "sum")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if money:
                self._sums()  # whole_dollars is known from here on
                return formatted_amount(self.money_value(row, index.column()), self.session.lang,
                                  self.whole_dollars)
            if row.kind != "line":
                return self._label_of(row) if index.column() == 0 else ""
            value = self.session.value(self.location + (row.index,) + column.key)
            if column.kind == "choice":
                if role == Qt.ItemDataRole.EditRole:
                    return value or ""
                text = str(value or "")
                if not text and column.fallback is not None:
                    shown = column.fallback(self.session.value(self.location + (row.index,)))
                    if shown:
                        return shown
                return dict(column.options()).get(text, text)
            if column.kind == "bool":
                return None
            if column.kind == "date":
                # As a person writes it (15 mars 2018), which also reads back when edited.
                return (long_date(value, self.session.translator.locale)
                        if isinstance(value, date) else "")
            return value or ""
        if role == Qt.ItemDataRole.CheckStateRole and column.kind == "bool" and row.kind == "line":
            value = self.session.value(self.location + (row.index,) + column.key)
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and money:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.kind != "line":
            font = QFont()
            font.setBold(True)
            return font
        found = self._cell_findings.get((index.row(), index.column()), [])
        if role == Qt.ItemDataRole.BackgroundRole:
            if found:
                errors = any(sev == "error" for sev, _ in found)
                return ERROR_BRUSH if errors else WARNING_BRUSH
            return TOTAL_BRUSH if row.kind != "line" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            # A cell's messages, or else what goes in it.
            if found:
                return plain_tip("\n".join(message for _, message in found))
            return self.column_help(index.column()) if row.kind == "line" else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        return None

    def _label_of(self, row: Row) -> str:
        if row.kind == "total":
            return self.total_label
        label = self.grouping.labels.get(row.group, row.group) if self.grouping else row.group
        return self.session.translator.gettext("Subtotal: {group}").format(
            group=label or self.session.translator.gettext("(none)"))

    @guarded(False)
    def setData(self, index: ModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Turn what was typed into an undoable edit; refuse unreadable amounts."""
        row, column = self.rows[index.row()], self.columns[index.column()]
        if row.kind != "line" or column.kind == "sum":
            return False
        try:
            parsed = self._parse(column, value, role)
        except AmountError as exc:
            self.input_error.emit(exc.message(self.session.lang))
            return False
        except DateError as exc:
            self.input_error.emit(exc.message(self.session.translator))
            return False
        except _ChoiceError:
            return False
        self._write(row.index, column, parsed, self.session.translator.gettext("Edit cell"))
        # The value was accepted: an earlier "not an amount" message no longer applies.
        self.input_error.emit("")
        return True

    def _parse(self, column: Column, value: Any, role: int = Qt.ItemDataRole.EditRole) -> Any:
        if column.kind == "money":
            text = str(value).strip()
            return ZERO if not text else parse_amount(text, self.session.lang)
        if column.kind == "bool":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState(value) == Qt.CheckState.Checked
            return str(value).strip().lower() in ("1", "x", "yes", "oui", "true", "vrai", "o", "y")
        if column.kind == "choice":
            text = "" if value is None else str(value).strip()
            for ident, label in column.options():
                if text in (ident, label) or text.lower() == label.lower():
                    return ident
            raise _ChoiceError(text)
        if column.kind == "date":
            return parse_day("" if value is None else str(value),
                             self.session.translator.locale)
        return str(value)

    def _write(self, line_index: int, column: Column, value: Any, text: str) -> None:
        location = self.location + (line_index,) + column.key
        if column.kind == "choice" and value == "" and str(column.key[-1]).endswith("_id"):
            value = None  # "(none)" for a link to a partner or an attachment
        # A money cell is one year's amount of one line (a short list is padded to the
        # program's years by the operation).
        self.session.set_value(location, value, text=text)

    # -- line operations --------------------------------------------------------------
    def line_at(self, row: int) -> int | None:
        """The list index of the line shown at ``row`` (None for totals)."""
        if 0 <= row < len(self.rows) and self.rows[row].kind == "line":
            return self.rows[row].index
        return None

    def row_of_line(self, line_index: int) -> int:
        """The row showing the line at ``line_index`` (-1 when none)."""
        return self._row_of.get(line_index, -1)

    def group_at(self, row: int) -> str:
        """The group of the row (its line's, or its subtotal's)."""
        if 0 <= row < len(self.rows):
            return self.rows[row].group
        return ""

    def add_line(self, group: str = "") -> int:
        """Add a line (in ``group``); returns the row showing it."""
        self.session.apply(edits.InsertLine(self.location, -1, self.make_line(group)),
                           self.session.translator.gettext("Add line"))
        return self.row_of_line(len(self.lines) - 1)

    def remove_line(self, line_index: int) -> None:
        """Remove one line."""
        self.session.apply(edits.RemoveLine(self.location, line_index),
                           self.session.translator.gettext("Remove line"))

    def move_line(self, line_index: int, step: int) -> int:
        """Move a line up (-1) or down (+1) within its group; returns its new row."""
        order = [row.index for row in self.rows if row.kind == "line"
                 and (self.grouping is None or row.group == self.rows[
                     self.row_of_line(line_index)].group)]
        position = order.index(line_index)
        target = position + step
        if not 0 <= target < len(order):
            return self.row_of_line(line_index)
        other = order[target]
        # The two lines trade places (others of the group may lie between them).
        low, high = sorted((line_index, other))
        swap = edits.Composite((edits.MoveLine(self.location, low, high),
                                edits.MoveLine(self.location, high - 1, low)))
        self.session.apply(swap, self.session.translator.gettext("Move line"))
        return self.row_of_line(other)

    def _read_block(self, column: int, text: str) -> list[list[tuple[Column, Any]]] | None:
        """The block's cells parsed for the columns from ``column`` on (None, with a
        message naming the cell, when one cannot be read)."""
        tr = self.session.translator
        editable = [c for c in range(max(column, 0), len(self.columns))
                    if self.columns[c].kind != "sum"]
        rows: list[list[tuple[Column, Any]]] = []
        for r, cells in enumerate(parse_block(text)):
            row: list[tuple[Column, Any]] = []
            for spec, cell in zip((self.columns[c] for c in editable), cells, strict=False):
                try:
                    row.append((spec, self._parse(spec, cell)))
                except (AmountError, DateError, _ChoiceError) as exc:
                    if isinstance(exc, AmountError):
                        reason = exc.message(self.session.lang)
                    elif isinstance(exc, DateError):
                        reason = exc.message(tr)
                    else:
                        reason = tr.gettext("“{text}” is not one of the choices.").format(
                            text=cell)
                    self.input_error.emit(tr.gettext(
                        "Nothing was pasted: row {row}, column “{column}”: {reason}").format(
                        row=r + 1, column=spec.title, reason=reason))
                    return None
            rows.append(row)
        return rows

    def _paste_targets(self, row: int, count: int) -> list[int]:
        """The lines a block of ``count`` rows pasted at ``row`` falls on, in place."""
        return [r.index for r in self.rows[max(row, 0):] if r.kind == "line"][:count]

    def paste_overwrites(self, row: int, column: int, text: str) -> int:
        """How many cells holding something (an amount, a text, a choice) a paste at
        (row, column) would change in place: 0 when it only fills empty cells."""
        block = self._quiet_read(column, text)  # an unreadable block is refused by paste
        lines = self.lines
        count = 0
        for line_index, cells in zip(self._paste_targets(row, len(block)), block,
                                     strict=False):
            for spec, value in cells:
                old = (_amount(lines[line_index], spec.key) if spec.kind == "money"
                       else getattr(lines[line_index], str(spec.key[0])))
                if old not in (None, "", ZERO, False) and old != value:
                    count += 1
        return count

    def _quiet_read(self, column: int, text: str) -> list[list[tuple[Column, Any]]]:
        self.blockSignals(True)
        try:
            return self._read_block(column, text) or []
        finally:
            self.blockSignals(False)

    def paste(self, row: int, column: int, text: str, as_new_lines: bool = False) -> bool:
        """Paste a tab-separated block at (row, column): into the lines from ``row`` on
        (lines added past the last), or, ``as_new_lines``, every row as a new line of
        the group at ``row`` (nothing already there changes).

        The whole block is read first: one unreadable cell refuses the paste with a
        message naming the cell, and a good block is a single undo step.
        """
        block = self._read_block(column, text)
        if not block:
            return False
        lines = [line.model_copy(deep=True) for line in self.lines]
        group = self.group_at(row)
        targets = [] if as_new_lines else self._paste_targets(row, len(block))
        years = self.session.program.years if self.session.program else 0
        for r, cells in enumerate(block):
            if r < len(targets):
                line = lines[targets[r]]
            else:
                line = self.make_line(group)
                lines.append(line)
            for spec, value in cells:
                _set_in_line(line, spec, value, years)
        self.session.replace(self.location, lines, self.session.translator.gettext("Paste"))
        return True


@functools.lru_cache(maxsize=8192)
def formatted_amount(value: Decimal, lang: str, whole: bool = False) -> str:
    """An amount as the window's tables show it (``400 000`` where every amount of the
    table is whole dollars), formatted once per value."""
    # A repaint formats every visible amount again; most have not changed. A table whose
    # amounts are all whole dollars shows them without ",00": the same exact figures in
    # narrower columns, so that every project year fits a small screen.
    text = format_amount(value, lang)
    return text[:-3] if whole else text


class _ChoiceError(ValueError):
    """A pasted text that matches none of a column's choices."""


def _set_in_line(line: Any, column: Column, value: Any, years: int) -> None:
    if column.kind == "money":
        name, year = str(column.key[0]), int(column.key[1])
        values = list(getattr(line, name))
        values += [ZERO] * (max(years, year + 1) - len(values))
        values[year] = value
        setattr(line, name, values)
    else:
        setattr(line, str(column.key[0]), copy.copy(value))
