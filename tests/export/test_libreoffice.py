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
        assert heading.text in text
    assert "Page 1 de" in text and "2 940 000,00" in text
