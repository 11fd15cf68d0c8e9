"""The findings panel: every finding grouped by severity, the rule's explanation and
source for the selected one, and a double-click that jumps to the field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QTreeView, QVBoxLayout, QWidget

from proposalkit.core.validation import Finding
from proposalkit.gui.session import Session

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


def severity_titles(session: Session) -> dict[str, str]:
    """The group titles, in the interface language."""
    _ = session.tr.gettext
    return {"error": _("Errors"), "warning": _("Warnings"), "info": _("Notes")}


class FindingsPanel(QWidget):
    """A tree of findings (errors, warnings, notes) and the details of the selected one."""

    #: The user asked to go to a finding's field; the argument is its location.
    jump = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        tr = session.tr
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.model = QStandardItemModel(self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setWordWrap(True)
        self.view.setAccessibleName(tr.gettext("Findings"))
        self.view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        caption = QLabel(tr.gettext("&Findings (double-click to go to the field):"))
        caption.setBuddy(self.view)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        layout.addWidget(self.view, 3)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details, 1)
        self.view.doubleClicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentChanged.connect(self._show_details)
        session.findings_changed.connect(self.update_findings)
        self.update_findings()

    def update_findings(self) -> None:
        """Rebuild the tree from the session's findings, keeping the groups open."""
        self.model.clear()
        titles = severity_titles(self.session)
        groups: dict[str, list[Finding]] = {"error": [], "warning": [], "info": []}
        for finding in self.session.findings:
            groups[finding.severity].append(finding)
        for severity, items in groups.items():
            if not items:
                continue
            head = QStandardItem(f"{titles[severity]} ({len(items)})")
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            for finding in items:
                item = QStandardItem(finding.message)
                item.setData(finding, FINDING_ROLE)
                item.setToolTip(f"{finding.code}: {finding.explanation}")
                head.appendRow(item)
            self.model.appendRow(head)
        self.view.expandAll()
        self.details.setText("")

    def _finding(self, index) -> Finding | None:  # noqa: ANN001 - QModelIndex
        value = index.data(FINDING_ROLE) if index.isValid() else None
        return value if isinstance(value, Finding) else None

    def _show_details(self, index) -> None:  # noqa: ANN001 - QModelIndex
        finding = self._finding(index)
        if finding is None:
            self.details.setText("")
            return
        tr = self.session.tr
        self.details.setText(tr.gettext("{code} — {explanation}\nSource: {source}").format(
            code=finding.code, explanation=finding.explanation, source=finding.source))

    def _activated(self, index) -> None:  # noqa: ANN001 - QModelIndex
        finding = self._finding(index)
        if finding is not None:
            self.jump.emit(finding.location)

    def findings_shown(self) -> list[Finding]:
        """The findings in the tree, in order (for tests and accessibility)."""
        out = []
        for r in range(self.model.rowCount()):
            head = self.model.item(r)
            out += [head.child(c).data(FINDING_ROLE) for c in range(head.rowCount())]
        return out

    def index_of(self, finding: Finding):  # noqa: ANN201 - QModelIndex
        """The tree index showing ``finding``."""
        for r in range(self.model.rowCount()):
            head = self.model.item(r)
            for c in range(head.rowCount()):
                if head.child(c).data(FINDING_ROLE) == finding:
                    return head.child(c).index()
        return None
