"""A signed partner form imported in the window, kept as the partner's letter (real
widgets)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDialog, QMessageBox

from proposalkit.gui.partner_forms import (
    FormChangesDialog,
    import_partner_form,
    prepare_partner_forms,
)
from tests.export.test_partner_form_pdf import _sign

from .test_consortium import _open_example


def test_a_signed_form_is_kept_as_the_partners_letter_in_one_step(make_gui, qtbot, tmp_path,
                                                                   monkeypatch):
    window, session = _open_example(make_gui, tmp_path)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    prepare_partner_forms(window, session, tmp_path)
    _sign(tmp_path / "mrc-des-vallons.pdf", tmp_path / "signed.pdf")
    offered = []

    def accept(dialog):
        offered.append(dialog.keep_as_letter.isChecked())  # signed: offered by default
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FormChangesDialog, "exec", accept)
    before = session.proposal.model_copy(deep=True)
    assert import_partner_form(window, session, tmp_path / "signed.pdf")
    assert offered == [True]
    partner = session.proposal.partner("mrc-vallons")
    assert partner.cash[0] == Decimal(40000)
    letter = session.proposal.attachment(partner.letter_attachment_id)
    assert letter.title == "Formulaire signé — MRC des Vallons"
    assert letter.kind == "support_letter" and letter.partner_id == "mrc-vallons"
    assert session.blobs[letter.reference] == (tmp_path / "signed.pdf").read_bytes()
    assert partner.letter_received
    session.undo_stack.undo()  # the figures and the letter: one step
    assert session.proposal == before
