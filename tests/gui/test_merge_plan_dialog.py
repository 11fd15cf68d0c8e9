"""The merge dialog with the action plan and the indicators (#21): an indicator's
figures are typed as figures in the user's language (empty: not given), an activity's
months as months, and who carries an activity is shown by name and chosen, not typed.
Driven through File ▸ Merge another copy with the dialog answered in its ``exec``."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QDialog

from proposalkit.cli import main
from proposalkit.gui.merging import ConflictDialog, merge_another_copy
from proposalkit.storage import read_document, write_document

NNBSP = "\u202f"


def _record(records, ident):
    return next(r for r in records if r.id == ident)


def _open_with_copy(make_gui, tmp_path, lang, change_other, change_mine):
    """The example open in the window (changed by ``change_mine`` there) and a copy of it
    saved with ``change_other``."""
    assert main(["--lang", "fr", "example", "-o", str(tmp_path / "p.pkp")]) == 0
    (tmp_path / "autre.pkp").write_bytes((tmp_path / "p.pkp").read_bytes())
    other = read_document(tmp_path / "autre.pkp")
    change_other(other.proposal)
    write_document(tmp_path / "autre.pkp", other)
    gui = make_gui(lang)
    assert gui.window.open_path(tmp_path / "p.pkp")
    session = gui.window.session
    change_mine(session)
    return gui.window, session


def _targets(session, ident):
    index = next(i for i, r in enumerate(session.proposal.indicators) if r.id == ident)
    return index, list(session.proposal.indicators[index].targets)


@pytest.mark.parametrize(("lang", "shown", "typed"), [
    ("fr", "8 / 10 / 14 / 12", "1 200,5 / 10 /  / -2,25"),
    ("en", "8 / 10 / 14 / 12", "1,200.5 / 10 /  / -2.25"),
])
def test_targets_typed_as_figures_in_the_users_language(make_gui, qtbot, tmp_path,
                                                        monkeypatch, lang, shown, typed):
    def other(p):
        _record(p.indicators, "ind-pousses").targets[2] = Decimal(15)

    def mine(session):
        index, targets = _targets(session, "ind-pousses")
        targets[2] = Decimal(14)
        session.set_value(("indicators", index, "targets"), targets)

    window, session = _open_with_copy(make_gui, tmp_path, lang, other, mine)

    def edit(dialog: ConflictDialog) -> int:
        (conflict,) = dialog.conflicts
        assert conflict.path[-1] == "targets" and dialog.result_text.isEnabled()
        # Figures, not amounts: no dollar sign, no cents.
        assert dialog.table.item(0, 1).text() == shown
        assert dialog.table.item(0, 2).text() == shown.replace("14", "15")
        assert dialog.result_text.toPlainText() == shown
        dialog.result_text.setPlainText("beaucoup / 10 / 12 / 12")
        dialog.accept()
        assert dialog.error.isVisibleTo(dialog) and "beaucoup" in dialog.error.text()
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.result_text.setPlainText(typed)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", edit)
    assert merge_another_copy(window, session, tmp_path / "autre.pkp")
    # An empty year is "not given", never zero; decimals and signs kept exactly.
    assert _targets(session, "ind-pousses")[1] == [
        Decimal("1200.5"), Decimal(10), None, Decimal("-2.25")]


def test_a_baseline_left_empty_is_not_given(make_gui, qtbot, tmp_path, monkeypatch):
    def other(p):
        _record(p.indicators, "ind-entreprises").baseline = Decimal(40)

    def mine(session):
        session.set_value(("indicators", 0, "baseline"), Decimal("36.5"))

    window, session = _open_with_copy(make_gui, tmp_path, "fr", other, mine)

    def edit(dialog: ConflictDialog) -> int:
        (conflict,) = dialog.conflicts
        assert dialog.table.item(0, 1).text() == "36,5"
        dialog.result_text.setPlainText("")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", edit)
    assert merge_another_copy(window, session, tmp_path / "autre.pkp")
    assert session.proposal.indicators[0].baseline is None


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_activities_months_typed_and_responsible_chosen(make_gui, qtbot, tmp_path,
                                                       monkeypatch, lang):
    def other(p):
        guichet = _record(p.activities, "act-guichet")
        guichet.end = "2019-09"
        guichet.responsible = "college-batiscan"

    def mine(session):
        index = next(i for i, a in enumerate(session.proposal.activities)
                     if a.id == "act-guichet")
        session.set_value(("activities", index, "end"), "2019-06")
        session.set_value(("activities", index, "responsible"), "mrc-vallons")

    window, session = _open_with_copy(make_gui, tmp_path, lang, other, mine)

    def edit(dialog: ConflictDialog) -> int:
        rows = {c.path[-1]: r for r, c in enumerate(dialog.conflicts)}
        assert set(rows) == {"end", "responsible"}
        # The months as months, who carries the activity by name.
        end = rows["end"]
        assert dialog.table.item(end, 1).text() == (
            f"juin{NNBSP}2019".replace(NNBSP, "\u00a0") if lang == "fr" else "Jun\u00a02019")
        who = rows["responsible"]
        assert dialog.table.item(who, 1).text() == "MRC des Vallons"
        assert dialog.table.item(who, 2).text() == "Collège technique de la Batiscan"
        dialog.table.setCurrentCell(who, 0)
        assert not dialog.result_text.isEnabled()  # chosen, not typed
        dialog.choices[who].setCurrentIndex(1)
        dialog.table.setCurrentCell(end, 0)
        assert dialog.result_text.isEnabled()
        assert dialog.result_text.toPlainText() == "2019-06"
        dialog.result_text.setPlainText("bientôt")
        dialog.accept()
        assert dialog.error.isVisibleTo(dialog) and "2019-04" in dialog.error.text()
        dialog.result_text.setPlainText("12/2019")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", edit)
    assert merge_another_copy(window, session, tmp_path / "autre.pkp")
    guichet = _record(session.proposal.activities, "act-guichet")
    assert guichet.end == "2019-12"
    assert guichet.responsible == "college-batiscan"


def test_targets_taken_from_the_other_copy_are_listed_as_figures(make_gui, qtbot, tmp_path,
                                                                 monkeypatch):
    def other(p):
        _record(p.indicators, "ind-investissements").targets[3] = Decimal(1200000)

    window, session = _open_with_copy(make_gui, tmp_path, "fr", other, lambda _s: None)
    shown = []

    def look(dialog: ConflictDialog) -> int:
        shown.append(dialog.taken.toPlainText())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", look)
    assert merge_another_copy(window, session, tmp_path / "autre.pkp")
    (text,) = shown
    assert text.startswith("Chiffres repris de autre.pkp (montants du budget, cibles des "
                           "indicateurs)")
    assert "Investissements privés mobilisés" in text
    assert f"1{NNBSP}000{NNBSP}000" in text and f"1{NNBSP}200{NNBSP}000" in text
    assert "$" not in text.splitlines()[1]
    assert _targets(session, "ind-investissements")[1][3] == Decimal(1200000)
