"""``proposalkit set FILE LOCATION VALUE``: one field changed without the window, through
the same typed operations, checked before anything changes, saved atomically with its
history; a location or value it cannot use is one translated line, exit 2, and the file
is left as it was."""

from __future__ import annotations

from decimal import Decimal

import pytest

from proposalkit.cli import main
from proposalkit.storage import read_document


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def example(tmp_path, capsys):
    path = tmp_path / "exemple.pkp"
    assert run(capsys, "example", "-o", str(path))[0] == 0
    return path


def test_a_name_and_amounts_as_people_write_them(example, capsys):
    revisions = len(read_document(example).history.revisions)
    code, out, err = run(capsys, "--lang", "fr", "set", str(example), "applicant.legal_name",
                         "Carrefour d’innovation de la Mauricie")
    assert (code, err) == (0, "")
    assert ("Demandeur › nom légal\xa0: «\u202fCarrefour Innovation Mauricie\u202f» → "
            "«\u202fCarrefour d’innovation de la Mauricie\u202f»") in out
    # fr_CA, with the dots validate does not print; en_CA with validate's brackets; a line
    # named by its id.
    assert run(capsys, "--lang", "fr", "set", str(example), "budget.expenses.0.amounts.1",
               "120 000,00")[0] == 0
    code, out, _ = run(capsys, "--lang", "en", "set", str(example),
                       "budget.expenses[1].amounts[0]", "$1,234.50")
    assert code == 0 and "Expenses › line 2 › amounts › year 1: $60,000.00 → $1,234.50" in out
    assert run(capsys, "--lang", "fr", "set", str(example), "budget.expenses.exp-3.amounts.3",
               "7 500 $")[0] == 0
    document = read_document(example)
    proposal = document.proposal
    assert proposal.applicant.legal_name == "Carrefour d’innovation de la Mauricie"
    assert proposal.budget.expenses[0].amounts[1] == Decimal("120000.00")
    assert proposal.budget.expenses[1].amounts[0] == Decimal("1234.50")
    assert proposal.budget.expenses[2].id == "exp-3"
    assert proposal.budget.expenses[2].amounts[3] == Decimal(7500)
    # Each change is a save like the window's: a revision in the history, the previous
    # file kept beside it.
    assert len(document.history.revisions) == revisions + 4
    assert example.with_name(example.name + ".bak").exists()
    # Validation sees the new budget.
    code, out, _ = run(capsys, "--lang", "en", "validate", str(example), "--today",
                       "2018-04-01")
    assert code == 1 and "PRI-BALANCE" in out


def test_other_kinds_of_field(example, capsys):
    for location, value in (("budget.start_date", "2018-09-01"),
                            ("applicant.main_establishment_in_quebec", "non"),
                            ("budget.revenues[0].nature", "in_kind"),
                            ("sections.context", "Un contexte."),
                            ("partners[0].letter_received", "no"),
                            ("applicant.founded", "")):
        code, _out, err = run(capsys, "--lang", "fr", "set", str(example), location, value)
        assert (code, err) == (0, ""), location
    proposal = read_document(example).proposal
    assert str(proposal.budget.start_date) == "2018-09-01"
    assert proposal.applicant.main_establishment_in_quebec is False
    assert proposal.budget.revenues[0].nature == "in_kind"
    assert proposal.sections["context"] == "Un contexte."
    assert proposal.partners[0].letter_received is False
    assert proposal.applicant.founded is None


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dates_as_people_write_them_as_the_window_reads_them(example, capsys, lang):
    """The forms the window's date cells read, in either language whatever the
    messages' (core.dates.parse_day); YYYY-MM-DD as before."""
    for location, text, day in (("budget.start_date", "15/03/2018", "2018-03-15"),
                                ("budget.end_date", "31 mars 2021", "2021-03-31"),
                                ("budget.revenues[1].status_date", "March 2, 2018",
                                 "2018-03-02"),
                                ("applicant.founded", "1er juillet 1998", "1998-07-01"),
                                ("signatory.resolution_date", "2018-4-1", "2018-04-01"),
                                ("budget.start_date", "2018-09-01", "2018-09-01")):
        code, _out, err = run(capsys, "--lang", lang, "set", str(example), location, text)
        assert (code, err) == (0, ""), (location, text, err)
        proposal = read_document(example).proposal
        node: object = proposal
        for part in location.replace("[", ".").replace("]", "").split("."):
            node = node[int(part)] if part.isdigit() else getattr(node, part)  # type: ignore[index]
        assert str(node) == day, location


@pytest.mark.parametrize(("location", "value", "fr", "en"), [
    ("applicant.nom", "x", "applicant n’a pas de champ nom", "applicant has no field nom"),
    ("budget.expenses[99].amounts[0]", "1", "n’a pas de ligne 99", "has no line 99"),
    ("budget.expenses[0].amounts[4]", "1", "4 n’est pas une année", "4 is not a year"),
    ("budget.expenses[0].amounts[0]", "douze", "n’est pas un montant", "is not an amount"),
    ("budget.expenses[0].amounts[0]", "-5", "est négatif", "is negative"),
    ("applicant", "x", "est un groupe de champs", "is a group of fields"),
    ("budget.expenses[0].amounts", "1", "un montant par année", "one amount per year"),
    ("sections.nope", "x", "n’a pas de nope", "has no nope"),
    ("budget..start_date", "x", "n’est pas un emplacement", "is not a location"),
    ("budget.expenses[0].id", "x", "n’a pas de champ id", "has no field id"),
    ("budget.start_date", "2018-13-01", "pas de mois 13", "no month 13"),
    ("budget.start_date", "1900-01-01", "date de début", "start date"),
    ("budget.start_date", "demain", "«\u202fdemain\u202f» n’est pas une date\u00a0: tapez-la "
     "sous la forme 2018-03-15, 15/03/2018 ou 15 mars 2018",
     "“demain” is not a date: type it as 2018-03-15, 15/03/2018 or March 15, 2018"),
    ("budget.start_date", "31/02/2018", "n’est pas un jour du calendrier",
     "is not a day of the calendar"),
    ("budget.start_date", "15/03/1800", "la date doit être comprise entre", "the date must fall"),
    ("applicant.main_establishment_in_quebec", "peut-être", "prend oui ou non",
     "takes yes or no"),
    ("budget.revenues[0].nature", "both", "prend l’une de ces valeurs", "takes one of"),
    ("applicant.legal_name", "x" * 301, "301 caractères", "301 characters"),
])
def test_what_it_cannot_use_is_one_line_and_the_file_is_untouched(example, capsys, location,
                                                                  value, fr, en):
    before = example.read_bytes()
    for lang, words in (("fr", fr), ("en", en)):
        code, out, err = run(capsys, "--lang", lang, "set", str(example), location, value)
        assert code == 2 and out == ""
        assert err.startswith("proposalkit: ") and err.count("\n") == 1, err
        assert words in err, err
        assert "Traceback" not in err
    assert example.read_bytes() == before
    assert not example.with_name(example.name + ".bak").exists()


def test_the_same_value_writes_nothing_and_output_leaves_the_file(example, capsys, tmp_path):
    before = example.read_bytes()
    code, out, _ = run(capsys, "--lang", "en", "set", str(example),
                       "budget.expenses[0].amounts[0]", "0")
    assert code == 0 and read_document(example).proposal.budget.expenses[0].amounts[0] == 0
    changed = example.read_bytes()
    code, out, _ = run(capsys, "--lang", "fr", "set", str(example),
                       "budget.expenses[0].amounts[0]", "0,00 $")
    assert code == 0 and "a déjà cette valeur : rien à écrire" in out.replace("\xa0", " ")
    assert example.read_bytes() == changed
    other = tmp_path / "autre.pkp"
    code, out, _ = run(capsys, "--lang", "fr", "set", str(example), "metadata.title",
                       "Copie", "-o", str(other))
    assert code == 0 and f"{other} écrit." in out
    assert read_document(other).proposal.metadata.title == "Copie"
    assert read_document(example).proposal.metadata.title != "Copie"
    assert example.read_bytes() == changed != before
