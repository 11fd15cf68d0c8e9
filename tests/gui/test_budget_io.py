"""File ▸ Export the budget and Import a budget, driven as a user does: the workbook
written and read back, a workbook made by another program (XlsxWriter) imported through
the mapping step, its preview, one undo step."""

from __future__ import annotations

from decimal import Decimal

import xlsxwriter
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog, QFileDialog

from proposalkit.gui import budget_io, dialogs
from proposalkit.gui.budget_io import BudgetImportDialog


def _other_programs_workbook(path):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Dépenses prévues")
    sheet.write_row(0, 0, ["Catégorie", "Poste", "2018-2019", "2019-2020", "2020-2021",
                           "2021-2022"])
    sheet.write_row(1, 0, ["Salaires et charges sociales", "Direction", "90 000 $",
                           "92 000,00", 94000, "96 000"])
    sheet.write_row(2, 0, ["Déplacements", "Missions", "1 500,50 $", "1 500", "", "-"])
    sheet.write_row(3, 0, ["Total", "", 91500.5, 93500, 94000, 96000])
    book.close()


def test_import_a_workbook_made_elsewhere_as_one_undo_step(make_gui, qtbot, tmp_path,
                                                          monkeypatch):
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.open_example()
    before = session.proposal.model_copy(deep=True)
    path = tmp_path / "autre.xlsx"
    _other_programs_workbook(path)
    seen = {}

    def answer(dialog):
        seen["summary"] = dialog.summary.text()
        seen["rows"] = dialog.preview.rowCount()
        seen["enabled"] = dialog.import_button.isEnabled()
        seen["findings"] = [dialog.findings.item(i).text()
                            for i in range(dialog.findings.count())]
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(BudgetImportDialog, "exec", answer)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(path), ""))
    window.menus.action("import_budget").trigger()
    lines = len(before.budget.expenses)
    assert seen["summary"].startswith(f"2 ajoutées, 0 modifiées, {lines} retirées")
    assert seen["rows"] == 2 + lines and seen["enabled"]
    # The revenues no longer equal the expenses.
    assert any(f.startswith("Nouveau constat") for f in seen["findings"])
    expenses = session.proposal.budget.expenses
    assert [(e.category, e.description, e.amounts) for e in expenses] == [
        ("salaries", "Direction", [Decimal(90000), Decimal("92000.00"), Decimal(94000),
                                   Decimal(96000)]),
        ("travel", "Missions", [Decimal("1500.50"), Decimal(1500), Decimal(0), Decimal(0)]),
    ]
    assert session.proposal.budget.revenues == before.budget.revenues
    page = window.go_to("expenses")
    assert page.view.line_model.lines == expenses
    session.undo_stack.undo()
    assert session.proposal == before
    assert not session.undo_stack.canUndo() or session.undo_stack.index() >= 0


def test_the_mapping_step_changes_the_preview_and_imports_nothing_until_asked(
        make_gui, qtbot, tmp_path):
    from proposalkit.core.sheets import read_sheets

    gui = make_gui("en")
    gui.window.open_example()
    session = gui.session
    path = tmp_path / "autre.xlsx"
    _other_programs_workbook(path)
    dialog = BudgetImportDialog(session, read_sheets(path), path, gui.window)
    qtbot.addWidget(dialog)
    form = dialog.parts["expenses"]
    assert form.sheet.currentText() == "Dépenses prévues"
    assert dialog.parts["revenues"].sheet.currentIndex() == 0  # not imported
    assert form.years[0].currentText() == "C — 2018-2019"
    form.header.setValue(0)  # no title row: the columns are letters, the choices kept
    assert form.years[0].currentText() == "C"
    # The titles are read as a line now: the first cell at fault is named.
    assert dialog.plan is None and not dialog.import_button.isEnabled()
    assert "cell A1: “Catégorie” is none of the program's choices" in dialog.summary.text()
    form.header.setValue(1)
    assert form.years[0].currentText() == "C — 2018-2019"
    form.years[3].setCurrentIndex(0)  # year 4: no column
    assert dialog.plan is not None
    added = [c for c in dialog.plan.changes if c.status == "added"]
    assert [c.after[3] for c in added] == [Decimal(0), Decimal(0)]
    form.line.setCurrentIndex(0)  # no line column: nothing to import
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.text() == "Choose the sheet of the expenses or of the revenues."
    form.line.setCurrentIndex(form.line.findData(1))
    form.group.setCurrentIndex(form.group.findData(1))  # "Direction" is no category
    assert not dialog.import_button.isEnabled()
    assert "“Direction” is none of the program's choices" in dialog.summary.text()
    assert session.undo_stack.count() == 0 or not session.modified


def test_export_the_budget_from_the_file_menu(make_gui, tmp_path, monkeypatch):
    gui = make_gui("en")
    gui.window.open_example()
    target = tmp_path / "budget"
    told = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), ""))
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text, warning=False:
                        told.append(text))
    gui.window.menus.action("export_budget").trigger()
    written = tmp_path / "budget.xlsx"
    assert told == [f"Wrote {written}."]
    book = load_workbook(written)
    assert book.sheetnames == ["Dépenses", "Revenus", "Plan de financement", "Plafonds"]


def test_a_bad_file_is_one_message(make_gui, tmp_path, monkeypatch):
    gui = make_gui("en")
    gui.window.open_example()
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK not really")
    told = []
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text, warning=False:
                        told.append((title, text, warning)))
    assert not budget_io.import_budget(gui.window, gui.session, path)
    assert told == [("Import a budget", f"{path} cannot be read as a workbook: it is not an "
                     ".xlsx file (not a zip archive).", True)]
