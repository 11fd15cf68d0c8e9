"""The findings panel, read as a to-do list: findings grouped by step (in the steps'
order, each group with the step's status), things still to fill in apart from things
to correct, the rule's explanation and source for the selected one, and a double-click
(or Enter) that jumps to the field."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QResizeEvent, QStandardItem, QStandardItemModel
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
from proposalkit.core.locations import Location
from proposalkit.core.steps import Status, is_missing, status_word, step_for, steps
from proposalkit.core.validation import Finding
from proposalkit.gui.guard import guarded, plain, plain_tip
from proposalkit.gui.session import Session
from proposalkit.gui.status_marks import status_icon

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
#: A finding's kind in the to-do list: todo, error, warning, info.
KIND_ROLE = Qt.ItemDataRole.UserRole + 5
#: The step a group of findings belongs to.
STEP_ROLE = Qt.ItemDataRole.UserRole + 6
#: The status of a group's step (its icon).
STATUS_ROLE = Qt.ItemDataRole.UserRole + 8


def severity_titles(session: Session) -> dict[str, str]:
    """What each kind of finding is called, in the interface language."""
    _ = session.translator.gettext
    return {"todo": _("To fill in"), "error": _("To correct"), "warning": _("Warning"),
            "info": _("Note")}


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
    return session.translator.gettext("{code} — {explanation}\nSource: {source}").format(
        code=finding.code, explanation=finding.explanation,
        source=long_dates_in(finding.source, session.translator.locale))


class _Group(NamedTuple):
    """One step's group in the list: its heading and its findings' rows."""

    step: str
    heading: str
    status: Status | None
    #: (kind, finding) per finding, in the order shown.
    rows: list[tuple[str, Finding]]


#: The findings panel is never narrower than this many "M" widths (readable lines).
MIN_WIDTH_EMS = 20


class FindingsPanel(QWidget):
    """A tree of findings (errors, warnings, notes) and the details of the selected one."""

    #: The user asked to go to a finding's field; the argument is its location.
    jump = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        tr = session.translator
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
        #: What the model shows: per group, its step and its (kind, finding) rows.
        self._shown: list[tuple[str, list[tuple[str, Finding]]]] = []
        #: The step of each finding's location (the same locations come back each time).
        self._steps: dict[Location, str] = {}
        session.findings_changed.connect(self.update_findings)
        self.update_findings()

    def update_findings(self) -> None:
        """Show the session's findings: one group per step that has something to do, in
        the steps' order; within it, corrections first.

        Only what differs from the list shown is touched (an edit mostly changes a
        figure in one message, or adds or removes a finding or two): groups are matched
        by step, rows by finding, so unchanged items are neither measured nor painted
        again, and the list keeps its selection and scroll position."""
        session = self.session
        if session.program is None:
            self.model.clear()
            self._shown = []
            self.details.setText("")
            return
        wanted = self._groups()
        steps_wanted = {group.step for group in wanted}
        # Groups no longer wanted go first; then each wanted group is the model's row of
        # the same index or is inserted there (both lists follow the steps' order).
        for r in reversed(range(len(self._shown))):
            if self._shown[r][0] not in steps_wanted:
                self.model.removeRow(r)
                del self._shown[r]
        for r, group in enumerate(wanted):
            if r < len(self._shown) and self._shown[r][0] == group.step:
                self._update_group(r, group)
            else:
                self._insert_group(r, group)
        self._show_details(self.view.currentIndex())

    def _groups(self) -> list[_Group]:
        session, tr = self.session, self.session.translator
        program = session.program
        proposal = session.proposal
        assert program is not None and proposal is not None
        kinds = {rule.code: rule.kind for rule in program.rules}
        order = {"error": 0, "todo": 1, "warning": 2, "info": 3}
        errors_only = self.errors_only.isChecked()
        if len(self._steps) > 4 * len(session.findings) + 1000:
            self._steps.clear()  # locations of lines long deleted
        groups: dict[str, list[tuple[str, Finding]]] = {}
        for finding in session.findings:
            if finding.severity != "error":
                if errors_only:
                    continue
                kind = finding.severity
            else:
                kind = "todo" if is_missing(finding, proposal, kinds) else "error"
            step = self._steps.get(finding.location)
            if step is None:
                step = self._steps[finding.location] = step_for(finding.location)
            groups.setdefault(step, []).append((kind, finding))
        out: list[_Group] = []
        for step in steps(program):
            items = groups.get(step.id)
            if not items:
                continue
            items.sort(key=lambda pair: order[pair[0]])
            status = session.statuses.get(step.id)
            word = f" — {status_word(status, tr)}" if status else ""
            out.append(_Group(step.id, f"{step.title(program, tr)} ({len(items)}){word}",
                              status, items))
        return out

    def _row_texts(self, kind: str, finding: Finding) -> tuple[str, str]:
        """A row's text and tooltip."""
        tr = self.session.translator
        text = tr.gettext("{kind}: {message}").format(
            kind=severity_titles(self.session)[kind], message=finding.message)
        return text, plain_tip(finding_details(finding, self.session))

    def _insert_group(self, r: int, group: _Group) -> None:
        head = QStandardItem(group.heading)
        self._set_status(head, group.status)
        font = head.font()
        font.setBold(True)
        head.setFont(font)
        head.setData(group.step, STEP_ROLE)
        head.appendRows([self._new_row(kind, finding) for kind, finding in group.rows])
        self.model.insertRow(r, head)
        self._shown.insert(r, (group.step, list(group.rows)))
        self.view.expand(head.index())

    def _new_row(self, kind: str, finding: Finding) -> QStandardItem:
        item = QStandardItem()
        self._fill(item, kind, finding)
        return item

    def _update_group(self, r: int, group: _Group) -> None:
        head = self.model.item(r)
        if head.text() != group.heading:
            head.setText(group.heading)
        if head.data(STATUS_ROLE) != group.status:
            self._set_status(head, group.status)
        old, new = self._shown[r][1], group.rows
        if old == new:
            return
        # The rows that differ lie between a common start and a common end: they are
        # filled in place one for one, the rest removed or inserted.
        start, limit = 0, min(len(old), len(new))
        while start < limit and old[start] == new[start]:
            start += 1
        end = 0
        while end < limit - start and old[-1 - end] == new[-1 - end]:
            end += 1
        old_mid, new_mid = len(old) - start - end, len(new) - start - end
        for i in range(start, start + min(old_mid, new_mid)):
            if old[i] != new[i]:
                self._fill(head.child(i), *new[i])
        if old_mid > new_mid:
            head.removeRows(start + new_mid, old_mid - new_mid)
        elif new_mid > old_mid:
            at = start + old_mid
            head.insertRows(at, [self._new_row(*row) for row in new[at:at + new_mid - old_mid]])
        self._shown[r] = (group.step, list(new))

    @staticmethod
    def _set_status(head: QStandardItem, status: Status | None) -> None:
        head.setData(status, STATUS_ROLE)
        head.setIcon(status_icon(status) if status else QIcon())

    def _fill(self, item: QStandardItem, kind: str, finding: Finding) -> None:
        # Each role set only when it differs: setting one repaints and re-measures it.
        text, tip = self._row_texts(kind, finding)
        if item.data(FINDING_ROLE) != finding:
            item.setData(finding, FINDING_ROLE)
        if item.text() != text:
            item.setText(text)
        if item.toolTip() != tip:
            item.setToolTip(tip)
        if item.data(KIND_ROLE) != kind:
            item.setData(kind, KIND_ROLE)
            item.setIcon(status_icon("not_started") if kind == "todo"
                         else self.style().standardIcon(_ICONS[kind]))

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
