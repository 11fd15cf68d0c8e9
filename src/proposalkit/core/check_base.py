"""What every rule checker shares: the context of one validation run and the registry
that maps a rule kind of :mod:`proposalkit.core.rules` to the function interpreting it.

A checker takes the context and its rule and yields ``(location, message)`` pairs;
``validation.validate`` turns them into findings with the rule's code and source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from proposalkit.core.budget import ZERO, BudgetSummary
from proposalkit.core.locations import Location
from proposalkit.core.model import Proposal
from proposalkit.core.money import format_count, format_money, format_share
from proposalkit.core.program import Program
from proposalkit.core.rules import ApplicantCase, CasedRule, pick_case
from proposalkit.i18n import Translator

Checker = Callable[["Context", Any], Iterator[tuple[Location, str]]]
T = TypeVar("T")
CHECKERS: dict[str, Checker] = {}


def checker(kind: str) -> Callable[[Checker], Checker]:
    """Register the function interpreting rules of ``kind``."""
    def register(func: Checker) -> Checker:
        CHECKERS[kind] = func
        return func

    return register


@dataclass
class Context:
    """One validation run: the program, the proposal, its budget totals, the date and
    the language of the messages."""

    program: Program
    proposal: Proposal
    summary: BudgetSummary
    today: date
    tr: Translator
    _sets: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    _once: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, computed once in the run: what rules of several kinds read of
        the proposal (the revenue lines carrying money, with their names) is walked once."""
        if key not in self._once:
            self._once[key] = compute()
        return self._once[key]

    def money(self, value: Decimal) -> str:
        """An amount in the messages' language."""
        return format_money(value, self.tr.lang)

    def count(self, value: int) -> str:
        """A count of words or characters in the messages' language (``2 001``)."""
        return format_count(value, self.tr.lang)

    def year(self, index: int) -> str:
        """``year 2`` for index 1."""
        return self.tr.gettext("year {n}").format(n=index + 1)

    def sources(self, names: list[str]) -> frozenset[str]:
        """The source ids of a rule's set of names (cached for the run)."""
        key = tuple(names)
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = self.program.resolve_sources(names)
        return found

    def is_funder_only(self, names: list[str]) -> bool:
        """Whether the set is exactly the program's own contribution."""
        return self.sources(names) == {self.program.funder_source.id}

    def sources_label(self, names: list[str]) -> str:
        """The labels of the sources a set stands for, joined."""
        ids = self.sources(names)
        return ", ".join(s.label(self.tr) for s in self.program.revenue_sources if s.id in ids)

    def by_year(self, ids: Iterable[str], nature: str = "any") -> list[Decimal]:
        """Revenues of these sources (of one nature, or both) per project year."""
        totals = [ZERO] * self.summary.years
        for source in ids:
            natures = self.summary.revenues_by_source.get(source, {})
            for name, amounts in natures.items():
                if nature not in ("any", name):
                    continue
                for year, amount in enumerate(amounts):
                    totals[year] += amount
        return totals

    def limit(self, rule: CasedRule, bound: str) -> tuple[Any, ApplicantCase | None]:
        """The rule's bound (``max``, ``min``, ``max_amount``…) for this applicant and
        territory, and the case that set it (None when the rule's own bound applies)."""
        applicant = self.proposal.applicant
        case = pick_case(rule, applicant.legal_form, applicant.main_activity, bound,
                         self.proposal.territory or "")
        return getattr(case if case is not None else rule, bound), case

    def case_label(self, case: ApplicantCase) -> str:
        """Who a case is for, in the applicant's terms: its legal form, main activity
        and/or territory, whichever the case names."""
        applicant = self.proposal.applicant
        parts = []
        if case.legal_forms:
            parts.append(self.program.label("legal_forms", applicant.legal_form, self.tr))
        if case.main_activities:
            parts.append(self.program.label("main_activities", applicant.main_activity,
                                            self.tr))
        if case.territories:
            parts.append(self.program.label("territories", self.proposal.territory or "",
                                            self.tr))
        return ", ".join(parts)

    def share(self, value: Decimal, limit: Decimal) -> tuple[str, str]:
        """A share and its limit, written the one way (:func:`format_share`)."""
        return format_share(value, limit, self.tr.lang)

    def first_line(self, ids: Iterable[str]) -> Location:
        """The first revenue line of these sources (the revenues table without one)."""
        wanted = set(ids)
        for index, line in enumerate(self.proposal.budget.revenues):
            if line.source in wanted:
                return ("budget", "revenues", index)
        return ("budget", "revenues")

    def first_expense(self, categories: Iterable[str]) -> Location:
        """The first expense line of these categories (the expenses table without one)."""
        wanted = set(categories)
        for index, line in enumerate(self.proposal.budget.expenses):
            if line.category in wanted:
                return ("budget", "expenses", index)
        return ("budget", "expenses")
