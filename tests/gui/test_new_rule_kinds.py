"""Each new rule kind's finding jumps to the field it is about: the founding date, the
project's end date, the section over its character limit, the expenses below the
minimum project size, a line over a territory's rate or an applicant type's category cap;
and the founding and end dates are inputs only when the program's rules ask for them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from proposalkit.core.locations import Where
from tests.core.test_new_kinds import EXTRA, FIXTURE
from tests.gui.conftest import binding_widget


def _install(gui, tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        'word_limit = 100\n', 'word_limit = 100\nchar_limit = 20\n') + EXTRA
    path = tmp_path / "regional-fund-2025.toml"
    path.write_text(text, encoding="utf-8")
    gui.window.install_program(path)
    gui.window.new_proposal("regional-fund-2025")
    assert gui.session.program.id == "regional-fund-2025"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_findings_of_the_new_kinds_jump_to_their_field(make_gui, qtbot, tmp_path, lang):
    gui = make_gui(lang)
    _install(gui, tmp_path)
    session, window = gui.session, gui.window
    session.set_value(("applicant", "founded"), date(2025, 1, 1))
    session.set_value(("budget", "start_date"), date(2026, 1, 1))
    session.set_value(("budget", "end_date"), date(2026, 6, 30))
    session.set_value(("sections", "project"), "x" * 21)
    session.set_value(("applicant", "legal_form"), "business")
    session.set_value(("territory",), "gaspesie")
    session.revalidate()
    codes = {f.code: f.location for f in session.findings}
    assert codes["RF-AGE"] == ("applicant", "founded")
    assert codes["RF-WINDOW"] == ("budget", "end_date")
    assert codes["RF-CHARS"] == ("sections", "project")
    assert codes["RF-SIZE"] == ("budget", "expenses")

    # Each jump shows the step and lands on the input bound to the finding's field.
    for code, step, field in (("RF-AGE", "applicant", ("applicant", "founded")),
                              ("RF-WINDOW", "expenses", ("budget", "end_date"))):
        window.jump_to(codes[code])
        assert window.current_step() == step
        widget = binding_widget(window.pages[step], field)
        assert widget.isVisible() and _targets(window.pages[step], codes[code]) is widget
    window.jump_to(codes["RF-CHARS"])
    assert window.current_step() == "section:project"
    # The section's counter shows the characters against their limit, red past it.
    page = window.pages["section:project"]
    page.update_count()
    assert ("21 characters of 20" if lang == "en" else "21 caractères sur 20") in \
        page.count.text()
    assert "c62828" in page.count.styleSheet()
    window.jump_to(codes["RF-SIZE"])
    assert window.current_step() == "expenses"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_money_after_the_project_end_jumps_to_its_cell(make_gui, qtbot, tmp_path, lang):
    # The window against the budget's years: a one-year project with an amount in year 2.
    from decimal import Decimal

    from proposalkit.core.model import ExpenseLine

    gui = make_gui(lang)
    _install(gui, tmp_path)
    session, window = gui.session, gui.window
    session.set_value(("budget", "start_date"), date(2026, 1, 1))
    session.set_value(("budget", "end_date"), date(2026, 12, 31))
    session.set_value(("budget", "expenses"), [
        ExpenseLine(category="services", amounts=[Decimal(1000), Decimal(0)]),
        ExpenseLine(category="services", amounts=[Decimal(1000), Decimal(500)])])
    session.revalidate()
    cell = ("budget", "expenses", 1, "amounts", 1)
    assert cell in [f.location for f in session.findings if f.code == "RF-WINDOW"]
    window.jump_to(cell)
    assert window.current_step() == "expenses"
    view = window.pages["expenses"].tables[0]
    index = view.currentIndex()
    assert view.line_model.line_at(index.row()) == 1
    assert view.line_model.columns[index.column()].key == ("amounts", 1)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_section_counter_groups_thousands(make_gui, qtbot, tmp_path, lang):
    gui = make_gui(lang)
    _install(gui, tmp_path)
    gui.session.set_value(("sections", "project"), "mot " * 1001)
    gui.window.jump_to(("sections", "project"))
    page = gui.window.pages["section:project"]
    page.update_count()
    assert ("1,001 words of 100" if lang == "en" else "1\u00a0001 mots sur 100") in \
        page.count.text(), page.count.text()


def _targets(page, location):
    """The input that ``page.focus(location)`` gives the focus to."""
    for form in page.forms:
        for binding in form.bindings:
            if Where(location).within(binding.location):
                return binding.widget
    return None


def test_the_dates_are_asked_only_when_a_rule_needs_them(make_gui):
    gui = make_gui("en")
    gui.window.open_example()
    with pytest.raises(LookupError):
        binding_widget(gui.window.go_to("applicant"), ("applicant", "founded"))
    with pytest.raises(LookupError):
        binding_widget(gui.window.go_to("expenses"), ("budget", "end_date"))
