"""Gauges (no Qt): per year, the funder's contribution against its cap and its share
against the maximum, with a level (ok, near, over) that the GUI paints as a colour."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from proposalkit.core.budget import BudgetSummary
from proposalkit.core.model import Proposal
from proposalkit.core.program import Program

if TYPE_CHECKING:
    from proposalkit.core.limits import ShareFigures

Level = Literal["ok", "near", "over"]
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
    limit = caps.funder_share_max
    # The funder's share over the base its rule names (eligible costs, without in-kind…).
    funder_share = None if proposal is None else next(
        (f for f in share_figures_of(program, proposal, summary, translator("en"))
         if f.is_funder_share), None)
    out: list[tuple[Gauge, Gauge | None]] = []
    for year in range(summary.years):
        asked = summary.funder_by_year[year]
        cap = caps.funder_per_year[year]
        ratio = summary.share_ratio(year) if funder_share is None else funder_share.ratio(year)
        share = None if ratio is None else Gauge(ratio, limit, _level(ratio, limit))
        out.append((Gauge(asked, cap, _level(asked, cap)), share))
    return out


def share_gauges(figures: ShareFigures) -> list[Gauge | None]:
    """Per year, a share rule's share against its limit (None for a year without costs);
    for a minimum share, "over" means below the minimum and "near" just above it."""
    out: list[Gauge | None] = []
    for year in range(len(figures.costs)):
        ratio = figures.ratio(year)
        if ratio is None:
            out.append(None)
        elif figures.bound == "max":
            out.append(Gauge(ratio, figures.limit, _level(ratio, figures.limit)))
        else:
            level: Level = ("over" if ratio < figures.limit else
                            "near" if ratio < figures.limit / NEAR else "ok")
            out.append(Gauge(ratio, figures.limit, level))
    return out
