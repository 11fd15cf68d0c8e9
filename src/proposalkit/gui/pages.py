"""The editor's form pages: applicant, territory and partners, governance, and one page
per narrative section of the program pack."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.checks_dossier import count_words
from proposalkit.core.edits import Changes
from proposalkit.core.formats import format_phone, format_postal_code
from proposalkit.core.locations import Where
from proposalkit.core.model import CommitteeMember, Partner
from proposalkit.core.money import format_money
from proposalkit.core.names import EN_ARTICLES, FR_ARTICLES
from proposalkit.core.steps import SECTION_PREFIX, steps
from proposalkit.core.validation import Location
from proposalkit.gui import binding, dialogs
from proposalkit.gui.binding import Form
from proposalkit.gui.guard import plain
from proposalkit.gui.line_table import LineTable
from proposalkit.gui.session import Session
from proposalkit.gui.tables import Column, LineTableModel
from proposalkit.i18n import Translator

#: Milliseconds of pause in typing before a section's word count is updated.
COUNT_DELAY_MS = 120


class Page(QWidget):
    """One step of the editor: a title, the step's guidance, and its inputs."""

    #: The step this page edits (its title comes from the table of steps).
    step_id = ""

    def __init__(self, session: Session, guidance: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        program = session.program
        assert program is not None
        title = next(s.title(program, session.translator) for s in steps(program)
                     if s.id == self.step_id)
        self.forms: list[Form] = []
        self.tables: list[LineTable] = []
        self.read_only = False
        outer = QVBoxLayout(self)
        heading = plain(QLabel(title))  # a pack's section title: someone else's text
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        outer.addWidget(heading)
        self.heading = heading
        if guidance:
            outer.addWidget(self._guidance(guidance))
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        session.changed.connect(self.refresh)
        session.findings_changed.connect(self.show_findings)

    def _guidance(self, text: str) -> QWidget:
        tr = self.session.translator
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        toggle = QToolButton()
        toggle.setText(tr.gettext("G&uidance"))
        toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toggle.setCheckable(True)
        toggle.setChecked(True)
        toggle.setArrowType(Qt.ArrowType.DownArrow)
        toggle.setAccessibleName(tr.gettext("Show or hide the guidance"))
        label = plain(QLabel(text))  # a pack's guidance
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet("QLabel { padding: 6px; border-left: 3px solid palette(highlight); }")

        def flip(on: bool) -> None:
            label.setVisible(on)
            toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

        toggle.toggled.connect(flip)
        layout.addWidget(toggle)
        layout.addWidget(label)
        self.guidance_toggle, self.guidance_label = toggle, label
        return box

    def form(self) -> Form:
        """A new form added to the page."""
        form = Form(self.session)
        self.forms.append(form)
        self.body.addWidget(form)
        return form

    def table(self, model: LineTableModel, name: str, add_text: str) -> LineTable:
        """A line table with Add, Remove, Move up and Move down buttons under it."""
        tr = self.session.translator
        view = LineTable(model, name)
        self.tables.append(view)
        self.body.addWidget(view, 1)
        buttons = QHBoxLayout()
        add = QPushButton(add_text)
        remove = QPushButton(tr.gettext("&Remove"))
        up = QPushButton(tr.gettext("M&ove up"))
        down = QPushButton(tr.gettext("Move dow&n"))
        for button in (add, remove, up, down):
            buttons.addWidget(button)
        buttons.addStretch(1)
        message = plain(QLabel())
        message.setWordWrap(True)
        message.setStyleSheet(binding.ERROR_STYLE)
        message.setVisible(False)

        def show_error(text: str) -> None:
            message.setText(text)
            message.setVisible(bool(text))

        model.input_error.connect(show_error)
        model.modelReset.connect(lambda: show_error(""))

        def add_line() -> None:
            row = model.add_line(model.group_at(view.currentIndex().row()))
            view.setCurrentIndex(model.index(row, 0))
            view.setFocus()

        def current_line() -> int | None:
            return model.line_at(view.currentIndex().row())

        def remove_line() -> None:
            line = current_line()
            if line is not None and self._removal_confirmed(model, line):
                model.remove_line(line)

        def move(step: int) -> None:
            line = current_line()
            if line is not None:
                column = view.currentIndex().column()
                view.setCurrentIndex(model.index(model.move_line(line, step), column))

        add.clicked.connect(add_line)
        remove.clicked.connect(remove_line)
        up.clicked.connect(lambda: move(-1))
        down.clicked.connect(lambda: move(1))
        self.body.addLayout(buttons)
        self.body.addWidget(message)
        view.add_button, view.message = add, message  # type: ignore[attr-defined]
        view.edit_buttons = (add, remove, up, down)  # type: ignore[attr-defined]
        return view

    def _removal_confirmed(self, model: LineTableModel, line: int) -> bool:
        """A line that carries money (a partner worth 600 000 $) is removed only once the
        user said so; an empty one goes at once (Ctrl+Z brings either back)."""
        row = model.rows[model.row_of_line(line)]
        money = sum((model.money_value(row, c) for c, column in enumerate(model.columns)
                     if column.kind == "money"), Decimal(0))
        if not money:
            return True
        tr = self.session.translator
        name = next((str(model.data(model.index(model.row_of_line(line), c)) or "")
                     for c, column in enumerate(model.columns) if column.kind == "text"), "")
        return dialogs.confirm(self, tr, tr.gettext("Remove line"), tr.gettext(
            "“{name}” carries {amount} in all. Remove it?").format(
            name=name or tr.gettext("(no name)"), amount=format_money(money, self.session.lang)),
            tr.gettext("&Remove"))

    def set_read_only(self, on: bool) -> None:
        """Show the page's inputs as read-only (the file is open in another window)."""
        self.read_only = on
        for form in self.forms:
            form.set_read_only(on)
        for view in self.tables:
            view.set_read_only(on)
            for button in view.edit_buttons:  # type: ignore[attr-defined]
                button.setEnabled(not on)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Leaving the page forgets a refused cell's message: what was typed is gone with
        its editor, and coming back must not show a problem that is no longer there."""
        for view in self.tables:
            view.message.setVisible(False)  # type: ignore[attr-defined]
        super().hideEvent(event)

    # -- sync -------------------------------------------------------------------------
    def refresh(self, changes: Changes | None = None) -> None:
        """Show the model's values again (those ``changes`` touch; all without)."""
        for form in self.forms:
            form.refresh(changes)

    def show_findings(self) -> None:
        """Show the findings that concern this page."""
        for form in self.forms:
            form.show_findings()

    def focus(self, location: Location) -> None:
        """Move the keyboard focus to the input for ``location``."""
        for form in self.forms:
            if form.focus(location):
                return
        where = Where(location)
        for view in self.tables:
            model = view.line_model
            if where.within(model.location):
                rest = where.below(model.location)
                if rest and isinstance(rest[0], int):
                    column = next((c for c, col in enumerate(model.columns)
                                   if rest[1:] == col.key), 0)
                    view.select_line(rest[0], column)
                view.setFocus()
                return


def _choices(items, tr) -> list[tuple[str, str]]:  # noqa: ANN001 - pack choices
    return [(item.id, item.label(tr)) for item in items]


class ApplicantPage(Page):
    """The lead applicant, its address and contact, and who signs."""

    step_id = "applicant"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.translator
        _ = tr.gettext
        program = session.program
        assert program is not None
        super().__init__(session, _(
            "Identify the organization that leads the application (who signs it is named at the "
            "Attestation step).") + " "
            + program.who_may_apply(tr), parent)
        form = self.form()
        form.line(_("P&roject title:"), ("metadata", "title"))
        form.line(_("&Legal name:"), ("applicant", "legal_name"))
        # How the proposal's language introduces the name (« la MRC », "the University"),
        # for the sentences of the dossier and the letters; the other language's article
        # is suggested from the name (and chosen in the partners table for partners).
        language = session.proposal.language if session.proposal else session.lang
        form.combo(_("A&rticle before the name:"),
                   ("applicant", "article" if language == "fr" else "article_en"),
                   article_choices(language, tr), _("(as the name suggests)"))
        form.line(_("NE&Q (Québec enterprise number):"), ("applicant", "neq"),
                  binding.NEQ, "1171234567")
        form.combo(_("Leg&al form:"), ("applicant", "legal_form"),
                   _choices(program.legal_forms, tr), _("(choose)"))
        form.combo(_("Ma&in activity:"), ("applicant", "main_activity"),
                   _choices(program.main_activities, tr), _("(choose)"))
        form.check(_("Establishment:"), _("Main esta&blishment in Québec"),
                   ("applicant", "main_establishment_in_quebec"))
        if program.rules_of("applicant_age"):
            # Only a call that counts years of existence asks for the founding date.
            from datetime import date

            self.founded = form.date(_("Founded on:"), ("applicant", "founded"),
                                     _("(not set)"), date(2000, 1, 1))
        form.line(_("&Street address:"), ("applicant", "address", "street"))
        form.line(_("&City:"), ("applicant", "address", "city"))
        form.line(_("Postal co&de:"), ("applicant", "address", "postal_code"),
                  binding.POSTAL_CODE, "G9A 2H1", format_postal_code)
        form.line(_("Co&ntact person:"), ("applicant", "contact", "name"))
        form.line(_("Con&tact's title:"), ("applicant", "contact", "title"))
        form.line(_("E&mail:"), ("applicant", "contact", "email"), None, "nom@exemple.org")
        form.line(_("Ph&one:"), ("applicant", "contact", "phone"), binding.PHONE,
                  "819 555-0142", lambda text: format_phone(text, (
                      session.proposal.language if session.proposal else session.lang)))
        described: dict[Location, str] = {}
        # What the program accepts comes from its pack, not from the 2018 hubs (this
        # replaces the field-help table's generic text for these two fields).
        for kind, field in (("legal_forms", "legal_form"), ("main_activities", "main_activity")):
            accepted = getattr(program.eligibility, kind)
            described[("applicant", field)] = _("The program accepts: {choices}.").format(
                choices=", ".join(program.label(kind, c, tr) for c in accepted))
        form.describe(described)
        self.body.addStretch(1)
        self.show_findings()


def article_choices(lang: str, tr: Translator) -> list[tuple[str, str]]:
    """The articles a name can take in ``lang``, « none » included (model id, label)."""
    articles = FR_ARTICLES if lang == "fr" else EN_ARTICLES
    return [(a, tr.gettext("(no article)") if a == "none" else a) for a in articles]


def _amount_columns(tr, key: str, label: str, years: int) -> list[Column]:  # noqa: ANN001
    return [Column((key, y), label.format(n=y + 1), "money") for y in range(years)]


class TerritoryPage(Page):
    """The proposal's territory and the partners of the consortium."""

    step_id = "territory"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.translator
        _ = tr.gettext
        super().__init__(session, _(
            "One joint application per region: choose the territory, then list every "
            "partner with its cash and in-kind contributions for each year. Each "
            "contribution must also appear in the budget's revenues, and each partner "
            "sends a letter of support (see Attachments)."), parent)
        program = session.program
        assert program is not None
        form = self.form()
        form.combo(_("&Territory:"), ("territory",), _choices(program.territories, tr),
                   _("(choose)"))
        years = program.years
        columns = [
            Column(("name",), _("Partner")),
            Column(("type",), _("Type"), "choice", tuple(_choices(program.partner_types, tr))),
            Column(("role",), _("Role")),
            Column(("letter_received",), _("Letter received"), "bool"),
            *_amount_columns(tr, "cash", _("Cash, year {n}"), years),
            *_amount_columns(tr, "in_kind", _("In kind, year {n}"), years),
        ]
        columns.append(Column(("total",), _("Total"), "sum", of=tuple(range(4, 4 + 2 * years))))
        # How French and English introduce each name (« la MRC », « the University »),
        # for the sentences of the dossier and the letters; last, so that the columns of
        # amounts keep their place.
        suggested = ("", _("(as the name suggests)"))
        columns += [Column(("article",), _("Article (French)"), "choice",
                           (suggested, *article_choices("fr", tr))),
                    Column(("article_en",), _("Article (English)"), "choice",
                           (suggested, *article_choices("en", tr)))]
        model = LineTableModel(
            session, ("partners",), columns,
            lambda _group: Partner(cash=[Decimal(0)] * years, in_kind=[Decimal(0)] * years),
            total_label=_("Total"), parent=self)
        caption = QLabel(_("Partner&s:"))
        self.body.addWidget(caption)
        self.partners = self.table(model, _("Partners"), _("&Add a partner"))
        caption.setBuddy(self.partners)
        self.show_findings()


class GovernancePage(Page):
    """How the project is governed, and its committee."""

    step_id = "governance"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.translator
        _ = tr.gettext
        super().__init__(session, _(
            "Describe the committee or board that steers the project and list its members."),
            parent)
        program = session.program
        assert program is not None
        form = self.form()
        form.text(_("&Description:"), ("governance", "description"))
        columns = [
            Column(("name",), _("Name")),
            Column(("organization",), _("Organization")),
            Column(("sector",), _("Sector"), "choice",
                   tuple(_choices(program.governance_sectors, tr))),
        ]
        model = LineTableModel(session, ("governance", "members"), columns,
                               lambda _group: CommitteeMember(), parent=self)
        caption = QLabel(_("Committee &members:"))
        self.body.addWidget(caption)
        self.members = self.table(model, _("Committee members"), _("&Add a member"))
        caption.setBuddy(self.members)
        self.show_findings()


class SummaryPage(Page):
    """The project in a few sentences, in the applicant's words: the first paragraph of
    the dossier's summary page (its figures come from the other steps)."""

    step_id = "summary"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        _ = session.translator.gettext
        super().__init__(session, _(
            "Say in a few sentences what the project is, for whom, and what it will change: "
            "the dossier's summary page opens with it, beside the figures of the other "
            "steps."), parent)
        form = self.form()
        form.text(_("&Summary:"), ("summary",))
        from proposalkit.gui.summary_preview import SummaryPreview

        caption = QLabel(_("The summary page as the dossier prints it:"))
        self.body.addWidget(caption)
        self.preview = SummaryPreview(session)
        self.preview.setMinimumHeight(160)
        self.body.addWidget(self.preview, 1)
        self.show_findings()


class SectionPage(Page):
    """One narrative section, with its guidance and a live word count."""

    def __init__(self, session: Session, section_id: str, parent: QWidget | None = None) -> None:
        program = session.program
        assert program is not None
        section = program.section(section_id)
        assert section is not None
        tr = session.translator
        self.step_id = SECTION_PREFIX + section_id
        super().__init__(session, section.guidance(tr), parent)
        self.location: Location = ("sections", section_id)
        self.limit = section.word_limit
        #: A limit in characters too (with or without spaces), when the pack gives one.
        self.char_limit, self.char_spaces = section.char_limit, section.char_spaces
        form = self.form()
        self.editor = form.text(tr.gettext("&Text:"), self.location, minimum_height=300)
        self.body.setStretch(0, 1)
        self.editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.count = QLabel()
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.body.addWidget(self.count)
        self._over: bool | None = None
        # While typing, the count follows a short pause rather than every key: counting
        # splits the whole text, and the label's restyle costs a relayout.
        self.count_timer = QTimer(self)
        self.count_timer.setSingleShot(True)
        self.count_timer.setInterval(COUNT_DELAY_MS)
        self.count_timer.timeout.connect(self.update_count)
        self.update_count()
        self.show_findings()

    def update_count(self) -> None:
        """Show the word count against the limit (red past the limit)."""
        self.count_timer.stop()
        tr = self.session.translator
        text = str(self.session.value(self.location) or "")
        words = count_words(text)
        from proposalkit.core.money import format_count

        def number(value: int) -> str:
            return format_count(value, tr.lang)

        shown = tr.ngettext("{words} word of {limit}", "{words} words of {limit}",
                            words).format(words=number(words), limit=number(self.limit))
        over = words > self.limit
        if self.char_limit is not None:
            from proposalkit.core.checks_dossier import count_chars

            chars = count_chars(text, self.char_spaces)
            shown += " · " + (tr.gettext("{count} characters of {limit} (spaces included)")
                              if self.char_spaces else
                              tr.gettext("{count} characters of {limit} (spaces not "
                                         "included)")).format(count=number(chars),
                                                              limit=number(self.char_limit))
            over = over or chars > self.char_limit
        self.count.setText(shown)
        if over != self._over:
            self._over = over
            self.count.setStyleSheet("color: #c62828; font-weight: bold;" if over else "")

    def refresh(self, changes: Changes | None = None) -> None:
        """Show the model's text again; recount now (reload) or after a pause (typing)."""
        super().refresh(changes)
        if changes is None:
            self.update_count()
        elif changes.section(str(self.location[1])):
            self.count_timer.start()
