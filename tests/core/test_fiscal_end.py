"""The estimate by fiscal year when the project's end date cuts its last year short: the
year's amount is spread over the months actually in the project, every cent kept; at,
under and over a fiscal year's boundary, mid-year, and with odd cents."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proposalkit.core.budget import fiscal_years, project_months, summarize

D = Decimal
START = date(2018, 7, 1)
AMOUNTS = [D(1200)] * 4  # 100 $ a month


def _table(end):
    return [(fy.label, fy.months, fy.expenses, fy.funder)
            for fy in fiscal_years(START, AMOUNTS, [D(600)] * 4, end=end)]


def test_without_an_end_or_ending_with_the_last_year_nothing_changes():
    full = _table(None)
    assert [row[1] for row in full] == [9, 12, 12, 12, 3]
    assert _table(date(2022, 6, 30)) == full
    # After the budget's years (a finding of its own): the budget has no months there.
    assert _table(date(2023, 6, 30)) == full
    # Before the start (a finding too): the estimate ignores the end.
    assert _table(date(2017, 1, 1)) == full


def test_ending_on_a_fiscal_years_boundary():
    # The last project year runs July 2021 to March 2022: 9 months, all of 1 200 $ in
    # 2021-2022, and no 2022-2023.
    assert _table(date(2022, 3, 31)) == [
        ("2018-2019", 9, D(900), D(450)),
        ("2019-2020", 12, D(1200), D(600)),
        ("2020-2021", 12, D(1200), D(600)),
        ("2021-2022", 12, D(300) + D(1200), D(150) + D(600)),
    ]


def test_ending_one_month_before_and_one_month_after_the_boundary():
    before = _table(date(2022, 2, 28))
    assert before[-1] == ("2021-2022", 3 + 8, D(1500), D(750))
    assert len(before) == 4
    # Ten months in the last year: nine in 2021-2022, one in 2022-2023.
    after = _table(date(2022, 4, 30))
    assert after[-2:] == [("2021-2022", 12, D(300) + D(1080), D(150) + D(540)),
                          ("2022-2023", 1, D(120), D(60))]


def test_ending_mid_year_and_mid_month():
    # Six months of the last year (July to December 2021).
    assert _table(date(2021, 12, 31))[-1] == ("2021-2022", 9, D(1500), D(750))
    # The month a project ends in is one of its months, as in the action plan.
    assert _table(date(2021, 12, 15)) == _table(date(2021, 12, 31))
    assert project_months(START, 4, date(2021, 12, 1)) == 42


def test_odd_cents_go_by_largest_remainder_and_add_up():
    # 1 000 $ over 7 months (October to April): 857,142857… and 142,857142…
    years = fiscal_years(date(2018, 10, 1), [D("1000.00")], [D("0.01")], end=date(2019, 4, 30))
    assert [(fy.label, fy.months, fy.expenses, fy.funder) for fy in years] == [
        ("2018-2019", 6, D("857.14"), D("0.01")),
        ("2019-2020", 1, D("142.86"), D("0.00")),
    ]


def test_a_budget_year_after_the_end_keeps_its_amounts_and_months():
    # The project ends with its second year; the third is empty (no months), the fourth
    # still holds 600 $ (the checks report it): spread over its twelve months, kept.
    years = fiscal_years(START, [D(1200), D(1200), D(0), D(600)], [D(0)] * 4,
                         end=date(2020, 6, 30))
    assert [(fy.label, fy.months, fy.expenses) for fy in years] == [
        ("2018-2019", 9, D(900)), ("2019-2020", 12, D(1200)), ("2020-2021", 3, D(300)),
        ("2021-2022", 9, D(450)), ("2022-2023", 3, D(150))]


def test_the_proposals_end_date_reaches_the_summary(pri, example):
    example.budget.start_date = START
    example.budget.end_date = date(2021, 12, 31)
    summary = summarize(pri, example)
    last = summary.fiscal_years[-1]
    assert (last.label, last.months) == ("2021-2022", 9)
    assert last.expenses == D(740000) / 4 + D(750000)
    assert last.funder == D(100000) + D(400000)
    assert sum(fy.expenses for fy in summary.fiscal_years) == summary.expenses_total
    assert sum(fy.funder for fy in summary.fiscal_years) == summary.funder_total


_cents = st.integers(min_value=0, max_value=10**10).map(lambda c: Decimal(c).scaleb(-2))


@settings(max_examples=150, deadline=None)
@given(start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
       months=st.integers(min_value=-3, max_value=130),
       amounts=st.lists(_cents, min_size=1, max_size=8), data=st.data())
def test_every_cent_is_kept_whatever_the_end(start, months, amounts, data):
    from proposalkit.core.dates import add_months

    end = add_months(start, months)
    funder = data.draw(st.lists(_cents, min_size=len(amounts), max_size=len(amounts)))
    years = fiscal_years(start, amounts, funder, end=end)
    assert sum(fy.expenses for fy in years) == sum(amounts)
    assert sum(fy.funder for fy in years) == sum(funder)
    covered = project_months(start, len(amounts), end)
    kept = sum(12 for year, amount in enumerate(amounts)
               if 12 * year >= covered and (amount or funder[year]))
    assert sum(fy.months for fy in years) == covered + kept
    for fy in years:
        assert fy.expenses == fy.expenses.quantize(D("0.01"))


@pytest.mark.parametrize("end", [date(2022, 3, 31), date(2022, 4, 30), date(2021, 12, 31)])
def test_the_dossier_table_shows_the_cut_months(pri, example, end):
    from proposalkit.core.validation import validate
    from proposalkit.export import build_dossier

    example.budget.start_date = START
    example.budget.end_date = end
    dossier = build_dossier(pri, example, validate(pri, example, today=date(2018, 4, 20)), "en",
                            today=date(2018, 4, 20))
    table = next(t for t in dossier.tables() if t.name == "budget-fiscal-years")
    summary = summarize(pri, example)
    assert [(row.cells[0], row.cells[1]) for row in table.body] == [
        (fy.label, str(fy.months)) for fy in summary.fiscal_years]
    total = table.totals[0].cells
    assert total[1] == str(project_months(START, 4, end))
    assert total[2] == summary.expenses_total and total[3] == summary.funder_total
