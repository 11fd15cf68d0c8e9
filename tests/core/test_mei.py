"""The second program family: mei-incubation-2022 and its example, its rate and stacking
rules at the limit and one dollar (one cent) past it, and the pack-level findings added
with the vocabulary (partners listed twice or unnamed, the funder's money in kind)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from proposalkit.core.example_mei import example_proposal
from proposalkit.core.limits import share_figures_of
from proposalkit.core.model import ExpenseLine, Partner
from proposalkit.core.pack_check import install_pack
from proposalkit.core.program import PackError, load_catalog
from proposalkit.core.validation import validate
from proposalkit.i18n import translator
from proposalkit.paths import resources_dir

D = Decimal
BEFORE = date(2022, 9, 1)


@pytest.fixture(scope="module")
def mei(catalog):
    return catalog.get("mei-incubation-2022")


@pytest.fixture
def incubator():
    return example_proposal()


def test_pack_facts(mei):
    assert mei.years == 3
    assert mei.caps.funder_per_year == [D(500000)] * 3
    assert mei.caps.funder_total == D(1500000)
    assert mei.funder_share_max == D("0.60")
    assert mei.deadline_local.date() == date(2022, 10, 17)
    assert mei.rule("MEI-CAP-TOTAL").assumption and "(not stated by the call; assumed)" in mei.rule(
        "MEI-CAP-TOTAL").source_label(translator("en"))


def test_example_is_clean_before_the_deadline(mei, incubator):
    assert validate(mei, incubator, today=BEFORE) == []
    after = validate(mei, incubator, today=date(2026, 1, 1))
    assert [(f.code, f.severity) for f in after] == [("MEI-DEADLINE", "warning")]


def _government_room(mei, incubator) -> D:
    summary_figures = share_figures_of(mei, incubator, _summary(mei, incubator),
                                       translator("en"))
    stacking = next(f for f in summary_figures if f.rule.code == "MEI-STACKING")
    return stacking.costs_total * stacking.limit - stacking.amount_total


def _summary(mei, proposal):
    from proposalkit.core.budget import summarize

    return summarize(mei, proposal)


def _move_to_federal(incubator, amount: D) -> None:
    """Move ``amount`` from own revenue to the federal line in year 3 (still balanced)."""
    federal = next(line for line in incubator.budget.revenues if line.source == "federal")
    own = next(line for line in incubator.budget.revenues if line.source == "own_revenue")
    federal.amounts[2] += amount
    own.amounts[2] -= amount


def test_stacking_at_the_limit_and_one_dollar_over(mei, incubator):
    room = _government_room(mei, incubator)
    assert room == D(132000)
    _move_to_federal(incubator, room)
    assert validate(mei, incubator, today=BEFORE) == []
    _move_to_federal(incubator, D(1))
    findings = validate(mei, incubator, today=BEFORE, lang="en")
    assert [f.code for f in findings] == ["MEI-STACKING"]
    message = findings[0].message
    assert message.startswith("Government aid from all levels together (municipal, provincial, "
                              "federal) is 80.00003% of the eligible costs")
    assert "($2,484,001.00 of $3,105,000.00); the maximum is 80%, that is $2,484,000.00." \
        in message
    assert findings[0].location == ("budget", "revenues", 0)


def _cut_salaries(incubator, year: int, amount: D) -> None:
    """Lower the salaries of ``year`` and the revenues with them (own revenue first, then
    the federal line), so the budget stays balanced."""
    incubator.budget.expenses[0].amounts[year] -= amount
    for source in ("own_revenue", "federal"):
        line = next(r for r in incubator.budget.revenues if r.source == source)
        taken = min(amount, line.amounts[year])
        line.amounts[year] -= taken
        amount -= taken


def test_rate_at_sixty_percent_and_one_cent_past(mei, incubator):
    # 1,500,000 from the MEI is 60 % of 2,500,000 of eligible costs.
    for year, cut in enumerate((D(136000), D(171000), D(298000))):
        _cut_salaries(incubator, year, cut)
    codes = {f.code for f in validate(mei, incubator, today=BEFORE)}
    assert "MEI-RATE" not in codes and "MEI-BALANCE" not in codes
    _cut_salaries(incubator, 2, D("0.01"))
    found = [f for f in validate(mei, incubator, today=BEFORE, lang="en") if f.code == "MEI-RATE"]
    assert len(found) == 1
    # One cent past the limit is 60.0000002 %: shown rounded away from the limit at six
    # decimals, so it never reads as 60 %; the figures in dollars show the cent.
    assert "The MEI's aid is 60.000001%" in found[0].message
    assert "($1,500,000.00 of $2,499,999.99); the maximum is 60%, that is $1,499,999.99." \
        in found[0].message


def test_ineligible_expenses_stay_out_of_the_rate(mei, incubator):
    incubator.budget.expenses.append(ExpenseLine(category="capital",
                                                 amounts=[D(2000000), D(0), D(0)],
                                                 justification="Bâtiment"))
    own = next(line for line in incubator.budget.revenues if line.source == "own_revenue")
    own.amounts[0] += D(2000000)
    findings = validate(mei, incubator, today=BEFORE, lang="en")
    assert [(f.code, f.location) for f in findings] == [
        ("MEI-INELIGIBLE", ("budget", "expenses", 7, "category"))]


def test_funder_on_an_in_kind_line(mei, pri, incubator, example):
    incubator.budget.revenues[0].nature = "in_kind"
    found = [f for f in validate(mei, incubator, today=BEFORE, lang="en")
             if f.code == "MEI-CASH"]
    assert [f.location for f in found] == [("budget", "revenues", 0, "nature")]
    assert "is in kind, but this source can only be cash" in found[0].message
    example.budget.revenues[0].nature = "in_kind"
    found = [f for f in validate(pri, example, today=date(2018, 3, 1), lang="fr")
             if f.code == "PRI-CASH"]
    assert found and found[0].severity == "error" and "en nature" in found[0].message


def test_partner_twice_and_partner_without_a_name(pri, example):
    example.partners.append(Partner(name="MRC des  Vallons"))
    example.partners.append(Partner(name="   "))
    found = [f for f in validate(pri, example, today=date(2018, 3, 1), lang="fr")
             if f.code == "PRI-PARTNERS"]
    assert [f.location for f in found] == [("partners", 5, "name"), ("partners", 6, "name")]
    assert "MRC des  Vallons est inscrit deux fois (partenaires 1 et 6)" in found[0].message
    assert "Le partenaire 7 n’a pas de nom" in found[1].message


def test_install_a_pack_into_the_user_folder(tmp_path):
    source = resources_dir() / "programs" / "mei-incubation-2022.toml"
    text = source.read_text(encoding="utf-8").replace('id = "mei-incubation-2022"',
                                                      'id = "mei-incubation-2025"')
    new = tmp_path / "download.toml"
    new.write_text(text, encoding="utf-8")
    folder = tmp_path / "programs"
    program, target = install_pack(new, folder)
    assert program.id == "mei-incubation-2025" and target == folder / "mei-incubation-2025.toml"
    assert target.read_text(encoding="utf-8") == text
    assert load_catalog([folder]).get("mei-incubation-2025") is not None
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace("years = 3", "years = 0"), encoding="utf-8")
    with pytest.raises(PackError) as info:
        install_pack(broken, folder)
    assert info.value.problems[0].field == "years"
    assert sorted(p.name for p in folder.iterdir()) == ["mei-incubation-2025.toml"]
