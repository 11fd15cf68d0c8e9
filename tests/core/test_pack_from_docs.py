"""A call written as a pack by someone who had read only docs/packs.md: the federal DEC
call for incubators and accelerators 2024–2028 (tests/core/fixtures/dec-incubators-2024.toml).

Loaded through the public API the docs name (``load_pack``, ``validate``), each limit is
tried at its value (no finding), a cent under it and a cent over it; ``pack check``
accepts the file and points at the line of a deliberate mistake."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from proposalkit.cli import main
from proposalkit.core import program as program_module
from proposalkit.core.model import (
    Address,
    Applicant,
    Attachment,
    Budget,
    Contact,
    ExpenseLine,
    Partner,
    Proposal,
    RevenueLine,
    Signatory,
)
from proposalkit.core.program import Program, load_pack
from proposalkit.core.validation import Finding, validate
from proposalkit.i18n import translator

D = Decimal
CENT = D("0.01")
ZERO = D(0)
PACK = Path(__file__).parent / "fixtures" / "dec-incubators-2024.toml"
TODAY = date(2024, 5, 1)
YEARS = 4


@pytest.fixture(scope="module")
def dec() -> Program:
    return load_pack(PACK)


def spread(total: Decimal | int, first: Decimal = ZERO) -> list[Decimal]:
    """A total over the four years, evenly, with ``first`` added to year 1 (to move a
    total by one cent without touching the other years)."""
    each = D(total) / YEARS
    return [each + first, each, each, each]


def proposal(*, form: str = "npo", activity: str = "incubation",
             dec_years: Sequence[Decimal] | None = None, quebec: Sequence[Decimal] | None = None,
             municipal: Sequence[Decimal] | None = None,
             private: Sequence[Decimal] | None = None,
             in_kind: Sequence[Decimal] | None = None,
             admin: Sequence[Decimal] | None = None, travel: Sequence[Decimal] | None = None,
             programs: Decimal | None = None, capital: Decimal = ZERO) -> Proposal:
    """A complete, valid proposal: costs of $400,000 a year ($1,600,000 in all), financed by
    DEC ($150,000 a year), Québec, a municipality, a private fund (cash), a university (in
    kind) and the organization's own revenue, which balances every year. ``programs``
    raises the costs (for large requests); ``capital`` adds an ineligible line in year 1."""
    dec_years = list(dec_years or spread(600000))
    quebec = list(quebec or spread(400000))
    municipal = list(municipal or spread(80000))
    private = list(private or spread(120000))
    in_kind = list(in_kind or spread(80000))
    admin = list(admin or spread(144000))
    travel = list(travel or spread(40000))
    programs = D(110000) if programs is None else programs
    salaries = [D(290000) - a - t for a, t in zip(admin, travel, strict=True)]
    expenses = [ExpenseLine(category="salaries", amounts=salaries),
                ExpenseLine(category="programs", amounts=[programs] * YEARS),
                ExpenseLine(category="administration", amounts=admin),
                ExpenseLine(category="travel", amounts=travel)]
    if capital:
        expenses.append(ExpenseLine(category="capital", amounts=[capital] + [D(0)] * 3))
    costs = [sum((e.amounts[y] for e in expenses), D(0)) for y in range(YEARS)]
    funded = [dec_years[y] + quebec[y] + municipal[y] + private[y] + in_kind[y]
              for y in range(YEARS)]
    own = [costs[y] - funded[y] for y in range(YEARS)]
    assert min(own) >= 0, "the proposal helper needs own revenue to balance"
    fund = Partner(id="fonds", name="Fonds Capital Nord", type="financial",
                   cash=private, letter_received=True, letter_attachment_id="l-fonds")
    uni = Partner(id="uni", name="Université du Fjord", type="academic",
                  in_kind=in_kind, letter_received=True, letter_attachment_id="l-uni")
    revenues = [RevenueLine(source="dec_request", amounts=dec_years),
                RevenueLine(source="quebec", amounts=quebec),
                RevenueLine(source="municipal", amounts=municipal),
                RevenueLine(source="private", amounts=private, partner_id="fonds"),
                RevenueLine(source="community_org", nature="in_kind", amounts=in_kind,
                            partner_id="uni"),
                RevenueLine(source="own_revenue", amounts=own)]
    attachments = [Attachment(id=f"a-{kind}", kind=kind, reference=f"attachments/{kind}.pdf")
                   for kind in ("letters_patent", "financial_statements", "board_resolution")]
    attachments += [Attachment(id="l-fonds", kind="support_letter", partner_id="fonds",
                               reference="attachments/fonds.pdf"),
                    Attachment(id="l-uni", kind="support_letter", partner_id="uni",
                               reference="attachments/uni.pdf")]
    return Proposal(
        program_id="dec-incubators-2024",
        applicant=Applicant(
            legal_name="Tremplin Fjord", neq="1171234567", legal_form=form,
            main_activity=activity, main_establishment_in_quebec=True,
            address=Address(street="12, rue Racine", city="Saguenay", postal_code="G7H 1R1"),
            contact=Contact(name="Julie Tremblay", title="Directrice", phone="418 555-0101",
                            email="julie@tremplin.example")),
        territory="saguenay-lac-saint-jean", partners=[fund, uni],
        sections={s: "mot " * 100 for s in ("organization", "services", "project",
                                            "financing")},
        budget=Budget(expenses=expenses, revenues=revenues),
        attachments=attachments,
        signatory=Signatory(name="Julie Tremblay", title="Directrice"))


def findings(dec: Program, item: Proposal, code: str, lang: str = "en",
             today: date = TODAY) -> list[Finding]:
    return [f for f in validate(dec, item, today=today, lang=lang) if f.code == code]


def has(dec: Program, item: Proposal, code: str) -> bool:
    return bool(findings(dec, item, code))


def test_the_helper_proposal_is_valid(dec):
    assert dec.years == YEARS
    assert [(f.code, f.message) for f in validate(dec, proposal(), today=TODAY)] == []


# -- the money asked of DEC -----------------------------------------------------------

@pytest.mark.parametrize(("year", "cap"), [(0, D(500000)), (1, D(500000)), (2, D(400000)),
                                           (3, D(300000))])
def test_yearly_cap_one_per_year(dec, year, cap):
    base = [D(100000)] * YEARS
    for amount, expected in ((cap - CENT, False), (cap, False), (cap + CENT, True)):
        years = list(base)
        years[year] = amount
        found = findings(dec, proposal(dec_years=years, programs=D(600000)), "DEC-CAP-YEAR")
        assert bool(found) == expected, amount
    assert [f.location[-1] for f in found] == [year]
    assert f"${cap + CENT:,}" in found[0].message and f"${cap:,}" in found[0].message


def test_total_cap(dec):
    # Within every yearly cap; the four years add up to $1,500,000.
    at = [D(500000), D(500000), D(300000), D(200000)]
    for extra, expected in ((-CENT, False), (D(0), False), (CENT, True)):
        years = at[:3] + [at[3] + extra]
        found = findings(dec, proposal(dec_years=years, programs=D(600000)), "DEC-CAP-TOTAL")
        assert bool(found) == expected, extra
    assert "$1,500,000.01" in found[0].message


def test_yearly_minimum_is_a_warning(dec):
    for amount, expected in ((D(25000) - CENT, True), (D(25000), False),
                             (D(25000) + CENT, False)):
        years = [D(150000), amount, D(150000), D(150000)]
        found = findings(dec, proposal(dec_years=years), "DEC-MIN-YEAR", lang="fr")
        assert bool(found) == expected, amount
    low = findings(dec, proposal(dec_years=[D(150000), D(25000) - CENT, D(150000),
                                            D(150000)]), "DEC-MIN-YEAR", lang="fr")
    assert [f.severity for f in low] == ["warning"] and [f.location[-1] for f in low] == [1]
    assert "24\xa0999,99\xa0$" in low[0].message and "25\xa0000,00\xa0$" in low[0].message


# -- shares of the costs ----------------------------------------------------------------

def test_rate_is_on_eligible_costs_without_in_kind(dec):
    # Eligible costs $1,600,000, less $80,000 in kind: 50 % is $760,000.
    for extra, expected in ((-CENT, False), (D(0), False), (CENT, True)):
        found = findings(dec, proposal(dec_years=spread(760000, extra)), "DEC-RATE")
        assert bool(found) == expected, extra
    assert "CED’s contribution" in found[0].message and "$760,000.01" in found[0].message
    # Without in-kind, the base is the whole $1,600,000 and $760,000.01 is well within it.
    no_kind = proposal(dec_years=spread(760000, CENT), in_kind=[D(0)] * YEARS)
    assert not has(dec, no_kind, "DEC-RATE")
    for extra, expected in ((D(0), False), (CENT, True)):
        item = proposal(dec_years=spread(800000, extra), quebec=spread(360000),
                        in_kind=[D(0)] * YEARS)
        assert has(dec, item, "DEC-RATE") == expected, extra


def test_rate_ignores_ineligible_costs(dec):
    # $100,000 of capital adds to the costs but not to the rate's base.
    for extra, expected in ((D(0), False), (CENT, True)):
        item = proposal(dec_years=spread(760000, extra), capital=D(100000))
        assert has(dec, item, "DEC-RATE") == expected, extra


@pytest.mark.parametrize(("form", "limit"), [("npo", D(1280000)),
                                             ("indigenous_npo", D(1440000))])
def test_stacking_depends_on_the_applicant(dec, form, limit):
    # Government: DEC $600,000 + municipal $80,000 + Québec; 80 % (90 %) of $1,600,000.
    quebec_at = limit - D(680000)
    for extra, expected in ((-CENT, False), (D(0), False), (CENT, True)):
        item = proposal(form=form, quebec=spread(quebec_at, extra), private=spread(40000),
                        in_kind=spread(40000))
        assert has(dec, item, "DEC-STACKING") == expected, (form, extra)
    text = findings(dec, item, "DEC-STACKING")[0].message
    assert "All government assistance" in text and f"${limit + CENT:,}" in text
    if form == "indigenous_npo":
        assert "90%" in text and "Indigenous non-profit organization" in text


def test_stacking_base_leaves_ineligible_costs_out(dec):
    # $100,000 of capital, balanced by own revenue, does not raise the stacking limit.
    for extra, expected in ((D(0), False), (CENT, True)):
        item = proposal(quebec=spread(600000, extra), private=spread(40000),
                        in_kind=spread(40000), capital=D(100000))
        assert has(dec, item, "DEC-STACKING") == expected, extra


def test_stacking_message_in_french(dec):
    item = proposal(quebec=spread(600000, CENT), private=spread(40000), in_kind=spread(40000))
    text = findings(dec, item, "DEC-STACKING", lang="fr")[0].message
    assert text.startswith("L’ensemble de l’aide gouvernementale représente")
    assert "le maximum est de 80\xa0%" in text and "1\xa0280\xa0000,01\xa0$" in text


def test_community_minimum_counts_cash_and_in_kind(dec):
    # 10 % of $1,600,000: private cash $80,000 + in kind $80,000.
    for extra, expected in ((-CENT, True), (D(0), False), (CENT, False)):
        found = findings(dec, proposal(private=spread(80000, extra)), "DEC-COMMUNITY")
        assert bool(found) == expected, extra
    low = findings(dec, proposal(private=spread(80000, -CENT)), "DEC-COMMUNITY")
    assert "the minimum is 10%" in low[0].message


def test_community_minimum_is_on_all_costs(dec):
    # The base is total_costs: $100,000 of ineligible capital raises the minimum by $10,000.
    assert has(dec, proposal(private=spread(80000), capital=D(100000)), "DEC-COMMUNITY")
    assert not has(dec, proposal(private=spread(90000), capital=D(100000)), "DEC-COMMUNITY")
    assert has(dec, proposal(private=spread(90000, -CENT), capital=D(100000)),
               "DEC-COMMUNITY")


def test_in_kind_maximum(dec):
    # 25 % of $1,600,000 = $400,000 in kind (private cash lowered so own revenue balances).
    for extra, expected in ((-CENT, False), (D(0), False), (CENT, True)):
        item = proposal(in_kind=spread(400000, extra), private=[D(1)] * YEARS,
                        quebec=spread(200000))
        assert has(dec, item, "DEC-IN-KIND") == expected, extra


# -- expenses -----------------------------------------------------------------------------

def test_administration_at_most_ten_percent_of_costs(dec):
    # 10 % of $1,600,000 = $160,000 over the four years.
    for extra, expected in ((-CENT, False), (D(0), False), (CENT, True)):
        found = findings(dec, proposal(admin=spread(160000, extra)), "DEC-ADMIN")
        assert bool(found) == expected, extra
    assert "$160,000.01" in found[0].message


def test_administration_share_counts_ineligible_costs(dec):
    # "Of the project's costs": all of them, $100,000 of ineligible capital included.
    for extra, expected in ((D(0), False), (CENT, True)):
        item = proposal(admin=spread(170000, extra), capital=D(100000))
        assert has(dec, item, "DEC-ADMIN") == expected, extra


def test_travel_cap_each_year_is_a_warning(dec):
    for amount, expected in ((D(40000) - CENT, False), (D(40000), False),
                             (D(40000) + CENT, True)):
        travel = [D(10000), amount, D(10000), D(10000)]
        found = findings(dec, proposal(travel=travel), "DEC-TRAVEL")
        assert bool(found) == expected, amount
    assert [f.severity for f in found] == ["warning"]
    assert "$40,000.01" in found[0].message


def test_ineligible_category(dec):
    found = findings(dec, proposal(capital=D(5000)), "DEC-INELIGIBLE")
    assert [f.location for f in found] == [("budget", "expenses", 4, "category")]
    assert found[0].severity == "warning"


def test_dec_contribution_in_kind_is_refused(dec):
    item = proposal()
    item.budget.revenues[0].nature = "in_kind"
    assert [f.location for f in findings(dec, item, "DEC-CASH")] == \
        [("budget", "revenues", 0, "nature")]


# -- documents, texts, applicant, deadline ------------------------------------------------

def test_word_limits_warning_and_error_past_ten_percent(dec):
    item = proposal()
    for words, expected in ((1000, set()), (1001, {"DEC-WORDS"}), (1100, {"DEC-WORDS"}),
                            (1101, {"DEC-WORDS", "DEC-WORDS-MAX"})):
        item.sections["financing"] = "mot " * words
        got = {f.code for f in validate(dec, item, today=TODAY) if f.code.startswith("DEC-WORDS")}
        assert got == expected, words
    # The tolerance rule names one section only: the others get the warning alone.
    item.sections["financing"] = "mot " * 100
    item.sections["project"] = "mot " * 1800
    assert {f.code for f in validate(dec, item, today=TODAY)} == {"DEC-WORDS"}


def test_audited_statements_above_a_million(dec):
    at = proposal(dec_years=spread(1000000), quebec=[D(0)] * YEARS)
    assert not has(dec, at, "DEC-AUDIT")
    over = proposal(dec_years=spread(1000000, CENT), quebec=[D(0)] * YEARS)
    assert has(dec, over, "DEC-AUDIT")
    over.attachments.append(Attachment(kind="audited_statements",
                                       reference="attachments/audit.pdf"))
    assert not has(dec, over, "DEC-AUDIT")


def test_indigenous_applicant_attaches_its_mandate(dec):
    assert not has(dec, proposal(), "DEC-INDIGENOUS")
    item = proposal(form="indigenous_npo", activity="acceleration")
    assert has(dec, item, "DEC-INDIGENOUS")
    item.attachments.append(Attachment(kind="indigenous_mandate",
                                       reference="attachments/mandat.pdf"))
    assert [f.code for f in validate(dec, item, today=TODAY)] == []


def test_required_attachment_and_partner_letter(dec):
    item = proposal()
    item.attachments = [a for a in item.attachments
                        if a.kind != "board_resolution" and a.partner_id != "uni"]
    assert {f.code for f in validate(dec, item, today=TODAY)} == {"DEC-ATTACH", "DEC-LETTER"}


def test_only_incubators_and_accelerators_may_apply(dec):
    assert has(dec, proposal(form="business"), "DEC-ELIGIBLE")
    assert has(dec, proposal(activity="economic_development"), "DEC-ELIGIBLE")
    assert not has(dec, proposal(activity="acceleration"), "DEC-ELIGIBLE")


def test_partner_money_must_be_in_the_revenues(dec):
    item = proposal()
    item.partners[0].cash = spread(120000, D(1))
    assert has(dec, item, "DEC-PARTNER-MONEY")


def test_unbalanced_budget(dec):
    item = proposal()
    item.budget.revenues[-1].amounts[2] += CENT
    found = findings(dec, item, "DEC-BALANCE")
    assert len(found) == 1 and "0.01" in found[0].message


def test_deadline_warns_then_says_closed(dec):
    item = proposal()
    assert not findings(dec, item, "DEC-DEADLINE", today=date(2024, 6, 13))
    assert findings(dec, item, "DEC-DEADLINE", today=date(2024, 6, 20))
    closed = findings(dec, item, "DEC-DEADLINE", today=date(2024, 6, 29))
    assert closed and "closed" in closed[0].message


def test_every_rule_says_where_it_comes_from(dec):
    en = translator("en")
    for rule in dec.rules:
        assert rule.source and rule.explanation.fr and rule.explanation.en
        # What is not in DEC's public texts is flagged as the author's assumption.
        if "pack author’s assumption" in rule.source_label(en):
            assert rule.assumption, rule.code


# -- pack check ---------------------------------------------------------------------------

def test_pack_check_accepts_the_pack(capsys):
    assert main(["pack", "check", str(PACK), "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert "valid (dec-incubators-2024, version 2024.1, 27 rules)" in out and err == ""


def _check(capsys, tmp_path, text: str) -> tuple[int, str, str]:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    code = main(["pack", "check", str(path), "--lang", "fr"])
    out, err = capsys.readouterr()
    return code, out, err.replace(str(path), "FILE")


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_pack_check_points_at_a_broken_field(capsys, tmp_path):
    broken = PACK.read_text(encoding="utf-8").replace("max = 0.80", "max = 1.80")
    code, out, err = _check(capsys, tmp_path, broken)
    assert code == 2 and "1 problème" in out
    assert err.startswith(f"FILE:{_line(broken, 'max = 1.80')}: rules[4].max: doit être")


def test_a_bilingual_source_missing_its_english_is_one_problem(capsys, tmp_path):
    whole = 'source = { fr = "Pratique budgétaire", en = "Budgeting practice" }'
    broken = PACK.read_text(encoding="utf-8").replace(whole, 'source = { fr = "Pratique" }')
    code, out, err = _check(capsys, tmp_path, broken)
    assert code == 2 and "1 problème" in out
    assert err.startswith(f"FILE:{_line(broken, 'Pratique')}: rules[15].source.en: ce champ")


def test_pack_check_lists_every_unknown_name(capsys, tmp_path):
    broken = PACK.read_text(encoding="utf-8").replace(
        'categories = ["administration"]', 'categories = ["admin"]').replace(
        'sources = ["community"]', 'sources = ["communty"]')
    code, out, err = _check(capsys, tmp_path, broken)
    assert code == 2 and "2 problèmes" in out
    first, second = err.splitlines()
    assert first.startswith(f"FILE:{_line(broken, 'communty')}: rules[5].sources[0]: ")
    assert "communty" in first and "community_org" in first
    admin = _line(broken, 'categories = ["admin"]')
    assert second.startswith(f"FILE:{admin}: rules[7].categories[0]: ")
    assert "admin" in second and "administration" in second


def test_an_assumption_is_not_attributed_to_proposalkit(dec):
    # The pack is not proposalkit's: its assumptions are flagged without naming an author.
    item = proposal(admin=spread(160000, CENT))
    # Worded as an assumption (the call is silent), not as "no source states it".
    for lang, flag in (("en", "(not stated by the call; assumed)"),
                       ("fr", "(non précisé par l’appel\u202f; hypothèse)")):
        source = findings(dec, item, "DEC-ADMIN", lang=lang)[0].source
        assert source.endswith(flag) and "proposalkit" not in source
    balance = proposal()
    balance.budget.revenues[-1].amounts[0] += CENT
    assert "hypothèse" not in findings(dec, balance, "DEC-BALANCE", lang="fr")[0].source


def _with_rate_cases(tmp_path: Path, cases: str) -> Program:
    """The DEC pack with applicant cases added to its rate rule (a data change only)."""
    text = PACK.read_text(encoding="utf-8")
    anchor = 'in-kind contributions left out." }\n'
    assert text.count(anchor) == 1
    path = tmp_path / "cases.toml"
    path.write_text(text.replace(anchor, anchor + cases), encoding="utf-8")
    return load_pack(path)


def test_case_on_legal_form_and_activity_needs_both(tmp_path):
    dec = _with_rate_cases(tmp_path, '[[rules.cases]]\nlegal_forms = ["indigenous_npo"]\n'
                                     'main_activities = ["acceleration"]\nmax = 0.60\n')
    # 60 % of $1,520,000 (eligible costs without in-kind) is $912,000.
    both = proposal(form="indigenous_npo", activity="acceleration",
                    dec_years=spread(912000), quebec=spread(200000))
    assert not has(dec, both, "DEC-RATE")
    both.budget.revenues[0].amounts[0] += CENT
    both.budget.revenues[-1].amounts[0] -= CENT
    text = findings(dec, both, "DEC-RATE")[0].message
    assert "60% (Indigenous non-profit organization, Business acceleration)" in text
    # Only one of the two: the rule's own 50 % applies.
    for form, activity in (("indigenous_npo", "incubation"), ("npo", "acceleration")):
        item = proposal(form=form, activity=activity, dec_years=spread(760000, CENT))
        assert has(dec, item, "DEC-RATE"), (form, activity)
        assert "the maximum is 50%," in findings(dec, item, "DEC-RATE")[0].message


def test_case_on_the_activity_alone_is_named_by_the_activity(tmp_path):
    dec = _with_rate_cases(tmp_path, '[[rules.cases]]\nmain_activities = ["acceleration"]\n'
                                     'max = 0.55\n')
    # 55 % of $1,520,000 is $836,000, for any legal form.
    at = proposal(activity="acceleration", dec_years=spread(836000), quebec=spread(300000))
    assert not has(dec, at, "DEC-RATE")
    over = proposal(activity="acceleration", dec_years=spread(836000, CENT),
                    quebec=spread(300000))
    text = findings(dec, over, "DEC-RATE", lang="fr")[0].message
    assert "55\xa0% (Accélération d’entreprises)" in text
    assert "Organisme à but non lucratif" not in text


def test_the_documented_cli_path_for_a_user_pack(capsys, tmp_path, monkeypatch):
    # docs/packs.md, "How to test a pack", step 2: the file in the user programs folder
    # (PROPOSALKIT_USER_PROGRAMS, set per test by conftest), then programs, new, validate.
    folder = Path(os.environ["PROPOSALKIT_USER_PROGRAMS"])
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PACK, folder / PACK.name)
    # Each command is a new process for a user; here the process's catalog is reloaded
    # (and put back afterwards, so that other tests never see this pack).
    monkeypatch.setattr(program_module, "_default_catalog", None)
    assert main(["programs", "--lang", "en"]) == 0
    assert "dec-incubators-2024\tIncubators and accelerators 2024–2028" in capsys.readouterr().out
    target = tmp_path / "test.pkp"
    assert main(["new", "--program", "dec-incubators-2024", "-o", str(target)]) == 0
    capsys.readouterr()
    assert main(["validate", str(target), "--today", "2024-06-20", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "DEC-ELIGIBLE" in out and "DEC-MIN-YEAR" in out
    assert "The call closes on June 28, 2024: 8 days left." in out
