"""Generate ``templates/dossier.docx``, the template of the DOCX dossier.

    python tools/make_template.py            # rewrite templates/dossier.docx
    python tools/make_template.py --check    # exit 1 if the committed file is stale

The template carries what a word processor should own: the styles (Noto Sans, headings
with outline levels, table text, amounts right-aligned, table of contents levels), the
page (Letter, 2 cm margins), a header with the applicant's name and the draft mark, a
footer with "Page X de Y" as PAGE and NUMPAGES fields, the language (fr-CA; the writer
switches it to en-CA for an English dossier) and ``updateFields`` so that Word refreshes
the table of contents when the file is opened. Placeholders ``{{name}}`` in the header
and footer are filled by :mod:`proposalkit.export.docx_writer`. The output is
byte-for-byte reproducible.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor, Twips

from proposalkit.export.docx_writer import normalize_zip
from proposalkit.export.layout import docx_width

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "templates" / "dossier.docx"
FONT = "Noto Sans"
INK = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x5F, 0x6B, 0x7A)
LANG = "fr-CA"
TEXT_WIDTH = Cm(21.59 - 4)
FIXED_TIME = datetime(2018, 1, 1)


def _set_lang(rpr) -> None:  # noqa: ANN001 - CT_RPr
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{LANG}" w:eastAsia="{LANG}" '
                         f'w:bidi="{LANG}"/>'))


def _font(style, size: float, bold: bool = False, italic: bool = False,
          color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    if color is not None:
        style.font.color.rgb = color
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        rfonts.attrib.pop(qn(attr), None)
    _set_lang(style.element.get_or_add_rPr())


def _paragraph_style(doc, name: str, size: float, *, bold: bool = False, italic: bool = False,
                     color: RGBColor | None = None, align=None, before: float = 0,  # noqa: ANN001
                     after: float = 0, base: str = "Normal", line: float | None = None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(
        name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base] if base else None
    _font(style, size, bold, italic, color)
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if align is not None:
        fmt.alignment = align
    # Exact line heights, the PDF's leadings: both paginate the same (see layout.py).
    fmt.line_spacing = Pt(line if line is not None else round(size * 1.25, 2))
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    style.quick_style = True
    return style


def _styles(doc) -> None:  # noqa: ANN001
    styles = doc.styles
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    _set_lang(rpr)

    # Sizes, leadings and spacing are those of the PDF writer's styles (pdf_writer._styles).
    normal = _paragraph_style(doc, "Normal", 10, after=6, base="", line=14)
    normal.paragraph_format.widow_control = True
    for level, size, line, before, after in ((1, 15, 19, 16, 8), (2, 12, 15, 12, 6),
                                             (3, 10.5, 14, 8, 4)):
        heading = _paragraph_style(doc, f"Heading {level}", size, bold=True,
                                   color=INK if level < 3 else None, before=before,
                                   after=after, line=line)
        heading.paragraph_format.keep_with_next = True
    title = _paragraph_style(doc, "Title", 24, bold=True, color=INK, before=10, after=6,
                             align=WD_ALIGN_PARAGRAPH.CENTER, line=30)
    ppr = title.element.find(qn("w:pPr"))
    for border in ppr.findall(qn("w:pBdr")) if ppr is not None else ():
        ppr.remove(border)
    _paragraph_style(doc, "Subtitle", 16, align=WD_ALIGN_PARAGRAPH.CENTER, after=30,
                     color=RGBColor(0, 0, 0), line=21)
    # Its bullet and indent come from the numbering (text at 18 pt, as in the PDF).
    _paragraph_style(doc, "List Bullet", 10, after=3, line=14)
    # A caption follows its table: the table's last rows keep with it (docx_xml).
    _paragraph_style(doc, "Caption", 8, italic=True, color=GREY, before=2, after=10, line=10)
    _paragraph_style(doc, "PK Cover Program", 12, color=GREY, before=85, after=0,
                     align=WD_ALIGN_PARAGRAPH.CENTER, line=16)
    _paragraph_style(doc, "PK Cover Status", 12, bold=True, color=INK, before=24,
                     align=WD_ALIGN_PARAGRAPH.CENTER, line=16)
    _paragraph_style(doc, "PK Note", 8.5, italic=True, color=GREY, after=6, line=11.5)
    _paragraph_style(doc, "PK Strong", 10, bold=True, after=6,
                     line=14).paragraph_format.keep_with_next = True
    _paragraph_style(doc, "PK TOC Title", 15, bold=True, color=INK, after=14, line=19)
    for name, bold, align in (("PK Table Text", False, None),
                              ("PK Table Amount", False, WD_ALIGN_PARAGRAPH.RIGHT),
                              ("PK Table Head", True, None),
                              ("PK Table Head Right", True, WD_ALIGN_PARAGRAPH.RIGHT),
                              ("PK Table Total", True, None),
                              ("PK Table Total Amount", True, WD_ALIGN_PARAGRAPH.RIGHT)):
        _paragraph_style(doc, name, 8, bold=bold, align=align, line=10)
    _paragraph_style(doc, "PK Key", 9, bold=True, color=INK, line=11.25)
    _paragraph_style(doc, "PK Value", 9, line=11.25)
    _paragraph_style(doc, "PK Cover Key", 10.5, bold=True, color=INK, line=13.13)
    _paragraph_style(doc, "PK Cover Value", 10.5, line=13.13)
    _paragraph_style(doc, "PK Signature Key", 10, bold=True, line=12.5)
    _paragraph_style(doc, "PK Signature Value", 10, line=12.5)
    _paragraph_style(doc, "PK Header", 8, color=GREY, line=10)
    _paragraph_style(doc, "PK Footer", 8, color=GREY, line=10)
    for level in (1, 2):
        # Word's own names for the table of contents levels, so that its TOC field uses them.
        toc = _paragraph_style(doc, f"toc {level}", 10 if level == 1 else 9,
                               color=None if level == 1 else GREY,
                               before=3 if level == 1 else 0, after=1 if level == 1 else 0,
                               line=13 if level == 1 else 12)
        toc.paragraph_format.left_indent = Cm(0 if level == 1 else 0.6)
        toc.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT,
                                                    WD_TAB_LEADER.DOTS)
    # Character style for the draft mark in headers.
    if "PK Draft" not in [s.name for s in styles]:
        draft = styles.add_style("PK Draft", WD_STYLE_TYPE.CHARACTER)
        draft.font.bold = True
        draft.font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)
    table = styles.add_style("PK Table", WD_STYLE_TYPE.TABLE)
    table.element.append(parse_xml(
        f'<w:tblPr {nsdecls("w")}>'
        '<w:tblBorders>'
        '<w:top w:val="single" w:sz="4" w:space="0" w:color="B8C2CF"/>'
        '<w:left w:val="single" w:sz="4" w:space="0" w:color="B8C2CF"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="B8C2CF"/>'
        '<w:right w:val="single" w:sz="4" w:space="0" w:color="B8C2CF"/>'
        '<w:insideH w:val="single" w:sz="2" w:space="0" w:color="B8C2CF"/>'
        '</w:tblBorders>'
        # The PDF's 2.5 pt paddings; LibreOffice adds the 0.25 pt rule under each row to
        # its height (the PDF draws it over the padding), so the bottom gives it back.
        '<w:tblCellMar><w:top w:w="50" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>'
        '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
        '</w:tblPr>'))


#: Styles the template keeps: the writer's and the defaults they rest on. python-docx's
#: own template carries some 160 built-in styles and latent styles nobody uses.
KEPT_STYLES = frozenset({
    "Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Heading1", "Heading2",
    "Heading3", "Title", "Subtitle", "Caption", "ListBullet", "toc1", "toc2", "PKTable",
    "PKCoverProgram", "PKCoverStatus", "PKNote", "PKStrong", "PKTOCTitle", "PKTableText",
    "PKTableAmount", "PKTableHead", "PKTableHeadRight", "PKTableTotal", "PKTableTotalAmount",
    "PKKey", "PKValue", "PKCoverKey", "PKCoverValue", "PKSignatureKey", "PKSignatureValue",
    "PKHeader", "PKFooter", "PKDraft",
})


def _prune_styles(doc) -> None:  # noqa: ANN001
    root = doc.styles.element
    for latent in root.findall(qn("w:latentStyles")):
        root.remove(latent)
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEPT_STYLES:
            root.remove(style)
            continue
        for link in style.findall(qn("w:link")):  # to character styles now gone
            style.remove(link)


def _field(paragraph, instruction: str, placeholder: str) -> None:  # noqa: ANN001
    """A complex field (PAGE, NUMPAGES) with a cached result."""
    for xml in (
        '<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r {ns}><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>',
        '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
        '<w:r {ns}><w:t>{text}</w:t></w:r>',
        '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.format(ns=nsdecls("w"), instr=instruction,
                                                 text=placeholder)))


def _header_footer(doc) -> None:  # noqa: ANN001
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)
    for side in ("left_margin", "right_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    # The text is as wide for LibreOffice as the PDF's is for reportlab (layout.py).
    section.right_margin = Twips(round(12240 - docx_width(TEXT_WIDTH.pt) * 20 - 1134))
    # The PDF's body frame starts 0.4 cm lower, below the header's rule.
    section.top_margin = Cm(2.4)
    section.header_distance = section.footer_distance = Cm(1)
    section.different_first_page_header_footer = True

    header = section.header.paragraphs[0]
    header.style = doc.styles["PK Header"]
    header.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    header.add_run("{{header_left}}")
    header.add_run("\t")
    header.add_run("{{header_right}}")
    status = section.header.add_paragraph(style=doc.styles["PK Header"])
    status.alignment = WD_ALIGN_PARAGRAPH.CENTER
    status.add_run("{{status}}", style=doc.styles["PK Draft"])
    first = section.first_page_header.paragraphs[0]
    first.style = doc.styles["PK Header"]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.add_run("{{status}}", style=doc.styles["PK Draft"])

    for footer in (section.footer, section.first_page_footer):
        line = footer.paragraphs[0]
        line.style = doc.styles["PK Footer"]
        line.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        line.add_run("{{page_before}}")
        _field(line, "PAGE", "1")
        line.add_run("{{page_between}}")
        _field(line, "NUMPAGES", "1")
        line.add_run("{{page_after}}")
        line.add_run("\t")
        line.add_run("{{footer_right}}")


def _settings(doc) -> None:  # noqa: ANN001
    settings = doc.settings.element
    for name in ("w:updateFields",):
        for old in settings.findall(qn(name)):
            settings.remove(old)
    # Word refreshes the table of contents (and every field) when the file is opened.
    settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))
    # Word's current layout rules, not Word 2010's ("compatibility mode").
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), LANG)


def build() -> bytes:
    """The template's bytes."""
    doc = Document()
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _styles(doc)
    _header_footer(doc)
    _prune_styles(doc)
    _settings(doc)
    # python-docx's default package carries a thumbnail of some other document, and
    # Word 2010's copy of every built-in style (stylesWithEffects).
    rels = doc.part.package.rels
    for key in [k for k, rel in rels.items() if rel.reltype.endswith("/thumbnail")]:
        del rels[key]
    part_rels = doc.part.rels
    for key in [k for k, rel in part_rels.items()
                if rel.reltype.endswith("/stylesWithEffects")]:
        del part_rels[key]
    props = doc.core_properties
    props.title = "proposalkit — dossier"
    props.author = props.last_modified_by = "proposalkit"
    props.language = LANG
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    return normalize_zip(raw.getvalue(), FIXED_TIME)


def main(argv: list[str]) -> int:
    data = build()
    if argv[:1] == ["--check"]:
        current = TARGET.read_bytes() if TARGET.exists() else b""
        if current != data:
            print(f"{TARGET} is stale: run python tools/make_template.py")
            return 1
        print(f"{TARGET} is up to date")
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(data)
    print(f"wrote {TARGET} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
