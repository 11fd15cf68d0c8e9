"""The summary step's preview of the dossier's summary page: the blocks the export
builds (:func:`proposalkit.export.financing_blocks.summary_blocks`), in the dossier's
language and its typography, shown read-only under the applicant's summary text.

What the window shows of the dossier goes through the same typography pass as the export
(:func:`proposalkit.core.typography.typeset`): a figure's thousands are joined by narrow
no-break spaces and its sign by a no-break space, so « 2 940 000 $ » never breaks across
two lines, even when the applicant typed plain spaces in the summary. The applicant's own
field keeps what was typed.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from proposalkit.core.typography import typeset
from proposalkit.gui.guard import KEEP_SPACES, guarded

if TYPE_CHECKING:
    from proposalkit.export.ir import Block
    from proposalkit.gui.session import Session


def blocks_html(blocks: list[Block], lang: str) -> str:
    """Headings, key-value rows, paragraphs and tables as simple rich text, every text
    typeset for ``lang`` and escaped (user text never reaches the markup unescaped)."""
    from proposalkit.core.money import format_amount
    from proposalkit.core.typography import narrow_groups
    from proposalkit.export.ir import Heading, KeyValues, Paragraph, Table

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            value = narrow_groups(format_amount(value, lang), lang)
        return html.escape(typeset(str(value), lang)).replace("\n", "<br>")

    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            level = min(block.level + 2, 6)  # under the page's own title
            out.append(f"<h{level} {KEEP_SPACES}>{text(block.text)}</h{level}>")
        elif isinstance(block, KeyValues):
            rows = "".join(f"<tr><td {KEEP_SPACES}><b>{text(key)}</b></td>"
                           f"<td {KEEP_SPACES}>{text(value)}</td></tr>"
                           for key, value in block.rows)
            out.append(f"<table cellspacing='0' cellpadding='3'>{rows}</table>")
        elif isinstance(block, Paragraph):
            body = text(block.text)
            if block.style != "body":
                body = f"<i>{body}</i>" if block.style == "note" else f"<b>{body}</b>"
            out.append(f"<p {KEEP_SPACES}>{body}</p>")
        elif isinstance(block, Table):
            out.append(_table_html(block, text))
    return "".join(out)




def _table_html(table: object, text) -> str:  # noqa: ANN001 - the caller's escaper
    from proposalkit.export.ir import Table

    assert isinstance(table, Table)
    aligns = [column.align for column in table.columns]

    def row(cells: tuple, tag: str, bold: bool = False) -> str:
        shown = []
        for number, cell in enumerate(cells):
            align = aligns[number] if number < len(aligns) else "left"
            body = f"<b>{text(cell)}</b>" if bold else text(cell)
            shown.append(f"<{tag} align='{align}' {KEEP_SPACES}>{body}</{tag}>")
        return "<tr>" + "".join(shown) + "</tr>"

    rows = [row(header, "th") for header in table.header]
    rows += [row(line.cells, "td", line.kind != "body") for line in table.body]
    rows += [row(line.cells, "td", True) for line in table.totals]
    return ("<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            + "".join(rows) + "</table>")


class SummaryPreview(QTextBrowser):
    """The dossier's summary page, read-only, brought up to date after the edits that
    change it (once per burst of edits, and only while it shows)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(session.translator.gettext("Summary page of the dossier"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        session.changed.connect(self.schedule)
        session.findings_changed.connect(self.schedule)
        session.reset.connect(self.schedule)
        self._stale = True

    def schedule(self, *_args: object) -> None:
        """Show the page again once the edits in progress are done."""
        self._stale = True
        if self.isVisible():
            self._timer.start(0)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Brought up to date when it shows."""
        super().showEvent(event)  # type: ignore[arg-type]
        if self._stale:
            self.refresh()

    @guarded(None)
    def refresh(self) -> None:
        """Build the summary page's blocks as the export does and show them."""
        from proposalkit.core.budget import summarize
        from proposalkit.export.financing_blocks import PlanWriter, summary_blocks
        from proposalkit.export.text import user_line
        from proposalkit.i18n import translator

        session = self.session
        proposal, program = session.proposal, session.program
        if proposal is None or program is None:
            return
        self._stale = False
        lang = proposal.language
        tr = translator(lang)
        summary = session.summary or summarize(program, proposal)
        writer = PlanWriter(program, proposal, summary, tr, lambda _id: None)
        applicant = user_line(proposal.applicant.legal_name, lang) or tr.gettext(
            "(applicant not named yet)")
        blocks = summary_blocks(program, proposal, summary, tr, writer, applicant)
        scroll = self.verticalScrollBar().value()
        self.setHtml(blocks_html(blocks[1:], lang))  # the page's own title says it
        self.verticalScrollBar().setValue(scroll)
