"""Partners ▸ Prepare partner forms… and Import a partner form…: the window's side of
``core/partner_form.py`` and ``export/partner_forms.py``. Importing shows what would
change beside what the proposal has, and applies it as one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
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

    tr = session.tr
    _ = tr.gettext
    document, program = session.document, session.program
    if document is None or program is None:
        return []
    title = _("Prepare partner forms")
    if document.history.proposal_id is None:
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
    try:
        for partner in partners:
            stem = form_filename(partner, "")
            for suffix, data in (
                    (".pdf", partner_form_pdf(program, document.proposal,
                                              document.history.proposal_id, partner)),
                    (".docx", letter_of_support_docx(program, document.proposal, partner))):
                target = folder / (stem + suffix)
                write_file(target, data)
                written.append(target)
    except (ProposalKitError, OSError) as exc:
        text = exc.message(tr) if isinstance(exc, ProposalKitError) else str(exc)
        dialogs.inform(parent, title, text, warning=True)
        return written
    dialogs.inform(parent, title, tr.ngettext(
        "Wrote the form and the draft letter of {n} partner in {path}.",
        "Wrote the forms and the draft letters of {n} partners in {path}.",
        len(partners)).format(n=len(partners), path=folder))
    return written


class FormChangesDialog(QDialog):
    """What the form would change, beside what the proposal has."""

    def __init__(self, changes: FormChanges, session: Session,
                 parent: QWidget | None = None, findings: list[Finding] | None = None) -> None:
        super().__init__(parent)
        _ = session.tr.gettext
        self.setWindowTitle(_("Import a partner form"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(plain(QLabel(_("The form of {partner:le} changes:").format(
            partner=named(changes.partner, session.tr.lang)))))
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
                message=f.message, where=field_name(f.location, session.tr, session.program,
                                                    session.proposal))
            for f in findings or []), self)
        plain(self.findings)
        self.findings.setWordWrap(True)
        self.findings.setVisible(bool(findings))
        layout.addWidget(self.findings)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(_("&Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def import_partner_form(parent: QWidget, session: Session, path: Path | None = None) -> bool:
    """Read a filled form, show its changes and apply them (one undo step)."""
    from proposalkit.core.diff import findings_appeared
    from proposalkit.core.partner_form import apply_partner_form, read_partner_form
    from proposalkit.export.partner_forms import read_form_fields
    from proposalkit.gui import dialogs
    from proposalkit.gui.merging import replace_proposal

    tr = session.tr
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
        changes = read_partner_form(document.proposal, document.history.proposal_id,
                                    read_form_fields(path), program.years, tr)
    except ProposalKitError as exc:
        dialogs.inform(parent, title, exc.message(tr), warning=True)
        return False
    if not changes.rows:
        dialogs.inform(parent, title, _("The form of {partner:le} changes nothing.").format(
            partner=named(changes.partner, tr.lang)))
        return False
    updated = apply_partner_form(document.proposal, changes)
    found = findings_appeared(program, document.proposal, updated, tr, session.today)
    dialog = FormChangesDialog(changes, session, parent, found)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    replace_proposal(session, updated,
                     _("Import the form of {partner:le}").format(
                         partner=named(changes.partner, tr.lang)))
    return True
