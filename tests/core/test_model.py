"""The proposal model: money refused when absurd, JSON round trip exact."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from proposalkit.core.model import (
    MAX_SUMMARY,
    Activity,
    ExpenseLine,
    Indicator,
    Partner,
    Proposal,
    RevenueLine,
    describe_validation_error,
)
from proposalkit.i18n import translator


@pytest.mark.parametrize("value", ["-1", "NaN", "Infinity", "1000000000.01", "1.234", True])
def test_bad_amounts_are_refused(value):
    with pytest.raises(ValidationError) as info:
        ExpenseLine(amounts=[value])
    fr = describe_validation_error(info.value, translator("fr"))
    en = describe_validation_error(info.value, translator("en"))
    assert fr.startswith("amounts.0") and en.startswith("amounts.0")
    assert fr != en


def test_amounts_stay_decimal_and_exact():
    line = ExpenseLine(amounts=["0.10", 2, Decimal("0.20")])
    assert sum(line.amounts) == Decimal("2.30")
    assert all(isinstance(a, Decimal) for a in line.amounts)


def test_assignment_is_validated(example):
    with pytest.raises(ValidationError):
        example.budget.expenses[0].amounts = [Decimal("-5")]


def test_json_round_trip(example):
    text = example.model_dump_json()
    again = Proposal.model_validate_json(text)
    assert again == example
    assert '"400000"' in text  # money is written as a string, never a float


def test_unknown_fields_are_refused(example):
    data = example.model_dump(mode="json")
    data["surprise"] = 1
    with pytest.raises(ValidationError):
        Proposal.model_validate(data)


def test_several_problems_are_counted():
    with pytest.raises(ValidationError) as info:
        ExpenseLine(amounts=["-1", "-2", "-3"])
    assert "2 autres problèmes" in describe_validation_error(info.value, translator("fr"))


def test_floats_are_refused():
    with pytest.raises(ValidationError):
        ExpenseLine(amounts=[0.1])


def test_error_description_stays_on_one_printable_line():
    data = {"program_id": "pri-2018", "governance": {"members": [{"a\nb": 1}]}}
    with pytest.raises(ValidationError) as info:
        Proposal.model_validate(data)
    text = describe_validation_error(info.value, translator("en"))
    assert "\n" not in text and "a\\x0ab" in text


# -- the dossier's structured parts (format 6) -------------------------------------------

@pytest.mark.parametrize("month", ["2019-04", "1990-01", "2100-12", ""])
def test_months_of_an_activity(month):
    assert Activity(start=month, end=month).start == month


@pytest.mark.parametrize("month", ["2019-13", "2019-4", "19-04", "1989-12", "2101-01",
                                   "2019-04-01", "avril 2019"])
def test_what_is_not_a_month_is_refused_in_both_languages(month):
    with pytest.raises(ValidationError) as caught:
        Activity(start=month)
    fr = describe_validation_error(caught.value, translator("fr"))
    en = describe_validation_error(caught.value, translator("en"))
    assert "AAAA-MM" in fr and "YYYY-MM" in en and month[:20] in en


def test_indicator_figures_are_exact_and_bounded():
    indicator = Indicator(baseline="12.5", targets=["0", None, 3, "-2.25"])
    assert indicator.baseline == Decimal("12.5")
    assert indicator.targets == [Decimal(0), None, Decimal(3), Decimal("-2.25")]
    data = indicator.model_dump(mode="json")
    assert data["baseline"] == "12.5" and data["targets"] == ["0", None, "3", "-2.25"]
    for bad in (1.5, True, "1e13", "NaN", "1.23456", "douze", "-1000000000001"):
        with pytest.raises(ValidationError):
            Indicator(baseline=bad)
    assert Indicator(baseline="1000000000000").baseline == Decimal(10) ** 12


def test_revenue_status_summary_and_declarations():
    line = RevenueLine(status="requested")
    assert line.status == "requested" and line.evidence_id is None
    with pytest.raises(ValidationError):
        RevenueLine(status="promised")
    with pytest.raises(ValidationError):
        Proposal(program_id="pri-2018", summary="x" * (MAX_SUMMARY + 1))
    proposal = Proposal(program_id="pri-2018", summary="x" * MAX_SUMMARY,
                        declarations={"no_debt": True})
    assert Proposal.model_validate_json(proposal.model_dump_json()) == proposal


def test_partners_by_id_finds_what_partner_finds():
    first, second, again = Partner(id="p1", name="Un"), Partner(id="p2"), Partner(id="p1")
    proposal = Proposal(program_id="pri-2018", partners=[first, second, again])
    found = proposal.partners_by_id()
    assert found == {"p1": first, "p2": second} and found["p1"] is proposal.partner("p1")
    assert found.get("nope") is proposal.partner("nope") is None
