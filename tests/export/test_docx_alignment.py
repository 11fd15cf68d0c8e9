"""Column alignment in the DOCX as in the PDF: left, right and centred cells (a
timeline's periods), read from the DOCX's XML (``w:jc``) and from the PDF LibreOffice
makes of it, word positions compared with the PDF writer's."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from decimal import Decimal

import pytest
from lxml import etree

from proposalkit.export import export_pdf, render_docx
from proposalkit.export.ir import Column, Row, Table
from tests.export.conftest import dossier_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")

ALIGNED = Table(
    columns=(Column("left", 2.0), Column("center", 1.0), Column("right", 1.0, money=True)),
    header=(("Gauche", "Milieu", "Droite"),),
    body=(Row(("Aménagement", "Centre", Decimal("1234.50"))),
          Row(("Vitrine", "Ici", Decimal("7.00")))),
    name="aligned",
)


def _dossier(example_document):
    """The example's timeline and a table with one column of each alignment, alone."""
    dossier = dossier_of(example_document.proposal, "fr")
    timeline = next(t for t in dossier.tables() if t.name == "timeline")
    return replace(dossier, blocks=(timeline, ALIGNED), annexes=())


def _tables(data: bytes) -> list:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return list(root.iter(f"{W}tbl"))


def _alignment(cell) -> str:
    jc = cell.find(f"{W}p/{W}pPr/{W}jc")
    if jc is not None:
        return jc.get(f"{W}val")
    style = cell.find(f"{W}p/{W}pPr/{W}pStyle").get(f"{W}val")
    return "right" if style in ("PKTableHeadRight", "PKTableAmount",
                                "PKTableTotalAmount") else "left"


def test_centred_columns_carry_a_centred_paragraph_in_every_row(example_document):
    dossier = _dossier(example_document)
    data = render_docx(dossier, deterministic=True)
    timeline, aligned = _tables(data)
    ir = dossier.blocks[0]
    rows = list(timeline.iter(f"{W}tr"))
    checked = 0
    for row in rows:
        cells = list(row.iter(f"{W}tc"))
        if len(cells) == 1:  # an axis's group row across the table
            continue
        assert _alignment(cells[0]) == "left"
        assert {_alignment(c) for c in cells[1:]} == {"center"}
        checked += 1
    # The two header rows and the activities (not the axes' group rows).
    assert checked == len(ir.header) + sum(row.kind != "group" for row in ir.rows())
    for row in aligned.iter(f"{W}tr"):
        assert [_alignment(c) for c in row.iter(f"{W}tc")] == ["left", "center", "right"]
    # The property sits where the schema puts it: after the style and keep-with-next.
    paragraph = etree.tostring(list(rows[-1].iter(f"{W}p"))[1]).decode()
    assert re.search(r"<w:pStyle [^>]*/>(<w:keepNext/>)?<w:jc w:val=\"center\"/></w:pPr>",
                     paragraph), paragraph


def _words(pdf: bytes | str, folder) -> dict[str, list[tuple[float, float]]]:
    """The words in the two tables (not the timeline's caption, whose lines may wrap
    apart), by text: each one's left and right x."""
    path = folder / "read.pdf"
    if isinstance(pdf, bytes):
        path.write_bytes(pdf)
    else:
        path = pdf
    out = subprocess.run([PDFTOTEXT, "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    found = [(float(x0), float(y), float(x1), word) for x0, y, x1, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        out)]
    caption = next(y for _x0, y, _x1, word in found if word == "Chaque")
    second = next(y for _x0, y, _x1, word in found if word == "Gauche")
    words: dict[str, list[tuple[float, float]]] = {}
    for x0, y, x1, word in found:
        if not caption - 1 <= y < second - 1:
            words.setdefault(word, []).append((x0, x1))
    return words


@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                    reason="LibreOffice or pdftotext is not installed")
def test_libreoffice_centres_what_the_pdf_centres(example_document, tmp_path):
    dossier = _dossier(example_document)
    ours = io.BytesIO()
    export_pdf(dossier, ours, deterministic=True)
    docx = tmp_path / "aligned.docx"
    docx.write_bytes(render_docx(dossier, deterministic=True))
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(docx)], capture_output=True, timeout=180, check=False)
    pdf_words = _words(ours.getvalue(), tmp_path)
    office_words = _words(tmp_path / "aligned.pdf", tmp_path)

    def centres(words, word):
        return [(a + b) / 2 for a, b in words[word]]

    # The timeline's year and quarter labels, and the centred column's words: their
    # middles stand where the PDF's do (left-aligned, they were 2.5 pt off).
    for word in ("A1", "A2", "A3", "A4", "T1", "T2", "T3", "T4", "Milieu", "Centre", "Ici"):
        ours_at, office_at = centres(pdf_words, word), centres(office_words, word)
        assert len(ours_at) == len(office_at), word
        for a, b in zip(ours_at, office_at, strict=True):
            assert abs(a - b) < 1.0, (word, ours_at, office_at)
    # Left and right columns keep their edges.
    for word, edge in (("Gauche", 0), ("Aménagement", 0), ("Droite", 1)):
        assert abs(pdf_words[word][0][edge] - office_words[word][0][edge]) < 1.0, word
