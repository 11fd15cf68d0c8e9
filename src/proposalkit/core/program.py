"""Program packs: the rules of one call for proposals, as data.

A pack is a TOML file in ``resources/programs/`` (bundled) or in the user's programs
folder (:func:`proposalkit.paths.user_programs_dir`). It is validated on load by the
pydantic schema below; a broken pack is reported with its file and field, and the other
packs still load. Pack format version history:

- 1: first format (id, names, funder, call dates, years, caps as per-year lists,
  sections, attachments, eligibility, territories, categories, revenue sources, rules).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from proposalkit.i18n import N_, Translator

PACK_FORMAT = 1
Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

#: The kinds of rule the validation engine knows. A pack chooses which apply to its call
#: and gives each one its code, severity, explanation and source.
RULE_KINDS = (
    "funder_cap_per_year",
    "funder_cap_total",
    "funder_share_max",
    "budget_balanced",
    "budget_years",
    "partner_contributions_in_revenues",
    "partner_letter",
    "section_required",
    "section_word_limit",
    "attachment_required",
    "lead_applicant_eligible",
    "territory_chosen",
    "applicant_identity",
    "formats",
    "deadline",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Strict):
    """A text given in French and in English."""

    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, tr: Translator) -> str:
        return tr.pick(self.fr, self.en)


class Choice(_Strict):
    """An identifier with its label in both languages."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    label: Bilingual


class Section(_Strict):
    """A required narrative section of the proposal."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: Bilingual
    guidance: Bilingual
    word_limit: int = Field(gt=0)
    required: bool = True


class AttachmentKind(_Strict):
    """A kind of attachment the call asks for."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    label: Bilingual
    required: bool = True
    #: One per partner (letters of support) rather than one for the whole proposal.
    per_partner: bool = False


class RevenueSource(Choice):
    """A type of revenue; ``funder`` marks the contribution asked of this program."""

    funder: bool = False
    #: Counted with the funder's contribution for the maximum share.
    counts_toward_share: bool = False


class Caps(_Strict):
    """The funder's caps; per-year caps are a list, one per project year."""

    funder_per_year: list[Decimal]
    funder_total: Decimal
    funder_share_max: Decimal = Field(gt=0, le=1)

    @field_validator("funder_per_year")
    @classmethod
    def _positive(cls, value: list[Decimal]) -> list[Decimal]:
        if any(v <= 0 for v in value):
            raise ValueError("every per-year cap must be positive")
        return value


class Eligibility(_Strict):
    """Who may lead the application."""

    legal_forms: list[str] = Field(min_length=1)
    main_activities: list[str] = Field(min_length=1)
    main_establishment_in_quebec: bool = True


class Rule(_Strict):
    """One rule of the call: what the validation engine checks, and why."""

    code: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]*$")
    kind: str
    severity: Severity
    explanation: Bilingual
    source: str = Field(min_length=1)
    #: The fact comes from press reports only, not from an official guide.
    press_only: bool = False
    #: Free parameters of the rule kind (e.g. ``warn_days`` for the deadline).
    params: dict[str, int | float | str | bool] = Field(default_factory=dict)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in RULE_KINDS:
            raise ValueError(f"unknown rule kind {value!r}; known kinds: {', '.join(RULE_KINDS)}")
        return value

    def source_label(self, tr: Translator) -> str:
        """The source, flagged when only the press reported it."""
        if self.press_only:
            return (
                self.source
                + " "
                + tr.gettext("(reported by the press; not confirmed by an official guide)")
            )
        return self.source


class Program(_Strict):
    """A program pack: everything proposalkit knows about one call for proposals."""

    format: int = PACK_FORMAT
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    version: str = "1"
    name: Bilingual
    short_name: Bilingual
    funder: Bilingual
    summary: Bilingual
    deadline: datetime
    timezone: str = "America/Montreal"
    information_session: datetime | None = None
    years: int = Field(ge=1, le=10)
    caps: Caps
    currency: Literal["CAD"] = "CAD"
    eligibility: Eligibility
    legal_forms: list[Choice] = Field(min_length=1)
    main_activities: list[Choice] = Field(min_length=1)
    territories: list[Choice] = Field(min_length=1)
    partner_types: list[Choice] = Field(min_length=1)
    governance_sectors: list[Choice] = Field(min_length=1)
    expense_categories: list[Choice] = Field(min_length=1)
    revenue_sources: list[RevenueSource] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    attachments: list[AttachmentKind] = Field(default_factory=list)
    rules: list[Rule] = Field(min_length=1)

    @field_validator("format")
    @classmethod
    def _format(cls, value: int) -> int:
        if value != PACK_FORMAT:
            raise ValueError(
                f"pack format {value} is not supported (this version reads {PACK_FORMAT})"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone
        return value

    @model_validator(mode="after")
    def _coherent(self) -> Program:
        if len(self.caps.funder_per_year) != self.years:
            raise ValueError(
                f"caps.funder_per_year has {len(self.caps.funder_per_year)} values "
                f"but the program has {self.years} years"
            )
        if not any(s.funder for s in self.revenue_sources):
            raise ValueError("one revenue source must be marked funder = true")
        for name in (
            "legal_forms",
            "main_activities",
            "territories",
            "partner_types",
            "governance_sectors",
            "expense_categories",
            "revenue_sources",
            "sections",
            "attachments",
            "rules",
        ):
            items = getattr(self, name)
            keys = [getattr(item, "code", None) or item.id for item in items]
            dupes = {k for k in keys if keys.count(k) > 1}
            if dupes:
                raise ValueError(f"{name}: duplicate id {sorted(dupes)[0]!r}")
        known_forms = {c.id for c in self.legal_forms}
        known_acts = {c.id for c in self.main_activities}
        bad = [f for f in self.eligibility.legal_forms if f not in known_forms]
        bad += [a for a in self.eligibility.main_activities if a not in known_acts]
        if bad:
            raise ValueError(f"eligibility names unknown ids: {', '.join(bad)}")
        return self

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

    @cached_property
    def share_sources(self) -> frozenset[str]:
        """Revenue sources counted in the funder's maximum share."""
        return frozenset(s.id for s in self.revenue_sources if s.funder or s.counts_toward_share)

    def label(self, kind: str, ident: str, tr: Translator) -> str:
        """The label of choice ``ident`` in list ``kind`` (its id when unknown)."""
        for item in getattr(self, kind):
            if item.id == ident:
                return item.label(tr)
        return ident

    def section(self, section_id: str) -> Section | None:
        """The section with this id, if any."""
        return next((s for s in self.sections if s.id == section_id), None)

    def rules_of(self, kind: str) -> list[Rule]:
        """The rules of one kind."""
        return [r for r in self.rules if r.kind == kind]


#: Cities whose time zone Babel names after another city (CLDR folds Montréal into
#: Toronto), in the words people of the call use.
ZONE_CITIES = {"America/Montreal": N_("Montréal")}


def format_deadline(program: Program, tr: Translator) -> str:
    """The deadline as a person writes it: ``30 avril 2018 à 23 h 59 (heure de Montréal)``
    or ``April 30, 2018 at 11:59 p.m. (Montréal time)``."""
    from babel.dates import format_time, get_timezone_location

    from proposalkit.core.dates import long_date

    moment = program.deadline_local
    city = ZONE_CITIES.get(program.timezone)
    city = tr.gettext(city) if city else get_timezone_location(
        moment.tzinfo, locale=tr.locale, return_city=True)
    return tr.gettext("{date} at {time} ({city} time)").format(
        date=long_date(moment.date(), tr.locale),
        time=format_time(moment, "short", locale=tr.locale), city=city)



class PackError(Exception):
    """A program pack that cannot be used: names the file and the field."""

    def __init__(self, path: Path, field: str, detail: str) -> None:
        super().__init__(f"{path.name}: {field}: {detail}")
        self.path = path
        self.field = field
        self.detail = detail

    def message(self, tr: Translator) -> str:
        """The problem, in the user's language."""
        return tr.gettext("Program pack {file} is invalid at {field}: {detail}").format(
            file=self.path, field=self.field or "-", detail=self.detail
        )


def load_pack(path: Path) -> Program:
    """Read and validate one pack file; raise :class:`PackError`."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise PackError(path, "", f"not valid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(path, "", str(exc)) from None
    try:
        return Program.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PackError(path, where, first["msg"]) from None


@dataclass(frozen=True)
class Catalog:
    """The packs found, and the files that could not be loaded."""

    programs: dict[str, Program]
    errors: list[PackError]

    def get(self, program_id: str) -> Program | None:
        """The pack with this id, if loaded."""
        return self.programs.get(program_id)


def pack_dirs() -> list[Path]:
    """Folders searched for packs: the bundled one, then the user's."""
    from proposalkit.paths import resources_dir, user_programs_dir

    return [resources_dir() / "programs", user_programs_dir()]


def load_catalog(dirs: list[Path] | None = None) -> Catalog:
    """Load every pack; a user pack with a bundled pack's id replaces it."""
    programs: dict[str, Program] = {}
    errors: list[PackError] = []
    for folder in dirs if dirs is not None else pack_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                program = load_pack(path)
            except PackError as exc:
                errors.append(exc)
                continue
            programs[program.id] = program
    return Catalog(programs, errors)


_default_catalog: Catalog | None = None


def default_catalog(reload: bool = False) -> Catalog:
    """The catalog of bundled and user packs, loaded once."""
    global _default_catalog
    if _default_catalog is None or reload:
        _default_catalog = load_catalog()
    return _default_catalog
