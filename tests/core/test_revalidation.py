"""Validation after an edit re-runs only the rules the edit may change (the rules of
kinds that say what they read, core.validation.READS), and finds exactly what a full
validation finds: after each edit of every part a rule reads, undone and redone, in both
languages; the rules kept are the ones no edit touched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from proposalkit.core import edits, validation
from proposalkit.core.budget import summarize
from proposalkit.core.example import example_proposal
from proposalkit.core.model import Attachment, ExpenseLine, RevenueLine
from proposalkit.core.program import default_catalog
from proposalkit.core.validation import READS, Revalidation, validate

TODAY = date(2018, 4, 2)


def _proposal():
    """The example with revenue lines in every state (findings from both funding rules)
    and an expense above the justification threshold without one."""
    proposal = example_proposal()
    for line in proposal.budget.revenues[:3]:
        line.status, line.status_date, line.evidence_id = "", None, None
    proposal.budget.revenues[3].status = "confirmed"
    proposal.budget.expenses[0].justification = ""
    # A partner's line confirmed on the partner's letter alone, the letter not attached.
    partner = proposal.partners[0]
    line = next(line for line in proposal.budget.revenues if line.partner_id == partner.id)
    line.status, line.evidence_id = "confirmed", None
    partner.letter_attachment_id = None
    return proposal


def _edits(proposal):
    """One edit of each part the financing rules read, and of parts they do not."""
    revenue = ("budget", "revenues")
    return [
        edits.set_value(("budget", "expenses", 1, "amounts", 0), Decimal(1_000_000)),
        edits.set_value(("budget", "expenses", 0, "justification"), "2 × 100 000 $"),
        edits.set_value(("budget", "expenses", 0, "justification"), ""),
        edits.set_value(("sections", "context"), "Un autre contexte."),
        edits.set_value(revenue + (0, "amounts", 1), Decimal(0)),
        edits.set_value(revenue + (1, "status"), "confirmed"),
        edits.set_value(revenue + (1, "status_date"), date(2018, 3, 1)),
        edits.set_value(revenue + (2, "description"), "  Une   MRC\n"),
        edits.set_value(revenue + (2, "source"), "elsewhere"),
        edits.InsertLine(revenue, 0, RevenueLine(source="private", amounts=[Decimal(5)])),
        edits.InsertLine(("budget", "expenses"), 0,
                         ExpenseLine(category="salaries", amounts=[Decimal(90_000)])),
        edits.set_value(revenue + (1, "evidence_id"), proposal.attachments[0].id),
        edits.set_value(("partners", 0, "letter_attachment_id"),
                        next(a.id for a in proposal.attachments if a.reference)),
        edits.RemoveLine(("attachments",), 0),
        edits.InsertLine(("attachments",), 0, Attachment(id="a-new", title="Lettre")),
        edits.set_value(("partners", 0, "letter_attachment_id"), None),
        edits.set_value(("partners", 0, "cash", 1), Decimal(12_345)),
        edits.set_value(("partners", 0, "name"), "Autre partenaire"),
        edits.set_value(("applicant", "legal_form"), "coop"),
        edits.set_value(("territory",), "Mauricie"),
        edits.set_value(("budget",), proposal.budget.model_copy(deep=True)),
    ]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_after_each_edit_the_findings_of_a_full_validation(lang):
    proposal = _proposal()
    program = default_catalog().get(proposal.program_id)
    again = Revalidation()
    assert again.run(program, proposal, TODAY, lang, summarize(program, proposal), None) \
        == validate(program, proposal, TODAY, lang)
    undo = []
    for edit in _edits(proposal):
        inverse, changes = edit.apply(proposal)
        undo.append(inverse)
        found = again.run(program, proposal, TODAY, lang, summarize(program, proposal),
                          changes.places)
        assert found == validate(program, proposal, TODAY, lang), edit
    for inverse in reversed(undo):
        _, changes = inverse.apply(proposal)
        found = again.run(program, proposal, TODAY, lang, summarize(program, proposal),
                          changes.places)
        assert found == validate(program, proposal, TODAY, lang), inverse
    assert found == validate(program, _proposal(), TODAY, lang)


def test_only_the_rules_no_edit_touched_are_kept(monkeypatch):
    proposal = _proposal()
    program = default_catalog().get(proposal.program_id)
    ran: list[str] = []
    checkers = dict(validation._CHECKERS)

    def counting(kind):
        def run(ctx, rule):
            ran.append(kind)
            return checkers[kind](ctx, rule)
        return run

    for kind in checkers:
        monkeypatch.setitem(validation._CHECKERS, kind, counting(kind))
    again = Revalidation()
    summary = summarize(program, proposal)
    again.run(program, proposal, TODAY, "fr", summary, None)
    kinds = [rule.kind for rule in program.rules]
    assert ran == kinds and set(READS) <= set(kinds)
    # An expense's amount: the funding rules keep their findings, the others run.
    ran.clear()
    _, changes = edits.set_value(("budget", "expenses", 1, "amounts", 0),
                                 Decimal(7)).apply(proposal)
    again.run(program, proposal, TODAY, "fr", summarize(program, proposal), changes.places)
    assert ran == [k for k in kinds if k not in ("funding_status", "funding_confirmed",
                                                 "partner_contributions_in_revenues")]
    # A revenue's status: the justifications are kept.
    ran.clear()
    _, changes = edits.set_value(("budget", "revenues", 0, "status"),
                                 "requested").apply(proposal)
    again.run(program, proposal, TODAY, "fr", summarize(program, proposal), changes.places)
    assert ran == [k for k in kinds if k != "justification_required"]
    # Who applies (a rule's source may depend on it), another language, another day, or
    # no places given: every rule runs.
    for lang, today, places in (("fr", TODAY, {("applicant", "legal_form")}),
                                ("en", TODAY, set()), ("en", date(2018, 4, 3), set()),
                                ("en", date(2018, 4, 3), None)):
        ran.clear()
        again.run(program, proposal, today, lang, summarize(program, proposal), places)
        assert ran == kinds, (lang, today, places)
    assert set(READS) <= set(validation.KNOWN_KINDS)
