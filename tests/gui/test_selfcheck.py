"""``--quit-after-show FILE`` (the bundle's smoke test) shows every step's page and fails
on a page that cannot be built, as a bundle missing a page's module would."""

from __future__ import annotations

import logging

from proposalkit.cli import main
from proposalkit.gui import editor
from proposalkit.gui.selfcheck import show_every_step


def _example(tmp_path):
    path = tmp_path / "x.pkp"
    assert main(["example", "-o", str(path)]) == 0
    return path


def test_every_step_page_is_shown(make_gui, tmp_path, capsys):
    path = _example(tmp_path)
    capsys.readouterr()
    gui = make_gui("en")
    assert show_every_step(gui.app, gui.window, path) == 0
    out, err = capsys.readouterr()
    shown = out.split("step pages shown: ")[1].strip().split(", ")
    assert shown[0] == "overview" and shown[-1] == "review"
    assert {"applicant", "expenses", "revenues", "attachments"} <= set(shown)
    assert any(step.startswith("section:") for step in shown)
    assert err == ""


def test_a_page_module_missing_from_the_bundle_fails(make_gui, tmp_path, capsys, monkeypatch):
    path = _example(tmp_path)
    name = "proposalkit.gui.overview"

    def bundle_without_overview():
        # What the overview page's import does in a bundle that lacks its module.
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    monkeypatch.setitem(editor.PAGES, "overview", bundle_without_overview)
    gui = make_gui("en")
    assert show_every_step(gui.app, gui.window, path) == 1
    err = capsys.readouterr().err
    assert "No module named 'proposalkit.gui.overview'" in err


def test_an_error_logged_while_painting_fails(make_gui, tmp_path, capsys, monkeypatch):
    path = _example(tmp_path)
    gui = make_gui("en")
    monkeypatch.setattr(gui.window, "repaint",
                        lambda: logging.getLogger("proposalkit.gui").error("chart failed"))
    assert show_every_step(gui.app, gui.window, path) == 1
    assert "ERROR proposalkit.gui: chart failed" in capsys.readouterr().err
