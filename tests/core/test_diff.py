"""The diff of two states of a proposal lists exactly the changes made."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from proposalkit.core.diff import diff_proposals, format_diff
from proposalkit.core.example import example_proposal
from proposalkit.core.model import ExpenseLine, Partner
from proposalkit.i18n import translator

TODAY = date(2018, 4, 1)


def test_diff_of_the_example_and_a_changed_copy(pri):
    before = example_proposal()
    after = example_proposal()
    after.budget.expenses[2].amounts[0] += Decimal(1000)
    after.budget.expenses.append(ExpenseLine(id="new-line", category="other",
                                             description="Traduction",
                                             amounts=[Decimal(0), Decimal(500)]))
    removed = after.budget.revenues.pop(1)
    after.partners.append(Partner(id="p-new", name="Cégep de Trois-Rivières"))
    after.sections["context"] += " Trois mots ajoutés."
    after.sections["governance"] = after.sections["governance"].replace("comité", "conseil", 1)
    after.signatory.title = "Présidente"
    tr = translator("en")
    diff = diff_proposals(pri, before, after, tr, today=TODAY)
    data = diff.as_dict()
    lines = [(c["kind"], c["id"], c["status"], [(a["year"], a["before"], a["after"])
                                                for a in c["amounts"]])
             for c in data["budget_lines"]]
    before_amounts = [(y + 1, str(v), "0") for y, v in enumerate(removed.amounts) if v]
    expense = before.budget.expenses[2].amounts[0]
    assert lines == [
        ("expense", before.budget.expenses[2].id, "changed",
         [(1, str(expense), str(expense + 1000))]),
        ("expense", "new-line", "added", [(2, "0", "500")]),
        ("revenue", removed.id, "removed", before_amounts),
    ]
    assert data["partners_added"] == ["Cégep de Trois-Rivières"]
    assert data["partners_removed"] == []
    assert [(s["id"], s["words_added"], s["words_removed"]) for s in data["sections"]] == [
        ("context", 3, 0), ("governance", 1, 1)]
    assert [(f["field"], f["before"], f["after"]) for f in data["fields"]] == [
        ("Signatory › title", f"“{before.signatory.title}”", "“Présidente”")]
    totals = {t["label"]: t["total"] for t in data["totals"]}
    # The federal line removed is not the funder's: the request does not move.
    assert list(totals) == ["Total expenses", "Total revenues"]
    assert Decimal(totals["Total expenses"]["after"]) - Decimal(
        totals["Total expenses"]["before"]) == 1500
    assert Decimal(totals["Total revenues"]["before"]) - Decimal(
        totals["Total revenues"]["after"]) == sum(removed.amounts)
    # Revenues short every year, the new line (two amounts, a category not of the
    # program) and the new partner's missing letter.
    assert [(f["code"], f["location"]) for f in data["findings_appeared"]] == [
        *[("PRI-BALANCE", ["budget", "revenues"])] * 4,
        ("PRI-YEARS", ["budget", "expenses", 8]),
        ("PRI-YEARS", ["budget", "expenses", 8, "category"]),
        ("PRI-PARTNER-LETTER", ["partners", 5, "letter"])]
    assert data["findings_disappeared"] == []
    text = "\n".join(format_diff(diff, tr))
    assert "Partner added: Cégep de Trois-Rivières" in text
    assert diff_proposals(pri, before, before, tr, today=TODAY).empty


def test_amounts_written_otherwise_are_no_change(pri):
    before = example_proposal()
    after = example_proposal()
    # 30000 and 30000.00: the same amount, kept with its writing by the file.
    after.budget.expenses[0].amounts = [a.quantize(Decimal("0.01"))
                                        for a in after.budget.expenses[0].amounts]
    after.partners[0].cash = [a.quantize(Decimal("0.01")) for a in after.partners[0].cash]
    assert after.model_dump(mode="json") != before.model_dump(mode="json")
    diff = diff_proposals(pri, before, after, translator("en"), today=TODAY)
    assert diff.empty, diff.as_dict()
    assert format_diff(diff, translator("fr")) == ["Aucune différence."]
