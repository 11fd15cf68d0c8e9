"""The typography pass reaches the files: no line of the example's PDF, nor of
LibreOffice's reading of its DOCX, starts with « ; % ! ? : » » or ends with « «,
even with text typed with plain spaces all around the signs."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from proposalkit.export import export_pdf, render_docx
from tests.export.conftest import dossier_of
from tests.export.test_libreoffice import SOFFICE, convert

PDFTOTEXT = shutil.which("pdftotext")
# Typed the way a hurried user types: a plain space before every sign, inside « »,
# between figures and their sign; repeated so that lines break near every one of them.
TYPED = ("Le projet ; les entreprises ! Pourquoi ? Voici : « un lieu » de 30 000 $ "
         "et 12 % des heures, à 10 h 30 ; ") * 40
STARTS = re.compile(r"^\s*[;%!?:»]")
ENDS = re.compile(r"«\s*$")


def bad_lines(text: str) -> list[str]:
    """Lines that start with a sign French keeps on the line before, or end with «."""
    return [line for line in text.splitlines() if STARTS.match(line) or ENDS.search(line)]


@pytest.fixture(scope="module")
def typed_dossier(example_document):
    proposal = example_document.proposal.model_copy(deep=True)
    proposal.sections["context"] = TYPED + "\n\n" + proposal.sections["context"]
    return dossier_of(proposal)


def test_user_text_is_typeset_in_the_dossier_but_not_in_the_proposal(typed_dossier,
                                                                      example_document):
    text = " ".join(getattr(b, "text", "") for b in typed_dossier.blocks)
    assert "Pourquoi\u202f? Voici\u00a0: «\u202fun lieu\u202f» de 30\u202f000\u00a0$" in text
    assert "12\u00a0%" in text and "10\u00a0h\u00a030" in text
    # What the user typed stays as typed.
    assert example_document.proposal.sections["context"] != typed_dossier  # untouched copy
    assert "Voici : « un lieu » de 30 000 $" in TYPED


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_no_pdf_line_starts_with_a_sign(typed_dossier, tmp_path):
    pdf = tmp_path / "dossier.pdf"
    export_pdf(typed_dossier, pdf, deterministic=True)
    text = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=120).stdout
    assert "Pourquoi" in text
    assert bad_lines(text) == []


@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None,
                    reason="LibreOffice or pdftotext is not installed")
def test_no_line_of_libreoffices_docx_starts_with_a_sign(typed_dossier, tmp_path):
    docx = tmp_path / "dossier.docx"
    docx.write_bytes(render_docx(typed_dossier, deterministic=True))
    result = convert(docx, tmp_path, tmp_path / "profile")
    pdf = tmp_path / "dossier.pdf"
    assert pdf.exists(), result.stdout + result.stderr
    text = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=120).stdout
    assert "Pourquoi" in text
    assert bad_lines(text) == []
