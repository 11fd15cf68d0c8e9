"""The findings panel: every finding grouped by severity, the rule's explanation and
source for the selected one, and a double-click that jumps to the field."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.dates import long_dates_in
from proposalkit.core.validation import Finding
from proposalkit.gui.guard import guarded
from proposalkit.gui.session import Session

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1


def severity_titles(session: Session) -> dict[str, str]:
    """The group titles, in the interface language."""
    _ = session.tr.gettext
    return {"error": _("Errors"), "warning": _("Warnings"), "info": _("Notes")}


class WrappingDelegate(QStyledItemDelegate):
    """Measures an item at the width its column gives it, so that its text wraps.

    ``QTreeView`` asks a delegate for a row's height without the width the text will
    have; the style then measures it on one line, and the wrapped text is cut off.
    """

    @guarded(QSize)
    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        """The wrapped text's height at the column's width."""
        view = self.parent()
        if not isinstance(view, QTreeView):
            return super().sizeHint(option, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        # The style wraps only within a valid rectangle: a width, and any height.
        opt.rect = QRect(0, 0, max(view.columnWidth(index.column()) - indent, 40), 10_000)
        style = view.style()
        return style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, opt, QSize(), view)


class WrappingTree(QTreeView):
    """A one-column tree whose items wrap to its width (a message is never cut off).

    Row heights depend on the width, so they are measured again when it changes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(WrappingDelegate(self))
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.header().setStretchLastSection(True)
        # Messages sit one level down: a narrow indent leaves them their width.
        self.setIndentation(self.fontMetrics().horizontalAdvance("M"))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Wrap again at the new width."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()


def finding_details(finding: Finding, session: Session) -> str:
    """The rule behind a finding: its code, explanation and source."""
    return session.tr.gettext("{code} — {explanation}\nSource: {source}").format(
        code=finding.code, explanation=finding.explanation,
        source=long_dates_in(finding.source, session.tr.locale))


#: The findings panel is never narrower than this many "M" widths (readable lines).
MIN_WIDTH_EMS = 20


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
        # Messages wrap to any width, so the panel would let the page squeeze it to a
        # word per line; a few words per line stay readable.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * MIN_WIDTH_EMS)
        self.model = QStandardItemModel(self)
        self.view = WrappingTree()
        self.view.setModel(self.model)
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
                item.setToolTip(finding_details(finding, self.session))
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
        self.details.setText(finding_details(finding, self.session))

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
