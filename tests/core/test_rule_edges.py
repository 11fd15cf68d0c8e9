"""The rule vocabulary at its edges: a share of an empty base, the attachments the rules
require of *this* proposal, whole-project rules shown as whole project, and a minimum met
exactly (never "-0.00")."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from proposalkit.core.budget import summarize
from proposalkit.core.checklist import checklist
from proposalkit.core.gauges import share_gauges, share_total_gauge
from proposalkit.core.limits import share_figures_of
from proposalkit.core.model import Applicant, Budget, ExpenseLine, Proposal, RevenueLine
from proposalkit.core.money import format_amount, format_money
from proposalkit.core.pack_check import check_pack_text
from proposalkit.core.validation import validate
from proposalkit.i18n import translator

from .test_pack_fixture import TODAY

D = Decimal
CENT = D("0.01")
FIXTURE = Path(__file__).parent / "fixtures" / "regional-fund-2025.toml"


def pack(extra: str = "", eligible_base: bool = True):
    """The regional fund, its rate and stacking rules on the eligible costs."""
    text = FIXTURE.read_text(encoding="utf-8")
    if eligible_base:
        for code in ("RF-RATE", "RF-STACKING"):
            text = text.replace(f'code = "{code}"\nkind = "share_limit"\n',
                                f'code = "{code}"\nkind = "share_limit"\nbase = "eligible_costs"\n')
    program, problems = check_pack_text(text + extra)
    assert program is not None, problems
    return program


def proposal(capital: Decimal, services: Decimal, fund: Decimal, form: str = "npo",
             community: Decimal = Decimal(0)) -> Proposal:
    expenses = [ExpenseLine(category="capital", amounts=[capital, D(0)]),
                ExpenseLine(category="services", amounts=[services, D(0)])]
    revenues = [RevenueLine(source="fund", amounts=[fund, D(0)]),
                RevenueLine(source="community", amounts=[community, D(0)])]
    return Proposal(program_id="regional-fund-2025", applicant=Applicant(legal_form=form),
                    budget=Budget(expenses=expenses, revenues=revenues))


def found(program, item: Proposal, code: str, lang: str = "en"):
    return [f for f in validate(program, item, today=TODAY, lang=lang) if f.code == code]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("code", ["RF-RATE", "RF-STACKING"])
def test_a_share_of_no_eligible_cost_is_an_error_when_money_is_asked(code, lang):
    program = pack()
    # Every cost ineligible: 20 000 asked against 0 of eligible costs.
    over = found(program, proposal(D(20000), D(0), D(20000)), code, lang)
    assert len(over) == 1 and over[0].severity == "error"
    assert over[0].location == ("budget", "revenues", 0)
    assert format_money(D(20000), lang) in over[0].message
    assert ("no share of them can be paid" if lang == "en"
            else "aucune part ne peut en être payée") in over[0].message
    # Nothing asked of an empty base: nothing to say.
    assert found(program, proposal(D(20000), D(0), D(0)), code, lang) == []
    # One cent of eligible cost: the ordinary share message, as before.
    cent = found(program, proposal(D(20000), CENT, D(20000)), code, lang)
    assert len(cent) == 1 and "no share" not in cent[0].message


def test_the_empty_base_paints_the_gauge_red_and_the_final_export_is_refused():
    from proposalkit.core.validation import has_errors

    program = pack()
    item = proposal(D(20000), D(0), D(20000))
    summary = summarize(program, item)
    rate = next(f for f in share_figures_of(program, item, summary, translator("en"))
                if f.rule.code == "RF-RATE")
    assert rate.breached() and share_total_gauge(rate).level == "over"
    assert has_errors(validate(program, item, today=TODAY))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_minimum_met_exactly_is_zero_room_not_minus_zero(lang):
    program = pack(eligible_base=False)
    # Community at exactly 20 % of 100 000 of costs.
    item = proposal(D(0), D(100000), D(50000), community=D(20000))
    summary = summarize(program, item)
    community = next(f for f in share_figures_of(program, item, summary, translator(lang))
                     if f.rule.code == "RF-COMMUNITY")
    room = community.room()
    assert room == 0 and not room.is_signed()
    assert format_amount(room, lang) in ("0.00", "0,00")
    assert "-" not in format_money(-D(0), lang) and "-" not in format_amount(D("-0.001"), lang)
    assert found(program, item, "RF-COMMUNITY") == []
    under = proposal(D(0), D(100000), D(50000), community=D(20000) - CENT)
    assert len(found(program, under, "RF-COMMUNITY", lang)) == 1
    over = proposal(D(0), D(100000), D(50000), community=D(20000) + CENT)
    assert found(program, over, "RF-COMMUNITY", lang) == []


def two_years(fund: tuple[Decimal, Decimal]) -> Proposal:
    expenses = [ExpenseLine(category="services", amounts=[D(100000), D(100000)])]
    revenues = [RevenueLine(source="fund", amounts=list(fund)),
                RevenueLine(source="community", amounts=[D(40000), D(40000)]),
                RevenueLine(source="own", amounts=[D(100000) - fund[0] - D(40000),
                                                   D(100000) - fund[1] - D(40000)])]
    return Proposal(program_id="regional-fund-2025", applicant=Applicant(legal_form="npo"),
                    budget=Budget(expenses=expenses, revenues=revenues))


@pytest.mark.parametrize("yearly", [False, True])
def test_whole_project_rules_are_compared_on_the_whole_project_only(yearly):
    program = pack(eligible_base=False)
    if yearly:
        text = FIXTURE.read_text(encoding="utf-8").replace(
            'code = "RF-RATE"\nkind = "share_limit"\n',
            'code = "RF-RATE"\nkind = "share_limit"\nperiod = "each_year"\n')
        program, problems = check_pack_text(text)
        assert program is not None, problems
    # 55 % in year 1, 45 % in year 2: 50 % on the whole project, exactly at the rate.
    item = two_years((D(55000), D(45000)))
    summary = summarize(program, item)
    rate = next(f for f in share_figures_of(program, item, summary, translator("en"))
                if f.rule.code == "RF-RATE")
    gauges = share_gauges(rate)
    codes = [f.location for f in found(program, item, "RF-RATE")]
    if yearly:
        assert [g.level for g in gauges] == ["over", "near"]
        assert rate.room(0) == D(-5000) and rate.room() is None
        assert codes == [("budget", "revenues", 0, "amounts", 0)]
        assert share_total_gauge(rate).level == "info"
    else:
        # The year above the rate is information, not a breach: no red, no negative room.
        assert [g.level for g in gauges] == ["info", "info"]
        assert rate.room(0) is None and rate.room(1) is None and rate.room() == 0
        assert share_total_gauge(rate).level == "near" and codes == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_dossier_share_table_has_no_room_left_on_years_of_a_whole_project_rule(lang):
    from proposalkit.export.builder import build_dossier

    program = pack(eligible_base=False)
    item = two_years((D(55000), D(45000)))
    dossier = build_dossier(program, item, validate(program, item, today=TODAY, lang=lang),
                            lang=lang, today=TODAY)
    table = next(b for b in dossier.blocks if getattr(b, "name", "") == "budget-share")
    rows = [r for r in table.body if r.kind != "group"]
    # The first rule is the Fund's rate: year 1, year 2, all years.
    year1, year2, total = rows[0].cells, rows[1].cells, rows[2].cells
    assert year1[4] == "—" and year1[5] == "—" and year2[5] == "—"
    assert total[5] == D(0)
    groups = [r.cells[0] for r in table.body if r.kind == "group"]
    assert ("over the whole project" if lang == "en" else "sur l’ensemble du projet") in groups[0]
    # No year of the dossier's share table shows a negative room left.
    assert all(not (isinstance(r.cells[5], Decimal) and r.cells[5] < 0) for r in rows[:2])


NPO_LETTERS = '''
[[attachments]]
id = "letters_patent"
label = { fr = "Lettres patentes", en = "Letters patent" }
required = false
[[rules]]
code = "RF-PATENT"
kind = "attachment_required"
attachments = ["letters_patent"]
legal_forms = ["npo"]
severity = "error"
source = "Fictitious guide, section 8"
explanation = { fr = "Lettres patentes d'un OBNL.", en = "An NPO's letters patent." }
'''


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_checklist_requires_what_the_rules_require_of_this_proposal(lang):
    from proposalkit.export.builder import build_dossier

    program = pack(NPO_LETTERS, eligible_base=False)
    tr = translator(lang)

    def required(item: Proposal) -> dict[str, bool]:
        return {i.kind: i.required for i in checklist(program, item, tr)}

    at = proposal(D(0), D(300000), D(100000))             # at the amount: not above it
    above = proposal(D(0), D(300000), D(100000) + CENT)   # one cent above
    business = proposal(D(0), D(300000), D(100000) - CENT, form="business")
    assert required(at) == {"resolution": True, "audited_statements": False,
                            "letters_patent": True}
    assert required(above)["audited_statements"] is True
    assert required(business) == {"resolution": True, "audited_statements": False,
                                  "letters_patent": False}
    # The validation agrees with the checklist.
    assert found(program, above, "RF-AUDIT") and not found(program, at, "RF-AUDIT")
    assert found(program, at, "RF-PATENT") and not found(program, business, "RF-PATENT")
    # The dossier's checklist says the same.
    yes = "Yes" if lang == "en" else "Oui"
    dossier = build_dossier(program, above, validate(program, above, today=TODAY, lang=lang),
                            lang=lang, today=TODAY)
    table = next(b for b in dossier.blocks if getattr(b, "name", "") == "checklist")
    assert [r.cells[1] for r in table.body] == [yes, yes, yes]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_total_cap_alone_leaves_the_years_as_information(lang):
    from proposalkit.core.gauges import cap_gauges, total_cap_gauge
    from proposalkit.export.builder import build_dossier

    text = FIXTURE.read_text(encoding="utf-8").replace(
        'period = "each_year"\nmax = 60000\nmin = 5000', 'period = "total"\nmax = 110000')
    program, problems = check_pack_text(text)
    assert program is not None, problems
    assert not program.caps.yearly and program.caps.funder_total == D(110000)
    # 60 000 in year 1 is no breach of a cap of 110 000 on the whole project.
    item = two_years((D(60000), D(50000)))
    summary = summarize(program, item)
    assert [cap.level for cap, _share in cap_gauges(program, summary, item)] == ["info"] * 2
    assert total_cap_gauge(program, summary, item).level == "near"
    over = two_years((D(60000), D(50000) + CENT))
    assert total_cap_gauge(program, summarize(program, over), over).level == "over"
    dossier = build_dossier(program, item, validate(program, item, today=TODAY, lang=lang),
                            lang=lang, today=TODAY)
    caps = next(b for b in dossier.blocks if getattr(b, "name", "") == "budget-caps")
    years, total = caps.body[:2], caps.body[2]
    assert all(row.cells[1] == "—" and row.cells[3] == "—" for row in years)
    assert total.cells[3] == D(0)


def test_without_any_amount_rule_nothing_is_capped():
    from proposalkit.core.gauges import cap_gauges, total_cap_gauge

    text = FIXTURE.read_text(encoding="utf-8")
    start = text.index('[[rules]]\ncode = "RF-CAP-YEAR"')
    end = text.index("[[rules]]", start + 1)
    program, problems = check_pack_text(text[:start] + text[end:])
    assert program is not None, problems
    item = two_years((D(60000), D(50000)))
    summary = summarize(program, item)
    assert total_cap_gauge(program, summary, item).level == "info"
    assert {cap.level for cap, _share in cap_gauges(program, summary, item)} == {"info"}
