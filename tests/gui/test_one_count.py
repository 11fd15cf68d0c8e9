"""One count of errors everywhere: the status bar, the review page, the final-package
dialog and ``proposalkit validate`` say the same thing, from one function
(:func:`proposalkit.core.steps.tally`), in the same words (errors to correct apart from
the items still to fill in)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from proposalkit.cli import main as cli_main


def test_status_bar_review_dialog_and_cli_agree(make_gui, qtbot, monkeypatch, tmp_path, capsys):
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.new_proposal("pri-2018")
    # Something wrong (an email address) beside the many things still to fill in.
    session.set_value(("applicant", "contact", "email"), "not an address")
    session.revalidate()
    found = session.counts()
    assert found["error"] > found["todo"] > 0  # both kinds, as in the report
    status = window.counts_label.text()
    assert "erreur" in status and "à remplir" in status
    review = window.go_to("review")
    assert review.summary.text() == status
    asked: list[str] = []

    def exec_(box):
        asked.append(box.text())
        box.escapeButton().click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert window.output.export("package", tmp_path / "final.pdf") is None
    assert asked == [f"Reste à faire\xa0: {status}"]
    # The command line, on the same file, the same day, in the same language.
    path = tmp_path / "p.pkp"
    session.save(path)
    capsys.readouterr()
    code = cli_main(["validate", str(path), "--today", session.today.isoformat(),
                     "--lang", "fr"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[-1] == status
