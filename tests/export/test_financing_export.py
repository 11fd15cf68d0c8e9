"""The dossier's financing plan, justifications and summary page, read back from the PDF
and from LibreOffice's conversion of the DOCX: the figures printed are the model's."""

from __future__ import annotations

import shutil

import pytest
from pypdf import PdfReader

from proposalkit.core.budget import summarize
from proposalkit.core.financing import financing_plan
from proposalkit.core.money import format_amount, format_percent
from proposalkit.core.typography import narrow_groups
from proposalkit.export import render_docx
from proposalkit.export.pdf_writer import export_pdf
from proposalkit.i18n import translator
from tests.export.conftest import dossier_of, flat, pdf_text
from tests.export.test_libreoffice import convert

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def figure(value, lang: str) -> str:
    return flat(narrow_groups(format_amount(value, lang), lang))


def expected(pack, proposal, lang: str) -> list[str]:
    """Figures the plan must print: each line's total and share, the subtotals by
    status, the combined government aid and its share of the costs."""
    plan = financing_plan(pack, proposal, summarize(pack, proposal), translator(lang))
    out = []
    for line in plan.lines():
        out.append(figure(line.total, lang))
        out.append(flat(format_percent(plan.share(line.total), lang)))
    for amounts in plan.by_status.values():
        out.append(figure(sum(amounts), lang))
    out += [figure(plan.government_total, lang),
            flat(format_percent(plan.share(plan.government_total), lang))]
    return out


@pytest.fixture(scope="module")
def summary_proposal(example_document):
    proposal = example_document.proposal.model_copy(deep=True)
    proposal.summary = "Un guichet unique pour les entrepreneurs de la Mauricie."
    return proposal


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_plan_and_summary_in_the_pdf(pack, summary_proposal, lang, tmp_path):
    dossier = dossier_of(summary_proposal, lang)
    export_pdf(dossier, tmp_path / "dossier.pdf", deterministic=True)
    pages = [flat(t) for t in pdf_text((tmp_path / "dossier.pdf").read_bytes())]
    # The summary page comes right after the cover, before the table of contents.
    title = "Sommaire du projet" if lang == "fr" else "Summary of the project"
    assert title in pages[1]
    assert "Un guichet unique pour les entrepreneurs de la Mauricie." in pages[1]
    assert figure(summarize(pack, summary_proposal).expenses_total, lang) in pages[1]
    assert "81,6 %" in pages[1] if lang == "fr" else "81.6%" in pages[1]
    heading = "Plan de financement" if lang == "fr" else "Financing plan"
    plan_pages = [i for i, text in enumerate(pages) if heading in text and i > 2]
    assert plan_pages, "no financing plan page"
    text = " ".join(pages[plan_pages[0]:plan_pages[0] + 2])
    for needed in expected(pack, summary_proposal, lang):
        assert needed in text, needed
    confirmed = "Confirmé" if lang == "fr" else "Confirmed"
    assert confirmed in text and ("annexe 8" if lang == "fr" else "annex 8") in text
    # Each expense line's justification is printed under it.
    everything = " ".join(pages)
    assert flat("Directrice 110 000 $, deux conseillers à 80 000 $") in everything


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_plan_and_summary_in_libreoffice(pack, summary_proposal, tmp_path):
    dossier = dossier_of(summary_proposal, "fr")
    docx = tmp_path / "dossier.docx"
    docx.write_bytes(render_docx(dossier, deterministic=True))
    convert(docx, tmp_path, tmp_path / "profile")
    pdf = tmp_path / "dossier.pdf"
    pages = [flat(t) for t in pdf_text(pdf.read_bytes())]
    assert "Sommaire du projet" in pages[1] and "81,6 %" in pages[1]
    text = " ".join(pages)
    for needed in expected(pack, summary_proposal, "fr"):
        assert needed in text, needed
    assert flat("Directrice 110 000 $, deux conseillers à 80 000 $") in text
    assert len(PdfReader(pdf).pages) > 10
