"""The DOCX marks the language of each run: the applicant's text in the proposal's
language, our headings and labels in the dossier's (Word checks each in its own)."""

from __future__ import annotations

import io
import zipfile

from lxml import etree
from pypdf import PdfReader

from proposalkit.export import export_pdf, render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run_languages(data: bytes) -> list[tuple[str, str]]:
    """(text, w:lang of the run or "") for every run of the body."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    out = []
    for run in root.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        lang = run.find(f"{W}rPr/{W}lang")
        out.append((text, "" if lang is None else lang.get(f"{W}val")))
    return out


def test_english_dossier_of_a_french_proposal_marks_the_applicants_text_french(
        dossier_en, example_document):
    data = render_docx(dossier_en, deterministic=True)
    runs = run_languages(data)
    first = example_document.proposal.sections["context"][:20]  # before any figure
    marked = [lang for text, lang in runs if text.startswith(first)]
    assert marked == ["fr-CA"]
    headings = [lang for text, lang in runs if text.endswith("Applicant identification")]
    assert headings and all(lang == "" for lang in headings)  # the document's: en-CA
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert 'w:val="en-CA"' in styles


def test_french_dossier_runs_are_in_the_documents_language(dossier_fr):
    runs = run_languages(render_docx(dossier_fr, deterministic=True))
    assert {lang for _text, lang in runs} <= {"", "fr-CA"}


def test_pdf_metadata_language_is_the_dossiers(dossier_en, tmp_path):
    pdf = tmp_path / "d.pdf"
    export_pdf(dossier_en, pdf, deterministic=True)
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "en-CA"
