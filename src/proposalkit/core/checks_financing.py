"""Checkers of the financing plan and of the expense lines' justifications: where each
source of the revenues stands (and the document that shows it), and how each amount above
the call's threshold was reached."""

from __future__ import annotations

from collections.abc import Iterator

from proposalkit.core.budget import ZERO, year_amounts
from proposalkit.core.check_base import Context, Location, checker
from proposalkit.core.financing import status_label
from proposalkit.core.model import RevenueLine
from proposalkit.core.rules import FundingConfirmed, FundingStatus, JustificationRequired

Found = Iterator[tuple[Location, str]]


def _where(index: int, field: str) -> Location:
    return ("budget", "revenues", index, field)


def _line_names(ctx: Context) -> dict[int, str]:
    """``revenue line 3 (Federal government — DEC)`` for each revenue line with money:
    the line by number, source and description, as the revenues table shows it."""
    labels: dict[str, str] = {}  # a source's label, looked up once per source
    numbered = ctx.tr.gettext("Revenue line {n}")
    names = {}
    for index, line in _with_money(ctx):
        if line.source and line.source not in labels:
            labels[line.source] = ctx.program.label("revenue_sources", line.source, ctx.tr)
        label = labels[line.source] if line.source else ""
        what = " — ".join(p for p in (label, " ".join(line.description.split())[:80]) if p)
        text = numbered.format(n=index + 1)
        names[index] = f"{text} ({what})" if what else text
    return names


def _with_money(ctx: Context) -> list[tuple[int, RevenueLine]]:
    """The revenue lines with money (a line of zeros is not a source yet: nothing to say
    about where it stands); walked once per run, both rules of this kind read them."""
    def walk() -> list[tuple[int, RevenueLine]]:
        years = ctx.summary.years
        return [(index, line) for index, line in enumerate(ctx.proposal.budget.revenues)
                if sum(year_amounts(line.amounts, years), ZERO) != 0]
    return ctx.once("revenue lines with money", walk)


def _named(ctx: Context) -> Iterator[tuple[int, RevenueLine, str]]:
    names = ctx.once("revenue line names", lambda: _line_names(ctx))
    for index, line in _with_money(ctx):
        yield index, line, names[index]


@checker("funding_status")
def _status(ctx: Context, rule: FundingStatus) -> Found:
    tr = ctx.tr
    funder = ctx.program.funder_source.id
    attached = {a.id for a in ctx.proposal.attachments}
    for index, line, name in _named(ctx):
        if not line.status:
            yield _where(index, "status"), tr.gettext(
                "{line}: say where this source stands (confirmed, requested or to be "
                "requested).").format(line=name)
            continue
        if line.status == "confirmed" and line.status_date is None:
            yield _where(index, "status_date"), tr.gettext(
                "{line} is confirmed: give the date of the letter or agreement that confirms "
                "it.").format(line=name)
        if line.evidence_id and line.evidence_id not in attached:
            yield _where(index, "evidence_id"), tr.gettext(
                "{line}: the document chosen to show its status is no longer attached."
            ).format(line=name)
        if not rule.only_funder_requested:
            continue
        if line.source == funder and line.status != "requested":
            yield _where(index, "status"), tr.gettext(
                "{line} is the request this application makes to {funder}: its status is "
                "“{requested}”, not “{status}”.").format(
                line=name, funder=ctx.program.funder_name(tr),
                requested=status_label("requested", tr), status=status_label(line.status, tr))
        elif line.source != funder and line.status == "requested":
            yield _where(index, "status"), tr.gettext(
                "{line} is marked “{requested}”: the call allows only the request to {funder} "
                "to be pending; every other source is confirmed or still to be requested."
            ).format(line=name, requested=status_label("requested", tr),
                     funder=ctx.program.funder_name(tr))


@checker("funding_confirmed")
def _confirmed(ctx: Context, rule: FundingConfirmed) -> Found:
    tr = ctx.tr
    funder = ctx.program.funder_source.id
    proposal = ctx.proposal
    attached = {a.id for a in proposal.attachments if a.reference}
    partners = proposal.partners_by_id()
    for index, line, name in _named(ctx):
        if line.source == funder:
            continue
        if line.status != "confirmed":
            yield _where(index, "status"), tr.gettext(
                "{line} is not confirmed yet ({status}): a final dossier shows each source "
                "other than {funder} confirmed.").format(
                line=name, status=status_label(line.status, tr).lower(),
                funder=ctx.program.funder_name(tr))
            continue
        partner = partners.get(line.partner_id) if line.partner_id is not None else None
        letter = partner.letter_attachment_id if partner is not None else None
        if line.evidence_id in attached or letter in attached:
            continue
        yield _where(index, "evidence_id"), tr.gettext(
            "{line} is confirmed, but no attached document shows it: attach the letter or "
            "agreement and choose it as the line's evidence.").format(line=name)


@checker("justification_required")
def _justification(ctx: Context, rule: JustificationRequired) -> Found:
    tr = ctx.tr
    wanted = set(rule.categories)
    years = ctx.summary.years
    for index, line in enumerate(ctx.proposal.budget.expenses):
        if wanted and line.category not in wanted:
            continue
        if line.justification.strip():
            continue
        total = sum(year_amounts(line.amounts, years), ZERO)
        if total <= rule.above:
            continue
        item = " ".join(line.description.split())[:80] or tr.gettext(
            "Expense line {n}").format(n=index + 1)
        if rule.above > 0:
            text = tr.gettext("Justify “{item}” ({amount}): the call asks how each expense "
                              "above {above} was computed.").format(
                item=item, amount=ctx.money(total), above=ctx.money(rule.above))
        else:
            text = tr.gettext("Justify “{item}” ({amount}): the call asks how each expense "
                              "was computed.").format(item=item, amount=ctx.money(total))
        yield ("budget", "expenses", index, "justification"), text
