"""The editor: the steps on the left (with their live status), the step's page on the
right (built on first visit), the read-only banner above it and Previous / Next below."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
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

from proposalkit.core.guide import step_ids
from proposalkit.gui.page_stack import LazyPages, LazyPageWidgets, PageStack
from proposalkit.gui.session import Session

if TYPE_CHECKING:
    from proposalkit.gui.pages import Page

STATUS_COLORS = {"complete": QColor(46, 125, 50), "incomplete": QColor(158, 158, 158),
                 "errors": QColor(198, 40, 40)}


def _dot(color: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(color)
    return QIcon(pixmap)


def step_titles(session: Session) -> dict[str, str]:
    """Each step's title in the interface language."""
    tr = session.tr
    _ = tr.gettext
    program = session.program
    assert program is not None
    titles = {"applicant": _("Applicant"), "territory": _("Territory and partners"),
              "governance": _("Governance"), "expenses": _("Budget — expenses"),
              "revenues": _("Budget — revenues"), "attachments": _("Attachments"),
              "review": _("Review and export")}
    for section in program.sections:
        titles[f"section:{section.id}"] = section.title(tr)
    return titles


def make_page(session: Session, step: str, titles: dict[str, str],
              output: object):  # noqa: ANN201 - (Page, bool)
    """Build ``step``'s page (on its first visit); True to put it in a scroll area.

    The review page's export, preview and print buttons go to ``output``.
    """
    from proposalkit.gui.budget_page import ExpensesPage, RevenuesPage
    from proposalkit.gui.final_pages import AttachmentsPage, ReviewPage
    from proposalkit.gui.pages import ApplicantPage, GovernancePage, SectionPage, TerritoryPage

    scroll = True
    if step.startswith("section:"):
        page, scroll = SectionPage(session, step.split(":", 1)[1]), False
    elif step == "review":
        page = ReviewPage(session, titles)
        page.export_requested.connect(output.export)  # type: ignore[attr-defined]
        page.preview_requested.connect(output.preview)  # type: ignore[attr-defined]
        page.print_requested.connect(output.print_dossier)  # type: ignore[attr-defined]
    else:
        kinds = {"applicant": ApplicantPage, "territory": TerritoryPage,
                 "governance": GovernancePage, "expenses": ExpensesPage,
                 "revenues": RevenuesPage, "attachments": AttachmentsPage}
        page = kinds[step](session)
        scroll = step not in ("expenses", "revenues")
    page.set_read_only(session.read_only)
    return page, scroll


class Editor(QSplitter):
    """Steps, the current step's page, and the buttons to move between steps."""

    def __init__(self, session: Session, make: Callable[[str], tuple[Page, bool]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        _ = session.tr.gettext
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
        left_layout.addWidget(self.steps)
        steps = step_ids(program)
        self.stack = PageStack(steps, make)
        self.pages = LazyPages(self.stack)
        self.page_widgets = LazyPageWidgets(self.pages)
        for step in steps:
            item = QListWidgetItem(titles[step])
            item.setData(Qt.ItemDataRole.UserRole, step)
            self.steps.addItem(item)
        self.steps.currentRowChanged.connect(self._step_chosen)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        # Says why nothing can be changed, above whatever step is shown.
        self.read_only_banner = QLabel()
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(
            "QLabel { background: #fff3cd; color: #5c4400; border: 1px solid #e0b400;"
            " border-radius: 3px; padding: 6px; }")
        self.read_only_banner.setVisible(False)
        right_layout.addWidget(self.read_only_banner)
        right_layout.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        self.prev_button = QPushButton(_("← &Previous"))
        self.next_button = QPushButton(_("&Next →"))
        self.prev_button.clicked.connect(lambda: self.step_by(-1))
        self.next_button.clicked.connect(lambda: self.step_by(1))
        nav.addWidget(self.prev_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        right_layout.addLayout(nav)
        self.addWidget(left)
        self.addWidget(right)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        left.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 24)
        # The steps keep their minimum; the page (tables, cap bars) gets the rest.
        self.setSizes([left.minimumWidth(), 100 * left.minimumWidth()])
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
        self.stack.show_step(self.stack.steps[row])
        self.prev_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < self.steps.count() - 1)

    def step_by(self, delta: int) -> None:
        """Go to the next (+1) or previous (-1) step."""
        row = min(max(self.steps.currentRow() + delta, 0), self.steps.count() - 1)
        self.steps.setCurrentRow(row)

    def update_steps(self) -> None:
        """Paint each step's live status."""
        _ = self.session.tr.gettext
        labels = {"complete": _("complete"), "incomplete": _("incomplete"), "errors": _("errors")}
        for row in range(self.steps.count()):
            item = self.steps.item(row)
            status = self.session.statuses.get(item.data(Qt.ItemDataRole.UserRole), "complete")
            item.setIcon(_dot(STATUS_COLORS[status]))
            item.setToolTip(f"{item.text()} ({labels[status]})")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, labels[status])

    def show_read_only(self, text: str) -> None:
        """Show the banner with ``text`` (hide it for ''); pages follow."""
        on = bool(text)
        self.read_only_banner.setText(text)
        self.read_only_banner.setVisible(on)
        for page in self.pages.built():
            if page.read_only != on:
                page.set_read_only(on)
