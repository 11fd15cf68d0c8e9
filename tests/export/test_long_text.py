"""The longest text the model allows, in every table cell and paragraph: the PDF and the
package are written (long rows split across pages) and every word is in them."""

from __future__ import annotations

import io
import re
import subprocess

import pytest

from proposalkit.core.example import example_attachments, example_proposal
from proposalkit.export import export_package, export_pdf
from proposalkit.storage import Document
from tests.export.conftest import dossier_of

SHORT, DESCRIPTION, NARRATIVE = 300, 4_000, 100_000  # descriptions: 4x the model's limit


def prose(tag: str, length: int) -> str:
    """Ordinary words, each one numbered (``tag`` + 5 digits) so that each can be found
    again, about ``length`` characters."""
    words: list[str] = []
    total = 0
    while total + len(tag) + 6 <= length:
        word = f"{tag}{len(words):05d}" if len(words) % 7 != 6 else "et"
        words.append(word)
        total += len(word) + 1
    return " ".join(words)


def _set(model, field: str, text: str):
    # model_copy skips validation: descriptions past the model's limit test the writer.
    return model.model_copy(update={field: text})


def long_proposal():
    """The example with every text a table or a paragraph shows at (or past) its limit."""
    proposal = example_proposal()
    applicant = proposal.applicant
    for field in ("legal_name", "main_activity"):
        applicant = _set(applicant, field, prose(f"ap{field[:2]}", SHORT))
    applicant = _set(applicant, "address", _set(applicant.address, "street",
                                                 prose("rue", SHORT)))
    proposal.applicant = applicant
    proposal.partners = [_set(_set(p, "name", prose(f"pn{i}x", SHORT)), "role",
                              prose(f"pr{i}x", 1_000))
                         for i, p in enumerate(proposal.partners)]
    proposal.governance = _set(proposal.governance, "description", prose("gov", 20_000))
    proposal.governance.members = [_set(m, "organization", prose(f"go{i}x", SHORT))
                                   for i, m in enumerate(proposal.governance.members)]
    budget = proposal.budget
    budget.expenses = [_set(line, "description", prose(f"de{i}x", DESCRIPTION))
                       if i < 2 else line for i, line in enumerate(budget.expenses)]
    budget.revenues = [_set(line, "description", prose(f"re{i}x", DESCRIPTION))
                       if line.partner_id else line for i, line in enumerate(budget.revenues)]
    first = next(iter(proposal.sections))
    proposal.sections = {**proposal.sections, first: prose("sec", NARRATIVE)}
    proposal.attachments = [_set(a, "title", prose(f"at{i}x", SHORT)) if i == 0 else a
                            for i, a in enumerate(proposal.attachments)]
    proposal.signatory = _set(proposal.signatory, "name", prose("sig", SHORT))
    return proposal


def _words(proposal) -> set[str]:
    texts = [proposal.applicant.legal_name, proposal.applicant.main_activity,
             proposal.applicant.address.street, proposal.governance.description,
             *proposal.sections.values(), proposal.signatory.name,
             *(p.name for p in proposal.partners), *(p.role for p in proposal.partners),
             *(m.organization for m in proposal.governance.members),
             *(line.description for line in proposal.budget.expenses),
             *(line.description for line in proposal.budget.revenues)]
    return {w for text in texts for w in text.split() if re.fullmatch(r"[a-z]+\d?x?\d{5}", w)}


def _text(data: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text


@pytest.fixture(scope="module")
def proposal():
    return long_proposal()


def test_every_word_of_the_longest_texts_is_in_the_pdf(proposal, tmp_path):
    buffer = io.BytesIO()
    info = export_pdf(dossier_of(proposal), buffer, deterministic=True)
    expected = _words(proposal)
    assert len(expected) > 15_000
    missing = expected - set(_text(buffer.getvalue(), tmp_path).split())
    assert not missing, sorted(missing)[:20]
    assert info.pages > 40


def test_the_package_too(proposal, tmp_path):
    buffer = io.BytesIO()
    info = export_package(dossier_of(proposal), Document(proposal, example_attachments(
        proposal)), buffer, deterministic=True)
    assert not info.problems
    missing = _words(proposal) - set(_text(buffer.getvalue(), tmp_path).split())
    assert not missing, sorted(missing)[:20]


def test_one_word_as_long_as_a_field_allows_stays_in_its_cell(tmp_path):
    proposal = example_proposal()
    line = proposal.budget.expenses[0]
    proposal.budget.expenses[0] = _set(line, "description", "x" * DESCRIPTION)
    proposal.partners[0] = _set(proposal.partners[0], "name", "y" * SHORT)
    buffer = io.BytesIO()
    export_pdf(dossier_of(proposal), buffer, deterministic=True)
    text = _text(buffer.getvalue(), tmp_path)
    assert text.count("x") >= DESCRIPTION and text.count("y") >= SHORT


def test_a_long_name_in_the_running_head_is_cut_not_drawn_over(proposal, tmp_path):
    dossier = dossier_of(proposal)
    assert proposal.applicant.legal_name in dossier.header_left  # the head is that long
    buffer = io.BytesIO()
    export_pdf(dossier, buffer, deterministic=True)
    path = tmp_path / "head.pdf"
    path.write_bytes(buffer.getvalue())
    head = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-y", "0", "-H", "60", "-W",
                           "700", "-x", "0", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "…" in head
    assert dossier.header_right in " ".join(head.split())
