"""File ▸ Export the budget… and Import a budget…: the window's side of
:mod:`proposalkit.export.budget_xlsx` and :mod:`proposalkit.core.budget_import`.

Importing is a mapping step: for the expenses and the revenues, which sheet, which row
holds the titles, which column is the line, the category (or source), the nature and
each year, guessed from the titles and corrected by the user; below it, the preview of
what would be added, changed and removed and the findings it would bring. Nothing
changes until *Import* is pressed; then it is one undo step.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.budget_import import (
    PARTS,
    BudgetImportError,
    ImportPlan,
    Mapping,
    Part,
    apply_plan,
    guess_mapping,
    guess_mappings,
    plan_import,
)
from proposalkit.core.money import format_money
from proposalkit.core.sheets import Sheet, column_letter
from proposalkit.errors import ProposalKitError
from proposalkit.gui.guard import plain

if TYPE_CHECKING:
    from proposalkit.gui.session import Session

_NONE = -1


def _folder(session: Session) -> Path:
    return session.path.parent if session.path else Path.home()


def export_budget(parent: QWidget, session: Session, target: Path | None = None) -> Path | None:
    """Ask where to write the budget workbook (in the proposal's folder), then write it."""
    from proposalkit.export.budget_xlsx import write_budget
    from proposalkit.gui import dialogs

    tr = session.translator
    _ = tr.gettext
    if session.proposal is None or session.program is None:
        return None
    title = _("Export the budget")
    if target is None:
        stem = session.path.stem if session.path else _("proposal")
        name, _filter = QFileDialog.getSaveFileName(
            parent, title, str(_folder(session) / _("{stem}-budget.xlsx").format(stem=stem)),
            _("Excel workbooks (*.xlsx)"))
        if not name:
            return None
        target = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
    try:
        write_budget(target, session.program, session.proposal)
    except ProposalKitError as exc:
        dialogs.inform(parent, title, exc.message(tr), warning=True)
        return None
    dialogs.inform(parent, title, _("Wrote {path}.").format(path=target))
    return target


class _PartForm(QWidget):
    """The mapping of one part: sheet, title row and the columns."""

    def __init__(self, dialog: BudgetImportDialog, part: Part,
                 guess: Mapping | None) -> None:
        super().__init__(dialog)
        _ = dialog.session.translator.gettext
        self.dialog, self.part = dialog, part
        form = QFormLayout(self)
        self.sheet = QComboBox(self)
        self.sheet.addItem(_("(not imported)"), "")
        for sheet in dialog.sheets:
            self.sheet.addItem(sheet.name, sheet.name)
        self.header = QSpinBox(self)
        self.header.setRange(0, 20)
        self.header.setSpecialValueText(_("(none)"))
        self.line = QComboBox(self)
        self.group = QComboBox(self)
        self.nature = QComboBox(self) if part == "revenues" else None
        self.status = QComboBox(self) if part == "revenues" else None
        years = dialog.session.program.years if dialog.session.program else 0
        self.years = [QComboBox(self) for _year in range(years)]
        rows: list[tuple[str, QWidget]] = [
            (_("&Sheet:"), self.sheet), (_("&Titles on row:"), self.header),
            (_("&Line (description):"), self.line),
            (_("&Category:") if part == "expenses" else _("S&ource:"), self.group)]
        if self.nature is not None and self.status is not None:
            rows.append((_("&Nature (cash or in kind):"), self.nature))
            rows.append((_("St&atus (confirmed, requested…):"), self.status))
        rows += [(_("Year {n}:").format(n=y + 1), box) for y, box in enumerate(self.years)]
        for text, widget in rows:
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
            widget.setAccessibleName(text.replace("&", "").rstrip(" :\u00a0"))
        self.sheet.setCurrentIndex(max(self.sheet.findData(guess.sheet if guess else ""), 0))
        self._fill_columns(guess)
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self.header.valueChanged.connect(self._titles_moved)
        for box in [self.line, self.group, self.nature, self.status, *self.years]:
            if box is not None:
                box.currentIndexChanged.connect(dialog.update_preview)

    def current_sheet(self) -> Sheet | None:
        name = self.sheet.currentData()
        return next((s for s in self.dialog.sheets if s.name == name), None)

    def _sheet_changed(self) -> None:
        sheet = self.current_sheet()
        years = len(self.years)
        self._fill_columns(guess_mapping(sheet, years, self.part) if sheet else None)
        self.dialog.update_preview()

    def _titles_moved(self) -> None:
        """Another title row: the columns are named after it, the choices kept."""
        kept = self.mapping()
        header = self.header.value() - 1
        if kept is not None:
            kept = Mapping(kept.part, kept.sheet, header, kept.line, kept.group, kept.years,
                           kept.nature, kept.status)
        self._fill_columns(kept, header)
        self.dialog.update_preview()

    def _fill_columns(self, guess: Mapping | None, header: int | None = None) -> None:
        """Each column as ``B — Description`` (its title on the title row)."""
        sheet = self.current_sheet()
        tr = self.dialog.session.translator
        if header is None:
            header = guess.header_row if guess is not None else -1
            self.header.blockSignals(True)
            self.header.setValue(header + 1)
            self.header.blockSignals(False)
        width = sheet.width if sheet is not None else 0
        labels = []
        for column in range(width):
            title = sheet.cell(header, column) if sheet is not None else None
            text = column_letter(column)
            if isinstance(title, str):
                text += " — " + title[:40]
            labels.append(text)
        boxes: list[tuple[QComboBox, int | None]] = [
            (self.line, guess.line if guess else None),
            (self.group, guess.group if guess else None)]
        if self.nature is not None and self.status is not None:
            boxes.append((self.nature, guess.nature if guess else None))
            boxes.append((self.status, guess.status if guess else None))
        boxes += [(box, guess.years[y] if guess and y < len(guess.years) else None)
                  for y, box in enumerate(self.years)]
        for box, chosen in boxes:
            box.blockSignals(True)
            box.clear()
            box.addItem(tr.gettext("(none)"), _NONE)
            for column, text in enumerate(labels):
                box.addItem(text, column)
            box.setCurrentIndex(max(box.findData(_NONE if chosen is None else chosen), 0))
            box.blockSignals(False)

    def mapping(self) -> Mapping | None:
        """The mapping chosen, or None when this part is not imported."""
        sheet = self.current_sheet()
        line = self.line.currentData()
        if sheet is None or line is None or line == _NONE:
            return None

        def column(box: QComboBox | None) -> int | None:
            value = box.currentData() if box is not None else _NONE
            return None if value is None or value == _NONE else int(value)

        return Mapping(self.part, sheet.name, self.header.value() - 1, int(line),
                       column(self.group), tuple(column(box) for box in self.years),
                       column(self.nature), column(self.status))


class BudgetImportDialog(QDialog):
    """The mapping step and the preview of a budget import."""

    def __init__(self, session: Session, sheets: list[Sheet], path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.sheets = session, sheets
        self.plan: ImportPlan | None = None
        tr = session.translator
        _ = tr.gettext
        self.setWindowTitle(_("Import a budget"))
        layout = QVBoxLayout(self)
        layout.addWidget(plain(QLabel(_("Which columns of {file} hold the budget? Nothing "
                                        "changes until you press Import.").format(
            file=path.name))))
        program = session.program
        guesses = guess_mappings(sheets, program.years if program else 0)
        self.tabs = QTabWidget(self)
        self.parts: dict[Part, _PartForm] = {}
        for part in PARTS:
            found = guesses[part]
            self.parts[part] = _PartForm(self, part, found[0] if len(found) == 1 else None)
            # Scrolls when a program's years (up to ten) outgrow a small screen.
            scroll = QScrollArea(self.tabs)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(self.parts[part])
            self.tabs.addTab(scroll, _("Expenses") if part == "expenses" else _("Revenues"))
        left = QVBoxLayout()
        left.addWidget(self.tabs)
        self.keep = QCheckBox(_("&Keep the lines already in the proposal (add the "
                                "workbook's after them)"), self)
        self.keep.toggled.connect(self.update_preview)
        left.addWidget(self.keep)
        left.addStretch(1)
        # The mapping on the left, what it would do on the right: both in view at 1024 px.
        right = QVBoxLayout()
        self.summary = plain(QLabel(self))
        self.summary.setWordWrap(True)
        right.addWidget(self.summary)
        self.preview = QTableWidget(0, 5, self)
        # The figures before the texts: a long description never pushes them out of view.
        self.preview.setHorizontalHeaderLabels([_("Change"), _("Before"), _("After"),
                                                _("Category or source"), _("Description")])
        self.preview.verticalHeader().setVisible(False)
        self.preview.setAccessibleName(_("What the import changes"))
        right.addWidget(self.preview, 3)
        self.findings = QListWidget(self)
        self.findings.setWordWrap(True)
        self.findings.setAccessibleName(_("Findings the import would bring"))
        right.addWidget(self.findings, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        layout.addLayout(columns, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.import_button = self.buttons.addButton(_("&Import"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.update_preview()
        room = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1000, room.width() - 40), min(600, room.height() - 60))

    def mappings(self) -> list[Mapping]:
        """The parts to import, as chosen."""
        return [m for form in self.parts.values() if (m := form.mapping()) is not None]

    def update_preview(self) -> None:
        """Plan the import again with the mapping as it stands and show it."""
        session = self.session
        tr = session.translator
        _ = tr.gettext
        self.plan = None
        self.preview.setRowCount(0)
        self.findings.clear()
        mappings = self.mappings()
        proposal, program = session.proposal, session.program
        if not mappings or proposal is None or program is None:
            self.summary.setText(_("Choose the sheet of the expenses or of the revenues."))
            self.import_button.setEnabled(False)
            return
        try:
            plan = plan_import(proposal, program, self.sheets, mappings, tr,
                               keep=self.keep.isChecked())
        except ProposalKitError as exc:
            self.summary.setText(exc.message(tr))
            self.import_button.setEnabled(False)
            return
        self.plan = plan
        self.summary.setText(_("{added} added, {changed} changed, {removed} removed, "
                               "{same} unchanged.").format(
            added=plan.count("added"), changed=plan.count("changed"),
            removed=plan.count("removed"), same=plan.count("unchanged")))
        words = {"added": _("Added"), "changed": _("Changed"), "removed": _("Removed")}
        shown = [c for c in plan.changes if c.status != "unchanged"]
        self.preview.setRowCount(len(shown))
        for row, change in enumerate(shown):
            values = [words[change.status], _total(change.before, tr.lang),
                      _total(change.after, tr.lang), change.group, change.description or "—"]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.preview.setItem(row, column, item)
        self.preview.resizeColumnsToContents()
        self.preview.setColumnWidth(3, min(self.preview.columnWidth(3), 200))
        from proposalkit.core.diff import findings_appeared

        found = findings_appeared(program, proposal, apply_plan(proposal, plan), tr,
                                  session.today)
        self.findings.addItems([_("New finding: {message}").format(message=f.message)
                                for f in found])
        self.import_button.setEnabled(plan.changes_anything)


def _total(amounts: tuple | None, lang: str) -> str:
    from decimal import Decimal

    return "—" if amounts is None else format_money(sum(amounts, Decimal(0)), lang)


def import_budget(parent: QWidget, session: Session, path: Path | None = None) -> bool:
    """Choose a workbook or CSV file, map its columns, preview, and import it as one
    undo step; False when nothing was imported."""
    from proposalkit.core.sheets import read_sheets
    from proposalkit.gui import dialogs

    tr = session.translator
    _ = tr.gettext
    if session.proposal is None or session.program is None or session.read_only:
        return False
    title = _("Import a budget")
    if path is None:
        name, _filter = QFileDialog.getOpenFileName(
            parent, title, str(_folder(session)),
            _("Workbooks and CSV files (*.xlsx *.csv)"))
        if not name:
            return False
        path = Path(name)
    try:
        sheets = read_sheets(path)
    except ProposalKitError as exc:
        dialogs.inform(parent, title, exc.message(tr), warning=True)
        return False
    dialog = BudgetImportDialog(session, sheets, path, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.plan is None:
        return False
    return session.apply(dialog.plan.edit(), _("Import a budget"))


__all__ = ["BudgetImportDialog", "BudgetImportError", "export_budget", "import_budget"]
