"""Program packs: the bundled ones load, broken ones are reported, figures add up."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from proposalkit.core.program import RULE_KINDS, load_catalog, load_pack
from proposalkit.core.validation import _CHECKERS
from proposalkit.i18n import translator
from proposalkit.paths import resources_dir

PACKS = resources_dir() / "programs"


def test_bundled_packs_load_without_errors(catalog):
    assert catalog.errors == []
    assert set(catalog.programs) >= {"pri-2018", "rnpri-2018"}


def test_announcement_figures_derive_from_the_packs(catalog):
    hub = catalog.get("pri-2018")
    network = catalog.get("rnpri-2018")
    hubs = len(hub.territories)
    assert hubs == 18
    hubs_total = hubs * sum(hub.caps.funder_per_year)
    assert hubs_total == Decimal("28800000")
    assert hub.caps.funder_total == sum(hub.caps.funder_per_year) == Decimal("1600000")
    network_total = sum(network.caps.funder_per_year)
    assert network.caps.funder_per_year[0] == Decimal("1000000")
    assert network.caps.funder_per_year[1:] == [Decimal("750000")] * 3
    assert network_total == network.caps.funder_total == Decimal("3250000")
    assert hubs_total + network_total == Decimal("32050000") > Decimal("32000000")


def test_hub_pack_has_the_calls_facts(pri):
    assert pri.years == 4
    assert pri.caps.funder_share_max == Decimal("0.60")
    assert pri.deadline_local.isoformat() == "2018-04-30T23:59:00-04:00"
    ids = {t.id for t in pri.territories}
    assert {"gaspesie", "iles-de-la-madeleine", "mauricie", "nord-du-quebec"} <= ids
    assert pri.eligibility.legal_forms == ["npo"]
    sections = {s.id for s in pri.sections}
    # each point of the hub's mission, plus the usual parts of a dossier
    assert {
        "mission_collaboration",
        "mission_guidance",
        "mission_opportunities",
        "mission_convergence",
        "mission_technology",
        "mission_alliances",
        "context",
        "governance",
        "action_plan",
        "results",
        "sustainability",
    } <= sections
    assert {a.id for a in pri.attachments} == {
        "support_letter",
        "board_resolution",
        "financial_statements",
        "funding_confirmation",
    }


def test_every_rule_cites_a_source_and_press_rules_say_so(catalog):
    fr, en = translator("fr"), translator("en")
    for program in catalog.programs.values():
        for rule in program.rules:
            assert rule.source_label(fr).strip() and rule.source_label(en).strip()
            assert rule.explanation.fr and rule.explanation.en
            if rule.press_only:
                assert "presse" in rule.source_label(fr)
                assert "press" in rule.source_label(en)
    share = catalog.get("pri-2018").rules_of("share_limit")[0]
    assert share.press_only


def test_a_sentence_source_is_given_in_each_language_and_a_title_in_one(catalog):
    fr, en = translator("fr"), translator("en")
    rules = {r.code: r for r in catalog.get("pri-2018").rules}
    balance = rules["PRI-BALANCE"]
    assert balance.source_label(fr).startswith("Pratique budgétaire : le financement")
    assert balance.source_label(en).startswith("Budgeting practice: a project's financing")
    titles = next(r for r in rules.values() if r.source == "L'Action; Coup d'œil")
    assert titles.source_label(fr).startswith("L'Action; Coup d'œil (rapporté par la presse")
    assert titles.source_label(en).startswith("L'Action; Coup d'œil (reported by the press")


def test_every_rule_kind_has_a_checker():
    assert set(RULE_KINDS) == set(_CHECKERS)


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_broken_user_pack_names_file_and_field_and_others_still_load(tmp_path):
    source = (PACKS / "pri-2018.toml").read_text(encoding="utf-8")
    broken = source.replace('id = "pri-2018"', 'id = "custom-2026"').replace(
        "max = [400000, 400000, 400000, 400000]", "max = [400000, 400000]"
    )
    _write(tmp_path, "custom.toml", broken)
    _write(tmp_path, "garbage.toml", "this is = = not toml")
    catalog = load_catalog([PACKS, tmp_path])
    assert "pri-2018" in catalog.programs and "rnpri-2018" in catalog.programs
    messages = {e.path.name: e.message(translator("en")) for e in catalog.errors}
    assert "custom.toml" in messages and "garbage.toml" in messages
    assert "rules[0].max: has 2 values but the program has 4 years" in messages["custom.toml"]
    assert "not valid TOML" in messages["garbage.toml"]
    assert "invalide" in catalog.errors[0].message(translator("fr"))


def test_unknown_rule_kind_is_reported_with_its_field(tmp_path):
    source = (PACKS / "pri-2018.toml").read_text(encoding="utf-8")
    path = _write(tmp_path, "x.toml", source.replace('kind = "deadline"', 'kind = "astrology"'))
    with pytest.raises(Exception) as info:
        load_pack(path)
    assert info.value.field.startswith("rules[")
    assert "astrology" in info.value.detail


def test_a_new_call_is_a_new_file(tmp_path):
    source = (PACKS / "pri-2018.toml").read_text(encoding="utf-8")
    new = source.replace('id = "pri-2018"', 'id = "erac-2020"').replace(
        "deadline = 2018-04-30T23:59:00", "deadline = 2020-06-30T17:00:00"
    )
    _write(tmp_path, "erac-2020.toml", new)
    catalog = load_catalog([PACKS, tmp_path])
    assert catalog.get("erac-2020").deadline_local.year == 2020


def test_fiscal_year_span_and_first_whole_month(catalog):
    fr, en = translator("fr"), translator("en")
    pri = catalog.get("pri-2018")
    assert pri.fiscal_year.span(fr) == ("1er avril", "31 mars")
    assert pri.fiscal_year.name(en) == "Québec government fiscal year"
    march = pri.fiscal_year.model_copy(update={"start_month": 3})
    assert march.span(en) == ("March 1", "February 28") and march.first_month == 3
    mid = pri.fiscal_year.model_copy(update={"start_month": 12, "start_day": 15})
    assert mid.span(fr) == ("15 décembre", "14 décembre") and mid.first_month == 1


def test_a_user_pack_cannot_take_a_shipped_id(tmp_path):
    # Issue 18: caps times 100 under pri-2018 silently replaced the funder's rules.
    source = (PACKS / "pri-2018.toml").read_text(encoding="utf-8")
    _write(tmp_path, "pri-2018.toml", source.replace("400000", "40000000"))
    catalog = load_catalog([PACKS, tmp_path])
    assert catalog.get("pri-2018").caps.funder_per_year[0] == 400000
    [error] = [e for e in catalog.errors if e.path.parent == tmp_path]
    assert "shipped with proposalkit" in error.message(translator("en"))
    assert "fourni avec proposalkit" in error.message(translator("fr"))


def test_installing_a_pack_with_a_shipped_id_is_refused(tmp_path):
    from proposalkit.core.pack_check import install_pack
    from proposalkit.core.program import PackError

    source = _write(tmp_path, "mine.toml", (PACKS / "pri-2018.toml").read_text(encoding="utf-8"))
    with pytest.raises(PackError) as info:
        install_pack(source, tmp_path / "programs")
    assert "pri-2018-custom" in info.value.message(translator("en"))
    assert not (tmp_path / "programs").exists()
