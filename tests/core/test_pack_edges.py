"""The edges of the rule vocabulary the blind pack's analyst found undocumented (log D4 to
D13 of tests/core/fixtures/blind-mei-2022.toml), each at its limit, one under and one
over, in both languages: months counted from a mid-month or month-end start, the window
against the budget's years, an applicant without a founding date, category limits' default
period, project size and in-kind, character tolerance, an assumption per case, counts
with thousands separators; and the pack's list of the call's documents."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from proposalkit.core.dates import period_end
from proposalkit.core.model import RevenueLine
from proposalkit.core.pack_check import check_pack_text
from proposalkit.export.builder import build_dossier
from proposalkit.export.ir import BulletList, Table
from proposalkit.i18n import translator
from tests.core.test_new_kinds import EXTRA, FIXTURE, found, one_year, pack, proposal

D = Decimal
LANGS = pytest.mark.parametrize("lang", ["en", "fr"])
ASSUMED = {lang: translator(lang).gettext("(not stated by the call; assumed)")
           for lang in ("en", "fr")}


def window(rule_fields: str):
    """The test pack with one project_window rule of these fields instead of RF-WINDOW."""
    extra = EXTRA.replace('''earliest_start = 2026-01-01
latest_end = 2028-03-31
min_months = 12
max_months = 24''', rule_fields)
    return pack(extra=extra)


# -- D4: months from a mid-month or month-end start --------------------------------------

@pytest.mark.parametrize(("start", "months", "end"), [
    (date(2023, 4, 1), 12, date(2024, 3, 31)),
    (date(2022, 11, 15), 36, date(2025, 11, 14)),
    (date(2026, 1, 31), 1, date(2026, 2, 28)),      # February has no 31st: its last day
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 1, 28), 1, date(2026, 2, 27)),
])
def test_the_last_day_of_a_period_of_months(start, months, end):
    assert period_end(start, months) == end


@LANGS
@pytest.mark.parametrize(("end", "broken"), [(date(2027, 11, 14), False),
                                             (date(2027, 11, 13), False),
                                             (date(2027, 11, 15), True)])
def test_max_months_from_the_middle_of_a_month(lang, end, broken):
    program = window("max_months = 24")
    item = proposal(start=date(2025, 11, 15), end=end)
    assert bool(found(program, item, "RF-WINDOW", lang)) is broken


@LANGS
@pytest.mark.parametrize(("end", "broken"), [(date(2026, 2, 28), False),
                                             (date(2026, 3, 1), False),
                                             (date(2026, 2, 27), True)])
def test_min_months_from_the_last_day_of_a_month(lang, end, broken):
    # From 31 January, one month ends on 28 February (not on 27 February).
    program = window("min_months = 1")
    item = one_year(proposal(start=date(2026, 1, 31), end=end))
    short = found(program, item, "RF-WINDOW", lang)
    assert bool(short) is broken, short
    if broken:
        assert short[0].location == ("budget", "end_date")


# -- D5: the window against the budget's years ---------------------------------------------

@LANGS
@pytest.mark.parametrize(("end", "broken"), [(date(2027, 12, 31), False),
                                             (date(2027, 12, 30), False),
                                             (date(2028, 1, 1), True)])
def test_an_end_after_the_budget_years(lang, end, broken):
    # The pack has 2 budget years; the rule only sets an earliest start.
    program = window("earliest_start = 2026-01-01")
    over = found(program, proposal(start=date(2026, 1, 1), end=end), "RF-WINDOW", lang)
    assert bool(over) is broken, over
    if broken:
        assert [f.location for f in over] == [("budget", "end_date")]
        assert ("December 31, 2027" if lang == "en" else "31 décembre 2027") in over[0].message
        assert ("2 years" if lang == "en" else "2 années") in over[0].message


@LANGS
def test_a_project_longer_than_allowed_is_said_once(lang):
    # 24 months at most and 2 budget years: 25 months is one finding, not two.
    program = window("max_months = 24")
    over = found(program, proposal(start=date(2026, 1, 1), end=date(2028, 1, 31)),
                 "RF-WINDOW", lang)
    assert len(over) == 1 and ("longer" if lang == "en" else "plus long") in over[0].message


@LANGS
@pytest.mark.parametrize(("end", "broken"), [(date(2026, 12, 31), True),
                                             (date(2027, 1, 1), False),
                                             (date(2027, 1, 2), False)])
def test_money_in_a_budget_year_after_the_end(lang, end, broken):
    # Year 2 starts on 1 January 2027: a project ending the day before has no year 2.
    program = window("earliest_start = 2026-01-01")
    after = found(program, proposal(start=date(2026, 1, 1), end=end), "RF-WINDOW", lang)
    assert bool(after) is broken, after
    if broken:
        assert [f.location for f in after] == [("budget", "expenses", 0, "amounts", 1)]
        assert ("Year 2" if lang == "en" else "L’année 2") in after[0].message
    # With nothing in year 2, the shorter project is fine.
    assert not found(program, one_year(proposal(start=date(2026, 1, 1), end=end)),
                     "RF-WINDOW", lang)


@LANGS
@pytest.mark.parametrize(("months", "refused"), [(24, False), (23, False), (25, True)])
def test_pack_check_of_months_against_the_budget_years(lang, months, refused):
    text = FIXTURE.read_text(encoding="utf-8") + EXTRA.replace(
        "max_months = 24", f"max_months = {months}").replace("min_months = 12",
                                                              "min_months = 1")
    program, problems = check_pack_text(text)
    tr = translator(lang)
    found_ = [p.detail(tr) for p in problems if p.path[-1:] == ("max_months",)]
    assert bool(found_) is refused, found_
    if refused:
        assert ("longer than the budget's 2 years" if lang == "en" else
                "plus long que les 2 années du budget") in found_[0], found_[0]


# -- D6: applicant_age and a missing founding date -----------------------------------------

AGE_NPO = EXTRA.replace('kind = "applicant_age"\nmin_years = 2',
                        'kind = "applicant_age"\nmin_years = 2\nlegal_forms = ["npo"]')


@LANGS
def test_applicant_age_without_a_founding_date(lang):
    program = pack(extra=AGE_NPO)
    asked = found(program, proposal(form="npo", founded=None), "RF-AGE", lang)
    assert [(f.location, f.severity) for f in asked] == [(("applicant", "founded"), "error")]
    assert ("founding date" if lang == "en" else "date de fondation") in asked[0].message
    # Not a non-profit, or no legal form chosen yet: the rule does not apply (yet).
    assert not found(program, proposal(form="business", founded=None), "RF-AGE", lang)
    assert not found(program, proposal(form="", founded=None), "RF-AGE", lang)


# -- D7: category_limit's default period is the whole project ------------------------------

@LANGS
@pytest.mark.parametrize(("year1", "broken"), [(D(11000), False), (D("10999.99"), False),
                                               (D("11000.01"), True)])
def test_category_limit_without_period_counts_the_whole_project(lang, year1, broken):
    # 10 % of the costs (no period: over all years). Year 1 alone may go over 10 %.
    extra = EXTRA.replace("max_amount = 20000", "max_share = 0.10").replace(
        "legal_forms = [\"business\"]\nmax_amount = 10000",
        "legal_forms = [\"business\"]\nmax_share = 0.05")
    program = pack(extra=extra)
    item = proposal()
    services, admin = item.budget.expenses[0], item.budget.expenses[1]
    # 220 000 $ of costs: 22 000 $ of administration at most, 11 000 $ in year 2.
    admin.amounts = [year1, D(11000)]
    services.amounts = [D(110000) - year1, D(99000)]
    item.budget.expenses[0] = services
    item.budget.expenses[1] = admin
    assert bool(found(program, item, "RF-ADMIN-CASE", lang)) is broken
    lopsided = proposal()
    lopsided.budget.expenses[1].amounts = [D(22000), D(0)]       # 20 % of year 1
    lopsided.budget.expenses[0].amounts = [D(88000), D(110000)]
    assert not found(program, lopsided, "RF-ADMIN-CASE", lang)


# -- D8: project_size and in-kind ----------------------------------------------------------

@LANGS
@pytest.mark.parametrize(("in_kind", "broken"), [(D(20000), False), (D("19999.99"), False),
                                                 (D("20000.01"), True)])
def test_project_size_without_in_kind(lang, in_kind, broken):
    # 220 000 $ of eligible costs, at least 200 000 $ once in-kind is taken out.
    program = pack(extra=EXTRA.replace('min = 200000', 'min = 200000\nin_kind_in_base = false'))
    item = proposal()
    item.budget.revenues[1].amounts[0] -= in_kind
    item.budget.revenues.append(RevenueLine(source="community", nature="in_kind",
                                            amounts=[in_kind, D(0)]))
    below = found(program, item, "RF-SIZE", lang)
    assert bool(below) is broken, below
    if broken:
        assert ("without in-kind" if lang == "en" else "sans les contributions en nature") \
            in below[0].message
    # Counted with in-kind (the default), the same project is 220 000 $.
    assert not found(pack(), item, "RF-SIZE", lang)


# -- D9: character tolerance, rounded down; D13: counts with thousands separators ----------

@LANGS
@pytest.mark.parametrize(("length", "broken"), [(2089, False), (2088, False), (2090, True)])
def test_character_tolerance_rounded_down(lang, length, broken):
    # 5 % of 1 990 is 99.5 characters: 99 with the tolerance, so 2 089 at most.
    extra = EXTRA.replace('kind = "char_limit"', 'kind = "char_limit"\ntolerance = 0.05')
    program = pack("char_limit = 1990\n", extra=extra)
    over = found(program, proposal(text="x" * length), "RF-CHARS", lang)
    assert bool(over) is broken, over
    if broken:
        figures = (("2,090", "1,990", "2,089") if lang == "en" else
                   ("2\u00a0090", "1\u00a0990", "2\u00a0089"))
        assert all(f in over[0].message for f in figures), over[0].message


@LANGS
def test_word_counts_with_thousands_separators(lang):
    text = FIXTURE.read_text(encoding="utf-8").replace("word_limit = 100\n",
                                                       "word_limit = 1000\n")
    program, problems = check_pack_text(text)
    assert program is not None, problems
    over = found(program, proposal(text="mot " * 1001), "RF-WORDS", lang)
    assert len(over) == 1
    assert ("1,001" if lang == "en" else "1\u00a0001") in over[0].message, over[0].message


def _all(program, item, lang):
    from proposalkit.core.validation import validate

    return validate(program, item, today=date(2025, 9, 1), lang=lang)


# -- D10: an assumption (or a source) per case ---------------------------------------------

CASE_ASSUMED = EXTRA.replace('''[[rules.cases]]
territories = ["gaspesie"]
max = 0.80''', '''[[rules.cases]]
territories = ["gaspesie"]
max = 0.80
assumption = true''').replace('''[[rules.cases]]
legal_forms = ["business"]
max_amount = 10000''', '''[[rules.cases]]
legal_forms = ["business"]
max_amount = 10000
source = { fr = "Grille des entreprises, 2025", en = "Business grid, 2025" }''')


@LANGS
def test_a_case_assumed_while_the_rule_is_sourced(lang):
    program = pack(extra=CASE_ASSUMED)
    # Gaspésie: 80 % assumed; one cent over it cites the rule's source, flagged.
    over = found(program, proposal(territory="gaspesie", fund=D(88000) + D("0.01")),
                 "RF-TERR-RATE", lang)
    assert len(over) == 1
    assert over[0].source == "Fictitious guide " + ASSUMED[lang]
    # Estrie: the rule's own 50 %, sourced, not flagged.
    over = found(program, proposal(territory="estrie", fund=D(55000) + D("0.01")),
                 "RF-TERR-RATE", lang)
    assert len(over) == 1 and over[0].source == "Fictitious guide"


@LANGS
def test_a_case_with_a_source_of_its_own(lang):
    program = pack(extra=CASE_ASSUMED)
    over = found(program, proposal(form="business", admin=D(5000) + D("0.01")),
                 "RF-ADMIN-CASE", lang)
    assert [f.source for f in over] == [("Business grid, 2025" if lang == "en" else
                                         "Grille des entreprises, 2025")]
    at = found(program, proposal(form="business", admin=D(5000)), "RF-ADMIN-CASE", lang)
    assert not at
    npo = found(program, proposal(form="npo", admin=D(10000) + D("0.01")), "RF-ADMIN-CASE",
                lang)
    assert [f.source for f in npo] == ["Fictitious guide"]


# -- The call's documents ------------------------------------------------------------------

SOURCES = '''
[[sources]]
title = { fr = "Guide du demandeur 2025", en = "Applicant's guide 2025" }
date = 2025-06-02
url = "https://example.org/fonds/guide-2025.pdf"
[[sources]]
title = "Le Journal régional : « Un fonds pour les régions »"
'''


@LANGS
def test_the_call_documents_reach_the_appendix_of_rules_applied(lang):
    program = pack(extra=CASE_ASSUMED + SOURCES)
    item = proposal()
    dossier = build_dossier(program, item, _all(program, item, lang), lang,
                            today=date(2025, 9, 1))
    blocks = list(dossier.blocks)
    table = next(b for b in blocks if isinstance(b, Table) and b.name == "rules-applied")
    lists = [b for b in blocks[blocks.index(table):] if isinstance(b, BulletList)]
    assert lists, "no list of the call's documents after the rules"
    items = lists[0].items
    assert items[0] == ("Applicant's guide 2025, June 2, 2025, "
                        "https://example.org/fonds/guide-2025.pdf" if lang == "en" else
                        "Guide du demandeur 2025, 2 juin 2025, "
                        "https://example.org/fonds/guide-2025.pdf")
    assert items[1].startswith("Le Journal régional")
    # The assumed case is named with its assumption in the rule's source cell.
    row = next(r for r in table.body if r.cells[0] == "RF-TERR-RATE")
    assert "Gaspésie" in row.cells[2] and translator(lang).gettext(
        "(not stated by the call; assumed)").replace("'", "’") in row.cells[2]


@LANGS
@pytest.mark.parametrize(("entry", "field", "words"), [
    ('[[sources]]\ntitle = "Guide"\nurl = "example.org/guide"', ("sources", 0, "url"),
     {"en": "must be a web address", "fr": "doit être une adresse web"}),
    ('[[sources]]\ntitle = "Guide"\ndate = "2025-06-02"', ("sources", 0, "date"),
     {"en": "must be a date", "fr": "doit être une date"}),
    ('[[sources]]\ntitle = ""', ("sources", 0, "title"),
     {"en": "must not be empty", "fr": "ne doit pas être vide"}),
    ('[[sources]]\ntitle = "A"\nurl = "https://a.org/x"\n[[sources]]\ntitle = "B"\n'
     'url = "https://a.org/x"', ("sources", 1), {"en": "listed twice", "fr": "deux fois"}),
])
def test_pack_check_of_the_documents(lang, entry, field, words):
    text = FIXTURE.read_text(encoding="utf-8") + "\n" + entry + "\n"
    program, problems = check_pack_text(text)
    assert program is None
    tr = translator(lang)
    matching = [p for p in problems if p.path == field]
    assert matching, [(p.field, p.detail(tr)) for p in problems]
    assert words[lang] in matching[0].detail(tr), matching[0].detail(tr)
    assert matching[0].line is not None and matching[0].line > 70


def test_the_shipped_packs_list_their_documents():
    from proposalkit.core.program import load_catalog

    catalog = load_catalog()
    for pack_id in ("pri-2018", "rnpri-2018", "mei-incubation-2022"):
        program = catalog.programs[pack_id]
        assert program.sources, pack_id
        assert any(s.url for s in program.sources), pack_id
    mei = catalog.programs["mei-incubation-2022"]
    assert mei.sources[0].date == date(2022, 8, 12)
    assert "newswire.ca" in (mei.sources[0].url or "")



RULE_SOURCE_IN_CASE = '''
[[rules]]
code = "RF-SIZE-2"
kind = "project_size"
min = 200000
severity = "error"
explanation = { fr = "Règle.", en = "Rule." }
[[rules.cases]]
territories = ["estrie"]
min = 100000
source = "Fictitious guide"
'''


@LANGS
def test_a_rule_source_written_after_its_case(lang):
    # TOML puts it in the case, where `source` is a field too: the rule has none.
    text = FIXTURE.read_text(encoding="utf-8") + RULE_SOURCE_IN_CASE
    program, problems = check_pack_text(text)
    assert program is None
    tr = translator(lang)
    about = [p.detail(tr) for p in problems if p.path[-1:] == ("source",)]
    assert about and ("move the rule's source above its first case" if lang == "en" else
                      "placez la source de la règle avant son premier cas") in about[0], about
