"""With a pack of another funder (the DEC pack written from the docs), the window's
applicant and budget pages, cap bars, overview charts and start screen name that funder,
its fiscal year and its eligibility."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from tests.core.test_pack_from_docs import PACK
from tests.export.test_funder_vocabulary import ALLOWED


def _texts(widget: QWidget) -> list[str]:
    """Every text a person reads or hears on ``widget``: labels, tooltips, descriptions."""
    out = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel):
            out.append(child.text())
        out += [child.toolTip(), child.accessibleDescription(), child.accessibleName()]
    return [t for t in out if t]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_dec_budget_pages_name_ced_not_quebec(make_gui, qtbot, lang):
    gui = make_gui(lang)
    gui.window.install_program(PACK)
    start = gui.window.start
    start.select_program("dec-incubators-2024")
    facts = start.facts.text()
    qtbot.mouseClick(start.new_button, Qt.MouseButton.LeftButton)
    assert gui.session.program.id == "dec-incubators-2024"
    texts = [facts]
    for step in ("applicant", "expenses", "revenues", "overview"):
        page = gui.window.go_to(step)
        QApplication.processEvents()
        texts += _texts(page)
    said = "\n".join(texts)
    # (a label's mnemonic marker, « &Québec », is not part of what it says)
    assert [t for t in texts if "Québec" in ALLOWED.sub("", t.replace("&", ""))] == []
    if lang == "en":
        assert "CED: contribution vs cap" in said
        assert "CED: share vs 50%" in said
        assert "contribution requested from CED" in said
        assert "by federal government fiscal year (April 1 to March 31)" in said
        assert "share of CED at most 50%" in said
        assert "CED: contribution and cap per year" in said  # the overview's chart
        assert "The program accepts: Non-profit organization, Indigenous non-profit" in said
    else:
        assert "DEC\u00a0: contribution / plafond" in said
        assert re.search("DEC\u00a0: part / 50\u00a0%", said)
        assert "la contribution demandée au bailleur de fonds (DEC)" in said
        assert "par exercice financier du gouvernement fédéral (du 1er avril au 31 mars)" in said
        assert "DEC\u00a0: contribution et plafond par année" in said
        assert ("Le programme accepte\u00a0: Organisme à but non lucratif, Organisme autochtone"
                in said)


def test_a_rule_source_is_shown_in_english_in_the_findings_panel(make_gui, qtbot):
    gui = make_gui("en")
    gui.window.open_example()
    session = gui.session
    revenues = session.proposal.budget.revenues
    line = next(i for i, r in enumerate(revenues) if r.source == "quebec_request")
    session.set_value(("budget", "revenues", line, "amounts", 0), Decimal("450000"))
    qtbot.waitUntil(lambda: session.counts()["error"] > 0)
    panel = gui.window.findings
    finding = next(f for f in panel.findings_shown() if f.code == "PRI-BALANCE")
    index = panel.index_of(finding)
    panel.view.scrollTo(index)
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ("Source: Budgeting practice: a project's financing must cover its costs exactly"
            in panel.details.text())
