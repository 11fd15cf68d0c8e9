"""A stress proposal: 2,000 budget lines, 200 partners, 100,000 words of text (each
section kept within the model's 100,000 characters) and 20 MB of attachments,
deterministic (seeded), balanced and within the caps: a file the app opens."""

from __future__ import annotations

import random
from decimal import Decimal

from proposalkit.core.example import example_proposal
from proposalkit.core.model import (
    MAX_NARRATIVE,
    Attachment,
    ExpenseLine,
    Partner,
    Proposal,
    RevenueLine,
)

_WORDS = ("innovation entrepreneurs région pôle accompagnement croissance partenaires "
          "technologie collaboration développement économique services concertation "
          "démarrage financement marché résultats").split()


def stress_proposal(lines: int = 2000, partners: int = 200, words: int = 100_000) -> Proposal:
    """The stress proposal (attachments referenced; bytes from :func:`stress_attachments`)."""
    rng = random.Random(2018)
    base = example_proposal()
    categories = ["salaries", "professional_fees", "services", "communications", "travel",
                  "premises", "equipment", "administration"]
    expenses = []
    for i in range(lines // 2):
        amounts = [Decimal(rng.randint(100, 900)) for _ in range(4)]
        expenses.append(ExpenseLine(id=f"e{i}", category=categories[i % 8],
                                    description=f"Dépense {i}", amounts=amounts))
    totals = [sum((e.amounts[y] for e in expenses), Decimal(0)) for y in range(4)]
    partner_list = []
    revenues = []
    for i in range(partners):
        cash = [Decimal(rng.randint(10, 50)) for _ in range(4)]
        partner_list.append(Partner(id=f"p{i}", name=f"Partenaire {i}", type="business",
                                    role="Contribution", cash=cash, letter_received=True,
                                    letter_attachment_id=f"a{i}"))
        revenues.append(RevenueLine(id=f"rp{i}", source="private", nature="cash",
                                    description=f"Partenaire {i}", amounts=list(cash),
                                    partner_id=f"p{i}"))
    booked = [sum((r.amounts[y] for r in revenues), Decimal(0)) for y in range(4)]
    quebec = [min(Decimal(400000), (totals[y] * Decimal("0.5")).quantize(Decimal(1)))
              for y in range(4)]
    revenues.append(RevenueLine(id="rq", source="quebec_request", nature="cash",
                                description="Québec", amounts=quebec))
    filler = lines // 2 - partners - 2
    for i in range(max(filler, 0)):
        revenues.append(RevenueLine(id=f"rf{i}", source="community", nature="in_kind",
                                    description=f"Contribution {i}",
                                    amounts=[Decimal(1)] * 4))
    booked = [sum((r.amounts[y] for r in revenues), Decimal(0)) for y in range(4)]
    revenues.append(RevenueLine(id="rown", source="own_revenue", nature="cash",
                                description="Revenus autonomes",
                                amounts=[totals[y] - booked[y] for y in range(4)]))
    per_section = words // len(base.sections)
    sections = {key: _text(rng, per_section) for key in base.sections}
    attachments = [
        Attachment(id=f"a{i}", title=f"Lettre {i}", kind="support_letter",
                   reference=f"attachments/lettre-{i}.pdf", filename=f"lettre-{i}.pdf",
                   media_type="application/pdf", partner_id=f"p{i}")
        for i in range(partners)
    ] + [a for a in base.attachments if a.partner_id is None]
    proposal = base.model_copy(update={
        "partners": partner_list,
        "sections": sections,
        "budget": base.budget.model_copy(update={"expenses": expenses, "revenues": revenues}),
        "attachments": attachments,
    })
    return proposal


def _text(rng: random.Random, words: int) -> str:
    # Random words up to the model's limit for one text (100,000 words over 11 sections
    # would be about 110,000 characters each: a file the app refuses to open).
    out: list[str] = []
    length = -1
    for _ in range(words):
        word = rng.choice(_WORDS)
        if length + 1 + len(word) > MAX_NARRATIVE:
            break
        out.append(word)
        length += 1 + len(word)
    return " ".join(out)


def word_count(proposal: Proposal) -> int:
    """The words of the proposal's narrative sections."""
    return sum(len(text.split()) for text in proposal.sections.values())


def stress_attachments(proposal: Proposal, total_bytes: int = 20_000_000) -> dict[str, bytes]:
    """Attachment bytes adding up to ``total_bytes``: real one-page PDFs padded with
    incompressible data in a PDF comment, so that zip compression does not cheat."""
    from proposalkit.core.example import example_attachments

    rng = random.Random(7)
    small = example_attachments()
    letter = next(iter(small.values()))
    refs = [a.reference for a in proposal.attachments]
    share = max(total_bytes // len(refs) - len(letter), 0)
    files = {}
    for ref in refs:
        padding = b"%" + rng.randbytes(share).hex().encode()[: max(share - 2, 0)] + b"\n"
        files[ref] = letter + padding
    return files
