"""Pasted blocks (no Qt): what a spreadsheet puts on the clipboard, as rows of cells."""

from __future__ import annotations


def parse_block(text: str) -> list[list[str]]:
    """Rows of cells from a block copied out of a spreadsheet (tab separated lines).

    A trailing newline does not make an empty last row; cells keep their text as is
    (amounts are parsed by the caller with the user's language).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return [line.split("\t") for line in text.split("\n")]
