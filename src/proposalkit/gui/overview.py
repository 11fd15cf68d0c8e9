"""The overview: the first step and the home of an open proposal. Where each step
stands, the deadline, the budget at a glance (charts), the next things to do as links to
their fields, and the partners with their letters.

The charts need QtCharts, loaded the first time they are drawn, just after the page
shows (not when the window starts)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.overview import budget_figures, deadline, next_things, partner_letters
from proposalkit.core.steps import status_word, step_for, steps
from proposalkit.core.validation import today_in
from proposalkit.gui.guard import KEEP_SPACES
from proposalkit.gui.pages import Page
from proposalkit.gui.session import Session
from proposalkit.gui.status_marks import StatusLegend, status_icon

STEP_ROLE = Qt.ItemDataRole.UserRole + 7


class OverviewPage(Page):
    """Where the proposal stands, at a glance."""

    step_id = "overview"
    #: The user chose a step; the argument is its id.
    step_requested = Signal(str)
    #: The user chose a thing to do; the argument is the finding's location.
    jump_requested = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.translator
        _ = tr.gettext
        super().__init__(session, _(
            "Where your proposal stands. Follow the next things to do, or choose a step; "
            "messages under the fields appear once you have been there."), parent)
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        self.body.addWidget(self.deadline)
        grid = QGridLayout()
        self.body.addLayout(grid)
        steps_box = QGroupBox(_("Steps"))
        box = QVBoxLayout(steps_box)
        caption = QLabel(_("Where each step &stands:"))
        self.step_list = QListWidget()
        self.step_list.setAccessibleName(_("Where each step stands"))
        self.step_list.setWordWrap(True)
        self.step_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.step_list.setMinimumHeight(self.fontMetrics().height() * 12)
        caption.setBuddy(self.step_list)
        box.addWidget(caption)
        box.addWidget(self.step_list, 1)
        box.addWidget(StatusLegend(tr))
        self.step_list.itemActivated.connect(
            lambda item: self.step_requested.emit(item.data(STEP_ROLE)))
        self.step_list.itemClicked.connect(
            lambda item: self.step_requested.emit(item.data(STEP_ROLE)))
        todo_box = QGroupBox(_("Next things to do"))
        box = QVBoxLayout(todo_box)
        self.todo = QLabel()
        self.todo.setWordWrap(True)
        self.todo.setTextFormat(Qt.TextFormat.RichText)
        self.todo.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.todo.linkActivated.connect(self._link)
        self.todo.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.todo, 1)
        partners_box = QGroupBox(_("Partners and their letters"))
        box = QVBoxLayout(partners_box)
        self.partners = QLabel()
        self.partners.setWordWrap(True)
        self.partners.setTextFormat(Qt.TextFormat.RichText)
        self.partners.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.partners.linkActivated.connect(self._link)
        box.addWidget(self.partners)
        # One column: the page stays usable in a 1024-pixel-wide window beside the
        # steps and the findings; what to do next comes first.
        grid.addWidget(todo_box, 0, 0)
        grid.addWidget(steps_box, 1, 0)
        grid.addWidget(partners_box, 2, 0)
        self.charts_box = QGroupBox(_("The budget at a glance"))
        self.charts = QGridLayout(self.charts_box)

        self.body.addWidget(self.charts_box)
        self.chart_views: list[QWidget] = []
        self._things: list[object] = []
        self._charts_due = True
        #: Findings came while the page was hidden: it shows them when it shows again.
        self._stale = False
        self.show_findings()

    def connect_window(self, window: object) -> None:
        """Steps and things to do lead to their pages in ``window``."""
        self.step_requested.connect(window.go_to)  # type: ignore[attr-defined]
        self.jump_requested.connect(window.jump_to)  # type: ignore[attr-defined]

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Draw the charts just after the page first shows (QtCharts loads then)."""
        super().showEvent(event)  # type: ignore[arg-type]
        if self._stale:
            self.show_findings()
        if self._charts_due:
            QTimer.singleShot(0, self, self.update_charts)

    # -- content ----------------------------------------------------------------------
    def show_findings(self) -> None:
        """Everything follows the findings (recomputed after each change); a hidden
        page waits until it shows (an edit elsewhere costs it nothing)."""
        session = self.session
        if session.program is None or session.proposal is None:
            return
        if self.isHidden() or not self.isVisible():
            self._stale = True
            self._charts_due = True
            return
        self._stale = False
        tr = session.translator
        program, proposal = session.program, session.proposal
        due = deadline(program, session.today or today_in(program), tr)
        self.deadline.setText(due.text)
        style = "font-weight: bold; color: #b3261e;" if due.closed else "font-weight: bold;"
        if self.deadline.styleSheet() != style:  # a style sheet set again costs a restyle
            self.deadline.setStyleSheet(style)
        current = self.step_list.currentRow()
        self.step_list.clear()
        for step in steps(program):
            status = session.statuses.get(step.id)
            if status is None:
                continue
            item = QListWidgetItem(status_icon(status),
                                   f"{step.title(program, tr)} — {status_word(status, tr)}")
            item.setData(STEP_ROLE, step.id)
            self.step_list.addItem(item)
        self.step_list.setCurrentRow(current)
        things = next_things(program, proposal, session.findings)
        self._things = [f.location for f in things]
        titles = {s.id: s.title(program, tr) for s in steps(program)}
        if things:
            rows = [f'<li><a href="#{n}">{html.escape(titles.get(step_for(f.location), ""))}'
                    f"</a> — {html.escape(f.message)}</li>" for n, f in enumerate(things)]
            # pre-wrap: Qt's rich text would make the messages' narrow no-break spaces
            # (« 2 940 000 $ », « Québec » ;) plain ones, where a line may break.
            self.todo.setText(f"<ol {KEEP_SPACES}>{''.join(rows)}</ol>")
        else:
            self.todo.setText(html.escape(tr.gettext(
                "Nothing left to do: export the final package from the last step.")))
        letters = partner_letters(proposal, tr)
        if letters:
            rows = []
            for letter in letters:
                state = (tr.gettext("letter attached") if letter.attached
                         else tr.gettext("letter received, not attached") if letter.received
                         else tr.gettext("letter missing"))
                mark = "✔" if letter.attached else "✘"
                rows.append(f'<li>{mark} <a href="p{letter.index}">{html.escape(letter.name)}'
                            f"</a> — {html.escape(state)}</li>")
            self.partners.setText(f"<ul {KEEP_SPACES}>{''.join(rows)}</ul>")
        else:
            self.partners.setText(html.escape(tr.gettext("No partner listed yet.")))
        if not self._charts_due and self.isVisible():
            self.update_charts()
        else:
            self._charts_due = True

    def _link(self, href: str) -> None:
        if href.startswith("#"):
            self.jump_requested.emit(self._things[int(href[1:])])
        elif href.startswith("p"):
            self.jump_requested.emit(("partners", int(href[1:]), "name"))

    def update_charts(self) -> None:
        """(Re)draw the three charts from the session's budget summary."""
        session = self.session
        if session.summary is None or session.program is None:
            return
        from proposalkit.gui import charts

        self._charts_due = False
        figures = budget_figures(session.program, session.summary, session.translator)
        if self.chart_views and figures == getattr(self, "figures", None):
            return  # typing in a section changes no figure: nothing to redraw
        self.figures = figures
        for view in self.chart_views:
            self.charts.removeWidget(view)
            view.deleteLater()
        self.chart_views = [charts.revenues_chart(figures, session.translator),
                            charts.share_chart(figures, session.translator),
                            charts.caps_chart(figures, session.translator)]
        for row, view in enumerate(self.chart_views):
            self.charts.addWidget(view, row, 0)
