"""The editor: the steps on the left (with their live status), the step's page on the
right (built on first visit), the read-only banner above it and Previous / Next below."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.steps import SECTION_PREFIX, kind_of, status_word, step_ids, steps
from proposalkit.gui.guard import plain, plain_tip
from proposalkit.gui.page_stack import LazyPages, LazyPageWidgets, PageStack
from proposalkit.gui.session import Session
from proposalkit.gui.status_marks import StatusLegend, status_icon

if TYPE_CHECKING:
    from proposalkit.gui.pages import Page

#: The status a step's item shows (for tests and accessibility).
STATUS_ROLE = Qt.ItemDataRole.UserRole + 4

def step_titles(session: Session) -> dict[str, str]:
    """Each step's title in the interface language (from the table of steps)."""
    program = session.program
    assert program is not None
    return {step.id: step.title(program, session.translator) for step in steps(program)}


# Each kind of step of the table of steps (core/steps.py) and its page class. The page
# modules load at a step's first visit (start-up imports none of them); written as
# imports, they are what "find usages" and the type checker see.
def _overview() -> type[Page]:
    from proposalkit.gui.overview import OverviewPage

    return OverviewPage


def _applicant() -> type[Page]:
    from proposalkit.gui.pages import ApplicantPage

    return ApplicantPage


def _territory() -> type[Page]:
    from proposalkit.gui.pages import TerritoryPage

    return TerritoryPage


def _governance() -> type[Page]:
    from proposalkit.gui.pages import GovernancePage

    return GovernancePage


def _section() -> type[Page]:
    from proposalkit.gui.pages import SectionPage

    return SectionPage


def _activities() -> type[Page]:
    from proposalkit.gui.plan_pages import ActionPlanPage

    return ActionPlanPage


def _indicators() -> type[Page]:
    from proposalkit.gui.plan_pages import IndicatorsPage

    return IndicatorsPage


def _expenses() -> type[Page]:
    from proposalkit.gui.budget_page import ExpensesPage

    return ExpensesPage


def _revenues() -> type[Page]:
    from proposalkit.gui.budget_page import RevenuesPage

    return RevenuesPage


def _attachments() -> type[Page]:
    from proposalkit.gui.final_pages import AttachmentsPage

    return AttachmentsPage


def _attestation() -> type[Page]:
    from proposalkit.gui.attestation_page import AttestationPage

    return AttestationPage


def _summary() -> type[Page]:
    from proposalkit.gui.pages import SummaryPage

    return SummaryPage


def _review() -> type[Page]:
    from proposalkit.gui.final_pages import ReviewPage

    return ReviewPage


#: The page class of each kind of step, by the kind's key (a test checks it covers the
#: table of steps).
PAGES: dict[str, Callable[[], type[Page]]] = {
    "overview": _overview, "applicant": _applicant, "territory": _territory,
    "governance": _governance, "section": _section, "expenses": _expenses,
    "revenues": _revenues, "attachments": _attachments, "attestation": _attestation,
    "review": _review, "activities": _activities, "indicators": _indicators,
    "summary": _summary,
}


def make_page(session: Session, step: str, window: object):  # noqa: ANN201 - (Page, bool)
    """Build ``step``'s page (on its first visit); True to put it in a scroll area.

    The page class is the one :data:`PAGES` gives the step's kind; a page that leads
    elsewhere (the review's export buttons, the overview's links) connects to ``window``.
    """
    kind = kind_of(step)
    page_class: Any = PAGES[kind.key]()
    if kind.per_section:
        page = page_class(session, step.removeprefix(SECTION_PREFIX))
    else:
        page = page_class(session)
    connect = getattr(page, "connect_window", None)
    if connect is not None:
        connect(window)
    page.set_read_only(session.read_only)
    return page, kind.scroll


def focus_chain(root: QWidget) -> list[QWidget]:
    """The Tab stops inside ``root``, in their current order."""
    out: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root and len(out) < 2000:
        if root.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus \
                and widget.isVisibleTo(root) and widget.isEnabled():
            out.append(widget)
        widget = widget.nextInFocusChain()
    return out


class Editor(QSplitter):
    """Steps, the current step's page, and the buttons to move between steps."""

    #: A step's page is shown (and its Tab order set); the argument is the step.
    step_shown = Signal(str)

    def __init__(self, session: Session, make: Callable[[str], tuple[Page, bool]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        _ = session.translator.gettext
        program = session.program
        assert program is not None
        titles = step_titles(session)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        caption = QLabel(_("S&teps:"))
        self.steps = QListWidget()
        self.steps.setAccessibleName(_("Steps"))
        # Long section titles wrap to the list's width rather than scroll sideways.
        self.steps.setWordWrap(True)
        self.steps.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.steps.setUniformItemSizes(False)
        caption.setBuddy(self.steps)
        left_layout.addWidget(caption)
        left_layout.addWidget(self.steps, 1)
        self.legend = StatusLegend(session.translator)
        left_layout.addWidget(self.legend)
        steps = step_ids(program)
        self.stack = PageStack(steps, make)
        self.pages = LazyPages(self.stack)
        self.page_widgets = LazyPageWidgets(self.pages)
        for step in steps:
            item = QListWidgetItem(titles[step])
            item.setData(Qt.ItemDataRole.UserRole, step)
            self.steps.addItem(item)
        self._shown_step: str | None = None
        self.steps.currentRowChanged.connect(self._step_chosen)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        # Says why nothing can be changed, above whatever step is shown.
        self.read_only_banner = plain(QLabel())
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(
            "QLabel { background: #fff3cd; color: #5c4400; border: 1px solid #e0b400;"
            " border-radius: 3px; padding: 6px; }")
        self.read_only_banner.setVisible(False)
        right_layout.addWidget(self.read_only_banner)
        right_layout.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        self.prev_button = QPushButton(_("← Previous"))
        self.next_button = QPushButton(_("&Next →"))
        self.prev_button.clicked.connect(lambda: self.step_by(-1))
        self.next_button.clicked.connect(lambda: self.step_by(1))
        self.check_button = QPushButton(_("Chec&k this step"))
        self.check_button.setToolTip(_("Show every message of this step under its fields."))
        self.check_button.clicked.connect(lambda: self.check_step(self.current_step()))
        nav.addWidget(self.prev_button)
        nav.addStretch(1)
        nav.addWidget(self.check_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        right_layout.addLayout(nav)
        self.addWidget(left)
        self.addWidget(right)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        # Narrow enough that a page keeps room in a 1024-pixel window; titles wrap.
        left.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        self.setSizes([260, 900])
        self.update_steps()

    def current_step(self) -> str | None:
        """The step shown."""
        item = self.steps.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def go_to(self, step: str) -> Page:
        """Show ``step``'s page."""
        self.steps.setCurrentRow(list(self.pages).index(step))
        return self.pages[step]

    def _step_chosen(self, row: int) -> None:
        if row < 0:
            return
        # The step left has been seen: its messages show when the user comes back.
        left = self._shown_step
        if left is not None and left not in self.session.visits.checked:
            self.check_step(left)
        self._shown_step = self.stack.steps[row]
        page = self.stack.show_step(self.stack.steps[row])
        # Only pages with fields have messages to show under them.
        self.check_button.setVisible(bool(page.forms))
        self.step_shown.emit(self._shown_step)
        self.prev_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < self.steps.count() - 1)

    def tab_order(self, after: list[QWidget]) -> None:
        """Tab goes through the page shown first, then Previous / Check / Next, then
        ``after`` (the findings), then the list of steps, and round again."""
        page = self.stack.currentWidget()
        chain = [*(focus_chain(page) if page is not None else []), self.prev_button,
                 self.check_button, self.next_button, *after, self.steps]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def check_step(self, step: str | None) -> None:
        """Show the messages of ``step``'s inputs (asked for, or the step was left)."""
        if step is None:
            return
        self.session.visits.check_step(step)
        if step in self.stack.built:
            self.stack.built[step].show_findings()

    def step_by(self, delta: int) -> None:
        """Go to the next (+1) or previous (-1) step."""
        row = min(max(self.steps.currentRow() + delta, 0), self.steps.count() - 1)
        self.steps.setCurrentRow(row)

    def update_steps(self) -> None:
        """Mark each step with its live status (a shape in a colour, and words)."""
        tr = self.session.translator
        for row in range(self.steps.count()):
            item = self.steps.item(row)
            status = self.session.statuses.get(item.data(Qt.ItemDataRole.UserRole))
            if status is None:  # a step without a status of its own (the overview)
                item.setToolTip(plain_tip(item.text()))
                continue
            word = status_word(status, tr)
            item.setIcon(status_icon(status))
            item.setToolTip(plain_tip(f"{item.text()} ({word})"))
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, word)
            item.setData(STATUS_ROLE, status)

    def show_read_only(self, text: str) -> None:
        """Show the banner with ``text`` (hide it for ''); pages follow."""
        on = bool(text)
        self.read_only_banner.setText(text)
        self.read_only_banner.setVisible(on)
        for page in self.pages.built():
            if page.read_only != on:
                page.set_read_only(on)
