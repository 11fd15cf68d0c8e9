"""The questions the window asks about files: a file locked by another instance opens
read-only (and looks it), a crash's recovery is recovered, discarded or left for later,
and a file changed on disk since it was opened is overwritten, saved elsewhere or left
alone, as the user answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QLineEdit, QMessageBox

from tests.gui.conftest import binding_widget, type_into


def _answer(monkeypatch, button_text: str) -> list[str]:
    """Answer the next message boxes with the button showing this text."""
    seen: list[str] = []

    def exec_(box):
        seen.append(f"{box.windowTitle()}: {box.text()}")
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return 0
        raise AssertionError(f"no {button_text!r} in {[b.text() for b in box.buttons()]}")

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen


def _example_file(path: Path) -> Path:
    from proposalkit import storage
    from proposalkit.core.example import example_attachments, example_proposal

    proposal = example_proposal()
    storage.write_document(path, storage.Document(proposal, example_attachments(proposal)))
    return path


def test_locked_file_is_visibly_read_only(make_gui, qtbot, monkeypatch, tmp_path):
    from proposalkit import storage

    path = _example_file(tmp_path / "verrou.pkp")
    other = storage.acquire_lock(path)  # another running instance
    try:
        gui = make_gui("fr")
        window, session = gui.window, gui.session
        _answer(monkeypatch, "OK")
        assert window.open_path(path)
        assert session.read_only
        assert "(lecture seule)" in window.windowTitle()
        assert not window.menus.save.isEnabled() and window.menus.save_as.isEnabled()
        assert window.read_only_banner.isVisible()
        assert "Lecture seule" in window.read_only_banner.text()
        page = window.go_to("applicant")  # built after opening: read-only too
        name = binding_widget(page, ("applicant", "legal_name"))
        assert isinstance(name, QLineEdit) and name.isReadOnly()
        assert not binding_widget(page, ("applicant", "legal_form")).isEnabled()
        assert not binding_widget(page, ("applicant", "main_establishment_in_quebec")
                                  ).isEnabled()
        before = session.proposal.applicant.legal_name
        type_into(qtbot, name, "X")
        assert session.proposal.applicant.legal_name == before and not session.modified
        territory = window.go_to("territory")
        assert territory.partners.editTriggers() == territory.partners.EditTrigger.NoEditTriggers
        assert not territory.partners.add_button.isEnabled()
        attachments = window.go_to("attachments")
        assert not attachments.add_button.isEnabled()
        assert not attachments.remove_button.isEnabled()
        # Save as makes an editable copy: the inputs come back.
        copy = tmp_path / "copie.pkp"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
        window.menus.save_as.trigger()
        assert copy.exists() and not session.read_only
        assert not window.read_only_banner.isVisible() and window.menus.save.isEnabled()
        assert not name.isReadOnly()
        assert isinstance(binding_widget(page, ("applicant", "legal_form")), QComboBox)
        assert binding_widget(page, ("applicant", "legal_form")).isEnabled()
        assert isinstance(binding_widget(page, ("applicant", "main_establishment_in_quebec")),
                          QCheckBox)
    finally:
        other.release()


@pytest.mark.parametrize("answer", ["Récupérer", "Supprimer", "Pas maintenant"])
def test_recovery_prompt_at_start(make_gui, qtbot, monkeypatch, tmp_path, answer):
    import subprocess
    import sys
    import textwrap

    from proposalkit import storage
    from proposalkit.gui.app import offer_recovery

    child = textwrap.dedent("""
        import os
        from proposalkit import storage
        from proposalkit.core.example import example_attachments, example_proposal
        proposal = example_proposal()
        proposal.applicant.legal_name = "Travail non enregistré"
        storage.autosave(storage.Document(proposal, example_attachments(proposal)))
        os._exit(9)
    """)
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 9, done.stderr
    assert len(storage.list_recoveries()) == 1
    gui = make_gui("fr")
    seen = _answer(monkeypatch, answer)
    result = offer_recovery(gui)
    assert seen and "Récupérer" in seen[0]
    if answer == "Récupérer":
        assert result == "recover" and gui.session.is_open
        assert gui.session.proposal.applicant.legal_name == "Travail non enregistré"
        assert gui.window.isWindowModified()
    elif answer == "Supprimer":
        assert result == "discard" and not gui.session.is_open
        assert storage.list_recoveries() == []  # deleted through the storage layer
        assert gui.window.start.recoveries.count() == 0
        assert not gui.window.start.recovery_box.isVisible()
    else:
        assert result == "later" and not gui.session.is_open
        assert len(storage.list_recoveries()) == 1  # still offered on the start screen
        qtbot.waitUntil(lambda: gui.window.start.recoveries.count() == 1)


@pytest.mark.parametrize("answer", ["Écraser", "Enregistrer sous…", "Annuler"])
def test_file_changed_on_disk_when_saving(make_gui, qtbot, monkeypatch, tmp_path, answer):
    from proposalkit import storage

    path = _example_file(tmp_path / "partage.pkp")
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    assert window.open_path(path)
    city = binding_widget(window.go_to("applicant"), ("applicant", "address", "city"))
    city.selectAll()
    type_into(qtbot, city, "Shawinigan")
    # Someone else saves the same file meanwhile (not through our lock: a sync tool).
    theirs = storage.read_document(path)
    theirs.proposal.applicant.legal_name = "Leur version"
    storage.write_document(path, theirs, force=True)
    other = tmp_path / "mienne.pkp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(other), ""))
    seen = _answer(monkeypatch, answer)
    saved = window.save()
    assert seen and "modifié par quelqu’un d’autre" in seen[0]
    on_disk = storage.read_document(path).proposal
    if answer == "Écraser":
        assert saved and not session.modified
        assert on_disk.applicant.address.city == "Shawinigan"
    elif answer == "Enregistrer sous…":
        assert saved and session.path == other and not session.modified
        assert on_disk.applicant.legal_name == "Leur version"
        assert storage.read_document(other).proposal.applicant.address.city == "Shawinigan"
    else:
        assert not saved and session.modified
        assert on_disk.applicant.legal_name == "Leur version"
