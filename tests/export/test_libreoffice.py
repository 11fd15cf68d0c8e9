"""The DOCX opens in LibreOffice: converted to PDF headless, with its pages and text.

LibreOffice exits 0 even when a conversion fails, so the test checks the PDF itself and
what LibreOffice printed. Skipped when ``soffice`` is not installed (CI installs
libreoffice-writer-nogui).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from proposalkit.export import render_docx
from proposalkit.export.ir import TableOfContents
from tests.export.conftest import flat, pdf_text

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx, outdir, profile) -> subprocess.CompletedProcess:
    """``soffice --headless --convert-to pdf`` with a throw-away profile."""
    return subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
        capture_output=True, text=True, timeout=180)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_docx(dossier_fr, tmp_path):
    docx = tmp_path / "dossier.docx"
    docx.write_bytes(render_docx(dossier_fr, deterministic=True))
    result = convert(docx, tmp_path, tmp_path / "profile")
    pdf = tmp_path / "dossier.pdf"
    assert pdf.exists(), f"no PDF; stdout: {result.stdout!r}; stderr: {result.stderr!r}"
    assert "convert" in result.stdout and "Error" not in result.stdout, result.stdout
    pages = PdfReader(pdf).pages
    assert len(pages) >= 8
    text = flat("\n".join(pdf_text(pdf.read_bytes())))
    for heading in dossier_fr.headings(1):
        assert flat(heading.text) in text
    assert "Page 1 de" in text and "2 940 000,00" in text


PDFTOTEXT = shutil.which("pdftotext")


def _docx_toc(data: bytes) -> list[tuple[str, int]]:
    """The DOCX's table of contents as cached: (title, page) per entry."""
    import io
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    entries = []
    for para in root.iter(f"{w}p"):
        style = para.find(f"{w}pPr/{w}pStyle")
        if style is None or not style.get(f"{w}val", "").startswith("toc"):
            continue
        link = para.find(f"{w}hyperlink")
        texts = [t.text or "" for t in link.iter(f"{w}t")]
        # The title's runs, then the PAGEREF field's cached result.
        entries.append(("".join(texts[:-1]), int(texts[-1])))
    return entries


def _pages(pdf) -> list[list[str]]:
    """Each page's lines as poppler lays them out (reading order, one line per line)."""
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [[flat(line).strip() for line in page.split("\n") if line.strip()]
            for page in text.split("\f")]


def _check_layout(dossier, summary, tmp_path) -> None:
    from proposalkit.core.money import format_amount

    data = render_docx(dossier, deterministic=True)
    docx = tmp_path / "dossier.docx"
    docx.write_bytes(data)
    result = convert(docx, tmp_path, tmp_path / "profile")
    pdf = tmp_path / "dossier.pdf"
    assert pdf.exists(), f"no PDF; stdout: {result.stdout!r}; stderr: {result.stderr!r}"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "NotoSans-Regular" in fonts and "NotoSans-Bold" in fonts, fonts  # embedded ones
    pages = _pages(pdf)
    # The cover and the table of contents (after the summary page, when there is one)
    # list the headings without being their pages.
    contents = next(b.title for b in dossier.blocks if isinstance(b, TableOfContents))
    skip = {1} | {n for n, lines in enumerate(pages, 1) if lines and flat(contents) in lines[:4]}
    # Each TOC entry's page is the page its heading is on.
    toc = _docx_toc(data)
    assert [title for title, _page in toc] == [h.text for h in dossier.headings(2)]
    for title, page in toc:
        text = flat(title)
        # A long heading wraps: its first line is where it starts.
        found = [n for n, lines in enumerate(pages, 1) if n not in skip
                 and any(line.startswith(text[:60]) or (len(line) >= 25 and text.startswith(line))
                         for line in lines)]
        assert found and found[0] == page, (title, page, found)
    # Every total of the model is whole on one line.
    lines = [line for page in pages for line in page]
    totals = [*summary.expenses_by_year, summary.expenses_total, *summary.revenues_by_year,
              summary.revenues_total, *summary.funder_by_year, summary.funder_total,
              summary.cash_total, summary.in_kind_total]
    for amount in totals:
        shown = flat(format_amount(amount, dossier.lang))
        assert any(shown in line for line in lines), shown
    # No heading ends a page, and no caption (it follows its table) starts one alone.
    headings = [flat(h.text) for h in dossier.headings(3)]
    captions = [flat(t.caption) for t in dossier.tables() if t.caption]

    def starts(line: str, texts: list[str]) -> bool:
        return any(text.startswith(line) or line.startswith(text[:40]) for text in texts)

    for number, page in enumerate(pages, 1):
        body = [line for line in page
                if not line.startswith(("Page ", flat(dossier.header_left)))]
        if number in skip or not body:
            continue  # the cover and the table of contents
        if number < len(pages):
            assert not starts(body[-1], headings), (number, body[-1])
        assert not starts(body[0], captions), (number, body[0])


needs_tools = pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                                 reason="LibreOffice or poppler's pdftotext is missing")


@needs_tools
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_docx_paginates_in_libreoffice_as_its_table_of_contents_says(example_document, lang,
                                                                      tmp_path):
    from proposalkit.core.budget import summarize
    from tests.export.conftest import dossier_of, program

    proposal = example_document.proposal
    _check_layout(dossier_of(proposal, lang), summarize(program(), proposal), tmp_path)


@needs_tools
def test_eight_digit_budget_paginates_and_keeps_amounts_whole(example_document, tmp_path):
    # The stress case: every amount a hundred times larger (8-digit yearly amounts, a
    # yearly total of 72 000 000 $): slower, a second conversion.
    from proposalkit.core.budget import summarize
    from tests.export.conftest import dossier_of, program

    proposal = example_document.proposal.model_copy(deep=True)
    for line in [*proposal.budget.expenses, *proposal.budget.revenues]:
        line.amounts = [amount * 100 for amount in line.amounts]
    for partner in proposal.partners:
        partner.cash = [amount * 100 for amount in partner.cash]
        partner.in_kind = [amount * 100 for amount in partner.in_kind]
    _check_layout(dossier_of(proposal, "fr"), summarize(program(), proposal), tmp_path)


@needs_tools
def test_three_year_pack_with_a_stacking_rule_paginates_as_its_toc_says(tmp_path):
    from proposalkit.core.budget import summarize
    from proposalkit.core.example_mei import example_proposal as mei_example
    from proposalkit.core.program import load_catalog
    from proposalkit.paths import resources_dir
    from tests.export.conftest import dossier_of

    proposal = mei_example()
    pack = load_catalog([resources_dir() / "programs"]).get(proposal.program_id)
    assert pack is not None and pack.years == 3
    _check_layout(dossier_of(proposal, "fr", pack), summarize(pack, proposal), tmp_path)
