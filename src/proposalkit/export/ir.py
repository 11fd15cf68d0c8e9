"""The intermediate document (IR): a dossier as a flat list of blocks.

:func:`proposalkit.export.builder.build_dossier` walks the proposal once and produces a
:class:`Dossier`; the DOCX writer, the PDF writer, the final package and the GUI's preview
consume it and never look at the proposal themselves (novelWriter's tokenizer feeding its
format writers). Every text in a dossier is already in the output language and already
cleaned of characters XML refuses; writers only escape it for their own markup.

Money stays :class:`~decimal.Decimal` in table cells; :meth:`Dossier.cell_text` formats it
for the dossier's language, so that a preview can still sort or compare figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from proposalkit.core.money import format_amount
from proposalkit.core.typography import narrow_groups

Align = Literal["left", "right", "center"]
RowKind = Literal["body", "group", "subtotal", "total"]
Cell = str | Decimal | None
Status = Literal["draft", "final"]
AnnexStatus = Literal["included", "separate", "missing", "unreadable"]


#: How many formatted amounts :func:`amount_text` remembers (both writers format every
#: figure of a table several times: to measure its column, its rows, then to write it).
AMOUNT_CACHE = 16384


@lru_cache(maxsize=AMOUNT_CACHE)
def amount_text(value: Decimal, lang: str) -> str:
    """``value`` as a table cell shows it (:meth:`Dossier.cell_text`). Equal values give
    the same text (it is rounded to the cent), so ``1`` and ``1.00`` may share a key."""
    return narrow_groups(format_amount(value, lang), lang)


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 and 2 go to the table of contents and the PDF outline."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text; ``\\n`` is a line break. ``style`` is one of
    ``body``, ``note`` (smaller, grey) or ``strong``."""

    text: str
    style: Literal["body", "note", "strong"] = "body"
    #: The language of the text when it is not the dossier's (``fr-CA``): the
    #: applicant's text keeps the proposal's language in a dossier in the other one.
    lang: str = ""


@dataclass(frozen=True)
class BulletList:
    """Items shown with bullets."""

    items: tuple[str, ...]
    #: As :attr:`Paragraph.lang`.
    lang: str = ""


@dataclass(frozen=True)
class KeyValues:
    """Label / value pairs (identification, cover facts). Values may span lines."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Column:
    """A table column: its alignment, relative width, and whether it holds money."""

    align: Align = "left"
    width: float = 1.0
    money: bool = False


@dataclass(frozen=True)
class Row:
    """A table row. ``group`` rows show their first cell across the whole table."""

    cells: tuple[Cell, ...]
    kind: RowKind = "body"


@dataclass(frozen=True)
class Table:
    """A table with header rows (repeated on every page), body rows and totals rows."""

    columns: tuple[Column, ...]
    header: tuple[tuple[str, ...], ...]
    body: tuple[Row, ...]
    totals: tuple[Row, ...] = ()
    caption: str = ""
    #: A stable name for tests and golden files (``budget-expenses``...).
    name: str = ""
    #: Cells filled with the bar colour, as (row index in :meth:`rows`, column index):
    #: a timeline's bars, drawn as shaded cells that every writer and Word render alike.
    shaded: frozenset[tuple[int, int]] = frozenset()

    def rows(self) -> Iterator[Row]:
        """Body then totals rows."""
        yield from self.body
        yield from self.totals


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class TableOfContents:
    """Where the table of contents goes; writers fill it from the headings."""

    title: str
    max_level: int = 2


@dataclass(frozen=True)
class Cover:
    """The cover page: program, applicant, facts and status."""

    program: str
    title: str
    applicant: str
    facts: tuple[tuple[str, str], ...]
    status_text: str


@dataclass(frozen=True)
class SignatureBlock:
    """Who signs, and blank lines for the date and the signature."""

    rows: tuple[tuple[str, str], ...]
    #: Labels of the lines left blank for the hand (date, signature).
    blank_lines: tuple[str, ...]


@dataclass(frozen=True)
class AnnexEntry:
    """One document joined to the dossier, in checklist order."""

    number: int
    title: str
    kind: str
    filename: str
    reference: str
    media_type: str
    status: AnnexStatus
    anchor: str
    #: Why an unreadable annex could not be bound, in a few words (dossier's language).
    reason: str = ""
    #: The partner the document comes from (its name), ``""`` for the applicant's own.
    partner: str = ""


@dataclass(frozen=True)
class AnnexList:
    """The list of annexes: one row per :class:`AnnexEntry` of the dossier."""

    header: tuple[str, ...]
    #: The header of the column giving the page each annex starts on, shown only in the
    #: printable package (the only output where the annexes have pages).
    page_header: str = "Page"


Block = (
    Heading | Paragraph | BulletList | KeyValues | Table | PageBreak | TableOfContents | Cover
    | SignatureBlock | AnnexList
)


@dataclass(frozen=True)
class Labels:
    """Words the writers need besides the blocks, in the dossier's language."""

    #: ``Page {page} de {pages}``.
    page: str
    draft: str
    #: Shown in the header or footer of a final dossier (``Version finale``).
    final: str
    annexes: str
    #: ``Annexe {n}``.
    annex: str
    annex_status: dict[str, str] = field(default_factory=dict)
    #: ``{label} (suite)``: a group's label at the top of a page that continues it.
    continued: str = "{label} (continued)"

    def status_of(self, entry: AnnexEntry) -> str:
        """What the printable package does with ``entry``, with the reason when it
        could not bind it ("Unreadable (protected by a password): submit separately")."""
        if entry.reason and "unreadable_because" in self.annex_status:
            text = self.annex_status["unreadable_because"].format(reason=entry.reason)
        else:
            text = self.annex_status.get(entry.status, entry.status)
        # The list names documents, not files; a file to send separately is the one
        # place its name helps (the applicant looks for it).
        if entry.status in ("separate", "unreadable") and entry.filename:
            text = f"{text} ({entry.filename})"
        return text


@dataclass(frozen=True)
class Dossier:
    """A whole dossier, ready for any writer."""

    lang: str
    #: ``fr-CA`` or ``en-CA``: for metadata and spell checking.
    language_tag: str
    title: str
    subject: str
    author: str
    keywords: str
    program_id: str
    status: Status
    date: date
    app_version: str
    header_left: str
    header_right: str
    footer_right: str
    labels: Labels
    blocks: tuple[Block, ...]
    annexes: tuple[AnnexEntry, ...] = ()
    #: Messages of the validation errors still open (the draft's appendix lists them).
    open_errors: tuple[str, ...] = ()

    @property
    def is_draft(self) -> bool:
        """Whether validation errors remain (every page then says so)."""
        return self.status == "draft"

    def cell_text(self, cell: Cell) -> str:
        """A table cell as shown: money formatted for the language (French thousands
        grouped by narrow no-break spaces), ``None`` empty."""
        if cell is None:
            return ""
        if isinstance(cell, Decimal):
            if not cell.is_finite():  # refused by format_amount (and a NaN has no hash)
                return narrow_groups(format_amount(cell, self.lang), self.lang)
            return amount_text(cell, self.lang)
        return cell

    def headings(self, max_level: int = 2) -> list[Heading]:
        """The headings of level ``max_level`` or above, in order."""
        return [b for b in self.blocks if isinstance(b, Heading) and b.level <= max_level]

    def tables(self) -> list[Table]:
        """Every table of the dossier, in order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    def with_annexes(self, annexes: tuple[AnnexEntry, ...]) -> Dossier:
        """A copy with other annex statuses (the final package knows which files it could
        read)."""
        return replace(self, annexes=annexes)

    def structure(self) -> list[dict]:
        """A plain outline of the dossier for golden files: headings, table shapes."""
        out: list[dict] = []
        for block in self.blocks:
            if isinstance(block, Heading):
                out.append({"heading": block.level, "anchor": block.anchor, "text": block.text})
            elif isinstance(block, Table):
                kinds: dict[str, int] = {}
                for row in block.rows():
                    kinds[row.kind] = kinds.get(row.kind, 0) + 1
                out.append({"table": block.name, "columns": len(block.columns),
                            "header_rows": len(block.header), "rows": kinds})
            else:
                out.append({"block": type(block).__name__})
        return out
