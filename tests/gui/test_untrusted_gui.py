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

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QDesktopServices

from proposalkit.core.model import MAX_NARRATIVE
from proposalkit.gui import dialogs
from proposalkit.gui.tables import LineTableModel


@pytest.mark.guard_expected
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

    monkeypatch.setattr("proposalkit.storage.document._encode", writer_raises)
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


def test_settings_numbers_are_bounded(tmp_path):
    from proposalkit.gui.settings import DEFAULT_AUTOSAVE_MINUTES, Preferences

    for value in ("1E+999999999", "9" * 5000, "-3", "5"):
        ini = tmp_path / f"{len(value)}.ini"
        ini.write_text(f"[files]\nautosave_minutes={value}\n")
        minutes = Preferences(ini).autosave_minutes
        assert minutes == {"-3": 0, "5": 5}.get(value, DEFAULT_AUTOSAVE_MINUTES)


def test_a_corrected_attachment_name_is_said_on_open(make_gui, qtbot, monkeypatch, tmp_path):
    import json

    from proposalkit import storage
    from tests.storage.conftest import small_document
    from tests.storage.fuzzing import with_member
    from tests.storage.hostile import entries_of

    good = tmp_path / "good.pkp"
    storage.write_document(good, small_document())
    proposal = json.loads(dict(entries_of(good.read_bytes()))["proposal.json"])
    logo = next(a for a in proposal["attachments"] if a["reference"].endswith(".png"))
    logo["filename"] = "logo.html"
    path = tmp_path / "renamed.pkp"
    path.write_bytes(with_member(good.read_bytes(), "proposal.json",
                                 json.dumps(proposal).encode()))
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "inform",
                        lambda parent, title, text, warning=False: shown.append(text))
    gui = make_gui("fr")
    assert gui.window.open_path(path)
    # (the fixture was written for an older pack version, which is said too)
    said = [text for text in shown if "logo.html" in text]
    assert len(said) == 1 and "logo.png" in said[0]
    assert "PNG" in said[0] and "s’appelle maintenant" in said[0]


def test_screenshots_give_qt_a_private_runtime_folder(monkeypatch, tmp_path, capsys):
    """Without XDG_RUNTIME_DIR Qt makes /tmp/runtime-USER, a name anyone can take first;
    the command gives it a folder of its own, 0700, gone afterwards."""
    import proposalkit.gui.app as app
    from proposalkit.cli import main

    seen: dict[str, object] = {}

    def fake(folder, lang):
        runtime = Path(os.environ["XDG_RUNTIME_DIR"])
        seen.update(runtime=runtime, mode=stat.S_IMODE(runtime.stat().st_mode),
                    owner=runtime.stat().st_uid)
        return []

    monkeypatch.setattr(app, "screenshots", fake)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    assert main(["screenshots", str(tmp_path / "shots")]) == 0
    assert seen["mode"] == 0o700 and seen["owner"] == os.getuid()
    assert not Path(seen["runtime"]).exists()
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))  # not private: replaced
    assert main(["screenshots", str(tmp_path / "shots")]) == 0
    assert seen["runtime"] != shared and seen["mode"] == 0o700


def test_text_from_the_file_is_never_parsed_as_rich_text(make_gui, qtbot, monkeypatch,
                                                         tmp_path):
    """Qt parses a known tag in a label's or tooltip's first line as HTML (``<img
    src="/dev/zero">`` hangs the window while it reads the "image"): every label, message
    box and tooltip that shows the file's text shows it as plain text."""
    import io

    from pypdf import PdfWriter
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    hostile = "<b>hostile"
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.open_example()
    index = next(i for i, p in enumerate(session.proposal.partners) if p.letter_received)
    session.set_value(("partners", index, "name"), f"Partenaire {hostile}")
    session.set_value(("partners", index, "letter_attachment_id"), None)
    session.revalidate(force=True)
    assert any(hostile in f.message for f in session.findings)
    # Where a finding's message is a tooltip (the partners table's cell).
    page = window.go_to("territory")
    model = page.partners.model()
    tips = [model.index(r, c).data(Qt.ItemDataRole.ToolTipRole)
            for r in range(model.rowCount()) for c in range(model.columnCount())]
    tips = [t for t in tips if t and "hostile" in t]
    assert tips and all(hostile not in t and "&lt;b&gt;hostile" in t for t in tips)
    # A lock owner's name (anyone can write the lock file) in the read-only banner.
    session.read_only, session.read_only_reason = True, f"{hostile} has it open."
    window.apply_read_only()
    assert hostile in window.read_only_banner.text()
    assert window.read_only_banner.textFormat() == Qt.TextFormat.PlainText
    session.read_only = False
    window.apply_read_only()
    # A file name in a message box.
    boxes: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box) or 0)
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("secret", "owner", algorithm="AES-256")
    locked = tmp_path / f"{hostile}.pdf"
    buffer = io.BytesIO()
    writer.write(buffer)
    locked.write_bytes(buffer.getvalue())
    page = window.go_to("attachments")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(locked), "PDF (*.pdf)"))
    page.choose_and_add()
    assert len(boxes) == 1 and boxes[0].text().startswith(hostile)
    assert boxes[0].textFormat() == Qt.TextFormat.PlainText
    row = next(page.list.item(i) for i in range(page.list.count())
               if hostile in page.list.item(i).text())
    assert "&lt;b&gt;hostile" in row.toolTip()
    # A pack's own words (a pack can be installed from someone else's file).
    assert window.go_to("section:context").heading.textFormat() == Qt.TextFormat.PlainText
    session.undo_stack.setClean()
