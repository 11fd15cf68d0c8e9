"""The benchmarks' stress proposal is one the app accepts (its file opens)."""

from __future__ import annotations

from benchmarks.stress import stress_proposal, word_count

from proposalkit.core.model import MAX_NARRATIVE, Proposal


def test_stress_sections_fit_the_model():
    proposal = stress_proposal(lines=200, partners=20, words=100_000)
    assert max(len(text) for text in proposal.sections.values()) <= MAX_NARRATIVE
    assert word_count(proposal) > 95_000
    # What opening its file does: the JSON validated against the model.
    again = Proposal.model_validate(proposal.model_dump(mode="json"))
    assert again.sections == proposal.sections
