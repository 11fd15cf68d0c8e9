"""File ▸ Versions…: the named versions kept in the proposal file: save one, compare two
(or one with the current state), restore one (an undoable change that first keeps the
current state as a version). The versions live in the document's history
(``storage/history.py``) and reach the file with the next save."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.dates import short_datetime
from proposalkit.i18n import N_

if TYPE_CHECKING:
    from proposalkit.core.model import Proposal
    from proposalkit.gui.session import Session
    from proposalkit.storage.history import Version, VersionKind

KINDS = {"manual": N_("saved on request"), "export": N_("final export"),
         "restore": N_("before a restore"), "merge": N_("before a merge")}


def keep_version(session: Session, name: str, kind: VersionKind = "manual") -> Version | None:
    """Keep the current state as a version; saved at once when the file has no other
    unsaved change (a version alone does not make the proposal "modified")."""
    from proposalkit.errors import ProposalKitError
    from proposalkit.gui import files
    from proposalkit.storage.history import add_version

    document = session.document
    if document is None or session.read_only or not name.strip():
        return None
    version = add_version(document.history, name, document.current_data(), kind=kind)
    if session.path is not None and not session.modified:
        try:
            files.save_document(session.path, document)
        except ProposalKitError:
            pass  # kept in memory; the next save writes it (or says why it cannot)
    return version


def version_proposal(version: Version) -> Proposal | None:
    """The proposal of a version, or None when it no longer fits the model."""
    from proposalkit.core.model import Proposal

    try:
        return Proposal.model_validate(version.proposal)
    except ValidationError:
        return None


class VersionsDialog(QDialog):
    """The list of versions with Save a version…, Compare and Restore."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        tr = session.translator
        _ = tr.gettext
        self.setWindowTitle(_("Versions"))
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Versions kept in this proposal file (newest first). "
                                  "Select one to compare it with the current state, or "
                                  "two to compare them.")))
        self.list = QListWidget(self)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.save_button = QPushButton(_("Save a &version…"), self)
        self.compare_button = QPushButton(_("&Compare"), self)
        self.restore_button = QPushButton(_("&Restore"), self)
        for button in (self.save_button, self.compare_button, self.restore_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.diff = QPlainTextEdit(self)
        self.diff.setReadOnly(True)
        layout.addWidget(self.diff, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.save_button.clicked.connect(self.ask_and_save)
        self.compare_button.clicked.connect(self.compare)
        self.restore_button.clicked.connect(self.restore)
        self.list.itemSelectionChanged.connect(self._selection)
        self.fill()

    def versions(self) -> list[Version]:
        """The document's versions, oldest first."""
        document = self.session.document
        return list(document.history.versions) if document is not None else []

    def fill(self) -> None:
        """List the versions, newest first."""
        tr = self.session.translator
        self.list.clear()
        for version in reversed(self.versions()):
            when = short_datetime(version.created)  # Montréal time
            item = QListWidgetItem(f"{when} — {version.name} ({tr.gettext(KINDS[version.kind])})")
            item.setData(256, version.id)
            self.list.addItem(item)
        self._selection()

    def selected(self) -> list[Version]:
        """The selected versions, oldest first."""
        ids = {item.data(256) for item in self.list.selectedItems()}
        return [v for v in self.versions() if v.id in ids]

    def _selection(self) -> None:
        count = len(self.selected())
        self.compare_button.setEnabled(count in (1, 2))
        self.restore_button.setEnabled(count == 1 and not self.session.read_only)
        self.save_button.setEnabled(not self.session.read_only)

    def ask_and_save(self) -> None:
        """Ask for a name and keep the current state under it; a name already kept is
        refused (with the reason) and asked again, the name typed left to correct."""
        from proposalkit.gui import dialogs
        from proposalkit.storage.history import VersionNameTaken

        tr = self.session.translator
        name = ""
        while True:
            name, ok = QInputDialog.getText(self, tr.gettext("Save a version"),
                                            tr.gettext("Name of the version:"), text=name)
            if not ok:
                return
            try:
                kept = keep_version(self.session, name)
            except VersionNameTaken as exc:
                dialogs.inform(self, tr.gettext("Save a version"), exc.message(tr),
                               warning=True)
                continue
            if kept:
                self.fill()
            return

    def compare(self) -> None:
        """Show the diff of the selection (one version against the current state)."""
        from proposalkit.core.diff import diff_proposals, format_diff

        session, tr = self.session, self.session.translator
        chosen = self.selected()
        if session.program is None or session.proposal is None or not chosen:
            return
        before = version_proposal(chosen[0])
        after = version_proposal(chosen[1]) if len(chosen) == 2 else session.proposal
        if before is None or after is None:
            self.diff.setPlainText(tr.gettext("This version cannot be read any more."))
            return
        diff = diff_proposals(session.program, before, after, tr, today=session.today)
        # « De la version « Avant envoi » à l’état actuel », not « De Avant envoi ».
        version = tr.gettext("the version “{name}”")
        names = (version.format(name=chosen[0].name),
                 version.format(name=chosen[1].name) if len(chosen) == 2
                 else tr.gettext("the current state"))
        self.diff.setPlainText("\n".join(
            [tr.gettext("From {start} to {end}:").format(start=names[0], end=names[1])]
            + format_diff(diff, tr)))

    def restore(self) -> None:
        """Make the selected version the current state (one undo step), after keeping
        the current state as a version."""
        from proposalkit.gui.merging import replace_proposal

        session, tr = self.session, self.session.translator
        chosen = self.selected()
        if len(chosen) != 1 or session.proposal is None:
            return
        proposal = version_proposal(chosen[0])
        if proposal is None:
            self.diff.setPlainText(tr.gettext("This version cannot be read any more."))
            return
        for entry in proposal.attachments:
            if entry.reference and entry.reference not in session.blobs:
                # Removed since, and its bytes are gone: the entry stays, to attach again.
                entry.reference, entry.size, entry.sha256 = "", 0, ""
        keep_version(session, tr.gettext("Before restoring {name}").format(
            name=chosen[0].name), kind="restore")
        replace_proposal(session, proposal, tr.gettext("Restore the version {name}").format(
            name=chosen[0].name))
        self.fill()
