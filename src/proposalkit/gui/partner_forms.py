"""Partners ▸ Prepare partner forms… and Import a partner form…: the window's side of
``core/partner_form.py`` and ``export/partner_forms.py``. Importing shows what would
change beside what the proposal has, and applies it as one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.describe import field_name
from proposalkit.core.names import named
from proposalkit.errors import ProposalKitError
from proposalkit.gui.guard import plain

if TYPE_CHECKING:
    from proposalkit.core.partner_form import FormChanges
    from proposalkit.core.validation import Finding
    from proposalkit.gui.session import Session


def prepare_partner_forms(parent: QWidget, session: Session, folder: Path | None = None
                          ) -> list[Path]:
    """Write a form and a draft letter per named partner into a folder; the files."""
    from proposalkit.export.partner_forms import (
        form_filename,
        letter_of_support_docx,
        partner_form_pdf,
        write_file,
    )
    from proposalkit.gui import dialogs

    tr = session.translator
    _ = tr.gettext
    document, program = session.document, session.program
    if document is None or program is None:
        return []
    title = _("Prepare partner forms")
    if document.history.proposal_id is None or document.history.form_key is None:
        dialogs.inform(parent, title, _("Save the proposal once first: each form names the "
                                        "proposal it belongs to."))
        return []
    partners = [p for p in document.proposal.partners if p.name.strip()]
    if not partners:
        dialogs.inform(parent, title, _("The proposal has no named partner: nothing to "
                                        "prepare."))
        return []
    if folder is None:
        name = QFileDialog.getExistingDirectory(parent, title, str(
            session.path.parent if session.path else Path.home()))
        if not name:
            return []
        folder = Path(name)
    written: list[Path] = []
    # A form and a letter take a second or two each: the window says which partner it is
    # at and keeps repainting between them.
    progress = QProgressDialog(title, "", 0, len(partners), parent)
    progress.setCancelButton(None)  # no cancel: each partner takes a second or two
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    try:
        for index, partner in enumerate(partners):
            progress.setLabelText(_("Preparing the form and the letter of {partner}…").format(
                partner=partner.name))
            progress.setValue(index)
            QApplication.processEvents()
            stem = form_filename(partner, "")
            for suffix, data in (
                    (".pdf", partner_form_pdf(program, document.proposal,
                                              document.history.proposal_id, partner,
                                              key=document.history.form_key)),
                    (".docx", letter_of_support_docx(program, document.proposal, partner))):
                target = folder / (stem + suffix)
                write_file(target, data)
                written.append(target)
    except (ProposalKitError, OSError) as exc:
        progress.close()
        text = exc.message(tr) if isinstance(exc, ProposalKitError) else str(exc)
        dialogs.inform(parent, title, text, warning=True)
        return written
    progress.close()
    dialogs.inform(parent, title, tr.ngettext(
        "Wrote the form and the draft letter of {n} partner in {path}.",
        "Wrote the forms and the draft letters of {n} partners in {path}.",
        len(partners)).format(n=len(partners), path=folder))
    return written


class FormChangesDialog(QDialog):
    """What the form would change, beside what the proposal has."""

    def __init__(self, changes: FormChanges, session: Session,
                 parent: QWidget | None = None, findings: list[Finding] | None = None,
                 signed: bool = False) -> None:
        super().__init__(parent)
        _ = session.translator.gettext
        self.setWindowTitle(_("Import a partner form"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(plain(QLabel(_("The form of {partner:le} changes:").format(
            partner=named(changes.partner, session.translator.lang, changes.target)))))
        self.table = QTableWidget(len(changes.rows), 3, self)
        self.table.setHorizontalHeaderLabels([_("Field"), _("In the proposal"),
                                              _("In the form")])
        for row, values in enumerate(changes.rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value or "—"))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        # What the change would break (a budget that no longer balances...), said first.
        self.findings = QLabel("\n".join(
            _("New finding: {message} ({where})").format(
                message=f.message, where=field_name(f.location, session.translator, session.program,
                                                    session.proposal))
            for f in findings or []), self)
        plain(self.findings)
        self.findings.setWordWrap(True)
        self.findings.setVisible(bool(findings))
        layout.addWidget(self.findings)
        # The signed form can stand for the partner's letter of support in the dossier.
        self.keep_as_letter = QCheckBox(_(
            "&Keep the form as the partner's letter of support among the attachments"), self)
        self.keep_as_letter.setChecked(signed)
        layout.addWidget(self.keep_as_letter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(_("&Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def import_partner_form(parent: QWidget, session: Session, path: Path | None = None) -> bool:
    """Read a filled form, show its changes and apply them (one undo step)."""
    from proposalkit.core.diff import findings_appeared
    from proposalkit.core.partner_form import (
        SIGNATURE_FIELD,
        apply_partner_form,
        read_partner_form,
    )
    from proposalkit.export.partner_forms import keep_form_as_letter, read_form_fields
    from proposalkit.gui import dialogs
    from proposalkit.gui.merging import replace_proposal

    tr = session.translator
    _ = tr.gettext
    document, program = session.document, session.program
    if document is None or program is None or session.read_only:
        return False
    title = _("Import a partner form")
    if path is None:
        name, _filter = QFileDialog.getOpenFileName(
            parent, title, str(session.path.parent if session.path else Path.home()),
            _("PDF documents (*.pdf)"))
        if not name:
            return False
        path = Path(name)
    try:
        fields = read_form_fields(path)
        changes = read_partner_form(document.proposal, document.history.proposal_id,
                                    fields, program.years, tr,
                                    key=document.history.form_key)
    except ProposalKitError as exc:
        dialogs.inform(parent, title, exc.message(tr), warning=True)
        return False
    signed = bool(fields.get(SIGNATURE_FIELD))
    if not changes.rows and not signed:
        dialogs.inform(parent, title, _("The form of {partner:le} changes nothing.").format(
            partner=named(changes.partner, tr.lang, changes.target)))
        return False
    updated = apply_partner_form(document.proposal, changes)
    found = findings_appeared(program, document.proposal, updated, tr, session.today)
    dialog = FormChangesDialog(changes, session, parent, found, signed)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if dialog.keep_as_letter.isChecked():
        from proposalkit.storage import Document

        # On a scratch copy, so that the form, its letter and the changes are one step.
        scratch = Document(updated, dict(session.blobs))
        try:
            entry = keep_form_as_letter(scratch, path, changes.partner.id, tr)
        except ProposalKitError as exc:
            dialogs.inform(parent, title, exc.message(tr), warning=True)
            return False
        session.blobs[entry.reference] = scratch.attachments[entry.reference]
        updated = scratch.proposal
    replace_proposal(session, updated,
                     _("Import the form of {partner:le}").format(
                         partner=named(changes.partner, tr.lang, changes.target)))
    return True
