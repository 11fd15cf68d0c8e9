"""Printing: File ▸ Print of the stress proposal's dossier (about 330 pages) in bounded
memory. Target: the print's peak resident memory at most 300 MB above the idle app's.

The app runs in a child process (offscreen), so that its memory is its own: the child
opens the stress proposal's file (2,000 budget lines, 200 partners, 100,000 words,
20 MB of attachments) in the main window, settles, and notes its resident memory
(*idle*: the proposal open, before printing). Then File ▸ Print, the very code the menu
runs (``Output.print_dossier``): the dossier's PDF is written by the worker, the print
dialog is answered, and the pages go to the printer. The printer is a Qt PDF printer set
to 1,200 dpi, as a laser printer reports; it takes the path of a real printer (each page
rendered as an image, at most 300 dpi, and painted onto it), not "Print to file (PDF)"
(which copies our vector PDF): on Linux a CUPS printer *is* this PDF engine (Qt sends its
PDF to CUPS), on Windows and macOS the same images go to GDI or Core Graphics instead.

The peak resident memory (``VmHWM``) is read twice: over writing the dossier's PDF, and
over printing its pages (the kernel's peak is reset in between through
``/proc/self/clear_refs``). Figures: each peak above idle, each duration, the pages,
the size of what the printer received. Linux only (``/proc``).

``python -m benchmarks print`` runs it; ``PROPOSALKIT_BENCH_PRINT_PAGES`` prints only
that many pages (for a quick look; the target applies to the whole dossier).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MB = 300.0
PRINTER_DPI = 1200


def _status(field: str) -> float:
    """A ``/proc/self/status`` figure in MB (``VmRSS``, ``VmHWM``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _reset_peak() -> bool:
    """Reset the kernel's peak resident memory to the current one (Linux 4.0+)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _write_stress_file(path: Path) -> None:
    from benchmarks.stress import stress_attachments, stress_proposal
    from proposalkit.storage import Document, write_document

    proposal = stress_proposal()
    write_document(path, Document(proposal, stress_attachments(proposal)))


def child(proposal_file: Path, out: Path) -> dict[str, object]:
    """In the child process: open, settle, File ▸ Print; the figures."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialog

    from proposalkit.gui import output
    from proposalkit.gui.app import create
    from proposalkit.gui.settings import Preferences

    gui = create("fr", prefs=Preferences())
    gui.window.resize(1280, 820)
    gui.window.show()
    assert gui.window.open_path(proposal_file), "the stress proposal did not open"
    for _ in range(20):  # validation and the views after the frame settle
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    gc.collect()
    idle = _status("VmRSS")
    resettable = _reset_peak()
    figures: dict[str, object] = {"idle_mb": idle, "resettable": resettable}
    limit = int(os.environ.get("PROPOSALKIT_BENCH_PRINT_PAGES", "0"))

    def answer(dialog: QPrintDialog) -> QDialog.DialogCode:
        # The user picks a 1,200 dpi printer and presses Print.
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(PRINTER_DPI)
        if limit:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(1, limit)
        figures["dialog_pages"] = dialog.maxPage()
        return QDialog.DialogCode.Accepted

    QPrintDialog.exec = answer  # type: ignore[method-assign]
    # A printer, not a file: the pages take the raster path a native printer takes.
    output.print_to_file = lambda *_args: False  # type: ignore[assignment]
    real_print_pdf = gui.window.output.print_pdf
    done = QEventLoop()

    def print_pdf(pdf_path: Path, parent: object) -> int:
        figures["build_s"] = time.perf_counter() - started
        figures["build_peak_mb"] = _status("VmHWM")
        figures["dossier_pdf_mb"] = pdf_path.stat().st_size / 1e6
        figures["print_start_mb"] = _status("VmRSS")
        _reset_peak()
        begun = time.perf_counter()
        pages = real_print_pdf(pdf_path, parent)
        figures["print_s"] = time.perf_counter() - begun
        figures["print_peak_mb"] = _status("VmHWM")
        figures["pages"] = pages
        QTimer.singleShot(0, done.quit)
        return pages

    gui.window.output.print_pdf = print_pdf  # type: ignore[method-assign]
    started = time.perf_counter()
    gui.window.output.print_dossier()
    done.exec()
    figures["printed_mb"] = out.stat().st_size / 1e6
    figures["error"] = gui.window.output.last_error
    gui.window.maybe_save = lambda: True  # type: ignore[method-assign]
    gui.window.close()
    return figures


def main() -> bool:
    """Print the figures; True when the target is met."""
    if not Path("/proc/self/status").exists():
        print("== print: needs Linux's /proc (skipped)")
        return True
    with tempfile.TemporaryDirectory(prefix="pk-bench-print-") as folder:
        proposal_file = Path(folder) / "stress.pkp"
        _write_stress_file(proposal_file)
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "PROPOSALKIT_CONFIG_DIR": str(Path(folder) / "config")}
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_print", "--child", str(proposal_file),
             str(Path(folder) / "printed.pdf")],
            env=env, capture_output=True, text=True, timeout=3600)
        if done.returncode != 0:
            print(f"== print: the child failed\n{done.stderr[-2000:]}")
            return False
        figures = json.loads(done.stdout.strip().splitlines()[-1])
    idle = figures["idle_mb"]
    build_over = figures["build_peak_mb"] - idle
    print_over = figures["print_peak_mb"] - idle
    ok = max(build_over, print_over) <= TARGET_MB and not figures["error"]
    print("== print: File ▸ Print of the stress dossier (a 1,200 dpi printer, pages at 300 dpi)")
    print(f"  idle app, the stress proposal open      {idle:8.0f} MB resident")
    print(f"  writing the dossier's PDF ({figures['dossier_pdf_mb']:.1f} MB)      "
          f"{figures['build_s']:8.1f} s   peak {build_over:+7.0f} MB over idle")
    print(f"  printing {figures['pages']} of {figures['dialog_pages']} pages"
          f"{'':16}{figures['print_s']:8.1f} s   peak {print_over:+7.0f} MB over idle  "
          f"target {TARGET_MB:.0f} MB {'OK' if ok else 'OVER'}")
    print(f"  (resident when printing began: {figures['print_start_mb'] - idle:+.0f} MB over idle)")
    print(f"  the printer received {figures['printed_mb']:.0f} MB; "
          f"{figures['print_s'] / max(figures['pages'], 1) * 1000:.0f} ms a page")
    if not figures["resettable"]:
        print("  (the kernel's peak could not be reset: both peaks include opening)")
    if figures["error"]:
        print(f"  error: {figures['error']}")
    return ok


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        result = child(Path(sys.argv[2]), Path(sys.argv[3]))
        print(json.dumps(result))
        sys.exit(0)
    raise SystemExit(0 if main() else 1)
