"""The action plan's and the indicators' checks (``action_plan`` and ``indicators`` rule
kinds) at, under and over each limit, in both languages, on the shipped example."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from proposalkit.core.model import LEAD, Activity, Indicator
from proposalkit.core.plan import (
    by_axis,
    month_index,
    project_period,
    responsible_name,
    timeline_periods,
)
from proposalkit.core.validation import validate
from proposalkit.i18n import translator

BEFORE = date(2018, 3, 1)
D = Decimal


def found(pri, proposal, code, lang="fr"):
    return [f for f in validate(pri, proposal, today=BEFORE, lang=lang) if f.code == code]


def test_the_example_plan_is_clean(pri, example):
    assert pri.parts.action_plan and pri.parts.indicators
    assert found(pri, example, "PRI-PLAN") == []
    assert found(pri, example, "PRI-INDICATORS") == []
    # Every axis of the call is served, every activity inside July 2018 - June 2022.
    assert {a.axis for a in example.activities} == {a.id for a in pri.axes}
    assert project_period(pri, example) == (month_index("2018-07"), month_index("2022-06"))


@pytest.mark.parametrize(("end", "flagged"), [("2022-05", False), ("2022-06", False),
                                               ("2022-07", True)])
def test_activity_ends_at_under_and_over_the_project_end(pri, example, end, flagged):
    example.activities[0].end = end
    findings = found(pri, example, "PRI-PLAN")
    assert bool(findings) is flagged
    if flagged:
        assert findings[0].location == ("activities", 0, "end")
        assert "juill.\u00a02022" in findings[0].message and "juin\u00a02022" in findings[0].message


@pytest.mark.parametrize(("start", "flagged"), [("2018-06", True), ("2018-07", False),
                                                 ("2018-08", False)])
def test_activity_starts_before_at_and_after_the_project_start(pri, example, start, flagged):
    example.activities[0].start = start
    findings = found(pri, example, "PRI-PLAN", lang="en")
    assert bool(findings) is flagged
    if flagged:
        assert findings[0].location == ("activities", 0, "start")
        message = findings[0].message
        assert "Jun\u00a02018" in message and "before the project" in message


def test_an_end_date_replaces_the_programs_years(pri, example):
    example.budget.end_date = date(2021, 12, 31)
    findings = found(pri, example, "PRI-PLAN")
    # Every activity running into 2022 is now after the project's end.
    late = [a for a in example.activities if a.end > "2021-12"]
    assert late and len(findings) == len(late)
    assert all(f.location[-1] == "end" for f in findings)


def test_no_responsible_and_a_partner_gone(pri, example):
    example.activities[1].responsible = ""
    example.activities[2].responsible = "not-a-partner"
    findings = found(pri, example, "PRI-PLAN", lang="en")
    assert [f.location for f in findings] == [("activities", 1, "responsible"),
                                             ("activities", 2, "responsible")]
    assert "Name who carries" in findings[0].message
    assert "no longer in the proposal" in findings[1].message


def test_each_axis_covered(pri, example):
    example.activities = [a for a in example.activities if a.axis != "alliances"]
    findings = found(pri, example, "PRI-PLAN")
    assert [f.location for f in findings] == [("activities",)]
    assert "Collaborer avec les autres pôles" in findings[0].message


def test_missing_months_title_axis_and_reversed_span(pri, example):
    example.activities.append(Activity())
    example.activities[0].start, example.activities[0].end = "2020-05", "2020-04"
    findings = found(pri, example, "PRI-PLAN", lang="en")
    where = [f.location for f in findings]
    assert ("activities", 0, "end") in where
    assert "ends (Apr\u00a02020) before it starts (May\u00a02020)" in findings[where.index(
        ("activities", 0, "end"))].message
    last = len(example.activities) - 1
    for field in ("title", "responsible", "axis", "start", "end"):
        assert ("activities", last, field) in where


def test_an_empty_plan_is_missing(pri, example):
    example.activities = []
    findings = found(pri, example, "PRI-PLAN", lang="en")
    assert [f.location for f in findings] == [("activities",)]
    assert "has 0 activities" in findings[0].message


@pytest.mark.parametrize(("targets", "flagged"), [
    (["1", "2", "3", "4"], False),
    (["0", "0", "0", "1"], False),
    (["0", "0", "0", "0"], True),
    (["1", "2", "3"], True),
    (["1", None, "3", "4"], True),
])
def test_a_target_per_year_not_all_zero(pri, example, targets, flagged):
    example.indicators[0].targets = [None if t is None else D(t) for t in targets]
    findings = found(pri, example, "PRI-INDICATORS", lang="en")
    assert bool(findings) is flagged
    if flagged:
        assert findings[0].location == ("indicators", 0, "targets")


def test_missing_target_years_are_named(pri, example):
    example.indicators[0].targets = [D(1), None, D(3)]
    (finding,) = found(pri, example, "PRI-INDICATORS")
    assert "année 2, année 4" in finding.message


def test_indicator_name_unit_and_count(pri, example):
    example.indicators.append(Indicator(targets=[D(1)] * 4))
    findings = found(pri, example, "PRI-INDICATORS", lang="en")
    last = len(example.indicators) - 1
    assert [f.location for f in findings] == [("indicators", last, "name"),
                                             ("indicators", last, "unit")]
    example.indicators = []
    (finding,) = found(pri, example, "PRI-INDICATORS", lang="en")
    assert finding.location == ("indicators",) and "at least 1" in finding.message


def test_a_call_without_the_parts_checks_nothing(pri, example):
    bare = pri.model_copy(update={"parts": pri.parts.model_copy(
        update={"action_plan": False, "indicators": False})})
    example.activities, example.indicators = [], []
    assert not [f for f in validate(bare, example, today=BEFORE)
                if f.code in ("PRI-PLAN", "PRI-INDICATORS")]


def test_grouping_names_and_periods(pri, example):
    tr = translator("fr")
    groups = by_axis(pri, example.activities)
    assert [axis for axis, _ in groups] == [a.id for a in pri.axes]
    assert sum(len(i) for _, i in groups) == len(example.activities)
    assert responsible_name(example, LEAD, tr) == "Carrefour Innovation Mauricie"
    assert responsible_name(example, "mrc-vallons", tr) == "MRC des Vallons"
    assert responsible_name(example, "", tr) == ""
    start, end = project_period(pri, example)
    quarters = timeline_periods(start, end, tr)
    assert len(quarters) == 16
    assert [q.label for q in quarters[:5]] == ["T1", "T2", "T3", "T4", "T1"]
    assert [q.year for q in quarters[:5]] == ["A1", "", "", "", "A2"]
    months = timeline_periods(start, start + 11, translator("en"))
    assert len(months) == 12 and months[0].label == "J" and months[0].year == "2018"
    years = timeline_periods(start, start + 71, translator("en"))
    assert [y.label for y in years] == ["Y1", "Y2", "Y3", "Y4", "Y5", "Y6"]
