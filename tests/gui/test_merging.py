"""File ▸ Merge another copy…: a conflict shown side by side, resolved in the dialog."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QDialog

from proposalkit.gui.merging import ConflictDialog, merge_another_copy
from proposalkit.storage import read_document, write_document


def test_merge_with_one_conflict_resolved_in_the_window(make_gui, qtbot, tmp_path,
                                                        monkeypatch):
    from proposalkit.cli import main

    assert main(["--lang", "fr", "example", "-o", str(tmp_path / "a.pkp")]) == 0
    other = tmp_path / "a (conflicted copy 2026-12-01).pkp"
    other.write_bytes((tmp_path / "a.pkp").read_bytes())
    copy = read_document(other)
    copy.proposal.applicant.legal_name = "Carrefour Innovation Mauricie (copie)"
    copy.proposal.applicant.contact.email = "autre@example.ca"
    write_document(other, copy)
    gui = make_gui("fr")
    window = gui.window
    assert window.open_path(tmp_path / "a.pkp")
    session = window.session
    session.set_value(("applicant", "legal_name"), "Carrefour Mauricie")
    shown = []

    def answer(dialog: ConflictDialog) -> int:
        shown.append(dialog)
        assert dialog.table.rowCount() == 1
        assert dialog.theirs_text.toPlainText() == "Carrefour Innovation Mauricie (copie)"
        assert dialog.ours_text.toPlainText() == "Carrefour Mauricie"
        dialog.choices[0].setCurrentIndex(1)  # keep the other copy's name
        shots = Path("/work/shots/i14")
        if shots.is_dir() and os.environ.get("PROPOSALKIT_SHOTS"):
            dialog.show()
            dialog.grab().save(str(shots / "merge-conflict-dialog.png"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", answer)
    assert merge_another_copy(window, session, other)
    assert shown
    assert session.proposal.applicant.legal_name == "Carrefour Innovation Mauricie (copie)"
    assert session.proposal.applicant.contact.email == "autre@example.ca"  # one side only
    session.undo_stack.undo()  # the merge is one step
    assert session.proposal.applicant.legal_name == "Carrefour Mauricie"
    assert session.proposal.applicant.contact.email != "autre@example.ca"
