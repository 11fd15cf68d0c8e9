"""The action plan and the indicators in merges and diffs: an activity changed on both
sides is a conflict, targets are figures, and a diff names the activity and the indicator
and writes targets as figures, not amounts."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from proposalkit.core.diff import diff_proposals, format_diff
from proposalkit.core.example import example_proposal
from proposalkit.core.merge import merge
from proposalkit.i18n import translator

BASE = example_proposal().model_dump(mode="json")


def _indexed(data: dict, part: str, ident: str) -> dict:
    return next(r for r in data[part] if r["id"] == ident)


def test_the_same_activity_changed_on_both_sides_is_a_conflict():
    ours, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    _indexed(ours, "activities", "act-guichet")["end"] = "2019-06"
    _indexed(theirs, "activities", "act-guichet")["end"] = "2019-09"
    _indexed(theirs, "activities", "act-lieu")["responsible"] = "lead"
    result = merge(BASE, ours, theirs)
    assert [c.path for c in result.conflicts] == [("activities", "act-guichet", "end")]
    # The other change, on one side only, is taken.
    assert _indexed(result.data, "activities", "act-lieu")["responsible"] == "lead"


def test_targets_changed_on_both_sides_are_a_figures_conflict():
    ours, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    _indexed(ours, "indicators", "ind-pousses")["targets"][2] = "14"
    _indexed(theirs, "indicators", "ind-pousses")["targets"][2] = "15"
    (conflict,) = merge(BASE, ours, theirs).conflicts
    assert conflict.kind == "figures"
    # The same figure written two ways is no conflict.
    theirs = copy.deepcopy(BASE)
    _indexed(theirs, "indicators", "ind-pousses")["targets"][2] = "14.0"
    assert merge(BASE, ours, theirs).conflicts == []


def test_a_new_activity_on_each_side_keeps_both():
    ours, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    ours["activities"].append({**ours["activities"][0], "id": "new-a", "title": "A"})
    theirs["activities"].append({**theirs["activities"][0], "id": "new-b", "title": "B"})
    result = merge(BASE, ours, theirs)
    assert result.conflicts == []
    assert {"new-a", "new-b"} <= {r["id"] for r in result.data["activities"]}


def test_diff_names_the_activity_and_writes_targets_as_figures(pri):
    before = example_proposal()
    after = before.model_copy(deep=True)
    after.activities[2].end = "2019-06"
    after.indicators[3].targets[3] = Decimal(1200000)
    tr = translator("fr")
    lines = format_diff(diff_proposals(pri, before, after, tr, date(2018, 3, 1)), tr)
    text = "\n".join(lines)
    assert "Plan d’action › Guichet unique et répertoire des services › mois de fin" in text
    assert "Indicateurs › Investissements privés mobilisés › cibles" in text
    assert "1\u202f000\u202f000 / 1\u202f200\u202f000" not in text  # one list, not two
    assert "250\u202f000 / 500\u202f000 / 750\u202f000 / 1\u202f200\u202f000" in text
    assert "$" not in text.split("cibles")[1].splitlines()[0]
