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
from proposalkit.core.locations import Location
from proposalkit.core.model import Proposal
from proposalkit.core.pack_sources import finding_source
from proposalkit.core.program import Program
from proposalkit.core.rules import RULE_KINDS, Severity
from proposalkit.i18n import translator

__all__ = ["CHECKERS", "Finding", "Location", "count_words", "counts", "email_ok",
           "format_location", "has_errors", "neq_ok", "phone_ok", "postal_code_ok", "validate"]
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
    tr = translator(lang)
    ctx = Context(
        program=program,
        proposal=proposal,
        summary=summary if summary is not None else summarize(program, proposal),
        today=today if today is not None else today_in(program),
        tr=tr,
    )
    findings: list[Finding] = []
    applicant = proposal.applicant
    for rule in program.rules:
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
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return findings


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
