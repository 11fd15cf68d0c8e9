"""File ▸ Merge another copy…: merge a copy into the open proposal, with a dialog that
shows each conflict side by side and lets the user choose a side or edit the result.

The merge itself is ``storage.merging`` (no Qt); applying it is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.describe import describe_change, describe_path, format_value
from proposalkit.core.edits import replace_content
from proposalkit.core.merge import FIGURE_FIELDS, Change, Conflict
from proposalkit.core.model import LEAD
from proposalkit.core.money import AmountError, FigureError, parse_amount, parse_figure
from proposalkit.core.plan import axis_label, month_index, month_label, parse_month
from proposalkit.gui.guard import plain
from proposalkit.i18n import Translator

if TYPE_CHECKING:
    from proposalkit.core.model import Proposal
    from proposalkit.core.program import Program
    from proposalkit.gui.session import Session
    from proposalkit.storage import Document


class ConflictDialog(QDialog):
    """Each conflict in a row (where, this copy, the other copy, the choice); the
    selected one side by side below, where a text's or an amount's result can be
    typed."""

    def __init__(self, conflicts: list[Conflict], mine: dict, other: dict, tr: Translator,
                 other_name: str, parent: QWidget | None = None,
                 taken: list[Change] | None = None, base: dict | None = None,
                 program: Program | None = None) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.conflicts = conflicts
        self.setWindowTitle(_("Merge another copy"))
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        if conflicts:
            layout.addWidget(QLabel(tr.ngettext(
                "{n} change was made differently in both copies: choose which one to keep.",
                "{n} changes were made differently in both copies: choose which one to keep.",
                len(conflicts)).format(n=len(conflicts))))
        self.table = QTableWidget(len(conflicts), 4, self)
        self.table.setHorizontalHeaderLabels(
            [_("Where"), _("This copy"), other_name, _("Keep")])
        self.choices: list[QComboBox] = []
        self.tr_, self.program, self.sources = tr, program, (mine, other)
        self.edited: dict[int, str] = {}
        for row, conflict in enumerate(conflicts):
            self.table.setItem(row, 0, QTableWidgetItem(describe_path(
                conflict.path, tr, mine, other, program=program)))
            self.table.setItem(row, 1, QTableWidgetItem(self._shown(conflict.path,
                                                                    conflict.ours)))
            self.table.setItem(row, 2, QTableWidgetItem(self._shown(conflict.path,
                                                                    conflict.theirs)))
            choice = QComboBox(self.table)
            choice.addItems([_("This copy"), _("The other copy")])
            self.table.setCellWidget(row, 3, choice)
            choice.currentIndexChanged.connect(self._chosen)
            self.choices.append(choice)
        self.table.resizeColumnsToContents()
        # Long values are cut (the whole texts are side by side below): the choice stays
        # in view.
        for column in range(3):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 240))
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.table.setVisible(bool(conflicts))
        # Figures taken from the other copy (budget amounts, indicator targets) are always
        # shown, never merged silently.
        self.taken = QPlainTextEdit(self)
        self.taken.setReadOnly(True)
        figures = [c for c in taken or [] if c.is_figure]
        self.taken.setPlainText("\n".join(
            [_("Figures taken from {name} (budget amounts, indicator targets):").format(
                name=other_name)]
            + [describe_change(describe_path(c.path, tr, other, base or {}, program=program),
                               self._shown(c.path, c.base), self._shown(c.path, c.value), tr)
               for c in figures]))
        self.taken.setVisible(bool(figures))
        self.taken.setMaximumHeight(110)
        layout.addWidget(self.taken)
        sides = QHBoxLayout()
        self.ours_text, self.theirs_text = QPlainTextEdit(self), QPlainTextEdit(self)
        self.ours_text.setReadOnly(True)
        self.result_text = QPlainTextEdit(self)
        self.result_text.setPlaceholderText(_("Edit the result here (texts, amounts, "
                                              "figures and months)"))
        for title, widget in ((_("This copy"), self.ours_text), (other_name, self.theirs_text),
                              (_("Result"), self.result_text)):
            column = QWidget(self)
            stack = QVBoxLayout(column)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.addWidget(QLabel(title, column))
            stack.addWidget(widget)
            sides.addWidget(column)
            column.setVisible(bool(conflicts))
        layout.addLayout(sides, 1)
        self.error = plain(QLabel(self))
        self.error.setStyleSheet("color: #b00020")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.currentCellChanged.connect(self._show)
        self.result_text.textChanged.connect(self._edited)
        if conflicts:
            self.table.setCurrentCell(0, 0)

    def _show(self, row: int, _column: int = 0, *_args: int) -> None:
        if not 0 <= row < len(self.conflicts):
            return
        conflict = self.conflicts[row]
        self.ours_text.setPlainText(self._text(conflict.path, conflict.ours))
        self.theirs_text.setPlainText(self._text(conflict.path, conflict.theirs))
        editable = _editable(conflict) is not None
        self.result_text.setEnabled(editable)
        self.result_text.blockSignals(True)
        side = conflict.theirs if self.choices[row].currentIndex() else conflict.ours
        self.result_text.setPlainText(self.edited.get(row, self._text(conflict.path, side))
                                      if editable else "")
        self.result_text.blockSignals(False)

    def _chosen(self, index: int) -> None:
        # Choosing a side drops what was typed for that conflict: the result is that side.
        row = next(r for r, c in enumerate(self.choices) if c is self.sender())
        self.edited.pop(row, None)
        conflict = self.conflicts[row]
        if row == self.table.currentRow() and _editable(conflict) is not None:
            self.result_text.blockSignals(True)
            self.result_text.setPlainText(self._text(
                conflict.path, conflict.theirs if index else conflict.ours))
            self.result_text.blockSignals(False)

    def _edited(self) -> None:
        self.edited[self.table.currentRow()] = self.result_text.toPlainText()

    def accept(self) -> None:  # noqa: D102 - Qt override
        try:
            self.resolutions()
        except (AmountError, FigureError) as exc:
            self.error.setText(exc.message(self.tr_.lang))
            self.error.setVisible(True)
            return
        except ValueError as exc:  # a month
            self.error.setText(self.tr_.gettext(
                "“{text}” is not a month: write it as 2019-04 or 04/2019.").format(
                    text=str(exc)))
            self.error.setVisible(True)
            return
        super().accept()

    def resolutions(self) -> dict[str, object]:
        """The value chosen (or typed) for each conflict, by its key, as the file stores
        it; what was typed is read as the field reads it (an amount, an indicator's
        figure, a month) and raises :class:`~proposalkit.core.money.AmountError`,
        :class:`~proposalkit.core.money.FigureError` or ValueError (a month) when it is
        not one."""
        chosen: dict[str, object] = {}
        lang = self.tr_.lang
        for row, conflict in enumerate(self.conflicts):
            if row in self.edited:
                typed = self.edited[row]
                chosen[conflict.key] = _READERS[_editable(conflict) or "text"](typed, lang)
            else:
                theirs = self.choices[row].currentIndex() == 1
                chosen[conflict.key] = conflict.theirs if theirs else conflict.ours
        return chosen


    def _shown(self, path: tuple[str, ...], value: object) -> str:
        """A side's value in a short line: an activity's responsible and axis by their
        names, its months as months, an indicator's figures as figures."""
        tr, field = self.tr_, path[-1] if path else ""
        if path[:1] == ("activities",) and isinstance(value, str) and value:
            if field == "responsible":
                return self._responsible(value)
            if field == "axis" and self.program is not None:
                return axis_label(self.program, value, tr)
            month = month_index(value) if field in ("start", "end") else None
            if month is not None:
                return month_label(month, tr)
        return format_value(value, tr, path)

    def _responsible(self, ident: str) -> str:
        """The applicant's or a partner's name, as either copy has it."""
        tr = self.tr_
        for data in self.sources:
            if ident == LEAD:
                name = str(data.get("applicant", {}).get("legal_name", "")).strip()
                return name or tr.gettext("The applicant")
            for partner in data.get("partners", []):
                if isinstance(partner, dict) and partner.get("id") == ident:
                    return str(partner.get("name", "")).strip() or tr.gettext(
                        "(partner not named yet)")
        return ident

    def _text(self, path: tuple[str, ...], value: object) -> str:
        """A side's value as it can be edited: a text as it is, figures as typed."""
        if isinstance(value, str) and _editable_at(path, value, value) in ("text", "month"):
            return value
        return self._shown(path, value)


def _editable(conflict: Conflict) -> str | None:
    """How a conflict's result can be typed (a key of :data:`_READERS`), or None: choose
    a side (a deleted record, a list of members, who carries an activity...)."""
    if conflict.kind == "figures" and not all(isinstance(v, list)
                                              for v in (conflict.ours, conflict.theirs)):
        return None
    return _editable_at(conflict.path, conflict.ours, conflict.theirs)


def _editable_at(path: tuple[str, ...], ours: object, theirs: object) -> str | None:
    part, field = path[:1], path[-1] if path else ""
    sides = (ours, theirs)
    if part == ("indicators",) and field == "targets":
        return "figures" if all(isinstance(v, list) for v in sides) else None
    if part == ("indicators",) and field == "baseline":
        return "figure" if all(v is None or isinstance(v, str) for v in sides) else None
    if part == ("activities",) and field in ("responsible", "axis"):
        return None  # an id: one of the two sides, never a typed name
    if not all(isinstance(v, str) for v in sides):
        return "amounts" if field in FIGURE_FIELDS and all(
            isinstance(v, list) for v in sides) else None
    if part == ("activities",) and field in ("start", "end"):
        return "month"
    return "text"


def _amounts(typed: str, lang: str) -> list[str]:
    """Amounts per year typed as ``50 000 $ / 55 000 $``, as the file stores them."""
    parts = [p.strip() for p in typed.split("/")]
    return [format(parse_amount(p, lang), "f") if p else "0" for p in parts]


def _figure(typed: str, lang: str) -> str | None:
    """An indicator's figure typed in ``lang`` as the file stores it; None (not given)
    when nothing, or the dash shown for "not given", is typed."""
    value = parse_figure(typed, lang)
    return None if value is None else format(value, "f")


def _figures(typed: str, lang: str) -> list[str | None]:
    """An indicator's targets per year typed as ``20 / 40 / — / 80``."""
    return [_figure(part, lang) for part in typed.split("/")]


#: How a typed result is read, by what :func:`_editable` says the field holds.
_READERS: dict[str, Callable[[str, str], object]] = {
    "text": lambda typed, _lang: typed,
    "amounts": _amounts,
    "figure": _figure,
    "figures": _figures,
    "month": lambda typed, _lang: parse_month(typed),
}


class _MergedFrom(QUndoCommand):
    """The merge's record in the document (the other copy's revision, the joined
    history): undone with the merge, or a later merge with that copy would take its
    changes as already merged and drop them."""

    def __init__(self, document: Document, merged: Document) -> None:
        super().__init__()
        self.document = document
        self.old = (document.merged_from, document.history)
        self.new = (merged.merged_from, merged.history)

    def redo(self) -> None:  # noqa: D102 - Qt override
        self.document.merged_from, self.document.history = self.new

    def undo(self) -> None:  # noqa: D102 - Qt override
        self.document.merged_from, self.document.history = self.old


def replace_proposal(session: Session, proposal: Proposal, text: str,
                     also: QUndoCommand | None = None) -> None:
    """Make ``proposal``'s content the open proposal's, as one undo step: the operations
    of :func:`proposalkit.core.edits.replace_content` (only what differs is replaced, so
    that undo restores exactly what was there); ``also``: one more command in that step."""
    assert session.proposal is not None
    session.undo_stack.beginMacro(text)
    if also is not None:
        session.undo_stack.push(also)
    session.apply(replace_content(session.proposal, proposal), text)
    session.undo_stack.endMacro()


def apply_merge(session: Session, merged: Document) -> None:
    """Make the merged proposal the open one, as one undo step; the next save records
    the other copy's revision as merged in."""
    assert session.document is not None
    session.blobs.update(merged.attachments)
    replace_proposal(session, merged.proposal, session.translator.gettext("Merge another copy"),
                     also=_MergedFrom(session.document, merged))


def offer_conflicted_copies(parent: QWidget, session: Session, path: Path) -> None:
    """After opening ``path``: when a sync service left a conflicted copy beside it,
    offer to merge it."""
    from proposalkit.gui import dialogs
    from proposalkit.storage.merging import conflicted_copies

    if session.read_only:
        return
    tr = session.translator
    for copy_path in conflicted_copies(path)[:3]:
        if dialogs.confirm(parent, tr, tr.gettext("Merge another copy"), tr.gettext(
                "{copy} beside this file looks like a copy made by a file sync service "
                "when two people saved at once. Merge it into the open proposal?").format(
                    copy=copy_path.name), tr.gettext("&Merge")):
            merge_another_copy(parent, session, copy_path)


def merge_another_copy(parent: QWidget, session: Session, path: Path | None = None) -> bool:
    """Ask for a copy (unless ``path``), merge it, resolve conflicts; True when merged."""
    from proposalkit.errors import ProposalKitError
    from proposalkit.storage import read_document
    from proposalkit.storage.merging import merge_documents

    tr = session.translator
    _ = tr.gettext
    if session.document is None or session.read_only:
        return False
    if path is None:
        name, _filter = QFileDialog.getOpenFileName(
            parent, _("Merge another copy"), str(session.path.parent if session.path
                                                 else Path.home()),
            _("Proposals (*.pkp *.json);;All files (*)"))
        if not name:
            return False
        path = Path(name)
    try:
        other = read_document(path)
        outcome = merge_documents(session.document, other)
        result = outcome.result
        if result.conflicts or any(c.is_figure for c in result.taken):
            dialog = ConflictDialog(result.conflicts, session.document.current_data(),
                                    other.current_data(), tr, path.name, parent,
                                    taken=result.taken, base=session.document.saved,
                                    program=session.program)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            outcome = merge_documents(session.document, other,
                                      resolutions=dialog.resolutions())
    except ProposalKitError as exc:
        from proposalkit.gui import dialogs

        dialogs.inform(parent, _("Merge another copy"), exc.message(tr), warning=True)
        return False
    apply_merge(session, outcome.document)
    return True
