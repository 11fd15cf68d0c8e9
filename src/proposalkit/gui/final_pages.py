"""The last steps: attachments (with the checklist of what the call asks for) and the
review, from which the dossier is exported, previewed and printed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from proposalkit.core.checklist import checklist
from proposalkit.core.edits import Changes
from proposalkit.core.field_help import field_help
from proposalkit.core.model import Attachment
from proposalkit.core.steps import status_word, steps, tally_text
from proposalkit.errors import ProposalKitError
from proposalkit.gui import dialogs, files
from proposalkit.gui.guard import plain, plain_tip
from proposalkit.gui.pages import Page
from proposalkit.gui.session import Session

ATTACHMENT_ROLE = Qt.ItemDataRole.UserRole + 2


class AttachmentsPage(Page):
    """Add, open and remove the documents joined to the proposal; see what is missing."""

    step_id = "attachments"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.translator
        _ = tr.gettext
        super().__init__(session, _(
            "Attach each document the call asks for: the board resolution, the latest "
            "financial statements and one letter of support per partner. The documents "
            "are copied into the proposal file."), parent)
        caption = QLabel(_("&Checklist:"))
        self.checklist = QListWidget()
        self.checklist.setAccessibleName(_("Checklist"))
        caption.setBuddy(self.checklist)
        self.body.addWidget(caption)
        self.body.addWidget(self.checklist, 1)
        form = QFormLayout()
        self.kind = QComboBox()
        # Long letter titles must not widen the page past a 1024-pixel window: the box
        # keeps a readable width and its list shows the titles whole.
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(24)
        self.kind.setAccessibleName(_("Document for"))
        # A letter's name can be long: it is elided rather than widening the page.
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(24)
        self.kind.setToolTip(tr.gettext(field_help(("attachments", 0, "kind"))))
        self.kind.setAccessibleDescription(self.kind.toolTip())
        kind_label = QLabel(_("&Document for:"))
        kind_label.setBuddy(self.kind)
        form.addRow(kind_label, self.kind)
        self.body.addLayout(form)
        caption = QLabel(_("Attached docu&ments:"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Attached documents"))
        caption.setBuddy(self.list)
        self.body.addWidget(caption)
        self.body.addWidget(self.list, 1)
        # Long document names wrap instead of scrolling sideways on a small screen.
        for listing in (self.checklist, self.list):
            listing.setWordWrap(True)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("&Attach a document…"))
        self.open_button = QPushButton(_("&Open"))
        self.remove_button = QPushButton(_("&Remove"))
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)
        self.add_button.clicked.connect(self.choose_and_add)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.checklist.itemDoubleClicked.connect(self._pick_from_checklist)
        self.update_lists()

    def update_lists(self) -> None:
        """Rebuild the checklist, the kind chooser and the list of attached documents."""
        session, tr = self.session, self.session.translator
        if session.proposal is None or session.program is None:
            return
        items = checklist(session.program, session.proposal, tr)
        self.checklist.clear()
        current = self.kind.currentData()
        self.kind.clear()
        for item in items:
            mark = "✔" if item.attached else "✘"
            state = tr.gettext("attached") if item.attached else tr.gettext("missing")
            row = QListWidgetItem(f"{mark}  {item.label} — {state}")
            row.setData(ATTACHMENT_ROLE, (item.kind, item.partner_id))
            self.checklist.addItem(row)
            self.kind.addItem(item.label, (item.kind, item.partner_id))
        self.kind.addItem(tr.gettext("Other document"), ("other", None))
        if current is not None:
            self.kind.setCurrentIndex(max(self.kind.findData(current), 0))
        self.list.clear()
        for attachment in session.proposal.attachments:
            size = tr.gettext("{kb} KB").format(kb=max(1, round(attachment.size / 1024)))
            row = QListWidgetItem(f"{attachment.title} ({attachment.filename}, {size})")
            row.setData(ATTACHMENT_ROLE, attachment.id)
            problem = session.attachment_checks.problem(attachment)
            if problem is not None:
                # Said where the document is listed, for as long as it is attached.
                row.setText("⚠  " + row.text() + " — " + tr.gettext(
                    "not bound into the printable package: {reason}").format(
                    reason=problem.reason(tr)))
                row.setToolTip(plain_tip(problem.message(tr)))
            self.list.addItem(row)

    def set_read_only(self, on: bool) -> None:
        """Documents can be opened, not added or removed."""
        super().set_read_only(on)
        for widget in (self.add_button, self.remove_button, self.kind):
            widget.setEnabled(not on)

    def refresh(self, changes: Changes | None = None) -> None:
        """Follow changes to attachments and partners."""
        super().refresh(changes)
        if changes is None or changes.attachments or changes.partners:
            self.update_lists()

    def _pick_from_checklist(self, item: QListWidgetItem) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(item.data(ATTACHMENT_ROLE)), 0))
        self.choose_and_add()

    def choose_and_add(self) -> None:
        """Ask for a document and attach it for the chosen checklist item."""
        tr = self.session.translator
        name, _filter = QFileDialog.getOpenFileName(
            self, tr.gettext("Attach a document"),
            str(self.session.path.parent if self.session.path else Path.home()),
            tr.gettext("Documents (*.pdf *.docx *.png *.jpg *.jpeg)"))
        if name:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> bool:
        """Attach the file at ``path`` for the chosen checklist item."""
        session = self.session
        document = session.document
        if session.proposal is None or document is None:
            return False
        kind, partner_id = self.kind.currentData() or ("other", None)
        try:
            attachment, data = files.read_attachment(document, path, kind, partner_id)
        except ProposalKitError as exc:
            tr = session.translator
            dialogs.inform(self, tr.gettext("Attachments"), exc.message(tr), warning=True)
            return False
        session.add_attachment(attachment, data)
        self._warn_if_not_bindable(attachment)
        return True

    def _warn_if_not_bindable(self, attachment: Attachment) -> None:
        """Say when the file is attached, not on deadline day, that the printable package
        will not be able to bind it (and why); a warning finding and a mark in the list
        keep saying it afterwards."""
        problem = self.session.attachment_checks.problem(attachment)
        if problem is not None:
            tr = self.session.translator
            dialogs.inform(self, tr.gettext("Attachments"), problem.message(tr), warning=True)

    def _selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ATTACHMENT_ROLE) if item is not None else None

    def open_selected(self) -> None:
        """Open the selected document with the system's viewer, from a private copy
        named after its title with the extension of what it is (see ViewerCopies)."""
        session = self.session
        attachment = session.proposal.attachment(self._selected()) if session.proposal else None
        if attachment is None or attachment.reference not in session.blobs:
            return
        tr = session.translator
        try:
            target = session.viewer_copies.copy(attachment.title or attachment.filename,
                                                session.blobs[attachment.reference])
        except OSError as exc:  # a full or read-only temporary folder
            dialogs.inform(self, tr.gettext("Attachments"), tr.gettext(
                "The document cannot be opened: {reason}").format(reason=exc.strerror or exc),
                warning=True)
            return
        if target is None:
            dialogs.inform(self, tr.gettext("Attachments"), tr.gettext(
                "This document is not a PDF, Word (DOCX), PNG or JPEG file: it is not "
                "opened."), warning=True)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def remove_selected(self) -> None:
        """Remove the selected document (undo brings it back)."""
        selected = self._selected()
        if selected is not None:
            self.session.remove_attachment(selected)


class ReviewPage(Page):
    """Where the proposal stands, and the buttons that produce the dossier."""

    step_id = "review"
    export_requested = Signal(str)
    preview_requested = Signal()
    print_requested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.translator
        _ = tr.gettext
        super().__init__(session, _(
            "Fix every error listed below, then export the dossier. While errors remain, "
            "the dossier is marked DRAFT. The final package is the one PDF to print, sign "
            "and submit: the dossier followed by the attachments."), parent)
        self.summary = plain(QLabel())
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)
        caption = QLabel(_("Step &status:"))
        self.steps = QListWidget()
        self.steps.setAccessibleName(_("Steps"))
        # Long section titles wrap instead of scrolling sideways on a small screen.
        self.steps.setWordWrap(True)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        caption.setBuddy(self.steps)
        self.body.addWidget(caption)
        self.body.addWidget(self.steps, 1)
        self.docx_button = QPushButton(_("Export &DOCX…"))
        self.pdf_button = QPushButton(_("Expo&rt PDF…"))
        self.package_button = QPushButton(_("Export the final pac&kage…"))
        self.preview_button = QPushButton(_("Print pre&view…"))
        self.print_button = QPushButton(_("Pr&int…"))
        # Three short rows rather than one long one, so the page fits a 1024-pixel window
        # beside the steps and the findings: the final package, the two formats, printing.
        for buttons in ((self.package_button,), (self.docx_button, self.pdf_button),
                        (self.preview_button, self.print_button)):
            row = QHBoxLayout()
            for button in buttons:
                row.addWidget(button)
            row.addStretch(1)
            self.body.addLayout(row)
        self.docx_button.clicked.connect(lambda: self.export_requested.emit("docx"))
        self.pdf_button.clicked.connect(lambda: self.export_requested.emit("pdf"))
        self.package_button.clicked.connect(lambda: self.export_requested.emit("package"))
        self.preview_button.clicked.connect(self.preview_requested.emit)
        self.print_button.clicked.connect(self.print_requested.emit)
        self.show_findings()

    def connect_window(self, window: object) -> None:
        """Send the export, preview and print buttons to the window's output."""
        output = window.output  # type: ignore[attr-defined]
        self.export_requested.connect(output.export)
        self.preview_requested.connect(output.preview)
        self.print_requested.connect(output.print_dossier)

    def show_findings(self) -> None:
        """Counts and each step's status."""
        session, tr = self.session, self.session.translator
        if session.program is None:
            return
        self.summary.setText(tally_text(session.counts(), tr))
        self.steps.clear()
        for step in steps(session.program):
            if not step.kind.has_status:
                continue  # the overview is a summary, not something to complete
            status = session.statuses.get(step.id, "not_started")
            self.steps.addItem(f"{step.title(session.program, tr)} — {status_word(status, tr)}")
