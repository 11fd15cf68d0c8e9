"""The DOCX dossier, read back with python-docx: styles, fields, tables, properties."""

from __future__ import annotations

import io

import pytest
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from proposalkit.core.budget import summarize
from proposalkit.core.example import example_proposal
from proposalkit.core.money import format_amount
from proposalkit.export import render_docx
from proposalkit.export.docx_writer import export_docx, template_path
from tests.export.conftest import dossier_of, flat, golden


@pytest.fixture(scope="module")
def docx_fr(dossier_fr) -> bytes:
    return render_docx(dossier_fr, deterministic=True)


@pytest.fixture(scope="module")
def doc_fr(docx_fr):
    return open_docx(io.BytesIO(docx_fr))


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return flat("\n".join(parts))


def test_headings_use_heading_styles_in_order(doc_fr, dossier_fr):
    headings = [(p.style.name, p.text) for p in doc_fr.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings == [(f"Heading {h.level}", h.text) for h in dossier_fr.headings(3)]


def test_every_partner_and_budget_figure_is_in_the_tables(doc_fr, example_document, pack):
    proposal = example_document.proposal
    text = _all_text(doc_fr)
    for partner in proposal.partners:
        assert partner.name in text
    summary = summarize(pack, proposal)
    for value in (summary.expenses_by_year + summary.revenues_by_year
                  + [summary.expenses_total, summary.funder_total, summary.cash_total,
                     summary.in_kind_total]):
        assert flat(format_amount(value, "fr")) in text


def test_amounts_are_right_aligned_and_headers_repeat(doc_fr):
    expenses = next(t for t in doc_fr.tables if t.cell(0, 0).text == "Catégorie")
    header_rows = [row for row in expenses.rows
                   if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(header_rows) == 2
    amount = expenses.rows[2].cells[2].paragraphs[0]
    assert amount.text == "380\u202f000,00"
    assert amount.style.name == "PK Table Amount"
    assert amount.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    total = expenses.rows[-1].cells[-1].paragraphs[0]
    assert total.text == "2\u202f940\u202f000,00"
    assert total.style.font.bold


def test_core_properties_and_language(doc_fr, dossier_fr):
    props = doc_fr.core_properties
    assert props.title == dossier_fr.title
    assert props.author == "Carrefour Innovation Mauricie"
    assert props.subject == "Pôles régionaux d’innovation — appel de 2018"
    assert props.language == "fr-CA"
    assert props.comments.startswith("proposalkit ")
    langs = {el.get(qn("w:val")) for el in doc_fr.styles.element.iter(qn("w:lang"))}
    assert langs == {"fr-CA"}


def test_english_styles_are_en_ca(dossier_en):
    doc = open_docx(io.BytesIO(render_docx(dossier_en)))
    langs = {el.get(qn("w:val")) for el in doc.styles.element.iter(qn("w:lang"))}
    assert langs == {"en-CA"}
    assert doc.core_properties.language == "en-CA"
    assert "Table of contents" in [p.text for p in doc.paragraphs]


def test_header_footer_fields_and_toc(doc_fr):
    section = doc_fr.sections[0]
    assert "Carrefour Innovation Mauricie" in section.header.paragraphs[0].text
    footer = section.footer._element
    instructions = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    texts = "".join(t.text or "" for t in footer.iter(qn("w:t")))
    assert texts.startswith("Page 1 de 1") and "{{" not in texts
    body = doc_fr.element.body
    toc = [t.text for t in body.iter(qn("w:instrText")) if t.text.strip().startswith("TOC")]
    assert toc == [' TOC \\o "1-2" \\h \\z \\u ']
    update = doc_fr.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_draft_marks_every_page_header(pack):
    proposal = example_proposal()
    proposal.signatory.name = ""
    doc = open_docx(io.BytesIO(render_docx(dossier_of(proposal))))
    section = doc.sections[0]
    assert "BROUILLON" in "".join(p.text for p in section.header.paragraphs)
    assert "BROUILLON" in "".join(p.text for p in section.first_page_header.paragraphs)


def test_a_header_value_that_looks_like_a_placeholder_stays_as_typed(pack):
    proposal = example_proposal()
    proposal.applicant.legal_name = "Pôle {{header_right}} & {{status}} <Nord>"
    doc = open_docx(io.BytesIO(render_docx(dossier_of(proposal))))
    header = "".join(p.text for p in doc.sections[0].header.paragraphs)
    assert "Pôle {{header_right}} & {{status}} <Nord>" in header


def test_user_text_is_escaped_and_illegal_characters_removed(pack):
    proposal = example_proposal()
    proposal.sections["context"] = "A <b>&amp;</para> <img src=x>\x00\x01\x0b\ufffe B"
    proposal.partners[0].name = "ᐃᓄᒃᑎᑐᑦ & <Nord>"
    doc = open_docx(io.BytesIO(render_docx(dossier_of(proposal))))
    text = _all_text(doc)
    assert "A <b>&amp;</para> <img src=x> B" in text
    assert "ᐃᓄᒃᑎᑐᑦ & <Nord>" in text
    fonts = {r.get(qn("w:ascii")) for r in doc.element.body.iter(qn("w:rFonts"))}
    assert "Noto Sans Canadian Aboriginal" in fonts


def test_same_dossier_same_bytes_and_atomic_write(dossier_fr, docx_fr, tmp_path):
    assert render_docx(dossier_fr, deterministic=True) == docx_fr
    target = tmp_path / "d.docx"
    export_docx(dossier_fr, target, deterministic=True)
    assert target.read_bytes() == docx_fr
    assert [p.name for p in tmp_path.iterdir()] == ["d.docx"]


def test_template_is_generated_by_its_script():
    from tools.make_template import build

    assert template_path().read_bytes() == build(), "run python tools/make_template.py"


def test_structure_matches_the_golden_file(doc_fr):
    structure = []
    for block in doc_fr.element.body.iterchildren():
        if block.tag == qn("w:p"):
            style = block.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            name = style.get(qn("w:val")) if style is not None else "Normal"
            if name.startswith("Heading") or name in ("Title", "PKTOCTitle"):
                structure.append({"style": name, "text": "".join(
                    t.text or "" for t in block.iter(qn("w:t")))})
        elif block.tag == qn("w:tbl"):
            rows = block.findall(qn("w:tr"))
            headers = sum(1 for r in rows if r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
                          is not None)
            structure.append({"table": len(rows), "columns": len(
                block.find(qn("w:tblGrid")).findall(qn("w:gridCol"))), "header_rows": headers})
    golden("docx-structure-fr", structure)


def _part(data: bytes, name: str) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def test_fonts_are_embedded_as_subsets_of_the_bundled_files(docx_fr):
    import re

    from fontTools.ttLib import TTFont

    from proposalkit.export.docx_package import obfuscate
    from proposalkit.export.fonts import fonts_dir

    table = _part(docx_fr, "word/fontTable.xml").decode()
    rels = _part(docx_fr, "word/_rels/fontTable.xml.rels").decode()
    assert 'w:name="Noto Sans"' in table and "ＭＳ" not in table
    embeds = re.findall(r'<w:(embed\w+) r:id="(\w+)" w:fontKey="(\{[0-9A-F-]+\})"/>', table)
    assert {kind for kind, _rid, _key in embeds} == {
        "embedRegular", "embedBold", "embedItalic", "embedBoldItalic"}
    files = {"embedRegular": "NotoSans-Regular.ttf", "embedBold": "NotoSans-Bold.ttf",
             "embedItalic": "NotoSans-Italic.ttf", "embedBoldItalic": "NotoSans-BoldItalic.ttf"}
    text = re.sub(r"<[^>]+>", "", _part(docx_fr, "word/document.xml").decode())
    used = {ord(c) for c in text if c.isprintable()}
    for kind, rid, key in embeds:
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels)
        assert target is not None
        stored = _part(docx_fr, "word/" + target[1])
        font_bytes = obfuscate(stored, key)  # obfuscated, as the format wants, with its key
        assert stored[:32] != font_bytes[:32] and stored[32:] == font_bytes[32:]
        embedded = TTFont(io.BytesIO(font_bytes))
        original = TTFont(fonts_dir() / files[kind])
        # A subset (Word's "embed only the characters used"): the same face, far fewer
        # glyphs, every character of the text with the bundled font's own widths.
        assert embedded["name"].getBestFullName() == original["name"].getBestFullName()
        # The bundled font's own date, not the export's time: a deterministic build gives
        # the same bytes in another process, another second.
        assert embedded["head"].modified == original["head"].modified
        assert len(font_bytes) < (fonts_dir() / files[kind]).stat().st_size / 5
        cmap, whole = embedded.getBestCmap(), original.getBestCmap()
        missing = {chr(c) for c in used if c in whole and c not in cmap}
        assert not missing
        for code in used & set(whole):
            assert (embedded["hmtx"][cmap[code]][0]
                    == original["hmtx"][whole[code]][0]), chr(code)
    assert len(docx_fr) < 200_000
    assert "odttf" in _part(docx_fr, "[Content_Types].xml").decode()
    settings = _part(docx_fr, "word/settings.xml").decode()
    assert "<w:embedTrueTypeFonts/><w:saveSubsetFonts/>" in settings


def test_french_and_english_dossiers_share_one_font_subset():
    from proposalkit.export.font_subset import BASE, used_characters

    # The subset is cut once per process: any French or English text needs no other.
    texts = ["Pôle régional d'innovation « Cœur » — 1\u202f000,00 $ … ÉÀÇ", "Naïve “café” – €"]
    assert used_characters(texts) == used_characters([]) == BASE
    assert used_characters(["ᐃᓄᒃᑎᑐᑦ"]) == BASE | set("ᐃᓄᒃᑎᑐᑦ")


def test_housekeeping_settings_properties_and_styles(docx_fr, dossier_fr, dossier_en):
    import re

    from proposalkit.export.pdf_writer import export_pdf

    settings = _part(docx_fr, "word/settings.xml").decode()
    assert re.search(r'compatibilityMode"[^>]*w:val="15"', settings)
    assert '<w:decimalSymbol w:val=","/>' in settings
    english = _part(render_docx(dossier_en, deterministic=True), "word/settings.xml").decode()
    assert '<w:decimalSymbol w:val="."/>' in english
    app = _part(docx_fr, "docProps/app.xml").decode()
    pages = export_pdf(dossier_fr, io.BytesIO(), deterministic=True).pages
    assert "<Application>proposalkit</Application>" in app and "Macintosh" not in app
    assert f"<Pages>{pages}</Pages>" in app and pages > 5
    words = int(re.search(r"<Words>(\d+)</Words>", app)[1])
    assert words > 2000
    styles = _part(docx_fr, "word/styles.xml").decode()
    assert len(re.findall(r"<w:style ", styles)) < 40 and "latentStyles" not in styles


def test_toc_cached_page_numbers_are_the_pdf_pages(docx_fr, dossier_fr):
    from proposalkit.export.pdf_writer import export_pdf

    info = export_pdf(dossier_fr, io.BytesIO(), deterministic=True)
    document = _part(docx_fr, "word/document.xml").decode()
    import re

    cached = re.findall(r'PAGEREF (pk_[\w]+) \\h </w:instrText></w:r><w:r><w:fldChar '
                        r'w:fldCharType="separate"/></w:r><w:r><w:t>(\d+)</w:t>', document)
    from proposalkit.export.docx_xml import bookmark_name

    expected = [(bookmark_name(h.anchor), str(info.anchors[h.anchor]))
                for h in dossier_fr.headings(2)]
    assert cached == expected


def test_money_cells_never_wrap_and_fit_the_widest_amount(docx_fr, dossier_fr):
    from proposalkit.export.docx_xml import TEXT_WIDTH
    from proposalkit.export.layout import CELL_PADDING, docx_cell_widths, table_widths, text_width

    for table in dossier_fr.tables():
        widths = docx_cell_widths(table_widths(dossier_fr, table))
        assert sum(widths) <= TEXT_WIDTH / 20 + 0.5
        for row in table.rows():
            for cell, column, width in zip(row.cells, table.columns, widths, strict=False):
                if column.money:
                    text = dossier_fr.cell_text(cell)
                    assert text_width(text, True) + 2 * CELL_PADDING <= width, (table.name, text)
    assert "<w:noWrap/>" in _part(docx_fr, "word/document.xml").decode()
