"""The first minutes in the window: the start screen offers the program the README
describes (then the last one chosen), and its example is the one *Open the example* opens."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import choose


def test_first_start_offers_the_readme_program_and_its_example(make_gui, qtbot):
    gui = make_gui("en")
    start = gui.window.start
    # Not the first pack by file name (mei-incubation-2022): the Mauricie example's call.
    assert start.program.currentData() == "pri-2018"
    assert "2018" in start.program.currentText()
    qtbot.mouseClick(start.example_button, Qt.MouseButton.LeftButton)
    assert gui.session.proposal.program_id == "pri-2018"
    assert gui.session.proposal.applicant.legal_name == "Carrefour Innovation Mauricie"


def test_the_last_program_chosen_is_offered_next_time(make_gui, qtbot):
    gui = make_gui("en")
    choose(qtbot, gui.window.start.program, "mei-incubation-2022")
    assert gui.prefs.last_program == "mei-incubation-2022"
    gui.prefs.sync()
    again = make_gui("fr")  # a new window reading the same settings file
    start = again.window.start
    assert start.program.currentData() == "mei-incubation-2022"
    qtbot.mouseClick(start.example_button, Qt.MouseButton.LeftButton)
    assert again.session.proposal.program_id == "mei-incubation-2022"


def test_a_remembered_program_no_longer_installed_falls_back_to_the_readme_one(make_gui):
    from proposalkit.gui.settings import Preferences

    prefs = Preferences()
    prefs.last_program = "removed-2030"
    prefs.sync()
    gui = make_gui("en")
    assert gui.window.start.program.currentData() == "pri-2018"


def test_the_versions_dialog_refuses_a_name_already_kept(make_gui, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from proposalkit.cli import main
    from proposalkit.gui.versions import VersionsDialog
    from proposalkit.storage import read_document

    assert main(["--lang", "fr", "example", "-o", str(tmp_path / "p.pkp")]) == 0
    gui = make_gui("fr")
    assert gui.window.open_path(tmp_path / "p.pkp")
    dialog = VersionsDialog(gui.session, gui.window)
    # The user types a name already kept, is told so, then corrects it (or gives up).
    answers = iter([("Envoyée à la MRC", True), ("envoyée à la MRC ", True),
                    ("Envoyée à la MRC, 2e", True), ("Envoyée à la MRC", True), ("", False)])
    offered: list[str] = []

    def get_text(*args, **kwargs):
        offered.append(kwargs.get("text", ""))
        return next(answers)

    told: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or 0)
    for _ in range(3):
        dialog.save_button.click()
    assert [v.name for v in read_document(tmp_path / "p.pkp").history.versions] == [
        "Envoyée à la MRC", "Envoyée à la MRC, 2e"]
    assert told == [f"Une version nommée {name} est déjà conservée dans cette demande\u202f; "
                    "choisissez un autre nom." for name in ("envoyée à la MRC",
                                                            "Envoyée à la MRC")]
    assert offered[2] == "envoyée à la MRC "  # asked again with what was typed
    assert dialog.list.count() == 2
