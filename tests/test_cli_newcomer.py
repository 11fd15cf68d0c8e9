"""What a newcomer meets on the command line: a date that is not a date says so (not
"not in the form"), and partner-forms names both files it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from proposalkit.cli import main


@pytest.fixture
def example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "example", "-o", "p.pkp"]) == 0
    return tmp_path / "p.pkp"


@pytest.mark.parametrize(("command", "text", "lang", "expected"), [
    ("validate", "2018-13-01", "en",
     "2018-13-01 is not a valid date: there is no month 13 (months go from 01 to 12)."),
    ("validate", "2018-13-01", "fr",
     "2018-13-01 n’est pas une date valide\xa0: il n’y a pas de mois 13 (les mois vont de 01 "
     "à 12)."),
    ("validate", "2019-02-29", "en", "2019-02-29 is not a valid date: that month has 28 days."),
    ("diff", "2018-04-31", "fr",
     "2018-04-31 n’est pas une date valide\xa0: ce mois-là compte 30 jours."),
    ("validate", "0000-01-01", "en", "0000-01-01 is not a valid date: there is no year 0000."),
    ("validate", "demain", "en", "The date demain is not in the form YYYY-MM-DD."),
    ("diff", "2018/04/01", "fr", "La date 2018/04/01 n’est pas de la forme AAAA-MM-JJ."),
])
def test_a_date_that_is_not_a_date_says_what_is_wrong(example, capsys, command, text, lang,
                                                      expected):
    if command == "diff":
        assert main(["versions", str(example), "--add", "v"]) == 0
    capsys.readouterr()
    assert main(["--lang", lang, command, str(example), "--today", text]) == 2
    assert capsys.readouterr().err == f"proposalkit: {expected}\n"


def test_a_leap_day_and_an_ordinary_date_are_taken(example, capsys):
    assert main(["--lang", "en", "validate", str(example), "--today", "2020-02-29"]) == 0
    assert main(["--lang", "en", "validate", str(example), "--today", "2018-04-01"]) == 0


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_partner_forms_names_the_form_and_the_letter(example, capsys, lang):
    capsys.readouterr()
    assert main(["--lang", lang, "partner-forms", str(example), "-o", "forms"]) == 0
    lines = capsys.readouterr().out.splitlines()
    written = sorted(p.name for p in (example.parent / "forms").iterdir())
    assert len(lines) * 2 == len(written) > 0
    for line in lines:
        [form] = [n for n in written if n.endswith(".pdf") and n in line]
        letter = form[:-4] + ".docx"
        assert str(Path("forms") / letter) in line and str(Path("forms") / form) in line
        assert ("draft letter of support" if lang == "en" else "projet de lettre d’appui") \
            in line
