"""Words for the places and values of a proposal's data, for merge and diff reports:
``("partners", "mrc-vallons", "cash")`` reads "Partners › MRC des Vallons › cash"."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from proposalkit.core.edits import FIGURES as _FIGURES
from proposalkit.core.merge import ABSENT
from proposalkit.core.money import check_amount, format_money
from proposalkit.i18n import N_, Translator

if TYPE_CHECKING:
    from proposalkit.core.program import Program

_LABELS = {
    "applicant": N_("Applicant"), "partners": N_("Partners"), "budget": N_("Budget"),
    "expenses": N_("Expenses"), "revenues": N_("Revenues"), "sections": N_("Sections"),
    "attachments": N_("Attachments"), "governance": N_("Governance"),
    "signatory": N_("Signatory"), "metadata": N_("Proposal"), "territory": N_("Territory"),
    "amounts": N_("amounts"), "cash": N_("cash"), "in_kind": N_("in kind"),
    "description": N_("description"), "name": N_("name"), "title": N_("title"),
    "legal_name": N_("legal name"), "contact": N_("contact"), "email": N_("email"),
    "phone": N_("phone"), "address": N_("address"), "role": N_("role"),
    "language": N_("language"), "members": N_("members"), "start_date": N_("start date"),
    "street": N_("street address"), "city": N_("city"), "postal_code": N_("postal code"),
    "province": N_("province"), "neq": N_("NEQ"), "legal_form": N_("legal form"),
    "main_activity": N_("main activity"), "organization": N_("organization"),
    "sector": N_("sector"), "category": N_("category"), "source": N_("source"),
    "filename": N_("file name"), "type": N_("type"),
    # The attestation (format 6).
    "declarations": N_("Declarations"), "resolution_number": N_("board resolution number"),
    "resolution_date": N_("board resolution date"),
    "activities": N_("Action plan"), "indicators": N_("Indicators"), "axis": N_("axis"),
    "responsible": N_("responsible"), "start": N_("start month"), "end": N_("end month"),
    "deliverables": N_("deliverables"), "unit": N_("unit"), "baseline": N_("baseline"),
    "targets": N_("targets"),
}
#: Fields holding an indicator's figures (not money): shown as figures, not amounts.
_INDICATOR_FIGURES = frozenset({"targets", "baseline"})
_SHORT = 60


def _record_label(record: dict) -> str:
    for key in ("name", "title", "description", "source", "filename"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return str(record.get("id", "?"))


def describe_path(path: Sequence[str], tr: Translator, *sources: dict,
                  program: Program | None = None) -> str:
    """``path`` in words, naming records (partners, lines) after the first of
    ``sources`` that has them, and sections after ``program``'s titles."""
    words: list[str] = []
    nodes: list[object] = list(sources)
    for index, part in enumerate(path):
        section = (program.section(part) if program is not None and index == 1
                   and path[0] == "sections" else None)
        if section is not None:
            words.append(section.title(tr))
            continue
        following: list[object] = []
        label = None
        for node in nodes:
            if isinstance(node, dict):
                following.append(node.get(part, ABSENT))
            elif isinstance(node, list):
                record = next((r for r in node if isinstance(r, dict) and r.get("id") == part),
                              None)
                if record is not None:
                    label = label or _record_label(record)
                    following.append(record)
        if label is None:
            label = tr.gettext(_LABELS[part]) if part in _LABELS else part
        words.append(label)
        nodes = following
    return " › ".join(words)


def field_name(location: Sequence[str | int], tr: Translator,
               program: Program | None = None, proposal: object = None) -> str:
    """The field at ``location`` of a proposal as the user knows it, in ``tr``'s language:
    ``("sections", "context")`` is the section's title, ``("budget", "expenses", 2,
    "description")`` reads "Expenses › line 3 › description", a partner is named."""
    words: list[str] = []
    node = proposal
    for index, part in enumerate(location):
        section = (program.section(str(part)) if program is not None and index == 1
                   and location[0] == "sections" else None)
        declaration = (next((d for d in program.declarations if d.id == part), None)
                       if program is not None and index == 1
                       and location[0] == "declarations" else None)
        if section is not None:
            words.append(section.title(tr))
        elif isinstance(part, int) and index and location[index - 1] in _FIGURES | {"targets"}:
            words.append(tr.gettext("year {n}").format(n=part + 1))  # one year's figure
        elif declaration is not None:
            text = declaration.text(tr)
            words.append(text[:_SHORT] + "…" if len(text) > _SHORT else text)
        elif isinstance(part, int):
            record = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            name = next((value.strip() for key in ("name", "title", "source")
                         if isinstance(value := getattr(record, key, None), str)
                         and value.strip()), "")
            words.append(name[:_SHORT] or tr.gettext("line {n}").format(n=part + 1))
        elif not (part in ("budget", "sections") and len(location) > index + 1):
            words.append(tr.gettext(_LABELS[part]) if part in _LABELS else part)
        node = (node[part] if isinstance(node, list) and isinstance(part, int)
                and 0 <= part < len(node) else getattr(node, str(part), None))
    return " › ".join(words)


def describe_change(where: str, before: str, after: str, tr: Translator) -> str:
    """``where: before → after`` with the language's spacing before the colon."""
    return tr.gettext("{where}: {before} → {after}").format(where=where, before=before,
                                                              after=after)


def format_value(value: object, tr: Translator, path: Sequence[str] = ()) -> str:
    """A value in a short line: amounts per year, a text cut, a record's name; an
    indicator's targets or baseline (``path`` ends with one) as figures."""
    if path and path[-1] in _INDICATOR_FIGURES and value is not ABSENT:
        from proposalkit.core.plan import figure_text

        values = value if isinstance(value, list) else [value]
        try:
            return " / ".join(figure_text(None if v is None else Decimal(str(v)), tr.lang)
                              for v in values)
        except ArithmeticError:
            pass
    if value is ABSENT:
        return tr.gettext("(deleted)")
    if value is None or value == "":
        return tr.gettext("(empty)")
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        try:
            return " / ".join(format_money(check_amount(v), tr.lang) for v in value)
        except ValueError:
            pass
    if isinstance(value, dict):
        return _record_label(value)
    if isinstance(value, bool):
        return tr.gettext("yes") if value else tr.gettext("no")
    text = " ".join(str(value).split())
    shown = text[:_SHORT] + "…" if len(text) > _SHORT else text
    return tr.gettext("“{text}”").format(text=shown)
