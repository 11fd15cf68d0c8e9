"""Text inputs stop where the model would refuse (issue 10, follow-up): a line edit takes
its field's own limit, and a narrative box never shows text the model does not hold."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from proposalkit.core.model import MAX_DESCRIPTION, MAX_NARRATIVE, MAX_SHORT_TEXT, text_limit
from proposalkit.gui.binding import Form
from tests.gui.conftest import binding_widget, type_into


def test_text_limit_is_read_from_the_model_types():
    assert text_limit(("sections", "context")) == MAX_NARRATIVE
    assert text_limit(("governance", "description")) == MAX_NARRATIVE
    assert text_limit(("budget", "expenses", 3, "description")) == MAX_DESCRIPTION
    assert text_limit(("partners", 0, "role")) == MAX_DESCRIPTION
    assert text_limit(("applicant", "address", "city")) == MAX_SHORT_TEXT
    assert text_limit(("partners", 0, "letter_attachment_id")) == MAX_SHORT_TEXT
    assert text_limit(("budget", "start_date")) is None
    assert text_limit(("no_such_field",)) is None


def test_a_line_edit_takes_the_limit_of_its_field(make_gui, qtbot):
    gui = make_gui("en")
    gui.window.open_example()
    form = Form(gui.session)
    qtbot.addWidget(form)
    location = ("budget", "expenses", 0, "description")
    edit = form.line("Description:", location)
    assert edit.maxLength() == MAX_DESCRIPTION
    edit.setFocus()
    edit.selectAll()
    QApplication.clipboard().setText("y" * (MAX_DESCRIPTION + 50))
    edit.paste()  # Qt cuts it at the limit: the model holds exactly that, and it is said
    assert gui.session.value(location) == "y" * MAX_DESCRIPTION
    note = form.findChild(type(form.bindings[0].message), "limitNote")
    assert note.text().startswith("At most 1,000 characters: what you typed or pasted past")
    assert form.line("City:", ("applicant", "address", "city")).maxLength() == MAX_SHORT_TEXT


def test_a_section_never_shows_text_the_model_refused(make_gui, qtbot):
    gui = make_gui("en")
    window, session = gui.window, gui.session
    window.open_example()
    location = ("sections", "context")
    page = window.go_to("section:context")
    box = binding_widget(page, location)
    near = "a" * (MAX_NARRATIVE - 3)
    session.set_value(location, near)
    note = next(label for form in page.forms for label in
                form.findChildren(type(form.bindings[0].message), "limitNote")
                if label.parent() is box.parent())
    assert box.toPlainText() == near and note.isVisibleTo(page)
    assert note.text() == "99,997 of 100,000 characters"
    cursor = box.textCursor()
    cursor.setPosition(10)
    box.setTextCursor(cursor)
    type_into(qtbot, box, "bc")  # still fits
    assert session.value(location) == near[:10] + "bc" + near[10:]
    pasted = "pasted text that does not fit"
    QApplication.clipboard().setText(pasted)
    box.paste()
    # The box shows what the model holds, the cursor where it was, and says why.
    assert box.toPlainText() == session.value(location) == near[:10] + "bc" + near[10:]
    assert box.textCursor().position() == 12
    assert "not added" in note.text() and f"{MAX_NARRATIVE - 1 + len(pasted):,}" in note.text()
    count = session.undo_stack.count()
    type_into(qtbot, box, "d")  # the last character that fits
    assert len(session.value(location)) == MAX_NARRATIVE
    type_into(qtbot, box, "e")
    assert box.toPlainText() == session.value(location)
    assert len(box.toPlainText()) == MAX_NARRATIVE and session.undo_stack.count() >= count
    session.undo_stack.setClean()


def test_the_count_and_refusal_are_french_in_french(make_gui, qtbot):
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.open_example()
    page = window.go_to("section:context")
    box = binding_widget(page, ("sections", "context"))
    session.set_value(("sections", "context"), "a" * MAX_NARRATIVE)
    QApplication.clipboard().setText("plus")
    box.paste()
    note = box.parent().findChild(type(page.forms[0].bindings[0].message), "limitNote")
    assert "100\u00a0000" in note.text() and "pas été ajouté" in note.text()
    session.undo_stack.setClean()


def test_a_refusal_names_the_field_as_the_user_knows_it(make_gui, qtbot):
    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.open_example()
    title = session.program.section("context").title(session.translator)
    session.set_value(("sections", "context"), "x" * (MAX_NARRATIVE + 1))
    message = window.statusBar().currentMessage()
    assert message.startswith(f"{title}\u00a0: ") and "sections.context" not in message
    session.set_value(("budget", "expenses", 1, "description"), "x" * (MAX_DESCRIPTION + 1))
    assert window.statusBar().currentMessage().startswith(
        "Dépenses › ligne 2 › description\u00a0: ")
    partner = session.proposal.partners[0]
    session.set_value(("partners", 0, "name"), "x" * (MAX_SHORT_TEXT + 1))
    assert window.statusBar().currentMessage().startswith(f"Partenaires › {partner.name} › nom")
    # A whole list replaced: the place is found inside it.
    lines = [line.model_dump() for line in session.proposal.budget.expenses]
    lines[0]["category"] = "c" * (MAX_SHORT_TEXT + 1)
    session.replace(("budget", "expenses"), lines, "paste")
    assert window.statusBar().currentMessage().startswith("Dépenses › ligne 1 › catégorie\u00a0: ")
    session.set_value(("applicant", "address", "city"), "v" * (MAX_SHORT_TEXT + 1))
    assert window.statusBar().currentMessage().startswith("Demandeur › adresse › ville\u00a0: ")


def test_a_table_cell_editor_takes_the_limit_of_its_field(make_gui, qtbot):
    from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem

    gui = make_gui("en")
    window = gui.window
    window.open_example()
    page = window.go_to("territory")
    view = page.partners
    model = view.model()
    limits = {}
    for c, column in enumerate(model.columns):
        if column.kind == "text":
            delegate = view.itemDelegateForColumn(c)
            editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(),
                                           model.index(0, c))
            assert isinstance(editor, QLineEdit)
            limits[column.key] = editor.maxLength()
    assert limits[("name",)] == MAX_SHORT_TEXT and limits[("role",)] == MAX_DESCRIPTION
