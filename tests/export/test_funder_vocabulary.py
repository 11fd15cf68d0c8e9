"""The exports speak of the pack's funder and fiscal year, never of the 2018 hubs' Québec:
the DEC pack written from the docs (a federal funder) read back from its PDF and DOCX."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document as read_docx

from proposalkit.core.model import Proposal
from proposalkit.core.program import Program
from proposalkit.export import export
from proposalkit.storage import Document
from tests.core.test_pack_from_docs import PACK, proposal
from tests.export.conftest import flat, pdf_text

TODAY = date(2024, 5, 1)

#: Where "Québec" is right with this pack: the funder's and a revenue source's names, the
#: NEQ, the establishment rule, regions, and the pack's own texts (rules, summary).
ALLOWED = re.compile(
    r"(régions du Québec|Quebec Regions|Québec enterprise number|numéro d’entreprise du "
    r"Québec|Main establishment in Québec|Établissement principal au Québec|Government of "
    r"Québec|Gouvernement du Québec|Nord-du-Québec|Centre-du-Québec|regions of Québec|"
    r"federal, Québec, municipal|fédéral, Québec, municipal|main establishment must be in "
    r"Québec|établissement principal au Québec|establishment in Québec|d’entreprise du "
    r"Québec|doit être au Québec|principal au &?Québec|enterprise number|"
    r"head office\) is in Québec|son siège\) est au Québec|"
    # The appendix of the rules applied quotes the pack's rules as written.
    r"non-profit established in Québec|non lucratif établi au Québec|names the Québec "
    r"region|nomme la région du Québec)", re.IGNORECASE)


def _dec() -> Program:
    from proposalkit.core.program import load_pack

    return load_pack(PACK)


def _started() -> Proposal:
    item = proposal()
    item.budget.start_date = date(2024, 9, 1)
    return item


def _texts(lang: str) -> tuple[str, str]:
    """The DEC dossier's PDF text and DOCX text (paragraphs and table cells)."""
    pdf, docx = io.BytesIO(), io.BytesIO()
    export(Document(_started(), {}), _dec(), lang, pdf=pdf, docx=docx, today=TODAY,
           deterministic=True)
    doc = read_docx(io.BytesIO(docx.getvalue()))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return (flat(" ".join(pdf_text(pdf.getvalue()))),
            flat(" ".join([p.text for p in doc.paragraphs] + cells)))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_dec_dossier_names_its_funder_not_quebec(lang):
    for text in _texts(lang):
        left = ALLOWED.sub("", text)
        around = [left[max(m.start() - 60, 0):m.end() + 20] for m in re.finditer("Québec",
                                                                                    left)]
        assert around == []
        if lang == "en":
            assert "Amount requested from CED over 4 years" in text
            assert "Share of CED and the caps" in text
            assert "Contribution from CED, year 1" in text
            assert "Estimate by federal government fiscal year" in text
            assert "(April 1 to March 31)" in text
        else:
            assert "DEC : montant demandé sur 4 ans" in text
            assert "DEC : part des coûts et plafonds" in text
            assert "DEC : contribution, année 1" in text
            assert "Estimation par exercice financier du gouvernement fédéral" in text
            assert "(du 1er avril au 31 mars)" in text


def test_the_fiscal_year_starts_when_the_pack_says(tmp_path):
    # The same pack with calendar fiscal years: a project from 1 September 2024 falls in
    # five calendar years, labelled by their single year, from January to December.
    text = PACK.read_text(encoding="utf-8").replace(
        "start_month = 4\nstart_day = 1\nname = { fr = \"exercice financier du gouvernement "
        "fédéral\", en = \"federal government fiscal year\" }",
        "start_month = 1\nstart_day = 1\nname = { fr = \"année civile\", en = \"calendar "
        "year\" }")
    assert "start_month = 1" in text
    path = tmp_path / "calendar.toml"
    path.write_text(text, encoding="utf-8")
    from proposalkit.core.budget import summarize
    from proposalkit.core.program import load_pack

    calendar = load_pack(path)
    years = summarize(calendar, _started()).fiscal_years
    assert [(fy.label, fy.months) for fy in years] == [
        ("2024", 4), ("2025", 12), ("2026", 12), ("2027", 12), ("2028", 8)]
    april = summarize(_dec(), _started()).fiscal_years
    assert [(fy.label, fy.months) for fy in april] == [
        ("2024-2025", 7), ("2025-2026", 12), ("2026-2027", 12), ("2027-2028", 12),
        ("2028-2029", 5)]
    pdf = io.BytesIO()
    export(Document(_started(), {}), calendar, "en", pdf=pdf, today=TODAY,
           deterministic=True)
    shown = flat(" ".join(pdf_text(pdf.getvalue())))
    assert "Estimate by calendar year (January 1 to December 31)." in shown
