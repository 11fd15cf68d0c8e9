"""Programs in the window: File ▸ Install a program…, a pack dropped on the start screen,
a broken pack refused with pack check's messages, the pack-version notice on open, and a
3-year program with a stacking limit on the budget pages."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from proposalkit.paths import resources_dir, user_programs_dir

MEI = resources_dir() / "programs" / "mei-incubation-2022.toml"


def _pack(tmp_path: Path, program_id: str, *, broken: bool = False) -> Path:
    text = MEI.read_text(encoding="utf-8").replace('id = "mei-incubation-2022"',
                                                   f'id = "{program_id}"')
    if broken:
        text = text.replace("years = 3", "years = 0").replace(
            'kind = "deadline"', 'kind = "horoscope"')
    path = tmp_path / f"{program_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _messages(monkeypatch) -> list[str]:
    seen: list[str] = []

    def exec_(box):
        seen.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen


def test_install_a_program_from_the_file_menu(make_gui, monkeypatch, tmp_path):
    gui = make_gui("en")
    window = gui.window
    path = _pack(tmp_path, "accelerators-2026")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    assert window.menus.install.text() == "&Install a program…"
    window.menus.install.trigger()
    assert (user_programs_dir() / "accelerators-2026.toml").read_bytes() == path.read_bytes()
    combo = window.start.program
    assert combo.currentData() == "accelerators-2026"  # offered at once, chosen
    assert "Installed the program" in window.statusBar().currentMessage()
    window.start.new_button.click()
    assert gui.session.program.id == "accelerators-2026"


def test_a_broken_pack_is_refused_with_the_pack_check_messages(make_gui, monkeypatch,
                                                                 tmp_path):
    gui = make_gui("fr")
    seen = _messages(monkeypatch)
    path = _pack(tmp_path, "casse-2026", broken=True)
    gui.window.install_program(path)
    assert len(seen) == 1
    assert "n’est pas un programme utilisable\u202f; rien n’a été installé" in seen[0]
    assert "casse-2026.toml:12: years: doit être d’au moins 1" in seen[0]
    assert "sorte de règle inconnue horoscope" in seen[0]
    assert not (user_programs_dir() / "casse-2026.toml").exists()
    assert gui.window.catalog.get("casse-2026") is None


def test_a_pack_dropped_on_the_start_screen_is_installed(make_gui, qtbot, tmp_path):
    gui = make_gui("en")
    path = _pack(tmp_path, "dropped-2026")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    start = gui.window.start
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    start.dropEvent(event)
    assert gui.window.catalog.get("dropped-2026") is not None
    assert gui.window.start.program.currentData() == "dropped-2026"


def test_opening_a_proposal_for_an_older_pack_version_says_what_changed(make_gui, monkeypatch,
                                                                        tmp_path):
    from proposalkit import storage
    from proposalkit.core.example import example_attachments, example_proposal

    proposal = example_proposal()
    path = tmp_path / "old.pkp"
    storage.write_document(path, storage.Document(proposal, example_attachments(proposal)),
                           program_version="2018.1")
    before = path.read_bytes()
    gui = make_gui("en")
    seen = _messages(monkeypatch)
    assert gui.window.open_path(path)
    assert len(seen) == 1 and "written for version 2018.1" in seen[0]
    assert "PRI-PARTNERS, PRI-CASH" in seen[0]
    assert not gui.session.modified and path.read_bytes() == before
    with zipfile.ZipFile(path) as archive:
        assert json.loads(archive.read("manifest.json"))["program_version"] == "2018.1"
    # Saving records the version the proposal was checked against: no notice next time.
    gui.session.save()
    with zipfile.ZipFile(path) as archive:
        assert json.loads(archive.read("manifest.json"))["program_version"] == \
            gui.session.program.version == "2018.3"
    gui.window.close_proposal()
    assert gui.window.open_path(path) and len(seen) == 1


def test_three_year_program_with_a_stacking_row(make_gui, qtbot):
    gui = make_gui("en")
    start = gui.window.start
    start.select_program("mei-incubation-2022")
    qtbot.mouseClick(start.example_button, Qt.MouseButton.LeftButton)
    assert gui.session.proposal.applicant.legal_name == "Propulsion Estuaire"
    page = gui.window.go_to("revenues")
    bars = page.bars
    assert len(bars.cap_bars) == 3 and len(bars.share_bars) == 3
    assert [label.text() for label in bars.other_labels] == [
        "Government aid from all levels together (municipal, provincial, federal) vs at most 80%"
        "\nWhole project: 75.75%"]
    # The rule is on the whole project: its years are information, never red.
    assert [bar.level for bar in bars.other_bars[0]] == ["info"] * 3
    # Government money is 784,000 a year (MEI 500,000, federal 200,000, the RCM 60,000
    # cash and 24,000 in kind) over costs of 1,000,000, 1,035,000 and 1,070,000.
    assert [text.text() for text in bars.other_texts[0]] == ["78.40%", "75.75%", "73.27%"]
    model = page.view.line_model
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
               for c in range(model.columnCount())]
    assert any(h.startswith("Year 3") for h in headers)
    assert not any(h.startswith("Year 4") for h in headers)


def test_start_screen_states_the_stacking_limit(make_gui):
    gui = make_gui("fr")
    start = gui.window.start
    start.select_program("mei-incubation-2022")
    assert "réunis (municipal, provincial, fédéral), au plus 80\xa0% des dépenses admissibles." \
        in start.facts.text()
    start.select_program("pri-2018")
    assert "80\xa0%" not in start.facts.text() and "60\xa0%" in start.facts.text()
