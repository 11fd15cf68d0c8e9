"""The table of steps and the status each step derives from the rules (no Qt)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from proposalkit.core.locations import Area, Where
from proposalkit.core.model import CommitteeMember, ExpenseLine, empty_proposal
from proposalkit.core.steps import STEP_KINDS, step_for, step_ids, step_statuses, steps
from proposalkit.core.validation import validate
from proposalkit.i18n import translator

BEFORE = date(2018, 3, 1)


def statuses(program, proposal):
    return step_statuses(program, proposal, validate(program, proposal, today=BEFORE))


def test_steps_follow_the_table_with_one_step_per_section(pri):
    ids = step_ids(pri)
    sections = [f"section:{s.id}" for s in pri.sections]
    fixed = [k.key for k in STEP_KINDS if not k.per_section]
    assert [i for i in ids if not i.startswith("section:")] == fixed
    assert [i for i in ids if i.startswith("section:")] == sections
    # Every step has a title in both languages (its page: tests/gui/test_page_registry.py).
    for lang in ("fr", "en"):
        titles = [s.title(pri, translator(lang)) for s in steps(pri)]
        assert all(titles) and len(set(titles)) == len(titles)


def test_every_finding_of_a_blank_proposal_belongs_to_a_step(pri):
    findings = validate(pri, empty_proposal(pri), today=BEFORE)
    ids = set(step_ids(pri))
    assert findings and all(step_for(f.location) in ids for f in findings)


def test_locations_that_are_not_fields_go_to_their_steps():
    assert step_for(("partners", 1, "letter")) == "attachments"
    assert step_for(("partners", 1, "name")) == "territory"
    assert step_for(("program",)) == "review"
    assert step_for(("budget", "revenues", 0, "amounts", 2)) == "revenues"
    assert step_for(("budget", "start_date")) == "expenses"
    assert step_for(("sections", "needs")) == "section:needs"
    assert not Where(("program",)).is_field and not Where(("partners", 0, "letter")).is_field
    assert Where(("partners", 0, "letter")).area == Area.PARTNER_LETTER


def test_a_blank_proposal_has_nothing_complete(pri):
    status = statuses(pri, empty_proposal(pri))
    assert set(status) == {s.id for s in steps(pri) if s.kind.has_status}
    # Governance has no rule demanding it, revenues none either while empty: neither is
    # "complete" before anything is typed.
    assert status["governance"] == "not_started"
    assert status["revenues"] == "not_started"
    assert status["review"] == "not_started"
    assert "complete" not in status.values()


def test_status_moves_from_not_started_to_in_progress_to_complete(pri, example):
    proposal = empty_proposal(pri)
    proposal.applicant.legal_name = "Pôle"
    assert statuses(pri, proposal)["applicant"] == "in_progress"
    proposal.governance.members.append(CommitteeMember(name="A"))
    assert statuses(pri, proposal)["governance"] == "complete"
    status = statuses(pri, example)
    assert set(status.values()) == {"complete"}


def test_a_wrong_value_is_an_error_even_on_a_started_step(pri, example):
    example.applicant.address.postal_code = "123"
    assert statuses(pri, example)["applicant"] == "errors"
    assert statuses(pri, example)["review"] == "in_progress"
    example.budget.expenses.append(ExpenseLine(category="salaries",
                                               amounts=[Decimal(1)] * pri.years))
    status = statuses(pri, example)
    assert status["expenses"] == "errors" or status["revenues"] == "errors"


def test_where_answers_what_views_ask():
    where = Where(("budget", "expenses", 2, "amounts", 1))
    assert where == ("budget", "expenses", 2, "amounts", 1)  # still the finding's tuple
    assert hash(where) == hash(("budget", "expenses", 2, "amounts", 1))
    assert where.within(("budget", "expenses")) and not where.within(("budget", "revenues"))
    assert where.overlaps(("budget",)) and Where(("budget",)).overlaps(where)
    assert not where.overlaps(("budget", "revenues"))
    assert where.below(("budget", "expenses")) == (2, "amounts", 1)
    assert Where(("partners", 3, "name")).partner == 3
    assert Where(("sections", "needs")).section == "needs"
    assert Where(where) is where


def test_deadline_counts_down_then_says_the_call_is_closed(pri):
    from proposalkit.core.overview import deadline

    fr = translator("fr")
    assert deadline(pri, date(2018, 4, 2), fr).text.endswith("il reste 28 jours.")
    assert deadline(pri, date(2018, 4, 29), fr).days_left == 1
    assert "aujourd’hui" in deadline(pri, date(2018, 4, 30), fr).text
    closed = deadline(pri, date(2018, 5, 1), translator("en"))
    assert closed.closed and closed.text.startswith("This call is closed")


def test_overview_figures_are_the_summary_s(pri, example):
    from proposalkit.core.budget import summarize
    from proposalkit.core.overview import budget_figures, next_things

    summary = summarize(pri, example)
    figures = budget_figures(pri, summary, translator("en"))
    assert [sum(s.values[y] for s in figures.revenues) for y in range(pri.years)] == \
        summary.revenues_by_year
    assert figures.asked == summary.funder_by_year
    assert figures.share == [summary.share_ratio(y) for y in range(pri.years)]
    blank = empty_proposal(pri)
    things = next_things(pri, blank, validate(pri, blank, today=BEFORE))
    assert 0 < len(things) <= 8
    # What is wrong comes before what is only missing.
    steps_of = [step_for(f.location) for f in things]
    assert steps_of[0] == "expenses" or steps_of[0] == "applicant"
