"""Printing: pages go to a printer at 300 dpi at most, on white, one at a time, each
released before the next; "Print to file (PDF)" writes the dossier's vector PDF as it
is; a print (or any export) leaves no copy of the proposal behind. Its memory on a
330-page dossier: ``python -m benchmarks print``."""

from __future__ import annotations

import gc
import io
import weakref
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QProgressDialog

from proposalkit.gui.output import PRINT_DPI, print_pdf_pages, print_resolution


@pytest.fixture(scope="module")
def dossier_pdf(tmp_path_factory):
    """The example's dossier as a PDF file (vector text)."""
    from proposalkit.core.example import example_proposal
    from proposalkit.core.program import default_catalog
    from proposalkit.core.validation import validate
    from proposalkit.export import build_dossier, export_pdf

    proposal = example_proposal()
    program = default_catalog().get(proposal.program_id)
    today = date(2018, 4, 2)
    dossier = build_dossier(program, proposal, validate(program, proposal, today=today),
                            today=today)
    path = tmp_path_factory.mktemp("print") / "dossier.pdf"
    buffer = io.BytesIO()
    export_pdf(dossier, buffer, deterministic=True)
    path.write_bytes(buffer.getvalue())
    return path


def _printer(tmp_path, dpi: int) -> tuple[QPrinter, object]:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(dpi)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    return printer, out


def _image_sizes(path) -> list[tuple[int, int]]:
    sizes = []
    for page in PdfReader(path).pages:
        images = list(page.images)
        assert len(images) == 1  # the page, as one picture
        picture = images[0].image
        # On white paper, without an alpha mask: a margin's pixel is white.
        assert picture.mode == "RGB" and "/SMask" not in images[0].indirect_reference.get_object()
        assert picture.getpixel((2, 2)) == (255, 255, 255)
        sizes.append(picture.size)
    return sizes


def test_pages_are_rendered_at_most_at_300_dpi(qapp, dossier_pdf, tmp_path):
    # A 1,200 dpi printer gets 300 dpi pages (scaled by the printer, not in memory);
    # a page range prints those pages only.
    printer, out = _printer(tmp_path, 1200)
    assert print_resolution(printer) == PRINT_DPI == 300
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert print_pdf_pages(dossier_pdf, printer) == 2
    # Letter at 300 dpi: 2550 x 3300 pixels.
    assert _image_sizes(out) == [(2550, 3300)] * 2


def test_a_low_resolution_printer_gets_its_own_and_every_page(qapp, dossier_pdf, tmp_path):
    printer, out = _printer(tmp_path, 100)
    assert print_resolution(printer) == 100
    pages = print_pdf_pages(dossier_pdf, printer)
    assert pages == len(PdfReader(dossier_pdf).pages) > 3
    assert _image_sizes(out) == [(850, 1100)] * pages


def test_each_page_is_rendered_then_released_before_the_next(qapp, dossier_pdf, tmp_path,
                                                              monkeypatch):
    printer, _out = _printer(tmp_path, 600)
    events: list[str] = []
    rendered: list[weakref.ref] = []
    real_render = QPdfDocument.render

    def render(document, page, size, *args):
        # Whatever page was rendered before is gone (painted, then released).
        assert all(ref() is None for ref in rendered), events
        image = real_render(document, page, size, *args)
        rendered.append(weakref.ref(image))
        events.append(f"render {page}")
        return image

    real_new_page = printer.newPage
    printer.newPage = lambda: events.append("new page") or real_new_page()
    monkeypatch.setattr(QPdfDocument, "render", render)
    pages = print_pdf_pages(dossier_pdf, printer)
    assert pages > 3
    # One page rendered, painted, released; then the next page.
    assert events == [e for p in range(pages) for e in (["new page"] if p else [])
                      + [f"render {p}"]]
    gc.collect()
    assert all(ref() is None for ref in rendered)


def test_a_print_leaves_no_copy_of_the_proposal(make_gui, qtbot, monkeypatch):
    from proposalkit.core.model import Proposal

    gui = make_gui("en", show=False)
    gui.window.open_example()
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)

    def proposals() -> int:
        gc.collect()
        return sum(isinstance(o, Proposal) for o in gc.get_objects())

    before = proposals()
    for _ in range(2):
        with qtbot.waitSignal(gui.window.output.finished, timeout=60000):
            job = gui.window.output.print_dossier()
        assert job is not None
    qtbot.waitUntil(lambda: not gui.window.findChildren(QProgressDialog))
    # The worker's copy of the proposal went with its job (it stayed, one per print).
    assert proposals() == before


def test_print_to_file_writes_the_vector_pdf(make_gui, qtbot, monkeypatch, dossier_pdf,
                                             tmp_path):
    gui = make_gui("en", show=False)
    printed = tmp_path / "to-file.pdf"
    asked = {}

    def print_exec(dialog):
        printer = dialog.printer()
        asked["range"] = (dialog.minPage(), dialog.maxPage())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", print_exec)
    pages = len(PdfReader(dossier_pdf).pages)
    assert gui.window.output.print_pdf(dossier_pdf, gui.window) == pages
    assert asked["range"] == (1, pages)
    # The very bytes of the dossier: text stays text, nothing rasterized.
    assert printed.read_bytes() == dossier_pdf.read_bytes()

    def print_range(dialog):
        print_exec(dialog)
        dialog.printer().setPrintRange(QPrinter.PrintRange.PageRange)
        dialog.printer().setFromTo(2, 4)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", print_range)
    assert gui.window.output.print_pdf(dossier_pdf, gui.window) == 3
    reader = PdfReader(printed)
    assert len(reader.pages) == 3 and not list(reader.pages[0].images)
    source = PdfReader(dossier_pdf)
    assert reader.pages[0].extract_text() == source.pages[1].extract_text()
