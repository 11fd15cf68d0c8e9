"""The budget as an Excel workbook the accountant can work in (File ▸ Export the budget,
``proposalkit budget export``).

Four sheets, titled in the proposal's language: the expenses and the revenues (one row a
line, one column a project year, as in the window; a revenue's status too), the financing
plan (each source and nature per year with its share of the costs, then the money by
nature and by status: confirmed, requested, to request) and the caps (the funder's
contribution against the program's caps, and each share rule against its maximum).
Amounts are numbers in the language's money format; every total, share and room left is
a **formula** over the cells above it, so the workbook stays right when someone changes a
figure in it. :mod:`proposalkit.core.budget_import` reads the first two sheets back.

This is a data export, not the dossier: it reads the budget (and its totals from
:mod:`proposalkit.core.budget`) directly rather than through the intermediate document.
openpyxl is imported here only, when a workbook is written.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from proposalkit.core.financing import STATUS_LABELS
from proposalkit.core.model import Proposal
from proposalkit.core.program import Program
from proposalkit.core.rules import ShareLimit, pick_limit
from proposalkit.i18n import N_, Translator, facts, translator

#: Sheet titles (at most 31 characters, Excel's limit).
SHEETS = {"expenses": N_("Expenses"), "revenues": N_("Revenues"),
          "plan": N_("Financing plan"), "caps": N_("Caps")}
#: Amounts as each language writes money; Excel shows the separators of the reader's
#: system, the locale tag keeps the symbol where the language puts it.
MONEY_FORMAT = {"fr": "#,##0.00 [$$-C0C]", "en": "[$$-1009]#,##0.00"}
PERCENT_FORMAT = {"fr": "0.00 %", "en": "0.00%"}


@dataclass(frozen=True)
class _Part:
    """Where one sheet of lines put its columns, for the formulas of the others."""

    title: str
    group_column: str  # letter of the category / source column
    nature_column: str  # letter of the nature column ("" for expenses)
    status_column: str  # letter of the status column ("" for expenses)
    year_columns: list[str]
    first_row: int
    last_row: int  # last line's row (first_row - 1 when there is none)
    total_row: int

    def range_of(self, column: str) -> str:
        """``'Revenues'!$E$2:$E$9``: the lines of one column (an empty row when none)."""
        last = max(self.last_row, self.first_row)
        return f"{_quoted(self.title)}!${column}${self.first_row}:${column}${last}"

    def total(self, year: int | None) -> str:
        """The cell of the total row for a year (None: the total column)."""
        column = (self.year_columns[year] if year is not None
                  else _letter(_index(self.year_columns[-1]) + 1))
        return f"{_quoted(self.title)}!${column}${self.total_row}"


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _index(letter: str) -> int:
    from openpyxl.utils import column_index_from_string

    return int(column_index_from_string(letter))


def _put(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write ``value`` at (row, column); a text stays a text even when it starts with
    "=" (openpyxl would make it a formula, and a description is never one)."""
    cell = sheet.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


class _Writer:
    """One workbook being written."""

    def __init__(self, program: Program, proposal: Proposal, tr: Translator) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.program, self.proposal, self.tr = program, proposal, tr
        self.years = program.years
        self.money = MONEY_FORMAT[tr.lang]
        self.percent = PERCENT_FORMAT[tr.lang]
        self.bold = Font(bold=True)
        self.book = Workbook()
        self.book.remove(self.book.active)
        self.year_titles = [tr.gettext("Year {n}").format(n=y + 1) for y in range(self.years)]

    def sheet(self, kind: str, headers: Sequence[str], widths: Sequence[int]) -> Any:
        sheet = self.book.create_sheet(self.tr.gettext(SHEETS[kind]))
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = self.bold
        for number, width in enumerate(widths, start=1):
            sheet.column_dimensions[_letter(number)].width = width
        return sheet

    def lines(self, kind: str, labels: list[list[str]], amounts: list[list[Decimal]],
              headers: list[str], widths: list[int], total_label: str) -> _Part:
        """A sheet of lines: the label columns, one amount a year, a total per line (a
        formula) and a total row of formulas."""
        sheet = self.sheet(kind, [*headers, *self.year_titles, self.tr.gettext("Total")],
                           [*widths, *([16] * (self.years + 1))])
        first_year = len(headers) + 1
        years = [_letter(first_year + y) for y in range(self.years)]
        total_column = _letter(first_year + self.years)
        for row, (texts, figures) in enumerate(zip(labels, amounts, strict=True), start=2):
            for column, text in enumerate(texts, start=1):
                _put(sheet, row, column, text)
            for year, amount in enumerate(figures):
                sheet.cell(row, first_year + year, amount)
            sheet[f"{total_column}{row}"] = f"=SUM({years[0]}{row}:{years[-1]}{row})"
        last = 1 + len(labels)
        total_row = last + 1
        sheet.cell(total_row, 1, total_label).font = self.bold
        for column in [*years, total_column]:
            formula = f"=SUM({column}2:{column}{last})" if labels else "=0"
            cell = sheet[f"{column}{total_row}"]
            cell.value, cell.font = formula, self.bold
        for row in sheet.iter_rows(min_row=2, max_row=total_row, min_col=first_year,
                                   max_col=first_year + self.years):
            for cell in row:
                cell.number_format = self.money
        # The labels stay in view while the years scroll, as in the window.
        sheet.freeze_panes = f"{years[0]}2"
        nature = _letter(2) if kind == "revenues" else ""
        status = _letter(5) if kind == "revenues" else ""
        return _Part(sheet.title, "A", nature, status, years, 2, last, total_row)

    def expenses(self) -> _Part:
        tr, program = self.tr, self.program
        order = {c.id: i for i, c in enumerate(program.expense_categories)}
        lines = sorted(self.proposal.budget.expenses,
                       key=lambda line: order.get(line.category, len(order)))
        return self.lines(
            "expenses",
            [[program.label("expense_categories", line.category, tr), line.description]
             for line in lines],
            [_fitted(line.amounts, self.years) for line in lines],
            [tr.gettext("Category"), tr.gettext("Description")], [34, 48],
            tr.gettext("Total expenses"))

    def revenues(self) -> _Part:
        tr, program, proposal = self.tr, self.program, self.proposal
        order = {s.id: i for i, s in enumerate(program.revenue_sources)}
        lines = sorted(proposal.budget.revenues,
                       key=lambda line: order.get(line.source, len(order)))
        natures = self.natures()
        labels = []
        for line in lines:
            partner = proposal.partner(line.partner_id)
            labels.append([program.label("revenue_sources", line.source, tr),
                           natures[line.nature], line.description,
                           partner.name if partner is not None else "",
                           tr.gettext(STATUS_LABELS[line.status])])
        return self.lines(
            "revenues", labels, [_fitted(line.amounts, self.years) for line in lines],
            [tr.gettext("Source"), tr.gettext("Nature"), tr.gettext("Description"),
             tr.gettext("Partner"), tr.gettext("Status")], [34, 12, 40, 24, 14],
            tr.gettext("Total revenues"))

    def natures(self) -> dict[str, str]:
        return {"cash": self.tr.gettext("Cash"), "in_kind": self.tr.gettext("In kind")}

    def _sum_of(self, part: _Part, year: int, groups: Sequence[str],
                nature: str | None = None) -> str:
        """Σ SUMIFS of one year's column of ``part`` over the lines of ``groups``."""
        if not groups:
            return "0"
        column = part.range_of(part.year_columns[year])
        where = part.range_of(part.group_column)
        terms = []
        for group in groups:
            condition = f'{where},"{_escaped(group)}"'
            if nature is not None:
                condition += f',{part.range_of(part.nature_column)},"{_escaped(nature)}"'
            terms.append(f"SUMIFS({column},{condition})")
        return "+".join(terms)

    def plan(self, expenses: _Part, revenues: _Part) -> None:
        """Each source and nature per year with its share of the costs, then the totals
        by nature and by status, the revenues, the expenses and the difference."""
        tr, program = self.tr, self.program
        natures = self.natures()
        sheet = self.sheet("plan", [tr.gettext("Source"), tr.gettext("Nature"),
                                    *self.year_titles, tr.gettext("Total"),
                                    tr.gettext("Share of the costs")],
                           [40, 12, *([16] * (self.years + 1)), 14])
        years = [_letter(3 + y) for y in range(self.years)]
        total, share = _letter(3 + self.years), _letter(4 + self.years)
        present = {(line.source, line.nature) for line in self.proposal.budget.revenues}
        known = [s.id for s in program.revenue_sources]
        sources = known + sorted({s for s, _n in present} - set(known))
        row = 2
        for source in sources:
            for nature in ("cash", "in_kind"):
                if (source, nature) not in present:
                    continue
                label = program.label("revenue_sources", source, tr)
                _put(sheet, row, 1, label)
                sheet.cell(row, 2, natures[nature])
                for year, column in enumerate(years):
                    sheet[f"{column}{row}"] = "=" + self._sum_of(revenues, year, [label],
                                                                 natures[nature])
                row = self._row_total(sheet, row, years, total, share, expenses)
        first_total = row
        for nature in ("cash", "in_kind"):
            sheet.cell(row, 1, tr.gettext("Total in cash") if nature == "cash"
                       else tr.gettext("Total in kind")).font = self.bold
            for year, column in enumerate(years):
                sheet[f"{column}{row}"] = "=" + self._sum_of_nature(revenues, year,
                                                                    natures[nature])
            row = self._row_total(sheet, row, years, total, share, expenses)
        # Where the money stands (format 6): confirmed, requested, to request.
        present_statuses = {line.status for line in self.proposal.budget.revenues}
        for status, label in STATUS_LABELS.items():
            if status not in present_statuses:
                continue
            sheet.cell(row, 1, tr.gettext("Total: {status}").format(
                status=tr.gettext(label).lower())).font = self.bold
            for year, column in enumerate(years):
                sheet[f"{column}{row}"] = (
                    f"=SUMIFS({revenues.range_of(revenues.year_columns[year])},"
                    f"{revenues.range_of(revenues.status_column)},"
                    f'"{_escaped(tr.gettext(label))}")')
            row = self._row_total(sheet, row, years, total, share, expenses)
        rows = [(tr.gettext("Total revenues"), revenues), (tr.gettext("Total expenses"),
                                                           expenses)]
        for label, part in rows:
            sheet.cell(row, 1, label).font = self.bold
            for year, column in enumerate(years):
                sheet[f"{column}{row}"] = "=" + part.total(year)
            row = self._row_total(sheet, row, years, total, share, expenses)
        sheet.cell(row, 1, tr.gettext("Revenues minus expenses")).font = self.bold
        for column in [*years, total]:
            sheet[f"{column}{row}"] = f"={column}{row - 2}-{column}{row - 1}"
        for cells in sheet.iter_rows(min_row=2, max_row=row, min_col=3,
                                     max_col=3 + self.years):
            for cell in cells:
                cell.number_format = self.money
        for number in range(first_total, row + 1):
            for cell in sheet[number]:
                cell.font = self.bold
        sheet.freeze_panes = "C2"

    def _row_total(self, sheet: Any, row: int, years: list[str], total: str, share: str,
                   expenses: _Part) -> int:
        sheet[f"{total}{row}"] = f"=SUM({years[0]}{row}:{years[-1]}{row})"
        costs = expenses.total(None)
        sheet[f"{share}{row}"] = f'=IF({costs}=0,"",{total}{row}/{costs})'
        sheet[f"{share}{row}"].number_format = self.percent
        return row + 1

    def caps(self, expenses: _Part, revenues: _Part) -> None:
        """The funder's contribution against its caps; each share rule's share of its
        costs against its maximum (over the whole project, or each year as the rule
        says; the other column is information)."""
        tr, program = self.tr, self.program
        caps = program.funder_caps(self.proposal.applicant.legal_form,
                                   self.proposal.applicant.main_activity,
                                   self.proposal.territory or "")
        sheet = self.sheet("caps", ["", *self.year_titles, tr.gettext("Total")],
                           [58, *([16] * (self.years + 1))])
        years = [_letter(2 + y) for y in range(self.years)]
        total = _letter(2 + self.years)
        funder = program.label("revenue_sources", program.funder_source.id, tr)
        sheet.append([tr.gettext("Contribution from {funder}").format(
            funder=program.funder_name(tr))]
            + ["=" + self._sum_of(revenues, y, [funder]) for y in range(self.years)]
            + [f"=SUM({years[0]}2:{years[-1]}2)"])
        per_year: list[Decimal | None] = (list(caps.funder_per_year) if caps.yearly
                                          else [None] * self.years)
        sheet.append([tr.gettext("Cap of the program")] + per_year + [caps.funder_total])
        room = [f"={c}3-{c}2" if caps.yearly else None for c in years]
        sheet.append([tr.gettext("Room left under the cap")] + room + [f"={total}3-{total}2"])
        for cells in sheet.iter_rows(min_row=2, max_row=4, min_col=2, max_col=2 + self.years):
            for cell in cells:
                cell.number_format = self.money
        for rule in program.share_rules:
            if rule.max is not None:
                self._share_rule(sheet, rule, expenses, revenues, years, total)
        for cell in sheet["A"]:
            cell.font = self.bold

    def _share_rule(self, sheet: Any, rule: ShareLimit, expenses: _Part, revenues: _Part,
                    years: list[str], total: str) -> None:
        tr, program = self.tr, self.program
        applicant = self.proposal.applicant
        limit = pick_limit(rule, applicant.legal_form, applicant.main_activity, "max",
                           self.proposal.territory or "")
        ids = program.resolve_sources(rule.sources)
        labels = [program.label("revenue_sources", s.id, tr) for s in program.revenue_sources
                  if s.id in ids]
        nature = None if rule.nature == "any" else self.natures()[rule.nature]
        ineligible = [c.label(tr) for c in program.expense_categories if not c.eligible]
        first = sheet.max_row + 2
        what = program.share_label(rule, tr)
        _put(sheet, first, 1, what)
        base = (tr.gettext("Eligible costs") if rule.base == "eligible_costs"
                else tr.gettext("Costs of the project"))
        sheet.cell(first + 1, 1, base)
        sheet.cell(first + 2, 1, tr.gettext("Share of the costs"))
        sheet.cell(first + 3, 1, tr.gettext("Maximum share"))
        natures = self.natures()
        for year, column in enumerate(years):
            sheet[f"{column}{first}"] = "=" + self._sum_of(revenues, year, labels, nature)
            costs = expenses.total(year)
            if rule.base == "eligible_costs":
                costs += "-(" + self._sum_of(expenses, year, ineligible) + ")"
            if not rule.in_kind_in_base:
                costs += "-(" + self._sum_of_nature(revenues, year, natures["in_kind"]) + ")"
            sheet[f"{column}{first + 1}"] = "=" + costs
        for row in (first, first + 1):
            sheet[f"{total}{row}"] = f"=SUM({years[0]}{row}:{years[-1]}{row})"
        for column in [*years, total]:
            sheet[f"{column}{first + 2}"] = (
                f'=IF({column}{first + 1}<=0,"",{column}{first}/{column}{first + 1})')
            sheet[f"{column}{first + 2}"].number_format = self.percent
        # The maximum where the rule applies: the whole project, or each year.
        for column in years if rule.period == "each_year" else [total]:
            sheet[f"{column}{first + 3}"] = limit
            sheet[f"{column}{first + 3}"].number_format = self.percent
        for cells in sheet.iter_rows(min_row=first, max_row=first + 1, min_col=2,
                                     max_col=2 + self.years):
            for cell in cells:
                cell.number_format = self.money

    def _sum_of_nature(self, revenues: _Part, year: int, nature: str) -> str:
        return (f"SUMIFS({revenues.range_of(revenues.year_columns[year])},"
                f'{revenues.range_of(revenues.nature_column)},"{_escaped(nature)}")')

    def write(self) -> bytes:
        expenses = self.expenses()
        revenues = self.revenues()
        self.plan(expenses, revenues)
        self.caps(expenses, revenues)
        props = self.book.properties
        props.creator = "proposalkit"
        props.title = self.proposal.metadata.title or self.proposal.applicant.legal_name
        props.language = facts(self.tr.lang).tag
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


def _escaped(text: str) -> str:
    """``text`` as a SUMIFS criterion inside a formula's double quotes: equal to it
    (a leading "=", so that a label starting with < or > is not a comparison), its
    wildcards * ? ~ escaped with a tilde, its quotes doubled."""
    for char in "~*?":
        text = text.replace(char, "~" + char)
    return "=" + text.replace('"', '""')


def _fitted(amounts: Sequence[Decimal], years: int) -> list[Decimal]:
    return [amounts[y] if y < len(amounts) else Decimal(0) for y in range(years)]


def budget_workbook(program: Program, proposal: Proposal, lang: str | None = None) -> bytes:
    """The budget of ``proposal`` as an .xlsx workbook (bytes), titled in ``lang`` (the
    proposal's language by default)."""
    return _Writer(program, proposal, translator(lang or proposal.language)).write()


def write_budget(path: Path, program: Program, proposal: Proposal,
                 lang: str | None = None) -> None:
    """Write :func:`budget_workbook` to ``path`` atomically."""
    from proposalkit.export.atomic import write_atomically

    data = budget_workbook(program, proposal, lang)
    write_atomically(path, lambda fh: fh.write(data))
