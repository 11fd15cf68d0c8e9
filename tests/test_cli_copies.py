"""merge, versions and diff on the command line: exit codes, files untouched, output."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from proposalkit.cli import main
from proposalkit.storage import read_document, write_document


@pytest.fixture
def copies(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "example", "-o", "a.pkp"]) == 0
    (tmp_path / "b.pkp").write_bytes((tmp_path / "a.pkp").read_bytes())
    return tmp_path / "a.pkp", tmp_path / "b.pkp"


def _edit(path, change) -> None:
    document = read_document(path)
    change(document.proposal)
    write_document(path, document)


def _name(value):
    return lambda p: setattr(p.applicant, "legal_name", value)


def test_clean_merge_takes_both_sides(copies, capsys, tmp_path):
    a, b = copies
    _edit(a, _name("Nom A"))
    _edit(b, lambda p: setattr(p.applicant.contact, "email", "b@example.ca"))
    before = a.read_bytes(), b.read_bytes()
    assert main(["--lang", "en", "merge", str(a), str(b), "-o", "c.pkp"]) == 0
    assert (a.read_bytes(), b.read_bytes()) == before
    merged = read_document(tmp_path / "c.pkp")
    assert merged.proposal.applicant.legal_name == "Nom A"
    assert merged.proposal.applicant.contact.email == "b@example.ca"
    head = merged.history.revision(merged.history.head)
    assert head.parent == read_document(a).history.head
    assert head.merged == read_document(b).history.head
    # Merging the result with either input again changes nothing.
    assert main(["--lang", "en", "merge", "c.pkp", str(b), "-o", "d.pkp"]) == 0
    assert read_document(tmp_path / "d.pkp").proposal == merged.proposal


def test_conflicts_are_listed_and_nothing_is_written(copies, capsys, tmp_path):
    a, b = copies
    _edit(a, _name("Nom A"))
    _edit(b, _name("Nom B"))
    assert main(["--lang", "en", "merge", str(a), str(b), "-o", "c.pkp"]) == 1
    out = capsys.readouterr().out
    assert "CONFLICT\tApplicant › legal name" in out and "Nom A" in out and "Nom B" in out
    assert not (tmp_path / "c.pkp").exists()
    assert main(["--lang", "en", "merge", str(a), str(b), "-o", "c.pkp", "--take-theirs"]) == 0
    assert read_document(tmp_path / "c.pkp").proposal.applicant.legal_name == "Nom B"


def test_budget_figures_taken_are_listed(copies, capsys):
    a, b = copies
    _edit(b, lambda p: p.budget.expenses[0].amounts.__setitem__(0, Decimal(1)))
    assert main(["--lang", "en", "merge", str(a), str(b), "-o", "c.pkp"]) == 0
    assert "budget figures › Budget › Expenses ›" in capsys.readouterr().out


def test_unreadable_or_unrelated_input_exits_2(copies, capsys, tmp_path):
    a, b = copies
    assert main(["--lang", "en", "merge", str(a), "missing.pkp", "-o", "c.pkp"]) == 2
    assert main(["--lang", "en", "example", "-o", "other.pkp"]) == 0
    assert main(["--lang", "en", "merge", str(a), "other.pkp", "-o", "c.pkp"]) == 2
    assert "not copies of the same proposal" in capsys.readouterr().err
    assert main(["--lang", "en", "merge", str(a), str(b), "-o", str(a)]) == 2


def test_versions_and_diff_list_exactly_the_changes(copies, capsys):
    a, _ = copies
    assert main(["--lang", "en", "versions", str(a), "--add", "Sent to the MRC"]) == 0

    def change(p):
        p.budget.expenses[0].amounts[1] += Decimal(2500)
        p.partners.pop()
        p.sections["context"] += " Deux mots."
        p.applicant.contact.phone = "819 555-0000"
    _edit(a, change)
    capsys.readouterr()
    assert main(["--lang", "en", "versions", str(a)]) == 0
    assert "Sent to the MRC\tsaved on request" in capsys.readouterr().out
    assert main(["--lang", "en", "diff", str(a), "--json", "--today", "2018-04-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from"] == "Sent to the MRC"
    assert [(c["kind"], c["status"], c["amounts"]) for c in data["budget_lines"]] == [
        ("expense", "changed", [{"year": 2, "before": "380000", "after": "382500"}]),
        ("partner_cash", "removed", [{"year": y, "before": "10000", "after": "0"}
                                     for y in range(1, 5)]),
    ]
    assert data["partners_added"] == [] and data["partners_removed"] == ["SADC du Haut-Maurice"]
    assert [(s["id"], s["words_added"], s["words_removed"]) for s in data["sections"]] == [
        ("context", 2, 0)]
    assert [f["field"] for f in data["fields"]] == ["Applicant › contact › phone"]
    assert [t["label"] for t in data["totals"]] == ["Total expenses"]
    # The budget no longer balances; the removed partner's revenue line names nobody, and
    # nor does the activity it carried.
    assert sorted((f["code"], f["location"]) for f in data["findings_appeared"]) == [
        ("PRI-BALANCE", ["budget", "revenues"]), ("PRI-PARTNER-FUNDS", ["budget", "revenues", 8]),
        ("PRI-PLAN", ["activities", 3, "responsible"])]
    assert data["findings_disappeared"] == []
    assert main(["--lang", "en", "diff", str(a), "--from", "1", "--to", "1"]) == 0
    assert "No differences." in capsys.readouterr().out
    assert main(["--lang", "en", "diff", str(a), "--from", "nope"]) == 2


def test_final_export_keeps_a_version(copies, capsys, tmp_path):
    a, _ = copies
    assert main(["--lang", "en", "export", str(a), "--pdf", "d.pdf", "--final"]) == 0
    versions = read_document(a).history.versions
    assert [v.kind for v in versions] == ["export"]
    assert versions[0].proposal == read_document(a).current_data()


def test_a_version_name_is_kept_once(copies, capsys):
    a, _ = copies
    assert main(["--lang", "en", "versions", str(a), "--add", "Sent to the MRC"]) == 0
    before = a.read_bytes()
    capsys.readouterr()
    for name, lang, words in (("Sent to the MRC", "en", "A version named Sent to the MRC is "
                               "already kept in this proposal; choose another name."),
                              ("  sent to the mrc ", "fr", "Une version nommée sent to the mrc "
                               "est déjà conservée")):
        assert main(["--lang", lang, "versions", str(a), "--add", name]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err
    assert a.read_bytes() == before
    assert [v.name for v in read_document(a).history.versions] == ["Sent to the MRC"]
    # So `diff --from NAME` has exactly one version to pick.
    assert main(["--lang", "en", "diff", str(a), "--from", "Sent to the MRC"]) == 0
    assert "No differences." in capsys.readouterr().out


def test_two_final_exports_on_one_day_are_both_kept(copies, capsys):
    a, _ = copies
    for _ in range(2):
        assert main(["--lang", "en", "export", str(a), "--pdf", "d.pdf", "--final",
                     "--force"]) == 0
    names = [v.name for v in read_document(a).history.versions]
    assert len(names) == 2 and names[1] == names[0] + " (2)"


def _rewrite_amounts(p) -> None:
    """30000 → 30000.00: the same amounts, written with cents."""
    for line in p.budget.expenses:
        line.amounts = [a.quantize(Decimal("0.01")) for a in line.amounts]
    for partner in p.partners:
        partner.cash = [a.quantize(Decimal("0.01")) for a in partner.cash]


def test_amounts_written_otherwise_are_not_a_change(copies, capsys, tmp_path):
    a, b = copies
    assert main(["--lang", "en", "versions", str(a), "--add", "before"]) == 0
    _edit(a, _rewrite_amounts)
    capsys.readouterr()
    assert main(["--lang", "en", "diff", str(a), "--from", "before"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["No differences."]
    # A clean merge of a copy whose amounts are only written otherwise takes nothing.
    _edit(b, _rewrite_amounts)
    _edit(b, _name("Nom B"))
    assert main(["--lang", "en", "merge", str(a), str(b), "-o", "c.pkp"]) == 0
    out = capsys.readouterr().out
    assert "budget figures" not in out and "Applicant › legal name" in out
    assert out.rstrip().endswith("(merged cleanly).")
