"""The findings panel, read as a to-do list: findings grouped by step (in the steps'
order, each group with the step's status), things still to fill in apart from things
to correct, the rule's explanation and source for the selected one, and a double-click
(or Enter) that jumps to the field."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.dates import long_dates_in
from proposalkit.core.steps import status_word, step_for, steps
from proposalkit.core.validation import Finding
from proposalkit.gui.guard import guarded, plain, plain_tip
from proposalkit.gui.session import Session
from proposalkit.gui.status_marks import status_icon

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
#: A finding's kind in the to-do list: todo, error, warning, info.
KIND_ROLE = Qt.ItemDataRole.UserRole + 5
#: The step a group of findings belongs to.
STEP_ROLE = Qt.ItemDataRole.UserRole + 6


def severity_titles(session: Session) -> dict[str, str]:
    """What each kind of finding is called, in the interface language."""
    _ = session.tr.gettext
    return {"todo": _("To fill in"), "error": _("To correct"), "warning": _("Warning"),
            "info": _("Note")}


def _kind(session: Session, finding: Finding) -> str:
    if finding.severity == "error":
        return "todo" if session.is_missing(finding) else "error"
    return finding.severity


_ICONS = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
          "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
          "info": QStyle.StandardPixmap.SP_MessageBoxInformation}


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
        caption = QLabel(tr.gettext("F&indings (double-click to go to the field):"))
        caption.setBuddy(self.view)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.errors_only = QCheckBox(tr.gettext("Errors only"))
        self.errors_only.setToolTip(tr.gettext(
            "Show only what stops the final package: things to correct and to fill in."))
        self.errors_only.toggled.connect(self.update_findings)
        layout.addWidget(self.errors_only)
        layout.addWidget(self.view, 3)
        self.details = plain(QLabel())
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # The details scroll in a room of their own: a selected finding's longer text
        # never takes height from the list (it would re-flow under the mouse, and the
        # second click of a double-click would land on another finding).
        room = QScrollArea()
        room.setWidget(self.details)
        room.setWidgetResizable(True)
        room.setFrameShape(QFrame.Shape.NoFrame)
        room.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # as the label alone: no Tab stop
        room.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        room.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.details_room = room
        layout.addWidget(room, 1)
        self.view.doubleClicked.connect(self._activated)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentChanged.connect(self._show_details)
        session.findings_changed.connect(self.update_findings)
        self.update_findings()

    def update_findings(self) -> None:
        """Rebuild the list from the session's findings: one group per step that has
        something to do, in the steps' order; within it, corrections first."""
        session = self.session
        self.model.clear()
        self.details.setText("")
        if session.program is None:
            return
        tr = session.tr
        titles = severity_titles(session)
        order = {"error": 0, "todo": 1, "warning": 2, "info": 3}
        groups: dict[str, list[tuple[str, Finding]]] = {}
        for finding in session.findings:
            if self.errors_only.isChecked() and finding.severity != "error":
                continue
            groups.setdefault(step_for(finding.location), []).append(
                (_kind(session, finding), finding))
        style = self.style()
        for step in steps(session.program):
            items = groups.get(step.id)
            if not items:
                continue
            status = session.statuses.get(step.id)
            word = f" — {status_word(status, tr)}" if status else ""
            head = QStandardItem(f"{step.title(session.program, tr)} ({len(items)}){word}")
            if status:
                head.setIcon(status_icon(status))
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            head.setData(step.id, STEP_ROLE)
            for kind, finding in sorted(items, key=lambda pair: order[pair[0]]):
                item = QStandardItem(tr.gettext("{kind}: {message}").format(
                    kind=titles[kind], message=finding.message))
                item.setData(finding, FINDING_ROLE)
                item.setData(kind, KIND_ROLE)
                item.setIcon(status_icon("not_started") if kind == "todo"
                             else style.standardIcon(_ICONS[kind]))
                item.setToolTip(plain_tip(finding_details(finding, session)))
                head.appendRow(item)
            self.model.appendRow(head)
        self.view.expandAll()

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
