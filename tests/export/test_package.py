"""The printable package: dossier, then annexes as pages, with bookmarks and page numbers."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.core.model import Attachment
from proposalkit.export import export_package
from proposalkit.storage import Document
from tests.export.conftest import dossier_of, flat, outline, pdf_text


def _image(kind: str, size=(300, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(buffer, format=kind)
    return buffer.getvalue()


def _package(document, proposal=None):
    buffer = io.BytesIO()
    info = export_package(dossier_of(proposal or document.proposal), document, buffer,
                          deterministic=True)
    return buffer.getvalue(), info


@pytest.fixture(scope="module")
def example_package(example_document):
    return _package(example_document)


def test_annexes_follow_the_dossier_in_checklist_order(example_package, example_document):
    data, info = example_package
    reader = PdfReader(io.BytesIO(data))
    # Each of the 8 one-page annexes opens on its separator sheet.
    assert len(reader.pages) == info.pages == info.dossier_pages + 2 * 8
    pages = pdf_text(data)
    annexes = example_document.proposal.attachments
    for number, (first, count) in enumerate(info.annexes.values(), start=1):
        assert count == 1
        page = flat(pages[first - 1])
        assert f"Annexe {number} — " in page
        assert f"Page {first} de {info.pages}" in page
    # The letters (per partner, partner by partner) come before the board resolution.
    assert "MRC des Vallons" in pages[info.dossier_pages + 1]
    assert "Résolution du conseil" in pages[info.dossier_pages + 11]
    assert len(annexes) == 8


def test_bookmarks_and_table_of_contents_give_each_annex_its_page(example_package):
    data, info = example_package
    items = outline(data)
    parent = next(i for i, item in enumerate(items) if item["title"] == "Annexes")
    children = items[parent + 1:]
    assert [c["level"] for c in children] == [1] * 8
    # Each annex's bookmark opens its separator sheet, the page before its own.
    assert [c["page"] for c in children] == list(info.separators.values())
    assert [c["page"] + 1 for c in children] == [first for first, _ in info.annexes.values()]
    # Page 2 is the summary page; the table of contents follows it, on two pages (each
    # entry copies out as its title, then its page number).
    toc = [line.strip() for page in pdf_text(data)[2:4] for line in page.splitlines()]
    for child in children:
        index = toc.index(child["title"])
        assert toc[index + 1] == str(child["page"])
    # The dossier's own footers count the annexes too.
    assert f"Page 1 de {info.pages}" in flat(pdf_text(data)[0])


def test_images_are_pages_and_other_files_are_listed_to_submit_separately():
    proposal = example_proposal()
    files = example_attachments(proposal)
    extra = [
        ("plan", "Plan du lieu", "attachments/plan.png", "image/png", _image("PNG")),
        ("photo", "Photo du local", "attachments/photo.jpg", "image/jpeg",
         _image("JPEG", (200, 400))),
        ("budget", "Budget détaillé", "attachments/budget.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
        ("broken", "Lettre abîmée", "attachments/broken.pdf", "application/pdf", b"%PDF-1.4 no"),
        ("lost", "Lettre perdue", "attachments/lost.pdf", "application/pdf", None),
    ]
    for ident, title, reference, media, data in extra:
        proposal.attachments.append(Attachment(id=ident, title=title, reference=reference,
                                               filename=reference.split("/")[-1],
                                               media_type=media))
        if data is not None:
            files[reference] = data
    data, info = _package(Document(proposal, files), proposal)
    statuses = {entry.title: entry.status for entry in info.entries}
    assert statuses["Plan du lieu"] == statuses["Photo du local"] == "included"
    assert statuses["Budget détaillé"] == "separate"
    assert statuses["Lettre abîmée"] == "unreadable"
    assert statuses["Lettre perdue"] == "missing"
    # Ten bound annexes of one page, each after its sheet; the three left out keep
    # their place with their sheet alone.
    assert info.pages == info.dossier_pages + 2 * 10 + 3
    reader = PdfReader(io.BytesIO(data))
    photo = next(e for e in info.entries if e.title == "Photo du local")
    assert reader.pages[info.annexes[photo.anchor][0] - 1].images, "the JPEG is drawn"
    pages = pdf_text(data)
    left_out = {"Budget détaillé": "Non inclus : à déposer séparément (budget.docx)",
                "Lettre abîmée": "Illisible (endommagé, ou PDF non valide) : à déposer "
                                 "séparément (broken.pdf)",
                "Lettre perdue": "Fichier manquant"}
    for entry in info.entries:
        if entry.title in left_out:
            assert entry.anchor not in info.annexes
            sheet = flat(pages[info.separators[entry.anchor] - 1])
            assert f"Annexe {entry.number}" in sheet and entry.title in sheet
            assert left_out[entry.title] in sheet, sheet
            assert "aucune de ses pages ne suit cette page" in sheet
    text = flat("\n".join(pages[: info.dossier_pages]))
    assert "Non inclus : à déposer séparément" in text
    # The list says why it could not be bound, not only that.
    assert "Illisible (endommagé, ou PDF non valide) : à déposer séparément" in text
    assert "Fichier manquant" in text


def test_a_draft_package_marks_the_annexes_too(example_document):
    proposal = example_proposal()
    proposal.sections["context"] = ""
    data, info = _package(example_document, proposal)
    pages = pdf_text(data)
    assert all("BROUILLON" in page for page in pages)


def test_fonts_are_all_embedded(example_package):
    from tests.export.test_pdf import _fonts

    fonts = _fonts(example_package[0])
    assert fonts and all(fonts.values()), fonts


def test_written_atomically_to_a_path(example_document, tmp_path):
    target = tmp_path / "package.pdf"
    target.write_bytes(b"old")
    export_package(dossier_of(example_document.proposal), example_document, target)
    assert PdfReader(target).pages
    assert [p.name for p in tmp_path.iterdir()] == ["package.pdf"]


def test_the_same_package_twice_gives_the_same_bytes(example_document, example_package):
    assert _package(example_document)[0] == example_package[0]
