"""The attestation step driven as a user does: the signatory and the board resolution
typed in, the call's declarations ticked with the keyboard, the sentence the dossier
prints following along, a required box left unticked shown as an error under it."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QScrollArea

from tests.gui.conftest import binding_widget, type_into


def _attestation_page(gui, qtbot):
    window = gui.window
    window.go_to("attestation")
    assert window.current_step() == "attestation"
    return window.pages["attestation"]


def test_sign_cite_the_resolution_and_tick_the_declarations(make_gui, qtbot):
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    start = window.start
    start.program.setCurrentIndex(start.program.findData("pri-2018"))
    qtbot.mouseClick(start.new_button, Qt.MouseButton.LeftButton)
    page = _attestation_page(gui, qtbot)
    type_into(qtbot, binding_widget(page, ("signatory", "name")), "Josée Lavallée")
    type_into(qtbot, binding_widget(page, ("signatory", "title")), "Directrice générale")
    type_into(qtbot, binding_widget(page, ("signatory", "resolution_number")), "CA-2018-04-03")
    proposal = session.proposal
    assert proposal.signatory.resolution_number == "CA-2018-04-03"
    assert page.sentence.text().startswith(
        "Je, Josée Lavallée, directrice générale, en vertu de la résolution nº CA-2018-04-03")
    # The call's five declarations, the optional one said so; ticked with the space bar.
    assert len(page.declarations) == 5
    assert page.declarations[4].accessibleName().endswith("(facultative)")
    for box in page.declarations[:3]:
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    assert proposal.declarations == {"other_aid": True, "lobbying": True, "no_debt": True}
    # The one left unticked is an error under its box once the user has been there.
    rena = binding_widget(page, ("declarations", "rena"))
    assert isinstance(rena, QCheckBox)
    rena.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is rena)
    qtbot.keyClick(rena, Qt.Key.Key_Tab)

    def shown() -> list[str]:
        return [b.message.text() for f in page.forms for b in f.bindings
                if b.location == ("declarations", "rena") and b.message.isVisible()]

    with contextlib.suppress(qtbot.TimeoutError):
        qtbot.waitUntil(lambda: bool(shown()), timeout=3000)
    assert shown() and "L’appel exige cette déclaration" in shown()[0]
    # Undo takes the last tick back, as every edit.
    session.undo_stack.undo()
    assert proposal.declarations.get("no_debt") in (None, False)
    assert not page.declarations[2].isChecked()


def test_the_step_fits_a_small_window(make_gui, qtbot):
    gui = make_gui("en")
    window = gui.window
    start = window.start
    start.program.setCurrentIndex(start.program.findData("pri-2018"))
    qtbot.mouseClick(start.new_button, Qt.MouseButton.LeftButton)
    window.resize(1024, 640)
    page = _attestation_page(gui, qtbot)
    qtbot.waitUntil(lambda: page.isVisible())
    scroll = next(w for w in window.findChildren(QScrollArea) if w.isAncestorOf(page))
    # No sideways scrolling: the declarations wrap inside the page's width.
    assert scroll.horizontalScrollBar().maximum() == 0, [
        (b.sizeHint().width(), scroll.viewport().width()) for b in page.declarations]
