"""What changed between two states of a proposal, told the way a reader checks it:
budget lines and their amounts per year with the effect on the totals, partners added or
removed (and their contributions), sections with the words added and removed, findings
that appeared or disappeared, and every other field changed. No Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from proposalkit.core.budget import summarize
from proposalkit.core.describe import describe_change, describe_path, format_value
from proposalkit.core.merge import changes, words_changed
from proposalkit.core.model import Proposal
from proposalkit.core.money import format_money
from proposalkit.core.program import Program
from proposalkit.core.validation import Finding, format_location, validate
from proposalkit.i18n import Translator


@dataclass(frozen=True)
class AmountChange:
    """One amount of one project year, before and after."""

    year: int
    before: Decimal
    after: Decimal


@dataclass
class LineChange:
    """A budget line (or a partner's contribution) added, removed or changed."""

    kind: str  # "expense", "revenue", "partner_cash", "partner_in_kind"
    id: str
    label: str
    status: str  # "added", "removed", "changed"
    amounts: list[AmountChange] = field(default_factory=list)


@dataclass
class SectionChange:
    """Words added and removed in one narrative section."""

    id: str
    title: str
    added: int
    removed: int


@dataclass
class ProposalDiff:
    """The differences from ``before`` to ``after``."""

    lines: list[LineChange] = field(default_factory=list)
    #: (label, amounts per year and the total) of the budget's totals that moved.
    totals: list[tuple[str, list[AmountChange], AmountChange]] = field(default_factory=list)
    partners_added: list[str] = field(default_factory=list)
    partners_removed: list[str] = field(default_factory=list)
    sections: list[SectionChange] = field(default_factory=list)
    findings_appeared: list[Finding] = field(default_factory=list)
    findings_disappeared: list[Finding] = field(default_factory=list)
    #: Other fields, as (where in words, before, after) already formatted.
    fields: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not (self.lines or self.partners_added or self.partners_removed
                    or self.sections or self.findings_appeared or self.findings_disappeared
                    or self.fields)

    def as_dict(self) -> dict:
        """JSON-ready data (amounts as strings)."""
        def amounts(items: list[AmountChange]) -> list[dict]:
            return [{"year": a.year + 1, "before": str(a.before), "after": str(a.after)}
                    for a in items]
        return {
            "budget_lines": [{"kind": c.kind, "id": c.id, "label": c.label,
                              "status": c.status, "amounts": amounts(c.amounts)}
                             for c in self.lines],
            "totals": [{"label": label, "years": amounts(years),
                        "total": amounts([total])[0]} for label, years, total in self.totals],
            "partners_added": self.partners_added,
            "partners_removed": self.partners_removed,
            "sections": [{"id": s.id, "title": s.title, "words_added": s.added,
                          "words_removed": s.removed} for s in self.sections],
            "findings_appeared": [f.as_dict() for f in self.findings_appeared],
            "findings_disappeared": [f.as_dict() for f in self.findings_disappeared],
            "fields": [{"field": w, "before": b, "after": a} for w, b, a in self.fields],
        }


def _amounts(values: object, years: int) -> list[Decimal]:
    items = [Decimal(v) for v in values] if isinstance(values, list) else []
    return (items + [Decimal(0)] * years)[:max(years, len(items))]


def _year_changes(before: object, after: object, years: int) -> list[AmountChange]:
    old, new = _amounts(before, years), _amounts(after, years)
    length = max(len(old), len(new))
    old += [Decimal(0)] * (length - len(old))
    new += [Decimal(0)] * (length - len(new))
    return [AmountChange(y, o, n) for y, (o, n) in enumerate(zip(old, new, strict=True))
            if o != n]


_LINE_LISTS = {("budget", "expenses"): "expense", ("budget", "revenues"): "revenue"}


def diff_proposals(program: Program, before: Proposal, after: Proposal, tr: Translator,
                   today: date | None = None) -> ProposalDiff:
    """The differences from ``before`` to ``after`` (findings as of ``today``)."""
    years = program.years
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    result = ProposalDiff()
    handled: set[tuple[str, ...]] = set()
    for change in changes(old, new):
        path = change.path
        if path[:2] in _LINE_LISTS and len(path) >= 3:
            handled.add(path[:3])
        elif path[0] == "partners" and len(path) >= 2:
            handled.add(path[:2])
        elif path[0] == "sections" and len(path) == 2:
            handled.add(path)
        elif path != ("metadata", "modified"):
            result.fields.append((describe_path(path, tr, new, old),
                                  format_value(change.base, tr, path),
                                  format_value(change.value, tr, path)))
    for path in sorted(handled):
        if path[0] == "sections":
            section = program.section(path[1])
            added, removed = words_changed(before.sections.get(path[1], ""),
                                           after.sections.get(path[1], ""))
            result.sections.append(SectionChange(path[1], section.title(tr) if section
                                                 else path[1], added, removed))
        elif path[0] == "partners":
            _partner(result, path[1], before, after, years, tr)
        else:
            _line(result, path, old, new, years, tr)
    _totals(result, program, before, after, tr)
    _findings(result, program, before, after, tr, today)
    return result


def _find(data: dict, path: tuple[str, ...]) -> dict | None:
    records = data[path[0]][path[1]]
    return next((r for r in records if r.get("id") == path[2]), None)


def _line(result: ProposalDiff, path: tuple[str, ...], old: dict, new: dict, years: int,
          tr: Translator) -> None:
    was, now = _find(old, path), _find(new, path)
    status = "added" if was is None else "removed" if now is None else "changed"
    label = describe_path(path, tr, new, old).split(" › ")[-1]
    result.lines.append(LineChange(_LINE_LISTS[(path[0], path[1])], path[2], label, status,
                                   _year_changes((was or {}).get("amounts"),
                                                 (now or {}).get("amounts"), years)))
    for change in changes(was or {}, now or {}):
        if status == "changed" and change.path != ("amounts",):
            result.fields.append((describe_path(path + change.path, tr, new, old),
                                  format_value(change.base, tr), format_value(change.value, tr)))


def _partner(result: ProposalDiff, partner_id: str, before: Proposal, after: Proposal,
             years: int, tr: Translator) -> None:
    was, now = before.partner(partner_id), after.partner(partner_id)
    if was is None and now is not None:
        result.partners_added.append(now.name or partner_id)
    elif now is None and was is not None:
        result.partners_removed.append(was.name or partner_id)
    name = (now or was).name or partner_id  # type: ignore[union-attr]
    for nature in ("cash", "in_kind"):
        moved = _year_changes([str(v) for v in getattr(was, nature, [])] if was else [],
                              [str(v) for v in getattr(now, nature, [])] if now else [], years)
        if moved:
            status = "added" if was is None else "removed" if now is None else "changed"
            result.lines.append(LineChange(f"partner_{nature}", partner_id, name, status, moved))
    if was is not None and now is not None:
        for change in changes(was.model_dump(mode="json"), now.model_dump(mode="json")):
            if change.path[0] not in ("cash", "in_kind"):
                result.fields.append((describe_path(("partners", partner_id) + change.path, tr,
                                                    after.model_dump(mode="json")),
                                      format_value(change.base, tr),
                                      format_value(change.value, tr)))


def _totals(result: ProposalDiff, program: Program, before: Proposal, after: Proposal,
            tr: Translator) -> None:
    old, new = summarize(program, before), summarize(program, after)
    for label, a, b in ((tr.gettext("Total expenses"), old.expenses_by_year,
                         new.expenses_by_year),
                        (tr.gettext("Total revenues"), old.revenues_by_year,
                         new.revenues_by_year),
                        (tr.gettext("Requested from the funder"), old.funder_by_year,
                         new.funder_by_year)):
        moved = _year_changes([str(v) for v in a], [str(v) for v in b], program.years)
        if moved:
            result.totals.append((label, moved, AmountChange(-1, sum(a, Decimal(0)),
                                                             sum(b, Decimal(0)))))


def _findings(result: ProposalDiff, program: Program, before: Proposal, after: Proposal,
              tr: Translator, today: date | None) -> None:
    today = today or date.today()
    old = validate(program, before, today=today, lang=tr.lang)
    new = validate(program, after, today=today, lang=tr.lang)
    old_keys = {(f.code, f.location, f.message) for f in old}
    new_keys = {(f.code, f.location, f.message) for f in new}
    result.findings_appeared = [f for f in new if (f.code, f.location, f.message) not in old_keys]
    result.findings_disappeared = [f for f in old
                                   if (f.code, f.location, f.message) not in new_keys]


def findings_appeared(program: Program, before: Proposal, after: Proposal, tr: Translator,
                      today: date | None = None) -> list[Finding]:
    """The findings about ``after`` that ``before`` did not have (what a change breaks)."""
    result = ProposalDiff()
    _findings(result, program, before, after, tr, today)
    return result.findings_appeared


def format_diff(diff: ProposalDiff, tr: Translator) -> list[str]:
    """The diff as readable lines in ``tr``'s language."""
    _ = tr.gettext
    money = lambda v: format_money(v, tr.lang)  # noqa: E731
    if diff.empty:
        return [_("No differences.")]
    lines: list[str] = []
    statuses = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
    kinds = {"expense": _("Expense"), "revenue": _("Revenue"),
             "partner_cash": _("Partner cash"), "partner_in_kind": _("Partner in kind")}
    for change in diff.lines:
        lines.append(f"{kinds[change.kind]} — {change.label} ({statuses[change.status]})")
        for amount in change.amounts:
            lines.append("  " + _("year {n}: {before} → {after}").format(
                n=amount.year + 1, before=money(amount.before), after=money(amount.after)))
    for label, years, total in diff.totals:
        moved = "; ".join(_("year {n}: {before} → {after}").format(
            n=a.year + 1, before=money(a.before), after=money(a.after)) for a in years)
        lines.append(_("{label}: {before} → {after} ({years})").format(
            label=label, before=money(total.before), after=money(total.after), years=moved))
    for name in diff.partners_added:
        lines.append(_("Partner added: {name}").format(name=name))
    for name in diff.partners_removed:
        lines.append(_("Partner removed: {name}").format(name=name))
    for section in diff.sections:
        lines.append(_("Section {title}: {added} words added, {removed} removed").format(
            title=section.title, added=section.added, removed=section.removed))
    for where, before, after in diff.fields:
        lines.append(describe_change(where, before, after, tr))
    for finding in diff.findings_appeared:
        lines.append(_("New finding: {message} ({where})").format(
            message=finding.message, where=format_location(finding.location)))
    for finding in diff.findings_disappeared:
        lines.append(_("Finding gone: {message} ({where})").format(
            message=finding.message, where=format_location(finding.location)))
    return lines

