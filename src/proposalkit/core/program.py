"""Program packs: the rules of one call for proposals, as data.

A pack is a TOML file in ``resources/programs/`` (bundled) or in the user's programs
folder (:func:`proposalkit.paths.user_programs_dir`). It is validated on load by the
pydantic schema below and the cross-checks of :mod:`proposalkit.core.pack_check`; a broken
pack is reported with its file, line and field, and the other packs still load. The
rules' vocabulary is :mod:`proposalkit.core.rules`; the format is described for pack
authors in ``docs/packs.md``. Pack format version history:

- 1: first format (id, names, funder, call dates, years, caps as per-year lists,
  sections, attachments, eligibility, territories, categories, revenue sources, rules
  naming one hard-coded check each).
- 2: the rule vocabulary: caps and shares are rules (``amount_limit``, ``share_limit``)
  over named sets of sources (``groups`` on revenue sources), with applicant-dependent
  ``cases``; categories may be ``eligible = false``; ``[[history]]`` lists what each
  version of a pack changed. Format 1 packs are refused with a message naming both.
  Later additions, optional so format 2 packs keep loading: ``funder_short``,
  ``[fiscal_year]`` (start day and name), rule ``source`` in both languages; rule kinds
  ``project_size``, ``char_limit`` (sections' ``char_limit``/``char_spaces``),
  ``project_window``, ``applicant_age``; ``territories`` in cases and ``cases`` on
  ``category_limit``; ``[parts]`` (the dossier's structured parts the call asks for),
  ``[[axes]]`` (the call's axes, for the action plan) and ``[[declarations]]`` (the
  statements the signatory ticks on the attestation).
  ``category_limit``; ``[[sources]]`` (the call's documents) and a case's own
  ``source`` and ``assumption``; ``in_kind_in_base`` on ``project_size``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from proposalkit.core.pack_sources import PackSource
from proposalkit.core.rules import (
    RULE_KINDS,
    SEVERITIES,
    AmountLimit,
    Bilingual,
    Rule,
    RuleBase,
    Severity,
    ShareLimit,
    pick_limit,
)
from proposalkit.i18n import N_, Translator
from proposalkit.paths import pack_dirs

if TYPE_CHECKING:
    from proposalkit.core.pack_check import Problem

__all__ = ["RULE_KINDS", "SEVERITIES", "Bilingual", "Rule", "RuleBase", "Severity"]

PACK_FORMAT = 2


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    """An identifier with its label in both languages."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    label: Bilingual


class Section(_Strict):
    """A required narrative section of the proposal."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: Bilingual
    guidance: Bilingual
    # strict: "500" (a string) where a number is meant is refused, not read as 500.
    word_limit: int = Field(gt=0, strict=True)
    required: bool = True
    #: A limit in characters as well (checked by a ``char_limit`` rule), counted with
    #: spaces unless ``char_spaces = false``.
    char_limit: int | None = Field(default=None, gt=0, strict=True)
    char_spaces: bool = True


class AttachmentKind(_Strict):
    """A kind of attachment the call asks for."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    label: Bilingual
    required: bool = True
    #: One per partner (letters of support) rather than one for the whole proposal.
    per_partner: bool = False


class ExpenseCategory(Choice):
    """A category of expenses; ``eligible = false`` keeps it out of the eligible costs."""

    eligible: bool = True


class RevenueSource(Choice):
    """A type of revenue; ``funder`` marks the contribution asked of this program."""

    funder: bool = False
    #: Named sets this source belongs to (``government``, ``quebec``…), for the rules.
    groups: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Caps:
    """The funder's caps as the pack's rules set them for an applicant with no special
    case (a derived view for displays; the rules themselves are what validation checks).

    A year without a cap of its own shows the total cap; a program without a share rule
    on the funder shows 100 %."""

    funder_per_year: list[Decimal]
    funder_total: Decimal
    funder_share_max: Decimal
    #: Whether a yearly rule caps each year (else the years only show the total cap).
    yearly: bool = True


class Parts(_Strict):
    """Which structured parts of the dossier the call asks for (``[parts]``): a part not
    asked has no step in the window, no check and no page in the dossier."""

    #: The summary page (the project in the applicant's words, figures at a glance).
    summary: bool = True
    #: Each source's status (confirmed, requested, to be requested) and the plan table.
    financing_plan: bool = True
    #: Each expense line's justification (a rule may require it above an amount).
    justifications: bool = True
    #: Activities with who carries them and when, and their timeline.
    action_plan: bool = False
    #: Indicators with a baseline and a target per project year.
    indicators: bool = False


class Declaration(_Strict):
    """A statement the call asks the signatory to make: a box ticked on the attestation
    (other government aid received, lobbyists' register, no debt to the government…)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    text: Bilingual
    #: Whether the attestation cannot be signed without it (a final export says so).
    required: bool = True


class PackChange(_Strict):
    """One entry of a pack's history: what a version changed in the rules."""

    version: str = Field(min_length=1)
    summary: Bilingual
    #: Codes of the rules added, changed or removed by this version.
    rules: list[str] = Field(default_factory=list)


class Eligibility(_Strict):
    """Who may lead the application."""

    legal_forms: list[str] = Field(min_length=1)
    main_activities: list[str] = Field(min_length=1)
    main_establishment_in_quebec: bool = True


class FiscalYearSpec(_Strict):
    """The funder's fiscal year: the day it starts and its name in both languages (the
    dossier's estimate by fiscal year uses both)."""

    start_month: int = Field(default=4, ge=1, le=12, strict=True)
    #: The estimate counts whole months: a month belongs to the fiscal year its first
    #: day falls in, so a start after the 1st moves the boundary to the next month.
    start_day: int = Field(default=1, ge=1, le=28, strict=True)
    name: Bilingual = Bilingual(fr="exercice financier", en="fiscal year")

    def span(self, tr: Translator) -> tuple[str, str]:
        """The first and the last day of the fiscal year as a person writes them
        (``1er avril``, ``31 mars``)."""
        from datetime import date, timedelta

        from proposalkit.core.dates import day_month

        # 2001 is not a leap year: a year starting on 1 March ends on 28 February.
        start = date(2001, self.start_month, self.start_day)
        end = start.replace(year=start.year + 1) - timedelta(days=1)
        return day_month(start, tr.locale), day_month(end, tr.locale)

    @property
    def first_month(self) -> int:
        """The first whole month of the fiscal year (1 to 12)."""
        return self.start_month if self.start_day == 1 else self.start_month % 12 + 1


class Program(_Strict):
    """A program pack: everything proposalkit knows about one call for proposals."""

    format: int = PACK_FORMAT
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    version: str = "1"
    name: Bilingual
    short_name: Bilingual
    funder: Bilingual
    #: The funder's name as the displays use it in short labels ("Québec", "CED");
    #: the full ``funder`` name when absent.
    funder_short: Bilingual | None = None
    fiscal_year: FiscalYearSpec = FiscalYearSpec()
    summary: Bilingual
    deadline: datetime
    timezone: str = "America/Montreal"
    information_session: datetime | None = None
    years: int = Field(ge=1, le=10, strict=True)
    currency: Literal["CAD"] = "CAD"
    eligibility: Eligibility
    legal_forms: list[Choice] = Field(min_length=1)
    main_activities: list[Choice] = Field(min_length=1)
    territories: list[Choice] = Field(min_length=1)
    partner_types: list[Choice] = Field(min_length=1)
    governance_sectors: list[Choice] = Field(min_length=1)
    expense_categories: list[ExpenseCategory] = Field(min_length=1)
    revenue_sources: list[RevenueSource] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    attachments: list[AttachmentKind] = Field(default_factory=list)
    rules: list[Rule] = Field(min_length=1)
    history: list[PackChange] = Field(default_factory=list)
    parts: Parts = Parts()
    #: The call's axes (priorities) an action plan's activities are grouped by.
    axes: list[Choice] = Field(default_factory=list)
    declarations: list[Declaration] = Field(default_factory=list)
    #: The call's documents (guide, release, press articles) the rules come from.
    sources: list[PackSource] = Field(default_factory=list)

    @field_validator("format")
    @classmethod
    def _format(cls, value: int) -> int:
        if value != PACK_FORMAT:
            raise PydanticCustomError(
                "pack_format", "pack format {found} is not supported (this version reads "
                "{supported})", {"found": value, "supported": PACK_FORMAT})
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ValueError, KeyError, OSError):
            raise PydanticCustomError("time_zone", "unknown time zone {zone}",
                                      {"zone": value}) from None
        return value

    def funder_name(self, tr: Translator) -> str:
        """The funder's short name (its full name when the pack gives no short one)."""
        return (self.funder_short or self.funder)(tr)

    def share_label(self, rule: ShareLimit, tr: Translator) -> str:
        """What a share rule's sources are called: its label, or the funder's aid."""
        if rule.label is not None:
            return rule.label(tr)
        return tr.gettext("Aid from {funder}").format(funder=self.funder_name(tr))

    # Lookups used everywhere; the model is frozen, so they are computed once.
    @cached_property
    def deadline_local(self) -> datetime:
        """The deadline in the call's time zone (naive values are taken as local)."""
        zone = ZoneInfo(self.timezone)
        if self.deadline.tzinfo is None:
            return self.deadline.replace(tzinfo=zone)
        return self.deadline.astimezone(zone)

    @cached_property
    def funder_source(self) -> RevenueSource:
        """The revenue source that is this program's own contribution."""
        return next(s for s in self.revenue_sources if s.funder)

    def resolve_sources(self, names: list[str]) -> frozenset[str]:
        """The source ids a rule's set of names stands for (ids, groups, ``funder``,
        ``all``); unknown names stand for nothing (the loader reports them)."""
        ids: set[str] = set()
        for name in names:
            for source in self.revenue_sources:
                if (name == "all" or name == source.id or name in source.groups
                        or (name == "funder" and source.funder)):
                    ids.add(source.id)
        return frozenset(ids)

    @cached_property
    def share_rules(self) -> list[ShareLimit]:
        """The share rules, in the pack's order."""
        return [r for r in self.rules if isinstance(r, ShareLimit)]

    @cached_property
    def funder_share_rule(self) -> ShareLimit | None:
        """The first maximum-share rule whose sources include the funder: the one the
        displays call the funder's share."""
        funder = self.funder_source.id
        return next((r for r in self.share_rules if r.max is not None
                     and funder in self.resolve_sources(r.sources)), None)

    @cached_property
    def share_sources(self) -> frozenset[str]:
        """Revenue sources counted in the funder's maximum share (the funder alone when
        no share rule names it)."""
        rule = self.funder_share_rule
        if rule is None:
            return frozenset({self.funder_source.id})
        return self.resolve_sources(rule.sources)

    def funder_caps(self, legal_form: str = "", main_activity: str = "",
                    territory: str = "") -> Caps:
        """The funder's caps for an applicant of this legal form and main activity,
        applying for this territory."""
        funder = self.funder_source.id
        per_year: list[Decimal] | None = None
        total: Decimal | None = None
        for rule in self.rules:
            if not isinstance(rule, AmountLimit) or self.resolve_sources(rule.sources) != {
                    funder}:
                continue
            limit = pick_limit(rule, legal_form, main_activity, "max", territory)
            if limit is None:
                continue
            if rule.period == "each_year" and per_year is None:
                per_year = list(limit) if isinstance(limit, list) else [limit] * self.years
            elif rule.period == "total" and total is None:
                total = sum(limit, Decimal(0)) if isinstance(limit, list) else limit
        if total is None:
            total = sum(per_year, Decimal(0)) if per_year else Decimal(0)
        yearly = per_year is not None
        if per_year is None:
            per_year = [total] * self.years
        share = self.funder_share_rule
        share_max = Decimal(1)
        if share is not None:
            share_max = pick_limit(share, legal_form, main_activity, "max",
                                   territory) or Decimal(1)
        return Caps(per_year, total, share_max, yearly)

    @cached_property
    def caps(self) -> Caps:
        """The funder's caps for an applicant with no special case (see :class:`Caps`)."""
        return self.funder_caps()

    @property
    def funder_share_max(self) -> Decimal:
        """The funder's maximum share of the costs (1 when no rule limits it)."""
        return self.caps.funder_share_max

    def label(self, kind: str, ident: str, tr: Translator) -> str:
        """The label of choice ``ident`` in list ``kind`` (its id when unknown)."""
        for item in getattr(self, kind):
            if item.id == ident:
                return item.label(tr)
        return ident

    def who_may_apply(self, tr: Translator) -> str:
        """Who may lead the application, in one sentence from the pack's eligibility
        (its legal forms, main activities and, if asked, the establishment in Québec)."""
        forms = ", ".join(self.label("legal_forms", f, tr) for f in self.eligibility.legal_forms)
        activities = ", ".join(self.label("main_activities", a, tr)
                               for a in self.eligibility.main_activities)
        text = tr.gettext("The program accepts as applicant: {forms}; main activity: "
                          "{activities}.").format(forms=forms, activities=activities)
        if self.eligibility.main_establishment_in_quebec:
            text += " " + tr.gettext("The applicant's main establishment must be in Québec.")
        return text

    def section(self, section_id: str) -> Section | None:
        """The section with this id, if any."""
        return next((s for s in self.sections if s.id == section_id), None)

    def rules_of(self, kind: str) -> list[RuleBase]:
        """The rules of one kind."""
        return [r for r in self.rules if r.kind == kind]

    def rule(self, code: str) -> RuleBase | None:
        """The rule with this code, if any."""
        return next((r for r in self.rules if r.code == code), None)


#: Cities whose time zone Babel names after another city (CLDR folds Montréal into
#: Toronto), in the words people of the call use.
ZONE_CITIES = {"America/Montreal": N_("Montréal")}


def format_deadline(program: Program, tr: Translator) -> str:
    """The deadline as a person writes it: ``30 avril 2018 à 23 h 59 (heure de Montréal)``
    or ``April 30, 2018 at 11:59 p.m. (Montréal time)``."""
    from babel.dates import get_timezone_location

    from proposalkit.core.dates import long_date, short_time

    moment = program.deadline_local
    city = ZONE_CITIES.get(program.timezone)
    city = tr.gettext(city) if city else get_timezone_location(
        moment.tzinfo, locale=tr.locale, return_city=True)
    return tr.gettext("{date} at {time} ({city} time)").format(
        date=long_date(moment.date(), tr.locale),
        time=short_time(moment, tr.locale), city=city)



def version_notice(program: Program, recorded: str, tr: Translator) -> str | None:
    """What to tell someone opening a proposal written for version ``recorded`` of
    ``program``'s pack when another version is installed (None when they are the same or
    nothing was recorded): both versions and the rules that changed since, from the pack's
    ``[[history]]``. The proposal itself is never changed."""
    if not recorded or recorded == program.version:
        return None
    versions = [change.version for change in program.history]
    later = (program.history[versions.index(recorded) + 1:] if recorded in versions
             else program.history)
    codes: list[str] = []
    for change in later:
        codes += [c for c in change.rules if c not in codes]
    text = tr.gettext("This proposal was written for version {old} of the program {program}; "
                      "version {new} is installed.").format(
        old=recorded, program=program.id, new=program.version)
    if codes:
        shown = ", ".join(codes[:8]) + (" …" if len(codes) > 8 else "")
        text += " " + tr.gettext("Rules changed since: {codes}.").format(codes=shown)
        text += " " + " ".join(change.summary(tr) for change in later)
    elif later:
        text += " " + " ".join(change.summary(tr) for change in later)
    else:
        text += " " + tr.gettext("The pack does not say what changed.")
    return text + " " + tr.gettext("The proposal itself was not changed.")


class PackError(Exception):
    """A program pack that cannot be used: names the file, and each problem's line and
    field (:class:`~proposalkit.core.pack_check.Problem`)."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0]
        self.field = first.field
        self.detail = first.detail(None)
        super().__init__(f"{path.name}: {self.field}: {self.detail}")

    def message(self, tr: Translator) -> str:
        """The first problem, in the user's language, and how many more there are."""
        first = self.problems[0]
        where = f"{self.path}:{first.line}" if first.line else str(self.path)
        text = tr.gettext("Program pack {file} is invalid at {field}: {detail}").format(
            file=where, field=first.field or "-", detail=first.detail(tr))
        more = len(self.problems) - 1
        if more:
            text += " " + tr.ngettext("(and {n} more problem)", "(and {n} more problems)",
                                      more).format(n=more)
        return text


def load_pack(path: Path) -> Program:
    """Read and validate one pack file; raise :class:`PackError` with every problem."""
    from proposalkit.core.pack_check import check_pack_file

    program, problems = check_pack_file(path)
    if problems or program is None:
        raise PackError(path, problems)
    return program


@dataclass(frozen=True)
class Catalog:
    """The packs found, and the files that could not be loaded."""

    programs: dict[str, Program]
    errors: list[PackError]

    def get(self, program_id: str) -> Program | None:
        """The pack with this id, if loaded."""
        return self.programs.get(program_id)


def shipped_ids() -> frozenset[str]:
    """The ids of the packs shipped with proposalkit (reserved: no user pack takes them)."""
    from proposalkit.paths import resources_dir

    return frozenset(path.stem for path in (resources_dir() / "programs").glob("*.toml"))


def reserved_id_problem(program_id: str) -> Problem:
    """The problem of a user pack that takes a shipped pack's id."""
    from proposalkit.core.pack_check import Problem

    return Problem(("id",), N_("{id} is the id of a program shipped with proposalkit; a "
                               "pack of your own needs an id of its own (for example "
                               "{id}-custom)"), {"id": program_id})


def load_catalog(dirs: list[Path] | None = None) -> Catalog:
    """Load every pack; the packs of the first folder are the shipped ones.

    A later pack with a shipped pack's id is refused and reported in ``errors``: it
    would otherwise replace the funder's published rules silently (issue 18: a user
    pack ``pri-2018`` with caps times 100 made ``programs`` show false caps and
    ``validate`` say nothing). Loading it under a name of its own would leave proposals
    of that program checked by one pack or the other depending on the machine; an id
    of its own makes the choice explicit in every proposal file."""
    programs: dict[str, Program] = {}
    errors: list[PackError] = []
    shipped: set[str] = set()
    for number, folder in enumerate(dirs if dirs is not None else pack_dirs()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                program = load_pack(path)
            except PackError as exc:
                errors.append(exc)
                continue
            if program.id in shipped:
                errors.append(PackError(path, [reserved_id_problem(program.id)]))
                continue
            if number == 0:
                shipped.add(program.id)
            programs[program.id] = program
    return Catalog(programs, errors)


_default_catalog: Catalog | None = None


def default_catalog(reload: bool = False) -> Catalog:
    """The catalog of bundled and user packs, loaded once."""
    global _default_catalog
    if _default_catalog is None or reload:
        _default_catalog = load_catalog()
    return _default_catalog
