"""``proposalkit dump`` and ``load``: a proposal as readable JSON and back, the JSON
checked as untrusted input, messages in the user's language."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from proposalkit.cli import main
from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.storage import Document, read_document, write_document


@pytest.fixture
def example_file(tmp_path):
    proposal = example_proposal()
    path = tmp_path / "exemple.pkp"
    write_document(path, Document(proposal, example_attachments(proposal)))
    return path


def _dump(path, capsys) -> dict:
    assert main(["dump", str(path)]) == 0
    return json.loads(capsys.readouterr().out)


def test_dump_edit_load_validate(example_file, tmp_path, capsys):
    data = _dump(example_file, capsys)
    assert data["format"] == "proposalkit-json" and data["format_version"] >= 3
    # Amounts are strings, as in the file: nothing is lost to floats.
    amounts = data["proposal"]["budget"]["expenses"][0]["amounts"]
    assert all(isinstance(a, str) for a in amounts)
    amounts[0] = str(Decimal(amounts[0]) + Decimal("0.01"))
    data["proposal"]["applicant"]["founded"] = "2015-03-12"
    source = tmp_path / "edited.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "edited.pkp"
    assert main(["--lang", "en", "load", str(source), "-o", str(out)]) == 0
    loaded = read_document(out).proposal
    original = read_document(example_file).proposal
    assert loaded.budget.expenses[0].amounts[0] == original.budget.expenses[0].amounts[0] + \
        Decimal("0.01")
    assert str(loaded.applicant.founded) == "2015-03-12"
    # The attachments' bytes do not travel in JSON: the entries stay, to attach again.
    assert [a.title for a in loaded.attachments] == [a.title for a in original.attachments]
    assert all(not a.reference for a in loaded.attachments)
    # Dumping the loaded file gives the JSON back (but the attachments' references).
    assert main(["validate", str(out)]) in (0, 1)
    capsys.readouterr()
    again = _dump(out, capsys)
    assert again["proposal"]["budget"] == data["proposal"]["budget"]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("text", "en", "fr"), [
    ("[[[[", "is not valid JSON", "n’est pas du JSON valide"),
    ('{"a": 1}', "is not a proposal's JSON", "n’est pas le JSON d’une demande"),
    ('{"format": "proposalkit-json", "format_version": 99, "proposal": {}}',
     "format version 99", "version de format 99"),
    ('{"format": "proposalkit-json", "format_version": 3, "proposal": {"program_id": '
     '"pri-2018", "budget": {"expenses": [{"amounts": ["12,3.4"]}]}}}',
     "budget.expenses.0.amounts.0", "budget.expenses.0.amounts.0"),
    ('{"format": "proposalkit-json", "format_version": 3, "proposal": {"program_id": '
     '"nowhere"}}', "Unknown program nowhere", "nowhere"),
    ('{"format": "proposalkit-json", "format_version": 3, "proposal": ' + "[" * 5000
     + "]" * 5000 + "}", "nested more than 64 levels", "plus de 64 niveaux"),
])
def test_load_refuses_bad_json_in_one_line(tmp_path, capsys, lang, text, en, fr):
    source = tmp_path / "bad.json"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.pkp"
    assert main(["--lang", lang, "load", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert (en if lang == "en" else fr) in err
    assert not out.exists()


def test_load_does_not_overwrite_without_force(example_file, tmp_path, capsys):
    source = tmp_path / "p.json"
    source.write_text(json.dumps(_dump(example_file, capsys)), encoding="utf-8")
    assert main(["load", str(source), "-o", str(example_file)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["load", str(source), "-o", str(example_file), "--force"]) == 0
