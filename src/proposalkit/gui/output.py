"""Export, print preview and print, run off the GUI thread.

The dossier is built and written by the export layer in a worker (``QThreadPool``); the
window shows its progress and stays responsive. Preview and print render the very PDF
the export writes, page by page with QtPdf, so what prints is what is submitted.

QtPdf, QtPrintSupport and the export layer (reportlab, the DOCX writer, pypdf) are imported
only when the user exports, previews or prints: the window starts without them.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QObject,
    QProcess,
    QRect,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QImage, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QProgressDialog,
    QWidget,
)

from proposalkit.errors import ProposalKitError
from proposalkit.gui import dialogs, dossier, files
from proposalkit.gui.session import Session
from proposalkit.i18n import N_, translator

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

SUFFIXES = {"docx": ".docx", "pdf": ".pdf", "package": ".pdf"}
#: The suggested name of each export, in the proposal's language (it is its file).
NAMES = {"docx": N_("{stem}-dossier"), "pdf": N_("{stem}-dossier"),
         "package": N_("{stem}-final-package")}


def default_name(kind: str, path: Path | None, lang: str) -> str:
    """The suggested file name (without suffix) for an export, in ``lang``."""
    tr = translator(lang)
    stem = path.stem if path is not None else tr.gettext("proposal")
    return tr.gettext(NAMES[kind]).format(stem=stem)


def show_in_folder(path: Path) -> None:
    """Show ``path`` selected in the system's file manager (or at least its folder)."""
    if sys.platform == "win32":
        if QProcess.startDetached("explorer.exe", [f"/select,{path}"]):
            return
    elif sys.platform == "darwin":
        if QProcess.startDetached("open", ["-R", str(path)]):
            return
    elif shutil.which("dbus-send") and QProcess.startDetached("dbus-send", [
            "--session", "--dest=org.freedesktop.FileManager1", "--type=method_call",
            "/org/freedesktop/FileManager1", "org.freedesktop.FileManager1.ShowItems",
            f"array:string:{QUrl.fromLocalFile(str(path)).toString()}", "string:"]):
        # A file manager that does not implement ShowItems ignores the call: the
        # folder is opened as well only where no such service is expected.
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class _Signals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(str)


def _finished(_progress: Callable[[float, str], None]) -> Path:
    raise RuntimeError("this export has already run")


class ExportJob(QRunnable):
    """Run ``work(progress)`` in the thread pool and report through Qt signals."""

    def __init__(self, work: Callable[[Callable[[float, str], None]], Path],
                 lang: str) -> None:
        super().__init__()
        self.work = work
        self.lang = lang
        self.signals = _Signals()

    def run(self) -> None:  # noqa: D102 - Qt override
        try:
            path = self.work(lambda fraction, message: self.signals.progress.emit(
                float(fraction), str(message)))
        except ProposalKitError as exc:
            from proposalkit.i18n import translator

            self.signals.failed.emit(exc.message(translator(self.lang)))
        except Exception as exc:  # a bug in a writer must not take the window down
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(path)


#: Pages go to a printer as images this fine at most: plenty for a dossier's text. A
#: Letter page is 33 MB of pixels at 300 dpi, 540 MB at a printer's 1,200 dpi.
PRINT_DPI = 300


def print_resolution(printer: QPrinter) -> int:
    """The resolution (dpi) at which pages are rendered for ``printer``: its own, up to
    :data:`PRINT_DPI`."""
    return max(72, min(printer.resolution(), PRINT_DPI))


def printed_pages(printer: QPrinter, pages: int) -> range:
    """The pages (0-based) the print dialog asked for: all, or its page range."""
    from PySide6.QtPrintSupport import QPrinter

    first, last = printer.fromPage(), printer.toPage()
    if printer.printRange() != QPrinter.PrintRange.PageRange or first < 1:
        return range(pages)
    return range(min(first, pages) - 1, min(max(last, first), pages))


def on_white(image: QImage) -> QImage:
    """``image`` made opaque in place, on white paper. QtPdf renders a page onto a
    transparent image (ink only): a PDF printer would carry an alpha mask beside every
    page, and Windows' print engine hands GDI its pixels without alpha, where no ink
    turns black."""
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOver)
    painter.fillRect(image.rect(), Qt.GlobalColor.white)
    painter.end()
    image.convertTo(QImage.Format.Format_RGB32)  # same pixels, no alpha channel
    return image


def print_pdf_pages(pdf_path: Path, printer: QPrinter) -> int:
    """Paint the PDF's pages onto ``printer``, one at a time, each rendered at
    :func:`print_resolution` and scaled by the printer (never enlarged in memory);
    returns the pages printed."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    document.load(str(pdf_path))
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        return 0
    chosen = printed_pages(printer, document.pageCount())
    dpi = print_resolution(printer)
    # Text stays sharp: a PDF printer (CUPS takes PDF) would otherwise get JPEG pages.
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
    try:
        for number, page in enumerate(chosen):
            if number:
                printer.newPage()
            target = painter.viewport()
            size = document.pagePointSize(page)
            image = on_white(document.render(page, QSize(round(size.width() * dpi / 72),
                                                         round(size.height() * dpi / 72))))
            fitted = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), fitted), image)
            del image  # one page in memory at a time
    finally:
        painter.end()
        document.close()
    return len(chosen)


def print_to_file(pdf_path: Path, printer: QPrinter, pages: int) -> bool:
    """When the print dialog asked for a PDF file ("Print to file", macOS's "Save as
    PDF"), write our vector PDF there as it is (its pages, when a range was chosen);
    False when ``printer`` is a real printer."""
    from PySide6.QtPrintSupport import QPrinter

    name = printer.outputFileName()
    if printer.outputFormat() != QPrinter.OutputFormat.PdfFormat or not name:
        return False
    from proposalkit.export.atomic import write_atomically

    chosen = printed_pages(printer, pages)
    if len(chosen) == pages:
        data = pdf_path.read_bytes()
        write_atomically(name, lambda fh: fh.write(data))
        return True
    from pypdf import PdfReader, PdfWriter

    reader, writer = PdfReader(pdf_path), PdfWriter()
    for page in chosen:
        writer.add_page(reader.pages[page])
    write_atomically(name, writer.write)
    return True


class Output(QObject):
    """Export, preview and print for one window."""

    #: A file was written (for tests and the status bar).
    finished = Signal(object)

    def __init__(self, window: QWidget, session: Session) -> None:
        super().__init__(window)
        self.window, self.session = window, session
        self.pool = QThreadPool.globalInstance()
        self.jobs: list[ExportJob] = []
        self.last_error = ""

    def _work(self, kind: str, target: Path, problems: list[ProposalKitError] | None) -> Callable:
        session = self.session
        assert session.program is not None and session.proposal is not None
        # The worker gets its own copy: the user keeps typing while it runs.
        copy = files.new_document(session.proposal.model_copy(deep=True), dict(session.blobs))
        program, lang = session.program, session.proposal.language
        return lambda progress: dossier.write(kind, program, copy, lang, target, progress,
                                              problems)

    def run(self, kind: str, target: Path, on_done: Callable[[Path], object],
            title: str, problems: list[ProposalKitError] | None = None) -> ExportJob:
        """Start writing ``kind`` to ``target`` in a worker, with a progress dialog;
        ``problems`` receives what the export left out and why (annexes not bound)."""
        tr = self.session.translator
        progress = QProgressDialog(title, "", 0, 100, self.window)
        progress.setCancelButton(None)
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        job = ExportJob(self._work(kind, target, problems), self.session.lang)
        job.setAutoDelete(False)
        self.jobs.append(job)

        def step(fraction: float, message: str) -> None:
            progress.setValue(int(fraction * 100))
            progress.setLabelText(message)

        def release() -> None:
            # The thread pool keeps every job it ran (PySide holds it), its signals
            # these closures: left as they were, each export kept its copy of the
            # proposal, and the progress dialog (the window's child), until the end.
            progress.close()
            progress.deleteLater()
            self.jobs.remove(job)
            job.work = _finished
            for signal in (job.signals.progress, job.signals.done, job.signals.failed):
                signal.disconnect()

        def done(path: object) -> None:
            release()
            self.finished.emit(path)
            on_done(Path(str(path)))

        def failed(message: str) -> None:
            release()
            self.last_error = message
            dialogs.inform(self.window, tr.gettext("Export failed"), message, warning=True)

        job.signals.progress.connect(step)
        job.signals.done.connect(done)
        job.signals.failed.connect(failed)
        self.pool.start(job)
        return job

    def export(self, kind: str, target: Path | None = None) -> ExportJob | None:
        """Ask where to write the DOCX, PDF or final package, then write it; a final
        package that still has errors is confirmed first."""
        session, tr = self.session, self.session.translator
        if not session.is_open or session.proposal is None:
            return None
        if kind == "package" and not self._confirm_errors():
            return None
        if target is None:
            suggested = (session.path.parent if session.path else Path.home()) / (
                default_name(kind, session.path, session.proposal.language) + SUFFIXES[kind])
            filters = {"docx": tr.gettext("Word documents (*.docx)"),
                       "pdf": tr.gettext("PDF documents (*.pdf)"),
                       "package": tr.gettext("PDF documents (*.pdf)")}
            name, _filter = QFileDialog.getSaveFileName(
                self.window, tr.gettext("Export"), str(suggested), filters[kind])
            if not name:
                return None
            target = Path(name)
        problems: list[ProposalKitError] = []

        def done(path: Path) -> None:
            if kind == "package":
                self._keep_final_version()
            self._offer_folder(path, problems)

        return self.run(kind, target, done, tr.gettext("Exporting…"), problems)

    def _confirm_errors(self) -> bool:
        """With errors left, say how many and offer to see them; True to export."""
        session, tr = self.session, self.session.translator
        found = session.counts()
        if not found["error"]:
            return True
        answer = dialogs.ask_export_with_errors(self.window, tr, found)
        if answer == "show":
            show = getattr(self.window, "show_findings", None)
            if show is not None:
                show()
        return answer == "export"

    def _keep_final_version(self) -> None:
        from proposalkit.core.validation import has_errors
        from proposalkit.gui.versions import keep_version

        # A final package (no error left) is kept as a version of the proposal.
        if not has_errors(self.session.findings):
            tr = self.session.translator
            keep_version(self.session, tr.gettext("Final export of {date}").format(
                date=date.today().isoformat()), kind="export")

    def _offer_folder(self, path: Path, problems: list[ProposalKitError] | None = None) -> None:
        tr = self.session.translator
        # The annexes the package could not bind are said with the result, one a line.
        text = "\n\n".join([tr.gettext("Wrote {path}.").format(path=path),
                             *(problem.message(tr) for problem in problems or ())])
        if dialogs.confirm(self.window, tr, tr.gettext("Export finished"), text,
                           tr.gettext("&Show in folder")):
            show_in_folder(path)

    def _temp_pdf(self) -> Path:
        # Private, and removed with the viewer copies when the window closes.
        return self.session.viewer_copies.new_folder() / "dossier.pdf"

    def preview(self) -> ExportJob | None:
        """Build the dossier's PDF and show it."""
        if not self.session.is_open:
            return None
        tr = self.session.translator

        def show(path: Path) -> None:
            from proposalkit.gui.preview import PreviewDialog

            self.preview_dialog = PreviewDialog(path, self.session.translator, self, self.window)
            self.preview_dialog.exec()

        return self.run("pdf", self._temp_pdf(), show, tr.gettext("Preparing the preview…"))

    def print_dossier(self) -> ExportJob | None:
        """Build the dossier's PDF and print it."""
        if not self.session.is_open:
            return None
        tr = self.session.translator
        return self.run("pdf", self._temp_pdf(), lambda path: self.print_pdf(path, self.window),
                        tr.gettext("Preparing the printout…"))

    def print_pdf(self, pdf_path: Path, parent: QWidget) -> int:
        """Ask for a printer and print the PDF's pages; returns how many were printed."""
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        tr = self.session.translator
        document = QPdfDocument()
        document.load(str(pdf_path))
        pages = document.pageCount()
        document.close()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(pdf_path.stem)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(tr.gettext("Print"))
        dialog.setMinMax(1, max(pages, 1))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        try:
            if print_to_file(pdf_path, printer, pages):
                return len(printed_pages(printer, pages))
        except ProposalKitError as exc:
            dialogs.inform(parent, tr.gettext("Print"), exc.message(tr), warning=True)
            return 0
        return print_pdf_pages(pdf_path, printer)
