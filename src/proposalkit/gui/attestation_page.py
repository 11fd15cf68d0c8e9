"""The attestation step: who signs, the board resolution that authorizes them, the
call's declarations as boxes to tick, and the sentence the dossier will print."""

from __future__ import annotations

import textwrap
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from proposalkit.core.edits import Changes
from proposalkit.export.attestation import attestation_text
from proposalkit.gui.guard import plain
from proposalkit.gui.pages import Page
from proposalkit.gui.session import Session

#: A declaration's text is broken into lines of about this many characters (a check
#: box's text does not wrap by itself, and the page must fit a 1024-pixel window).
WRAP = 60


class AttestationPage(Page):
    """The signatory, the resolution beside them, and the declarations."""

    step_id = "attestation"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.translator
        _ = tr.gettext
        super().__init__(session, _(
            "Name the person who signs the application and the board resolution that "
            "authorizes them, then tick each declaration the call asks for once it is true "
            "of the applicant."), parent)
        program = session.program
        assert program is not None
        form = self.form()
        form.line(_("Person &who signs:"), ("signatory", "name"))
        form.line(_("Signator&y's title:"), ("signatory", "title"))
        form.line(_("Board &resolution number:"), ("signatory", "resolution_number"))
        self.resolution_date = form.date(_("Resolution ado&pted on:"),
                                         ("signatory", "resolution_date"), _("(not set)"),
                                         session.today or date.today())
        self.declarations = []
        if program.declarations:
            # A caption above the boxes, not beside them: each box then has the page's
            # whole width for its sentence.
            caption = QLabel(_("&Declarations:"))
            self.body.addWidget(caption)
            boxes = self.form()
            for declaration in program.declarations:
                text = declaration.text(tr)
                if not declaration.required:
                    text += " " + _("(optional)")
                box = boxes.check("", textwrap.fill(text, WRAP),
                                  ("declarations", declaration.id))
                box.setAccessibleName(text)  # the whole sentence, not its first line
                self.declarations.append(box)
            caption.setBuddy(self.declarations[0])
        else:
            self.body.addWidget(plain(QLabel(_("The call asks for no declaration."))))
        caption = QLabel(_("The attestation as the dossier prints it:"))
        self.body.addWidget(caption)
        self.sentence = plain(QLabel())
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence.setStyleSheet(
            "QLabel { padding: 6px; border-left: 3px solid palette(mid); }")
        self.body.addWidget(self.sentence)
        self.body.addStretch(1)
        self._show_sentence()
        self.show_findings()

    def _show_sentence(self) -> None:
        from proposalkit.core.names import named

        session = self.session
        proposal, program = session.proposal, session.program
        if proposal is None or program is None:
            return
        tr = session.translator
        applicant = proposal.applicant.legal_name.strip() or tr.gettext(
            "(applicant not named yet)")
        self.sentence.setText(attestation_text(
            program, proposal, tr, named(proposal.applicant, session.lang, applicant)))

    def refresh(self, changes: Changes | None = None) -> None:
        """Show the model's values again, and the sentence they make."""
        super().refresh(changes)
        self._show_sentence()
