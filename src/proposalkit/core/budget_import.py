"""A budget from a spreadsheet: which columns hold what (a mapping), the lines read with
it, and what importing them would add, change and remove (no Qt).

A workbook written by :mod:`proposalkit.export.budget_xlsx` maps itself (its column
titles are ours, in French or English); one the applicant made is guessed the same way
from its titles ("Poste", "Catégorie", "Année 1", "2025-2026"...), and the user (the
window's mapping step, the command line's options) confirms or corrects the guess.
Amounts are read as people write them in fr_CA and en_CA (``400 000 $``, ``1 234,56``,
``$1,234.56``), whether the cell holds a number or text; a cell that cannot be read
stops the import with its sheet, cell and reason. Nothing changes until the plan is
applied, as one composite operation of :mod:`proposalkit.core.edits` (one undo step).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from pydantic import ValidationError

from proposalkit.core.edits import Composite, SetField
from proposalkit.core.financing import STATUS_LABELS
from proposalkit.core.model import ExpenseLine, Nature, Proposal, RevenueLine
from proposalkit.core.money import AmountError, check_amount, parse_amount
from proposalkit.core.program import Program
from proposalkit.core.sheets import UNCOMPUTED, Cell, Sheet, column_letter
from proposalkit.errors import ProposalKitError
from proposalkit.i18n import Translator, translator

Part = Literal["expenses", "revenues"]
PARTS: tuple[Part, ...] = ("expenses", "revenues")
Status = Literal["added", "changed", "removed", "unchanged"]
ZERO = Decimal(0)
#: How far down a sheet its column titles are looked for.
HEADER_SEARCH = 20


class BudgetImportError(ProposalKitError):
    """A mapping or a cell that cannot be used; the message names the sheet and cell."""


@dataclass(frozen=True)
class Mapping:
    """Which columns of which sheet hold one part of the budget (0-based indexes)."""

    part: Part
    sheet: str
    #: The row of the column titles (-1: none; the lines start on the first row).
    header_row: int
    #: The line's description.
    line: int
    #: The category (expenses) or the source (revenues), if a column holds it.
    group: int | None
    #: One column per project year (None: the year stays at zero).
    years: tuple[int | None, ...]
    #: Cash or in kind (revenues), if a column holds it.
    nature: int | None = None
    #: Where the source stands (revenues, format 6), if a column holds it.
    status: int | None = None


def _plain(text: object) -> str:
    """Text compared loosely: no accents, no case, one space, straight apostrophes."""
    value = unicodedata.normalize("NFKD", str(text or ""))
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = value.replace("’", "'").casefold()
    return " ".join(value.split())


_LINE_WORDS = ("description", "libelle", "intitule", "poste", "ligne", "line", "item",
               "detail", "depense", "expense", "revenu", "revenue", "nom", "name")
_GROUP_WORDS: dict[Part, tuple[str, ...]] = {
    "expenses": ("categorie", "category", "rubrique", "type de depense"),
    "revenues": ("source", "bailleur", "financeur", "funder", "provenance", "type de revenu"),
}
_NATURE_WORDS = ("nature", "cash or in kind", "especes ou nature")
_STATUS_WORDS = ("statut", "status", "etat")
#: Other ways a person writes a status in a workbook (accents and case do not matter).
_STATUS_ALIASES: dict[str, tuple[str, ...]] = {
    "confirmed": ("confirme", "confirmee", "accorde", "accordee", "granted"),
    "requested": ("requested", "demande", "demandee", "filed", "deposee"),
    "to_request": ("to request", "a demander", "a venir"),
    "": ("not said", "non precise", "inconnu", "unknown"),
}
_TOTAL_WORDS = ("total", "sous-total", "subtotal", "grand total", "sous total")
_YEAR = re.compile(r"^(?:annee|an|year|yr|a|y)\s*\.?\s*(\d{1,2})\b")
_FISCAL = re.compile(r"^(\d{4})(?:\s*[-/–]\s*(?:\d{2}|\d{4}))?$")
_REVENUE_SHEETS = ("revenu", "revenue", "financement", "funding", "sources")
_EXPENSE_SHEETS = ("depense", "expense", "cout", "cost", "charges")
_CASH = ("cash", "especes", "en especes", "argent", "en argent", "numeraire", "monetaire")
_IN_KIND = ("in kind", "in-kind", "nature", "en nature", "en biens et services")


def _matches(title: str, words: Sequence[str]) -> bool:
    return any(title == w or title.startswith(w + " ") for w in words)


def _year_columns(titles: list[str], years: int) -> tuple[int | None, ...]:
    """The columns titled ``Année 1``…, or else a run of years (``2025``, ``2025-2026``)."""
    numbered: dict[int, int] = {}
    for column, title in enumerate(titles):
        match = _YEAR.match(title)
        if match and 1 <= int(match.group(1)) <= years and int(match.group(1)) not in numbered:
            numbered[int(match.group(1))] = column
    if numbered:
        return tuple(numbered.get(y + 1) for y in range(years))
    calendar = [(int(m.group(1)), c) for c, t in enumerate(titles) if (m := _FISCAL.match(t))]
    run = [c for _y, c in sorted(calendar)][:years]
    return tuple(run + [None] * (years - len(run))) if run else ()


def guess_mapping(sheet: Sheet, years: int, part: Part | None = None) -> Mapping | None:
    """The mapping the titles of ``sheet`` suggest (None when no row has both a line
    column and a year column); ``part``: what the sheet holds, if known."""
    for row in range(min(HEADER_SEARCH, len(sheet.rows))):
        titles = [_plain(c) if isinstance(c, str) else "" for c in sheet.rows[row]]
        year_columns = _year_columns(titles, years)
        if not any(c is not None for c in year_columns):
            continue
        kind = part or _part_of(sheet.name, titles)
        groups = _GROUP_WORDS[kind or "expenses"]
        group = next((c for c, t in enumerate(titles) if _matches(t, groups)), None)
        nature = next((c for c, t in enumerate(titles) if _matches(t, _NATURE_WORDS)), None)
        status = next((c for c, t in enumerate(titles) if _matches(t, _STATUS_WORDS)), None)
        taken = {group, nature, status, *year_columns}
        line = next((c for c, t in enumerate(titles) if t == "description" and c not in taken),
                    None)
        if line is None:
            line = next((c for c, t in enumerate(titles) if _matches(t, _LINE_WORDS)
                         and c not in taken), None)
        if line is None:
            continue
        revenues = kind == "revenues"
        return Mapping(kind or "expenses", sheet.name, row, line, group, year_columns,
                       nature if revenues else None, status if revenues else None)
    return None


def _part_of(name: str, titles: list[str]) -> Part | None:
    plain = _plain(name)
    if any(w in plain for w in _REVENUE_SHEETS):
        return "revenues"
    if any(w in plain for w in _EXPENSE_SHEETS):
        return "expenses"
    if any(_matches(t, _GROUP_WORDS["revenues"]) for t in titles):
        return "revenues"
    if any(_matches(t, _GROUP_WORDS["expenses"]) for t in titles):
        return "expenses"
    return None


def guess_mappings(sheets: Sequence[Sheet], years: int) -> dict[Part, list[Mapping]]:
    """Every sheet's guessed mapping, by the part it seems to hold."""
    found: dict[Part, list[Mapping]] = {"expenses": [], "revenues": []}
    for sheet in sheets:
        mapping = guess_mapping(sheet, years)
        if mapping is not None:
            found[mapping.part].append(mapping)
    return found


# -- reading lines ------------------------------------------------------------------------


@dataclass
class ReadLine:
    """One line read from the sheet, before it is matched with the proposal's."""

    row: int
    group: str
    description: str
    amounts: list[Decimal]
    nature: Nature = "cash"
    #: None: the sheet says nothing (a matched line keeps its own status).
    status: str | None = None


def _choices(program: Program, part: Part) -> list[tuple[str, tuple[str, ...]]]:
    items = program.expense_categories if part == "expenses" else program.revenue_sources
    return [(item.id, (_plain(item.id), _plain(item.label.fr), _plain(item.label.en)))
            for item in items]


def _group_of(text: str, choices: list[tuple[str, tuple[str, ...]]]) -> str | None:
    plain = _plain(text)
    return next((ident for ident, names in choices if plain in names), None)


def _text(cell: Cell) -> str:
    if cell is None or cell is UNCOMPUTED:
        return ""
    return format(cell, "f") if isinstance(cell, Decimal) else str(cell)


def _where(sheet: Sheet, row: int, column: int) -> Callable[[Translator], str]:
    """The cell's place in words, in the language the error is shown in."""
    cell = f"{column_letter(column)}{row + 1}"
    return lambda tr: tr.gettext("“{sheet}”, cell {cell}").format(sheet=sheet.name, cell=cell)


def _amount(sheet: Sheet, row: int, column: int, lang: str, tr: Translator) -> Decimal:
    cell = sheet.cell(row, column)
    try:
        if cell is UNCOMPUTED:
            raise BudgetImportError(
                "{where}: the formula there was saved without its value (proposalkit "
                "computes no formula); open the file in a spreadsheet, save it, and import "
                "it again.", where=_where(sheet, row, column))
        if isinstance(cell, Decimal):
            return check_amount(cell)
        text = _text(cell).strip()
        if text in ("", "-", "–", "—"):
            return ZERO
        return parse_amount(text, lang)
    except AmountError as exc:
        raise BudgetImportError("{where}: {reason}", where=_where(sheet, row, column),
                                reason=lambda t, e=exc: e.message(t.lang)) from None


def read_lines(sheet: Sheet, mapping: Mapping, program: Program, lang: str,
               tr: Translator) -> list[ReadLine]:
    """The lines of ``sheet`` under ``mapping``: rows without any amount (titles,
    notes) and total rows are skipped; a row naming only a category (or source) makes
    it the group of the rows below."""
    choices = _choices(program, mapping.part)
    current = choices[0][0]
    lines: list[ReadLine] = []
    years = list(mapping.years) + [None] * (program.years - len(mapping.years))
    for row in range(mapping.header_row + 1, len(sheet.rows)):
        label = _text(sheet.cell(row, mapping.line)).strip()
        group_text = (_text(sheet.cell(row, mapping.group)).strip()
                      if mapping.group is not None else "")
        if _matches(_plain(label), _TOTAL_WORDS) or _matches(_plain(group_text), _TOTAL_WORDS):
            continue
        cells = [sheet.cell(row, c) if c is not None else None for c in years]
        if all(c is None for c in cells):
            heading = _group_of(label, choices) if not group_text else None
            found = _group_of(group_text, choices) if group_text else heading
            if found is not None:
                current = found
            continue
        if group_text:
            found = _group_of(group_text, choices)
            if found is None:
                kind = "expense_categories" if mapping.part == "expenses" else "revenue_sources"
                raise BudgetImportError(
                    "{where}: “{text}” is none of the program's choices ({choices}).",
                    where=_where(sheet, row, mapping.group or 0), text=group_text[:60],
                    choices=lambda t, k=kind: ", ".join(program.label(k, ident, t)
                                                     for ident, _names in choices))
            current = found
        amounts = [_amount(sheet, row, c, lang, tr) if c is not None else ZERO
                   for c in years]
        nature: Nature = "cash"
        if mapping.nature is not None:
            plain = _plain(_text(sheet.cell(row, mapping.nature)))
            nature = "in_kind" if plain in _IN_KIND else "cash"
        status = (_status(sheet, row, mapping.status) if mapping.status is not None
                  else None)
        lines.append(ReadLine(row, current, label, amounts, nature, status))
    return lines


def _status(sheet: Sheet, row: int, column: int) -> str | None:
    """The status written in a cell (its id or its label in French or English); None for
    an empty cell."""
    text = _plain(_text(sheet.cell(row, column)))
    if not text:
        return None
    for ident, label in STATUS_LABELS.items():
        names = {_plain(ident), _plain(label), _plain(translator("fr").gettext(label)),
                 *_STATUS_ALIASES.get(ident, ())}
        if text in names - {""}:
            return ident
    raise BudgetImportError(
        "{where}: “{text}” is not a status ({choices}).", where=_where(sheet, row, column),
        text=_text(sheet.cell(row, column))[:40],
        choices=lambda t: ", ".join(t.gettext(label) for ident, label in
                                    STATUS_LABELS.items() if ident))


# -- the plan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LineChange:
    """One line of the preview: what importing does to it."""

    part: Part
    status: Status
    group: str
    description: str
    before: tuple[Decimal, ...] | None
    after: tuple[Decimal, ...] | None


@dataclass
class ImportPlan:
    """The lines each part would have after the import, and what changes."""

    lines: dict[Part, list[ExpenseLine | RevenueLine]] = field(default_factory=dict)
    changes: list[LineChange] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """How many lines get ``status``."""
        return sum(1 for change in self.changes if change.status == status)

    @property
    def changes_anything(self) -> bool:
        """Whether applying the plan changes the proposal."""
        return any(c.status != "unchanged" for c in self.changes)

    def edit(self) -> Composite:
        """The operation applying the plan: each part's list set at once (one step)."""
        return Composite(tuple(SetField(("budget", part), [line.model_copy(deep=True)
                                                          for line in lines])
                               for part, lines in self.lines.items()))


def _key(group: str, description: str, nature: str = "") -> tuple[str, str, str]:
    return group, _plain(description), nature


def plan_import(proposal: Proposal, program: Program, sheets: Sequence[Sheet],
                mappings: Sequence[Mapping], tr: Translator, keep: bool = False
                ) -> ImportPlan:
    """What importing ``sheets`` under ``mappings`` does to ``proposal``: each mapped
    part's lines become the sheet's (a line with the same category or source and
    description keeps its identity and its partner), or, ``keep``, are added after the
    lines already there. Raises :class:`BudgetImportError` naming the cell at fault."""
    by_name = {sheet.name: sheet for sheet in sheets}
    plan = ImportPlan()
    for mapping in mappings:
        if mapping.part in plan.lines:
            raise BudgetImportError("Two sheets are mapped to the {part}: import one at a "
                                    "time.", part=lambda t, p=mapping.part: _part_name(p, t))
        sheet = by_name.get(mapping.sheet)
        if sheet is None:
            raise BudgetImportError("The workbook has no sheet named “{sheet}”.",
                                    sheet=mapping.sheet)
        read = read_lines(sheet, mapping, program, proposal.language, tr)
        plan.lines[mapping.part] = _merged(proposal, program, sheet, mapping, read, plan,
                                           keep, tr)
    return plan


def _part_name(part: Part, tr: Translator) -> str:
    return tr.gettext("expenses") if part == "expenses" else tr.gettext("revenues")


def _merged(proposal: Proposal, program: Program, sheet: Sheet, mapping: Mapping,
            read: list[ReadLine], plan: ImportPlan, keep: bool,
            tr: Translator) -> list[ExpenseLine | RevenueLine]:
    part = mapping.part
    current: list[ExpenseLine | RevenueLine] = list(getattr(proposal.budget, part))
    kind = "expense_categories" if part == "expenses" else "revenue_sources"
    group_of = (lambda line: line.category) if part == "expenses" else (
        lambda line: line.source)
    unused = {} if keep else {index: line for index, line in enumerate(current)}
    # The proposal's lines by what identifies them, in order (a dict, not a scan per
    # row: a sheet of thousands of rows is matched in linear time).
    by_key: dict[tuple[str, str, str], list[int]] = {}
    for index, existing in unused.items():
        by_key.setdefault(_key(group_of(existing), existing.description,
                               getattr(existing, "nature", "")), []).append(index)
    result: list[ExpenseLine | RevenueLine] = list(current) if keep else []
    for item in read:
        nature = item.nature if part == "revenues" else ""
        candidates = by_key.get(_key(item.group, item.description, nature))
        old = unused.pop(candidates.pop(0)) if candidates else None
        # A line matched with one already there keeps what the sheet does not carry
        # (its id, partner, justification, status and evidence).
        fields: dict[str, object] = {"description": item.description, "amounts": item.amounts}
        if part == "expenses":
            fields["category"] = item.group
        else:
            fields.update(source=item.group, nature=item.nature)
            if item.status is not None:
                fields["status"] = item.status
        try:
            if old is not None:
                line: ExpenseLine | RevenueLine = type(old).model_validate(
                    {**old.model_dump(), **fields})
            elif part == "expenses":
                line = ExpenseLine.model_validate(fields)
            else:
                line = RevenueLine.model_validate(fields)
        except ValidationError:
            raise BudgetImportError("{where}: the description is longer than a budget line "
                                    "holds.", where=_where(sheet, item.row,
                                                           mapping.line)) from None
        result.append(line)
        label = program.label(kind, item.group, tr)
        after = tuple(item.amounts)
        if old is None:
            plan.changes.append(LineChange(part, "added", label, item.description, None, after))
        else:
            before = tuple(old.amounts) + (ZERO,) * (program.years - len(old.amounts))
            same = before[:program.years] == after and old.description == item.description
            plan.changes.append(LineChange(part, "unchanged" if same else "changed", label,
                                           item.description, before, after))
    for old in unused.values():
        plan.changes.append(LineChange(part, "removed", program.label(kind, group_of(old), tr),
                                       old.description, tuple(old.amounts), None))
    if not keep and sorted(line.id for line in result) == sorted(line.id for line in current):
        # The same lines (the workbook lists them by category): the proposal's order stays.
        position = {line.id: index for index, line in enumerate(current)}
        result.sort(key=lambda line: position[line.id])
    return result


def apply_plan(proposal: Proposal, plan: ImportPlan) -> Proposal:
    """A copy of ``proposal`` with the plan applied (for the preview's findings and the
    command line); the window applies :meth:`ImportPlan.edit` through its session."""
    updated = proposal.model_copy(deep=True)
    plan.edit().apply(updated)
    return updated


# -- mappings given in words (the command line) ---------------------------------------------


def parse_column(text: str, sheet: Sheet, header_row: int) -> int:
    """A column given as a letter (``B``), a number (``2``) or its title in the sheet."""
    value = text.strip()
    if value.isdigit() and int(value) >= 1:
        return int(value) - 1
    if re.fullmatch(r"[A-Za-z]{1,3}", value):
        index = 0
        for char in value.upper():
            index = index * 26 + ord(char) - 64
        return index - 1
    if 0 <= header_row < len(sheet.rows):
        titles = [_plain(c) if isinstance(c, str) else "" for c in sheet.rows[header_row]]
        if _plain(value) in titles:
            return titles.index(_plain(value))
    raise BudgetImportError("“{text}” names no column of “{sheet}”: give a letter (B), a "
                            "number (2) or a column title.", text=text[:40], sheet=sheet.name)


def parse_columns(text: str, sheet: Sheet, header_row: int) -> tuple[int, ...]:
    """Year columns: ``C:F`` (a range), or a list ``C,D,E,F``."""
    if ":" in text and "," not in text:
        first, last = (parse_column(t, sheet, header_row) for t in text.split(":", 1))
        if last < first:
            first, last = last, first
        return tuple(range(first, last + 1))
    return tuple(parse_column(t, sheet, header_row) for t in text.split(",") if t.strip())
