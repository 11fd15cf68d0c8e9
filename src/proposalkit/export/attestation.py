"""The attestation chapter's content: the sentence the signatory signs, naming the known
signatory and citing the board resolution that authorizes them, the call's declarations
ticked or not, and the signature block.

Kept apart from :mod:`proposalkit.export.builder` (which calls :func:`attestation_blocks`)
so that the window can show the very sentence the dossier will print.
"""

from __future__ import annotations

from proposalkit.core.attestation import ticked
from proposalkit.core.dates import long_date
from proposalkit.core.model import Proposal
from proposalkit.core.names import OrgName
from proposalkit.core.program import Program
from proposalkit.core.typography import typeset
from proposalkit.export.ir import Block, Column, Paragraph, Row, SignatureBlock, Table
from proposalkit.export.text import one_line, user_line
from proposalkit.i18n import Translator


def _signatory(proposal: Proposal, lang: str) -> str:
    """« Josée Lavallée, directrice générale »: the name, then the title (in French a
    title inside a sentence starts lowercase, an acronym stays as it is)."""
    signatory = proposal.signatory
    name = user_line(signatory.name, proposal.language)
    title = user_line(signatory.title, proposal.language)
    if title and lang == "fr" and proposal.language == "fr" and not title[:2].isupper():
        title = title[0].lower() + title[1:]
    return f"{name}, {title}" if title else name


def _resolution(proposal: Proposal, applicant: OrgName, tr: Translator) -> str:
    """« la résolution nº CA-2018-07 du conseil d’administration du Carrefour… adoptée le
    10 avril 2018 », or "" when neither its number nor its date is given."""
    _ = tr.gettext
    signatory = proposal.signatory
    number = user_line(signatory.resolution_number, proposal.language)
    day = (long_date(signatory.resolution_date, tr.locale)
           if signatory.resolution_date is not None else "")
    if number and day:
        text = _("resolution No. {number} of the board of directors {applicant:de}, adopted "
                 "on {date}")
    elif number:
        text = _("resolution No. {number} of the board of directors {applicant:de}")
    elif day:
        text = _("the resolution of the board of directors {applicant:de} adopted on {date}")
    else:
        return ""
    return text.format(number=number, applicant=applicant, date=day)


def attestation_text(program: Program, proposal: Proposal, tr: Translator,
                     applicant: OrgName) -> str:
    """The sentence the signatory signs, in ``tr``'s language: it names the signatory
    when known ("I, the undersigned" otherwise) and cites the board resolution when its
    number or date is given."""
    _ = tr.gettext
    who = _signatory(proposal, tr.lang) if proposal.signatory.name.strip() else ""
    resolution = _resolution(proposal, applicant, tr)
    program_name = program.name(tr)
    if who and resolution:
        text = _("I, {signatory}, authorized by {resolution}, certify that the information in "
                 "this application and its annexes is accurate and complete, and that "
                 "{applicant:le} authorizes its submission to the program {program}.")
    elif who:
        text = _("I, {signatory}, duly authorized by {applicant:le}, certify that the "
                 "information in this application and its annexes is accurate and complete, "
                 "and that {applicant:le} authorizes its submission to the program {program}.")
    elif resolution:
        text = _("I, the undersigned, authorized by {resolution}, certify that the information "
                 "in this application and its annexes is accurate and complete, and that "
                 "{applicant:le} authorizes its submission to the program {program}.")
    else:
        text = _("I, the undersigned, duly authorized by {applicant:le}, certify that the "
                 "information in this application and its annexes is accurate and complete, "
                 "and that {applicant:le} authorizes its submission to the program "
                 "{program}.")
    return typeset(text.format(signatory=who, resolution=resolution, applicant=applicant,
                               program=program_name), tr.lang)


def declarations_table(program: Program, proposal: Proposal, tr: Translator) -> Table:
    """The call's declarations, each with whether the signatory ticked it."""
    _ = tr.gettext
    yes, no = _("Yes"), _("No")
    rows = []
    for declaration in program.declarations:
        text = one_line(declaration.text(tr))
        if tr.lang == "fr":
            text = text.replace("'", "’")
        if not declaration.required:
            text += " " + _("(optional)")
        rows.append(Row((typeset(text, tr.lang), yes if ticked(proposal, declaration) else no)))
    return Table(columns=(Column("left", 5.2), Column("left", 0.8)),
                 header=((_("Declaration"), _("Ticked")),), body=tuple(rows),
                 name="declarations",
                 caption=_("The declarations the call asks the signatory to make."))


def attestation_blocks(program: Program, proposal: Proposal, tr: Translator,
                       applicant: OrgName, organization: str) -> list[Block]:
    """The attestation chapter's blocks after its heading: the declarations the call
    lists (if any), the sentence signed, and who signs (``organization``: the applicant's
    name as the dossier shows it)."""
    _ = tr.gettext
    signatory = proposal.signatory
    blocks: list[Block] = []
    if program.declarations:
        blocks += [Paragraph(_("{applicant:Le} declares:").format(applicant=applicant)),
                   declarations_table(program, proposal, tr)]
    blocks.append(Paragraph(attestation_text(program, proposal, tr, applicant)))
    number = user_line(signatory.resolution_number, proposal.language)
    day = (long_date(signatory.resolution_date, tr.locale)
           if signatory.resolution_date is not None else "")
    rows = [(_("Name"), user_line(signatory.name, proposal.language)),
            (_("Title"), user_line(signatory.title, proposal.language)),
            (_("Organization"), organization)]
    if number or day:
        rows.append((_("Board resolution"), ", ".join(p for p in (number, day) if p)))
    blocks.append(SignatureBlock(rows=tuple(rows), blank_lines=(_("Date"), _("Signature"))))
    return blocks
