"""The financing plan and its rules: each source's status and document, the funder's
request as the only one pending, confirmations before a final dossier, a justification
above an amount (at, under and over it), and the plan's figures (shares, subtotals by
status, combined government aid against the stacking limit), in both languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from proposalkit.core.budget import summarize
from proposalkit.core.financing import financing_plan, government_sources, status_label
from proposalkit.core.model import (
    Attachment,
    Budget,
    ExpenseLine,
    Partner,
    Proposal,
    RevenueLine,
)
from proposalkit.core.pack_check import check_pack_text
from proposalkit.core.program import default_catalog, pack_dirs
from proposalkit.core.validation import validate
from proposalkit.i18n import translator

D = Decimal
TODAY = date(2022, 9, 1)
RULES = '''
[[rules]]
code = "T-STATUS"
kind = "funding_status"
only_funder_requested = true
severity = "error"
source = "Fictitious guide"
explanation = { fr = "Statut.", en = "Status." }

[[rules]]
code = "T-CONFIRMED"
kind = "funding_confirmed"
severity = "warning"
source = "Fictitious guide"
explanation = { fr = "Confirmé.", en = "Confirmed." }

[[rules]]
code = "T-JUSTIFY"
kind = "justification_required"
above = 10000
severity = "warning"
source = "Fictitious guide"
explanation = { fr = "Justifier.", en = "Justify." }
'''


@pytest.fixture(scope="module")
def program():
    path = next(d / "mei-incubation-2022.toml" for d in pack_dirs()
                if (d / "mei-incubation-2022.toml").exists())
    found, problems = check_pack_text(path.read_text(encoding="utf-8") + RULES)
    assert found is not None, problems
    return found


def rev(source: str, amounts: list[str], status: str = "", **kw) -> RevenueLine:
    return RevenueLine(source=source, nature="cash", amounts=[D(a) for a in amounts],
                       status=status, **kw)


def proposal(revenues: list[RevenueLine], expenses: list[ExpenseLine] | None = None,
             **kw) -> Proposal:
    expenses = expenses if expenses is not None else [
        ExpenseLine(category="salaries", description="Équipe", justification="4 × 100 000 $",
                    amounts=[D(100000)] * 3)]
    return Proposal(program_id="mei-incubation-2022", language="fr",
                    budget=Budget(expenses=expenses, revenues=revenues), **kw)


def codes(program, prop: Proposal, lang: str = "fr") -> list[tuple[str, tuple, str]]:
    return [(f.code, f.location, f.message) for f in validate(program, prop, TODAY, lang)
            if f.code.startswith("T-")]


def test_every_line_with_money_says_where_it_stands(program):
    found = codes(program, proposal([rev("mei_request", ["60000"] * 3, "requested"),
                                     rev("federal", ["20000"] * 3),
                                     rev("private", ["0"] * 3)]))
    status = [f for f in found if f[0] == "T-STATUS"]
    assert [f[1] for f in status] == [("budget", "revenues", 1, "status")]
    assert "Ligne de revenus 2" in status[0][2] and "confirmée, demandée" in status[0][2]


def test_only_the_funder_request_is_pending(program):
    found = codes(program, proposal([rev("mei_request", ["60000"] * 3, "confirmed",
                                         status_date=date(2022, 8, 1)),
                                     rev("federal", ["20000"] * 3, "requested"),
                                     rev("municipal", ["20000"] * 3, "to_request")]), "en")
    status = {f[1]: f[2] for f in found if f[0] == "T-STATUS"}
    assert set(status) == {("budget", "revenues", 0, "status"),
                           ("budget", "revenues", 1, "status")}
    assert "“Request filed”, not “Confirmed”" in status[("budget", "revenues", 0, "status")]
    assert "only the request to" in status[("budget", "revenues", 1, "status")]


def test_confirmed_needs_a_date_and_a_document(program):
    letter = Attachment(id="att-1", title="Lettre", filename="l.pdf", reference="sha1")
    lines = [rev("mei_request", ["60000"] * 3, "requested"),
             rev("federal", ["20000"] * 3, "confirmed"),
             rev("municipal", ["20000"] * 3, "confirmed", status_date=date(2022, 5, 2),
                 evidence_id="att-1"),
             rev("private", ["20000"] * 3, "confirmed", status_date=date(2022, 5, 2),
                 evidence_id="gone")]
    found = codes(program, proposal(lines, attachments=[letter]), "en")
    where = sorted((f[0], f[1]) for f in found)
    assert where == [
        ("T-CONFIRMED", ("budget", "revenues", 1, "evidence_id")),
        ("T-CONFIRMED", ("budget", "revenues", 3, "evidence_id")),
        ("T-STATUS", ("budget", "revenues", 1, "status_date")),
        ("T-STATUS", ("budget", "revenues", 3, "evidence_id")),
    ]


def test_a_partner_letter_shows_a_partner_line_confirmed(program):
    letter = Attachment(id="att-1", title="Lettre", filename="l.pdf", reference="sha1")
    partner = Partner(id="p1", name="MRC", letter_attachment_id="att-1")
    lines = [rev("mei_request", ["60000"] * 3, "requested"),
             rev("municipal", ["20000"] * 3, "confirmed", status_date=date(2022, 5, 2),
                 partner_id="p1"),
             rev("private", ["20000"] * 3, "to_request")]
    found = codes(program, proposal(lines, attachments=[letter], partners=[partner]), "fr")
    assert [(f[0], f[1]) for f in found] == [
        ("T-CONFIRMED", ("budget", "revenues", 2, "status"))]
    assert "n’est pas encore confirmée (à demander)" in found[0][2]


@pytest.mark.parametrize(("amount", "found"), [("9999.99", False), ("10000", False),
                                               ("10000.01", True)])
def test_justification_required_above_the_amount(program, amount, found):
    line = ExpenseLine(category="salaries", description="Conseillers",
                       amounts=[D(amount), D(0), D(0)])
    results = [f for f in codes(program, proposal([], [line]), "en") if f[0] == "T-JUSTIFY"]
    assert bool(results) is found
    if found:
        assert results[0][1] == ("budget", "expenses", 0, "justification")
        assert "above $10,000.00" in results[0][2]
    justified = line.model_copy(update={"justification": "2 × 5 000 $"})
    assert not [f for f in codes(program, proposal([], [justified])) if f[0] == "T-JUSTIFY"]


def test_plan_figures(program):
    tr = translator("en")
    lines = [rev("mei_request", ["60000"] * 3, "requested"),
             rev("federal", ["10000", "10000", "10000"], "confirmed"),
             rev("municipal", ["10000", "0", "0"], "to_request"),
             rev("private", ["20000", "30000", "30000"], "confirmed")]
    prop = proposal(lines)
    plan = financing_plan(program, prop, summarize(program, prop), tr)
    assert [s.source for s in plan.sources] == ["mei_request", "federal", "municipal",
                                                 "private"]
    assert plan.costs_total == D(300000)
    assert plan.by_status == {"confirmed": (D(30000), D(40000), D(40000)),
                              "requested": (D(60000),) * 3,
                              "to_request": (D(10000), D(0), D(0))}
    assert plan.government == (D(80000), D(70000), D(70000))
    assert plan.share(plan.government_total) == D(220000) / D(300000)
    assert government_sources(program) == {"mei_request", "quebec_other", "federal",
                                           "municipal"}
    assert plan.stacking is not None and plan.stacking.limit == D("0.80")
    assert plan.stacking.rule.code == "MEI-STACKING"
    assert status_label("to_request", tr) == "To be requested"
    assert status_label("to_request", translator("fr")) == "À demander"


def test_no_stacking_limit_without_a_rule_over_all_government():
    program = default_catalog().get("pri-2018")
    prop = Proposal(program_id="pri-2018", language="fr")
    plan = financing_plan(program, prop, summarize(program, prop), translator("fr"))
    assert plan.stacking is None and plan.sources == ()


def test_lines_named_and_counted_over_the_project_years_only(program):
    """Amounts beyond the project's years do not count, missing ones are zero; a line
    is named by its source's label (its id when the pack does not know it) and its
    description on one line, cut at 80 characters; both rules name it the same."""
    years = program.years
    long = "  Une   contribution\n" + "très " * 30
    lines = [rev("federal", ["0"] * years + ["5000"]),  # money only after the project
             rev("federal", ["0"] * (years - 1)),  # short, and zeros
             rev("federal", ["0"] * (years - 1) + ["1"], description=long),
             rev("elsewhere", ["10"])]
    expenses = [ExpenseLine(category="salaries", description="Équipe", justification="  ",
                            amounts=[D(0)] * years + [D(50000)]),
                ExpenseLine(category="salaries", description="", justification=" \n",
                            amounts=[D(20000)])]
    found = codes(program, proposal(lines, expenses), "en")
    named = " ".join(long.split())[:80]
    federal = "Federal government (e.g. CED)"
    assert found == [
        ("T-STATUS", ("budget", "revenues", 2, "status"),
         f"Revenue line 3 ({federal} — {named}): say where this source stands (confirmed, "
         "requested or to be requested)."),
        ("T-STATUS", ("budget", "revenues", 3, "status"),
         "Revenue line 4 (elsewhere): say where this source stands (confirmed, requested "
         "or to be requested)."),
        ("T-CONFIRMED", ("budget", "revenues", 2, "status"),
         f"Revenue line 3 ({federal} — {named}) is not confirmed yet (status not given): a "
         "final dossier shows each source other than MEI confirmed."),
        ("T-CONFIRMED", ("budget", "revenues", 3, "status"),
         "Revenue line 4 (elsewhere) is not confirmed yet (status not given): a final "
         "dossier shows each source other than MEI confirmed."),
        ("T-JUSTIFY", ("budget", "expenses", 1, "justification"),
         "Justify “Expense line 2” ($20,000.00): the call asks how each expense above "
         "$10,000.00 was computed."),
    ]
