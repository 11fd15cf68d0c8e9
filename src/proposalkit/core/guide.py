"""The guided path through a proposal, as data the GUI adapts (no Qt).

* Steps live in :mod:`proposalkit.core.steps` (the one table of steps).
* Gauges: per year, the funder's contribution against its cap and its share against the
  maximum, with a level (ok, near, over) that the GUI paints as a colour.
* Pasted blocks: :func:`parse_block` splits what a spreadsheet puts on the clipboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from proposalkit.core.budget import BudgetSummary
from proposalkit.core.model import Proposal
from proposalkit.core.program import Program

if TYPE_CHECKING:
    from proposalkit.core.limits import ShareFigures

# -- gauges -----------------------------------------------------------------------------

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


# -- pasted blocks ----------------------------------------------------------------------


def parse_block(text: str) -> list[list[str]]:
    """Rows of cells from a block copied out of a spreadsheet (tab separated lines).

    A trailing newline does not make an empty last row; cells keep their text as is
    (amounts are parsed by the caller with the user's language).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return [line.split("\t") for line in text.split("\n")]


# -- attachments checklist --------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """One document the call asks for, and whether the proposal holds it."""

    kind: str
    label: str
    partner_id: str | None
    attached: bool
    required: bool


def checklist(program: Program, proposal: Proposal, tr) -> list[ChecklistItem]:  # noqa: ANN001
    """The documents the call asks for, in the program's order; a per-partner kind gives
    one item per partner (its letter of support)."""
    present = {a.kind for a in proposal.attachments if a.reference}
    items: list[ChecklistItem] = []
    for kind in program.attachments:
        if kind.per_partner:
            for index, partner in enumerate(proposal.partners):
                name = partner.name or tr.gettext("Partner {n}").format(n=index + 1)
                attached = proposal.attachment(partner.letter_attachment_id) is not None
                items.append(ChecklistItem(kind.id, f"{kind.label(tr)} — {name}", partner.id,
                                           attached, kind.required))
        else:
            items.append(ChecklistItem(kind.id, kind.label(tr), None, kind.id in present,
                                       kind.required))
    return items
