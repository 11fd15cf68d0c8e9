"""The edit language: each operation applied, undone by its inverse and redone, without
Qt; a refused edit changes nothing; Changes says what kind of thing changed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from proposalkit.core.edits import (
    ALL_SECTIONS,
    Composite,
    InsertLine,
    MoveLine,
    Refused,
    RemoveLine,
    SetAmount,
    SetField,
    replace_content,
    set_value,
)
from proposalkit.core.example import example_proposal
from proposalkit.core.model import MAX_NARRATIVE, MAX_SHORT_TEXT, ExpenseLine


def _undo_redo(proposal, edit):
    """Apply, undo, redo: returns the dumps before, after and after redo."""
    before = proposal.model_dump()
    inverse, changes = edit.apply(proposal)
    after = proposal.model_dump()
    redo, _ = inverse.apply(proposal)
    assert proposal.model_dump() == before
    redo.apply(proposal)
    assert proposal.model_dump() == after
    return before, after, changes


def test_set_field_undo_redo_and_changes():
    proposal = example_proposal()
    before, after, changes = _undo_redo(proposal, SetField(("applicant", "legal_name"), "X"))
    assert before != after and proposal.applicant.legal_name == "X"
    assert changes.applicant and not changes.budget and not changes.partners
    assert changes.touches(("applicant",)) and not changes.touches(("partners",))


def test_set_amount_changes_one_year_of_one_line():
    proposal = example_proposal()
    old = list(proposal.budget.expenses[1].amounts)
    _, _, changes = _undo_redo(proposal, SetAmount(("budget", "expenses", 1), 0, Decimal(7)))
    assert proposal.budget.expenses[1].amounts == [Decimal(7), *old[1:]]
    assert changes.budget and changes.budget_values and not changes.budget_structure
    assert changes.rows_in(("budget", "expenses")) == frozenset({1})
    assert changes.rows_in(("budget", "revenues")) == frozenset()


def test_set_amount_pads_a_short_list_and_undo_restores_it():
    proposal = example_proposal()
    proposal.budget.expenses[0].amounts = []
    _undo_redo(proposal, SetAmount(("budget", "expenses", 0), 1, Decimal(5), years=3))
    assert proposal.budget.expenses[0].amounts == [0, 5, 0]


def test_set_value_makes_an_amount_edit_for_one_year():
    edit = set_value(("budget", "revenues", 2, "amounts", 1), Decimal(3), years=3)
    assert edit == SetAmount(("budget", "revenues", 2), 1, Decimal(3), 3)
    assert isinstance(set_value(("sections", "context"), "t"), SetField)


@pytest.mark.parametrize("edit", [
    InsertLine(("budget", "expenses"), 1, ExpenseLine(category="x")),
    InsertLine(("budget", "expenses"), -1, ExpenseLine(category="x")),
    RemoveLine(("budget", "expenses"), 0),
    MoveLine(("budget", "expenses"), 0, 2),
    SetField(("budget", "expenses"), []),
])
def test_line_operations_are_structural_and_undone(edit):
    proposal = example_proposal()
    _, _, changes = _undo_redo(proposal, edit)
    assert changes.budget_structure and not changes.budget_values
    assert changes.rows_in(("budget", "expenses")) is None


def test_a_section_is_validated_once_and_refused_whole():
    proposal = example_proposal()
    text = proposal.sections["context"]
    with pytest.raises(Refused) as refused:
        SetField(("sections", "context"), "x" * (MAX_NARRATIVE + 1)).apply(proposal)
    assert refused.value.location[:2] == ("sections", "context")
    assert proposal.sections["context"] == text
    _, _, changes = _undo_redo(proposal, SetField(("sections", "context"), "Court."))
    assert changes.sections == {"context"} and changes.section("context")
    assert not changes.section("other")


def test_a_new_section_key_is_removed_by_undo():
    proposal = example_proposal()
    _undo_redo(proposal, SetField(("sections", "new"), "Texte."))
    assert proposal.sections["new"] == "Texte."
    inverse, _ = SetField(("sections", "new2"), "x").apply(proposal)
    inverse.apply(proposal)
    assert "new2" not in proposal.sections


def test_refused_amount_and_text_change_nothing():
    proposal = example_proposal()
    before = proposal.model_dump()
    with pytest.raises(Refused) as refused:
        SetAmount(("budget", "expenses", 1), 0, 0.1).apply(proposal)  # type: ignore[arg-type]
    assert refused.value.location == ("budget", "expenses", 1, "amounts", 0)
    with pytest.raises(Refused) as refused:
        SetField(("partners", 0, "name"), "x" * (MAX_SHORT_TEXT + 1)).apply(proposal)
    assert refused.value.location == ("partners", 0, "name")
    assert proposal.model_dump() == before


def test_composite_is_all_or_nothing():
    proposal = example_proposal()
    before = proposal.model_dump()
    edit = Composite((SetField(("applicant", "legal_name"), "Y"),
                      RemoveLine(("budget", "expenses"), 0),
                      SetField(("sections", "context"), "x" * (MAX_NARRATIVE + 1))))
    with pytest.raises(Refused):
        edit.apply(proposal)
    assert proposal.model_dump() == before
    _, _, changes = _undo_redo(proposal, Composite(edit.edits[:2]))
    assert changes.applicant and changes.budget_structure


def test_replace_content_touches_only_what_differs():
    proposal = example_proposal()
    other = proposal.model_copy(deep=True)
    other.applicant.legal_name = "Autre"
    other.sections["context"] = "Autre contexte."
    other.budget.expenses[2].amounts[0] = Decimal(1)
    other.partners = other.partners[:1]
    edit = replace_content(proposal, other)
    places = {tuple(e.location) for e in edit.edits}
    assert places == {("applicant", "legal_name"), ("sections", "context"),
                      ("budget", "expenses", 2), ("partners",)}
    before, after, changes = _undo_redo(proposal, edit)
    assert proposal.model_dump() == other.model_dump()
    assert changes.partners and changes.section("context") and changes.budget_values
    assert changes.rows_in(("budget", "expenses")) == frozenset({2})
    # Values are copies: changing the other proposal later changes nothing here.
    other.applicant.address.city = "Ailleurs"
    assert proposal.applicant.address.city != "Ailleurs"


def test_whole_part_replaced_resets_what_is_under_it():
    proposal = example_proposal()
    budget = proposal.budget.model_copy(deep=True)
    budget.expenses = budget.expenses[:1]
    _, _, changes = _undo_redo(proposal, SetField(("budget",), budget))
    assert changes.budget_structure and changes.rows_in(("budget", "expenses")) is None
    assert SetField(("sections",), {}).apply(proposal)[1].sections == {ALL_SECTIONS}
