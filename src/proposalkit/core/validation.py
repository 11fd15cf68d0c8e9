"""Validation: a pure function ``(program, proposal, today) -> findings``.

Each rule of the program pack names a *kind*; this module holds one checker per kind.
A :class:`Finding` carries the rule's stable code, a severity, a location the GUI can
jump to, a message with its figures formatted for the language, and the rule's source.
Errors stop a final export; warnings and information do not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date

from proposalkit.core.budget import ZERO, BudgetSummary, summarize, year_amounts
from proposalkit.core.model import Proposal
from proposalkit.core.money import format_money, format_share
from proposalkit.core.program import Program, Rule, Severity
from proposalkit.i18n import N_, Translator, translator

Location = tuple[str | int, ...]
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


@dataclass
class _Context:
    program: Program
    proposal: Proposal
    summary: BudgetSummary
    today: date
    tr: Translator

    def money(self, value: Decimal) -> str:
        return format_money(value, self.tr.lang)

    def year(self, index: int) -> str:
        return self.tr.gettext("year {n}").format(n=index + 1)


Checker = Callable[[_Context, Rule], Iterator[tuple[Location, str]]]
_CHECKERS: dict[str, Checker] = {}


def _checker(kind: str) -> Callable[[Checker], Checker]:
    def register(func: Checker) -> Checker:
        _CHECKERS[kind] = func
        return func

    return register


def _first_line(ctx: _Context, sources: frozenset[str] | set[str]) -> Location:
    for index, line in enumerate(ctx.proposal.budget.revenues):
        if line.source in sources:
            return ("budget", "revenues", index)
    return ("budget", "revenues")


@_checker("funder_cap_per_year")
def _cap_per_year(ctx: _Context, rule: Rule):
    caps = ctx.program.caps.funder_per_year
    where = _first_line(ctx, {ctx.program.funder_source.id})
    for year, (asked, cap) in enumerate(zip(ctx.summary.funder_by_year, caps, strict=True)):
        if asked > cap:
            yield (
                where + ("amounts", year) if len(where) == 3 else where,
                ctx.tr.gettext(
                    "The contribution requested in {year} is {asked}, "
                    "above the cap of {cap} by {over}."
                ).format(
                    year=ctx.year(year),
                    asked=ctx.money(asked),
                    cap=ctx.money(cap),
                    over=ctx.money(asked - cap),
                ),
            )


@_checker("funder_cap_total")
def _cap_total(ctx: _Context, rule: Rule):
    total, cap = ctx.summary.funder_total, ctx.program.caps.funder_total
    if total > cap:
        yield (
            _first_line(ctx, {ctx.program.funder_source.id}),
            ctx.tr.gettext(
                "The contribution requested over all years is {asked}, "
                "above the cap of {cap} by {over}."
            ).format(asked=ctx.money(total), cap=ctx.money(cap), over=ctx.money(total - cap)),
        )


@_checker("funder_share_max")
def _share(ctx: _Context, rule: Rule):
    limit = ctx.program.caps.funder_share_max
    ratio = ctx.summary.share_ratio()
    if ratio is not None and ratio > limit:
        allowed = ctx.summary.expenses_total * limit
        shown = format_share(ratio, limit, ctx.tr.lang)
        yield (
            _first_line(ctx, ctx.program.share_sources),
            ctx.tr.gettext(
                "Québec's aid is {share} of the project's costs ({amount} of {costs}); "
                "the maximum is {limit}, that is {allowed}."
            ).format(
                share=shown[0],
                amount=ctx.money(ctx.summary.share_total),
                costs=ctx.money(ctx.summary.expenses_total),
                limit=shown[1],
                allowed=ctx.money(allowed),
            ),
        )


@_checker("budget_balanced")
def _balanced(ctx: _Context, rule: Rule):
    summary = ctx.summary
    if not ctx.proposal.budget.expenses:
        yield ("budget", "expenses"), ctx.tr.gettext("The budget has no expenses yet.")
        return
    for year in range(summary.years):
        expenses, revenues = summary.expenses_by_year[year], summary.revenues_by_year[year]
        if expenses != revenues:
            gap = revenues - expenses
            template = (
                N_("In {year}, revenues ({revenues}) fall short of expenses ({expenses}) by {gap}.")
                if gap < 0
                else N_("In {year}, revenues ({revenues}) exceed expenses ({expenses}) by {gap}.")
            )
            yield (
                ("budget", "revenues"),
                ctx.tr.gettext(template).format(
                    year=ctx.year(year),
                    revenues=ctx.money(revenues),
                    expenses=ctx.money(expenses),
                    gap=ctx.money(abs(gap)),
                ),
            )


@_checker("budget_years")
def _years(ctx: _Context, rule: Rule):
    years = ctx.program.years
    categories = {c.id for c in ctx.program.expense_categories}
    sources = {s.id for s in ctx.program.revenue_sources}
    tr = ctx.tr
    wrong_count = N_("This line has {count} yearly amounts; the program has {years} years.")
    for index, line in enumerate(ctx.proposal.budget.expenses):
        where = ("budget", "expenses", index)
        if len(line.amounts) != years:
            yield where, tr.gettext(wrong_count).format(count=len(line.amounts), years=years)
        if line.category not in categories:
            yield (
                where + ("category",),
                tr.gettext("Expense line {n} has no category of this program.").format(n=index + 1),
            )
    for index, line in enumerate(ctx.proposal.budget.revenues):
        where = ("budget", "revenues", index)
        if len(line.amounts) != years:
            yield where, tr.gettext(wrong_count).format(count=len(line.amounts), years=years)
        if line.source not in sources:
            yield (
                where + ("source",),
                tr.gettext("Revenue line {n} has no source type of this program.").format(
                    n=index + 1
                ),
            )
    for index, partner in enumerate(ctx.proposal.partners):
        for amounts in (partner.cash, partner.in_kind):
            if amounts and len(amounts) != years:
                yield (
                    ("partners", index),
                    tr.gettext(wrong_count).format(count=len(amounts), years=years),
                )


@_checker("partner_contributions_in_revenues")
def _partner_funds(ctx: _Context, rule: Rule):
    years = ctx.program.years
    proposal = ctx.proposal
    linked: dict[tuple[str, str], list[Decimal]] = {}
    partner_ids = {p.id for p in proposal.partners}
    for index, line in enumerate(proposal.budget.revenues):
        if line.partner_id is None:
            continue
        if line.partner_id not in partner_ids:
            yield (
                ("budget", "revenues", index),
                ctx.tr.gettext(
                    "Revenue line {n} names a partner that is no longer in the proposal."
                ).format(n=index + 1),
            )
            continue
        totals = linked.setdefault((line.partner_id, line.nature), [ZERO] * years)
        for year, amount in enumerate(year_amounts(line.amounts, years)):
            totals[year] += amount
    labels = {"cash": N_("cash"), "in_kind": N_("in kind")}
    for index, partner in enumerate(proposal.partners):
        for nature, amounts in (("cash", partner.cash), ("in_kind", partner.in_kind)):
            promised = year_amounts(amounts, years)
            booked = linked.get((partner.id, nature), [ZERO] * years)
            for year in range(years):
                if promised[year] != booked[year]:
                    yield (
                        ("partners", index, nature, year),
                        ctx.tr.gettext(
                            "{partner} contributes {promised} {nature} in {year}, but the revenues "
                            "show {booked} from it."
                        ).format(
                            partner=partner.name or ctx.tr.gettext("A partner"),
                            promised=ctx.money(promised[year]),
                            nature=ctx.tr.gettext(labels[nature]),
                            year=ctx.year(year),
                            booked=ctx.money(booked[year]),
                        ),
                    )


@_checker("partner_letter")
def _letters(ctx: _Context, rule: Rule):
    attached = {a.id for a in ctx.proposal.attachments}
    for index, partner in enumerate(ctx.proposal.partners):
        if partner.letter_attachment_id in attached:
            continue
        name = partner.name or ctx.tr.gettext("Partner {n}").format(n=index + 1)
        if partner.letter_received:
            text = N_(
                "The letter of support from {partner} is marked received but is not attached."
            )
        else:
            text = N_("There is no letter of support from {partner}.")
        yield ("partners", index, "letter"), ctx.tr.gettext(text).format(partner=name)


@lru_cache(maxsize=512)
def count_words(text: str) -> int:
    """Words as a word processor counts them: runs of non-space characters.

    Cached: validation runs on every keystroke and most sections have not changed."""
    return len(text.split())


@_checker("section_required")
def _sections(ctx: _Context, rule: Rule):
    for section in ctx.program.sections:
        if section.required and not ctx.proposal.sections.get(section.id, "").strip():
            yield (
                ("sections", section.id),
                ctx.tr.gettext("The section “{title}” is empty.").format(
                    title=section.title(ctx.tr)
                ),
            )


@_checker("section_word_limit")
def _word_limits(ctx: _Context, rule: Rule):
    for section in ctx.program.sections:
        words = count_words(ctx.proposal.sections.get(section.id, ""))
        if words > section.word_limit:
            yield (
                ("sections", section.id),
                ctx.tr.gettext(
                    "The section “{title}” has {words} words; the limit is {limit}."
                ).format(title=section.title(ctx.tr), words=words, limit=section.word_limit),
            )


@_checker("attachment_required")
def _attachments(ctx: _Context, rule: Rule):
    present = {a.kind for a in ctx.proposal.attachments if a.reference}
    for kind in ctx.program.attachments:
        if kind.required and not kind.per_partner and kind.id not in present:
            yield (
                ("attachments", kind.id),
                ctx.tr.gettext("Required attachment missing: {kind}.").format(
                    kind=kind.label(ctx.tr)
                ),
            )


@_checker("lead_applicant_eligible")
def _lead(ctx: _Context, rule: Rule):
    applicant = ctx.proposal.applicant
    rules = ctx.program.eligibility
    tr = ctx.tr
    if applicant.legal_form not in rules.legal_forms:
        allowed = ", ".join(ctx.program.label("legal_forms", f, tr) for f in rules.legal_forms)
        yield (
            ("applicant", "legal_form"),
            tr.gettext("The applicant's legal form must be: {allowed}.").format(allowed=allowed),
        )
    if applicant.main_activity not in rules.main_activities:
        allowed = ", ".join(
            ctx.program.label("main_activities", a, tr) for a in rules.main_activities
        )
        yield (
            ("applicant", "main_activity"),
            tr.gettext("The applicant's main activity must be one of: {allowed}.").format(
                allowed=allowed
            ),
        )
    if rules.main_establishment_in_quebec and applicant.main_establishment_in_quebec is not True:
        yield (
            ("applicant", "main_establishment_in_quebec"),
            tr.gettext("The applicant must have its main establishment in Québec."),
        )


@_checker("territory_chosen")
def _territory(ctx: _Context, rule: Rule):
    if ctx.proposal.territory not in {t.id for t in ctx.program.territories}:
        yield ("territory",), ctx.tr.gettext("Choose the territory the application is for.")


_IDENTITY_FIELDS: tuple[tuple[Location, str], ...] = (
    (("applicant", "legal_name"), N_("the applicant's legal name")),
    (("applicant", "neq"), N_("the Québec enterprise number (NEQ)")),
    (("applicant", "address", "street"), N_("the street address")),
    (("applicant", "address", "city"), N_("the city")),
    (("applicant", "address", "postal_code"), N_("the postal code")),
    (("applicant", "contact", "name"), N_("the contact person's name")),
    (("applicant", "contact", "email"), N_("the contact person's email")),
    (("applicant", "contact", "phone"), N_("the contact person's phone")),
    (("signatory", "name"), N_("the name of the person who signs")),
    (("signatory", "title"), N_("the title of the person who signs")),
)


def _get(obj: object, path: Location) -> object:
    for part in path:
        obj = getattr(obj, str(part))
    return obj


@_checker("applicant_identity")
def _identity(ctx: _Context, rule: Rule):
    for path, label in _IDENTITY_FIELDS:
        if not str(_get(ctx.proposal, path)).strip():
            yield path, ctx.tr.gettext("Missing: {what}.").format(what=ctx.tr.gettext(label))


NEQ_RE = re.compile(r"^\d{10}$")
POSTAL_RE = re.compile(r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$", re.I)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
PHONE_RE = re.compile(
    r"^(?:\+?1[ .-]?)?\(?([2-9]\d{2})\)?[ .-]?(\d{3})[ .-]?(\d{4})"
    r"(?:\s*(?:,|#|x|ext\.?|poste|p\.)\s*\d{1,6})?$",
    re.I,
)


def neq_ok(text: str) -> bool:
    """A Québec enterprise number: ten digits (spaces allowed between groups)."""
    return bool(NEQ_RE.match(text.replace(" ", "")))


def postal_code_ok(text: str) -> bool:
    """A Canadian postal code, ``A1A 1A1``."""
    return bool(POSTAL_RE.match(text.strip()))


def email_ok(text: str) -> bool:
    """An email address of plausible shape."""
    return bool(EMAIL_RE.match(text.strip()))


def phone_ok(text: str) -> bool:
    """A North American phone number, with an optional extension."""
    return bool(PHONE_RE.match(text.strip()))


@_checker("formats")
def _formats(ctx: _Context, rule: Rule):
    applicant = ctx.proposal.applicant
    tr = ctx.tr
    checks = (
        (("applicant", "neq"), applicant.neq, neq_ok, N_("The NEQ “{value}” must have 10 digits.")),
        (
            ("applicant", "address", "postal_code"),
            applicant.address.postal_code,
            postal_code_ok,
            N_("The postal code “{value}” must look like A1A 1A1."),
        ),
        (
            ("applicant", "contact", "email"),
            applicant.contact.email,
            email_ok,
            N_("The email address “{value}” is not valid."),
        ),
        (
            ("applicant", "contact", "phone"),
            applicant.contact.phone,
            phone_ok,
            N_("The phone number “{value}” must have 10 digits, like 819 555-0123."),
        ),
    )
    for path, value, ok, message in checks:
        if value.strip() and not ok(value):
            yield path, tr.gettext(message).format(value=value)


@_checker("deadline")
def _deadline(ctx: _Context, rule: Rule):
    deadline = ctx.program.deadline_local.date()
    shown = format_date(deadline, format="long", locale=ctx.tr.locale)
    left = (deadline - ctx.today).days
    if left < 0:
        yield ("program",), ctx.tr.gettext("The call closed on {date}.").format(date=shown)
    elif left <= int(rule.params.get("warn_days", 14)):
        yield (
            ("program",),
            ctx.tr.ngettext(
                "The call closes on {date}: {n} day left.",
                "The call closes on {date}: {n} days left.",
                left,
            ).format(date=shown, n=left),
        )


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
    ctx = _Context(
        program=program,
        proposal=proposal,
        summary=summary if summary is not None else summarize(program, proposal),
        today=today if today is not None else today_in(program),
        tr=tr,
    )
    findings: list[Finding] = []
    for rule in program.rules:
        explanation, source = rule.explanation(tr), rule.source_label(tr)
        for location, message in _CHECKERS[rule.kind](ctx, rule):
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
