"""The editor's steps, declared once (no Qt).

:data:`STEP_KINDS` is the one table of steps: its order is the editor's, and the step
list, the page titles, the page classes, the user guide's chapters, the overview and the
grouping of findings all derive from it. Adding a step is one row here (and its page).

A step's status is derived from the program's rules, the same for every page:

* ``errors`` — a finding in the step says something is wrong;
* ``not_started`` — nothing of the step is filled in yet (and nothing is wrong);
* ``in_progress`` — filled in, but a rule still finds something missing;
* ``complete`` — filled in, and no rule finds anything missing or wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from proposalkit.core.locations import Area, Where, get_at
from proposalkit.core.model import (
    Applicant,
    ExpenseLine,
    Governance,
    Proposal,
    RevenueLine,
    Signatory,
)
from proposalkit.core.program import Program
from proposalkit.core.validation import Finding, Location, counts
from proposalkit.i18n import N_, Translator

Status = Literal["not_started", "in_progress", "complete", "errors"]
STATUSES: tuple[Status, ...] = ("not_started", "in_progress", "complete", "errors")
#: Each status in words, as the step list, the overview and the legend say it.
STATUS_WORDS: dict[Status, str] = {
    "not_started": N_("not started"),
    "in_progress": N_("in progress"),
    "complete": N_("complete"),
    "errors": N_("has errors"),
}
#: Rule kinds whose findings mean "not filled in yet" rather than "wrong".
MISSING_KINDS = frozenset({"applicant_identity", "section_required", "attachment_required",
                           "territory_chosen", "partner_letter", "budget_years"})

Started = Callable[[Proposal, "str | None"], bool]


def _nothing(_proposal: Proposal, _section: str | None) -> bool:
    return False


def _has_money(lines: Iterable[ExpenseLine | RevenueLine]) -> bool:
    """Whether any line carries an amount (lines of zeros are a frame, not a budget)."""
    return any(any(line.amounts) for line in lines)


@dataclass(frozen=True)
class StepKind:
    """One row of the table of steps.

    The GUI's page for each kind is in ``proposalkit.gui.editor.PAGES`` (a test checks
    that every kind has one). ``per_section`` rows stand for one step per narrative
    section of the program.
    """

    key: str
    title: str
    areas: frozenset[Area] = frozenset()
    started: Started = _nothing
    #: Whether what is there is content, not only its frame (a line of 0,00 $, a
    #: territory without a partner): a step is complete only then. None: as started.
    filled: Started | None = None
    #: The page scrolls as a whole (forms); tables and text editors scroll themselves.
    scroll: bool = True
    per_section: bool = False
    #: Whether the step has a status at all (the overview only shows the others').
    has_status: bool = True
    #: A step whose status sums up the others' (the review).
    derived: bool = False
    #: The pack's :class:`~proposalkit.core.program.Parts` flag that asks for this step
    #: (``"action_plan"``): a call that does not ask for the part has no such step.
    part: str | None = None

    def asked(self, program: Program) -> bool:
        """Whether ``program`` has this step (its part, if any, is asked for)."""
        return self.part is None or bool(getattr(program.parts, self.part))


STEP_KINDS: tuple[StepKind, ...] = (
    StepKind("overview", N_("Overview"), has_status=False),
    StepKind("applicant", N_("Applicant"),
             frozenset({Area.APPLICANT, Area.PROJECT}),
             lambda p, _s: p.applicant != Applicant() or bool(p.metadata.title.strip())),
    StepKind("territory", N_("Territory and partners"),
             frozenset({Area.TERRITORY, Area.PARTNERS}),
             lambda p, _s: bool(p.territory) or bool(p.partners),
             filled=lambda p, _s: bool(p.territory) and bool(p.partners)),
    StepKind("governance", N_("Governance"),
             frozenset({Area.GOVERNANCE}),
             lambda p, _s: p.governance != Governance()),
    StepKind("section", "", frozenset({Area.SECTION}),
             lambda p, s: bool(p.sections.get(s or "", "").strip()),
             scroll=False, per_section=True),
    StepKind("activities", N_("Action plan"), frozenset({Area.ACTIVITIES}),
             lambda p, _s: bool(p.activities), scroll=False, part="action_plan"),
    StepKind("indicators", N_("Indicators"), frozenset({Area.INDICATORS}),
             lambda p, _s: bool(p.indicators), scroll=False, part="indicators"),
    StepKind("expenses", N_("Budget — expenses"),
             frozenset({Area.EXPENSES, Area.BUDGET}),
             lambda p, _s: bool(p.budget.expenses) or p.budget.start_date is not None,
             filled=lambda p, _s: _has_money(p.budget.expenses), scroll=False),
    StepKind("revenues", N_("Budget — revenues"),
             frozenset({Area.REVENUES}), lambda p, _s: bool(p.budget.revenues),
             filled=lambda p, _s: _has_money(p.budget.revenues), scroll=False),
    StepKind("summary", N_("Project summary"), frozenset({Area.SUMMARY}),
             lambda p, _s: bool(p.summary.strip()), part="summary"),
    StepKind("attachments", N_("Attachments"),
             frozenset({Area.ATTACHMENTS, Area.PARTNER_LETTER}),
             lambda p, _s: bool(p.attachments)),
    StepKind("attestation", N_("Attestation"),
             frozenset({Area.SIGNATORY, Area.DECLARATIONS}),
             lambda p, _s: p.signatory != Signatory() or any(p.declarations.values())),
    StepKind("review", N_("Review and export"),
             frozenset({Area.PROGRAM, Area.OTHER}), derived=True),
)
_BY_KEY = {kind.key: kind for kind in STEP_KINDS}
_BY_AREA = {area: kind for kind in STEP_KINDS for area in kind.areas}
SECTION_PREFIX = "section:"


@dataclass(frozen=True)
class Step:
    """One step of a program's editor (a row of the table, or one narrative section)."""

    id: str
    kind: StepKind
    section_id: str | None = None

    def title(self, program: Program, tr: Translator) -> str:
        """The step's title in ``tr``'s language."""
        if self.section_id is not None:
            section = program.section(self.section_id)
            return section.title(tr) if section is not None else self.section_id
        return tr.gettext(self.kind.title)

    def started(self, proposal: Proposal) -> bool:
        """Whether anything of the step is filled in."""
        return self.kind.started(proposal, self.section_id)

    def filled(self, proposal: Proposal) -> bool:
        """Whether the step has its content (not only lines of zeros, say)."""
        filled = self.kind.filled or self.kind.started
        return filled(proposal, self.section_id)


def steps(program: Program) -> list[Step]:
    """The program's steps in the editor's order."""
    out: list[Step] = []
    for kind in STEP_KINDS:
        if not kind.asked(program):
            continue
        if kind.per_section:
            out += [Step(SECTION_PREFIX + s.id, kind, s.id) for s in program.sections]
        else:
            out.append(Step(kind.key, kind))
    return out


def step_ids(program: Program) -> list[str]:
    """The ids of the program's steps, in order."""
    return [step.id for step in steps(program)]


def kind_of(step_id: str) -> StepKind:
    """The row of the table for a step id (``section:…`` ids share the section row)."""
    key = "section" if step_id.startswith(SECTION_PREFIX) else step_id
    return _BY_KEY[key]


def step_for(location: Location) -> str:
    """The id of the step where the field (or item) at ``location`` is edited."""
    where = Where(location)
    kind = _BY_AREA.get(where.area, _BY_KEY["review"])
    if kind.per_section:
        return SECTION_PREFIX + (where.section or "")
    return kind.key


def is_missing(finding: Finding, proposal: Proposal,
               kinds: Mapping[str, str] | None = None) -> bool:
    """Whether a finding says something is not filled in yet (rather than wrong): its
    rule is about presence, or the field it points at is still blank (an unanswered
    "legal form" is a to-do, not an ineligible applicant)."""
    if kinds is not None and kinds.get(finding.code) in MISSING_KINDS:
        return True
    where = Where(finding.location)
    if not where.is_field:
        return False
    try:
        value = get_at(proposal, where)
    except (AttributeError, IndexError, KeyError, TypeError):
        return False
    return value is None or value == "" or value == [] or value == {}


def step_statuses(program: Program, proposal: Proposal,
                  findings: Iterable[Finding]) -> dict[str, Status]:
    """Each step's status (see the module's docstring), from the same findings that the
    panel lists; a step without a status of its own (the review) is complete only when
    every other step is."""
    kinds = {rule.code: rule.kind for rule in program.rules}
    table = steps(program)
    missing: set[str] = set()
    wrong: set[str] = set()
    for finding in findings:
        if finding.severity != "error":
            continue
        (missing if is_missing(finding, proposal, kinds) else wrong).add(
            step_for(finding.location))
    status: dict[str, Status] = {}
    for step in table:
        if not step.kind.has_status or step.kind.derived:
            continue
        if step.id in wrong:
            status[step.id] = "errors"
        elif not step.started(proposal):
            # Nothing typed yet: "missing" findings are the step's to-do, not a state.
            status[step.id] = "not_started"
        else:
            done = step.id not in missing and step.filled(proposal)
            status[step.id] = "complete" if done else "in_progress"
    others = list(status.values())
    for step in table:
        if not step.kind.derived:
            continue
        if step.id in wrong:
            status[step.id] = "errors"
        elif all(v == "complete" for v in others):
            status[step.id] = "complete"
        elif all(v == "not_started" for v in others):
            status[step.id] = "not_started"
        else:
            status[step.id] = "in_progress"
    return status


def status_word(status: Status, tr: Translator) -> str:
    """A status in words."""
    return tr.gettext(STATUS_WORDS[status])


def tally(program: Program, proposal: Proposal, findings: Iterable[Finding]) -> dict[str, int]:
    """Findings by severity, and ``todo``: the errors that say something is still to be
    filled in (also counted in ``error``). The one count the status bar, the review
    page, the export dialogs and the command line all show (through :func:`tally_text`)."""
    findings = list(findings)
    kinds = {rule.code: rule.kind for rule in program.rules}
    result = counts(findings)
    result["todo"] = sum(1 for f in findings if f.severity == "error"
                         and is_missing(f, proposal, kinds))
    return result


def tally_text(tally: dict[str, int], tr: Translator) -> str:
    """What is left to do, in words with their plural forms ("2 errors to correct, 12
    items to fill in, 1 warning"); ``tally`` as :meth:`Session.counts` gives it (``error``
    includes the ``todo`` ones)."""
    todo = tally.get("todo", 0)
    wrong = tally.get("error", 0) - todo
    warnings, notes = tally.get("warning", 0), tally.get("info", 0)
    if not (todo or wrong or warnings or notes):
        return tr.gettext("Nothing left to do.")
    parts = [
        tr.ngettext("{n} error to correct", "{n} errors to correct", wrong).format(n=wrong),
        tr.ngettext("{n} item to fill in", "{n} items to fill in", todo).format(n=todo),
        tr.ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
    ]
    if notes:
        parts.append(tr.ngettext("{n} note", "{n} notes", notes).format(n=notes))
    return tr.gettext("{list}.").format(list=", ".join(parts))
