"""Where a pack's facts come from: the call's documents (``[[sources]]`` of a pack) and
the source a rule's finding cites once its applicant cases are taken into account.

A pack lists the documents its author read (the call's guide, a press release, press
articles), each with its title, date and web address; the dossier's appendix of rules
applied prints them after the rules, in the dossier's language. A rule's own ``source``
says which of them (and where in it) the rule comes from. A case of a rule may have a
source of its own and be an assumption on its own (``[[rules.cases]]`` with ``source``
and ``assumption``): a territory's higher rate may be assumed while the rule's limit is
sourced.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from proposalkit.core.rules import ApplicantCase, Bilingual, RuleBase
from proposalkit.i18n import Translator

if TYPE_CHECKING:
    from proposalkit.core.program import Program

#: A web address: http or https, a host, no spaces (what a reader can type or click).
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/\S*)?$")


class PackSource(BaseModel):
    """One document of the call: its title (one text, or one per language), the day it
    was published and its web address, each optional but the title."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Annotated[str, Field(min_length=1)] | Bilingual
    #: A TOML date (``2022-08-12``, unquoted).
    date: dt.date | None = Field(default=None, strict=True)
    url: str | None = Field(default=None, max_length=2000)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not _URL.match(value):
            raise PydanticCustomError(
                "url", "must be a web address starting with https:// or http://, without "
                "spaces")
        return value

    def title_in(self, tr: Translator) -> str:
        """The title in ``tr``'s language."""
        return self.title if isinstance(self.title, str) else self.title(tr)

    def line(self, tr: Translator) -> str:
        """The source in one line: ``title, date, address``."""
        from proposalkit.core.dates import long_date

        parts = [self.title_in(tr)]
        if self.date is not None:
            parts.append(long_date(self.date, tr.locale))
        if self.url:
            parts.append(self.url)
        return ", ".join(parts)


def case_source_label(rule: RuleBase, case: ApplicantCase, tr: Translator) -> str:
    """What a finding of ``rule`` cites when ``case`` sets its limit: the case's own
    source if it has one, else the rule's; flagged as an assumption when the case is one."""
    if case.source is None:
        text = rule.source_label(tr)
        if case.assumption and not rule.assumption:
            text += " " + tr.gettext("(not stated by the call; assumed)")
        return text
    text = case.source if isinstance(case.source, str) else case.source(tr)
    if case.assumption:
        text += " " + tr.gettext("(not stated by the call; assumed)")
    return text


def cases_in_effect(rule: RuleBase, legal_form: str, main_activity: str,
                    territory: str) -> list[ApplicantCase]:
    """The cases of ``rule`` that set one of its bounds for this applicant and
    territory (none for a rule without cases)."""
    from proposalkit.core.rules import pick_case

    cases = getattr(rule, "cases", None)
    if not cases:
        return []
    found: list[ApplicantCase] = []
    bounds = {name for case in cases for name in ("max", "min", "max_amount", "max_share")
              if getattr(case, name, None) is not None}
    for bound in sorted(bounds):
        case = pick_case(rule, legal_form, main_activity, bound, territory)  # type: ignore[arg-type]
        if case is not None and case not in found:
            found.append(case)
    return found


def finding_source(rule: RuleBase, legal_form: str, main_activity: str, territory: str,
                   tr: Translator) -> str:
    """The source a finding of ``rule`` cites for this applicant: the rule's, or that of
    the case(s) setting its limits (see :func:`case_source_label`)."""
    cases = cases_in_effect(rule, legal_form, main_activity, territory)
    if not cases:
        return rule.source_label(tr)
    labels: list[str] = []
    for case in cases:
        label = case_source_label(rule, case, tr)
        if label not in labels:
            labels.append(label)
    return "; ".join(labels)


def case_notes(program: Program, rule: RuleBase, tr: Translator) -> list[str]:
    """For the appendix of rules applied: each case of ``rule`` that has a source of its
    own or is an assumption, as ``who: source`` (``Nord-du-Québec: … (not stated by the
    call; assumed)``)."""
    notes = []
    for case in getattr(rule, "cases", None) or []:
        if case.source is None and not case.assumption:
            continue
        who = [program.label("legal_forms", name, tr) for name in case.legal_forms]
        who += [program.label("main_activities", name, tr) for name in case.main_activities]
        who += [program.label("territories", name, tr) for name in case.territories]
        notes.append(tr.gettext("{who}: {source}").format(
            who=", ".join(who), source=case_source_label(rule, case, tr)))
    return notes
