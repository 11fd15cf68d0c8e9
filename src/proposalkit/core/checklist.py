"""The attachments checklist (no Qt): the documents the call asks for, and whether the
proposal holds each."""

from __future__ import annotations

from dataclasses import dataclass

from proposalkit.core.model import Proposal
from proposalkit.core.program import Program


@dataclass(frozen=True)
class ChecklistItem:
    """One document the call asks for, and whether the proposal holds it."""

    kind: str
    label: str
    partner_id: str | None
    attached: bool
    required: bool


def checklist(program: Program, proposal: Proposal, tr) -> list[ChecklistItem]:  # noqa: ANN001
    """The documents the call asks for, in the program's order; a per-partner kind gives
    one item per partner (its letter of support). ``required`` is what the rules require
    of this proposal (its applicant, the amount it requests)."""
    from proposalkit.core.budget import summarize
    from proposalkit.core.checks_dossier import required_attachments

    required = required_attachments(program, proposal, summarize(program, proposal).funder_total)
    present = {a.kind for a in proposal.attachments if a.reference}
    items: list[ChecklistItem] = []
    for kind in program.attachments:
        if kind.per_partner:
            for index, partner in enumerate(proposal.partners):
                name = partner.name or tr.gettext("Partner {n}").format(n=index + 1)
                attached = proposal.attachment(partner.letter_attachment_id) is not None
                items.append(ChecklistItem(kind.id, f"{kind.label(tr)} — {name}", partner.id,
                                           attached, kind.id in required))
        else:
            items.append(ChecklistItem(kind.id, kind.label(tr), None, kind.id in present,
                                       kind.id in required))
    return items
