"""The command line for pack authors (pack check, pack schema), the second program's
example, and the notice for a proposal written for another version of its pack."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from proposalkit.cli import main
from proposalkit.core.pack_check import pack_schema
from proposalkit.paths import resources_dir

ROOT = Path(__file__).resolve().parent.parent
MEI = resources_dir() / "programs" / "mei-incubation-2022.toml"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_committed_schema_is_current():
    committed = json.loads((ROOT / "docs" / "pack-schema.json").read_text(encoding="utf-8"))
    assert committed == pack_schema(), "run: proposalkit pack schema > docs/pack-schema.json"


def test_pack_schema_command_prints_the_schema(capsys):
    code, out, _ = run(capsys, "pack", "schema")
    assert code == 0 and json.loads(out) == pack_schema()
    kinds = json.loads(out)["properties"]["rules"]["items"]["discriminator"]["mapping"]
    assert {"amount_limit", "share_limit", "partners_distinct"} <= set(kinds)


def test_bundled_packs_check_clean(capsys):
    packs = sorted((resources_dir() / "programs").glob("*.toml"))
    code, out, err = run(capsys, "pack", "check", *map(str, packs), "--lang", "en")
    assert code == 0 and err == ""
    assert out.count("valid") == len(packs) >= 3


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_pack_check_reports_every_problem_with_line_and_field(capsys, tmp_path):
    text = MEI.read_text(encoding="utf-8")
    broken = text.replace('sources = ["government"]', 'sources = ["governments"]').replace(
        'code = "MEI-TERRITORY"', 'code = "MEI-LEAD"')
    path = tmp_path / "broken.toml"
    path.write_text(broken, encoding="utf-8")
    code, out, err = run(capsys, "pack", "check", str(path), "--lang", "en")
    assert code == 2 and "2 problems" in out
    lines = err.splitlines()
    stacking = _line(broken, 'sources = ["governments"]')
    assert f"{path}:{stacking}: rules[3].sources[0]: unknown source or group 'governments'" \
        in lines[0]
    assert "known: funder, all, government, quebec, mei_request" in lines[0]
    duplicate = [i for i, line in enumerate(broken.splitlines(), 1)
                 if line == 'code = "MEI-LEAD"'][1] - 1  # the [[rules]] header above it
    assert lines[1].startswith(f"{path}:{duplicate}: rules[16]: duplicate id 'MEI-LEAD'")


def test_pack_check_model_errors_in_french(capsys, tmp_path):
    text = MEI.read_text(encoding="utf-8")
    broken = text.replace("years = 3", 'years = "trois"').replace(
        'kind = "ineligible_expense"', 'kind = "inadmissible"').replace(
        "warn_days = 14", "warn_days = 14\ncolour = 1")
    path = tmp_path / "cassé.toml"
    path.write_text(broken, encoding="utf-8")
    code, _, err = run(capsys, "pack", "check", str(path), "--lang", "fr")
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == f"{path}:{_line(broken, 'years =')}: years: doit être un nombre entier"
    assert re.match(rf"{re.escape(str(path))}:\d+: rules\[4\]: sorte de règle inconnue "
                    r"inadmissible\u202f; sortes connues\u00a0: 'amount_limit'", lines[1])
    index = broken[:broken.index("warn_days = 14")].count("[[rules]]") - 1  # the deadline's
    assert lines[2] == (f"{path}:{_line(broken, 'colour')}: rules[{index}].colour: champ inconnu "
                        "(vérifiez son orthographe dans docs/packs.fr.md)")


def test_pack_check_not_toml(capsys, tmp_path):
    path = tmp_path / "x.toml"
    path.write_text("a = 1\nb = = 2\n", encoding="utf-8")
    code, _, err = run(capsys, "pack", "check", str(path), "--lang", "en")
    assert code == 2 and f"{path}:2: -: not valid TOML" in err


def test_mei_example_is_valid_except_the_closed_deadline(capsys, tmp_path):
    path = tmp_path / "mei.pkp"
    code, out, _ = run(capsys, "example", "--program", "mei-incubation-2022", "-o", str(path))
    assert code == 0 and "Propulsion Estuaire" in out
    code, out, _ = run(capsys, "validate", str(path), "--lang", "en", "--json")
    data = json.loads(out)
    assert code == 0 and data["program"] == "mei-incubation-2022"
    assert [f["code"] for f in data["findings"]] == ["MEI-DEADLINE"]
    assert data["version_notice"] is None
    code, out, _ = run(capsys, "validate", str(path), "--today", "2022-09-01")
    assert code == 0 and out.splitlines()[-1] == "Nothing left to do."


def test_example_of_a_program_without_one(capsys, tmp_path):
    code, _, err = run(capsys, "example", "--program", "rnpri-2018", "-o",
                       str(tmp_path / "x.pkp"), "--lang", "en")
    assert code == 2 and "has no example" in err and not (tmp_path / "x.pkp").exists()


def _with_version(path: Path, version: str) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    manifest = json.loads(members["manifest.json"])
    manifest["program_version"] = version
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


SINCE_2018_1 = ("PRI-PARTNERS, PRI-CASH, PRI-FUNDING-STATUS, PRI-FUNDING-CONFIRMED, PRI-JUSTIFY, "
                "PRI-PLAN, PRI-INDICATORS, PRI-ATTEST")


def test_validate_says_when_the_pack_version_changed(capsys, tmp_path):
    path = tmp_path / "old.pkp"
    run(capsys, "example", "-o", str(path))
    _with_version(path, "2018.1")
    before = path.read_bytes()
    code, _, err = run(capsys, "validate", str(path), "--today", "2018-04-01", "--lang", "en")
    assert code == 0
    assert "written for version 2018.1 of the program pri-2018; version 2018.3" in err
    assert f"Rules changed since: {SINCE_2018_1}." in err
    assert "The proposal itself was not changed." in err
    assert path.read_bytes() == before
    code, _, err = run(capsys, "validate", str(path), "--today", "2018-04-01", "--lang", "fr")
    assert f"Règles changées depuis\u00a0: {SINCE_2018_1}." in err

    # A file written for the previous version hears of the structured dossier's rules only.
    _with_version(path, "2018.2")
    code, _, err = run(capsys, "validate", str(path), "--today", "2018-04-01", "--lang", "en")
    assert "Rules changed since: PRI-FUNDING-STATUS, PRI-FUNDING-CONFIRMED, PRI-JUSTIFY, " \
        "PRI-PLAN, PRI-INDICATORS, PRI-ATTEST." in err
    assert "The structured dossier:" in err and "PRI-CASH" not in err


def test_validate_gives_each_rule_source_in_the_chosen_language(capsys, tmp_path):
    path = tmp_path / "e.pkp"
    assert main(["example", "-o", str(path)]) == 0
    capsys.readouterr()
    sources = {}
    for lang in ("fr", "en"):
        main(["validate", str(path), "--json", "--lang", lang])
        found = json.loads(capsys.readouterr().out)["findings"]
        sources[lang] = next(f["source"] for f in found if f["code"] == "PRI-DEADLINE")
    assert sources["fr"].startswith("Infodimanche; Le Courrier : demandes au plus tard le "
                                    "30 avril 2018")
    assert sources["en"].startswith("Infodimanche; Le Courrier: applications by April 30, 2018")
