"""Reading a spreadsheet someone sent us (.xlsx or .csv), bounded, into plain rows.

A workbook is untrusted like every file: its size, its zip's entries and their unpacked
size, the sheets, rows and columns read are bounded *before* and while it is parsed; an
XML part declaring a DTD is refused (no entity is expanded); no formula is evaluated, no
macro kept, no external link followed: a formula cell gives the value the spreadsheet
computed and saved with it, and a formula saved without one is reported, never guessed.
openpyxl is imported only here, when a workbook is read.

Cells come out as ``str`` (text, trimmed), :class:`~decimal.Decimal` (numbers, exactly
as the file stores them: a float that is a whole number of cents becomes those cents),
``None`` (empty) or :data:`UNCOMPUTED`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from proposalkit.errors import ProposalKitError
from proposalkit.i18n import N_

#: The largest file read (a budget workbook is a few dozen kilobytes).
MAX_BYTES = 10 * 1024 * 1024
#: Inside an .xlsx: the most entries, and the most bytes they may unpack to.
MAX_ENTRIES = 2_000
MAX_UNPACKED = 100 * 1024 * 1024
#: The most sheets, rows per sheet and columns per row read.
MAX_SHEETS = 50
MAX_ROWS = 5_000
MAX_COLUMNS = 60
#: A cell's text is cut here (the model refuses a description past 1 000 characters).
MAX_CELL = 2_000


class _Uncomputed:
    """A formula saved without the value it computes (never evaluated here)."""

    def __repr__(self) -> str:
        return "UNCOMPUTED"


UNCOMPUTED = _Uncomputed()
Cell = str | Decimal | None | _Uncomputed


class SheetFileError(ProposalKitError):
    """A spreadsheet that cannot be read, with the reason in one line."""


@dataclass
class Sheet:
    """One sheet: its name and its rows (each a list of cells, trailing empties cut)."""

    name: str
    rows: list[list[Cell]]

    @property
    def width(self) -> int:
        """The number of columns of the widest row."""
        return max((len(row) for row in self.rows), default=0)

    def cell(self, row: int, column: int) -> Cell:
        """The cell at 0-based (row, column), ``None`` past the end."""
        if 0 <= row < len(self.rows) and 0 <= column < len(self.rows[row]):
            return self.rows[row][column]
        return None


def column_letter(index: int) -> str:
    """``A`` for 0, ``AB`` for 27: a column as spreadsheets name it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheets(path: Path) -> list[Sheet]:
    """The sheets of the .xlsx or .csv at ``path``; :class:`SheetFileError` (one line,
    translated) when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".txt"):
        raise SheetFileError("{path} is neither an Excel workbook (.xlsx) nor a CSV file "
                             "(.csv).", path=path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SheetFileError("{path} is {size} MB; a budget workbook of more than {limit} "
                                 "MB is not read.", path=path, size=size // (1024 * 1024),
                                 limit=MAX_BYTES // (1024 * 1024))
        data = path.read_bytes()
    except OSError as exc:
        raise SheetFileError("{path} cannot be read: {reason}", path=path,
                             reason=exc.strerror or exc) from None
    if suffix == ".xlsx":
        return _read_xlsx(path, data)
    return [_read_csv(path, data)]


def _bad(path: Path, reason: str, **fields: object) -> SheetFileError:
    """The error for a workbook that is not usable; ``reason`` is a msgid."""
    return SheetFileError("{path} cannot be read as a workbook: {reason}", path=path,
                          reason=lambda tr: tr.gettext(reason).format(**fields))


def _unreadable(path: Path, detail: str) -> SheetFileError:
    """The error for a workbook its parser refused (``detail``: the parser's words)."""
    return SheetFileError("{path} cannot be read as a workbook: {reason}", path=path,
                          reason=" ".join(detail.split()))


def _check_zip(path: Path, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _bad(path, N_("it is not an .xlsx file (not a zip archive).")) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise _bad(path, N_("it holds more than {n} parts."), n=MAX_ENTRIES)
        if sum(e.file_size for e in entries) > MAX_UNPACKED:
            raise _bad(path, N_("it unpacks to more than {n} MB."),
                       n=MAX_UNPACKED // (1024 * 1024))
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")):
                with archive.open(entry) as fh:
                    head = fh.read(4096)
                if b"<!DOCTYPE" in head.upper():
                    raise _bad(path, N_("a part declares a DTD, which a workbook never needs."))


def _read_xlsx(path: Path, data: bytes) -> list[Sheet]:
    _check_zip(path, data)
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it skips
            values = load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                   keep_links=False, keep_vba=False)
            formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False,
                                     keep_links=False, keep_vba=False)
    except Exception as exc:  # noqa: BLE001 - any parser error: the file is not usable
        raise _unreadable(path, f"{type(exc).__name__}: {exc}"[:200]) from None
    try:
        sheets = []
        names = values.sheetnames
        if len(names) > MAX_SHEETS:
            raise _bad(path, N_("it has more than {n} sheets."), n=MAX_SHEETS)
        for name in names:
            sheet, source = values[name], formulas[name]
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            rows = _rows(path, name, sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True),
                         source.iter_rows(max_col=MAX_COLUMNS, values_only=True))
            sheets.append(Sheet(str(name), rows))
    except SheetFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed sheet, found while streaming
        raise _unreadable(path, f"{type(exc).__name__}: {exc}"[:200]) from None
    finally:
        values.close()
        formulas.close()
    if not sheets:
        raise _bad(path, N_("it has no sheet of cells."))
    return sheets


def _rows(path: Path, name: str, values, sources) -> list[list[Cell]]:  # noqa: ANN001
    rows: list[list[Cell]] = []
    for number, (row, source) in enumerate(zip(values, sources, strict=False)):
        cells = [_cell(v, s) for v, s in zip(row, source, strict=False)]
        while cells and cells[-1] is None:
            cells.pop()
        if number >= MAX_ROWS:
            if cells:
                raise SheetFileError("{path}: the sheet “{sheet}” has more than {n} rows; "
                                     "a budget that long is not read.", path=path,
                                     sheet=name, n=MAX_ROWS)
            continue
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _cell(value: object, source: object) -> Cell:
    if value is None:
        if isinstance(source, str) and source.startswith("="):
            return UNCOMPUTED
        return None
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return _from_float(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    text = str(value).strip()[:MAX_CELL]
    return text or None


def _from_float(value: float) -> Decimal | str:
    """A float from a spreadsheet as a Decimal: its shortest form (``0.1`` for 0.1), and
    a whole number of cents when it is one up to float noise (0.30000000000000004)."""
    try:
        number = Decimal(repr(value))
    except InvalidOperation:
        return repr(value)
    if not number.is_finite():
        return repr(value)
    cents = number.quantize(Decimal("0.01")) if abs(number) < 10**15 else number
    return cents if abs(cents - number) < Decimal("1e-9") else number


def _read_csv(path: Path, data: bytes) -> Sheet:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything; the rest is not text
        raise _bad(path, N_("it is not text."))
    if "\x00" in text:
        raise SheetFileError("{path} is not a CSV file (it holds binary data).", path=path)
    sample = text[:8192]
    # French spreadsheets write ";" between cells (the comma is the decimal mark).
    delimiter = max(";\t,", key=sample.count) if any(c in sample for c in ";\t,") else ","
    rows: list[list[Cell]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader):
            if number >= MAX_ROWS:
                raise SheetFileError("{path}: the sheet “{sheet}” has more than {n} rows; "
                                     "a budget that long is not read.", path=path,
                                     sheet=path.stem, n=MAX_ROWS)
            cells: list[Cell] = [c.strip()[:MAX_CELL] or None for c in row[:MAX_COLUMNS]]
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
    except csv.Error as exc:
        raise _unreadable(path, str(exc)[:200]) from None
    while rows and not rows[-1]:
        rows.pop()
    return Sheet(path.stem, rows)
