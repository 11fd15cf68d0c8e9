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


def test_an_unbindable_pdf_stays_marked_and_is_a_warning_after_reopening(make_gui, qtbot,
                                                                         monkeypatch,
                                                                         tmp_path):
    from proposalkit.export import annexes

    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.open_example()
    page = window.go_to("attachments")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    locked = _locked_pdf(tmp_path / "releve-bancaire.pdf")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(locked), "PDF (*.pdf)"))
    checks: list[str] = []
    real = annexes.bind_problem
    monkeypatch.setattr(annexes, "bind_problem",
                        lambda data, media, name: checks.append(name) or real(data, media, name))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    session.revalidate()

    def marked() -> list[str]:
        return [page.list.item(i).text() for i in range(page.list.count())
                if page.list.item(i).text().startswith("⚠")]

    def warnings() -> list[str]:
        return [f.message for f in session.findings if f.code == annexes.UNBINDABLE]

    assert marked() == [marked()[0]] and "protégé par un mot de passe" in marked()[0]
    assert len(warnings()) == 1 and warnings()[0].startswith(
        "releve-bancaire.pdf est protégé par un mot de passe")
    finding = next(f for f in session.findings if f.code == annexes.UNBINDABLE)
    assert finding.severity == "warning" and finding.location[0] == "attachments"
    # Checked once, whatever the number of validations and list updates since.
    page.update_lists()
    session.revalidate(force=True)
    assert checks.count("releve-bancaire.pdf") == 1
    # Still said after saving and opening the file again; the cache is by content.
    target = tmp_path / "demande.pkp"
    session.save(target)
    session.open(target)
    session.revalidate(force=True)
    page = window.go_to("attachments")
    page.update_lists()
    assert len(warnings()) == 1 and len(marked()) == 1
    assert checks.count("releve-bancaire.pdf") == 1
    session.undo_stack.setClean()
    # Another window opening it: the open does not wait for the checks; they follow.
    other = make_gui("en").session
    other.open(target)
    other.revalidate(force=True)
    assert other.attachment_checks.results == {} and not [f for f in other.findings
                                            if f.code == annexes.UNBINDABLE]
    qtbot.waitUntil(lambda: any(f.code == annexes.UNBINDABLE for f in other.findings),
                    timeout=30000)
    assert len(other.attachment_checks.results) == len([a for a in other.proposal.attachments
                                          if a.media_type != "application/vnd.openxmlformats-"
                                          "officedocument.wordprocessingml.document"])
    message = next(f.message for f in other.findings if f.code == annexes.UNBINDABLE)
    assert message.startswith("releve-bancaire.pdf is protected by a password")
