"""The DOCX package around the document: embedded fonts, settings and properties.

**Fonts.** The dossier is set in Noto Sans (OFL, so it may be embedded). A reader who
does not have it would see another font with other widths: amounts would break and the
pages would not match the table of contents. The fonts are embedded the OOXML way
(ECMA-376 Part 1, §17.8.1), which Word and LibreOffice both read: each face is an
*obfuscated* TrueType part (``word/fonts/fontN.odttf``: the first 32 bytes XORed with a
GUID key) referenced from ``word/fontTable.xml`` by ``w:embedRegular`` / ``w:embedBold``
/ ... with that key, and ``w:embedTrueTypeFonts`` in the settings. Each face is a subset
of the characters the document uses (:mod:`proposalkit.export.font_subset`), as Word's
"embed only the characters used" makes it (``w:saveSubsetFonts``).

**The parts.** The template's parts (``templates/dossier.docx``, read once per process)
are edited as text, not parsed: the body (WordprocessingML text from the writer) is put
in ``word/document.xml`` before the template's section properties, the header and
footer placeholders ``{{name}}`` are filled, the language is set, the core properties
are written anew; the package is zipped once.

**Housekeeping.** Word's compatibility mode follows the current version (15), the
decimal symbol and list separator follow the language (``,`` and ``;`` in French), and
``docProps/app.xml`` names proposalkit and gives the document's pages and words.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, unescape

from proposalkit.export.docx_xml import annex_row
from proposalkit.export.font_subset import BASE, subset_font, used_characters
from proposalkit.export.fonts import DOCX_NAMES, SANS, SYLLABICS, fonts_dir, main_characters
from proposalkit.export.ir import (
    AnnexList,
    Block,
    BulletList,
    Cover,
    Dossier,
    Heading,
    KeyValues,
    Paragraph,
    SignatureBlock,
    Table,
    TableOfContents,
)
from proposalkit.i18n import facts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT_REL = R + "/font"
ODTTF = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
#: zlib's level for the parts. Measured on the stress dossier's 6.4 MB document part:
#: level 3 takes 24 ms for 272 KB, the default 6 takes 77 ms for 225 KB (the example's:
#: 1.4 ms for 28 KB against 3.6 ms for 24 KB; a font subset 0.8 ms against 1.4 ms, 1 %
#: larger).
COMPRESS_LEVEL = 3
_FACES = (("embedRegular", ""), ("embedBold", "-Bold"), ("embedItalic", "-Italic"),
          ("embedBoldItalic", "-BoldItalic"))
_FILES = {
    SANS: {"": "NotoSans-Regular.ttf", "-Bold": "NotoSans-Bold.ttf",
           "-Italic": "NotoSans-Italic.ttf", "-BoldItalic": "NotoSans-BoldItalic.ttf"},
    SYLLABICS: {"": "NotoSansCanadianAboriginal-Regular.ttf",
                "-Bold": "NotoSansCanadianAboriginal-Bold.ttf"},
}
# Font table entries as Word writes them for Noto Sans (panose, unicode ranges): a reader
# without the font picks its substitute from these.
_SIGNATURES = {
    SANS: ('020B0502040504020204', '<w:sig w:usb0="E00002FF" w:usb1="4000201F" '
           'w:usb2="08000029" w:usb3="00000000" w:csb0="0000019F" w:csb1="00000000"/>'),
    SYLLABICS: ('020B0502040504020204', '<w:sig w:usb0="80000003" w:usb1="00000000" '
                'w:usb2="00000000" w:usb3="00000000" w:csb0="00000001" w:csb1="00000000"/>'),
}


def obfuscate(data: bytes, key: str) -> bytes:
    """``data`` (a TrueType font) obfuscated with the GUID ``key`` (``{XXXXXXXX-...}``):
    its first 32 bytes XORed with the key's 16 bytes taken from the last to the first.
    The same operation undoes it."""
    raw = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ raw[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


@dataclass(frozen=True)
class PackageFacts:
    """What the package states about the document."""

    lang: str
    pages: int
    words: int
    characters: int
    paragraphs: int
    app_version: str
    #: Fixed keys make a deterministic build (the same bytes for the same dossier).
    deterministic: bool
    #: The document's language as a BCP 47 tag (``fr-CA``), set in its styles.
    tag: str = "fr-CA"


def visible_texts(dossier: Dossier, block: Block,
                  cells: list[list[str]] | None = None) -> list[str]:
    """The texts a reader sees in ``block`` (a table's ``cells`` as shown, when the writer
    has them already), one per paragraph, for the document's statistics."""
    if isinstance(block, Heading | Paragraph | TableOfContents):
        return [block.text if not isinstance(block, TableOfContents) else block.title]
    if isinstance(block, BulletList):
        return list(block.items)
    if isinstance(block, KeyValues | SignatureBlock):
        texts = [text for pair in block.rows for text in pair]
        return texts + list(block.blank_lines) if isinstance(block, SignatureBlock) else texts
    if isinstance(block, Table):
        if cells is None:
            cells = [[dossier.cell_text(cell) for cell in row.cells] for row in block.rows()]
        # A group's row shows its first cell across the table.
        shown = [texts[:1] if row.kind == "group" else texts
                 for row, texts in zip(block.rows(), cells, strict=True)]
        return ([text for row in block.header for text in row]
                + [text for row in shown for text in row] + [block.caption][:bool(block.caption)])
    if isinstance(block, Cover):
        return [block.program, block.title, block.applicant,
                *(text for pair in block.facts for text in pair),
                *[block.status_text][:bool(block.status_text)]]
    if isinstance(block, AnnexList):
        return list(block.header) + [text for entry in dossier.annexes
                                     for text in annex_row(dossier, entry)]
    return []


def package_facts(texts: list[str], dossier: Dossier, pages: int,
                  deterministic: bool) -> PackageFacts:
    """The facts of ``dossier`` laid out on ``pages`` pages, its visible ``texts`` (one
    per paragraph) counted for the statistics."""
    joined = " ".join(texts)
    # Characters without spaces, as Word counts them (the joining spaces are not text).
    characters = len(joined) - joined.count(" ")
    return PackageFacts(lang=dossier.lang, pages=max(pages, 1), words=len(joined.split()),
                        characters=characters, paragraphs=len(texts),
                        app_version=dossier.app_version, deterministic=deterministic,
                        tag=dossier.language_tag)


@dataclass(frozen=True)
class Template:
    """The DOCX template's parts, as stored."""

    #: Part name and bytes, in the template's order.
    parts: tuple[tuple[str, bytes], ...]
    #: The part of each header and footer its section names: ``("footer", "first")`` is
    #: the cover's footer.
    sections: dict[tuple[str, str], str]


@lru_cache(maxsize=4)
def read_template(path: Path) -> Template:
    """The template at ``path``, read once per process."""
    with zipfile.ZipFile(path) as source:
        parts = tuple((info.filename, source.read(info)) for info in source.infolist())
    members = dict(parts)
    targets = dict(re.findall(r'<Relationship Id="(\w+)" [^>]*Target="([^"]+)"',
                              members["word/_rels/document.xml.rels"].decode()))
    references = re.findall(r'<w:(header|footer)Reference w:type="(\w+)" r:id="(\w+)"/>',
                            members["word/document.xml"].decode())
    return Template(parts, {(kind, which): "word/" + targets[rel]
                            for kind, which, rel in references})


_PLACEHOLDER_TEXT = re.compile(r"<w:t( [^>]*)?>([^<]*\{\{[^<]*)</w:t>")
_KEY = re.compile(r"\{\{(\w+)\}\}")


def fill_placeholders(xml: str, values: dict[str, str]) -> str:
    """``xml`` (a header or footer) with each ``{{key}}`` of its texts replaced by the
    escaped value; a text that starts or ends with a space keeps it
    (``xml:space="preserve"``)."""

    def fill(match: re.Match[str]) -> str:
        attributes = match[1] or ""
        # In one pass: a value holding « {{key}} » (an applicant's name) stays as typed.
        text = _KEY.sub(lambda key: values.get(key[1], key[0]), unescape(match[2]))
        if text != text.strip() and "xml:space" not in attributes:
            attributes += ' xml:space="preserve"'
        return f"<w:t{attributes}>{escape(text)}</w:t>"

    return _PLACEHOLDER_TEXT.sub(fill, xml)


def insert_body(document: bytes, body: str) -> bytes:
    """The template's ``word/document.xml`` with ``body`` (WordprocessingML, the
    namespaces of the template's root) before its section properties."""
    head, found, tail = document.partition(b"<w:body>")
    if not found:
        raise ValueError("the DOCX template's document has no <w:body>")
    return head + found + body.encode() + tail


def core_xml(dossier: Dossier, when: datetime) -> str:
    """``docProps/core.xml``: title, author, subject, keywords, language, status and
    dates of ``dossier``. Word holds at most 255 characters in each; the model allows
    longer titles and names (300), which the document's own pages show in full."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    status = dossier.labels.draft if dossier.is_draft else dossier.labels.final
    author = escape(dossier.author[:255])
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
            'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(dossier.title[:255])}</dc:title>"
            f"<dc:subject>{escape(dossier.subject[:255])}</dc:subject>"
            f"<dc:creator>{author}</dc:creator>"
            f"<cp:keywords>{escape(dossier.keywords[:255])}</cp:keywords>"
            f"<dc:description>proposalkit {escape(dossier.app_version)}</dc:description>"
            f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            f"<cp:category>{escape(dossier.program_id)}</cp:category>"
            f"<dc:language>{escape(dossier.language_tag)}</dc:language>"
            f"<cp:contentStatus>{escape(status)}</cp:contentStatus></cp:coreProperties>")


def _styles(xml: str, tag: str) -> str:
    # Every language of the styles (the defaults and each style's own) is the document's.
    return re.sub(r"<w:lang [^>]*/>",
                  f'<w:lang w:val="{tag}" w:eastAsia="{tag}" w:bidi="{tag}"/>', xml)


def _font_table(families: list[str], keys: dict[tuple[str, str], str],
                rel_ids: dict[tuple[str, str], str]) -> str:
    fonts = []
    for family in families:
        panose, sig = _SIGNATURES[family]
        embeds = "".join(
            f'<w:{tag} r:id="{rel_ids[family, suffix]}" w:fontKey="{keys[family, suffix]}"/>'
            for tag, suffix in _FACES if (family, suffix) in keys)
        fonts.append(f'<w:font w:name="{DOCX_NAMES[family]}"><w:panose1 w:val="{panose}"/>'
                     '<w:charset w:val="00"/><w:family w:val="swiss"/>'
                     f'<w:pitch w:val="variable"/>{sig}{embeds}</w:font>')
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            f'<w:fonts xmlns:w="{W}" xmlns:r="{R}">{"".join(fonts)}</w:fonts>')


def _settings(xml: str, lang: str, tag: str) -> str:
    decimal, separator = facts(lang).decimal_symbol, facts(lang).list_separator
    xml = re.sub(r'(<w:themeFontLang w:val=")[^"]*"', rf'\g<1>{tag}"', xml)
    xml = re.sub(r'(w:name="compatibilityMode" w:uri="[^"]+" w:val=")\d+"', r'\g<1>15"', xml)
    xml = re.sub(r'<w:decimalSymbol w:val="[^"]*"/>',
                 f'<w:decimalSymbol w:val="{decimal}"/>', xml)
    xml = re.sub(r'<w:listSeparator w:val="[^"]*"/>',
                 f'<w:listSeparator w:val="{separator}"/>', xml)
    if "<w:embedTrueTypeFonts" not in xml:
        # Its place in CT_Settings: after the view/zoom/privacy elements, before proofState.
        anchor = re.search(r"<w:(?:proofState|defaultTabStop)\b", xml)
        position = anchor.start() if anchor else xml.index(">", xml.index("<w:settings")) + 1
        xml = (xml[:position] + "<w:embedTrueTypeFonts/><w:saveSubsetFonts/>"
               + xml[position:])
    return xml


def _app_xml(facts: PackageFacts) -> str:
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/'
            'officeDocument/2006/docPropsVTypes">'
            f"<Application>proposalkit</Application>"
            f"<AppVersion>{escape(_app_version(facts.app_version))}</AppVersion>"
            f"<Pages>{facts.pages}</Pages><Words>{facts.words}</Words>"
            f"<Characters>{facts.characters}</Characters>"
            f"<Paragraphs>{facts.paragraphs}</Paragraphs><DocSecurity>0</DocSecurity>"
            "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
            "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
            "</Properties>")


def _app_version(version: str) -> str:
    # AppVersion is "XX.YYYY" (digits only) in the schema.
    parts = [p for p in re.split(r"\D+", version) if p][:2] + ["0", "0"]
    return f"{int(parts[0]):02d}.{int(parts[1]):04d}"


def finish_package(members: dict[str, bytes], facts: PackageFacts,
                   when: tuple[int, int, int, int, int, int]) -> bytes:
    """The DOCX of the package's ``members`` (part name to bytes: the template's, the
    document and the headers and footers filled) with the fonts embedded (subsets of the
    characters used), the settings, styles and properties set, zipped once with every
    entry dated ``when``."""
    characters = used_characters(
        content for name, content in members.items()
        if name.startswith(("word/document", "word/header", "word/footer")))
    # Characters Noto Sans lacks (syllabics) are set in the syllabics' font: embed it too.
    main = main_characters()
    syllabics = any(c not in main and not c.isspace() for c in characters - BASE)
    families = [SANS] + ([SYLLABICS] if syllabics else [])
    keys: dict[tuple[str, str], str] = {}
    rel_ids: dict[tuple[str, str], str] = {}
    fonts: dict[str, bytes] = {}
    rels = []
    number = 0
    for family in families:
        for _tag, suffix in _FACES:
            filename = _FILES[family].get(suffix)
            if filename is None:
                continue
            number += 1
            key = ("{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"proposalkit:{filename}")
                             if facts.deterministic else uuid.uuid4()).upper() + "}")
            keys[family, suffix] = key
            rel_ids[family, suffix] = f"rId{number}"
            part = f"fonts/font{number}.odttf"
            fonts["word/" + part] = obfuscate(subset_font(fonts_dir() / filename, characters),
                                              key)
            rels.append(f'<Relationship Id="rId{number}" Type="{FONT_REL}" Target="{part}"/>')
    font_rels = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                 f'relationships">{"".join(rels)}</Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in [*members.items(),
                              ("word/_rels/fontTable.xml.rels", font_rels.encode()),
                              *fonts.items()]:
            if name == "word/fontTable.xml":
                content = _font_table(families, keys, rel_ids).encode()
            elif name == "word/settings.xml":
                content = _settings(content.decode(), facts.lang, facts.tag).encode()
            elif name == "word/styles.xml":
                content = _styles(content.decode(), facts.tag).encode()
            elif name == "docProps/app.xml":
                content = _app_xml(facts).encode()
            elif name == "[Content_Types].xml":
                text = content.decode()
                if 'Extension="odttf"' not in text:
                    text = text.replace(
                        "<Default ", f'<Default Extension="odttf" ContentType="{ODTTF}"/>'
                        "<Default ", 1)
                content = text.encode()
            info = zipfile.ZipInfo(name, when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content, compresslevel=COMPRESS_LEVEL)
    return out.getvalue()
