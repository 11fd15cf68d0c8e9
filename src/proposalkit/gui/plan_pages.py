"""The action plan and indicators steps (``[parts] action_plan`` / ``indicators``).

The activities table is grouped by the call's axes (a label row above each axis's
activities), with the responsible chosen among the applicant and its partners and the
start and end months chosen in a month editor; under it, the timeline (Gantt) is drawn
from the same data, by month, quarter or year as the dossier's. The indicators table has
a target column per project year. Every change is an edit of the session, as in the other
tables.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from proposalkit.core.edits import Changes
from proposalkit.core.model import Activity, Indicator
from proposalkit.core.money import FigureError, parse_figure
from proposalkit.core.plan import (
    axis_label,
    by_axis,
    covers,
    figure_text,
    month_index,
    month_label,
    parse_month,
    project_period,
    responsible_choices,
    timeline_periods,
)
from proposalkit.gui.guard import guarded, plain, plain_tip
from proposalkit.gui.line_table import MoneyDelegate
from proposalkit.gui.pages import Page, _choices
from proposalkit.gui.session import Session
from proposalkit.gui.tables import Column, Grouping, LineTableModel, ModelIndex, Row

MONTHS = frozenset({("start",), ("end",)})
BAR_COLOUR = QColor("#4a74a8")


class PlanTableModel(LineTableModel):
    """A line table whose month columns show ``avr. 2019`` and take ``2019-04``, whose
    figure columns show figures (any decimals, empty when not given), and whose groups
    show their label above their lines."""

    def __init__(self, session: Session, *args: Any, **kwargs: Any) -> None:
        self.figure_columns: frozenset[int] = frozenset()
        #: Columns whose title is set on two lines (« Valeur de / départ »): a narrow
        #: column of figures under a title of several words.
        self.two_line_titles: frozenset[int] = frozenset()
        super().__init__(session, *args, **kwargs)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Titles of several words on two lines where the page asks for it."""
        title = super().headerData(section, orientation, role)
        if (role == Qt.ItemDataRole.DisplayRole and section in self.two_line_titles
                and isinstance(title, str) and "\n" not in title):
            return two_lines(title)
        return title

    def _rebuild(self) -> None:
        super()._rebuild()
        if self.grouping is None:
            return
        # The group's row (a "subtotal" row without money) goes above its lines.
        rows: list[Row] = []
        pending: list[Row] = []
        for row in self.rows:
            if row.kind == "subtotal":
                rows += [row, *pending]
                pending = []
            elif row.kind == "line":
                pending.append(row)
        self.rows = rows + pending
        self._row_of = {row.index: r for r, row in enumerate(self.rows) if row.kind == "line"}
        self._subtotal_of = {row.group: r for r, row in enumerate(self.rows)
                             if row.kind == "subtotal"}
        self._index_findings()

    def _label_of(self, row: Row) -> str:
        if row.kind == "subtotal" and self.grouping is not None:
            return self.grouping.labels.get(row.group, row.group)
        return super()._label_of(row)

    @guarded(None)
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Months and figures as a person reads them; the rest as any line table."""
        row, column = self.rows[index.row()], self.columns[index.column()]
        shown = role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole)
        if row.kind == "subtotal" and role == Qt.ItemDataRole.ToolTipRole:
            return self.column_help(index.column()) or None  # an axis's row: its columns
        if (role == Qt.ItemDataRole.ToolTipRole and row.kind == "line"
                and column.kind == "text" and column.key not in MONTHS
                and index.column() not in self.figure_columns
                and not self._cell_findings.get((index.row(), index.column()))):
            # A text cut at the column's edge (a long source) reads whole in its tip,
            # above what goes in the column.
            text = str(self.session.value(self.location + (row.index,) + column.key) or "")
            if text.strip():
                return plain_tip("\n\n".join(t for t in (text, self.column_help(
                    index.column())) if t))
        if row.kind == "line" and shown and column.key in MONTHS:
            value = str(self.session.value(self.location + (row.index,) + column.key) or "")
            if role == Qt.ItemDataRole.EditRole:
                return value
            month = month_index(value)
            return month_label(month, self.session.translator) if month is not None else ""
        if index.column() in self.figure_columns:
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if row.kind == "line" and shown:
                value = self._figure(row.index, column)
                return "" if value is None else figure_text(value, self.session.lang)
        return super().data(index, role)

    def _figure(self, line: int, column: Column) -> Decimal | None:
        indicator = self.lines[line]
        if column.key[0] == "targets":
            year = int(column.key[1])
            return indicator.targets[year] if year < len(indicator.targets) else None
        return indicator.baseline

    def _parse(self, column: Column, value: Any, role: int = Qt.ItemDataRole.EditRole) -> Any:
        if column.key in MONTHS:
            return parse_month(str(value or ""))
        if self.columns.index(column) in self.figure_columns:
            return parse_figure(str(value or ""), self.session.lang)
        return super()._parse(column, value, role)

    @guarded(False)
    def setData(self, index: ModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Refuse, with a message, a month or a figure that cannot be read."""
        column = self.columns[index.column()]
        tr = self.session.translator
        try:
            if column.key in MONTHS or index.column() in self.figure_columns:
                self._parse(column, value, role)
        except FigureError:
            self.input_error.emit(tr.gettext("“{text}” is not a figure.").format(text=value))
            return False
        except ValueError:
            self.input_error.emit(tr.gettext(
                "“{text}” is not a month: write it as 2019-04 or 04/2019.").format(text=value))
            return False
        return super().setData(index, value, role)

    def _write(self, line_index: int, column: Column, value: Any, text: str) -> None:
        if column.key[0] == "targets":
            # A short list of targets is padded with "not given", never with zeros.
            years = self.session.program.years if self.session.program else 0
            year = int(column.key[1])
            targets = list(self.lines[line_index].targets)
            targets += [None] * (max(years, year + 1) - len(targets))
            targets[year] = value
            self.session.set_value(self.location + (line_index, "targets"), targets, text=text)
            return
        super()._write(line_index, column, value, text)


def two_lines(title: str) -> str:
    """``title`` broken at the space nearest its middle (« Valeur de\\ndépart »); a
    single word as it is."""
    spaces = [i for i, char in enumerate(title) if char == " "]
    if not spaces:
        return title
    middle = min(spaces, key=lambda i: abs(len(title) - 2 * i))
    return title[:middle] + "\n" + title[middle + 1:]


class MonthDelegate(QStyledItemDelegate):
    """Edits a month with a date editor showing only the month and the year."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session

    @guarded(None)
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: ModelIndex) -> QWidget:
        """A month editor (``MM/yyyy``) with a calendar."""
        editor = QDateEdit(parent)
        editor.setDisplayFormat("MM/yyyy")
        editor.setCalendarPopup(True)
        editor.setAccessibleName(str(index.model().headerData(
            index.column(), Qt.Orientation.Horizontal)))
        return editor

    @guarded(None)
    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        """Start from the activity's month, else the project's first month."""
        month = month_index(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        if month is None:
            proposal, program = self.session.proposal, self.session.program
            period = project_period(program, proposal) if proposal and program else None
            month = period[0] if period else None
        if month is not None:
            year, number = divmod(month, 12)
            editor.setDate(QDate(year, number + 1, 1))  # type: ignore[attr-defined]

    @guarded(None)
    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:  # noqa: N802
        """Store the month as ``YYYY-MM``."""
        date = editor.date()  # type: ignore[attr-defined]
        model.setData(index, f"{date.year():04d}-{date.month():02d}")


class TimelineView(QWidget):
    """The action plan's timeline (Gantt), drawn from the activities: one row per
    activity under its axis's label, one column per month, quarter or project year."""

    ROW = 20
    LABEL = 260

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAccessibleName(session.translator.gettext("Timeline"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        session.changed.connect(self._on_changed)
        session.reset.connect(self.refresh)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.activities or changes.budget or changes.partners:
            self.refresh()

    def lines(self) -> list[tuple[str, int]]:
        """What each row shows: ("axis", -1) for an axis's label, ("", index) for an
        activity."""
        proposal, program = self.session.proposal, self.session.program
        if proposal is None or program is None:
            return []
        out: list[tuple[str, int]] = []
        for axis, indexes in by_axis(program, proposal.activities):
            if program.axes:
                out.append((axis, -1))
            out += [("", index) for index in indexes]
        return out

    def bars(self) -> list[tuple[int, int, int]]:
        """The bars drawn: (activity index, first period, last period) of each run of
        periods an activity covers."""
        proposal, program = self.session.proposal, self.session.program
        if proposal is None or program is None:
            return []
        period = project_period(program, proposal)
        if period is None:
            return []
        periods = timeline_periods(period[0], period[1], self.session.translator)
        out = []
        for _axis, index in self.lines():
            if index < 0:
                continue
            hits = [p for p, part in enumerate(periods)
                    if covers(proposal.activities[index], part)]
            if hits:
                out.append((index, hits[0], hits[-1]))
        return out

    def refresh(self) -> None:
        """Fit the height to the rows and draw again."""
        self.setFixedHeight(self.ROW * (len(self.lines()) + 2) + 4)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As wide as the page allows, as tall as its rows."""
        return QSize(600, self.height())

    @guarded(None)
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """The header of periods, the axes' labels and the bars."""
        proposal, program = self.session.proposal, self.session.program
        painter = QPainter(self)
        palette = self.palette()
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        tr = self.session.translator
        period = project_period(program, proposal) if proposal and program else None
        if period is None or proposal is None or program is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                             tr.gettext("The timeline is drawn once the project's start "
                                        "date is given (budget step)."))
            painter.end()
            return
        periods = timeline_periods(period[0], period[1], tr)
        label = min(self.LABEL, self.width() // 3)
        width = max((self.width() - label - 4) / max(len(periods), 1), 1.0)
        for p, part in enumerate(periods):
            x = label + p * width
            if part.year:
                painter.drawText(QRectF(x, 0, width * 4, self.ROW), Qt.AlignmentFlag.AlignLeft
                                 | Qt.AlignmentFlag.AlignVCenter, part.year)
            painter.drawText(QRectF(x, self.ROW, width, self.ROW), Qt.AlignmentFlag.AlignCenter,
                             part.label)
        runs = {index: (first, last) for index, first, last in self.bars()}
        for number, (axis, index) in enumerate(self.lines()):
            y = self.ROW * (number + 2)
            if index < 0:
                font = painter.font()
                font.setBold(True)
                painter.setFont(font)
                painter.drawText(QRectF(2, y, self.width() - 4, self.ROW),
                                 Qt.AlignmentFlag.AlignVCenter,
                                 axis_label(program, axis, tr))
                font.setBold(False)
                painter.setFont(font)
                continue
            activity = proposal.activities[index]
            title = activity.title.strip() or tr.gettext("Activity {n}").format(n=index + 1)
            text = painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight,
                                                    label - 8)
            painter.drawText(QRectF(8, y, label - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                             text)
            if index in runs:
                first, last = runs[index]
                painter.fillRect(QRectF(label + first * width, y + 4,
                                        (last - first + 1) * width, self.ROW - 8), BAR_COLOUR)
        painter.end()


class ActionPlanPage(Page):
    """The activities of the action plan and their timeline."""

    step_id = "activities"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.translator
        _ = tr.gettext
        super().__init__(session, _(
            "List the project's activities: who carries each one (the applicant or a "
            "partner), the call's axis it serves, its first and last months and what it "
            "delivers. The timeline under the table is drawn from them."), parent)
        program = session.program
        assert program is not None
        axes = tuple(_choices(program.axes, tr))
        columns = [Column(("title",), _("Activity"))]
        if axes:
            columns.append(Column(("axis",), _("Axis"), "choice", axes))
        columns += [
            Column(("responsible",), _("Responsible"), "choice",
                   lambda: tuple(responsible_choices(session.proposal, tr))
                   if session.proposal else ()),
            Column(("start",), _("Start")),
            Column(("end",), _("End")),
            Column(("deliverables",), _("Deliverables")),
        ]
        grouping = Grouping("axis", [a.id for a in program.axes],
                            {a.id: a.label(tr) for a in program.axes}
                            | {"": axis_label(program, "", tr)}) if axes else None
        model = PlanTableModel(session, ("activities",), columns,
                               lambda group: Activity(axis=group), grouping, parent=self)
        caption = QLabel(_("A&ctivities:"))
        self.body.addWidget(caption)
        self.activities = self.table(model, _("Activities"), _("&Add an activity"))
        caption.setBuddy(self.activities)
        self.month_delegate = MonthDelegate(session, self.activities)
        for c, column in enumerate(columns):
            if column.key in MONTHS:
                self.activities.setItemDelegateForColumn(c, self.month_delegate)
        # An axis's label reads across the whole row.
        model.modelReset.connect(self._span_groups)
        self._span_groups()
        self.body.addWidget(plain(QLabel(_("Timeline"))))
        self.timeline = TimelineView(session)
        # The table and the timeline share the page's height; each scrolls itself.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.timeline)
        self.body.addWidget(scroll, 1)
        self.show_findings()

    def _span_groups(self) -> None:
        view = self.activities
        model = view.line_model
        view.clearSpans()
        for number, row in enumerate(model.rows):
            if row.kind == "subtotal":
                view.setSpan(number, 0, 1, len(model.columns))


class IndicatorsPage(Page):
    """The indicators: name, unit, baseline, a target per project year, source."""

    step_id = "indicators"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.translator
        _ = tr.gettext
        super().__init__(session, _(
            "Give each indicator of results its unit, where it stands before the project "
            "(the baseline) and the target for each project year, with where the measure "
            "comes from."), parent)
        program = session.program
        assert program is not None
        years = program.years
        columns = [Column(("name",), _("Indicator")), Column(("unit",), _("Unit")),
                   Column(("baseline",), _("Baseline"))]
        columns += [Column(("targets", y), _("Year {n}").format(n=y + 1))
                    for y in range(years)]
        columns.append(Column(("source",), _("Source of the measure")))
        model = PlanTableModel(session, ("indicators",), columns,
                               lambda _group: Indicator(targets=[None] * years), parent=self)
        model.figure_columns = frozenset(range(2, 3 + years))
        model.column_note = lambda c: _("target") if 3 <= c < 3 + years else ""
        model.two_line_titles = frozenset({2, len(columns) - 1})  # baseline, source
        caption = QLabel(_("I&ndicators:"))
        self.body.addWidget(caption)
        self.indicators = self.table(model, _("Indicators"), _("&Add an indicator"))
        caption.setBuddy(self.indicators)
        self.figure_delegate = MoneyDelegate(self.indicators)
        view = self.indicators
        for c in model.figure_columns:
            view.setItemDelegateForColumn(c, self.figure_delegate)
        # Figures and the unit are as wide as their contents (as amounts and choices are:
        # a long unit is cut, its tip says it whole), so that every year shows; the name
        # and the source share the rest. On a narrow window the names stay at the left
        # with the baseline and every year beside them (as the budget's lines and years).
        sized = {*model.figure_columns, 1}
        view._text_columns = [c for c in view._text_columns if c not in sized]
        view._content_columns = sorted({*view._content_columns, *sized})
        view.year_columns = sorted(model.figure_columns)
        view.freeze_names(0)
        view.fit_columns()
        self.show_findings()
