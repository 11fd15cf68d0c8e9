"""The editor's pages, built on first visit.

A proposal has a dozen steps (one per narrative section of the pack); building every
form, table and delegate when a file opens would cost time the user sees. The stack
holds an empty placeholder per step and swaps in the real page the first time the step
is shown (or asked for, e.g. by "jump to the field").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QScrollArea, QStackedWidget, QWidget

if TYPE_CHECKING:  # the page modules are imported when the first page is built
    from proposalkit.gui.pages import Page


def scrolled(page: QWidget) -> QScrollArea:
    """``page`` in a scroll area (long forms on small screens)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(page)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    # The area itself is no Tab stop (an invisible one): its inputs are.
    from PySide6.QtCore import Qt  # (the window imports this module before its first paint)

    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


class PageStack(QStackedWidget):
    """A ``QStackedWidget`` of steps whose pages are made by ``factory`` when needed.

    ``factory(step)`` returns the page and whether it goes in a scroll area (forms do;
    tables and text editors scroll by themselves).
    """

    def __init__(self, steps: list[str], factory: Callable[[str], tuple[Page, bool]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps = list(steps)
        self.factory = factory
        self.built: dict[str, Page] = {}
        self.shown: dict[str, QWidget] = {}
        for _step in self.steps:
            self.addWidget(QWidget())

    def page(self, step: str) -> Page:
        """The page of ``step``, built now if it never was."""
        page = self.built.get(step)
        if page is None:
            index = self.steps.index(step)
            page, scroll = self.factory(step)
            shown = scrolled(page) if scroll else page
            placeholder = self.widget(index)
            current = self.currentIndex()
            self.insertWidget(index, shown)
            if placeholder is not None:
                self.removeWidget(placeholder)
                placeholder.deleteLater()
            if current == index:
                self.setCurrentIndex(index)
            self.built[step], self.shown[step] = page, shown
        return page

    def widget_of(self, step: str) -> QWidget:
        """What the stack shows for ``step`` (the page, or its scroll area)."""
        self.page(step)
        return self.shown[step]

    def show_step(self, step: str) -> Page:
        """Build if needed, then show ``step``."""
        page = self.page(step)
        self.setCurrentWidget(self.shown[step])
        return page


class LazyPages(Mapping[str, "Page"]):
    """``window.pages``: every step in order; reading one builds its page."""

    def __init__(self, stack: PageStack | None = None) -> None:
        self.stack = stack

    def __getitem__(self, step: str) -> Page:
        if self.stack is None or step not in self.stack.steps:
            raise KeyError(step)
        return self.stack.page(step)

    def __iter__(self) -> Iterator[str]:
        return iter(self.stack.steps if self.stack is not None else [])

    def __len__(self) -> int:
        return len(self.stack.steps) if self.stack is not None else 0

    def __contains__(self, step: object) -> bool:
        return self.stack is not None and step in self.stack.steps

    def built(self) -> list[Page]:
        """The pages built so far."""
        return list(self.stack.built.values()) if self.stack is not None else []


class LazyPageWidgets(Mapping[str, QWidget]):
    """``window.page_widgets``: what the stack shows for each step."""

    def __init__(self, pages: LazyPages) -> None:
        self.pages = pages

    def __getitem__(self, step: str) -> QWidget:
        if step not in self.pages:
            raise KeyError(step)
        return self.pages.stack.widget_of(step)  # type: ignore[union-attr]

    def __iter__(self) -> Iterator[str]:
        return iter(self.pages)

    def __len__(self) -> int:
        return len(self.pages)
