"""``proposalkit set FILE LOCATION VALUE``: change one field of a proposal without the
window.

The location is written as ``proposalkit validate`` prints one (``budget.expenses[0].
amounts[1]``) or with dots only (``budget.expenses.0.amounts.1``); a line of a list is
named by its index (from 0) or its id (``budget.expenses.exp-2.amounts.1``), a project
year by its index (0 is the first year). The value is text read for the field's type:
an amount as people write it in fr_CA or en_CA (``120 000,00 $``, ``$120,000.00``; read
in the language of the messages), a date as people write it, as the window reads it
(``2018-03-15``, ``15/03/2018``, ``15 mars 2018``, ``March 15, 2018``), yes/no
(``oui``/``non``), one of a field's choices, or text. An empty value clears an optional field.

The change is one operation of :mod:`proposalkit.core.edits`, as in the window: the
model checks it before anything changes, and the file is saved atomically with its
history and its previous version kept as ``.pkp.bak``. A location or a value that cannot
be used is one translated line, exit 2, and the file is left as it was.
"""

from __future__ import annotations

import argparse
import re
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel

from proposalkit.core.locations import Location, get_at
from proposalkit.core.program import Catalog, Program
from proposalkit.errors import ProposalKitError
from proposalkit.i18n import Translator

EXIT_OK = 0
#: Fields proposalkit keeps itself: an id, where an attachment's bytes are and what they
#: are, the file's own times, the program (another program is another proposal).
INTERNAL = frozenset({"id", "program_id", "reference", "sha256", "size", "media_type",
                      "created", "modified", "app_version"})
_YES = frozenset({"yes", "y", "true", "1", "oui", "o", "vrai"})
_NO = frozenset({"no", "n", "false", "0", "non", "faux"})
_PART = re.compile(r"[^.\[\]]+")
_SHAPE = re.compile(r"[^.\[\]]+(?:\.[^.\[\]]+|\[[^.\[\]]+\])*")


class SetError(ProposalKitError):
    """A location or a value ``set`` cannot use."""


class RefusedValue(SetError):
    """A value the model refuses, said in the model's own words."""

    def __init__(self, say: Callable[[Translator], str]) -> None:
        self.say = say
        super().__init__()

    def message(self, tr: Translator) -> str:
        """What the model says, in ``tr``'s language."""
        return self.say(tr)


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser,
                tr: Translator) -> None:
    """Add ``set`` to the command line."""
    _ = tr.gettext
    setting = sub.add_parser(
        "set", parents=[common], help=_("change one field of a proposal"),
        description=_("Change one field of a proposal, checked as in the window; the file "
                      "keeps its history and its previous version (FILE.bak)."),
        epilog=_("Examples: proposalkit set FILE applicant.legal_name \"Name\"; "
                 "proposalkit set FILE budget.expenses[0].amounts[1] \"120 000,00 $\" "
                 "(lines and years count from 0, as validate prints them)."))
    setting.add_argument("file", type=Path, metavar=_("FILE"))
    setting.add_argument("location", metavar=_("LOCATION"),
                         help=_("the field, as validate prints it: applicant.legal_name, "
                                "budget.expenses[0].amounts[1], sections.context"))
    setting.add_argument("value", metavar=_("VALUE"),
                         help=_("the new value: an amount or a date as you write it "
                                "(2018-03-15, 15/03/2018, March 15, 2018), yes or no, or "
                                "text"))
    setting.add_argument("-o", "--output", type=Path, metavar=_("OUT"),
                         help=_("proposal file to write (default: FILE itself)"))


def read_location(text: str, proposal: BaseModel, years: int) -> Location:
    """The location ``text`` names in ``proposal``, checked part by part."""
    if not _SHAPE.fullmatch(text.strip()):
        raise SetError("{location} is not a location: write it as validate prints "
                          "one, e.g. budget.expenses[0].amounts[1].", location=text)
    location: list[str | int] = []
    node: object = proposal
    for part in _PART.findall(text.strip()):
        where = _shown(location)
        if isinstance(node, BaseModel):
            if part not in type(node).model_fields or part in INTERNAL:
                fields = [f for f in type(node).model_fields if f not in INTERNAL]
                raise SetError("{where} has no field {part}; its fields: {fields}.",
                               where=where or "-", part=part, fields=", ".join(fields))
            location.append(part)
            node = getattr(node, part)
        elif isinstance(node, list):
            figures = _is_figures(location)
            index = _line_index(node, part, years if figures else 0)
            if index is None and figures:
                raise SetError("{where} has one amount per project year: {part} is not a "
                               "year (the first is 0, the last {last}).", where=where,
                               part=part, last=max(years, len(node)) - 1)
            if index is None:
                raise SetError("{where} has no line {part} (it has {n}; lines count "
                                  "from 0, or name one by its id).",
                               where=where, part=part, n=len(node))
            location.append(index)
            node = node[index] if index < len(node) else None
        elif isinstance(node, dict):
            if part not in node:
                raise SetError("{where} has no {part}; it has: {keys}.", where=where,
                               part=part, keys=", ".join(map(str, node)) or "-")
            location.append(part)
            node = node[part]
        else:
            raise SetError("{where} is a single value: {part} cannot follow it.",
                           where=where, part=part)
    if isinstance(node, (BaseModel, dict)) or (isinstance(node, list)
                                               and not _is_figures(location)):
        raise SetError("{location} is a group of fields, not one: name one of them "
                          "(e.g. {example}).", location=text, example=_example(node, text))
    if isinstance(node, list):
        raise SetError("{location} holds one amount per year: name the year, e.g. "
                          "{location}[0].", location=text)
    return tuple(location)


def _shown(location: list[str | int]) -> str:
    from proposalkit.core.validation import format_location

    return format_location(tuple(location))


def _is_figures(location: list[str | int]) -> bool:
    from proposalkit.core.edits import FIGURES

    return len(location) >= 3 and location[-1] in FIGURES and isinstance(location[-2], int)


def _line_index(lines: list[object], part: str, years: int) -> int | None:
    # A year of a draft's short list of amounts is padded by the operation.
    if part.isdigit():
        index = int(part)
        return index if index < max(len(lines), years) else None
    return next((i for i, line in enumerate(lines) if getattr(line, "id", None) == part), None)


def _example(node: object, text: str) -> str:
    if isinstance(node, BaseModel):
        first = next(f for f in type(node).model_fields if f not in INTERNAL)
        return f"{text}.{first}"
    if isinstance(node, dict) and node:
        return f"{text}.{next(iter(node))}"
    return f"{text}[0]"


def read_value(text: str, proposal: BaseModel, location: Location, tr: Translator) -> object:
    """``text`` read as a value of the field at ``location`` (its declared type)."""
    from proposalkit.core.model import _child_type, _unwrapped

    annotation: object = type(proposal)
    for part in location:
        annotation = _child_type(_unwrapped(annotation)[0], part)
    optional = type(None) in typing.get_args(annotation)
    kind = _unwrapped(annotation)[0]
    where = _shown(list(location))
    if optional and not text.strip():
        return None
    if kind is Decimal:
        from proposalkit.core.money import AmountError, parse_amount

        try:
            return parse_amount(text, tr.lang)
        except AmountError as exc:
            raise SetError("{where}: {detail}", where=where,
                           detail=lambda tr, exc=exc: exc.message(tr.lang)) from None
    if kind is bool:
        word = text.strip().lower()
        if word in _YES | _NO:
            return word in _YES
        raise SetError("{where} takes yes or no (oui or non), not {text}.", where=where,
                       text=text)
    if typing.get_origin(kind) is typing.Literal:
        choices = [str(c) for c in typing.get_args(kind)]
        if text in choices:
            return text
        raise SetError("{where} takes one of: {choices}; not {text}.", where=where,
                       choices=", ".join(c or '""' for c in choices), text=text)
    if isinstance(kind, type) and kind.__name__ == "date":
        return _read_day(text, where, tr)
    if kind is int:
        if not text.strip().isdigit():
            raise SetError("{where} takes a whole number, not {text}.", where=where,
                           text=text)
        return int(text)
    return text


def _read_day(text: str, where: str, tr: Translator) -> date:
    """A date as the window reads it (:func:`~proposalkit.core.dates.parse_day`); one in
    the form YYYY-MM-DD keeps ``--today``'s precise messages (no month 13, a month of 30
    days)."""
    from proposalkit.cli_copies import ISO_DATE, parse_date
    from proposalkit.core.dates import NOT_A_DATE, DateError, parse_day

    if ISO_DATE.fullmatch(text.strip()):
        return parse_date(text)
    try:
        day = parse_day(text, tr.locale)
        if day is None:  # nothing typed, for a date that must be given
            raise DateError(NOT_A_DATE, text)
    except DateError as exc:
        raise SetError("{where}: {detail}", where=where,
                       detail=lambda tr, exc=exc: exc.message(tr)) from None
    return day


def set_field(proposal: BaseModel, program: Program, location: Location, value: object,
              tr: Translator) -> bool:
    """Change the value at ``location`` through :mod:`proposalkit.core.edits` (checked by
    the model before anything changes); False when it already holds ``value``."""
    from proposalkit.core import edits
    from proposalkit.core.describe import field_name
    from proposalkit.core.model import describe_validation_error

    try:
        if get_at(proposal, location) == value:
            return False
    except IndexError:
        pass  # one year past a draft's short list of amounts: the operation pads it
    edit = edits.set_value(location, value, program.years)
    try:
        edit.apply(proposal)  # type: ignore[arg-type]
    except edits.Refused as exc:
        error = exc.error
        raise RefusedValue(lambda tr: describe_validation_error(
            error, tr, field_name(location, tr, program, proposal))) from None
    return True


def cmd_set(args: argparse.Namespace, tr: Translator, catalog: Catalog) -> int:
    """Change one field of ``args.file`` and save it (into ``args.output`` if given)."""
    from proposalkit.cli_copies import program_for
    from proposalkit.core.describe import field_name, format_value
    from proposalkit.core.money import format_money
    from proposalkit.storage import check_unlocked, read_document, write_document

    _ = tr.gettext
    document = read_document(args.file)
    proposal = document.proposal
    program = program_for(catalog, proposal.program_id)
    location = read_location(args.location, proposal, program.years)
    value = read_value(args.value, proposal, location, tr)
    try:
        before = get_at(proposal, location)
    except IndexError:
        before = None
    where = field_name(location, tr, program, proposal)
    if not set_field(proposal, program, location, value, tr):
        print(_("{where} already holds this value: nothing to write.").format(where=where))
        return EXIT_OK

    def shown(value: object) -> str:
        if isinstance(value, Decimal):
            return format_money(value, tr.lang)
        return format_value(value, tr)

    output = args.output or args.file
    check_unlocked(output)
    if args.output is not None and args.output.resolve() != args.file.resolve():
        write_document(output, document, expected_sha256=None)
    else:
        write_document(output, document)
    from proposalkit.core.describe import describe_change

    print(describe_change(where, shown(before), shown(get_at(proposal, location)), tr))
    print(_("Wrote {path}.").format(path=output))
    return EXIT_OK


COMMANDS = {"set": cmd_set}
