"""The guided path through a proposal, as data the GUI adapts (no Qt).

* Locations: :func:`get_at` / :func:`set_at` read and write one value of a proposal by
  the location tuples that validation findings carry (``("budget", "expenses", 2,
  "amounts", 1)``), so edits, undo and "jump to the field" share one addressing scheme.
* Steps live in :mod:`proposalkit.core.steps` (the one table of steps).
* Gauges: per year, the funder's contribution against its cap and its share against the
  maximum, with a level (ok, near, over) that the GUI paints as a colour.
* Pasted blocks: :func:`parse_block` splits what a spreadsheet puts on the clipboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from proposalkit.core.budget import BudgetSummary
from proposalkit.core.model import Proposal
from proposalkit.core.program import Program
from proposalkit.core.validation import Location

if TYPE_CHECKING:
    from proposalkit.core.limits import ShareFigures

# -- locations --------------------------------------------------------------------------


def get_at(root: object, location: Location) -> object:
    """The value at ``location`` inside ``root`` (attributes, list indexes, dict keys)."""
    obj = root
    for part in location:
        if isinstance(obj, dict):
            obj = obj.get(part, "")
        elif isinstance(part, int):
            obj = obj[part]  # type: ignore[index]
        else:
            obj = getattr(obj, part)
    return obj


def set_at(root: object, location: Location, value: object) -> None:
    """Replace the value at ``location`` inside ``root``.

    Attribute assignment goes through pydantic's validation (the model validates
    assignments); list items and dict values are stored as given.
    """
    if not location:
        raise ValueError("an empty location names the whole proposal")
    parent = get_at(root, location[:-1])
    last = location[-1]
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(last, int):
        parent[last] = value  # type: ignore[index]
    elif isinstance(parent, BaseModel):
        setattr(parent, last, value)
    else:
        raise TypeError(f"cannot set {last!r} on {type(parent).__name__}")


# -- words ------------------------------------------------------------------------------


def words_in(text: str) -> int:
    """Words as the validation counts them (runs holding a letter or a digit: « », — and
    : alone are not words)."""
    from proposalkit.core.checks_dossier import count_words

    return count_words(text)


# -- gauges -----------------------------------------------------------------------------

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
    one item per partner (its letter of support). ``required`` is what the rules require
    of this proposal (its applicant, the amount it requests)."""
    from proposalkit.core.budget import summarize
    from proposalkit.core.checks_dossier import required_attachments

    required = required_attachments(program, proposal, summarize(program, proposal).funder_total)
    present = {a.kind for a in proposal.attachments if a.reference}
    items: list[ChecklistItem] = []
    for kind in program.attachments:
        if kind.per_partner:
            for index, partner in enumerate(proposal.partners):
                name = partner.name or tr.gettext("Partner {n}").format(n=index + 1)
                attached = proposal.attachment(partner.letter_attachment_id) is not None
                items.append(ChecklistItem(kind.id, f"{kind.label(tr)} — {name}", partner.id,
                                           attached, kind.id in required))
        else:
            items.append(ChecklistItem(kind.id, kind.label(tr), None, kind.id in present,
                                       kind.id in required))
    return items
