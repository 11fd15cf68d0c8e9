"""The rule kinds added for what real calls say, each at, under and over its limit, in
both languages: territory cases, category caps by applicant, minimum project size,
character limits (and how words are counted), the project window and the applicant's
years of existence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from proposalkit.core.checks_dossier import count_chars, count_words
from proposalkit.core.model import Applicant, Budget, ExpenseLine, Proposal, RevenueLine
from proposalkit.core.money import format_money
from proposalkit.core.pack_check import check_pack_text
from proposalkit.core.validation import validate

D = Decimal
CENT = D("0.01")
TODAY = date(2025, 9, 1)
FIXTURE = Path(__file__).parent / "fixtures" / "regional-fund-2025.toml"
RULE = '''
severity = "error"
source = "Fictitious guide"
explanation = { fr = "Règle.", en = "Rule." }
'''
EXTRA = '''
[[territories]]
id = "gaspesie"
label = { fr = "Gaspésie", en = "Gaspésie" }

[[rules]]
code = "RF-TERR-RATE"
kind = "share_limit"
sources = ["funder"]
max = 0.50
label = { fr = "L'aide du Fonds", en = "The Fund's aid" }''' + RULE + '''
[[rules.cases]]
territories = ["gaspesie"]
max = 0.80

[[rules]]
code = "RF-ADMIN-CASE"
kind = "category_limit"
categories = ["administration"]
max_amount = 20000''' + RULE + '''
[[rules.cases]]
legal_forms = ["business"]
max_amount = 10000

[[rules]]
code = "RF-SIZE"
kind = "project_size"
base = "eligible_costs"
min = 200000''' + RULE + '''
[[rules]]
code = "RF-CHARS"
kind = "char_limit"''' + RULE + '''
[[rules]]
code = "RF-WINDOW"
kind = "project_window"
earliest_start = 2026-01-01
latest_end = 2028-03-31
min_months = 12
max_months = 24''' + RULE + '''
[[rules]]
code = "RF-AGE"
kind = "applicant_age"
min_years = 2''' + RULE


def pack(chars: str = "char_limit = 20\n", extra: str = EXTRA):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        'word_limit = 100\n', 'word_limit = 100\n' + chars)
    program, problems = check_pack_text(text + extra)
    assert program is not None, [p.detail(None) for p in problems]
    return program


@pytest.fixture(scope="module")
def fund():
    return pack()


FUND, ADMIN, NONE = D(55000), D(10000), D(0)


def proposal(*, form: str = "npo", territory: str = "estrie", fund=FUND,
             admin=ADMIN, capital=NONE, text: str = "x" * 20,
             start: date | None = date(2026, 1, 1), end: date | None = date(2027, 12, 31),
             founded: date | None = date(2020, 1, 1)) -> Proposal:
    services = D(110000) - admin
    expenses = [ExpenseLine(category="services", amounts=[services, services]),
                ExpenseLine(category="administration", amounts=[admin, admin]),
                ExpenseLine(category="capital", amounts=[capital, D(0)])]
    revenues = [RevenueLine(source="fund", amounts=[fund, fund]),
                RevenueLine(source="community", amounts=[D(220000) + capital - 2 * fund,
                                                         D(0)])]
    return Proposal(program_id="regional-fund-2025", territory=territory,
                    applicant=Applicant(legal_form=form, founded=founded),
                    sections={"project": text},
                    budget=Budget(start_date=start, end_date=end, expenses=expenses,
                                  revenues=revenues))


def one_year(item: Proposal) -> Proposal:
    """``item`` with nothing in its budget's second year (a project of one year)."""
    for line in [*item.budget.expenses, *item.budget.revenues]:
        line.amounts[1] = D(0)
    return item


def found(program, item: Proposal, code: str, lang: str = "en"):
    return [f for f in validate(program, item, today=TODAY, lang=lang) if f.code == code]


LANGS = pytest.mark.parametrize("lang", ["en", "fr"])


@LANGS
def test_a_territory_gets_its_own_rate(fund, lang):
    # 50 % in Estrie, 80 % in Gaspésie (of 220 000 of costs: 110 000 and 176 000).
    for territory, allowed in (("estrie", D(110000)), ("gaspesie", D(176000))):
        half = allowed / 2
        assert not found(fund, proposal(territory=territory, fund=half), "RF-TERR-RATE", lang)
        assert not found(fund, proposal(territory=territory, fund=half - CENT),
                         "RF-TERR-RATE", lang)
        over = found(fund, proposal(territory=territory, fund=half + CENT), "RF-TERR-RATE",
                     lang)
        assert len(over) == 1 and over[0].location == ("budget", "revenues", 0)
        if territory == "gaspesie":
            assert "(Gaspésie)" in over[0].message


@LANGS
@pytest.mark.parametrize(("form", "cap"), [("npo", D(20000)), ("business", D(10000))])
def test_a_category_cap_by_applicant_type(fund, lang, form, cap):
    half = cap / 2
    assert not found(fund, proposal(form=form, admin=half), "RF-ADMIN-CASE", lang)
    assert not found(fund, proposal(form=form, admin=half - CENT), "RF-ADMIN-CASE", lang)
    over = found(fund, proposal(form=form, admin=half + CENT), "RF-ADMIN-CASE", lang)
    assert len(over) == 1 and over[0].location == ("budget", "expenses", 1)
    if form == "business":
        assert ("(Business)" if lang == "en" else "(Entreprise)") in over[0].message


@LANGS
def test_minimum_project_size_on_eligible_costs(lang):
    program = pack(extra=EXTRA.replace("min = 200000", "min = 220000"))
    # 220 000 of eligible costs; capital is not eligible and does not count.
    assert not found(program, proposal(capital=D(5000)), "RF-SIZE", lang)
    low = Proposal.model_validate(proposal().model_dump())
    low.budget.expenses[0].amounts = [D(100000) - CENT, D(100000)]
    below = found(program, low, "RF-SIZE", lang)
    assert len(below) == 1 and below[0].location == ("budget", "expenses")
    assert format_money(CENT, lang) in below[0].message
    high = Proposal.model_validate(proposal().model_dump())
    high.budget.expenses[0].amounts = [D(100000) + CENT, D(100000)]
    assert not found(program, high, "RF-SIZE", lang)


@LANGS
@pytest.mark.parametrize("spaces", [True, False])
def test_character_limits_with_or_without_spaces(lang, spaces):
    program = pack("char_limit = 20\n" + ("" if spaces else "char_spaces = false\n"))
    text = ("a" * 20) if spaces else ("ab cd " * 5)     # 20 either way
    assert not found(program, proposal(text=text), "RF-CHARS", lang)
    assert not found(program, proposal(text=text[:-1]), "RF-CHARS", lang)
    over = found(program, proposal(text=text + "z"), "RF-CHARS", lang)
    assert len(over) == 1 and over[0].location == ("sections", "project")
    assert "21" in over[0].message
    assert (("spaces included" if spaces else "spaces not included") if lang == "en" else
            ("espaces compris" if spaces else "sans les espaces")) in over[0].message


def test_how_words_and_characters_are_counted():
    # Typographic signs standing alone are not words.
    assert count_words("« Bonjour » — dit-il : l’été 2025 ; 50 %") == 5
    assert count_words("«Bonjour»") == 1
    assert count_chars("ab c\n\nd", True) == 5 and count_chars("ab c\n\nd", False) == 4


@LANGS
def test_project_window(fund, lang):
    ok = one_year(proposal(start=date(2026, 1, 1), end=date(2026, 12, 31)))  # 12 months
    assert not found(fund, ok, "RF-WINDOW", lang)
    early = found(fund, proposal(start=date(2025, 12, 31), end=date(2027, 12, 30)),
                  "RF-WINDOW", lang)
    assert [f.location for f in early] == [("budget", "start_date")]
    short = found(fund, one_year(proposal(start=date(2026, 1, 1), end=date(2026, 12, 30))),
                  "RF-WINDOW", lang)
    assert [f.location for f in short] == [("budget", "end_date")]
    assert ("shorter" if lang == "en" else "plus court") in short[0].message
    longest = proposal(start=date(2026, 4, 1), end=date(2028, 3, 31))  # 24 months, at the end
    assert not found(fund, longest, "RF-WINDOW", lang)
    late = found(fund, proposal(start=date(2026, 4, 2), end=date(2028, 4, 1)), "RF-WINDOW",
                 lang)
    assert [f.location for f in late] == [("budget", "end_date")]
    long = found(fund, proposal(start=date(2026, 1, 1), end=date(2028, 1, 1)), "RF-WINDOW",
                 lang)
    assert ("longer" if lang == "en" else "plus long") in long[0].message
    missing = found(fund, proposal(end=None), "RF-WINDOW", lang)
    assert [f.location for f in missing] == [("budget", "end_date")]


@LANGS
def test_years_of_existence_on_the_deadline(fund, lang):
    # The deadline is 31 October 2025: two full years from 31 October 2023.
    assert not found(fund, proposal(founded=date(2023, 10, 31)), "RF-AGE", lang)
    assert not found(fund, proposal(founded=date(2023, 10, 30)), "RF-AGE", lang)
    young = found(fund, proposal(founded=date(2023, 11, 1)), "RF-AGE", lang)
    assert [f.location for f in young] == [("applicant", "founded")]
    assert ("1 full year of" if lang == "en" else "1 année complète") in young[0].message
    unknown = found(fund, proposal(founded=None), "RF-AGE", lang)
    assert [f.location for f in unknown] == [("applicant", "founded")]


@pytest.mark.parametrize(("extra", "field", "words"), [
    ('[[rules]]\ncode = "X-AGE"\nkind = "applicant_age"' + RULE, ("rules", 12),
     "min_years"),
    ('[[rules]]\ncode = "X-WIN"\nkind = "project_window"\nmin_months = 30\nmax_months = 12'
     + RULE, ("rules", 12, "min_months"), "max_months"),
    ('[[rules]]\ncode = "X-CH"\nkind = "char_limit"' + RULE, ("rules", 12), "char_limit"),
    ('[[rules]]\ncode = "X-T"\nkind = "share_limit"\nsources = ["funder"]\nmax = 0.5' + RULE
     + '[[rules.cases]]\nterritories = ["nowhere"]\nmax = 0.6\n',
     ("rules", 12, "cases", 0, "territories", 0), "estrie"),
])
def test_pack_check_explains_new_kinds_mistakes(extra, field, words):
    text = FIXTURE.read_text(encoding="utf-8")
    count = text.count("[[rules]]")
    field = (field[0], count, *field[2:])
    _program, problems = check_pack_text(text + "\n" + extra)
    assert problems, extra
    assert any(p.path == field and words in p.detail(None) for p in problems), [
        (p.path, p.detail(None)) for p in problems]


def _problems(text: str, lang: str | None):
    from proposalkit.i18n import translator

    _program, problems = check_pack_text(text)
    tr = translator(lang) if lang else None
    return [(p.field, p.detail(tr)) for p in problems]


@LANGS
@pytest.mark.parametrize("value", ["1.5", '"500"'])
def test_pack_check_names_the_field_in_the_users_language(lang, value):
    text = FIXTURE.read_text(encoding="utf-8").replace("word_limit = 100",
                                                       f"word_limit = {value}")
    found_ = _problems(text, lang)
    assert found_ == [("sections[0].word_limit", "must be a whole number" if lang == "en"
                       else "doit être un nombre entier")]


def test_a_rule_key_written_after_its_case_is_explained():
    text = FIXTURE.read_text(encoding="utf-8")
    # The author wrote the rule's severity after its first [[rules.cases]].
    moved = text.replace('max = 0.50\nseverity = "error"\nsource = "Fictitious guide, section 5"\n'
                         'label = { fr = "L\'aide du Fonds", en = "The Fund\'s aid" }\n'
                         'explanation = { fr = "Au plus 50 % des coûts (40 % pour une '
                         'entreprise).", en = "At most 50% of costs (40% for a business)." }\n'
                         '[[rules.cases]]\nlegal_forms = ["business"]\nmax = 0.40\n',
                         'max = 0.50\nsource = "Fictitious guide, section 5"\n'
                         'label = { fr = "L\'aide du Fonds", en = "The Fund\'s aid" }\n'
                         'explanation = { fr = "Au plus 50 % des coûts (40 % pour une '
                         'entreprise).", en = "At most 50% of costs (40% for a business)." }\n'
                         '[[rules.cases]]\nlegal_forms = ["business"]\nmax = 0.40\n'
                         'severity = "error"\n')
    assert moved != text
    problems = dict(_problems(moved, "en"))
    assert "belongs to the rule, not to its case" in problems["rules[1].cases[0].severity"]
    assert "appartient à la règle" in dict(_problems(moved, "fr"))["rules[1].cases[0].severity"]


@LANGS
def test_a_group_named_like_a_revenue_source_is_explained(lang):
    text = FIXTURE.read_text(encoding="utf-8").replace(
        'id = "municipal"\nlabel = { fr = "Municipalités", en = "Municipalities" }\n'
        'groups = ["government"]', 'id = "municipal"\nlabel = { fr = "Municipalités", '
        'en = "Municipalities" }\ngroups = ["government", "community"]')
    problems = dict(_problems(text, lang))
    message = problems["revenue_sources[1].groups[1]"]
    assert ("the source 'community' together with every source of the group" if lang == "en"
            else "la source 'community' avec toutes les sources du groupe") in message


def test_the_french_doc_has_every_example_of_the_english_one():
    import re
    import tomllib

    docs = Path(__file__).parents[2] / "docs"

    def blocks(name: str) -> list[tuple[str, str]]:
        text = (docs / name).read_text(encoding="utf-8")
        return re.findall(r"```(\w*)\n(.*?)```", text, re.S)

    english, french = blocks("packs.md"), blocks("packs.fr.md")
    assert [lang for lang, _body in english] == [lang for lang, _body in french]

    def kinds(found) -> list[str]:
        return [k for lang, body in found if lang == "toml"
                for k in re.findall(r'^kind = "(\w+)"', body, re.M)]

    assert kinds(english) == kinds(french)
    # Every TOML example is TOML.
    for lang, body in english + french:
        if lang == "toml":
            tomllib.loads(body.replace("…", "x").replace("[...]", "[]"))
