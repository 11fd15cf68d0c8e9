"""The sheet before each annex of the printable package (its number, title, kind,
partner and page count, in the dossier's style and language) and the list of annexes
giving the page each one starts on: read back from the package's PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter

from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.core.model import Attachment
from proposalkit.export import export_package, export_pdf
from proposalkit.storage import Document
from tests.export.conftest import dossier_of, flat, pdf_text

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed")


def _pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _package(lang: str, *, extra_pages: int = 0):
    """The example's package in ``lang``; with ``extra_pages``, one more annex (the
    applicant's own, no partner) of that many pages."""
    proposal = example_proposal()
    files = example_attachments(proposal)
    if extra_pages:
        proposal.attachments.append(Attachment(
            id="plan", title="Plan d’affaires 2018-2022", kind="financial_statements",
            reference="attachments/plan.pdf", filename="plan.pdf",
            media_type="application/pdf"))
        files["attachments/plan.pdf"] = _pages(extra_pages)
    buffer = io.BytesIO()
    info = export_package(dossier_of(proposal, lang), Document(proposal, files), buffer,
                          deterministic=True)
    return proposal, buffer.getvalue(), info


@pytest.fixture(scope="module")
def french():
    return _package("fr", extra_pages=3)


@pytest.fixture(scope="module")
def english():
    return _package("en")


def test_each_annex_opens_on_a_sheet_naming_it_by_title_kind_and_partner(french):
    proposal, data, info = french
    pages = pdf_text(data)
    partners = {p.id: p.name for p in proposal.partners}
    assert len(info.separators) == len(info.entries) == 9
    for entry in info.entries:
        page = info.separators[entry.anchor]
        first, count = info.annexes[entry.anchor]
        assert first == page + 1, "the annex's own pages follow its sheet"
        text = flat(pages[page - 1])
        assert text.startswith("Carrefour Innovation Mauricie"), "the dossier's running heads"
        assert f"Annexe {entry.number} {entry.title}" in text
        assert f"Type de pièce {entry.kind}" in text
        assert f"Page {page} de {info.pages}" in text
        assert "Le document suit cette page." in text
        if count == 1:
            assert f"Pages 1 page — page {first} du dossier à imprimer" in text
        else:
            assert (f"Pages {count} pages — pages {first} à {first + count - 1} du dossier "
                    "à imprimer") in text
        attachment = next(a for a in proposal.attachments if a.reference == entry.reference)
        if attachment.partner_id:
            assert f"Provenance {partners[attachment.partner_id]}" in text
        else:
            assert "Provenance" not in text
    plan = next(e for e in info.entries if e.title == "Plan d’affaires 2018-2022")
    assert info.annexes[plan.anchor][1] == 3
    # The separators are sheets of the dossier, with its name and not a file's.
    assert not any(".pdf" in flat(pages[p - 1]) for p in info.separators.values())


def test_the_sheets_speak_the_dossiers_language(english):
    proposal, data, info = english
    pages = pdf_text(data)
    entry = info.entries[0]
    page = info.separators[entry.anchor]
    text = flat(pages[page - 1])
    assert f"Annex 1 {entry.title}" in text
    assert "Kind Partner's letter of support" in text
    assert f"From {proposal.partners[0].name}" in text
    assert f"Pages 1 page — page {page + 1} of the printable package" in text
    assert "The document follows this sheet." in text
    assert f"Page {page} of {info.pages}" in text


def _listed_pages(data: bytes, dossier_pages: int, status: str) -> list[int]:
    text = flat("\n".join(pdf_text(data)[:dossier_pages]))
    listing = text[text.rindex("Liste des annexes" if status == "Inclus" else
                               "List of annexes"):]
    return [int(n) for n in re.findall(rf"{status} (\d+)", listing)]


def test_the_list_of_annexes_gives_the_page_each_annex_starts_on(french, english):
    for (_proposal, data, info), status in ((french, "Inclus"), (english, "Included")):
        assert _listed_pages(data, info.dossier_pages, status) == [
            info.separators[entry.anchor] for entry in info.entries]
        pages = pdf_text(data)
        for entry in info.entries:
            opening = flat(pages[info.separators[entry.anchor] - 1])
            assert f" {'Annexe' if status == 'Inclus' else 'Annex'} {entry.number} " in opening


@needs_poppler
def test_the_page_numbers_stand_right_aligned_in_their_own_column(french, tmp_path):
    _proposal, data, info = french
    path = tmp_path / "package.pdf"
    path.write_bytes(data)
    wanted = {str(page) for page in info.separators.values()}
    right_edges = []
    for number in range(1, info.dossier_pages + 1):
        out = subprocess.run(["pdftotext", "-bbox", "-f", str(number), "-l", str(number),
                              str(path), "-"], capture_output=True, text=True,
                             check=True).stdout
        words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                           r'yMax="[\d.]+">([^<]*)</word>', out)
        if not any(w == "Inclus" for _a, _b, w in words):
            continue
        status_x = max(float(a) for a, _b, w in words if w == "Inclus")
        right_edges += [float(b) for a, b, w in words if w in wanted and float(a) > status_x]
    assert len(right_edges) == len(wanted)
    assert max(right_edges) - min(right_edges) < 0.5, right_edges
    assert max(right_edges) > 612 - 72, "at the table's right edge"


def test_a_dossier_alone_lists_annexes_without_pages(english):
    proposal, _data, _info = english
    buffer = io.BytesIO()
    export_pdf(dossier_of(proposal, "en"), buffer, deterministic=True)
    text = flat("\n".join(pdf_text(buffer.getvalue())))
    listing = text[text.rindex("List of annexes"):]
    assert "In the printable package 1 " in listing, "no Page column after the status"
    assert "Included" in listing and "package Page" not in listing


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_qpdf_finds_the_package_sound(french, tmp_path):
    path = tmp_path / "package.pdf"
    path.write_bytes(french[1])
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(PdfReader(path).pages) == french[2].pages


def test_without_an_annex_to_bind_there_is_no_separator():
    proposal = example_proposal()
    proposal.attachments = []
    for partner in proposal.partners:
        partner.letter_attachment_id = None
    buffer = io.BytesIO()
    info = export_package(dossier_of(proposal), Document(proposal, {}), buffer,
                          deterministic=True)
    assert info.separators == {} and info.pages == info.dossier_pages
    assert not any("Le document suit cette page." in page
                   for page in pdf_text(buffer.getvalue()))
