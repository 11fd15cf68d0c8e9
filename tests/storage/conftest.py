"""Shared pieces of the storage tests: small real documents and attachment bytes."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.storage import Document, add_attachment_bytes

#: For the tests that run a real child process with os.fork (POSIX; everywhere we test).
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")


def pdf_bytes(text: str = "Lettre d'appui") -> bytes:
    """A real one-page PDF."""
    from proposalkit.core.example import _pdf_page

    return _pdf_page(text, ["Document de test."])


def png_bytes() -> bytes:
    """A real 2x2 PNG."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    """A real 2x2 JPEG."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (30, 30, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    """A real Word document written by python-docx."""
    import docx

    document = docx.Document()
    document.add_paragraph("Résolution du conseil d'administration")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def small_docx_bytes() -> bytes:
    """The smallest zip that has a Word document's parts (what detection looks at)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def small_document() -> Document:
    """The example proposal with two small attachments of different types (fast to save
    and read; every test and fuzz example starts from it)."""
    proposal = example_proposal()
    proposal.attachments = []
    document = Document(proposal)
    add_attachment_bytes(document, pdf_bytes(), "Lettre MRC.pdf", kind="support_letter",
                         partner_id="mrc-vallons", attachment_id="letter-mrc-vallons")
    add_attachment_bytes(document, png_bytes(), "logo.png", kind="other")
    return document


def example_document() -> Document:
    """The bundled example with its attachments, as ``proposalkit example`` writes it."""
    proposal = example_proposal()
    return Document(proposal, example_attachments(proposal))


@pytest.fixture
def document() -> Document:
    """A fresh small document."""
    return small_document()


@pytest.fixture
def saved(tmp_path, document):
    """A small document saved to ``tmp_path/proposal.pkp``: (path, document)."""
    from proposalkit.storage import write_document

    path = tmp_path / "proposal.pkp"
    write_document(path, document)
    return path, document
