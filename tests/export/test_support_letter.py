"""The draft letter of support: the dossier's look, amounts only where not zero, the
dossier's words, no capital after a colon."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

from docx import Document as WordDocument

from proposalkit.core.example import example_proposal
from proposalkit.core.program import default_catalog
from proposalkit.export.partner_forms import letter_of_support, letter_of_support_docx

#: A zero amount as the letter would write it (« 0,00 $ », not the end of « 120 000,00 $ »).
ZERO = re.compile(r"(?<![\d ])0,00 \$|(?<!\d) 0,00 \$")


def _letter(**partner_changes) -> tuple[str, object]:
    proposal = example_proposal()
    partner = proposal.partners[0]
    for key, value in partner_changes.items():
        setattr(partner, key, value)
    program = default_catalog().get(proposal.program_id)
    data = letter_of_support_docx(program, proposal, partner, date(2026, 12, 7))
    document = WordDocument(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    for table in document.tables:
        text += "\n" + "\n".join(cell.text for row in table.rows for cell in row.cells)
    return text.replace("\u202f", " ").replace("\u00a0", " "), document


def test_the_letter_is_on_the_dossiers_template_in_the_proposals_language():
    text, document = _letter()
    styles = {p.style.name for p in document.paragraphs}
    assert "PK Strong" in styles or "PKStrong" in styles  # the dossier's own styles
    fonts = document.styles["Normal"].font.name
    assert fonts == "Noto Sans"
    assert document.core_properties.language == "fr-CA"
    assert document.core_properties.title == "Lettre d’appui — MRC des Vallons"
    assert "« Pôle régional d’innovation de la Mauricie »" in text
    assert "200 000,00 $ en argent et 120 000,00 $ en nature" in text
    assert "espèces" not in text and "En argent" in text


def test_no_zero_amount_and_no_capital_after_a_colon():
    text, _document = _letter(cash=[], role="Prête un local. ")
    assert not ZERO.search(text) and " en argent" not in text and "En argent" not in text
    assert "120 000,00 $ en nature" in text
    assert "comme partenaire : prête un local." in text
    text, _document = _letter(cash=[], in_kind=[Decimal(0)] * 4, role="MRC hôte")
    assert not ZERO.search(text) and "s’engage à contribuer" not in text
    assert "comme partenaire : MRC hôte." in text


def test_the_letter_is_one_dossier_with_a_table_like_the_budgets():
    proposal = example_proposal()
    program = default_catalog().get(proposal.program_id)
    letter = letter_of_support(program, proposal, proposal.partners[0], date(2026, 12, 7))
    (table,) = letter.tables()
    assert [row.cells[0] for row in table.body] == ["En argent", "En nature"]
    assert letter.author == "MRC des Vallons" and letter.status == "final"


def test_the_partners_words_get_french_typography_in_the_letter():
    proposal = example_proposal()
    partner = proposal.partners[0]
    partner.role = "Appui technique; accompagnement des PME: 3 jours par mois!"
    program = default_catalog().get(proposal.program_id)
    data = letter_of_support_docx(program, proposal, partner, date(2026, 12, 7))
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(data)).paragraphs)
    # The role as typed has plain spaces; the letter sets it the French way.
    assert "technique\u202f; accompagnement des PME\u00a0: 3 jours par mois\u202f!\n" in text
    assert partner.role == "Appui technique; accompagnement des PME: 3 jours par mois!"
