"""Files from the window: save, close, reopen with nothing lost; the unsaved-work
question; the lock; a real crash (a child process killed after an autosave) followed by
recovery at the next start; export in a worker, preview and print of the same PDF."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from tests.gui.conftest import binding_widget, type_into


def _answer(monkeypatch, button_text: str) -> list[str]:
    """Answer the next message boxes by clicking the button with this text."""
    seen: list[str] = []

    def exec_(box):
        seen.append(box.text())
        for button in box.buttons():
            if button.text().replace("&", "") == button_text.replace("&", ""):
                button.click()
                return 0
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen


def test_save_close_reopen_nothing_lost(make_gui, qtbot, monkeypatch, tmp_path):
    gui = make_gui("en")
    window, session = gui.window, gui.session
    window.open_example()
    page = window.go_to("applicant")
    name = binding_widget(page, ("applicant", "legal_name"))
    name.selectAll()
    type_into(qtbot, name, "Pôle Mauricie « test »")
    assert window.isWindowModified() and "*" not in window.windowTitle().replace("[*]", "")
    target = tmp_path / "mauricie.pkp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.menus.save.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    window.menus.save.trigger()
    assert target.exists()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("mauricie.pkp")
    before = session.proposal.model_dump()
    blobs = dict(session.blobs)
    assert window.close_proposal()
    assert not session.is_open and window.centralWidget() is window.start
    assert window.start.recent.count() == 1
    window.start.recent.setCurrentRow(0)
    window.start.recent.setFocus()
    qtbot.keyClick(window.start.recent, Qt.Key.Key_Return)
    assert session.is_open and session.path == target
    assert session.proposal.model_dump() == before
    assert session.blobs == blobs
    assert not window.isWindowModified()


def test_unsaved_work_question(make_gui, qtbot, monkeypatch):
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.open_example()
    city = binding_widget(window.go_to("applicant"), ("applicant", "address", "city"))
    type_into(qtbot, city, "X")
    seen = _answer(monkeypatch, "Annuler")
    assert not window.close_proposal()
    assert session.is_open and "avant de fermer" in seen[0]
    _answer(monkeypatch, "Ne pas enregistrer")
    assert window.close_proposal()
    assert not session.is_open


def test_file_open_elsewhere_opens_read_only(make_gui, monkeypatch, tmp_path):
    from proposalkit import storage
    from proposalkit.core.example import example_attachments, example_proposal

    path = tmp_path / "partage.pkp"
    proposal = example_proposal()
    storage.write_document(path, storage.Document(proposal, example_attachments(proposal)))
    other = storage.acquire_lock(path)  # another instance
    try:
        gui = make_gui("fr")
        seen = _answer(monkeypatch, "OK")
        assert gui.window.open_path(path)
        assert gui.session.read_only
        assert "lecture seule" in gui.window.windowTitle()
        assert seen and "partage.pkp" in seen[0]
    finally:
        other.release()


CRASHING_CHILD = textwrap.dedent("""
    import os, sys
    from PySide6.QtTest import QTest
    from proposalkit.gui.app import create
    gui = create("en")
    gui.window.show()
    gui.window.new_proposal("pri-2018")
    page = gui.window.go_to("applicant")
    edit = next(b.widget for f in page.forms for b in f.bindings
                if b.location == ("applicant", "legal_name"))
    QTest.keyClicks(edit, "Travail jamais enregistre")
    gui.window.autosave()
    os._exit(9)  # a crash: no close, no cleanup
""")


def test_crash_then_recovery_at_next_start(make_gui, qtbot, monkeypatch, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run([sys.executable, "-c", CRASHING_CHILD], env=env,
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 9, child.stderr
    from proposalkit.gui.app import offer_recovery

    gui = make_gui("en")
    # Offered first on the start screen, listed just after the first paint.
    qtbot.waitUntil(lambda: gui.window.start.recoveries.count() == 1)
    seen = _answer(monkeypatch, "Recover")
    assert offer_recovery(gui) == "recover"
    assert "Recover" in seen[0] or "without saving" in seen[0]
    assert gui.session.proposal.applicant.legal_name == "Travail jamais enregistre"
    assert gui.window.isWindowModified()
    page = gui.window.pages["applicant"]
    assert binding_widget(page, ("applicant", "legal_name")).text() == "Travail jamais enregistre"


def test_export_in_a_worker_then_preview_and_print(make_gui, qtbot, monkeypatch, tmp_path):
    gui = make_gui("fr")
    window = gui.window
    window.open_example()
    target = tmp_path / "dossier.pdf"
    asked = _answer(monkeypatch, "Pas maintenant")
    with qtbot.waitSignal(window.output.finished, timeout=30000):
        window.output.export("pdf", target)
    assert target.read_bytes().startswith(b"%PDF")
    assert asked and "dossier.pdf" in asked[0]
    # Preview renders that layout with QtPdf; Print paints its pages on the printer.
    shown = {}

    def preview_exec(dialog):
        shown["pages"] = dialog.document.pageCount()
        # Fits the screen; page n of N with navigation; zoom and fit.
        room = dialog.screen().availableGeometry()
        assert dialog.height() <= room.height() and dialog.width() <= room.width()
        assert dialog.page.value() == 1 and dialog.of.text() == f"sur {shown['pages']}"
        assert not dialog.previous.isEnabled() and dialog.next.isEnabled()
        dialog.next.click()
        assert dialog.current_page() == 1 and dialog.page.value() == 2
        dialog.page.setValue(shown["pages"])
        assert dialog.current_page() == shown["pages"] - 1 and not dialog.next.isEnabled()
        dialog.zoom_in.click()
        assert dialog.zoom_label.text().endswith(" %")
        dialog.fit_page.click()
        assert dialog.zoom_label.text() == "page entière"
        return 0

    from proposalkit.gui import preview

    monkeypatch.setattr(preview.PreviewDialog, "exec", preview_exec)
    with qtbot.waitSignal(window.output.finished, timeout=30000):
        window.output.preview()
    assert shown["pages"] > 3
    printed = tmp_path / "printed.pdf"

    def print_exec(dialog):
        dialog.printer().setOutputFormat(dialog.printer().OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    from PySide6.QtPrintSupport import QPrintDialog

    monkeypatch.setattr(QPrintDialog, "exec", print_exec)
    pages = window.output.print_pdf(target, window)
    # Print to file (PDF) writes the exported PDF as it is (tests/gui/test_print.py).
    assert pages == shown["pages"] and printed.read_bytes() == target.read_bytes()
    assert Path(target).exists()
