"""A whole proposal filled through the widgets only, as a user would: from the start
screen to a dossier with no error, exported as DOCX, PDF and the final package through
the review step's buttons, then read back.

Only keys and mouse clicks reach the widgets (QTest); the file dialogs are answered by
monkeypatching QFileDialog's static methods and message boxes by their ``exec``.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from tests.gui.conftest import binding_widget, choose, type_into

PARTNERS = [
    # name, type, role, cash per year, in kind per year, revenue source
    ("MRC des Essais", "municipality", "Prête le local", "150 000,00 $", "50 000,00 $",
     "municipal"),
    ("Caisse Épargne-Test", "financial", "Finance les jeunes pousses", "100 000,00 $", "",
     "private"),
]
EXPENSES = [("salaries", "Équipe du pôle", "500 000,00 $"),
            ("services", "Ateliers et maillage", "200 000,00 $")]
QUEBEC = "400 000,00 $"
YEARS = 4


def click(qtbot, button: QWidget) -> None:
    """A left click on a visible, enabled button."""
    assert button.isVisible() and button.isEnabled(), button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def next_step(qtbot, window, expected: str):  # noqa: ANN201 - the page
    """Click Next and check the step reached."""
    click(qtbot, window.next_button)
    assert window.current_step() == expected
    return window.pages[expected]


def cell_editor(qtbot, view, row: int, column: int) -> QWidget:
    """Click the cell (unless it is the current one), press F2 as a user does, and
    return the editor that opened."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    if view.currentIndex() != index:
        # A click on the current cell would start Qt's delayed "selected-click" edit.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.visualRect(index).center())
    else:
        view.setFocus()
    assert view.currentIndex().row() == row and view.currentIndex().column() == column
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editors = [w for w in view.viewport().findChildren(QWidget)
               if isinstance(w, (QLineEdit, QComboBox)) and w.isVisible()]
    assert len(editors) == 1, editors
    return editors[0]


def type_cell(qtbot, view, row: int, column: int, text: str) -> None:
    """Type ``text`` into a cell (all selected first, so it replaces), then Enter."""
    editor = cell_editor(qtbot, view, row, column)
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


def choose_cell(qtbot, view, row: int, column: int, data: str) -> None:
    """Pick a choice in a cell's combo box with the arrow keys, then Enter."""
    editor = cell_editor(qtbot, view, row, column)
    assert isinstance(editor, QComboBox)
    choose(qtbot, editor, data)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


def add_line(qtbot, view) -> int:
    """Click the table's Add button; returns the new line's index in the list."""
    model = view.line_model
    click(qtbot, view.add_button)
    return len(model.lines) - 1


def fill_amounts(qtbot, view, line: int, first_column: int, text: str) -> None:
    """The same amount typed in each year's cell of a line."""
    for year in range(YEARS):
        type_cell(qtbot, view, view.line_model.row_of_line(line), first_column + year, text)


def fill_applicant(qtbot, page) -> None:
    """The applicant page, field by field, from the keyboard."""
    texts = {
        ("applicant", "legal_name"): "Pôle Essai Mauricie",
        ("applicant", "neq"): "1171234567",
        ("applicant", "address", "street"): "100, rue des Essais",
        ("applicant", "address", "city"): "Trois-Rivières",
        ("applicant", "address", "postal_code"): "G9A 2H1",
        ("applicant", "contact", "name"): "Josée Essai",
        ("applicant", "contact", "title"): "Directrice",
        ("applicant", "contact", "email"): "josee@essai.example",
        ("applicant", "contact", "phone"): "819 555-0100",
        ("metadata", "title"): "Pôle régional d'innovation — essai",
    }
    for location, text in texts.items():
        type_into(qtbot, binding_widget(page, location), text)
    choose(qtbot, binding_widget(page, ("applicant", "legal_form")), "npo")
    choose(qtbot, binding_widget(page, ("applicant", "main_activity")),
           "entrepreneurship_support")
    box = binding_widget(page, ("applicant", "main_establishment_in_quebec"))
    assert isinstance(box, QCheckBox)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()


def fill_attestation(qtbot, page) -> None:
    """Who signs, the board resolution, and every declaration ticked with the space bar."""
    for location, text in ((("signatory", "name"), "Josée Essai"),
                           (("signatory", "title"), "Directrice"),
                           (("signatory", "resolution_number"), "CA-2018-03")):
        type_into(qtbot, binding_widget(page, location), text)
    date_edit = binding_widget(page, ("signatory", "resolution_date"))
    date_edit.setFocus()
    qtbot.keyClick(date_edit, Qt.Key.Key_Up)  # starts from the suggested day
    qtbot.keyClick(date_edit, Qt.Key.Key_Return)
    for box in page.declarations:
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
        assert box.isChecked()


def fill_partners(qtbot, page) -> None:
    """Territory, then each partner's name, type, role and contributions."""
    choose(qtbot, binding_widget(page, ("territory",)), "mauricie")
    view = page.partners
    for name, kind, role, cash, in_kind, _source in PARTNERS:
        line = add_line(qtbot, view)
        type_cell(qtbot, view, line, 0, name)
        choose_cell(qtbot, view, line, 1, kind)
        type_cell(qtbot, view, line, 2, role)
        if cash:
            fill_amounts(qtbot, view, line, 4, cash)
        if in_kind:
            fill_amounts(qtbot, view, line, 4 + YEARS, in_kind)


def fill_governance(qtbot, page) -> None:
    """The committee's description and three members."""
    type_into(qtbot, binding_widget(page, ("governance", "description")),
              "Comité de pilotage de gens d'affaires.")
    view = page.members
    for name, org, sector in (("Marc Essai", "Fabrique 3R", "business"),
                              ("Luc Test", "MRC des Essais", "municipal"),
                              ("Anne Pilote", "Collège Essai", "academic")):
        line = add_line(qtbot, view)
        type_cell(qtbot, view, line, 0, name)
        type_cell(qtbot, view, line, 1, org)
        choose_cell(qtbot, view, line, 2, sector)


def fill_activities(qtbot, activities, axes: list[str]) -> None:
    """One activity per axis of the call, carried by the applicant, over the first year
    (months picked in the month editor)."""
    from tests.gui.test_plan_pages import set_month

    view = activities.activities
    for axis in axes:
        line = add_line(qtbot, view)
        model = view.line_model
        type_cell(qtbot, view, model.row_of_line(line), 0, f"Action {axis}")
        choose_cell(qtbot, view, model.row_of_line(line), 1, axis)
        qtbot.waitUntil(lambda m=model, n=line, a=axis: m.lines[n].axis == a)
        QApplication.processEvents()  # regrouped under its axis
        choose_cell(qtbot, view, model.row_of_line(line), 2, "lead")
        set_month(qtbot, view, model.row_of_line(line), 3, 2018, 7)
        set_month(qtbot, view, model.row_of_line(line), 4, 2019, 6)
    assert len(activities.timeline.bars()) == 0  # no start date yet: nothing drawn


def fill_indicators(qtbot, indicators) -> None:
    """One indicator with a target per year."""
    view = indicators.indicators
    line = add_line(qtbot, view)
    row = view.line_model.row_of_line(line)
    type_cell(qtbot, view, row, 0, "Entreprises accompagnées")
    type_cell(qtbot, view, row, 1, "entreprises")
    for year in range(YEARS):
        type_cell(qtbot, view, row, 3 + year, str(20 * (year + 1)))
    assert indicators.session.proposal.indicators[line].targets == [20, 40, 60, 80]


def fill_expenses(qtbot, page) -> None:
    """Two expense lines, amounts typed the French way."""
    view = page.view
    for category, text, amount in EXPENSES:
        line = add_line(qtbot, view)
        choose_cell(qtbot, view, view.line_model.row_of_line(line), 0, category)
        type_cell(qtbot, view, view.line_model.row_of_line(line), 1, text)
        fill_amounts(qtbot, view, line, 2, amount)


def fill_revenues(qtbot, page, partner_ids: list[str]) -> None:
    """Québec's contribution, then each partner's cash and in kind, linked to it."""
    view = page.view
    rows = [("quebec_request", "cash", "Pôles régionaux d'innovation", "", QUEBEC)]
    for (name, _k, _r, cash, in_kind, source), pid in zip(PARTNERS, partner_ids, strict=True):
        if cash:
            rows.append((source, "cash", name, pid, cash))
        if in_kind:
            rows.append((source, "in_kind", f"{name} (en nature)", pid, in_kind))
    for source, nature, text, pid, amount in rows:
        line = add_line(qtbot, view)
        choose_cell(qtbot, view, view.line_model.row_of_line(line), 0, source)
        choose_cell(qtbot, view, view.line_model.row_of_line(line), 1, nature)
        type_cell(qtbot, view, view.line_model.row_of_line(line), 2, text)
        if pid:
            choose_cell(qtbot, view, view.line_model.row_of_line(line), 3, pid)
        fill_amounts(qtbot, view, line, 4, amount)


def attach_everything(qtbot, page, monkeypatch, folder: Path) -> None:
    """Each item of the checklist: pick it in "Document for", click Attach, choose a PDF."""
    from reportlab.pdfgen import canvas

    def pdf(name: str) -> Path:
        path = folder / f"{name}.pdf"
        doc = canvas.Canvas(str(path), invariant=1)
        doc.drawString(72, 720, name)
        doc.showPage()
        doc.save()
        return path

    picked: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(picked[-1]), "PDF (*.pdf)"))
    n = 0
    while page.checklist.count() and any("✘" in page.checklist.item(r).text()
                                         for r in range(page.checklist.count())):
        missing = next(r for r in range(page.checklist.count())
                       if "✘" in page.checklist.item(r).text())
        page.kind.setFocus()
        key = Qt.Key.Key_Down if missing > page.kind.currentIndex() else Qt.Key.Key_Up
        while page.kind.currentIndex() != missing:
            qtbot.keyClick(page.kind, key)
        n += 1
        picked.append(pdf(f"piece-{n}"))
        click(qtbot, page.add_button)
        assert n < 10
    # A letter per partner, the two documents every proposal joins, and the agreement
    # that confirms the other sources' money (the financing plan's rule asks for it).
    assert page.list.count() == n == len(PARTNERS) + 3


def test_whole_proposal_through_the_widgets(make_gui, qtbot, monkeypatch, tmp_path):
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.resize(1360, 900)
    start = window.start
    choose(qtbot, start.program, "pri-2018")
    click(qtbot, start.new_button)
    assert session.is_open and session.program.id == "pri-2018"
    # The overview is home: the deadline as a countdown, every step not started.
    assert window.current_step() == "overview"
    overview = window.pages["overview"]
    assert overview.deadline.text().endswith("il reste 28 jours.")
    assert all(item.text().endswith("non commencée") for item in
               (overview.step_list.item(r) for r in range(overview.step_list.count())))
    qtbot.waitUntil(lambda: len(overview.chart_views) == 3)
    # A final export this early is confirmed first, with the count of errors.
    asked: list[str] = []

    def cancel(box):
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "Annuler").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    window.menus.export_package.trigger()
    # Counted and said as the status bar says it (one count everywhere).
    assert asked == [f"Reste à faire\xa0: {window.counts_label.text()}"]
    assert f"{session.counts()['todo']} éléments à remplir" in asked[0]
    applicant = next_step(qtbot, window, "applicant")
    # Plenty to do, but no message under a blank field until the user has been there.
    assert session.findings
    assert not [b for f in applicant.forms for b in f.bindings if b.message.isVisible()]
    fill_applicant(qtbot, applicant)
    fill_partners(qtbot, next_step(qtbot, window, "territory"))
    fill_governance(qtbot, next_step(qtbot, window, "governance"))
    for section in session.program.sections:
        page = next_step(qtbot, window, f"section:{section.id}")
        assert isinstance(page.editor, QPlainTextEdit)
        type_into(qtbot, page.editor, f"Notre réponse pour « {section.id} ».")
    fill_activities(qtbot, next_step(qtbot, window, "activities"),
                    [axis.id for axis in session.program.axes])
    fill_indicators(qtbot, next_step(qtbot, window, "indicators"))
    fill_expenses(qtbot, next_step(qtbot, window, "expenses"))
    partner_ids = [p.id for p in session.proposal.partners]
    revenues = next_step(qtbot, window, "revenues")
    fill_revenues(qtbot, revenues, partner_ids)
    # Québec asks its cap (400 000 $ of 700 000 $ of costs: 57 %): near, not over.
    assert [bar.level for bar in revenues.bars.cap_bars] == ["near"] * YEARS
    summary = next_step(qtbot, window, "summary")
    type_into(qtbot, binding_widget(summary, ("summary",)),
              "Un pôle qui oriente les entrepreneurs de la Mauricie.")
    assert session.proposal.summary == "Un pôle qui oriente les entrepreneurs de la Mauricie."
    attach_everything(qtbot, next_step(qtbot, window, "attachments"), monkeypatch, tmp_path)
    fill_attestation(qtbot, next_step(qtbot, window, "attestation"))
    assert session.proposal.signatory.resolution_date is not None
    review = next_step(qtbot, window, "review")

    # Validation runs once the event loop is idle (edits in a burst validate once).
    def errors() -> list:
        return [f for f in session.findings if f.severity == "error"]

    with contextlib.suppress(qtbot.TimeoutError):
        qtbot.waitUntil(lambda: not errors(), timeout=3000)
    assert not errors(), [(f.code, f.location, f.message) for f in errors()]
    shown = window.findings.findings_shown()
    assert not [f for f in shown if f.severity == "error"]
    # What is left are the financing plan's warnings (no status or justification typed
    # here: the financing columns have their own test), nothing else.
    warnings = [f for f in session.findings if f.severity == "warning"]
    assert {f.code for f in warnings} <= {"PRI-FUNDING-STATUS", "PRI-FUNDING-CONFIRMED",
                                           "PRI-JUSTIFY"}
    left = f"0 erreur à corriger, 0 élément à remplir, {len(warnings)} avertissements."
    assert review.summary.text() == left
    assert window.counts_label.text() == left

    # Back home: every step complete, and the charts' figures are the model's.
    window.go_to("overview")
    qtbot.waitUntil(lambda: overview.figures.asked == session.summary.funder_by_year)
    assert all(item.text().endswith("complète") for item in
               (overview.step_list.item(r) for r in range(overview.step_list.count())))
    figures = overview.figures
    assert figures.caps == list(session.program.caps.funder_per_year)
    assert [sum(s.values[y] for s in figures.revenues) for y in range(YEARS)] == \
        session.summary.revenues_by_year
    assert figures.share == [session.summary.share_ratio(y) for y in range(YEARS)]
    assert {s.label for s in figures.revenues} >= {"Gouvernement du Québec (PRI)"} or \
        len(figures.revenues) >= 3
    window.go_to("review")

    # Export through the review step's buttons; each finished export offers the folder.
    offers: list[str] = []

    def not_now(box):
        offers.append(box.text())
        next(b for b in box.buttons() if b.text() == "Pas maintenant").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", not_now)
    written = {}
    for kind, button in (("docx", review.docx_button), ("pdf", review.pdf_button),
                         ("package", review.package_button)):
        target = tmp_path / f"dossier-{kind}{'.docx' if kind == 'docx' else '.pdf'}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, t=target, **k: (str(t), ""))
        with qtbot.waitSignal(window.output.finished, timeout=60000):
            click(qtbot, button)
        written[kind] = target
    assert len(offers) == 3 and not window.output.last_error

    import docx
    from pypdf import PdfReader

    document = docx.Document(str(written["docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "MRC des Essais" in text and "Caisse Épargne-Test" in text
    assert "700 000,00" in text.replace("\u202f", " ").replace("\xa0", " ")
    for kind in ("pdf", "package"):
        data = written[kind].read_bytes()
        reader = PdfReader(io.BytesIO(data))
        pdf_text = "\n".join(page.extract_text() for page in reader.pages)
        flat = pdf_text.replace("\u202f", " ").replace("\xa0", " ")
        assert "MRC des Essais" in flat and "700 000,00" in flat, kind
        assert "BROUILLON" not in flat.upper()
    # The package is the dossier followed by the attachments.
    assert len(PdfReader(written["package"]).pages) > len(PdfReader(written["pdf"]).pages)
