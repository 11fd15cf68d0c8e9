"""Errors when they help: no message under a field of a blank form until the user has
been there (or checks the step); the findings panel as a to-do list grouped by step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from proposalkit.core.steps import step_ids, tally_text
from proposalkit.gui.findings import KIND_ROLE, STEP_ROLE
from proposalkit.i18n import translator
from tests.gui.conftest import binding_widget


def _shown_messages(page) -> list[str]:
    return [b.message.text() for f in page.forms for b in f.bindings if b.message.isVisible()]


def test_a_blank_form_shows_no_message_until_a_field_is_left(make_gui, qtbot):
    gui = make_gui("fr")
    window = gui.window
    window.new_proposal("pri-2018")
    page = window.go_to("applicant")
    QApplication.processEvents()
    assert gui.session.findings  # there is plenty to do...
    assert _shown_messages(page) == []  # ...but nothing is shouted under the fields
    neq = binding_widget(page, ("applicant", "neq"))
    neq.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is neq)
    qtbot.keyClick(neq, Qt.Key.Key_Tab)  # leave the NEQ empty
    messages = _shown_messages(page)
    assert len(messages) == 1 and "NEQ" in messages[0]
    window.editor.check_button.click()
    assert len(_shown_messages(page)) > 5


def test_leaving_a_step_shows_its_messages_on_return(make_gui):
    gui = make_gui("en")
    window = gui.window
    window.new_proposal("pri-2018")
    page = window.go_to("applicant")
    assert _shown_messages(page) == []
    window.step_by(1)
    window.step_by(-1)
    assert _shown_messages(page)


def test_an_opened_file_shows_its_messages(make_gui, tmp_path):
    gui = make_gui("en")
    window = gui.window
    window.new_proposal("pri-2018")
    gui.session.save(tmp_path / "p.pkp")
    gui.session.close()
    window.open_path(tmp_path / "p.pkp")
    assert _shown_messages(window.go_to("applicant"))


def test_findings_panel_groups_by_step_in_step_order(make_gui):
    gui = make_gui("fr")
    window = gui.window
    window.new_proposal("pri-2018")
    model = window.findings.model
    groups = [model.item(r).data(STEP_ROLE) for r in range(model.rowCount())]
    order = step_ids(gui.session.program)
    assert groups == sorted(groups, key=order.index)
    assert "applicant" in groups and "attachments" in groups
    kinds = {model.item(r).child(c).data(KIND_ROLE)
             for r in range(model.rowCount()) for c in range(model.item(r).rowCount())}
    assert "todo" in kinds  # a blank proposal is mostly things to fill in
    head = model.item(groups.index("applicant")).text()
    assert head.startswith("Demandeur (") and "non commencée" in head
    assert len(window.findings.findings_shown()) == len(gui.session.findings)


def test_tally_speaks_with_plural_forms():
    fr, en = translator("fr"), translator("en")
    assert tally_text({"error": 0, "todo": 0, "warning": 0, "info": 0}, fr) == "Plus rien à faire."
    assert tally_text({"error": 3, "todo": 2, "warning": 0, "info": 0}, fr) == (
        "1 erreur à corriger, 2 éléments à remplir, 0 avertissement.")
    assert tally_text({"error": 2, "todo": 0, "warning": 1, "info": 2}, en) == (
        "2 errors to correct, 0 items to fill in, 1 warning, 2 notes.")


def test_postal_code_and_phone_are_tidied_when_the_field_is_left(make_gui, qtbot):
    from tests.gui.conftest import type_into

    gui = make_gui("fr")
    window = gui.window
    window.new_proposal("pri-2018")
    page = window.go_to("applicant")
    postal = binding_widget(page, ("applicant", "address", "postal_code"))
    phone = binding_widget(page, ("applicant", "contact", "phone"))
    window.activateWindow()
    postal.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is postal)
    type_into(qtbot, postal, "g9n6t5")
    assert gui.session.proposal.applicant.address.postal_code == "g9n6t5"  # while typing
    qtbot.keyClick(postal, Qt.Key.Key_Tab)
    assert postal.text() == "G9N 6T5"
    assert gui.session.proposal.applicant.address.postal_code == "G9N 6T5"
    phone.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is phone)
    type_into(qtbot, phone, "(819)555.0142")
    qtbot.keyClick(phone, Qt.Key.Key_Tab)
    assert gui.session.proposal.applicant.contact.phone == "819 555-0142"
    gui.session.undo_stack.undo()  # the tidying is its own step
    assert gui.session.proposal.applicant.contact.phone == "(819)555.0142"


def test_final_export_with_errors_asks_first_and_can_show_them(make_gui, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from proposalkit.gui.output import default_name

    gui = make_gui("fr")
    window = gui.window
    window.new_proposal("pri-2018")
    asked = []

    def answer(label):
        def run(box):
            asked.append(box.text())
            next(b for b in box.buttons() if b.text().replace("&", "") == label).click()
            return 0
        return run

    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (_ for _ in ()).throw(AssertionError("no dialog")))
    monkeypatch.setattr(QMessageBox, "exec", answer("Annuler"))
    assert window.output.export("package") is None
    # The errors counted and said as the status bar says them (one count everywhere).
    assert asked[0] == f"Reste à faire\xa0: {window.counts_label.text()}"
    monkeypatch.setattr(QMessageBox, "exec", answer("Voir les erreurs"))
    assert window.output.export("package") is None
    assert window.findings.view.hasFocus() or window.findings.view.currentIndex().isValid()
    # DOCX and PDF drafts are not asked about; names follow the proposal's language.
    assert default_name("package", None, "fr") == "demande-dossier-final"
    assert default_name("package", None, "en") == "proposal-final-package"
