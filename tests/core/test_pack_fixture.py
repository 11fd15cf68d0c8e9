"""The rule vocabulary, limit by limit, on a pack written from docs/packs.md alone: each
limit at its value (no finding), and one cent (or one word) past it (a finding)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proposalkit.core.model import (
    Applicant,
    Attachment,
    Budget,
    ExpenseLine,
    Partner,
    Proposal,
    RevenueLine,
)
from proposalkit.core.pack_check import check_pack_text, line_of
from proposalkit.core.program import load_pack
from proposalkit.core.validation import validate
from proposalkit.i18n import translator

D = Decimal
CENT = D("0.01")
PACK = Path(__file__).parent / "fixtures" / "regional-fund-2025.toml"
TODAY = date(2025, 9, 1)


@pytest.fixture(scope="module")
def fund():
    return load_pack(PACK)


ZERO, HALF_RATE, COMMUNITY, ADMIN = D(0), D(55000), D(44000), D(11000)


def proposal(*, form: str = "npo", fund_years=(HALF_RATE, HALF_RATE), municipal=ZERO,
             community=COMMUNITY, in_kind=ZERO, admin=ADMIN, capital=ZERO) -> Proposal:
    """Costs of 220,000 (services 99,000 and administration 11,000 a year), financed by the
    fund, municipalities, the community (cash, and optionally in kind) and own revenue."""
    services = D(110000) - admin
    expenses = [ExpenseLine(category="services", amounts=[services, services]),
                ExpenseLine(category="administration", amounts=[admin, admin])]
    if capital:
        expenses.append(ExpenseLine(category="capital", amounts=[capital, D(0)]))
    revenues = [RevenueLine(source="fund", amounts=list(fund_years)),
                RevenueLine(source="municipal", amounts=[municipal, D(0)]),
                RevenueLine(source="community", amounts=[community - in_kind, D(0)]),
                RevenueLine(source="community", nature="in_kind", amounts=[in_kind, D(0)])]
    return Proposal(program_id="regional-fund-2025", applicant=Applicant(legal_form=form),
                    sections={"project": "mot " * 50},
                    budget=Budget(expenses=expenses, revenues=revenues))


def codes(fund, item: Proposal, lang: str = "en") -> list[str]:
    return [f.code for f in validate(fund, item, today=TODAY, lang=lang)]


def message(fund, item: Proposal, code: str, lang: str = "en") -> str:
    return next(f.message for f in validate(fund, item, today=TODAY, lang=lang)
                if f.code == code)


def test_the_pack_loads_and_its_derived_caps(fund):
    assert fund.years == 2
    assert fund.caps.funder_per_year == [D(60000), D(60000)]
    assert fund.caps.funder_share_max == D("0.50")
    assert fund.funder_caps("business").funder_share_max == D("0.40")
    assert fund.share_sources == {"fund"}


@pytest.mark.parametrize(("form", "allowed"), [("npo", D(110000)), ("business", D(88000))])
def test_rate_depends_on_the_applicant(fund, form, allowed):
    at = proposal(form=form, fund_years=(allowed / 2, allowed / 2))
    assert "RF-RATE" not in codes(fund, at)
    under = proposal(form=form, fund_years=(allowed / 2 - CENT, allowed / 2))
    assert "RF-RATE" not in codes(fund, under)
    over = proposal(form=form, fund_years=(allowed / 2 + CENT, allowed / 2))
    assert "RF-RATE" in codes(fund, over)
    text = message(fund, over, "RF-RATE")
    assert "The Fund's aid" in text and f"${allowed + CENT:,}" in text
    if form == "business":
        assert "40% (Business)" in text


@pytest.mark.parametrize(("form", "limit"), [("npo", D(154000)), ("business", D(110000))])
def test_stacking_depends_on_the_applicant(fund, form, limit):
    fund_years = (D(44000), D(44000))  # within both rates
    municipal = limit - D(88000)
    assert "RF-STACKING" not in codes(fund, proposal(form=form, fund_years=fund_years,
                                                     municipal=municipal))
    assert "RF-STACKING" not in codes(fund, proposal(form=form, fund_years=fund_years,
                                                     municipal=municipal - CENT))
    over = proposal(form=form, fund_years=fund_years, municipal=municipal + CENT)
    assert "RF-STACKING" in codes(fund, over)
    assert "Government aid is" in message(fund, over, "RF-STACKING")


def test_per_year_cap_and_minimum(fund):
    assert "RF-CAP-YEAR" not in codes(fund, proposal(fund_years=(D(60000), D(5000))))
    over = proposal(fund_years=(D(60000) + CENT, D(5000)))
    found = [f for f in validate(fund, over, today=TODAY, lang="en") if f.code == "RF-CAP-YEAR"]
    assert [f.location for f in found] == [("budget", "revenues", 0, "amounts", 0)]
    assert "$60,000.01" in found[0].message and "$0.01" in found[0].message
    under = proposal(fund_years=(D(60000), D(5000) - CENT))
    found = [f for f in validate(fund, under, today=TODAY, lang="fr") if f.code == "RF-CAP-YEAR"]
    assert [f.location[-1] for f in found] == [1] and "minimum" in found[0].message


def test_minimum_share_from_the_community(fund):
    assert "RF-COMMUNITY" not in codes(fund, proposal(community=D(44000)))
    assert "RF-COMMUNITY" not in codes(fund, proposal(community=D(44000) + CENT))
    low = proposal(community=D(44000) - CENT)
    assert "RF-COMMUNITY" in codes(fund, low)
    assert "the minimum is 20%" in message(fund, low, "RF-COMMUNITY")


def test_maximum_share_in_kind(fund):
    assert "RF-IN-KIND" not in codes(fund, proposal(community=D(60000), in_kind=D(55000)))
    high = proposal(community=D(60000), in_kind=D(55000) + CENT)
    assert "RF-IN-KIND" in codes(fund, high)


def test_administration_share_of_costs(fund):
    assert "RF-ADMIN" not in codes(fund, proposal(admin=D(11000)))
    assert "RF-ADMIN" not in codes(fund, proposal(admin=D(11000) - CENT))
    over = proposal(admin=D(11000) + CENT)
    assert "RF-ADMIN" in codes(fund, over)
    assert "Administration" in message(fund, over, "RF-ADMIN")


def test_ineligible_category_is_reported_and_left_out_of_eligible_costs(fund):
    item = proposal(capital=D(1000))
    found = [f for f in validate(fund, item, today=TODAY) if f.code == "RF-INELIGIBLE"]
    assert [f.location for f in found] == [("budget", "expenses", 2, "category")]
    assert found[0].severity == "warning"


def test_word_limit_warning_then_error_past_the_tolerance(fund):
    item = proposal()
    for words, expected in ((100, set()), (101, {"RF-WORDS"}), (110, {"RF-WORDS"}),
                            (111, {"RF-WORDS", "RF-WORDS-MAX"})):
        item.sections["project"] = "mot " * words
        assert {c for c in codes(fund, item) if c.startswith("RF-WORDS")} == expected, words
    assert "110 with the tolerance" in message(fund, item, "RF-WORDS-MAX")


def test_attachment_required_above_an_amount(fund):
    at = proposal(fund_years=(D(50000), D(50000)))
    assert "RF-AUDIT" not in codes(fund, at)
    over = proposal(fund_years=(D(50000) + CENT, D(50000)))
    assert "RF-AUDIT" in codes(fund, over)
    over.attachments.append(Attachment(kind="audited_statements", reference="attachments/a.pdf"))
    assert "RF-AUDIT" not in codes(fund, over)


def test_funder_contribution_on_an_in_kind_line(fund):
    item = proposal()
    item.budget.revenues[0].nature = "in_kind"
    found = [f for f in validate(fund, item, today=TODAY, lang="fr") if f.code == "RF-CASH"]
    assert [f.location for f in found] == [("budget", "revenues", 0, "nature")]
    assert "en nature" in found[0].message


def test_partner_listed_twice_or_without_a_name(fund):
    item = proposal()
    item.partners = [Partner(name="Caisse de l’Estrie"), Partner(name=" caisse de l’estrie "),
                     Partner(name="")]
    found = [f for f in validate(fund, item, today=TODAY, lang="en") if f.code == "RF-PARTNERS"]
    assert [f.location for f in found] == [("partners", 1, "name"), ("partners", 2, "name")]
    assert "listed twice (partners 1 and 2)" in found[0].message
    assert "Partner 3 has no name" in found[1].message


# -- the checker on damaged packs ---------------------------------------------------------

LINES = PACK.read_text(encoding="utf-8").splitlines()


@settings(max_examples=60, deadline=None)
@given(st.sets(st.integers(0, len(LINES) - 1), min_size=1, max_size=6),
       st.sampled_from(["", "x = 1", "[[rules]]", "max = -1", 'kind = "nope"', "= ="]))
def test_damaged_pack_gives_problems_with_lines_never_a_crash(dropped, replacement):
    lines = [replacement if i in dropped else line for i, line in enumerate(LINES)]
    program, problems = check_pack_text("\n".join(lines))
    assert (program is None) == bool(problems)
    for problem in problems:
        assert problem.line is None or 1 <= problem.line <= len(lines)
        assert problem.detail(None) and problem.detail(translator("fr"))


def test_line_of_finds_nested_fields():
    text = PACK.read_text(encoding="utf-8")
    assert LINES[line_of(text, ("years",)) - 1] == "years = 2"
    assert LINES[line_of(text, ("rules", 1, "cases", 0, "max")) - 1] == "max = 0.40"
    assert LINES[line_of(text, ("rules", 2, "label", "fr")) - 1].startswith("label = ")
    assert LINES[line_of(text, ("revenue_sources", 1, "groups", 0)) - 1] == \
        'groups = ["government"]'
    assert line_of(text, ("nowhere",)) is None


def test_cap_depends_on_the_applicant(tmp_path):
    # The same pack with a lower yearly cap for businesses: a data change only.
    text = PACK.read_text(encoding="utf-8").replace(
        'explanation = { fr = "Entre 5 000 $ et 60 000 $ par année.", en = "Between $5,000 and '
        '$60,000 a year." }',
        'explanation = { fr = "Entre 5 000 $ et 60 000 $ par année.", en = "Between $5,000 and '
        '$60,000 a year." }\n[[rules.cases]]\nlegal_forms = ["business"]\nmax = 40000')
    path = tmp_path / "fund.toml"
    path.write_text(text, encoding="utf-8")
    fund = load_pack(path)
    assert fund.funder_caps("business").funder_per_year == [D(40000), D(40000)]
    at = proposal(form="business", fund_years=(D(40000), D(40000)))
    assert "RF-CAP-YEAR" not in codes(fund, at)
    over = proposal(form="business", fund_years=(D(40000) + CENT, D(40000)))
    assert "RF-CAP-YEAR" in codes(fund, over)
    assert "RF-CAP-YEAR" not in codes(fund, proposal(form="npo",
                                                     fund_years=(D(40000) + CENT, D(40000))))
