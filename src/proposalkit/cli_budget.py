"""``proposalkit budget export`` and ``budget import``: the budget to and from a
spreadsheet (see :mod:`proposalkit.export.budget_xlsx` and
:mod:`proposalkit.core.budget_import`).

Added to ``cli.py`` by :func:`add_parsers`. Without mapping options, ``import`` reads
every sheet whose column titles say what it holds (a workbook written by ``export``
always does) and refuses, naming the options, when it cannot tell; with them, it reads
the one sheet they describe.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from proposalkit.cli_copies import program_for as _program
from proposalkit.cli_copies import write_back
from proposalkit.core.program import Catalog
from proposalkit.errors import ProposalFileError
from proposalkit.i18n import Translator

EXIT_OK = 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser,
                tr: Translator) -> None:
    """Add ``budget export`` and ``budget import`` to the command line."""
    _ = tr.gettext
    budget = sub.add_parser("budget", parents=[common],
                            help=_("write the budget to an Excel workbook, or read it from "
                                   "one (or from a CSV file)"))
    commands = budget.add_subparsers(dest="budget_command", metavar=_("command"),
                                     required=True)
    export = commands.add_parser("export", parents=[common],
                                 help=_("write the budget as an Excel workbook (.xlsx)"))
    export.add_argument("file", type=Path, metavar=_("FILE"))
    export.add_argument("-o", "--output", required=True, type=Path, metavar=_("OUT"),
                        help=_("workbook to write (.xlsx)"))
    export.add_argument("--force", action="store_true",
                        help=_("overwrite an existing file"))

    reading = commands.add_parser("import", parents=[common],
                                  help=_("read the budget from a workbook (.xlsx) or a CSV "
                                         "file"))
    reading.add_argument("file", type=Path, metavar=_("FILE"))
    reading.add_argument("workbook", type=Path, metavar=_("WORKBOOK"))
    reading.add_argument("-o", "--output", type=Path, metavar=_("OUT"),
                         help=_("proposal file to write (default: FILE itself)"))
    reading.add_argument("--dry-run", action="store_true",
                         help=_("show what would change and write nothing"))
    reading.add_argument("--keep", action="store_true",
                         help=_("add the workbook's lines after those of the proposal "
                                "instead of replacing them"))
    reading.add_argument("--sheet", metavar=_("NAME"),
                         help=_("the sheet to read (with the options below)"))
    reading.add_argument("--part", choices=("expenses", "revenues"),
                         help=_("what the sheet holds"))
    reading.add_argument("--header-row", type=int, metavar="N",
                         help=_("the row of the column titles (0: none)"))
    reading.add_argument("--line", metavar=_("COLUMN"),
                         help=_("the column of the lines' descriptions (a letter, a number "
                                "or a title)"))
    reading.add_argument("--group", metavar=_("COLUMN"),
                         help=_("the column of the category (expenses) or the source "
                                "(revenues)"))
    reading.add_argument("--nature", metavar=_("COLUMN"),
                         help=_("the column saying cash or in kind (revenues)"))
    reading.add_argument("--status", metavar=_("COLUMN"),
                         help=_("the column saying whether a revenue is confirmed, requested "
                                "or to request"))
    reading.add_argument("--years", metavar=_("COLUMNS"),
                         help=_("the columns of the project years, in order (C:F or "
                                "C,D,E,F)"))


def cmd_budget(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    """Run ``budget export`` or ``budget import``."""
    if args.budget_command == "export":
        return _export(args, tr, catalog)
    return _import(args, tr, catalog)


def _export(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.export.budget_xlsx import write_budget
    from proposalkit.storage import read_document

    output: Path = args.output
    if output.suffix.lower() != ".xlsx" and not args.force:
        raise ProposalFileError("{path} does not end in .xlsx, yet it would hold the "
                                "workbook: name it …xlsx, or add --force to keep this name.",
                                path=output)
    if output.exists() and not args.force:
        raise ProposalFileError("{path} already exists; add --force to replace it.",
                                path=output)
    if output.resolve() == args.file.resolve():
        raise ProposalFileError("{path} is the proposal itself: choose another output file.",
                                path=output)
    document = read_document(args.file)
    program = _program(catalog, document.proposal.program_id)
    write_budget(output, program, document.proposal)
    print(tr.gettext("Wrote {path}.").format(path=output))
    return EXIT_OK


def _mappings(args: argparse.Namespace, sheets, years: int, tr: Translator):  # noqa: ANN001, ANN202
    from proposalkit.core.budget_import import (
        BudgetImportError,
        Mapping,
        guess_mapping,
        guess_mappings,
        parse_column,
        parse_columns,
    )

    given = any(getattr(args, name) is not None for name in (
        "sheet", "part", "header_row", "line", "group", "nature", "status", "years"))
    names = ", ".join(f"“{s.name}”" for s in sheets)
    if not given:
        found = guess_mappings(sheets, years)
        chosen = []
        for part, candidates in found.items():
            if len(candidates) > 1:
                raise BudgetImportError(
                    "Several sheets could hold the {part} ({sheets}): choose one with "
                    "--sheet and --part.", part=_part_word(part),
                    sheets=", ".join(f"“{m.sheet}”" for m in candidates))
            chosen += candidates
        if not chosen:
            raise BudgetImportError(
                "No sheet of the workbook ({sheets}) has titles that say which column holds "
                "the lines and which the years: give them with --line, --years and, if "
                "needed, --sheet, --part, --group, --header-row.", sheets=names)
        return chosen
    if args.sheet is None and len(sheets) > 1:
        raise BudgetImportError("The workbook has several sheets ({sheets}): name one with "
                                "--sheet.", sheets=names)
    sheet = next((s for s in sheets if args.sheet in (None, s.name)), None)
    if sheet is None:
        raise BudgetImportError("The workbook has no sheet named “{sheet}”.", sheet=args.sheet)
    guess = guess_mapping(sheet, years, args.part)
    header = args.header_row - 1 if args.header_row is not None else (
        guess.header_row if guess is not None else 0)
    part = args.part or (guess.part if guess is not None else None)
    if part is None:
        raise BudgetImportError("Say whether “{sheet}” holds the expenses or the revenues, "
                                "with --part.", sheet=sheet.name)

    def column(text: str | None, guessed: int | None) -> int | None:
        return parse_column(text, sheet, header) if text is not None else guessed

    line = column(args.line, guess.line if guess is not None else None)
    year_columns = (parse_columns(args.years, sheet, header) if args.years is not None
                    else guess.years if guess is not None else ())
    if line is None or not any(c is not None for c in year_columns):
        raise BudgetImportError("Which column of “{sheet}” holds the lines, and which the "
                                "years? Give them with --line and --years.", sheet=sheet.name)
    if len(year_columns) > years:
        raise BudgetImportError("{n} year columns are given; the program has {years} project "
                                "years.", n=len(year_columns), years=years)
    return [Mapping(part, sheet.name, header, line,
                    column(args.group, guess.group if guess is not None else None),
                    tuple(year_columns),
                    column(args.nature, guess.nature if guess is not None else None)
                    if part == "revenues" else None,
                    column(args.status, guess.status if guess is not None else None)
                    if part == "revenues" else None)]


def _part_word(part: str):  # noqa: ANN202 - a field translated when the error is shown
    return lambda tr: tr.gettext("expenses") if part == "expenses" else tr.gettext("revenues")


def _import(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    from proposalkit.core.budget_import import apply_plan, plan_import
    from proposalkit.core.diff import findings_appeared
    from proposalkit.core.sheets import read_sheets
    from proposalkit.core.validation import format_location
    from proposalkit.storage import read_document

    _ = tr.gettext
    document = read_document(args.file)
    program = _program(catalog, document.proposal.program_id)
    sheets = read_sheets(args.workbook)
    mappings = _mappings(args, sheets, program.years, tr)
    plan = plan_import(document.proposal, program, sheets, mappings, tr, keep=args.keep)
    for line in preview_lines(plan, tr):
        print(line)
    if not plan.changes_anything:
        print(_("The workbook changes nothing."))
        return EXIT_OK
    updated = apply_plan(document.proposal, plan)
    for finding in findings_appeared(program, document.proposal, updated, tr):
        print(_("New finding: {message} ({where})").format(
            message=finding.message, where=format_location(finding.location)))
    if args.dry_run:
        return EXIT_OK
    document.proposal = updated
    output = write_back(document, args.file, args.output)
    print(_("Wrote {path}.").format(path=output))
    return EXIT_OK


def preview_lines(plan, tr: Translator) -> list[str]:  # noqa: ANN001 - ImportPlan
    """The plan in a few lines: the counts, then each line added, changed or removed."""
    from decimal import Decimal

    from proposalkit.core.money import format_money

    _ = tr.gettext
    words = {"added": _("added"), "changed": _("changed"), "removed": _("removed")}
    out = [_("{added} added, {changed} changed, {removed} removed, {same} unchanged.").format(
        added=plan.count("added"), changed=plan.count("changed"),
        removed=plan.count("removed"), same=plan.count("unchanged"))]
    for change in plan.changes:
        if change.status == "unchanged":
            continue
        figures = change.after if change.after is not None else change.before or ()
        total = format_money(sum(figures, Decimal(0)), tr.lang)
        out.append(f"  {words[change.status]}\t{change.group}\t"
                   f"{change.description or '—'}\t{total}")
    return out


COMMANDS = {"budget": cmd_budget}
