"""Three-way merge of two copies of a proposal: a table of cases, and properties."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proposalkit.core.example import example_proposal
from proposalkit.core.merge import ABSENT, changes, merge, merge_text

BASE = example_proposal().model_dump(mode="json")
SECTION = "mission_collaboration"
FIRST, SECOND = BASE["sections"][SECTION].split("\n\n")[:2]

Edit = Callable[[dict], None]


def _set(*path, value) -> Edit:
    def edit(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


def _edit_section(old: str, new: str) -> Edit:
    def edit(data: dict) -> None:
        assert old in data["sections"][SECTION]
        data["sections"][SECTION] = data["sections"][SECTION].replace(old, new, 1)
    return edit


def _add_expense(line_id: str, text: str) -> Edit:
    def edit(data: dict) -> None:
        data["budget"]["expenses"].append({"id": line_id, "category": "other",
                                           "description": text,
                                           "amounts": ["1000", "0", "0", "0"]})
    return edit


def _delete_expense(index: int) -> Edit:
    def edit(data: dict) -> None:
        del data["budget"]["expenses"][index]
    return edit


def _edited(*edits: Edit) -> dict:
    data = copy.deepcopy(BASE)
    for edit in edits:
        edit(data)
    return data


EXP0 = BASE["budget"]["expenses"][0]["id"]
AMOUNTS0 = BASE["budget"]["expenses"][0]["amounts"]
FIRST_WORDS = FIRST.split(" ")

# (case, ours' edits, theirs' edits, expected merged data or None, conflicts' keys)
CASES = [
    ("one side only: ours", [_set("applicant", "legal_name", value="Nouveau nom")], [],
     _edited(_set("applicant", "legal_name", value="Nouveau nom")), []),
    ("one side only: theirs", [], [_set("applicant", "contact", "email", value="a@b.ca")],
     _edited(_set("applicant", "contact", "email", value="a@b.ca")), []),
    ("both sides, different fields",
     [_set("applicant", "legal_name", value="Nouveau nom")],
     [_set("applicant", "contact", "email", value="a@b.ca")],
     _edited(_set("applicant", "legal_name", value="Nouveau nom"),
             _set("applicant", "contact", "email", value="a@b.ca")), []),
    ("both sides, same field, same value",
     [_set("territory", value="04")], [_set("territory", value="04")],
     _edited(_set("territory", value="04")), []),
    ("both sides, same field", [_set("applicant", "legal_name", value="A")],
     [_set("applicant", "legal_name", value="B")], None, ["applicant/legal_name"]),
    ("same section, different paragraphs",
     [_edit_section(FIRST, FIRST + " Ajout de notre côté.")],
     [_edit_section(SECOND, "Leur nouveau paragraphe.")],
     _edited(_edit_section(FIRST, FIRST + " Ajout de notre côté."),
             _edit_section(SECOND, "Leur nouveau paragraphe.")), []),
    ("same paragraph, different words",
     [_edit_section(FIRST_WORDS[1], "NOUS")], [_edit_section(FIRST_WORDS[-1], "EUX.")],
     _edited(_edit_section(FIRST_WORDS[1], "NOUS"), _edit_section(FIRST_WORDS[-1], "EUX.")),
     []),
    ("same section, overlapping edits", [_edit_section(FIRST_WORDS[1], "NOUS")],
     [_edit_section(FIRST_WORDS[1], "EUX")], None, [f"sections/{SECTION}"]),
    ("a line added on both sides", [_add_expense("ours-1", "Nôtre")],
     [_add_expense("theirs-1", "Leur")],
     _edited(_add_expense("ours-1", "Nôtre"), _add_expense("theirs-1", "Leur")), []),
    ("a line deleted on one side, changed on the other", [_delete_expense(0)],
     [_set("budget", "expenses", 0, "description", value="Changée")], None,
     [f"budget/expenses/{EXP0}"]),
    ("a line deleted on one side, unchanged on the other", [_delete_expense(0)], [],
     _edited(_delete_expense(0)), []),
    ("budget figures of one line, different years, both sides",
     [_set("budget", "expenses", 0, "amounts", 0, value="1")],
     [_set("budget", "expenses", 0, "amounts", 3, value="2")], None,
     [f"budget/expenses/{EXP0}/amounts"]),
    ("a budget figure on one side", [],
     [_set("budget", "expenses", 0, "amounts", 0, value="1")],
     _edited(_set("budget", "expenses", 0, "amounts", 0, value="1")), []),
]


@pytest.mark.parametrize(("case", "ours_edits", "theirs_edits", "expected", "conflicts"),
                         CASES, ids=[c[0] for c in CASES])
def test_merge_cases(case, ours_edits, theirs_edits, expected, conflicts):
    ours, theirs = _edited(*ours_edits), _edited(*theirs_edits)
    result = merge(BASE, ours, theirs)
    assert [c.key for c in result.conflicts] == conflicts
    if expected is not None:
        assert result.data == expected
    else:
        # Unresolved, a conflict keeps our side; taking theirs gives theirs there.
        assert result.data == ours
        taken = merge(BASE, ours, theirs, prefer="theirs")
        assert taken.data == merge(BASE, ours, theirs, resolutions={
            c.key: c.theirs for c in result.conflicts}).data
    assert ours == _edited(*ours_edits) and theirs == _edited(*theirs_edits)  # untouched


def test_conflict_shows_both_sides_and_resolutions_settle_it():
    ours = _edited(_delete_expense(0))
    theirs = _edited(_set("budget", "expenses", 0, "description", value="Changée"))
    result = merge(BASE, ours, theirs)
    (conflict,) = result.conflicts
    assert conflict.kind == "deleted" and conflict.ours is ABSENT
    assert conflict.theirs["description"] == "Changée"
    kept = merge(BASE, ours, theirs, resolutions={conflict.key: conflict.theirs})
    assert kept.clean and kept.data["budget"]["expenses"][0]["description"] == "Changée"
    dropped = merge(BASE, ours, theirs, resolutions={conflict.key: ABSENT})
    assert dropped.clean and dropped.data == ours


def test_budget_figures_taken_from_the_other_copy_are_listed():
    theirs = _edited(_set("budget", "expenses", 0, "amounts", 0, value="1"),
                     _set("applicant", "legal_name", value="X"))
    result = merge(BASE, BASE, theirs)
    figures = [c for c in result.taken if c.is_figure]
    assert [c.path for c in figures] == [("budget", "expenses", EXP0, "amounts")]
    assert figures[0].base == AMOUNTS0 and figures[0].value[0] == "1"


def test_no_ancestor_every_difference_conflicts():
    theirs = _edited(_set("applicant", "legal_name", value="B"), _add_expense("t", "Leur"))
    result = merge(None, BASE, theirs)
    assert [c.key for c in result.conflicts] == ["applicant/legal_name"]
    assert any(e["id"] == "t" for e in result.data["budget"]["expenses"])


# --- properties --------------------------------------------------------------------------

_texts = st.lists(st.sampled_from(["un", "deux", "trois", " ", "\n\n", ".", "quatre", "é"]),
                  max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_texts, _texts)
def test_text_merge_with_itself_or_the_ancestor_changes_nothing(base, edited):
    assert merge_text(base, edited, edited) == edited
    assert merge_text(base, edited, base) == edited
    assert merge_text(base, base, edited) == edited


_edits = st.lists(st.one_of(
    st.builds(lambda v: _set("applicant", "legal_name", value=v), st.text(max_size=10)),
    st.builds(lambda v: _set("signatory", "title", value=v), st.text(max_size=10)),
    st.builds(lambda i, v: _set("budget", "expenses", i, "amounts", 1, value=str(v)),
              st.integers(0, 3), st.integers(0, 10**6)),
    st.builds(lambda w: _edit_section(FIRST_WORDS[2], w), st.sampled_from(["x", "y z", ""])),
    st.builds(lambda n: _add_expense(f"new-{n}", "Ajout"), st.integers(0, 3)),
    st.builds(_delete_expense, st.integers(0, 2)),
), max_size=5)


def _apply(edits) -> dict:
    data = copy.deepcopy(BASE)
    for edit in edits:
        try:
            edit(data)
        except (AssertionError, IndexError):
            pass  # an edit that no longer applies (its paragraph or line is gone)
    return data


@settings(max_examples=80, deadline=None)
@given(_edits, _edits)
def test_merging_with_itself_or_its_ancestor_changes_nothing(ancestor_edits, edits):
    ancestor = _apply(ancestor_edits)
    copy_ = _apply(ancestor_edits + edits)
    for ours, theirs in ((copy_, copy_), (copy_, ancestor), (ancestor, copy_)):
        result = merge(ancestor, ours, theirs)
        assert result.clean and result.data == copy_


def _rewritten(amounts: list[str]) -> list[str]:
    """The same amounts written with cents (``30000`` → ``30000.00``)."""
    return [f"{Decimal(a):.2f}" for a in amounts]


def test_amounts_are_compared_as_amounts_not_as_their_writing():
    rewritten = _edited(_set("budget", "expenses", 0, "amounts", value=_rewritten(AMOUNTS0)),
                        _set("partners", 0, "cash",
                             value=_rewritten(BASE["partners"][0]["cash"])))
    assert rewritten != BASE
    assert changes(BASE, rewritten) == []
    # Only their writing changed on the other side: a clean merge takes nothing.
    result = merge(BASE, BASE, rewritten)
    assert result.clean and result.taken == []
    # Both sides "changed" one figure to the same amount, written differently: no conflict.
    ours = _edited(_set("budget", "expenses", 0, "amounts", 0, value="1234"))
    theirs = _edited(_set("budget", "expenses", 0, "amounts", value=_rewritten(
        ["1234", *AMOUNTS0[1:]])))
    result = merge(BASE, ours, theirs)
    assert result.clean and result.data["budget"]["expenses"][0]["amounts"][0] == "1234"
    # A real change next to a rewritten one is still one figure taken, and listed.
    theirs = _edited(_set("budget", "expenses", 0, "amounts",
                          value=["1", *_rewritten(AMOUNTS0[1:])]))
    result = merge(BASE, BASE, theirs)
    assert [c.path for c in result.taken] == [("budget", "expenses", EXP0, "amounts")]
    # A year added is a change even when it is zero; text is still compared as text.
    assert changes(BASE, _edited(_set("budget", "expenses", 0, "amounts",
                                      value=[*AMOUNTS0, "0"]))) != []
    assert changes({"sections": {"a": "30000"}}, {"sections": {"a": "30000.00"}}) != []
