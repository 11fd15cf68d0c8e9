"""Attaching a document says at once when the printable package will not bind it."""

from __future__ import annotations

import io

from pypdf import PdfWriter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.gui.conftest import write_pdf


def _locked_pdf(path):
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("secret", "owner", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_pdf_that_cannot_be_bound_is_attached_with_a_warning(make_gui, qtbot, monkeypatch,
                                                                tmp_path):
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.open_example()
    page = window.go_to("attachments")
    shown: list[tuple[str, str]] = []

    def exec_(box):
        shown.append((box.windowTitle(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    picked = [_locked_pdf(tmp_path / "releve-bancaire.pdf")]
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(picked[-1]), "PDF (*.pdf)"))
    before = len(session.proposal.attachments)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert len(session.proposal.attachments) == before + 1
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Pièces jointes"
    assert text.startswith("releve-bancaire.pdf est protégé par un mot de passe")
    # A PDF the package can bind is attached without a word.
    picked.append(write_pdf(tmp_path / "lettre.pdf", "Lettre"))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert len(session.proposal.attachments) == before + 2
    assert len(shown) == 1


def test_the_package_export_names_the_annex_it_left_out(make_gui, qtbot, monkeypatch,
                                                        tmp_path):
    gui = make_gui("fr")
    window = gui.window
    window.open_example()
    page = window.go_to("attachments")
    shown: list[str] = []

    def exec_(box):
        shown.append(box.text())
        for button in box.buttons():
            if button.text().replace("&", "") in ("Pas maintenant", "OK"):
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    broken = tmp_path / "etats-financiers.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(broken), "PDF (*.pdf)"))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1 and "endommagé" in shown[0]
    target = tmp_path / "package.pdf"
    with qtbot.waitSignal(window.output.finished, timeout=60000):
        window.output.export("package", target)
    assert target.exists()
    assert len(shown) == 2
    written, *problems = shown[1].split("\n\n")
    assert "package.pdf" in written
    assert len(problems) == 1 and "(etats-financiers.pdf)" in problems[0]
    assert "endommagé" in problems[0]
