"""The rule vocabulary of program packs: what a call's rules can say, as data.

Each ``[[rules]]`` entry of a pack names its ``kind``; the kind decides which fields the
rule has (a pydantic discriminated union: an unknown kind or field is refused on load,
with the list of known kinds). Every rule carries its stable code, severity, French and
English explanation, source (one text, or one per language), and whether the fact is
only reported by the press or is an assumption of the pack's author. The validation
engine (``validation.py`` and its ``checks_*`` modules) interprets these models; a pack
never names Python code.

Sets of revenue sources are lists of names: a source id, a group that sources declare
(``groups = ["government"]``), or the built-in groups ``funder`` (the source marked
``funder = true``) and ``all``. Limits that depend on the applicant are ``cases``: the
first case whose legal forms / main activities / territories match the proposal replaces
the limit (amount, share and category limits have cases).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from proposalkit.i18n import Translator

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
Period = Literal["each_year", "total"]
NatureFilter = Literal["any", "cash", "in_kind"]
Ident = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
#: A ratio between 0 and 1 (0.6 for 60 %).
Ratio = Annotated[Decimal, Field(ge=0, le=1)]
#: A non-negative amount in dollars, at most cents.
Amount = Annotated[Decimal, Field(ge=0, decimal_places=2)]
#: The built-in names of source sets.
BUILTIN_GROUPS = ("funder", "all")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Strict):
    """A text given in French and in English."""

    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, tr: Translator) -> str:
        return tr.pick(self.fr, self.en)


class RuleBase(_Strict):
    """What every rule has, whatever its kind."""

    code: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$")
    severity: Severity
    explanation: Bilingual
    #: Where the rule comes from: one text for both languages (a press title, a guide's
    #: name) or ``{fr = "…", en = "…"}`` when it is a sentence.
    source: Annotated[str, Field(min_length=1)] | Bilingual
    #: The fact comes from press reports only, not from an official guide.
    press_only: bool = False
    #: The rule is an assumption of the pack's author (no public source states it).
    assumption: bool = False

    def source_label(self, tr: Translator) -> str:
        """The source, flagged when only the press reported it or when it is assumed."""
        text = self.source if isinstance(self.source, str) else self.source(tr)
        if self.press_only:
            text += " " + tr.gettext("(reported by the press; not confirmed by an official guide)")
        if self.assumption:
            # Worded as an assumption (the call is silent), not as a claim that no source
            # exists anywhere; neutral: a pack may be written by someone else.
            text += " " + tr.gettext("(not stated by the call; assumed)")
        return text


class ApplicantCase(_Strict):
    """Who a limit applies to: any listed legal form, any listed main activity and any
    listed territory of the proposal (an empty list matches every applicant)."""

    legal_forms: list[Ident] = Field(default_factory=list)
    main_activities: list[Ident] = Field(default_factory=list)
    #: The proposal's territory (``[[territories]]`` ids): a region or MRC with its own rate.
    territories: list[Ident] = Field(default_factory=list)
    #: Where the case's limit comes from, when not from the rule's ``source`` (a
    #: territory's rate from another document); one text or one per language.
    source: Annotated[str, Field(min_length=1)] | Bilingual | None = None
    #: The case's limit is an assumption of the pack's author, even when the rule's
    #: own limit is sourced.
    assumption: bool = False

    def matches(self, legal_form: str, main_activity: str, territory: str = "") -> bool:
        """Whether an applicant of this legal form and main activity, applying for this
        territory, is in the case."""
        return (not self.legal_forms or legal_form in self.legal_forms) and (
            not self.main_activities or main_activity in self.main_activities) and (
            not self.territories or territory in self.territories)


class AmountCase(ApplicantCase):
    """An applicant-dependent replacement of an amount limit."""

    max: Amount | list[Amount] | None = None
    min: Amount | list[Amount] | None = None


class ShareCase(ApplicantCase):
    """An applicant-dependent replacement of a share limit."""

    max: Ratio | None = None
    min: Ratio | None = None


class AmountLimit(RuleBase):
    """The money from a set of sources, each year or over all years, between bounds.

    ``max``/``min``: one amount, or one per project year (``period = "each_year"``)."""

    kind: Literal["amount_limit"]
    sources: list[str] = Field(default_factory=lambda: ["funder"], min_length=1)
    period: Period
    max: Amount | list[Amount] | None = None
    min: Amount | list[Amount] | None = None
    cases: list[AmountCase] = Field(default_factory=list)


class ShareLimit(RuleBase):
    """The share of the costs that a set of sources pays: at most ``max``, at least
    ``min``; over the whole project or every year.

    ``base``: all costs, or only the eligible ones (categories not marked
    ``eligible = false``); ``in_kind_in_base = false`` takes in-kind contributions out
    of the costs. ``nature`` counts only cash or only in-kind money of the sources."""

    kind: Literal["share_limit"]
    sources: list[str] = Field(min_length=1)
    nature: NatureFilter = "any"
    period: Period = "total"
    base: Literal["total_costs", "eligible_costs"] = "total_costs"
    in_kind_in_base: bool = True
    max: Ratio | None = None
    min: Ratio | None = None
    cases: list[ShareCase] = Field(default_factory=list)
    #: What the sources are, in the messages ("All government contributions").
    label: Bilingual | None = None


class CategoryCase(ApplicantCase):
    """An applicant-dependent replacement of a category limit's bounds."""

    max_amount: Amount | None = None
    max_share: Ratio | None = None


class CategoryLimit(RuleBase):
    """Expenses of some categories: at most an amount, or at most a share of all costs;
    ``cases`` replace the bounds for some applicants or territories."""

    kind: Literal["category_limit"]
    categories: list[Ident] = Field(min_length=1)
    period: Period = "total"
    max_amount: Amount | None = None
    max_share: Ratio | None = None
    cases: list[CategoryCase] = Field(default_factory=list)


class ProjectSize(RuleBase):
    """The project's size: its costs (all, or only the eligible ones) over all years,
    at least ``min`` and at most ``max`` dollars (applicant-dependent ``cases``).

    The costs are expense lines, so the value of an in-kind contribution counts (it is
    in the expenses); ``in_kind_in_base = false`` takes it out, as for a share."""

    kind: Literal["project_size"]
    base: Literal["total_costs", "eligible_costs"] = "total_costs"
    in_kind_in_base: bool = True
    min: Amount | None = None
    max: Amount | None = None
    cases: list[AmountCase] = Field(default_factory=list)


class IneligibleExpense(RuleBase):
    """Expense lines in a category marked ``eligible = false``."""

    kind: Literal["ineligible_expense"]


class SourceNature(RuleBase):
    """Revenue lines of a set of sources must be of one nature (e.g. the program's own
    contribution is cash, never in kind)."""

    kind: Literal["source_nature"]
    sources: list[str] = Field(default_factory=lambda: ["funder"], min_length=1)
    nature: Literal["cash", "in_kind"] = "cash"


class WordLimit(RuleBase):
    """Each section's word limit (from ``[[sections]]``), exceeded by more than the
    tolerance (0.1: ten percent more words allowed)."""

    kind: Literal["word_limit"]
    sections: list[Ident] = Field(default_factory=list)
    tolerance: Ratio = Decimal(0)


class CharLimit(RuleBase):
    """Each section's character limit (``char_limit`` of ``[[sections]]``), counted with
    or without spaces (``char_spaces``), exceeded by more than the tolerance."""

    kind: Literal["char_limit"]
    sections: list[Ident] = Field(default_factory=list)
    tolerance: Ratio = Decimal(0)


class AttachmentRequired(RuleBase):
    """Required attachments (default: every kind marked required and not per partner),
    optionally only for some applicants or above an amount requested."""

    kind: Literal["attachment_required"]
    attachments: list[Ident] = Field(default_factory=list)
    legal_forms: list[Ident] = Field(default_factory=list)
    #: Applies only when the funder's contribution over all years is above this amount.
    above: Amount | None = None


class Deadline(RuleBase):
    """The call's deadline: closed, or closing within ``warn_days``."""

    kind: Literal["deadline"]
    warn_days: int = Field(default=14, ge=0, le=366, strict=True)


class ProjectWindow(RuleBase):
    """When the project may run: it starts on or after ``earliest_start``, ends on or
    before ``latest_end``, and lasts between ``min_months`` and ``max_months`` (from its
    start date to its end date, both in the budget step)."""

    kind: Literal["project_window"]
    #: TOML dates (``2026-04-01``, unquoted): a quoted string is refused.
    earliest_start: date | None = Field(default=None, strict=True)
    latest_end: date | None = Field(default=None, strict=True)
    min_months: int | None = Field(default=None, ge=1, le=240, strict=True)
    max_months: int | None = Field(default=None, ge=1, le=240, strict=True)


class ApplicantAge(RuleBase):
    """The applicant's years of existence on the call's deadline, from its founding date
    (in the applicant step): at least ``min_years``, at most ``max_years``; ``cases``
    do not apply, but ``legal_forms`` limits the rule to some applicants."""

    kind: Literal["applicant_age"]
    min_years: int | None = Field(default=None, ge=0, le=500, strict=True)
    max_years: int | None = Field(default=None, ge=0, le=500, strict=True)
    legal_forms: list[Ident] = Field(default_factory=list)


class BudgetBalanced(RuleBase):
    """Revenues equal expenses, to the cent, every year."""

    kind: Literal["budget_balanced"]


class BudgetYears(RuleBase):
    """Every budget line has one amount per project year and a category or source of
    the program."""

    kind: Literal["budget_years"]


class PartnerContributions(RuleBase):
    """Each partner's cash and in-kind contribution, year by year, is in the revenues."""

    kind: Literal["partner_contributions_in_revenues"]


class PartnerLetter(RuleBase):
    """Each partner's letter of support is attached."""

    kind: Literal["partner_letter"]


class PartnersDistinct(RuleBase):
    """Every partner has a name, and no partner is listed twice (its contribution would
    count twice)."""

    kind: Literal["partners_distinct"]


class SectionRequired(RuleBase):
    """Every section marked required is written."""

    kind: Literal["section_required"]


class LeadApplicantEligible(RuleBase):
    """The applicant fits the pack's ``[eligibility]`` table."""

    kind: Literal["lead_applicant_eligible"]


class TerritoryChosen(RuleBase):
    """The proposal names one of the pack's territories."""

    kind: Literal["territory_chosen"]


class ApplicantIdentity(RuleBase):
    """The applicant (legal name, NEQ, address, contact) and the signatory are
    identified."""

    kind: Literal["applicant_identity"]


class Formats(RuleBase):
    """The NEQ, postal code, email and phone number are well formed."""

    kind: Literal["formats"]


class Attestation(RuleBase):
    """The attestation can be signed: every required declaration of the pack's
    ``[[declarations]]`` is ticked; with ``resolution = true``, the board resolution
    that authorizes the signatory is cited (its number and its date)."""

    kind: Literal["attestation"]
    resolution: bool = False


class ActionPlan(RuleBase):
    """The action plan (``[parts] action_plan``): at least ``min_activities``
    activities, each with a title, a responsible among the applicant and its partners,
    a start and an end month inside the project period; with ``axes_covered``, every
    axis of the call has an activity."""

    kind: Literal["action_plan"]
    min_activities: int = Field(default=1, ge=0, le=500, strict=True)
    axes_covered: bool = True


class Indicators(RuleBase):
    """The indicators (``[parts] indicators``): at least ``min_indicators``, each with a
    name, a unit and a target for every project year, the targets not all zero."""

    kind: Literal["indicators"]
    min_indicators: int = Field(default=1, ge=0, le=500, strict=True)


class FundingStatus(RuleBase):
    """Every revenue line with money says where it stands (confirmed, requested, to be
    requested), a confirmed one since when, and its document is still attached;
    ``only_funder_requested``: the request to this program is the only one pending (the
    funder's lines are "requested", no other line is)."""

    kind: Literal["funding_status"]
    only_funder_requested: bool = False


class FundingConfirmed(RuleBase):
    """Every source other than the funder is confirmed, with a document that shows it
    (the line's evidence, or the partner's letter attached): what a final dossier
    shows."""

    kind: Literal["funding_confirmed"]


class JustificationRequired(RuleBase):
    """Every expense line (of ``categories``, default all) whose total over the years is
    above ``above`` dollars says how its amount was reached."""

    kind: Literal["justification_required"]
    above: Amount = Decimal(0)
    categories: list[Ident] = Field(default_factory=list)


Rule = Annotated[
    AmountLimit | ShareLimit | CategoryLimit | ProjectSize | IneligibleExpense | SourceNature
    | WordLimit | CharLimit | AttachmentRequired | Deadline | ProjectWindow | ApplicantAge
    | BudgetBalanced | BudgetYears | PartnerContributions | PartnerLetter | PartnersDistinct
    | SectionRequired | LeadApplicantEligible | TerritoryChosen | ApplicantIdentity | Formats
    | Attestation | ActionPlan | Indicators | FundingStatus | FundingConfirmed
    | JustificationRequired,
    Field(discriminator="kind"),
]

#: Every rule kind, in the order the documentation presents them.
RULE_CLASSES: tuple[type[RuleBase], ...] = (
    AmountLimit, ShareLimit, CategoryLimit, ProjectSize, IneligibleExpense, SourceNature,
    WordLimit, CharLimit, AttachmentRequired, Deadline, ProjectWindow, ApplicantAge,
    BudgetBalanced, BudgetYears, PartnerContributions, PartnerLetter, PartnersDistinct,
    SectionRequired, LeadApplicantEligible, TerritoryChosen,
    ApplicantIdentity, Formats, Attestation, ActionPlan, Indicators,
    FundingStatus, FundingConfirmed, JustificationRequired,
)
RULE_KINDS: tuple[str, ...] = tuple(
    cls.model_fields["kind"].annotation.__args__[0]  # type: ignore[union-attr]
    for cls in RULE_CLASSES)


#: A rule with applicant-dependent cases.
CasedRule = AmountLimit | ShareLimit | CategoryLimit | ProjectSize


def pick_case(rule: CasedRule, legal_form: str, main_activity: str, bound: str,
              territory: str = "") -> ApplicantCase | None:
    """The first case of ``rule`` that matches this applicant (and territory) and sets
    ``bound`` (``max``, ``min``, ``max_amount``…)."""
    for case in rule.cases:
        if (case.matches(legal_form, main_activity, territory)
                and getattr(case, bound) is not None):
            return case
    return None


def pick_limit(rule: CasedRule, legal_form: str, main_activity: str, bound: str,
               territory: str = ""):  # noqa: ANN201 - Decimal, list or None
    """The rule's ``bound`` for this applicant: the first matching case that sets it,
    else the rule's own."""
    case = pick_case(rule, legal_form, main_activity, bound, territory)
    return getattr(case if case is not None else rule, bound)
