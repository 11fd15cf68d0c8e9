"""The print preview: the dossier's PDF pages, sized to the screen, with zoom in and
out, fit to width or to the page, "page n of N" and page navigation, and Print.

QtPdf is imported with this module, when the user first asks for a preview."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from proposalkit.i18n import Translator

if TYPE_CHECKING:
    from proposalkit.gui.output import Output

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0


class PreviewDialog(QDialog):
    """The dossier's PDF pages, with navigation, zoom and a Print button."""

    def __init__(self, pdf_path: Path, tr: Translator, output: Output,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tr_ = tr
        _ = tr.gettext
        self.setWindowTitle(_("Print preview"))
        self.document = QPdfDocument(self)
        self.document.load(str(pdf_path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(_("Print preview"))
        bar = QHBoxLayout()
        keys = QKeySequence.StandardKey
        self.previous = self._button(_("Previous page"), "◀", keys.MoveToPreviousPage)
        self.next = self._button(_("Next page"), "▶", keys.MoveToNextPage)
        self.page = QSpinBox()
        self.page.setRange(1, max(1, self.document.pageCount()))
        self.page.setAccessibleName(_("Page"))
        self.of = QLabel()
        page_label = QLabel(_("Pa&ge"))
        page_label.setBuddy(self.page)
        self.zoom_out = self._button(_("Zoom out"), "−", QKeySequence.StandardKey.ZoomOut)
        self.zoom_in = self._button(_("Zoom in"), "+", QKeySequence.StandardKey.ZoomIn)
        self.fit_width = self._button(_("Fit the width"), _("&Width"), None)
        self.fit_page = self._button(_("Fit the whole page"), _("Whole p&age"), None)
        self.zoom_label = QLabel()
        for widget in (self.previous, page_label, self.page, self.of, self.next):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in, self.fit_width,
                       self.fit_page):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        print_button = buttons.addButton(_("&Print…"), QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(_("&Close"), QDialogButtonBox.ButtonRole.RejectRole)
        print_button.clicked.connect(lambda: output.print_pdf(pdf_path, self))
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(self._page_changed)
        self.page.valueChanged.connect(lambda n: self.go_to_page(n - 1))
        self.previous.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.zoom_in.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.zoom_out.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.fit_width.clicked.connect(
            lambda: self.set_zoom_mode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page.clicked.connect(lambda: self.set_zoom_mode(QPdfView.ZoomMode.FitInView))
        # The page last asked for, kept through re-layouts (zoom, resize) until the
        # user scrolls (a scroll bar action: wheel, keys, drag).
        self._anchor: int | None = None
        self.view.verticalScrollBar().actionTriggered.connect(self._user_scrolled)
        self.view.zoomFactorChanged.connect(lambda _f: self._show_zoom())
        self.view.zoomModeChanged.connect(lambda _m: self._show_zoom())
        self._show_page(0)
        self._show_zoom()
        self.fit_to_screen()

    def _button(self, name: str, text: str,
                key: QKeySequence.StandardKey | None) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setAccessibleName(name.replace("&", ""))
        tip = name
        if key is not None:
            button.setShortcut(QKeySequence(key))
            tip += f" ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})"
        button.setToolTip(tip)
        return button

    def fit_to_screen(self) -> None:
        """As tall as the screen allows (a laptop's too), a page wide at most."""
        parent = self.parentWidget()
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        height = int(room.height() * 0.9)
        width = min(int(room.width() * 0.9), max(640, int(height * 0.8)))
        self.resize(width, height)

    # -- navigation -------------------------------------------------------------------
    def page_count(self) -> int:
        """Pages in the dossier."""
        return self.document.pageCount()

    def current_page(self) -> int:
        """The page shown (0-based)."""
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        """Show ``page`` (0-based; clamped to the dossier)."""
        page = min(max(page, 0), max(self.page_count() - 1, 0))
        self._anchor = page
        if page != self.current_page():
            navigator = self.view.pageNavigator()
            navigator.jump(page, QPointF(), navigator.currentZoom())
        self._show_page(page)

    def _page_changed(self, page: int) -> None:
        if self._anchor is not None and page != self._anchor:
            # The view ignores a jump while it reports its own scroll: jump just after.
            QTimer.singleShot(0, self._back_to_anchor)
            return
        self._show_page(page)

    def _back_to_anchor(self) -> None:
        if self._anchor is not None and self.current_page() != self._anchor:
            navigator = self.view.pageNavigator()
            navigator.jump(self._anchor, QPointF(), navigator.currentZoom())

    def _show_page(self, page: int) -> None:
        count = self.page_count()
        self.page.blockSignals(True)
        self.page.setValue(page + 1)
        self.page.blockSignals(False)
        self.of.setText(self.tr_.gettext("of {count}").format(count=count))
        self.previous.setEnabled(page > 0)
        self.next.setEnabled(page < count - 1)

    def _user_scrolled(self, _action: int) -> None:
        self._anchor = None

    # -- zoom -------------------------------------------------------------------------
    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor above 1) or out, from what is shown now."""
        current = self.view.zoomFactor()
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(max(current * factor, ZOOM_MIN), ZOOM_MAX))
        self._stay_on(page)

    def set_zoom_mode(self, mode: QPdfView.ZoomMode) -> None:
        """Fit to the width or to the whole page."""
        page = self.current_page()
        self.view.setZoomMode(mode)
        self._stay_on(page)

    def _stay_on(self, page: int) -> None:
        # A new zoom lays the pages out again, more than once and after this returns,
        # keeping the scroll offset in pixels: at another scale that is another page
        # (the navigator then says page 1). Hold the page until the user scrolls.
        self._anchor = page
        self._show_page(page)

    def _show_zoom(self) -> None:
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.FitToWidth:
            text = self.tr_.gettext("width")
        elif mode == QPdfView.ZoomMode.FitInView:
            text = self.tr_.gettext("whole page")
        else:
            text = f"{round(self.view.zoomFactor() * 100)} %"
        self.zoom_label.setText(text)
        self.zoom_in.setEnabled(mode != QPdfView.ZoomMode.Custom
                                or self.view.zoomFactor() < ZOOM_MAX)
        self.zoom_out.setEnabled(mode != QPdfView.ZoomMode.Custom
                                 or self.view.zoomFactor() > ZOOM_MIN)
