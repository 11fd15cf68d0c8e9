"""Merging copies, versions, partner forms and conflicted copies in the window (real
widgets)."""

from __future__ import annotations

from decimal import Decimal

from pypdf import PdfReader, PdfWriter
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from proposalkit.cli import main
from proposalkit.gui.merging import ConflictDialog, merge_another_copy
from proposalkit.gui.partner_forms import (
    FormChangesDialog,
    import_partner_form,
    prepare_partner_forms,
)
from proposalkit.gui.versions import VersionsDialog
from proposalkit.storage import read_document, write_document


def _copy_with(tmp_path, name: str, change) -> None:
    """``p.pkp`` (the example) and a copy of it named ``name`` with ``change`` saved."""
    assert main(["--lang", "fr", "example", "-o", str(tmp_path / "p.pkp")]) == 0
    (tmp_path / name).write_bytes((tmp_path / "p.pkp").read_bytes())
    other = read_document(tmp_path / name)
    change(other.proposal)
    write_document(tmp_path / name, other)


def _open_example(make_gui, tmp_path, name="p.pkp"):
    if not (tmp_path / name).exists():
        assert main(["--lang", "fr", "example", "-o", str(tmp_path / name)]) == 0
    gui = make_gui("fr")
    assert gui.window.open_path(tmp_path / name)
    return gui.window, gui.window.session


def test_versions_save_compare_and_restore_as_an_undoable_change(make_gui, qtbot, tmp_path,
                                                                 monkeypatch):
    window, session = _open_example(make_gui, tmp_path)
    dialog = VersionsDialog(session, window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Envoyée à la MRC", True))
    dialog.save_button.click()
    assert dialog.list.count() == 1
    # Saved at once (nothing else was unsaved): the file has the version.
    assert [v.name for v in read_document(tmp_path / "p.pkp").history.versions] == [
        "Envoyée à la MRC"]
    old_name = session.proposal.applicant.legal_name
    session.set_value(("applicant", "legal_name"), "Nouveau nom")
    dialog.list.item(0).setSelected(True)
    dialog.compare_button.click()
    assert "Nouveau nom" in dialog.diff.toPlainText()
    assert dialog.diff.toPlainText().startswith(
        "De la version «\u202fEnvoyée à la MRC\u202f» à l’état actuel")
    dialog.restore_button.click()
    assert session.proposal.applicant.legal_name == old_name
    kinds = [v.kind for v in session.document.history.versions]
    assert kinds == ["manual", "restore"]  # the state before restoring is kept
    session.undo_stack.undo()  # restoring is one undoable change
    assert session.proposal.applicant.legal_name == "Nouveau nom"


def test_partner_form_round_trip_in_the_window(make_gui, qtbot, tmp_path, monkeypatch):
    window, session = _open_example(make_gui, tmp_path)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    written = prepare_partner_forms(window, session, tmp_path)
    form = tmp_path / "caisse-populaire-du-saint-maurice.pdf"
    assert form in written and (tmp_path / "caisse-populaire-du-saint-maurice.docx") in written
    writer = PdfWriter(clone_from=PdfReader(form))
    writer.update_page_form_field_values(writer.pages[0], {"cash_3": "27 500 $"},
                                         auto_regenerate=False)
    writer.write(tmp_path / "filled.pdf")
    shown = []

    def accept(dialog):
        shown.append([dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())])
        assert dialog.findings.isVisibleTo(dialog)  # 22 500 $ less: no longer balanced
        # Where each new finding is, as the user knows the field, not an internal path.
        assert "budget." not in dialog.findings.text()
        assert dialog.findings.text().endswith("(Revenus)")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FormChangesDialog, "exec", accept)
    before = session.proposal.model_copy(deep=True)
    assert import_partner_form(window, session, tmp_path / "filled.pdf")
    assert shown and any("27 500,00" in v.replace("\u202f", " ").replace("\u00a0", " ")
                         for v in shown[0])
    partner = session.proposal.partner("caisse-saint-maurice")
    assert partner.cash[2] == Decimal(27500)
    session.undo_stack.undo()  # one step
    assert session.proposal == before


def test_a_section_conflict_is_edited_in_the_dialog(make_gui, qtbot, tmp_path, monkeypatch):
    _copy_with(tmp_path, "autre.pkp",
               lambda p: p.sections.__setitem__("context", "Leur version du contexte."))
    window, session = _open_example(make_gui, tmp_path)
    session.set_value(("sections", "context"), "Notre version du contexte.")

    def edit(dialog: ConflictDialog) -> int:
        assert dialog.result_text.isEnabled()
        dialog.result_text.setPlainText("Une version commune du contexte.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", edit)
    assert merge_another_copy(window, session, tmp_path / "autre.pkp")
    assert session.proposal.sections["context"] == "Une version commune du contexte."


def test_budget_figures_in_conflict_are_typed_and_checked(make_gui, qtbot, tmp_path,
                                                          monkeypatch):
    _copy_with(tmp_path, "autre.pkp",
               lambda p: p.budget.expenses[1].amounts.__setitem__(0, Decimal(61000)))
    window, session = _open_example(make_gui, tmp_path)
    amounts = list(session.proposal.budget.expenses[1].amounts)
    session.set_value(("budget", "expenses", 1, "amounts"), [Decimal(59000), *amounts[1:]])

    def edit(dialog: ConflictDialog) -> int:
        (conflict,) = dialog.conflicts
        assert conflict.kind == "figures" and dialog.result_text.isEnabled()
        dialog.result_text.setPlainText("beaucoup / 55 000 $ / 50 000 $ / 45 000 $")
        dialog.accept()
        assert dialog.error.isVisibleTo(dialog) and "beaucoup" in dialog.error.text()
        assert dialog.result() != QDialog.DialogCode.Accepted  # still open
        dialog.result_text.setPlainText("60 000 $ / 55 000 $ / 50 000,50 $ / 45 000 $")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", edit)
    assert merge_another_copy(window, session, tmp_path / "autre.pkp")
    assert session.proposal.budget.expenses[1].amounts == [
        Decimal(60000), Decimal(55000), Decimal("50000.50"), Decimal(45000)]


def test_a_conflicted_copy_beside_the_file_is_offered_for_merging(make_gui, qtbot, tmp_path,
                                                                  monkeypatch):
    _copy_with(tmp_path, "p-DESKTOP-AB12CD.pkp",
               lambda p: setattr(p.applicant.contact, "phone", "819 555-0199"))
    asked = []

    def answer(self):
        asked.append(self.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: self.buttons()[0])
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    gui = make_gui("fr")
    assert gui.window.open_path(tmp_path / "p.pkp")
    assert asked and "p-DESKTOP-AB12CD.pkp" in asked[0]
    assert gui.window.session.proposal.applicant.contact.phone == "819 555-0199"


def test_merge_with_one_conflict_resolved_in_the_window(make_gui, qtbot, tmp_path,
                                                        monkeypatch):
    def change(p):
        p.applicant.legal_name = "Carrefour Innovation Mauricie (copie)"
        p.applicant.contact.email = "autre@example.ca"
        p.budget.expenses[1].amounts[0] = Decimal(61000)
    _copy_with(tmp_path, "copie de Jean.pkp", change)
    gui = make_gui("fr")
    window = gui.window
    assert window.open_path(tmp_path / "p.pkp")
    session = window.session
    session.set_value(("applicant", "legal_name"), "Carrefour Mauricie")
    shown = []

    def answer(dialog: ConflictDialog) -> int:
        shown.append(dialog)
        assert dialog.table.rowCount() == 1
        assert dialog.theirs_text.toPlainText() == "Carrefour Innovation Mauricie (copie)"
        assert dialog.ours_text.toPlainText() == "Carrefour Mauricie"
        figures = dialog.taken.toPlainText()
        assert dialog.taken.isVisibleTo(dialog) and "61 000,00" in figures.replace(
            "\u202f", " ").replace("\u00a0", " ")
        dialog.choices[0].setCurrentIndex(1)  # keep the other copy's name
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", answer)
    assert merge_another_copy(window, session, tmp_path / "copie de Jean.pkp")
    assert shown
    assert session.proposal.applicant.legal_name == "Carrefour Innovation Mauricie (copie)"
    assert session.proposal.applicant.contact.email == "autre@example.ca"  # one side only
    assert session.proposal.budget.expenses[1].amounts[0] == Decimal(61000)
    merged_in = read_document(tmp_path / "copie de Jean.pkp").history.head
    assert session.document.merged_from[0] == merged_in
    session.undo_stack.undo()  # the merge is one step, its record in the history too
    assert session.proposal.applicant.legal_name == "Carrefour Mauricie"
    assert session.proposal.applicant.contact.email != "autre@example.ca"
    assert session.document.merged_from is None
    assert session.document.history.revision(merged_in) is None
    session.undo_stack.redo()
    window.save()
    saved = read_document(tmp_path / "p.pkp").history
    assert saved.revision(saved.head).merged == merged_in


def test_versions_dialog_lists_versions_dated_out_of_range(make_gui, tmp_path, monkeypatch):
    # Issue 18: 9999-12-31 -05:00, or 0001-01-01 in Montréal's zone, raised OverflowError.
    import json
    import time

    from tests.storage.hostile import entries_of, rebuild

    assert main(["--lang", "fr", "example", "-o", str(tmp_path / "p.pkp")]) == 0
    assert main(["--lang", "fr", "versions", str(tmp_path / "p.pkp"), "--add", "v1"]) == 0
    assert main(["--lang", "fr", "versions", str(tmp_path / "p.pkp"), "--add", "v2"]) == 0
    good = (tmp_path / "p.pkp").read_bytes()
    history = json.loads(dict(entries_of(good))["history.json"])
    history["versions"][0]["created"] = "9999-12-31T23:00:00-05:00"
    history["versions"][1]["created"] = "0001-01-01T00:00:00"
    (tmp_path / "odd.pkp").write_bytes(rebuild(good, lambda entries: [
        (n, json.dumps(history).encode() if n == "history.json" else d) for n, d in entries],
        format_version=3, program_version=json.loads(
            dict(entries_of(good))["manifest.json"])["program_version"]))
    monkeypatch.setenv("TZ", "America/Toronto")
    time.tzset()
    try:
        window, session = _open_example(make_gui, tmp_path, "odd.pkp")
        dialog = VersionsDialog(session, window)
        assert dialog.list.count() == 2
        assert {dialog.list.item(n).text()[:4] for n in range(2)} == {"2100", "1989"}
    finally:
        monkeypatch.undo()
        time.tzset()
