"""The window facing an untrusted file (issue 10): a value that breaks a Qt callback
shows an empty cell instead of killing the process; an attachment goes to the system's
viewer only as a private copy with its true extension; no failure of a save or an
autosave is silent; an edit the model refuses is said."""

from __future__ import annotations

import logging
import os
import stat
from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QDesktopServices

from proposalkit.core.model import MAX_NARRATIVE
from proposalkit.gui import dialogs
from proposalkit.gui.tables import LineTableModel


def test_expenses_page_survives_a_hostile_value_and_a_raising_model(make_gui, qtbot,
                                                                    monkeypatch, caplog):
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.open_example()
    # What the model accepted before dates were bounded: year 9998 + 4 project years
    # overflows inside headerData (a SIGSEGV of the whole window, before).
    session.proposal.budget.__dict__["start_date"] = date(9998, 6, 1)
    caplog.set_level(logging.ERROR, "proposalkit.gui")
    page = window.go_to("expenses")
    model = page.view.model()
    model.notes_changed()
    window.grab()  # paints the header and every visible cell
    assert any("headerData" in r.getMessage() for r in caplog.records)

    def broken(*args, **kwargs):
        raise RuntimeError("a model method that raises")

    monkeypatch.setattr(LineTableModel, "money_value", broken)
    monkeypatch.setattr(LineTableModel, "_label_of", broken)
    model.layoutChanged.emit()
    window.grab()
    money = next(c for c, col in enumerate(model.columns) if col.kind == "money")
    assert model.data(model.index(0, money)) is None  # an empty cell
    assert model.rowCount(QModelIndex()) > 0 and window.isVisible()
    assert any("LineTableModel.data" in r.getMessage() for r in caplog.records)


def test_open_hands_the_viewer_a_private_copy_named_from_the_title(make_gui, qtbot,
                                                                  monkeypatch):
    gui = make_gui("en")
    window, session = gui.window, gui.session
    window.open_example()
    entry = next(a for a in session.proposal.attachments if a.reference)
    entry.filename = "resolution.pdf.bat"
    entry.title = ".."
    page = window.go_to("attachments")
    page.update_lists()
    opened: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(Path(url.toLocalFile()))))
    row = next(i for i in range(page.list.count())
               if page.list.item(i).data(Qt.ItemDataRole.UserRole + 2) == entry.id)
    page.list.setCurrentRow(row)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    copy = opened[0]
    expected = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
                ".docx"}[entry.media_type]
    assert copy.name == "document" + expected and copy.read_bytes() == session.blobs[
        entry.reference]
    top = session.viewer_copies.folder
    assert top is not None and copy.is_relative_to(top)
    assert stat.S_IMODE(os.stat(top).st_mode) == 0o700
    entry.title = "Lettre.desktop"
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened[1].name == "Lettre desktop" + expected
    session.undo_stack.setClean()
    window.close()
    assert not top.exists()


def test_an_unexpected_save_failure_is_shown(make_gui, qtbot, monkeypatch, tmp_path):
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.open_example()
    path = tmp_path / "p.pkp"
    assert window._save_to(path)
    before = path.read_bytes()
    session.set_value(("applicant", "legal_name"), "Autre nom")
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "inform",
                        lambda parent, title, text, warning=False: shown.append(text))

    def writer_raises(*args, **kwargs):
        raise ZeroDivisionError("writer broke")

    monkeypatch.setattr("proposalkit.storage.document.encode_document", writer_raises)
    assert window.save() is False
    assert len(shown) == 1 and "ZeroDivisionError" in shown[0] and str(path) in shown[0]
    assert "n’a pas pu être enregistré" in shown[0]
    assert path.read_bytes() == before and session.modified
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".pkp-tmp")]


def test_an_unexpected_autosave_failure_is_shown(make_gui, qtbot, monkeypatch):
    gui = make_gui("en")
    window, session = gui.window, gui.session
    window.open_example()
    session.set_value(("applicant", "legal_name"), "Autre nom")

    def writer_raises(*args, **kwargs):
        raise KeyError("members")

    import importlib

    module = importlib.import_module("proposalkit.storage.autosave")  # not the function
    monkeypatch.setattr(module, "encode_document", writer_raises)
    window.autosave()
    message = window.statusBar().currentMessage()
    assert "Autosave failed" in message and "KeyError" in message


def test_an_edit_the_model_refuses_is_said_and_not_made(make_gui, qtbot):
    gui = make_gui("en")
    window, session = gui.window, gui.session
    window.open_example()
    count = session.undo_stack.count()
    before = session.proposal.sections["context"]
    session.set_value(("sections", "context"), "x" * (MAX_NARRATIVE + 1))
    assert session.proposal.sections["context"] == before
    assert session.undo_stack.count() == count
    assert "at most 100,000" in window.statusBar().currentMessage()
    session.set_value(("budget", "start_date"), date(2200, 1, 1))
    assert session.proposal.budget.start_date != date(2200, 1, 1)
    assert "2100-12-31" in window.statusBar().currentMessage()
