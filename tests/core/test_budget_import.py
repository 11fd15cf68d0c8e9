"""A budget read from a spreadsheet: our own workbook back, one made by another program
(XlsxWriter) with French amounts as text, a French CSV, and files that are refused."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook

from proposalkit.core.budget_import import (
    BudgetImportError,
    Mapping,
    apply_plan,
    guess_mappings,
    plan_import,
)
from proposalkit.core.sheets import MAX_ROWS, SheetFileError, read_sheets
from proposalkit.export.budget_xlsx import write_budget
from proposalkit.i18n import translator
from tests.export.conftest import flat

FR = translator("fr")


def _guessed(path, program):
    sheets = read_sheets(path)
    found = guess_mappings(sheets, program.years)
    return sheets, [m for candidates in found.values() for m in candidates]


def test_our_workbook_comes_back_unchanged_and_an_edit_in_it_is_read(tmp_path, pri, example):
    path = tmp_path / "budget.xlsx"
    write_budget(path, pri, example)
    sheets, mappings = _guessed(path, pri)
    assert sorted(m.part for m in mappings) == ["expenses", "revenues"]
    plan = plan_import(example, pri, sheets, mappings, FR)
    assert not plan.changes_anything
    assert apply_plan(example, plan).budget == example.budget

    book = load_workbook(path)
    book["Dépenses"]["C3"] = 61000  # the second expense line, year 1
    book["Dépenses"].delete_rows(4)  # the third line goes away
    book.save(path)
    sheets, mappings = _guessed(path, pri)
    plan = plan_import(example, pri, sheets, mappings, FR)
    assert (plan.count("changed"), plan.count("removed"), plan.count("added")) == (1, 1, 0)
    after = apply_plan(example, plan)
    assert len(after.budget.expenses) == len(example.budget.expenses) - 1
    assert Decimal(61000) in [line.amounts[0] for line in after.budget.expenses]
    # The lines kept are the same lines (their ids, the revenues' partners).
    assert {line.id for line in after.budget.revenues} == {
        line.id for line in example.budget.revenues}
    assert [line.partner_id for line in after.budget.revenues] == [
        line.partner_id for line in example.budget.revenues]


def test_the_plan_is_one_edit_and_its_inverse_restores_everything(tmp_path, pri, example):
    path = tmp_path / "budget.xlsx"
    write_budget(path, pri, example)
    book = load_workbook(path)
    book["Revenus"]["F2"] = 350000  # year 1 (after the status column)
    book.save(path)
    sheets, mappings = _guessed(path, pri)
    plan = plan_import(example, pri, sheets, mappings, FR)
    before = example.model_copy(deep=True)
    inverse, changes = plan.edit().apply(example)
    assert changes.budget_structure
    assert example.budget.revenues[0].amounts[0] == Decimal(350000)
    inverse.apply(example)
    assert example == before


def _applicants_workbook(path):
    """A budget as an applicant lays it out in Excel, written by XlsxWriter: a title, a
    header two rows down, category headings with lines under them, amounts as French
    text or as numbers, a subtotal and a total."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Budget 2018-2022")
    rows = [
        ["Budget du pôle — prévisions"],
        [],
        ["Poste", "Note", "An 1", "An 2", "An 3", "An 4", "Total"],
        ["Salaires et charges sociales"],
        ["Coordonnatrice", "", "65 000 $", "66 300,00 $", "67 626", 68978.52, None],
        ["Conseillers (2)", "", 120000, "122 400", "124 848,00", "127 344,96 $", None],
        ["Sous-total salaires", "", 185000, 188700, 192474, 196323.48, None],
        ["Frais d’administration"],
        ["Comptabilité", "", "12 500,50", "-", "", "13 000", None],
        ["TOTAL", "", 0, 0, 0, 0, None],
    ]
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is not None:
                sheet.write(number, column, value)
    sheet.write_formula(4, 6, "=SUM(C5:F5)")
    book.close()


def test_a_workbook_made_elsewhere_with_french_amounts_as_text(tmp_path, pri, example):
    path = tmp_path / "applicant.xlsx"
    _applicants_workbook(path)
    sheets, mappings = _guessed(path, pri)
    (mapping,) = mappings
    assert (mapping.part, mapping.header_row, mapping.line, mapping.group) == (
        "expenses", 2, 0, None)
    assert mapping.years == (2, 3, 4, 5)
    plan = plan_import(example, pri, sheets, [mapping], FR)
    after = apply_plan(example, plan)
    lines = [(line.category, line.description, line.amounts) for line in after.budget.expenses]
    D = Decimal
    assert lines == [
        ("salaries", "Coordonnatrice", [D("65000"), D("66300.00"), D("67626"), D("68978.52")]),
        ("salaries", "Conseillers (2)", [D(120000), D("122400"), D("124848.00"),
                                        D("127344.96")]),
        ("administration", "Comptabilité", [D("12500.50"), D(0), D(0), D("13000")]),
    ]
    assert plan.count("removed") == len(example.budget.expenses)
    kept = plan_import(example, pri, sheets, [mapping], FR, keep=True)
    assert len(apply_plan(example, kept).budget.expenses) == len(example.budget.expenses) + 3
    assert kept.count("removed") == 0


def test_a_french_csv_with_semicolons(tmp_path, pri, example):
    path = tmp_path / "revenus.csv"
    path.write_text("Source;Nature;Description;Année 1;Année 2;Année 3;Année 4\n"
                    "Secteur privé;En nature;Prêt de locaux;10 000,00 $;10 000;10 000;10 000\n"
                    "Gouvernement fédéral;En argent;DEC;\"1 234,56\";0;0;0\n",
                    encoding="cp1252")
    sheets, mappings = _guessed(path, pri)
    (mapping,) = mappings
    assert mapping.part == "revenues"
    after = apply_plan(example, plan_import(example, pri, sheets, [mapping], FR))
    first, second = after.budget.revenues
    assert (first.source, first.nature, first.amounts[0]) == ("private", "in_kind",
                                                             Decimal("10000.00"))
    assert (second.source, second.nature, second.amounts[0]) == ("federal", "cash",
                                                                Decimal("1234.56"))


def test_a_cell_that_is_not_an_amount_is_named(tmp_path, pri, example):
    path = tmp_path / "b.csv"
    path.write_text("Poste,Catégorie,Année 1\nLoyer,Loyer et frais de fonctionnement,"
                    "douze mille\n", encoding="utf-8")
    sheets, mappings = _guessed(path, pri)
    with pytest.raises(BudgetImportError) as caught:
        plan_import(example, pri, sheets, mappings, FR)
    assert flat(caught.value.message(FR)).startswith("« b », cellule C2 : « douze mille »")
    path.write_text("Poste,Catégorie,Année 1\nLoyer,Voyages sur la Lune,100\n",
                    encoding="utf-8")
    sheets, mappings = _guessed(path, pri)
    with pytest.raises(BudgetImportError, match="cell B2: “Voyages sur la Lune” is none"):
        plan_import(example, pri, sheets, mappings, FR)


def test_a_formula_saved_without_its_value_is_refused_not_guessed(tmp_path, pri, example):
    book = Workbook()  # openpyxl saves formulas without a computed value
    sheet = book.active
    sheet.append(["Description", "Catégorie", "Année 1"])
    sheet.append(["Loyer", "Loyer et frais de fonctionnement", "=12*1000"])
    path = tmp_path / "f.xlsx"
    book.save(path)
    sheets, mappings = _guessed(path, pri)
    with pytest.raises(BudgetImportError, match="cell C2: the formula there was saved"):
        plan_import(example, pri, sheets, mappings, FR)


def test_a_mapping_to_a_missing_sheet_or_twice_the_same_part(tmp_path, pri, example):
    path = tmp_path / "b.xlsx"
    write_budget(path, pri, example)
    sheets = read_sheets(path)
    missing = Mapping("expenses", "Nope", 0, 1, 0, (2, 3, 4, 5))
    with pytest.raises(BudgetImportError, match="no sheet named “Nope”"):
        plan_import(example, pri, sheets, [missing], FR)
    twice = Mapping("expenses", "Dépenses", 0, 1, 0, (2, 3, 4, 5))
    with pytest.raises(BudgetImportError, match="Two sheets"):
        plan_import(example, pri, sheets, [twice, twice], FR)


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_workbook_is_one_translated_line(tmp_path, content):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(SheetFileError) as caught:
        read_sheets(path)
    message = flat(caught.value.message(FR))
    assert message.startswith(f"{path} ne peut être lu comme classeur : ")
    assert "\n" not in message


def test_a_part_with_a_dtd_is_refused(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY '
                         'a "aaaa">]><Types/>')
    with pytest.raises(SheetFileError, match="declares a DTD"):
        read_sheets(path)


def test_rows_past_the_limit_are_refused_and_other_suffixes_too(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("Poste;Année 1\n" + "x;1\n" * MAX_ROWS, encoding="utf-8")
    with pytest.raises(SheetFileError, match=f"more than {MAX_ROWS} rows"):
        read_sheets(path)
    other = tmp_path / "x.ods"
    other.write_bytes(b"")
    with pytest.raises(SheetFileError, match="neither an Excel workbook"):
        read_sheets(other)


def test_a_line_read_again_keeps_its_justification_and_its_status(tmp_path, pri, example):
    from datetime import date

    example.budget.expenses[0].justification = "2 conseillers × 52 000 $"
    example.budget.revenues[1].status = "confirmed"
    example.budget.revenues[1].status_date = date(2018, 3, 15)
    path = tmp_path / "budget.xlsx"
    write_budget(path, pri, example)
    book = load_workbook(path)
    book["Dépenses"]["C2"] = 1234  # the first expense line, year 1
    book.save(path)
    sheets, mappings = _guessed(path, pri)
    after = apply_plan(example, plan_import(example, pri, sheets, mappings, FR))
    first = after.budget.expenses[0]
    assert first.amounts[0] == Decimal(1234)
    assert first.justification == "2 conseillers × 52 000 $"
    assert after.budget.revenues[1].status == "confirmed"
    assert after.budget.revenues[1].status_date == date(2018, 3, 15)


def test_a_revenues_status_goes_out_and_comes_back(tmp_path, pri, example):
    example.budget.revenues[0].status = "requested"
    example.budget.revenues[1].status = "confirmed"
    path = tmp_path / "budget.xlsx"
    write_budget(path, pri, example)
    sheet = load_workbook(path)["Revenus"]
    assert [c.value for c in sheet[1]][:5] == ["Source", "Nature", "Description",
                                               "Partenaire", "État"]
    statuses = {sheet.cell(row, 3).value: sheet.cell(row, 5).value
                for row in range(2, 2 + len(example.budget.revenues))}
    assert statuses[example.budget.revenues[0].description] == "Demande déposée"
    assert statuses[example.budget.revenues[1].description] == "Confirmé"
    sheets, mappings = _guessed(path, pri)
    assert not plan_import(example, pri, sheets, mappings, FR).changes_anything
    book = load_workbook(path)
    row = next(r for r in range(2, 20) if book["Revenus"].cell(r, 5).value == "Demande déposée")
    book["Revenus"].cell(row, 5).value = "confirmed"
    book.save(path)
    sheets, mappings = _guessed(path, pri)
    after = apply_plan(example, plan_import(example, pri, sheets, mappings, FR))
    assert after.budget.revenues[0].status == "confirmed"
    book["Revenus"].cell(row, 5).value = "peut-être"
    book.save(path)
    sheets, mappings = _guessed(path, pri)
    with pytest.raises(BudgetImportError, match="“peut-être” is not a status"):
        plan_import(example, pri, sheets, mappings, FR)
