"""The attestation in the dossier: the known signatory named, the board resolution cited,
the call's declarations printed ticked or not, read back from the PDF and from
LibreOffice's conversion of the DOCX, in both languages."""

from __future__ import annotations

import io
import shutil

import pytest

from proposalkit.core.example import example_proposal
from proposalkit.export import export_pdf, render_docx
from proposalkit.export.ir import Paragraph, SignatureBlock
from tests.export.conftest import dossier_of, flat, pdf_text

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _chapter(dossier):
    """The blocks of the attestation chapter."""
    blocks = list(dossier.blocks)
    start = next(i for i, b in enumerate(blocks) if getattr(b, "anchor", "") == "attestation")
    end = next(i for i, b in enumerate(blocks) if getattr(b, "anchor", "") == "annexes")
    return blocks[start + 1:end]


def _sentence(dossier) -> str:
    return flat(next(b.text for b in _chapter(dossier) if isinstance(b, Paragraph)
                     and ("atteste" in b.text or "certify" in b.text)))


def test_the_known_signatory_is_named_and_the_resolution_cited():
    proposal = example_proposal()
    french = _sentence(dossier_of(proposal, "fr"))
    assert french.startswith("Je, Josée Lavallée, directrice générale, en vertu de la "
                             "résolution nº CA-2018-04-03 du conseil d’administration du "
                             "Carrefour Innovation Mauricie, adoptée le 10 avril 2018, atteste")
    assert "soussigné" not in french
    english = _sentence(dossier_of(proposal, "en"))
    assert english.startswith("I, Josée Lavallée, Directrice générale, authorized by "
                              "resolution No. CA-2018-04-03 of the board of directors of the "
                              "Carrefour Innovation Mauricie, adopted on April 10, 2018, certify")
    signature = next(b for b in _chapter(dossier_of(proposal, "fr"))
                     if isinstance(b, SignatureBlock))
    assert ("Résolution du conseil", "CA-2018-04-03, 10 avril 2018") in signature.rows


@pytest.mark.parametrize(("name", "number", "day", "start"), [
    ("", "", None, "Je, soussigné(e), dûment autorisé(e) par le Carrefour"),
    ("", "R-7", None, "Je, soussigné(e), en vertu de la résolution nº R-7 du conseil "
                      "d’administration du Carrefour Innovation Mauricie, atteste"),
    ("Josée Lavallée", "", None, "Je, Josée Lavallée, directrice générale, au nom du "
                                 "Carrefour Innovation Mauricie qui m’y autorise, atteste"),
    ("Josée Lavallée", "", "2018-04-10", "Je, Josée Lavallée, directrice générale, en vertu "
                                         "de la résolution du conseil d’administration du "
                                         "Carrefour Innovation Mauricie adoptée le 10 avril"),
])
def test_what_is_not_known_is_not_made_up(name, number, day, start):
    from datetime import date

    proposal = example_proposal()
    proposal.signatory.name = name
    proposal.signatory.resolution_number = number
    proposal.signatory.resolution_date = date.fromisoformat(day) if day else None
    assert _sentence(dossier_of(proposal, "fr")).startswith(start)


def test_the_declarations_table_says_which_are_ticked():
    proposal = example_proposal()
    proposal.declarations["no_debt"] = False
    table = next(t for t in dossier_of(proposal, "fr").tables() if t.name == "declarations")
    assert table.header == (("Déclaration", "Cochée"),)
    marks = [row.cells[1] for row in table.body]
    assert marks == ["Oui", "Oui", "Non", "Oui", "Non"]
    assert str(table.body[4].cells[0]).endswith("(facultative)")


def _declarations_read_back(text: str, lang: str) -> list[str]:
    """The Yes/No marks of the declarations, in order, from a dossier's text."""
    yes, no = ("Oui", "Non") if lang == "fr" else ("Yes", "No")
    after = text.split("Cochée" if lang == "fr" else "Ticked", 1)[1]
    after = after.split("Les déclarations que" if lang == "fr" else "The declarations the", 1)[0]
    return [word for word in after.split() if word in (yes, no)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pdf_prints_the_declarations_and_the_resolution(lang):
    proposal = example_proposal()
    buffer = io.BytesIO()
    export_pdf(dossier_of(proposal, lang), buffer, deterministic=True)
    text = flat("\n".join(pdf_text(buffer.getvalue())))
    assert _declarations_read_back(text, lang) == (["Oui"] * 4 + ["Non"] if lang == "fr"
                                                   else ["Yes"] * 4 + ["No"])
    assert "CA-2018-04-03" in text and ("Josée Lavallée, directrice" in text if lang == "fr"
                                        else "I, Josée Lavallée" in text)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_declarations_from_the_docx(tmp_path):
    from tests.export.test_libreoffice import convert

    proposal = example_proposal()
    proposal.declarations["rena"] = False
    docx = tmp_path / "dossier.docx"
    docx.write_bytes(render_docx(dossier_of(proposal, "fr"), deterministic=True))
    convert(docx, tmp_path, tmp_path / "profile")
    text = flat("\n".join(pdf_text((tmp_path / "dossier.pdf").read_bytes())))
    assert _declarations_read_back(text, "fr") == ["Oui", "Oui", "Oui", "Non", "Non"]
    assert "en vertu de la résolution nº CA-2018-04-03" in text
