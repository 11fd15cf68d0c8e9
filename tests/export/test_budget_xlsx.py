"""The budget workbook: read back with openpyxl (sheets, numbers, formats, formulas) and
recalculated by LibreOffice, whose totals must be ours."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from proposalkit.core.budget import summarize
from proposalkit.core.budget_import import STATUS_LABELS
from proposalkit.core.check_base import Context
from proposalkit.core.checks_budget import share_figures
from proposalkit.core.example import example_for
from proposalkit.export.budget_xlsx import MONEY_FORMAT, budget_workbook, write_budget
from proposalkit.i18n import translator

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def written(tmp_path, catalog, example):
    path = tmp_path / "budget.xlsx"
    write_budget(path, catalog.get(example.program_id), example)
    return path


def test_sheets_titles_and_columns_in_the_proposals_language(written, example):
    book = load_workbook(written)
    assert book.sheetnames == ["Dépenses", "Revenus", "Plan de financement", "Plafonds"]
    expenses = book["Dépenses"]
    assert [c.value for c in expenses[1]] == ["Catégorie", "Description", "Année 1",
                                              "Année 2", "Année 3", "Année 4", "Total"]
    assert expenses.freeze_panes == "C2"
    english = load_workbook(io.BytesIO(budget_workbook(_program(example), example, "en")))
    assert english.sheetnames == ["Expenses", "Revenues", "Financing plan", "Caps"]


def _program(proposal):
    from proposalkit.core.program import default_catalog

    return default_catalog().get(proposal.program_id)


def test_amounts_are_numbers_in_the_money_format_and_totals_are_formulas(written, example):
    sheet = load_workbook(written)["Dépenses"]
    lines = len(example.budget.expenses)
    amounts = [sheet.cell(row, 3).value for row in range(2, 2 + lines)]
    assert all(isinstance(v, int | float) for v in amounts)
    assert sum(Decimal(str(v)) for v in amounts) == sum(
        (line.amounts[0] for line in example.budget.expenses), Decimal(0))
    assert sheet.cell(2, 3).number_format == MONEY_FORMAT["fr"]
    total_row = 2 + lines
    assert sheet.cell(total_row, 1).value == "Total des dépenses"
    assert sheet.cell(total_row, 3).value == f"=SUM(C2:C{total_row - 1})"
    assert sheet.cell(2, 7).value == "=SUM(C2:F2)"
    plan = load_workbook(written)["Plan de financement"]
    formulas = [c.value for row in plan.iter_rows(min_row=2) for c in row[2:]
                if c.value is not None]
    assert formulas and all(str(v).startswith("=") for v in formulas)
    caps = load_workbook(written)["Plafonds"]
    assert caps["B3"].value == 400000  # the program's cap, a number beside the formulas
    assert caps["B4"].value == "=B3-B2"


def test_a_description_starting_with_equals_stays_text(tmp_path, catalog, example):
    example.budget.expenses[0].description = "=HYPERLINK(\"http://x\")"
    path = tmp_path / "b.xlsx"
    write_budget(path, catalog.get(example.program_id), example)
    cell = load_workbook(path)["Dépenses"]["B2"]
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")


def _recalculated(path: Path, tmp_path: Path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice computes it (one CSV a sheet)."""
    out = tmp_path / "csv"
    out.mkdir()
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
         "false,false,-1", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=180)
    sheets = {p.stem.split("-", 1)[1]: list(csv.reader(p.open(encoding="utf-8")))
              for p in out.glob("*.csv")}
    if not sheets and "could not be loaded" in done.stdout + done.stderr:
        pytest.skip("LibreOffice has no Calc here (Debian: libreoffice-calc-nogui)")
    assert sheets, done.stdout + done.stderr
    return sheets


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("program_id", ["pri-2018", "mei-incubation-2022"])
def test_libreoffice_computes_our_totals(tmp_path, catalog, program_id):
    proposal, _attachments = example_for(program_id)
    for line, status in zip(proposal.budget.revenues, ["confirmed", "requested", "to_request"],
                            strict=False):
        line.status = status
    program = catalog.get(program_id)
    path = tmp_path / "budget.xlsx"
    write_budget(path, program, proposal)
    sheets = _recalculated(path, tmp_path)
    summary = summarize(program, proposal)
    tr = translator(proposal.language)
    expenses = sheets[tr.gettext("Expenses")]
    assert [Decimal(v) for v in expenses[-1][2:]] == [
        *summary.expenses_by_year, summary.expenses_total]
    revenues = sheets[tr.gettext("Revenues")]
    assert [Decimal(v) for v in revenues[-1][5:]] == [
        *summary.revenues_by_year, summary.revenues_total]
    plan = {row[0]: row for row in sheets[tr.gettext("Financing plan")]}
    cash = plan[tr.gettext("Total in cash")]
    assert [Decimal(v) for v in cash[2:2 + program.years]] == summary.cash_by_year
    # The money by status (format 6), each as the lines of that status add up.
    for status, label in STATUS_LABELS.items():
        lines = [line for line in proposal.budget.revenues if line.status == status]
        if not lines:  # a status no line has gets no row
            assert tr.gettext("Total: {status}").format(
                status=tr.gettext(label).lower()) not in plan
            continue
        row = plan[tr.gettext("Total: {status}").format(status=tr.gettext(label).lower())]
        assert [Decimal(v) for v in row[2:2 + program.years]] == [
            sum((line.amounts[y] for line in lines), Decimal(0)) for y in range(program.years)]
    rows = sheets[tr.gettext("Caps")]
    caps = {row[0]: row for row in rows}
    funder = caps[tr.gettext("Contribution from {funder}").format(
        funder=program.funder_name(tr))]
    assert [Decimal(v) for v in funder[1:]] == [*summary.funder_by_year, summary.funder_total]
    # Each share rule's money and its costs (the next row): the figures validation checks.
    context = Context(program, proposal, summary, date(2018, 4, 1), tr)
    for rule in program.share_rules:
        amounts, costs = share_figures(context, rule)
        at = next(i for i, row in enumerate(rows) if row[0] == program.share_label(rule, tr))
        assert [Decimal(v) for v in rows[at][1:]] == [*amounts, sum(amounts, Decimal(0))]
        assert [Decimal(v) for v in rows[at + 1][1:]] == [*costs, sum(costs, Decimal(0))]
