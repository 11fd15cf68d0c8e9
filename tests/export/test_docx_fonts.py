"""The DOCX's embedded fonts: the ready-made base subsets and the subsets cut on export."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile

from fontTools.ttLib import TTFont

from proposalkit.core.example import example_proposal
from proposalkit.export import render_docx
from proposalkit.export.docx_package import obfuscate
from proposalkit.export.font_subset import BASE, PREBUILT, cut, subsets_dir, used_characters
from proposalkit.export.fonts import fonts_dir, main_characters
from tests.export.conftest import dossier_of


def _embedded(docx: bytes) -> dict[str, bytes]:
    """Each embedded face's kind (``embedRegular``...) and its font bytes, unobfuscated."""
    package = zipfile.ZipFile(io.BytesIO(docx))
    table = package.read("word/fontTable.xml").decode()
    rels = package.read("word/_rels/fontTable.xml.rels").decode()
    out = {}
    for font in re.findall(r'<w:font w:name="([^"]+)">(.*?)</w:font>', table):
        name, inner = font
        for kind, rid, key in re.findall(
                r'<w:(embed\w+) r:id="(\w+)" w:fontKey="(\{[0-9A-F-]+\})"/>', inner):
            target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels)
            assert target is not None
            out[f"{name} {kind}"] = obfuscate(package.read("word/" + target[1]), key)
    return out


_KINDS = dict(zip(("embedRegular", "embedBold", "embedItalic", "embedBoldItalic"), PREBUILT,
                  strict=True))


def test_ready_made_subsets_are_what_the_cutter_cuts_today():
    from tools.font_subsets import build

    for name, data in build().items():
        assert (subsets_dir() / name).read_bytes() == data, (
            f"{name}: run python -m tools.font_subsets")


def test_the_four_faces_share_the_character_map_the_rule_reads():
    # A text's characters beyond the base set that the regular face lacks (syllabics) leave
    # every face's subset as it is: the rule asks the regular face's map for all four.
    maps = [frozenset(chr(c) for c in TTFont(fonts_dir() / name).getBestCmap())
            for name in PREBUILT]
    assert all(m == maps[0] for m in maps)
    # Printable ASCII needs no look at the map (fonts.needs_fallback): all of it is there.
    assert {chr(code) for code in range(0x20, 0x7F)} <= maps[0]
    # reportlab's map also holds U+FFFF, the end of the table's last segment.
    assert maps[0] <= main_characters() and main_characters() - maps[0] <= {"\uffff"}


def test_french_and_english_dossiers_embed_the_ready_made_subsets_without_fonttools():
    # In a fresh process, as a cold export from the command line: nothing is cut, so
    # fontTools is not even imported; nor is python-docx (and lxml), which the app does
    # not depend on.
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from proposalkit.core.example import example_proposal\n"
        "from proposalkit.core.program import default_catalog\n"
        "from proposalkit.core.validation import validate\n"
        "from proposalkit.export import build_dossier, render_docx\n"
        "proposal = example_proposal()\n"
        "program = default_catalog().get(proposal.program_id)\n"
        "for lang in ('fr', 'en'):\n"
        "    findings = validate(program, proposal, today=date(2018, 4, 20), lang=lang)\n"
        "    render_docx(build_dossier(program, proposal, findings, lang))\n"
        "roots = {'fontTools', 'docx', 'lxml'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in roots))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=300)
    assert done.stdout.strip() == "[]"
    embedded = _embedded(render_docx(dossier_of(example_proposal()), deterministic=True))
    assert embedded == {
        f"Noto Sans {kind}": (subsets_dir() / name).read_bytes()
        for kind, name in _KINDS.items()}


def test_a_character_beyond_the_base_set_is_cut_into_the_subset():
    proposal = example_proposal()
    # Esperanto's ŝ and the Canadian Aboriginal syllabics: the first is in Noto Sans but
    # not in the ready-made subset, the second only in the syllabics' font.
    proposal.sections["context"] = "Ŝanĝo ĉe ŝi ᐃᓄᒃᑎᑐᑦ"
    embedded = _embedded(render_docx(dossier_of(proposal), deterministic=True))
    regular = TTFont(io.BytesIO(embedded["Noto Sans embedRegular"]))
    assert {ord(c) for c in "Ŝŝĝĉ"} <= set(regular.getBestCmap())
    syllabics = TTFont(io.BytesIO(embedded["Noto Sans Canadian Aboriginal embedRegular"]))
    assert {ord(c) for c in "ᐃᓄᒃᑎᑐᑦ"} <= set(syllabics.getBestCmap())
    # Syllabics alone add nothing to Noto Sans: its faces are the ready-made ones, as
    # the cutter would cut them.
    proposal.sections["context"] = "ᐃᓄᒃᑎᑐᑦ"
    embedded = _embedded(render_docx(dossier_of(proposal), deterministic=True))
    ready = (subsets_dir() / "NotoSans-Regular.ttf").read_bytes()
    assert embedded["Noto Sans embedRegular"] == ready
    assert cut(fonts_dir() / "NotoSans-Regular.ttf", BASE | set("ᐃᓄᒃᑎᑐᑦ")) == ready


def test_used_characters_reads_text_and_utf8_alike():
    texts = ["<w:t>Été « 1\u202f000 $ » ŝ ᐃ</w:t>", "plain ascii \x01"]
    assert used_characters(texts) == used_characters([t.encode() for t in texts])
    assert used_characters(texts) == BASE | {"ŝ", "ᐃ"}


def test_statistics_count_what_the_reader_sees():
    docx = render_docx(dossier_of(example_proposal()), deterministic=True)
    package = zipfile.ZipFile(io.BytesIO(docx))
    app = package.read("docProps/app.xml").decode()
    words, paragraphs = (int(re.search(rf"<{tag}>(\d+)</{tag}>", app)[1])
                         for tag in ("Words", "Paragraphs"))
    document = package.read("word/document.xml").decode()
    shown = " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", document))
    # The document's text less the table of contents' entries and page numbers: no
    # field of the dossier's model (a row's kind, a column's alignment) counted as words.
    assert 0.9 * len(shown.split()) < words <= len(shown.split())
    assert paragraphs <= document.count("<w:p>")
