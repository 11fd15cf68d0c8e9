"""Validation: a pure function ``(program, proposal, today) -> findings``.

Each rule of the program pack is one construct of the vocabulary in
:mod:`proposalkit.core.rules`; the checkers interpreting them live in
:mod:`~proposalkit.core.checks_budget` and :mod:`~proposalkit.core.checks_dossier`.
A :class:`Finding` carries the rule's stable code, a severity, a location the GUI can
jump to, a message with its figures formatted for the language, and the rule's source.
Errors stop a final export; warnings and information do not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from proposalkit.core import (
    attestation,
    checks_budget,
    checks_dossier,
    checks_financing,
    checks_plan,
    checks_project,
)
from proposalkit.core.budget import BudgetSummary, summarize
from proposalkit.core.check_base import CHECKERS, Context
from proposalkit.core.checks_dossier import count_words, email_ok, neq_ok, phone_ok, postal_code_ok
from proposalkit.core.locations import Area, Location, Where
from proposalkit.core.model import Proposal
from proposalkit.core.pack_sources import finding_source
from proposalkit.core.program import Program
from proposalkit.core.rules import RULE_KINDS, Severity
from proposalkit.i18n import translator

__all__ = ["CHECKERS", "READS", "Finding", "Location", "Revalidation", "count_words", "counts",
           "email_ok", "findings_by_rule", "format_location", "has_errors", "neq_ok",
           "ordered", "phone_ok", "postal_code_ok", "validate"]
#: The checker modules, imported for their registrations (one interpreter per kind of
#: ``RULE_KINDS``; a test checks none is missing).
CHECKER_MODULES = (checks_budget, checks_dossier, checks_financing, checks_plan, checks_project,
                   attestation)
KNOWN_KINDS = RULE_KINDS
_CHECKERS = CHECKERS
SEVERITY_ORDER: dict[Severity, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One thing validation has to say about a proposal."""

    code: str
    severity: Severity
    location: Location
    message: str
    explanation: str
    source: str

    def as_dict(self) -> dict:
        """The finding as plain JSON-ready data."""
        return {
            "code": self.code,
            "severity": self.severity,
            "location": list(self.location),
            "message": self.message,
            "explanation": self.explanation,
            "source": self.source,
        }


def today_in(program: Program) -> date:
    """Today's date in the call's time zone."""
    return datetime.now(ZoneInfo(program.timezone)).date()


def validate(
    program: Program,
    proposal: Proposal,
    today: date | None = None,
    lang: str = "fr",
    summary: BudgetSummary | None = None,
) -> list[Finding]:
    """Every finding about ``proposal`` under ``program``, errors first.

    Pure: reads its arguments only (``today`` defaults to the date in the call's time
    zone). Pass ``summary`` when the budget was already summarized.
    """
    return ordered(findings_by_rule(program, proposal, today, lang, summary))


def findings_by_rule(
    program: Program,
    proposal: Proposal,
    today: date | None = None,
    lang: str = "fr",
    summary: BudgetSummary | None = None,
    kept: Mapping[int, list[Finding]] | None = None,
) -> list[list[Finding]]:
    """The findings of each rule of ``program``, in its order; a rule whose index is in
    ``kept`` is not run, its findings are those given (see :class:`Revalidation`)."""
    tr = translator(lang)
    ctx = Context(
        program=program,
        proposal=proposal,
        summary=summary if summary is not None else summarize(program, proposal),
        today=today if today is not None else today_in(program),
        tr=tr,
    )
    out: list[list[Finding]] = []
    applicant = proposal.applicant
    for number, rule in enumerate(program.rules):
        if kept is not None and number in kept:
            out.append(kept[number])
            continue
        findings: list[Finding] = []
        # A case setting the limit for this applicant may have its own source or be an
        # assumption on its own (pack_sources).
        explanation = source = ""
        for location, message in _CHECKERS[rule.kind](ctx, rule):
            if not source:
                explanation = rule.explanation(tr)
                source = finding_source(rule, applicant.legal_form, applicant.main_activity,
                                        proposal.territory or "", tr)
            findings.append(
                Finding(rule.code, rule.severity, location, message, explanation, source)
            )
        out.append(findings)
    return out


def ordered(per_rule: list[list[Finding]]) -> list[Finding]:
    """The rules' findings in one list, errors first (in the rules' order within a
    severity)."""
    findings = [finding for found in per_rule for finding in found]
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return findings


#: Where every rule's source may depend: who applies (a case of the rule for a legal
#: form or a main activity) and where (a territory's case).
_SOURCE_AREAS = frozenset({Area.APPLICANT, Area.TERRITORY, Area.OTHER})
#: What a rule of these kinds reads of a proposal, beyond the program, the language and
#: the date: while no edit touched these areas (nor ``_SOURCE_AREAS``), it finds what it
#: found. Kinds not listed are run each time. (The budget's own area is a whole budget
#: replaced; the project's years are the program's.)
READS: dict[str, frozenset[Area]] = {
    "funding_status": frozenset({Area.BUDGET, Area.REVENUES, Area.ATTACHMENTS}),
    "funding_confirmed": frozenset({Area.BUDGET, Area.REVENUES, Area.ATTACHMENTS,
                                    Area.PARTNERS, Area.PARTNER_LETTER}),
    "justification_required": frozenset({Area.BUDGET, Area.EXPENSES}),
    "partner_contributions_in_revenues": frozenset({Area.BUDGET, Area.REVENUES,
                                                    Area.PARTNERS, Area.PARTNER_LETTER}),
}


class Revalidation:
    """:func:`validate` again after edits, told where they were: a rule whose kind says
    what it reads (:data:`READS`), and which no edit touched, gives its previous findings
    without running (on a thousand revenue lines, editing an expense does not name every
    revenue line again). The findings are the same as :func:`validate`'s."""

    def __init__(self) -> None:
        # The program and proposal themselves, compared by identity: an id() alone could
        # be a freed proposal's, reused by the next one opened.
        self._last: tuple[Program, Proposal, date | None, str] | None = None
        self._per_rule: list[list[Finding]] = []

    def run(self, program: Program, proposal: Proposal, today: date | None, lang: str,
            summary: BudgetSummary, changed: Iterable[Where] | None) -> list[Finding]:
        """The findings now; ``changed``: the places edited since the last run (None:
        anything may have changed, every rule runs)."""
        last = self._last
        same = (last is not None and last[0] is program and last[1] is proposal
                and last[2:] == (today, lang))
        kept: dict[int, list[Finding]] = {}
        if changed is not None and same:
            areas = {Where(place).area for place in changed}
            if not areas & _SOURCE_AREAS:
                for number, rule in enumerate(program.rules):
                    reads = READS.get(rule.kind)
                    if reads is not None and not areas & reads:
                        kept[number] = self._per_rule[number]
        self._per_rule = findings_by_rule(program, proposal, today, lang, summary, kept)
        self._last = (program, proposal, today, lang)
        return ordered(self._per_rule)


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity."""
    found = Counter(f.severity for f in findings)
    return {severity: found.get(severity, 0) for severity in SEVERITY_ORDER}


def has_errors(findings: list[Finding]) -> bool:
    """Whether any finding stops a final export."""
    return any(f.severity == "error" for f in findings)


def format_location(location: Location) -> str:
    """``budget.revenues[0].amounts[1]`` for ``("budget", "revenues", 0, "amounts", 1)``."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
