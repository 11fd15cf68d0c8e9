"""The summary step shows the dossier's summary page as the export builds it, in the
dossier's typography (#21): a figure never breaks across two lines in the window, while
the applicant's own field keeps exactly what was typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QApplication

from proposalkit.cli import main
from tests.gui.conftest import binding_widget

NNBSP, NBSP = "\u202f", "\u00a0"


def _open(make_gui, tmp_path, ui: str):
    path = tmp_path / "p.pkp"
    assert main(["--lang", "fr", "example", "-o", str(path)]) == 0
    gui = make_gui(ui)
    assert gui.window.open_path(path)
    page = gui.window.go_to("summary")
    QApplication.processEvents()
    return gui.window.session, page


def _blocks(preview) -> list:
    out, block = [], preview.document().begin()
    while block.isValid():
        out.append(block)
        block = block.next()
    return out


def _texts(preview) -> list[str]:
    return [block.text() for block in _blocks(preview)]


def _broken_figures(preview) -> list[tuple[str, str]]:
    """Two lines of one paragraph or cell, the first ending inside a figure (a digit)
    and the next going on with it (a digit, or its sign)."""
    found = []
    for block in _blocks(preview):
        layout, text = block.layout(), block.text()
        lines = [text[layout.lineAt(i).textStart():
                      layout.lineAt(i).textStart() + layout.lineAt(i).textLength()]
                 for i in range(layout.lineCount())]
        for first, second in zip(lines, lines[1:], strict=False):
            if first.rstrip(" " + NNBSP + NBSP)[-1:].isdigit() and second[:1] in (
                    "0123456789$%" + NNBSP + NBSP):
                found.append((first[-12:], second[:12]))
    return found


def test_the_summary_page_in_the_window_with_figures_that_never_break(make_gui, qtbot,
                                                                      tmp_path):
    session, page = _open(make_gui, tmp_path, "fr")
    preview = page.preview
    typed = session.proposal.summary
    assert "coûte 2 940 000 $" in typed  # typed with plain spaces
    texts = _texts(preview)
    assert "Coût total du projet" in texts
    assert f"2{NNBSP}940{NNBSP}000,00{NBSP}$" in texts
    paragraph = next(t for t in texts if t.startswith("Le Carrefour Innovation"))
    assert f"coûte 2{NNBSP}940{NNBSP}000{NBSP}$" in paragraph
    # The applicant's field shows what was typed, not the dossier's typography.
    assert binding_widget(page, ("summary",)).toPlainText() == typed
    # At any width the page may have (420 px at 1024×640), no figure is cut at a line's
    # end.
    for width in range(400, 800, 10):
        preview.document().setTextWidth(width)
        assert _broken_figures(preview) == [], width


def test_the_preview_follows_the_edits(make_gui, qtbot, tmp_path):
    session, page = _open(make_gui, tmp_path, "en")
    preview = page.preview
    from tests.gui.conftest import type_into

    field = binding_widget(page, ("summary",))
    field.selectAll()
    type_into(qtbot, field, "Un pôle : 12 000 entreprises!")
    qtbot.waitUntil(lambda: f"Un pôle{NBSP}: 12{NNBSP}000 entreprises{NNBSP}!"
                    in _texts(preview))
    assert session.proposal.summary == "Un pôle : 12 000 entreprises!"
    # A cost changed elsewhere: the total follows once the budget is summed again.
    amounts = list(session.proposal.budget.expenses[0].amounts)
    session.set_value(("budget", "expenses", 0, "amounts"),
                      [amounts[0] + Decimal(1000), *amounts[1:]])
    qtbot.waitUntil(lambda: f"2{NNBSP}941{NNBSP}000,00{NBSP}$" in _texts(preview))


@pytest.mark.parametrize("ui", ["fr", "en"])
def test_an_english_dossier_previews_in_english(make_gui, qtbot, tmp_path, ui):
    session, page = _open(make_gui, tmp_path, ui)
    # The dossier is in the proposal's language, whatever the window's.
    assert "Coût total du projet" in _texts(page.preview)
    session.set_value(("language",), "en")
    qtbot.waitUntil(lambda: "Total cost of the project" in _texts(page.preview))
    texts = _texts(page.preview)
    assert any(t.startswith("$2,") for t in texts), texts[:12]
    assert not [t for t in texts if NNBSP in t]


def test_the_overviews_to_do_list_keeps_the_messages_no_break_spaces(make_gui, qtbot,
                                                                    tmp_path):
    from PySide6.QtGui import QTextDocument

    session, page = _open(make_gui, tmp_path, "fr")
    index = next(i for i, r in enumerate(session.proposal.indicators) if r.name)
    targets = list(session.proposal.indicators[index].targets)
    session.set_value(("indicators", index, "targets"), [None, *targets[1:]])
    overview = page.window().go_to("overview")
    qtbot.waitUntil(lambda: "cible" in overview.todo.text())
    # What Qt's rich text makes of the label's text: the guillemets' narrow spaces stay.
    document = QTextDocument()
    document.setHtml(overview.todo.text())
    shown = document.toRawText()
    assert f"«{NNBSP}" in shown and f"{NNBSP}»" in shown
