"""The program's caps as the budget meets them: amount caps (per project year and over
all years) and share rules (the part of the costs some sources may cover).

The window's cap bars and the dossier's caps tables both iterate over these lists, so
they show whatever caps the program has (any number of years, any number of share
rules) the same way. Nothing is rounded here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from proposalkit.core.budget import ZERO, BudgetSummary
from proposalkit.core.program import Program


@dataclass(frozen=True)
class AmountCap:
    """The funder's contribution against an amount cap; ``year`` is ``None`` for the cap
    over all years."""

    year: int | None
    limit: Decimal
    asked: Decimal

    @property
    def room(self) -> Decimal:
        """What is left under the cap (negative past it)."""
        return self.limit - self.asked


@dataclass(frozen=True)
class ShareRule:
    """At most ``limit`` (0.6 for 60 %) of the costs may come from ``sources``."""

    limit: Decimal
    sources: frozenset[str]


@dataclass(frozen=True)
class ShareUse:
    """One share rule against the budget, overall (``year`` ``None``) or for one year."""

    rule: ShareRule
    year: int | None
    costs: Decimal
    counted: Decimal

    @property
    def ratio(self) -> Decimal | None:
        """The share of the costs the sources cover; ``None`` while there are no costs."""
        return self.counted / self.costs if self.costs else None

    @property
    def allowed(self) -> Decimal:
        """The largest amount the rule allows for these costs."""
        return self.costs * self.rule.limit

    @property
    def room(self) -> Decimal:
        """What the sources could still add (negative past the limit)."""
        return self.allowed - self.counted


def share_rules(program: Program) -> list[ShareRule]:
    """The program's share rules, in the program's order."""
    caps = program.caps
    return [ShareRule(caps.funder_share_max, frozenset(program.share_sources))]


def amount_caps(program: Program, summary: BudgetSummary) -> list[AmountCap]:
    """Each year's cap on the funder's contribution, then the cap over all years."""
    caps = program.caps
    per_year = list(caps.funder_per_year)
    out = [AmountCap(year, per_year[year] if year < len(per_year) else ZERO,
                     summary.funder_by_year[year]) for year in range(summary.years)]
    out.append(AmountCap(None, caps.funder_total, summary.funder_total))
    return out


def _counted(summary: BudgetSummary, sources: frozenset[str]) -> list[Decimal]:
    per_year = [ZERO] * summary.years
    for source in sources:
        for values in summary.revenues_by_source.get(source, {}).values():
            for year, amount in enumerate(values[:summary.years]):
                per_year[year] += amount
    return per_year


def share_uses(program: Program, summary: BudgetSummary,
               rules: Sequence[ShareRule] | None = None) -> list[list[ShareUse]]:
    """Per share rule: its use in each project year, then over all years (last)."""
    out: list[list[ShareUse]] = []
    for rule in share_rules(program) if rules is None else rules:
        counted = _counted(summary, rule.sources)
        uses = [ShareUse(rule, year, summary.expenses_by_year[year], counted[year])
                for year in range(summary.years)]
        uses.append(ShareUse(rule, None, summary.expenses_total, sum(counted, ZERO)))
        out.append(uses)
    return out
