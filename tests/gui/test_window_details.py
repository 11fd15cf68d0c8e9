"""Readable at a glance: step titles and findings wrap instead of being cut off, the
deadline reads as a person writes it, the window has its icon, and a file the system
hands to the application (macOS Finder) opens like ``proposalkit FILE``."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.gui.conftest import binding_widget, type_into


def test_long_step_titles_wrap_without_a_horizontal_scrollbar(make_gui, qtbot):
    gui = make_gui("fr")
    window = gui.window
    window.resize(1100, 700)
    window.open_example()
    steps = window.steps
    QApplication.processEvents()
    assert steps.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert not steps.horizontalScrollBar().isVisible()
    line = steps.fontMetrics().height()
    width = steps.viewport().width()
    wrapped = 0
    for row in range(steps.count()):
        item = steps.item(row)
        rect = steps.visualItemRect(item)
        assert rect.right() <= width, item.text()
        if steps.fontMetrics().horizontalAdvance(item.text()) > rect.width():
            # Too long for one line: shown on several, never cut.
            assert rect.height() >= 2 * line, item.text()
            wrapped += 1
        assert item.text() in item.toolTip()
    assert wrapped  # the pack's long section titles do wrap at this width


def test_findings_wrap_to_the_panel_with_the_rule_in_the_tooltip(make_gui, qtbot):
    from datetime import date

    gui = make_gui("fr")
    gui.session.today = date(2018, 5, 2)  # the call is over: "L'appel a pris fin le…"
    window = gui.window
    window.open_example()
    panel = window.findings
    finding = next(f for f in panel.findings_shown() if "pris fin" in f.message)
    view = panel.view
    window.resizeDocks([window.findings_dock], [170], Qt.Orientation.Horizontal)
    index = panel.index_of(finding)
    qtbot.waitUntil(lambda: view.viewport().width() < 200)
    QApplication.processEvents()
    assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert not view.uniformRowHeights() and view.wordWrap()
    metrics = view.fontMetrics()
    rect = view.visualRect(index)
    assert metrics.horizontalAdvance(finding.message) > rect.width()  # the dock is narrow
    assert rect.right() <= view.viewport().width()
    assert rect.height() >= 2 * metrics.height()  # wrapped, not elided
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert finding.explanation in tip and finding.source in tip and finding.code in tip
    # Wider panel, fewer lines: the rows follow the width.
    window.findings_dock.setFloating(True)
    window.findings_dock.resize(900, 400)
    qtbot.waitUntil(lambda: view.visualRect(index).height() < rect.height())


def test_deadline_reads_as_a_person_writes_it(make_gui):
    from proposalkit.core.program import default_catalog, format_deadline
    from proposalkit.i18n import translator

    program = default_catalog().get("pri-2018")
    assert format_deadline(program, translator("fr")) == (
        "30 avril 2018 à 23\u00a0h\u00a059 (heure de Montréal)")
    assert format_deadline(program, translator("en")) == (
        "April 30, 2018 at 11:59\u202fp.m. (Montréal time)")  # CLDR: narrow space
    gui = make_gui("fr")
    start = gui.window.start
    start.program.setCurrentIndex(start.program.findData("pri-2018"))
    assert ("Date limite\u00a0: 30 avril 2018 à 23\u00a0h\u00a059 (heure de Montréal)."
            in start.facts.text())


def test_window_icon(make_gui):
    gui = make_gui("en")
    assert not gui.app.windowIcon().isNull()
    assert not gui.window.windowIcon().isNull()
    assert gui.window.windowIcon().availableSizes()


def _saved_example(tmp_path):
    from proposalkit import storage
    from proposalkit.core.example import example_attachments, example_proposal

    path = tmp_path / "finder.pkp"
    proposal = example_proposal()
    proposal.applicant.legal_name = "Ouvert depuis le Finder"
    storage.write_document(path, storage.Document(proposal, example_attachments(proposal)))
    return path


def test_file_open_event_opens_the_file(make_gui, qtbot, tmp_path):
    path = _saved_example(tmp_path)
    gui = make_gui("fr")
    event = QFileOpenEvent(str(path))
    assert event.type() == QEvent.Type.FileOpen
    assert QApplication.sendEvent(gui.app, event)
    qtbot.waitUntil(lambda: gui.session.path == path)
    assert gui.session.proposal.applicant.legal_name == "Ouvert depuis le Finder"
    assert gui.prefs.recent_files[0] == path
    # The url form (some Finder requests carry one) opens it too.
    gui.window.close_proposal()
    QApplication.sendEvent(gui.app, QFileOpenEvent(QUrl.fromLocalFile(str(path))))
    qtbot.waitUntil(lambda: gui.session.path == path)


def test_file_open_event_asks_about_unsaved_work(make_gui, qtbot, monkeypatch, tmp_path):
    path = _saved_example(tmp_path)
    gui = make_gui("en")
    window, session = gui.window, gui.session
    window.new_proposal("pri-2018")
    type_into(qtbot, binding_widget(window.go_to("applicant"), ("applicant", "legal_name")),
              "Unsaved")
    asked = []

    def cancel(box):
        asked.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == "Cancel").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    QApplication.sendEvent(gui.app, QFileOpenEvent(str(path)))
    qtbot.waitUntil(lambda: bool(asked))
    QApplication.processEvents()
    assert session.path is None and session.proposal.applicant.legal_name == "Unsaved"
