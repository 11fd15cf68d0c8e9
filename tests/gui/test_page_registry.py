"""Every kind of step of the table of steps has its page class in the GUI's registry,
and the class is a page for that step."""

from __future__ import annotations

from proposalkit.core.steps import STEP_KINDS
from proposalkit.gui.editor import PAGES
from proposalkit.gui.pages import Page


def test_every_kind_of_step_has_its_page_class():
    assert set(PAGES) == {kind.key for kind in STEP_KINDS}
    for kind in STEP_KINDS:
        page_class = PAGES[kind.key]()
        assert issubclass(page_class, Page)
        step_id = getattr(page_class, "step_id", None)
        # A class names its step; the section page's id is made per section.
        assert step_id == kind.key or kind.per_section, (kind.key, step_id)
