"""Budget math: totals, shares and the fiscal-year view."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from proposalkit.core.budget import fiscal_years, summarize, year_amounts

D = Decimal


def test_example_totals(pri, example):
    summary = summarize(pri, example)
    assert summary.expenses_by_year == [D(720000), D(730000), D(740000), D(750000)]
    assert summary.revenues_by_year == summary.expenses_by_year
    assert summary.funder_by_year == [D(400000)] * 4
    assert summary.funder_total == D(1600000)
    assert summary.expenses_total == D(2940000)
    assert summary.category_total("salaries") == D(1520000)
    assert summary.source_total("municipal", "in_kind") == D(120000)
    assert summary.source_total("private") == D(240000)
    assert summary.cash_total + summary.in_kind_total == summary.revenues_total
    assert summary.in_kind_total == D(280000)
    assert summary.share_ratio() == D(1600000) / D(2940000)
    assert summary.share_ratio(0) == D(400000) / D(720000)


def test_share_is_none_without_costs(pri):
    from proposalkit.core.model import empty_proposal

    summary = summarize(pri, empty_proposal(pri))
    assert summary.share_ratio() is None
    assert summary.fiscal_years == []


def test_year_amounts_pads_and_trims():
    assert year_amounts([D(1)], 3) == [D(1), D(0), D(0)]
    assert year_amounts([D(1), D(2), D(3)], 2) == [D(1), D(2)]


def test_fiscal_years_from_july_start():
    years = fiscal_years(date(2018, 7, 1), [D(1200)] * 4, [D(600)] * 4)
    assert [fy.label for fy in years] == [
        "2018-2019",
        "2019-2020",
        "2020-2021",
        "2021-2022",
        "2022-2023",
    ]
    assert [fy.months for fy in years] == [9, 12, 12, 12, 3]
    assert years[0].expenses == D(900) and years[-1].expenses == D(300)
    assert years[0].funder == D(450)


def test_fiscal_years_april_start_match_project_years():
    years = fiscal_years(date(2019, 4, 1), [D(100), D(200)], [D(0), D(0)])
    assert [(fy.label, fy.expenses) for fy in years] == [
        ("2019-2020", D(100)),
        ("2020-2021", D(200)),
    ]


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    amounts=st.lists(st.decimals(min_value=0, max_value=10**8, places=2), min_size=1, max_size=6),
)
def test_fiscal_years_keep_every_cent(start, amounts):
    years = fiscal_years(start, amounts, amounts)
    assert sum(fy.expenses for fy in years) == sum(amounts)
    assert sum(fy.months for fy in years) == 12 * len(amounts)
    for fy in years:
        assert fy.expenses == fy.expenses.quantize(D("0.01"))


def test_fiscal_years_exact_proration_has_no_stray_cents():
    # 9 months of 400 000 $ are 300 000 $ exactly; the month-by-month spread gave 300 000,01.
    years = fiscal_years(date(2018, 7, 1), [D(400000)] * 4, [D(400000)] * 4)
    assert [fy.funder for fy in years] == [D(300000), D(400000), D(400000), D(400000),
                                           D(100000)]
    years = fiscal_years(date(2018, 7, 1), [D(720000), D(730000), D(740000), D(750000)],
                         [D(0)] * 4)
    assert years[1].expenses == D(727500)


_cents = st.integers(min_value=0, max_value=10**10).map(lambda c: Decimal(c).scaleb(-2))


@settings(max_examples=150, deadline=None)
@given(start=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)).map(
           lambda d: d.replace(day=1)),
       amounts=st.lists(_cents, min_size=1, max_size=8), data=st.data())
def test_fiscal_years_exact_inputs_give_exact_outputs(start, amounts, data):
    from fractions import Fraction

    funder = data.draw(st.lists(_cents, min_size=len(amounts), max_size=len(amounts)))
    years = fiscal_years(start, amounts, funder)
    assert sum(fy.expenses for fy in years) == sum(amounts)
    assert sum(fy.funder for fy in years) == sum(funder)
    # The exact share of each fiscal year, computed independently month by month: when it
    # is a whole number of cents it is shown as is, otherwise it is off by less than a cent.
    exact: dict[int, Fraction] = {}
    for index in range(12 * len(amounts)):
        month = start.month - 1 + index
        year, month = start.year + month // 12, month % 12 + 1
        fiscal = year if month >= 4 else year - 1
        exact[fiscal] = exact.get(fiscal, Fraction(0)) + Fraction(amounts[index // 12]) / 12
    assert [fy.start_year for fy in years] == sorted(exact)
    for fy in years:
        value = exact[fy.start_year]
        assert fy.expenses == fy.expenses.quantize(D("0.01"))
        if (value * 100).denominator == 1:
            assert Fraction(fy.expenses) == value
        else:
            assert abs(Fraction(fy.expenses) - value) < Fraction(1, 100)


def test_project_years_of_a_start_late_in_the_month_end_the_day_before_its_anniversary():
    from proposalkit.core.budget import year_periods

    assert year_periods(date(2019, 1, 31), 2) == [
        (date(2019, 1, 31), date(2020, 1, 30)), (date(2020, 1, 31), date(2021, 1, 30))]
    # A 29 February start: its anniversaries fall on 28 February.
    assert year_periods(date(2020, 2, 29), 1) == [(date(2020, 2, 29), date(2021, 2, 27))]
