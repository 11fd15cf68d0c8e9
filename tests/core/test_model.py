"""The proposal model: money refused when absurd, JSON round trip exact."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from proposalkit.core.model import ExpenseLine, Proposal, describe_validation_error
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
