"""Annex pages on the dossier's paper: A4, Legal, landscape, turned and small pages all
become Letter sheets, the annex page scaled between the bands, the bands naming the
document and numbering the page, never over the annex's content (read back with pypdf,
pdftotext's word boxes and the pixels pdftoppm renders)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, FloatObject, NameObject, NumberObject

from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.core.model import Attachment
from proposalkit.export import export_package
from proposalkit.export.sheets import BOTTOM_BAND, TOP_BAND
from proposalkit.storage import Document
from tests.export.conftest import dossier_of
from tests.export.hostile_pdf import _d, _stream

PDF = "application/pdf"
LETTER = (612.0, 792.0)
A4 = (595.28, 841.89)
LEGAL = (612.0, 1008.0)
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None
                                   or shutil.which("pdftoppm") is None,
                                   reason="poppler-utils not installed")


def _page_pdf(width: float, height: float, *, rotate: int = 0, crop=None,
              black: bool = False, link: bool = False) -> bytes:
    """One page of ``width`` × ``height`` with a word at each corner of its visible box
    (or filled black to its edges)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width, height)
    x0, y0, x1, y1 = crop or (0, 0, width, height)
    if black:
        content = f"0 g {x0} {y0} {x1 - x0} {y1 - y0} re f".encode()
    else:
        words = [(x0 + 4, y1 - 14, "Haut"), (x0 + 4, y0 + 4, "Bas"),
                 (x1 - 40, y1 - 14, "Droite"), (x1 - 40, y0 + 4, "Fin")]
        content = b"\n".join(f"BT /F1 10 Tf {x} {y} Td ({w}) Tj ET".encode()
                             for x, y, w in words)
    page[NameObject("/Contents")] = _stream(writer, content)
    page[NameObject("/Resources")] = _d(Font=_d(F1=_d(
        Type=NameObject("/Font"), Subtype=NameObject("/Type1"),
        BaseFont=NameObject("/Helvetica"))))
    if crop:
        page[NameObject("/CropBox")] = ArrayObject(FloatObject(n) for n in crop)
    if rotate:
        page[NameObject("/Rotate")] = NumberObject(rotate)
    if link:
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(_d(
            Type=NameObject("/Annot"), Subtype=NameObject("/Link"),
            Rect=ArrayObject(FloatObject(n) for n in (x0, y0, x1, y1)),
            A=_d(S=NameObject("/URI"), URI=__import__("pypdf").generic.TextStringObject(
                "https://www.quebec.ca/"))))])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


CASES = {
    "A4": _page_pdf(*A4),
    "Legal": _page_pdf(*LEGAL, link=True),
    "Paysage": _page_pdf(792, 612),
    "Tourné": _page_pdf(*LETTER, rotate=90),
    "Reçu": _page_pdf(288, 216),
    "Rogné": _page_pdf(*LETTER, crop=(50, 100, 560, 700)),
}


def _package(annexes: dict[str, bytes], *, image: bytes | None = None):
    proposal = example_proposal()
    proposal.attachments = []
    for partner in proposal.partners:
        partner.letter_attachment_id = None
    files = {}
    for number, (title, data) in enumerate(annexes.items()):
        reference = f"attachments/extra-{number}.pdf"
        proposal.attachments.append(Attachment(id=f"x{number}", title=title,
                                               reference=reference, kind="financial_statements",
                                               filename=f"extra-{number}.pdf", media_type=PDF))
        files[reference] = data
    if image is not None:
        proposal.attachments.append(Attachment(id="img", title="Plan du local",
                                               reference="attachments/plan.png",
                                               filename="plan.png", media_type="image/png"))
        files["attachments/plan.png"] = image
    buffer = io.BytesIO()
    info = export_package(dossier_of(proposal), Document(proposal, files), buffer,
                          deterministic=True)
    assert not info.problems
    return buffer.getvalue(), info


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    image = io.BytesIO()
    Image.new("RGB", (900, 300), (40, 90, 160)).save(image, "PNG")
    data, info = _package(CASES, image=image.getvalue())
    path = tmp_path_factory.mktemp("sheets") / "package.pdf"
    path.write_bytes(data)
    return path, info


def _words(path, number: int) -> list[tuple[str, float, float, float, float]]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(number), "-l", str(number),
                          str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        out)]


def test_every_page_is_a_letter_sheet_and_nothing_else(mixed):
    path, info = mixed
    reader = PdfReader(path)
    assert len(reader.pages) == info.pages
    for page in reader.pages:
        box = sorted(round(float(n)) for n in page.mediabox[2:])
        assert box == [612, 792], page.mediabox
        assert [float(n) for n in page.mediabox[:2]] == [0, 0]
        assert page.get("/Rotate", 0) == 0
        assert "/CropBox" not in page and "/UserUnit" not in page
    firsts = [first for first, _count in info.annexes.values()]
    shapes = [tuple(round(float(n)) for n in reader.pages[f - 1].mediabox[2:]) for f in firsts]
    # A4, Legal portrait; the landscape page, the turned page, the receipt wider than high
    # and the wide image across; the cropped page as its crop box is shown.
    assert shapes == [(612, 792), (612, 792), (792, 612), (792, 612), (792, 612),
                      (612, 792), (792, 612)]


@needs_poppler
def test_the_annex_content_lies_between_the_bands_and_the_bands_name_it(mixed):
    path, info = mixed
    for (title, _data), (first, _count) in zip(CASES.items(), info.annexes.values(),
                                               strict=False):
        page = PdfReader(path).pages[first - 1]
        height = float(page.mediabox[3])
        words = _words(path, first)
        content = [w for w in words if w[0] in ("Haut", "Bas", "Droite", "Fin")]
        assert sorted(w[0] for w in content) == ["Bas", "Droite", "Fin", "Haut"], title
        for _word, _x0, y0, _x1, y1 in content:  # pdftotext: y from the top
            assert TOP_BAND <= y0 and y1 <= height - BOTTOM_BAND, (title, words)
        top = " ".join(w[0] for w in words if w[4] < TOP_BAND)
        assert title in top and "Derniers états financiers" in top, top
        foot = " ".join(w[0] for w in words if w[2] > height - BOTTOM_BAND)
        assert f"Page {first} de {info.pages}" in foot, foot


def test_pages_shrink_to_fit_and_small_ones_keep_their_size(mixed):
    from proposalkit.export.sheets import placement

    for size, scale in ((A4, 728 / 841.89), (LEGAL, 728 / 1008), ((288, 216), 1.0)):
        page = PdfReader(io.BytesIO(_page_pdf(*size))).pages[0]
        _matrix, sheet = placement(page, LETTER)
        assert sheet.scale == pytest.approx(scale, rel=1e-3)
        x, y, w, h = sheet.placed
        assert y >= BOTTOM_BAND - 1e-6 and y + h <= sheet.height - TOP_BAND + 1e-6
        assert x >= 0 and x + w <= sheet.width


@needs_poppler
def test_a_page_black_to_its_edges_leaves_the_bands_white(tmp_path):
    data, info = _package({"Noir A4": _page_pdf(*A4, black=True),
                           "Noir Legal": _page_pdf(*LEGAL, black=True)})
    path = tmp_path / "p.pdf"
    path.write_bytes(data)
    for first, _count in info.annexes.values():
        subprocess.run(["pdftoppm", "-r", "36", "-f", str(first), "-l", str(first), "-png",
                        "-singlefile", "-gray", str(path), str(tmp_path / "page")], check=True)
        with Image.open(tmp_path / "page.png") as opened:
            image = opened.convert("L")
            pixels = image.load()
            width, height = image.size  # 36 dpi: half a point per pixel
            dark = [sum(pixels[x, y] < 60 for x in range(width)) / width
                    for y in range(height)]
        top, foot = int(TOP_BAND / 2) - 1, height - int(BOTTOM_BAND / 2) + 1
        assert max(dark[:top]) < 0.2  # the band's words only, no black page
        assert max(dark[foot:]) < 0.2
        assert min(dark[top + 2:foot - 2]) > 0.7  # the annex page, whole, between them


def test_a_link_follows_its_page():
    data, info = _package({"Legal": CASES["Legal"]})
    first, _count = next(iter(info.annexes.values()))
    page = PdfReader(io.BytesIO(data)).pages[first - 1]
    rect = [float(n) for n in page["/Annots"][0].get_object()["/Rect"]]
    assert rect[1] >= BOTTOM_BAND - 0.01 and rect[3] <= 792 - TOP_BAND + 0.01
    assert rect[3] - rect[1] == pytest.approx(728, rel=1e-3)


def test_the_example_annexes_are_named_by_title_and_kind_not_file():
    from tests.export.conftest import pdf_text

    proposal = example_proposal()
    buffer = io.BytesIO()
    info = export_package(dossier_of(proposal), Document(proposal, example_attachments(proposal)),
                          buffer, deterministic=True)
    pages = pdf_text(buffer.getvalue())
    listing = next(p for p in pages[:info.dossier_pages] if "Liste des annexes" in p
                   and "Type de pièce" in p)
    assert ".pdf" not in listing
    first, _count = next(iter(info.annexes.values()))
    assert "Annexe 1 — Lettre d’appui — MRC des Vallons" in pages[first - 1]
    assert "Lettre d’appui d’un partenaire" in pages[first - 1]


def test_an_untitled_annex_is_named_by_its_kind_and_partner_not_its_file():
    proposal = example_proposal()
    for attachment in proposal.attachments:
        attachment.title = ""
    titles = [entry.title for entry in dossier_of(proposal, "en").annexes]
    assert titles[0] == "Partner's letter of support — MRC des Vallons"
    assert titles[-2:] == ["Latest financial statements",
                           "Confirmation of another source of financing (letter or agreement)"]
    assert not any(".pdf" in title for title in titles)
