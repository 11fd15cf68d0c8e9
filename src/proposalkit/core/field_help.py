"""What goes in each input of the editor: its format and an example, in one table.

The GUI shows these as tooltips (and screen readers say them) on form inputs, on the
budget and partner tables' column headers and on their cells. A key is a model location
with every list index (and a section's id) written ``*``; the texts are English msgids,
translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from proposalkit.i18n import N_

#: Stands for any list index, year or section id in a key of :data:`FIELD_HELP`.
ANY = "*"

#: Help per input, keyed by location pattern (see :func:`help_key`).
FIELD_HELP: dict[tuple[str, ...], str] = {
    # -- applicant -------------------------------------------------------------------
    ("metadata", "title"): N_("The project's name, as on the dossier's cover. "
                              "Example: Pôle d'innovation de la Mauricie."),
    ("applicant", "legal_name"): N_("The name registered with the Registraire des "
                                    "entreprises. Example: Carrefour Innovation Mauricie."),
    ("applicant", "article"): N_(
        "How a French sentence introduces the name, as in « appuyé par la MRC » or « du "
        "Collège »; suggested from the name's first word until you choose. Example: la."),
    ("applicant", "article_en"): N_(
        "Whether an English sentence says \"the\" before the name, as in \"supported by "
        "the University\"; suggested from the name until you choose. Example: the."),
    ("applicant", "neq"): N_("Québec enterprise number: 10 digits, on the Registraire des "
                             "entreprises' record. Example: 1171234567."),
    # ("applicant", "legal_form") and "main_activity": what the program accepts comes
    # from its pack (gui/pages.py describes them from program.eligibility).
    ("applicant", "main_establishment_in_quebec"): N_(
        "Check it if the organization's main establishment (its head office) is in "
        "Québec, as on its enterprise record. Example: checked for an office in "
        "Trois-Rivières."),
    ("applicant", "address", "street"): N_("Number, street and suite. "
                                           "Example: 100, rue des Forges, bureau 200."),
    ("applicant", "address", "city"): N_("Example: Trois-Rivières."),
    ("applicant", "address", "postal_code"): N_(
        "Letter, digit, letter, space, digit, letter, digit. Example: G9A 2H1 (typed "
        "g9a2h1, it is written G9A 2H1 when you leave the field)."),
    ("applicant", "contact", "name"): N_("The person the funder will contact. "
                                         "Example: Josée Tremblay."),
    ("applicant", "contact", "title"): N_("Example: Executive director."),
    ("applicant", "contact", "email"): N_("Example: name@organization.org."),
    ("applicant", "contact", "phone"): N_("Ten digits, and an extension if needed. "
                                          "Example: 819 555-0142 poste 12."),
    ("signatory", "name"): N_("The person the board resolution authorizes to sign. "
                              "Example: Marc Gagnon."),
    ("signatory", "title"): N_("Example: Chair of the board."),
    ("signatory", "resolution_number"): N_(
        "The number the board gave the resolution that authorizes the application and its "
        "signatory, as in its minutes; the attestation cites it. Example: CA-2018-04-03."),
    ("signatory", "resolution_date"): N_(
        "The day the board adopted that resolution. Example: April 10, 2018."),
    ("declarations", ANY): N_(
        "Tick it only if it is true of the applicant: the signatory attests it. A required "
        "declaration left unticked keeps the dossier a draft."),
    # -- territory and partners --------------------------------------------------------
    ("territory",): N_("The administrative region the joint application covers (one "
                       "application per region). Example: Mauricie."),
    ("partners", ANY, "name"): N_("The partner organization's legal name. "
                                  "Example: Ville de Trois-Rivières."),
    ("partners", ANY, "article"): N_(
        "How a French sentence introduces the partner: « la MRC », « le Collège », "
        "« l’Université »; suggested from the name until you choose. Example: la."),
    ("partners", ANY, "article_en"): N_(
        "Whether an English sentence says \"the\" before the partner's name; suggested "
        "from the name until you choose. Example: the."),
    ("partners", ANY, "type"): N_("The kind of organization, from the program's list. "
                                  "Example: municipality."),
    ("partners", ANY, "role"): N_("What the partner does in the project, in a few words. "
                                  "Example: hosts the entrepreneurs' workshops."),
    ("partners", ANY, "letter_received"): N_(
        "Check it once the partner's signed letter of support has arrived (attach it on "
        "the Attachments step)."),
    ("partners", ANY, "cash", ANY): N_(
        "Money the partner gives this project year, in dollars. Example: 25 000 "
        "(or 25,000.00); a block copied from a spreadsheet can be pasted."),
    ("partners", ANY, "in_kind", ANY): N_(
        "The value of goods or services the partner provides this project year, in "
        "dollars. Example: 5 000 for a lent meeting room."),
    ("partners", ANY, "total"): N_("The partner's contributions over all years, cash and "
                                   "in kind (computed)."),
    # -- governance --------------------------------------------------------------------
    ("governance", "description"): N_(
        "Who steers the project, how often it meets and how it decides. Example: a "
        "steering committee of six members meets every quarter."),
    ("governance", "members", ANY, "name"): N_("The member's name. Example: Julie Roy."),
    ("governance", "members", ANY, "organization"): N_(
        "The organization the member comes from. Example: Cégep de Trois-Rivières."),
    ("governance", "members", ANY, "sector"): N_(
        "The sector the member represents, from the program's list. Example: education."),
    # -- narrative sections ------------------------------------------------------------
    ("sections", ANY): N_(
        "Your text for this section, in plain paragraphs (an empty line between them), "
        "within the word limit shown under it. Example: “The region counts 120 new "
        "businesses a year…”."),
    # -- action plan and indicators ------------------------------------------------------
    ("activities", ANY, "title"): N_("What the activity is, in a few words. Example: "
                                     "Guichet unique et répertoire des services."),
    ("activities", ANY, "axis"): N_("The call's axis the activity serves; the table and the "
                                    "dossier group activities by axis. Example: Orienter les "
                                    "entrepreneurs vers les services existants."),
    ("activities", ANY, "responsible"): N_(
        "Who carries the activity: the applicant or one of the partners of the territory "
        "step. Example: SADC du Haut-Maurice."),
    ("activities", ANY, "start"): N_("The first month of the activity, inside the project "
                                     "period (F2 opens the month editor). Example: 2018-07."),
    ("activities", ANY, "end"): N_("The last month of the activity, inside the project "
                                   "period. Example: 2019-03."),
    ("activities", ANY, "deliverables"): N_("What the activity produces, that a reviewer can "
                                            "check. Example: Répertoire en ligne."),
    ("indicators", ANY, "name"): N_("What is measured. Example: Entreprises accompagnées."),
    ("indicators", ANY, "unit"): N_("The unit of the figures. Example: entreprises, $, %."),
    ("indicators", ANY, "baseline"): N_("Where the measure stands before the project (may "
                                        "stay empty when unknown). Example: 35."),
    ("indicators", ANY, "targets", ANY): N_("The figure aimed for by the end of that project "
                                            "year, in the indicator's unit. Example: 60."),
    ("indicators", ANY, "source"): N_("Where the measure comes from. Example: Registre des "
                                      "suivis du Carrefour."),
    # -- budget --------------------------------------------------------------------------
    ("budget", "start_date"): N_(
        "The first day of project year 1. Example: July 1, 2018. The dossier spreads each "
        "year over its months to estimate the amounts by Québec fiscal year (April 1 to "
        "March 31); actual spending is rarely that even."),
    ("budget", "end_date"): N_(
        "The project's last day, asked when the call sets when a project may end or how "
        "long it may last. Example: June 30, 2021."),
    ("applicant", "founded"): N_(
        "The day the organization was founded or incorporated, asked when the call counts "
        "years of existence. Example: March 12, 2015."),
    ("budget", "expenses", ANY, "category"): N_(
        "The program's expense category. Example: salaries and benefits."),
    ("budget", "expenses", ANY, "description"): N_(
        "What the money pays for. Example: project coordinator, 4 days a week."),
    ("budget", "expenses", ANY, "amounts", ANY): N_(
        "The expense this project year, in dollars, typed the French or the English way. "
        "Example: 45 000,00 or 45,000.00."),
    ("budget", "expenses", ANY, "total"): N_("The line's amounts over all years (computed)."),
    ("budget", "revenues", ANY, "source"): N_(
        "Where the money comes from. Example: the Québec contribution requested."),
    ("budget", "revenues", ANY, "nature"): N_(
        "Cash (money) or in kind (goods or services valued in dollars)."),
    ("budget", "revenues", ANY, "description"): N_(
        "A few words on the revenue. Example: City's contribution to the workshops."),
    ("budget", "revenues", ANY, "partner_id"): N_(
        "The partner who gives it, for a partner's contribution; (none) otherwise."),
    ("budget", "revenues", ANY, "amounts", ANY): N_(
        "The revenue this project year, in dollars. Example: 60 000 or 60,000.00."),
    ("budget", "revenues", ANY, "total"): N_("The line's amounts over all years (computed)."),
    ("budget", "expenses", ANY, "justification"): N_(
        "How the amount was reached, printed under the line in the dossier. Example: 2 "
        "advisors × $52,000 a year."),
    ("budget", "revenues", ANY, "status"): N_(
        "Where this source stands: confirmed (a letter or an agreement says so), request "
        "filed, or to be requested. Example: confirmed, by the MRC's letter of March 15."),
    ("budget", "revenues", ANY, "status_date"): N_(
        "The date of the letter or agreement that confirms the source (or of the request "
        "filed), typed as you write it: 2018-03-15, 15/03/2018 or March 15, 2018."),
    ("budget", "revenues", ANY, "evidence_id"): N_(
        "The attached document that shows where the source stands (a letter, an "
        "agreement); the dossier's financing plan cites its annex. A partner's line "
        "without one cites the partner's letter. Example: the MRC's letter of support."),
    ("summary",): N_(
        "The project in a few sentences, for the summary page. Example: The hub will "
        "guide 400 businesses a year toward the right service."),
    # -- attachments ---------------------------------------------------------------------
    ("attachments", ANY, "kind"): N_(
        "Which required document the next file you attach is. Example: board resolution "
        "(a PDF, a Word document or an image)."),
}


def help_key(location: Sequence[str | int]) -> tuple[str, ...]:
    """The key of ``location`` in :data:`FIELD_HELP`: indexes, section and declaration
    ids as ``*``."""
    key = tuple(ANY if isinstance(part, int) else part for part in location)
    if len(key) >= 2 and key[0] in ("sections", "declarations"):
        key = (key[0], ANY, *key[2:])
    return key


def field_help(location: Sequence[str | int]) -> str:
    """The English help (msgid) for the input at ``location``, or "" when there is none."""
    return FIELD_HELP.get(help_key(location), "")
