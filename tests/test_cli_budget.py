"""``proposalkit budget export`` and ``budget import``: files written and read back,
mappings given as options, ambiguity and bad files refused in one line (exit 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from proposalkit.cli import main
from proposalkit.storage import read_document


@pytest.fixture
def proposal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "example", "-o", "a.pkp"]) == 0
    return tmp_path / "a.pkp"


def test_export_then_import_round_trip(proposal, tmp_path, capsys):
    assert main(["--lang", "en", "budget", "export", str(proposal), "-o", "b.xlsx"]) == 0
    assert "Wrote b.xlsx." in capsys.readouterr().out
    book = load_workbook(tmp_path / "b.xlsx")
    book["Dépenses"]["C2"] = 390000
    book.save(tmp_path / "b.xlsx")
    before = proposal.read_bytes()
    assert main(["--lang", "en", "budget", "import", str(proposal), "b.xlsx", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "0 added, 1 changed, 0 removed, 17 unchanged." in out
    assert "New finding:" in out  # the expenses no longer equal the revenues
    assert proposal.read_bytes() == before
    assert main(["--lang", "en", "budget", "import", str(proposal), "b.xlsx",
                 "-o", "c.pkp"]) == 0
    assert proposal.read_bytes() == before
    changed = read_document(tmp_path / "c.pkp").proposal
    assert Decimal(390000) in [line.amounts[0] for line in changed.budget.expenses]


def test_export_refuses_to_overwrite_or_a_wrong_suffix(proposal, tmp_path, capsys):
    (tmp_path / "b.xlsx").write_bytes(b"x")
    assert main(["--lang", "en", "budget", "export", str(proposal), "-o", "b.xlsx"]) == 2
    assert main(["--lang", "en", "budget", "export", str(proposal), "-o", "b.pdf"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["proposalkit: b.xlsx already exists; add --force to replace it.",
                   "proposalkit: b.pdf does not end in .xlsx, yet it would hold the workbook: "
                   "name it …xlsx, or add --force to keep this name."]


def test_a_mapping_given_as_options(proposal, tmp_path, capsys):
    (tmp_path / "plain.csv").write_text(
        "Mon budget\nLoyer;Local;100;200;300;400\nSalaires;Personnel;5;5;5;5\n",
        encoding="utf-8")
    assert main(["--lang", "en", "budget", "import", str(proposal), "plain.csv"]) == 2
    assert "No sheet of the workbook" in capsys.readouterr().err
    assert main(["--lang", "en", "budget", "import", str(proposal), "plain.csv", "--part",
                 "expenses", "--header-row", "1", "--line", "A", "--years", "C:F"]) == 0
    updated = read_document(proposal).proposal
    assert [(line.description, line.amounts) for line in updated.budget.expenses] == [
        ("Loyer", [Decimal(100), Decimal(200), Decimal(300), Decimal(400)]),
        ("Salaires", [Decimal(5)] * 4)]
    # No category column: the lines go into the program's first category.
    assert {line.category for line in updated.budget.expenses} == {"salaries"}


def test_ambiguous_or_bad_workbooks_are_one_line(proposal, tmp_path, capsys):
    assert main(["--lang", "en", "budget", "export", str(proposal), "-o", "b.xlsx"]) == 0
    book = load_workbook(tmp_path / "b.xlsx")
    copy = book.copy_worksheet(book["Dépenses"])
    copy.title = "Dépenses (2)"
    book.save(tmp_path / "two.xlsx")
    capsys.readouterr()
    assert main(["--lang", "fr", "budget", "import", str(proposal), "two.xlsx"]) == 2
    err = capsys.readouterr().err
    assert "Plusieurs feuilles pourraient porter les dépenses" in err
    assert len(err.strip().splitlines()) == 1
    (tmp_path / "bad.xlsx").write_bytes(b"nope")
    assert main(["--lang", "en", "budget", "import", str(proposal), "bad.xlsx"]) == 2
    assert capsys.readouterr().err.strip() == (
        "proposalkit: bad.xlsx cannot be read as a workbook: it is not an .xlsx file (not a "
        "zip archive).")


def test_openpyxl_is_loaded_only_for_a_workbook():
    import subprocess
    import sys

    probe = ("import sys; import proposalkit.cli, proposalkit.gui.main_window, "
             "proposalkit.gui.menus, proposalkit.export.budget_xlsx, "
             "proposalkit.core.budget_import; print('openpyxl' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "False"
