"""The PDF dossier, read back: text, figures, outline, fonts, metadata, escaping."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from pypdf import PdfReader

from proposalkit import __version__
from proposalkit.core.budget import summarize
from proposalkit.core.example import example_proposal
from proposalkit.core.model import ExpenseLine
from proposalkit.core.money import format_amount, format_money
from proposalkit.core.typography import typeset
from proposalkit.export import export_pdf
from tests.export.conftest import dossier_of, flat, golden, outline, pdf_text

HOSTILE = "Texte <b>gras</b> &amp; </para> <img src=x> <font size=40>fin"
SYLLABICS = "ᐃᓄᒃᑎᑐᑦ ᑕᑯᔪᖅ"


def _pdf(dossier, **kw) -> bytes:
    buffer = io.BytesIO()
    export_pdf(dossier, buffer, deterministic=True, **kw)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def pdf_fr(dossier_fr) -> bytes:
    return _pdf(dossier_fr)


@pytest.fixture(scope="module")
def text_fr(pdf_fr) -> str:
    return flat("\n".join(pdf_text(pdf_fr)))


def test_every_heading_partner_and_total_is_in_the_text(pdf_fr, text_fr, dossier_fr,
                                                        example_document, pack):
    proposal = example_document.proposal
    for heading in dossier_fr.headings(3):
        assert flat(heading.text) in text_fr, heading.text
    for partner in proposal.partners:
        assert flat(partner.name) in text_fr
    summary = summarize(pack, proposal)
    figures = (summary.expenses_by_year + summary.revenues_by_year + summary.funder_by_year
               + [summary.expenses_total, summary.funder_total, summary.cash_total,
                  summary.in_kind_total]
               + [summary.category_total(c) for c in summary.expenses_by_category])
    for value in figures:
        assert flat(format_amount(value, "fr")) in text_fr, value
    assert flat(format_money(summary.funder_total, "fr")) in text_fr


def test_page_x_of_y_on_every_page(pdf_fr):
    pages = pdf_text(pdf_fr)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} de {len(pages)}" in flat(text)


def test_outline_has_every_section_and_matches_the_golden_file(pdf_fr, dossier_fr):
    items = outline(pdf_fr)
    titles = [item["title"] for item in items]
    for heading in dossier_fr.headings(2):
        assert heading.text in titles
    assert [i["level"] for i in items if i["title"].startswith("17.")] == [0, 1, 1, 1, 1, 1]
    golden("pdf-outline-fr", [{"level": i["level"], "title": i["title"]} for i in items])


def test_table_of_contents_gives_the_pages_the_outline_points_to(pdf_fr):
    # Each entry copies out as its title, then its page number (drawn as a form).
    # (compared with its spaces flattened: the page draws no-break spaces as spaces)
    toc = [flat(line.strip()) for line in pdf_text(pdf_fr)[2].splitlines()]
    checked = 0
    for item in outline(pdf_fr):
        if item["title"][0].isdigit():
            index = toc.index(flat(item["title"]))
            assert toc[index + 1] == str(item["page"]), item
            checked += 1
    assert checked == 27


def test_metadata(pdf_fr):
    reader = PdfReader(io.BytesIO(pdf_fr))
    meta = reader.metadata
    assert meta.title == "Pôle régional d’innovation de la Mauricie"
    assert meta.author == "Carrefour Innovation Mauricie"
    assert meta.subject == "Pôles régionaux d’innovation — appel de 2018"
    assert meta.creator == f"proposalkit {__version__}"
    assert reader.trailer["/Root"]["/Lang"] == "fr-CA"


def _fonts(data: bytes) -> dict[str, bool]:
    """Every font of every page (forms included): is its file embedded?"""
    reader = PdfReader(io.BytesIO(data))
    found: dict[str, bool] = {}

    def visit(resources):
        resources = resources.get_object() if resources else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


def test_every_font_is_embedded_and_none_is_standard_14(pdf_fr):
    fonts = _fonts(pdf_fr)
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name or "Times" in name or "Courier" in name for name in fonts)
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", "-"], input=pdf_fr, capture_output=True,
                                 check=True).stdout.decode()
        rows = listing.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), listing


def test_user_text_is_printed_literally(pack):
    proposal = example_proposal()
    proposal.sections["context"] = HOSTILE + "\x01\x0b"
    proposal.partners[0].name = "R&D <Nord> & fils"
    text = flat("\n".join(pdf_text(_pdf(dossier_of(proposal)))))
    # As typed, in French typography (a space before « ; », not inside « &amp; »).
    assert flat(typeset(HOSTILE, "fr")) in text
    assert "R&D <Nord> & fils" in text


def test_syllabics_render_in_their_own_font_and_copy_out(pack):
    proposal = example_proposal()
    proposal.partners[0].name = f"{SYLLABICS} Makivik"
    proposal.applicant.legal_name = f"Coopérative {SYLLABICS}"
    data = _pdf(dossier_of(proposal))
    text = flat("\n".join(pdf_text(data)))
    assert f"{SYLLABICS} Makivik" in text
    assert f"Coopérative {SYLLABICS}" in text
    fonts = _fonts(data)
    assert any("NotoSansCanadianAboriginal" in name for name in fonts)
    assert all(fonts.values())


def test_french_punctuation_copies_out(pack):
    proposal = example_proposal()
    proposal.sections["context"] = "« Cœur » : 1\u202f000\u00a0€ — l’été"
    text = flat("\n".join(pdf_text(_pdf(dossier_of(proposal)))))
    assert "« Cœur » : 1 000 € — l’été" in text


def test_draft_says_so_on_every_page_and_final_does_not(pdf_fr, pack):
    proposal = example_proposal()
    proposal.sections["results"] = ""
    pages = pdf_text(_pdf(dossier_of(proposal)))
    assert all("BROUILLON" in page for page in pages)
    assert "Annexe : erreurs à corriger avant le dépôt" in pages[-1]
    assert not any("BROUILLON" in page for page in pdf_text(pdf_fr))


def test_long_tables_split_with_their_header_repeated(pack):
    proposal = example_proposal()
    lines = [ExpenseLine(category="services", description=f"Lot n° {i}",
                         amounts=[Decimal(100)] * 4) for i in range(160)]
    proposal.budget.expenses.extend(lines)
    pages = [[line.strip() for line in page.splitlines()]
             for page in pdf_text(_pdf(dossier_of(proposal)))]
    spanned = [lines for lines in pages if any(line.startswith("Lot n° ") for line in lines)]
    assert len(spanned) >= 3
    for lines in spanned:
        assert {"Catégorie", "Poste", "Année 1", "Année 4"} <= set(lines)
    assert "Lot n° 0" in spanned[0] and "Lot n° 159" in spanned[-1]
    assert "Sous-total" in spanned[-1]


def test_the_same_dossier_gives_the_same_bytes(dossier_fr, pdf_fr):
    assert _pdf(dossier_fr) == pdf_fr


def test_english_dossier(dossier_en):
    pages = pdf_text(_pdf(dossier_en))
    assert "Page 1 of" in pages[0]
    assert "Amount requested from Québec over 4 years" in flat(pages[0])
    assert "Table of contents" in pages[2]


def test_written_to_a_path_atomically(dossier_fr, tmp_path):
    target = tmp_path / "dossier.pdf"
    info = export_pdf(dossier_fr, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert info.pages == len(PdfReader(target).pages)
    assert [p.name for p in tmp_path.iterdir()] == ["dossier.pdf"]


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf not installed")
def test_qpdf_finds_no_error(pdf_fr, tmp_path):
    path = tmp_path / "d.pdf"
    path.write_bytes(pdf_fr)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_eight_digit_amounts_have_room_in_every_pdf_column(example_document):
    # 8-digit yearly amounts (a yearly total of 72 000 000,00 $): each money column is as
    # wide as its widest figure in the embedded font, so no two figures run together.
    from proposalkit.export.layout import CELL_PADDING, TEXT_WIDTH, table_widths, text_width
    from tests.export.conftest import dossier_of

    proposal = example_document.proposal.model_copy(deep=True)
    for line in [*proposal.budget.expenses, *proposal.budget.revenues]:
        line.amounts = [amount * 100 for amount in line.amounts]
    dossier = dossier_of(proposal, "fr")
    for table in dossier.tables():
        widths = table_widths(dossier, table)
        assert abs(sum(widths) - TEXT_WIDTH) < 0.01
        for row in table.rows():
            for cell, column, width in zip(row.cells, table.columns, widths, strict=False):
                if column.money:
                    text = dossier.cell_text(cell)
                    assert text_width(text, True) + 2 * CELL_PADDING < width, (table.name, text)
    text = flat(" ".join(pdf_text(_pdf(dossier))))
    assert "72 000 000,00 73 000 000,00 74 000 000,00 75 000 000,00 294 000 000,00" in text


def test_the_cover_says_final_version_once(dossier_fr):
    cover = flat(pdf_text(_pdf(dossier_fr))[0])
    assert cover.count("Version finale") == 1


def test_reportlab_runs_on_its_c_accelerator():
    # rl_accel (a dependency) measures text and writes the PDF's numbers in C; without it
    # reportlab silently falls back to Python, several times slower.
    from reportlab.lib import rl_accel

    assert not rl_accel._py_funcs, sorted(rl_accel._py_funcs)
