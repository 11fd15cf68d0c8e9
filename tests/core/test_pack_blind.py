"""The blind pack (tests/core/fixtures/blind-mei-2022.toml), written by a program analyst
from docs/packs.md alone, checked through the command line only: `proposalkit new` ->
`dump` -> edit the JSON -> `load` -> `validate --json`, with the pack in a temporary user
programs folder (PROPOSALKIT_USER_PROGRAMS, docs/packs.md "How to test a pack").

For each new rule kind it uses, a proposal at the limit, one unit under and one over.

The commands run in this process (``proposalkit.cli.main`` with the command line's
words): the same parser and commands as the script, without four interpreter starts per
case. The pack folder and the empty proposal are made once; each case gets its own
files.
"""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from types import SimpleNamespace

import pytest

from proposalkit.cli import main
from proposalkit.core import program as program_module

PACK = Path(__file__).parent / "fixtures" / "blind-mei-2022.toml"
PACK_ID = "mei-2022-blind"
TODAY = "2022-09-01"


@pytest.fixture(scope="module")
def _programs(tmp_path_factory):
    """The user programs folder holding the blind pack, and the catalog loaded from it
    (as ``proposalkit`` loads it: the shipped packs, then the user's)."""
    programs = tmp_path_factory.mktemp("programs")
    shutil.copy(PACK, programs / PACK.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROPOSALKIT_USER_PROGRAMS", str(programs))
        catalog = program_module.load_catalog()
    assert PACK_ID in catalog.programs, catalog.errors
    return programs, catalog


@pytest.fixture
def env(tmp_path, monkeypatch, _programs):
    programs, catalog = _programs
    monkeypatch.setenv("PROPOSALKIT_USER_PROGRAMS", str(programs))
    # What default_catalog() would load from that folder, loaded once for the module.
    monkeypatch.setattr(program_module, "_default_catalog", catalog)
    return tmp_path, None


def run(environ, *args, check=True):
    """``proposalkit ARGS``: its exit code and what it printed (``environ`` is unused:
    the env fixture set the process's)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    done = SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


@pytest.fixture(scope="module")
def _empty_proposal(_programs, tmp_path_factory):
    """`new` then `dump`, once: the cases only read it."""
    programs, catalog = _programs
    tmp = tmp_path_factory.mktemp("empty")
    with pytest.MonkeyPatch.context() as patch:
        # (before the per-test fixtures: the user's own folders kept out here too)
        for name in ("STATE", "CONFIG", "DATA"):
            patch.setenv(f"PROPOSALKIT_{name}_DIR", str(tmp / name.lower()))
        patch.setenv("PROPOSALKIT_USER_PROGRAMS", str(programs))
        patch.setattr(program_module, "_default_catalog", catalog)
        run(None, "new", "--program", PACK_ID, "-o", str(tmp / "empty.pkp"),
            "--language", "en")
        return run(None, "dump", str(tmp / "empty.pkp")).stdout


@pytest.fixture
def base_json(env, _empty_proposal):
    """An empty proposal from `new`, as `dump` prints it (a fresh copy per case)."""
    return json.loads(_empty_proposal)


def _money(values):
    return [f"{v:.2f}" if not isinstance(v, str) else v for v in values]


def proposal(base, *, legal_form="npo", territory="montreal", founded="2015-01-01",
             start="2023-04-01", end="2026-03-31", summary="Un sommaire.",
             salaries=(60000, 60000, 60000), admin=(10000, 10000, 10000), capital=None):
    data = json.loads(json.dumps(base))
    p = data["proposal"]
    p["applicant"].update(legal_name="Incubateur Test", legal_form=legal_form,
                          main_activity="incubation", main_establishment_in_quebec=True,
                          founded=founded)
    p["territory"] = territory
    p["sections"]["summary"] = summary
    expenses = [{"category": "salaries", "amounts": _money(salaries)},
                {"category": "administration", "amounts": _money(admin)}]
    if capital:
        expenses.append({"category": "capital", "amounts": _money(capital)})
    p["budget"].update(start_date=start, end_date=end, expenses=expenses)
    return data


def findings(env, data, lang="en"):
    tmp, environ = env
    src = tmp / "case.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    run(environ, "load", str(src), "-o", str(tmp / "case.pkp"), "--force")
    done = run(environ, "--lang", lang, "validate", "--json", "--today", TODAY,
               str(tmp / "case.pkp"), check=False)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["findings"]


def codes(found, code):
    return [f for f in found if f["code"] == code]


def test_clean_proposal_has_none_of_the_new_kinds(env, base_json):
    found = findings(env, proposal(base_json))
    for code in ("BLD-CHARS", "BLD-WINDOW", "BLD-AGE", "BLD-ADMIN", "BLD-SIZE"):
        assert not codes(found, code), found


# char_limit: 2,000 characters, spaces included, tolerance 0.
@pytest.mark.parametrize("length, broken", [(2000, False), (1999, False), (2001, True)])
def test_char_limit(env, base_json, length, broken):
    text = ("abcd " * 500)[:length]
    found = codes(findings(env, proposal(base_json, summary=text)), "BLD-CHARS")
    assert bool(found) is broken, found
    if broken:
        assert [f["severity"] for f in found] == ["error"]
        assert found[0]["location"][-1] == "summary" or "summary" in found[0]["location"]


def test_char_limit_messages_in_both_languages(env, base_json):
    data = proposal(base_json, summary="x" * 2001)
    en = codes(findings(env, data, "en"), "BLD-CHARS")
    fr = codes(findings(env, data, "fr"), "BLD-CHARS")
    assert len(en) == len(fr) == 1
    assert en[0]["message"] != fr[0]["message"]
    assert "2,001" in en[0]["message"] or "2001" in en[0]["message"], en[0]["message"]
    assert "2 001" in fr[0]["message"] or "2001" in fr[0]["message"] \
        or "2\u202f001" in fr[0]["message"] or "2\u00a0001" in fr[0]["message"], fr[0]["message"]
    assert "caract" in fr[0]["message"], fr[0]["message"]
    assert "(not stated by the call; assumed)" in en[0]["source"]


# project_window: max_months 36 (1 April to 31 March is 12 months).
@pytest.mark.parametrize("end, broken", [("2026-03-31", False), ("2026-02-28", False),
                                         ("2026-04-30", True)])
def test_window_max_months(env, base_json, end, broken):
    found = codes(findings(env, proposal(base_json, start="2023-04-01", end=end)),
                  "BLD-WINDOW")
    assert bool(found) is broken, found
    assert all(f["severity"] == "error" for f in found)


# project_window: earliest_start 2022-10-18 (a minimum: "under" breaks it).
@pytest.mark.parametrize("start, broken", [("2022-10-18", False), ("2022-10-19", False),
                                           ("2022-10-17", True)])
def test_window_earliest_start(env, base_json, start, broken):
    # The end within the 36 months and the 3 budget years of every start tried (D5).
    found = codes(findings(env, proposal(base_json, start=start, end="2025-10-16")),
                  "BLD-WINDOW")
    assert bool(found) is broken, found
    if broken:
        assert found[0]["location"] == ["budget", "start_date"]


# project_window: latest_end 2027-03-31.
@pytest.mark.parametrize("end, broken", [("2027-03-31", False), ("2027-03-30", False),
                                         ("2027-04-01", True)])
def test_window_latest_end(env, base_json, end, broken):
    found = codes(findings(env, proposal(base_json, start="2024-04-01", end=end)),
                  "BLD-WINDOW")
    assert bool(found) is broken, found
    if broken:
        assert ["budget", "end_date"] in [f["location"] for f in found]


def test_window_messages_in_both_languages(env, base_json):
    data = proposal(base_json, start="2022-10-17", end="2025-10-16")
    en = codes(findings(env, data, "en"), "BLD-WINDOW")
    fr = codes(findings(env, data, "fr"), "BLD-WINDOW")
    assert len(en) == len(fr) == 1 and en[0]["message"] != fr[0]["message"]


# applicant_age: two full years on the deadline's date (2022-10-17), non-profits only.
@pytest.mark.parametrize("founded, broken", [("2020-10-17", False), ("2020-10-16", False),
                                             ("2020-10-18", True)])
def test_applicant_age(env, base_json, founded, broken):
    found = codes(findings(env, proposal(base_json, founded=founded)), "BLD-AGE")
    assert bool(found) is broken, found
    assert all(f["severity"] == "error" for f in found)


def test_applicant_age_only_for_non_profits(env, base_json):
    found = findings(env, proposal(base_json, legal_form="cooperative", founded="2022-01-01"))
    assert not codes(found, "BLD-AGE")


def test_applicant_age_messages_in_both_languages(env, base_json):
    data = proposal(base_json, founded="2020-10-18")
    en = codes(findings(env, data, "en"), "BLD-AGE")
    fr = codes(findings(env, data, "fr"), "BLD-AGE")
    assert len(en) == len(fr) == 1 and en[0]["message"] != fr[0]["message"]


# category_limit: administration at most 15 % of the project's costs (total 210,000 $).
@pytest.mark.parametrize("admin1, salaries1, broken", [
    ("10500.00", "59500.00", False),   # 31,500 / 210,000 = 15 % exactly
    ("10499.99", "59500.01", False),
    ("10500.01", "59499.99", True),
])
def test_category_limit(env, base_json, admin1, salaries1, broken):
    data = proposal(base_json, salaries=(salaries1, 59500, 59500), admin=(admin1, 10500, 10500))
    found = codes(findings(env, data), "BLD-ADMIN")
    assert bool(found) is broken, found
    assert all(f["severity"] == "error" for f in found)


# category_limit case: a co-operative at most 10 %.
@pytest.mark.parametrize("admin1, salaries1, broken", [
    ("7000.00", "63000.00", False),    # 21,000 / 210,000 = 10 % exactly
    ("6999.99", "63000.01", False),
    ("7000.01", "62999.99", True),
])
def test_category_limit_case_by_applicant_type(env, base_json, admin1, salaries1, broken):
    data = proposal(base_json, legal_form="cooperative",
                    salaries=(salaries1, 63000, 63000), admin=(admin1, 7000, 7000))
    found = codes(findings(env, data), "BLD-ADMIN")
    assert bool(found) is broken, found


def test_category_limit_case_named_in_both_languages(env, base_json):
    data = proposal(base_json, legal_form="cooperative",
                    salaries=("62999.99", 63000, 63000), admin=("7000.01", 7000, 7000))
    en = codes(findings(env, data, "en"), "BLD-ADMIN")
    fr = codes(findings(env, data, "fr"), "BLD-ADMIN")
    assert len(en) == len(fr) == 1
    assert "Co-operative" in en[0]["message"], en[0]["message"]
    assert "Coopérative" in fr[0]["message"], fr[0]["message"]


# project_size: at least 150,000 $ of eligible costs (capital is not eligible).
@pytest.mark.parametrize("salaries1, broken", [("43000.00", False), ("42999.99", True),
                                               ("43000.01", False)])
def test_project_size(env, base_json, salaries1, broken):
    data = proposal(base_json, salaries=(salaries1, 43000, 43000), admin=(7000, 7000, 7000),
                    capital=(5000, 5000, 5000))
    found = codes(findings(env, data), "BLD-SIZE")
    assert bool(found) is broken, found
    if broken:
        assert found[0]["severity"] == "error"
        assert found[0]["location"] == ["budget", "expenses"]


# project_size, territory case: Nord-du-Québec at least 75,000 $.
@pytest.mark.parametrize("territory, salaries1, broken", [
    ("nord-du-quebec", "18000.00", False),   # 3 x 18,000 + 3 x 7,000 = 75,000
    ("nord-du-quebec", "17999.99", True),
    ("nord-du-quebec", "18000.01", False),
    ("montreal", "18000.00", True),          # the rule's own minimum elsewhere
])
def test_project_size_territory_case(env, base_json, territory, salaries1, broken):
    data = proposal(base_json, territory=territory, salaries=(salaries1, 18000, 18000),
                    admin=(7000, 7000, 7000))
    found = codes(findings(env, data), "BLD-SIZE")
    assert bool(found) is broken, found


def test_project_size_territory_named_in_both_languages(env, base_json):
    data = proposal(base_json, territory="nord-du-quebec", salaries=("17999.99", 18000, 18000),
                    admin=(7000, 7000, 7000))
    en = codes(findings(env, data, "en"), "BLD-SIZE")
    fr = codes(findings(env, data, "fr"), "BLD-SIZE")
    assert len(en) == len(fr) == 1
    assert "Nord-du-Québec" in en[0]["message"] and "Nord-du-Québec" in fr[0]["message"]
    assert "75,000.00" in en[0]["message"], en[0]["message"]


# project_window with a mid-month start: found by trying (docs silent, log D4): the day
# before the same date three years later is 36 months; that date itself is over.
@pytest.mark.parametrize("end, broken", [("2025-11-14", False), ("2025-11-13", False),
                                         ("2025-11-15", True)])
def test_window_mid_month(env, base_json, end, broken):
    found = codes(findings(env, proposal(base_json, start="2022-11-15", end=end)),
                  "BLD-WINDOW")
    assert bool(found) is broken, found


def test_pack_check_and_validate_exit_codes(env, base_json):
    # docs/packs.md, "validate --json": 0 without errors, 1 with one, 2 for an unreadable
    # file (one line on the error output, no JSON).
    tmp, environ = env
    assert "valid" in run(environ, "pack", "check", str(PACK)).stdout
    clean = tmp / "clean.json"
    data = proposal(base_json)
    clean.write_text(json.dumps(data), encoding="utf-8")
    run(environ, "load", str(clean), "-o", str(tmp / "clean.pkp"))
    done = run(environ, "validate", "--json", "--today", TODAY, str(tmp / "clean.pkp"),
               check=False)
    report = json.loads(done.stdout)
    assert done.returncode == (1 if report["counts"]["error"] else 0)
    assert set(report) == {"file", "program", "program_version", "written_for_version",
                           "version_notice", "counts", "findings"}
    broken = run(environ, "validate", "--json", "--today", TODAY, str(PACK), check=False)
    assert broken.returncode == 2 and not broken.stdout and len(
        broken.stderr.strip().splitlines()) == 1
