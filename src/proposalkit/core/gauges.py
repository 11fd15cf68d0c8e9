"""Gauges (no Qt): per year, the funder's contribution against its cap and its share
against the maximum, with a level (ok, near, over, info) that the GUI paints as a colour."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from proposalkit.core.budget import BudgetSummary
from proposalkit.core.model import Proposal
from proposalkit.core.program import Program

if TYPE_CHECKING:
    from proposalkit.core.limits import ShareFigures

#: ``info``: a period the rule is not checked on (a year of a whole-project rule), shown
#: in a neutral colour, never red.
Level = Literal["ok", "near", "over", "info"]
#: From this fraction of a limit on, a gauge turns amber.
NEAR = Decimal("0.9")


@dataclass(frozen=True)
class Gauge:
    """One bar: a value against its limit, and the level to paint."""

    value: Decimal
    limit: Decimal
    level: Level

    @property
    def fraction(self) -> float:
        """How full the bar is, 0 to 1 (for drawing only)."""
        if self.limit <= 0:
            return 0.0
        return float(min(self.value / self.limit, Decimal(1)))


def _level(value: Decimal, limit: Decimal) -> Level:
    if value > limit:
        return "over"
    if limit > 0 and value >= limit * NEAR:
        return "near"
    return "ok"


def cap_gauges(program: Program, summary: BudgetSummary, proposal: Proposal | None = None,
               ) -> list[tuple[Gauge, Gauge | None]]:
    """Per year: (the funder's contribution vs its cap, its share vs the maximum share),
    with the limits of ``proposal``'s applicant when given; the share gauge is ``None``
    while the year has no expenses."""
    from proposalkit.core.limits import applicant_caps, share_figures_of
    from proposalkit.i18n import translator

    caps = applicant_caps(program, proposal)
    # The funder's share over the base its rule names (eligible costs, without in-kind…).
    funder_share = None if proposal is None else next(
        (f for f in share_figures_of(program, proposal, summary, translator("en"))
         if f.is_funder_share), None)
    shares = share_gauges(funder_share) if funder_share is not None else []
    out: list[tuple[Gauge, Gauge | None]] = []
    for year in range(summary.years):
        asked = summary.funder_by_year[year]
        cap = caps.funder_per_year[year]
        # Without a yearly cap the year only shows its part of the total cap.
        level = _level(asked, cap) if caps.yearly else "info"
        if funder_share is None:
            ratio = summary.share_ratio(year)
            limit = caps.funder_share_max
            share = None if ratio is None else Gauge(ratio, limit, _level(ratio, limit))
        else:
            share = shares[year]
        out.append((Gauge(asked, cap, level), share))
    return out


def total_cap_gauge(program: Program, summary: BudgetSummary,
                    proposal: Proposal | None = None) -> Gauge:
    """The funder's contribution over all years against the total cap (information
    only when the caps are yearly and no total cap is set)."""
    from proposalkit.core.limits import applicant_caps

    caps = applicant_caps(program, proposal)
    asked = summary.funder_total
    if caps.funder_total <= 0:
        # No amount rule at all: nothing caps the contribution.
        return Gauge(asked, caps.funder_total, "info")
    return Gauge(asked, caps.funder_total, _level(asked, caps.funder_total))


def _share_gauge(figures: ShareFigures, year: int | None) -> Gauge | None:
    ratio = figures.ratio(year)
    amount = figures.amount_total if year is None else figures.amounts[year]
    if ratio is None:
        # No costs in the base: money against it is past any maximum.
        if figures.bound == "max" and amount > 0 and figures.checks(year):
            return Gauge(figures.limit, figures.limit, "over")
        return None
    level: Level
    if not figures.checks(year):
        level = "info"
    elif figures.bound == "max":
        level = _level(ratio, figures.limit)
    else:
        level = ("over" if ratio < figures.limit else
                 "near" if ratio < figures.limit / NEAR else "ok")
    return Gauge(ratio, figures.limit, level)


def share_gauges(figures: ShareFigures) -> list[Gauge | None]:
    """Per year, a share rule's share against its limit (None for a year without costs);
    for a minimum share, "over" means below the minimum and "near" just above it. The
    years of a whole-project rule are ``info``: only the total is compared."""
    return [_share_gauge(figures, year) for year in range(len(figures.costs))]


def share_total_gauge(figures: ShareFigures) -> Gauge | None:
    """A share rule over all years (``info`` for a rule checked year by year)."""
    return _share_gauge(figures, None)
