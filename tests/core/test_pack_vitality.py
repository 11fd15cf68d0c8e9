"""A second pack written from docs/packs.md (tests/core/fixtures/vitality-fund-2026.toml)
with six of the kinds and fields added for real calls: a territory's rate, a category cap
by applicant type, a minimum project size, a character limit without spaces, a project
window and years of existence. Each limit at its value, a cent (a character, a day)
under and over, in both languages; proposals built the documented way without the
window (``proposalkit dump``/``load``), then ``proposalkit validate``."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from proposalkit.cli import main
from proposalkit.core.model import Applicant, Budget, ExpenseLine, Proposal, RevenueLine
from proposalkit.core.program import load_pack
from proposalkit.core.validation import validate

D = Decimal
CENT = D("0.01")
PACK = Path(__file__).parent / "fixtures" / "vitality-fund-2026.toml"
TODAY = date(2026, 2, 1)
LANGS = pytest.mark.parametrize("lang", ["en", "fr"])


@pytest.fixture(scope="module")
def fund():
    return load_pack(PACK)


ACTIVITIES, ADMIN, NO_LAND, AID = D(40000), D(10000), D(0), D(25000)


def proposal(*, form="npo", territory="estrie", activities=ACTIVITIES, admin=ADMIN,
             land=NO_LAND, fund=AID, text="résumé " * 10, start=date(2026, 4, 1),
             end=date(2028, 3, 31), founded=date(2020, 5, 1)) -> Proposal:
    """Two years of costs: activities and administration each year (eligible), land in
    year 1 (not eligible); the Fund's aid each year, the rest the applicant's own funds."""
    costs = [activities + admin + land, activities + admin]
    return Proposal(
        program_id="vitality-fund-2026", territory=territory,
        applicant=Applicant(legal_form=form, main_activity="development", founded=founded),
        sections={"summary": text},
        budget=Budget(start_date=start, end_date=end,
                      expenses=[ExpenseLine(category="activities", amounts=[activities] * 2),
                                ExpenseLine(category="administration", amounts=[admin] * 2),
                                ExpenseLine(category="land", amounts=[land, D(0)])],
                      revenues=[RevenueLine(source="vitality", amounts=[fund, fund]),
                                RevenueLine(source="own", amounts=[c - fund for c in costs])]))


def codes(fund_, item: Proposal, lang: str = "en") -> dict[str, list]:
    found: dict[str, list] = {}
    for f in validate(fund_, item, today=TODAY, lang=lang):
        found.setdefault(f.code, []).append(f)
    return found


def test_the_pack_checks_and_uses_the_new_kinds(fund, capsys):
    assert main(["pack", "check", str(PACK)]) == 0
    assert "valid" in capsys.readouterr().out
    kinds = {r.kind for r in fund.rules}
    assert {"project_size", "char_limit", "project_window", "applicant_age"} <= kinds
    assert fund.rule("FV-RATE").cases[0].territories == ["gaspesie", "cote-nord"]
    assert fund.rule("FV-ADMIN").cases[0].legal_forms == ["business"]
    # The reference proposal breaks nothing.
    assert not {c for c in codes(fund, proposal()) if c.startswith("FV-")}


@LANGS
@pytest.mark.parametrize(("territory", "rate"), [("estrie", D("0.50")),
                                                 ("gaspesie", D("0.75"))])
def test_rate_by_territory(fund, lang, territory, rate):
    allowed = D(50000) * rate          # eligible costs of 50 000 a year
    at = proposal(territory=territory, fund=allowed, land=D(1000))
    assert "FV-RATE" not in codes(fund, at, lang)
    assert "FV-RATE" not in codes(fund, proposal(territory=territory, fund=allowed - CENT),
                                  lang)
    over = codes(fund, proposal(territory=territory, fund=allowed + CENT), lang)["FV-RATE"]
    assert over[0].location == ("budget", "revenues", 0)
    if territory == "gaspesie":
        assert "(Gaspésie)" in over[0].message


@LANGS
@pytest.mark.parametrize(("form", "cap"), [("npo", D(30000)), ("business", D(15000))])
def test_administration_cap_by_applicant_type(fund, lang, form, cap):
    def item(admin: Decimal) -> Proposal:
        return proposal(form=form, admin=admin / 2, activities=D(60000) - admin / 2)

    assert "FV-ADMIN" not in codes(fund, item(cap), lang)
    assert "FV-ADMIN" not in codes(fund, item(cap - 2 * CENT), lang)
    over = codes(fund, item(cap + 2 * CENT), lang)["FV-ADMIN"]
    assert over[0].location == ("budget", "expenses", 1)


@LANGS
def test_minimum_project_size_counts_eligible_costs_only(fund, lang):
    # 2 × (15 000 + 10 000) = 50 000 of eligible costs; land does not count.
    at = proposal(activities=D(15000), fund=D(12500), land=D(100000))
    assert "FV-SIZE" not in codes(fund, at, lang)
    # A cent less a year: two cents under the minimum.
    under = codes(fund, proposal(activities=D(15000) - CENT, fund=D(12500),
                                 land=D(100000)), lang)["FV-SIZE"]
    assert under[0].location == ("budget", "expenses")
    assert "FV-SIZE" not in codes(fund, proposal(activities=D(15000) + CENT, fund=D(12500)),
                                  lang)


@LANGS
def test_summary_characters_without_spaces(fund, lang):
    at = "mot " * 333 + "m"                       # 999 + 1 = 1 000 without spaces
    assert "FV-CHARS" not in codes(fund, proposal(text=at), lang)
    assert "FV-CHARS" not in codes(fund, proposal(text=at[:-1]), lang)
    over = codes(fund, proposal(text=at + "x"), lang)["FV-CHARS"]
    assert over[0].location == ("sections", "summary") and (
        "1,001" if lang == "en" else "1\u00a0001") in over[0].message
    # Spaces and line breaks never count here.
    assert "FV-CHARS" not in codes(fund, proposal(text=at.replace(" ", "  \n")), lang)


@LANGS
def test_project_window(fund, lang):
    assert "FV-WINDOW" not in codes(fund, proposal(start=date(2026, 4, 1),
                                                   end=date(2028, 3, 31)), lang)
    early = codes(fund, proposal(start=date(2026, 3, 31), end=date(2028, 3, 29)), lang)
    assert [f.location for f in early["FV-WINDOW"]] == [("budget", "start_date")]
    late = codes(fund, proposal(start=date(2026, 4, 2), end=date(2028, 4, 1)), lang)
    assert [f.location for f in late["FV-WINDOW"]] == [("budget", "end_date")]
    short = codes(fund, proposal(start=date(2026, 5, 1), end=date(2027, 4, 29)), lang)
    # Too short, and its budget's year 2 (from 1 May 2027) holds money after the end.
    assert [f.location for f in short["FV-WINDOW"]] == [("budget", "end_date"),
                                                        ("budget", "expenses", 0, "amounts", 1)]


@LANGS
def test_two_years_of_existence_for_non_profits_only(fund, lang):
    # Deadline 27 February 2026.
    assert "FV-AGE" not in codes(fund, proposal(founded=date(2024, 2, 27)), lang)
    young = codes(fund, proposal(founded=date(2024, 2, 28)), lang)["FV-AGE"]
    assert young[0].location == ("applicant", "founded")
    assert ("assumed" if lang == "en" else "hypothèse") in young[0].source
    assert "FV-AGE" not in codes(fund, proposal(form="business", founded=date(2026, 1, 1)),
                                 lang)


def test_built_without_the_window(fund, tmp_path, capsys, monkeypatch):
    # The documented way: dump a proposal, edit its JSON, load it, validate it.
    monkeypatch.setenv("PROPOSALKIT_USER_PROGRAMS", str(tmp_path / "programs"))
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / PACK.name).write_bytes(PACK.read_bytes())
    from proposalkit.core import program as program_module

    monkeypatch.setattr(program_module, "_default_catalog", None)
    from proposalkit.storage import Document, write_document

    start = tmp_path / "start.pkp"
    write_document(start, Document(proposal()))
    assert main(["dump", str(start)]) == 0
    data = json.loads(capsys.readouterr().out)
    data["proposal"]["territory"] = "gaspesie"
    data["proposal"]["budget"]["revenues"][0]["amounts"] = ["37500.01", "37500.00"]
    edited = tmp_path / "over.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    over = tmp_path / "over.pkp"
    assert main(["load", str(edited), "-o", str(over)]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "validate", str(over), "--today", "2026-02-01"]) == 1
    out = capsys.readouterr().out
    assert "FV-RATE" in out and "(Gaspésie)" in out
