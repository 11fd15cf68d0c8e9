"""The print preview keeps the page the user went to when the zoom changes."""

from __future__ import annotations

from reportlab.pdfgen import canvas

from proposalkit.gui.preview import PreviewDialog
from proposalkit.i18n import translator


def _pdf(path, pages):
    drawing = canvas.Canvas(str(path))
    for page in range(pages):
        drawing.drawString(100, 700, f"page {page + 1}")
        drawing.showPage()
    drawing.save()
    return path


def test_zoom_after_next_page_stays_on_that_page(qtbot, tmp_path):
    dialog = PreviewDialog(_pdf(tmp_path / "five.pdf", 5), translator("fr"), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.view.verticalScrollBar()
    dialog.next.click()
    qtbot.waitUntil(lambda: dialog.current_page() == 1 and bar.value() > 0)
    page_top = bar.value()
    dialog.zoom_in.click()
    # The pages are laid out again at the new scale; the view scrolls back to page 2,
    # whose top is now further down (the old offset would show the end of page 1).
    qtbot.waitUntil(lambda: bar.value() > page_top)
    assert dialog.current_page() == 1 and dialog.page.value() == 2
    dialog.fit_page.click()
    qtbot.waitUntil(lambda: bar.value() < page_top)
    assert dialog.current_page() == 1 and dialog.page.value() == 2
    # Once the user scrolls, the view follows the scroll again.
    bar.triggerAction(bar.SliderAction.SliderToMinimum)
    qtbot.waitUntil(lambda: dialog.current_page() == 0)
    assert dialog.page.value() == 1
