"""The attestation: the call's declarations the signatory ticks and the board resolution
that authorizes the signatory, checked by the ``attestation`` rule kind (no Qt).

A declaration is a statement of the pack's ``[[declarations]]`` (other government aid
declared, the lobbyists' registry, no debt to the government…); the proposal keeps the
ones ticked in :attr:`~proposalkit.core.model.Proposal.declarations`, by id. A required
declaration left unticked is a finding at ``("declarations", id)``, where the window
shows its box.
"""

from __future__ import annotations

from collections.abc import Iterator

from proposalkit.core.check_base import Context, checker
from proposalkit.core.locations import Location
from proposalkit.core.model import Proposal
from proposalkit.core.program import Declaration, Program
from proposalkit.core.rules import Attestation

#: A declaration's text is quoted in a finding up to this many characters.
QUOTED = 90


def ticked(proposal: Proposal, declaration: Declaration) -> bool:
    """Whether the signatory ticked ``declaration``."""
    return bool(proposal.declarations.get(declaration.id, False))


def unticked_required(program: Program, proposal: Proposal) -> list[Declaration]:
    """The call's required declarations the signatory has not ticked, in the pack's
    order."""
    return [d for d in program.declarations if d.required and not ticked(proposal, d)]


def _quoted(text: str) -> str:
    return text if len(text) <= QUOTED else text[:QUOTED - 1].rstrip() + "…"


@checker("attestation")
def _attestation(ctx: Context, rule: Attestation) -> Iterator[tuple[Location, str]]:
    tr = ctx.tr
    for declaration in unticked_required(ctx.program, ctx.proposal):
        yield (("declarations", declaration.id), tr.gettext(
            "The call requires this declaration; tick it once it is true of the "
            "applicant: “{text}”").format(text=_quoted(declaration.text(tr))))
    if rule.resolution:
        signatory = ctx.proposal.signatory
        if not signatory.resolution_number.strip():
            yield (("signatory", "resolution_number"), tr.gettext(
                "Give the number of the board resolution that authorizes the signatory."))
        # Any date: a board often adopts the resolution in the last days before the
        # deadline, after the applicant has typed its expected date in.
        if signatory.resolution_date is None:
            yield (("signatory", "resolution_date"), tr.gettext(
                "Give the date the board adopted the resolution that authorizes the "
                "signatory."))
