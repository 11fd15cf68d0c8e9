"""The financing plan on the budget's revenues step (issue 21): the dossier's own table,
shown live under the revenues.

Every source by kind and project year, where it stands (the status, its date and the
annex that shows it), its share of the project's costs, the subtotals by status and the
combined government aid with the call's stacking limit beside it when the pack has one.
The rows are the dossier's (:class:`proposalkit.export.financing_blocks.PlanWriter`, over
:func:`proposalkit.core.financing.financing_plan`): the window computes and words nothing
of its own. The table is rebuilt once an edit has been painted (an :class:`AfterFrame`),
and only while it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.budget import ZERO, summarize
from proposalkit.core.edits import Changes
from proposalkit.core.model import Attachment, Proposal
from proposalkit.core.money import format_share
from proposalkit.core.program import Program
from proposalkit.gui.guard import guarded, plain
from proposalkit.gui.help import GUIDE_ANCHOR
from proposalkit.gui.line_table import FrozenNames
from proposalkit.gui.session import Session
from proposalkit.gui.session_jobs import AfterFrame
from proposalkit.gui.tables import ModelIndex, formatted_amount
from proposalkit.i18n import Translator

if TYPE_CHECKING:
    from proposalkit.export.financing_blocks import PlanWriter

TOTAL_BRUSH = QBrush(QColor(127, 127, 127, 40))
GROUP_BRUSH = QBrush(QColor(127, 127, 127, 20))
#: What a cell adds around its text (the style's margins and the grid line).
CELL_PADDING = 12
#: Up to this many rows, each is as tall as its wrapped texts (measured one by one).
MEASURED_ROWS = 200
#: The splitter's height, in lines of text, from which the plan shows unfolded: the
#: revenues keep their header, a few lines and their buttons, the plan as much.
ROOM_LINES = 24


def annex_numbers(program: Program, proposal: Proposal) -> Callable[[str | None], int | None]:
    """The dossier's annex number of an attachment id (None when it is not an annex):
    attachments in the dossier's order, numbered from 1, a file's first place winning."""
    from proposalkit.export.builder import annex_order  # the exports load on first use

    numbers: dict[str, int] = {}
    for number, attachment in enumerate(annex_order(program, proposal), 1):
        if attachment.reference:
            numbers.setdefault(attachment.reference, number)

    by_id = {attachment.id: attachment for attachment in proposal.attachments}

    def annex_of(attachment_id: str | None) -> int | None:
        attachment = by_id.get(attachment_id) if attachment_id else None
        return numbers.get(attachment.reference) if attachment is not None else None

    return annex_of


def attachment_label(attachment: Attachment, program: Program, tr: Translator) -> str:
    """What an attachment is, on one line, for a choice of evidence: its title, else its
    kind and file name."""
    if attachment.title.strip():
        return " ".join(attachment.title.split())
    kind = program.label("attachments", attachment.kind, tr) if attachment.kind else ""
    name = " ".join(attachment.filename.split())
    return " — ".join(part for part in (kind, name) if part) or "—"


def plan_splitter(body: QBoxLayout, first: int, plan: FinancingPlanView) -> QSplitter:
    """Move what ``body`` holds from ``first`` on (the revenues' caption, table, buttons
    and message) above ``plan``, in a splitter that takes their place."""
    top = QWidget()
    layout = QVBoxLayout(top)
    layout.setContentsMargins(0, 0, 0, 0)
    while body.count() > first:
        item = body.takeAt(first)
        widget = item.widget() if item is not None else None
        inner = item.layout() if item is not None else None
        if widget is not None:
            layout.addWidget(widget, 1 if widget.inherits("QTableView") else 0)
        elif inner is not None:
            layout.addLayout(inner)
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(top)
    splitter.addWidget(plan)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    body.addWidget(splitter, 1)
    splitter.installEventFilter(plan)
    return splitter


class FinancingPlanView(QWidget):
    """A collapsible section: the plan's table and the government aid in one sentence."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        _ = session.translator.gettext
        # F1 here opens the guide at the plan's section.
        self.setProperty(GUIDE_ANCHOR, "financing-plan")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toggle = QToolButton()
        self.toggle.setText(_("Financing p&lan"))
        #: The user folded or unfolded the plan: it no longer follows the room there is.
        self.user_chose = False
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(_("Show or hide the financing plan"))
        self.toggle.setToolTip(_(
            "The dossier's financing plan: each source by kind and year, where it stands "
            "and its share of the project's costs, the subtotals by status and the combined "
            "government aid."))
        self.model = PlanModel(session, self)
        self.table = PlanTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Financing plan"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        # By pixels: the figures scroll sideways from under the frozen sources.
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        #: The sources kept at the left while the figures scroll sideways (a narrow
        #: window, the findings beside the page): each figure is read beside its source.
        self.sources = FrozenNames(self.table, 0, self.source_minimum,
                                   _FrozenSourceDelegate())
        self.table.sources = self.sources
        self.table.setItemDelegate(_ScrolledGroupDelegate(self.sources, self.table))
        self.aid = plain(QLabel())  # user text (descriptions) may be quoted in it
        self.aid.setWordWrap(True)
        self.aid.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.toggle)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.aid)
        #: The plan shown is out of date (rebuilt when next shown).
        self.stale = True
        self.rebuild_later = AfterFrame(self.rebuild, self)
        self.toggle.setChecked(True)
        # A wrapped description takes another height when its column's width changes
        # (the source's stretches with the window): the rows are measured again once the
        # layout has settled.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._refit_now)
        self.table.horizontalHeader().sectionResized.connect(self._column_resized)
        self.toggle.toggled.connect(self._expand)
        self.toggle.clicked.connect(self._chosen)
        session.changed.connect(self._changed)
        session.reset.connect(self.rebuild_later.schedule)
        session.findings_changed.connect(self._findings)
        self._expand(self.toggle.isChecked())

    # -- when ---------------------------------------------------------------------------
    def _chosen(self) -> None:
        self.user_chose = True

    def fit_room(self, height: int) -> None:
        """Unfold the plan when ``height`` (its splitter's) leaves the revenues room for
        a few lines beside it, fold it to its title otherwise (a 1024×640 screen), until
        the user chooses."""
        if not self.user_chose:
            self.toggle.setChecked(height >= self.fontMetrics().height() * ROOM_LINES)

    def _changed(self, changes: Changes) -> None:
        # Lines, amounts and statuses are in the revenues; costs in the expenses; an
        # annex number follows the attachments and partners' letters.
        if changes.budget or changes.attachments or changes.partners:
            self.stale = True
            self.rebuild_later.schedule()

    def _findings(self) -> None:
        # The session's summary (the costs every share is of) is new after validation.
        if self.stale:
            self.rebuild_later.schedule()

    def _expand(self, on: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.table.setVisible(on)
        self.aid.setVisible(on)
        # Folded, the plan is its title: the splitter gives the rest to the revenues.
        self.setMaximumHeight(16777215 if on else self.toggle.sizeHint().height())
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding if on
                           else QSizePolicy.Policy.Maximum)
        if on:
            self.rebuild()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The splitter holding the plan was resized: fold or unfold to the room."""
        if event.type() == QEvent.Type.Resize and isinstance(watched, QSplitter):
            self.fit_room(watched.height())
        return False

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Coming back to the step shows the plan as it is now."""
        super().showEvent(event)  # type: ignore[arg-type]
        if self.stale:
            self.rebuild_later.schedule()

    # -- what -----------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Fill the table from the proposal as it is now (only while it is shown)."""
        session = self.session
        program, proposal = session.program, session.proposal
        if program is None or proposal is None or not self.isVisible():
            return
        from proposalkit.export.financing_blocks import PlanWriter

        # The session's summary once validation has caught up; before, the proposal's own.
        summary = (session.summary if session.summary is not None
                   and not session.after_frame.due else summarize(program, proposal))
        writer = PlanWriter(program, proposal, summary, session.translator,
                            annex_numbers(program, proposal))
        self._title(writer)
        if not self.toggle.isChecked():
            self.stale = True  # the table is filled when unfolded
            return
        self.stale = False
        if writer.plan.sources:
            table = writer.table()
            self._fill(table.header[0], [row.cells for row in table.rows()],
                       [row.kind for row in table.rows()])
            self.aid.setText(writer.stacking_sentence().text)
        else:
            self._fill((), [], [])
            self.aid.setText(session.translator.gettext(
                "No source of financing is entered yet."))

    def _title(self, writer: PlanWriter) -> None:
        """The toggle's title, with the combined government aid's share (and the call's
        stacking limit): what the plan says, even folded."""
        _ = self.session.translator.gettext
        plan = writer.plan
        if not plan.sources or plan.share(plan.government_total) is None:
            self.toggle.setText(_("Financing p&lan"))
            return
        aid = writer.share(plan.government_total)
        if plan.stacking is None:
            self.toggle.setText(_("Financing p&lan — combined government aid: {share}").format(
                share=aid))
            return
        # Against the limit, the share of the limit's own base (as the dossier says it).
        ratio = plan.stacking.ratio()
        value, limit = format_share(ratio if ratio is not None else ZERO, plan.stacking.limit,
                                    self.session.lang)
        self.toggle.setText(_("Financing p&lan — combined government aid: {share} of {base} "
                              "(stacking limit {limit})").format(
            share=value, base=plan.stacking.base_label, limit=limit))

    def _fill(self, header: tuple[str, ...], rows: list[tuple[object, ...]],
              kinds: list[str]) -> None:
        table = self.table
        self.model.set_rows(header, rows, kinds)
        table.clearSpans()
        for r, kind in enumerate(kinds):
            if kind == "group":
                table.setSpan(r, 0, 1, len(header))
        self._fit()

    def _fit(self) -> None:
        """Figures whole: every column but the source's as wide as its widest text (the
        amounts and shares measured on the totals rows, where the widest are: amounts
        are never negative; the status on the lines, whose date and annex it shows);
        the source's takes the room left, its descriptions wrapping."""
        table, model = self.table, self.model
        header = table.horizontalHeader()
        columns = len(model.header)
        if not columns:
            return
        plain_metrics = table.fontMetrics()
        bold = QFont(table.font())
        bold.setBold(True)
        heavy = QFontMetrics(bold)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(plain_metrics.horizontalAdvance("M") * 3)
        for column in range(1, columns):
            widths = [header.sectionSizeFromContents(column).width()]
            for row, kind in enumerate(model.kinds):
                if kind == "group" or (kind == "body") != (column == 1):
                    continue
                metrics = plain_metrics if kind == "body" else heavy
                widths += [metrics.horizontalAdvance(line)
                           for line in model.text(row, column).split("\n")]
            header.resizeSection(column, max(widths) + CELL_PADDING)
        self._fit_source()
        self._fit_rows()

    def source_minimum(self) -> int:
        """The narrowest the sources' column is made: about 18 letters."""
        return self.table.fontMetrics().horizontalAdvance("M") * 12

    def _fit_source(self) -> None:
        """The sources' column takes the room the figures leave; where they leave less
        than a readable width, it keeps that width and the table scrolls sideways, the
        sources frozen at its left."""
        header = self.table.horizontalHeader()
        if header.count() == 0:
            return
        others = sum(header.sectionSize(c) for c in range(1, header.count()))
        if self.table.viewport().width() - others >= self.source_minimum():
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(0, self.source_minimum())

    def _refit_now(self) -> None:
        self._fit_source()
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Rows as tall as their wrapped texts; a long plan (hundreds of lines) has rows
        of two lines, measured at once, with the rest elided (its tooltip says it)."""
        table = self.table
        if len(self.model.kinds) <= MEASURED_ROWS:
            table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            table.resizeRowsToContents()
        else:
            table.verticalHeader().setDefaultSectionSize(
                table.fontMetrics().lineSpacing() * 2 + CELL_PADDING // 2)
            table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.sources.columns_changed()  # the frozen sources: the rows' heights, placed

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column in (0, 1):
            self._refit.start()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Another width wraps the descriptions otherwise."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._refit.start()

    def cell_texts(self) -> list[list[str]]:
        """What the table shows, row by row (tests read it as a user would)."""
        model = self.model
        return [[str(model.index(r, c).data() or "") for c in range(model.columnCount())]
                for r in range(model.rowCount())]


class PlanTable(QTableView):
    """The plan's table: a cell brought into view (the keyboard's way through it) is
    never left under the frozen sources."""

    sources: FrozenNames | None = None

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,  # noqa: N802
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
                 ) -> None:
        """Scroll to ``index``, out from under the frozen sources."""
        super().scrollTo(index, hint)
        if self.sources is not None:
            self.sources.uncover(index)


class PlanModel(QAbstractTableModel):
    """The plan's rows as the dossier has them (money as Decimals), formatted for the
    window when painted: whole dollars without cents, as in the revenues table."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.header: tuple[str, ...] = ()
        self.rows: list[tuple[object, ...]] = []
        self.kinds: list[str] = []
        self.whole = True
        self.bold = QFont()
        self.bold.setBold(True)

    def set_rows(self, header: tuple[str, ...], rows: list[tuple[object, ...]],
                 kinds: list[str]) -> None:
        """Show these rows (a reset: the plan is rebuilt as a whole)."""
        self.beginResetModel()
        self.header, self.rows, self.kinds = header, rows, kinds
        self.whole = all(cell == cell.to_integral_value() for cells in rows for cell in cells
                         if isinstance(cell, Decimal))
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        """The cell as shown."""
        cell = self.rows[row][column]
        if isinstance(cell, Decimal):
            return formatted_amount(cell, self.session.lang, self.whole)
        return "" if cell is None else str(cell)

    @guarded(0)
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """The plan's rows."""
        return 0 if parent.isValid() else len(self.rows)

    @guarded(0)
    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """The dossier's columns."""
        return 0 if parent.isValid() else len(self.header)

    @guarded(None)
    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Column titles, the figures' to the right."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_align(section >= 2))
        return None

    @guarded(None)
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Text, alignment, the totals' bold and shade, the whole text as tooltip."""
        row, column = index.row(), index.column()
        kind = self.kinds[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column < 2:
            return self.text(row, column) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_align(column >= 2 and kind != "group"))
        if role == Qt.ItemDataRole.FontRole and kind != "body":
            return self.bold
        if role == Qt.ItemDataRole.BackgroundRole and kind != "body":
            return GROUP_BRUSH if kind == "group" else TOTAL_BRUSH
        return None


class _FrozenSourceDelegate(QStyledItemDelegate):
    """In the frozen sources: a group's row is its shade only (its title, spanning the
    table, is written beside them)."""

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                        index: ModelIndex) -> None:
        super().initStyleOption(option, index)
        if index.model().kinds[index.row()] == "group":  # type: ignore[attr-defined]
            option.text = ""


class _ScrolledGroupDelegate(QStyledItemDelegate):
    """A group's title (a row spanning the table) starts where the frozen sources end
    while the table is scrolled sideways: read whole, not its end from under them."""

    def __init__(self, sources: FrozenNames, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sources = sources

    @guarded(None)
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: ModelIndex) -> None:
        """Paint the group's title beside the frozen sources when they show."""
        if (self.sources.isVisible()
                and index.model().kinds[index.row()] == "group"):  # type: ignore[attr-defined]
            option = QStyleOptionViewItem(option)
            option.rect.setLeft(max(option.rect.left(), self.sources.width()))
        super().paint(painter, option, index)


def _align(right: bool) -> Qt.AlignmentFlag:
    return ((Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
            | Qt.AlignmentFlag.AlignVCenter)
