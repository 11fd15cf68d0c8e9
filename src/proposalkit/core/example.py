"""The bundled example: a complete, realistic and valid proposal for a fictitious
organization in Mauricie, written in French, with its attachments.

It respects every cap of ``pri-2018``, balances to the cent every year, and each
partner's contribution is booked in the revenues and backed by a letter.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from proposalkit.core.bounded import load_toml
from proposalkit.core.example_plan import mauricie_plan
from proposalkit.core.model import (
    Address,
    Applicant,
    Attachment,
    Budget,
    CommitteeMember,
    Contact,
    ExpenseLine,
    FundingStatus,
    Governance,
    Metadata,
    Partner,
    Proposal,
    RevenueLine,
    Signatory,
)

# Defined where the start screen reads it without loading the model.
from proposalkit.core.pack_facts import EXAMPLE_PROGRAM as EXAMPLE_PROGRAM
from proposalkit.paths import resources_dir


def _d(*values: int) -> list[Decimal]:
    return [Decimal(v) for v in values]


def _sections(name: str = "mauricie-sections.toml") -> dict[str, str]:
    with open(resources_dir() / "examples" / name, "rb") as fh:
        return {key: value.strip() for key, value in load_toml(fh).items()}


#: (id, name, type, role, cash per year, in kind per year, revenue source)
PartnerSpec = tuple[str, str, str, str, list[Decimal], list[Decimal], str]
#: (category, description, amounts per year)
ExpenseSpec = tuple[str, str, list[Decimal]]


def partners_and_budget(partners_spec: tuple[PartnerSpec, ...],
                        expenses_spec: tuple[ExpenseSpec, ...], fixed: list[RevenueLine],
                        own_description: str, justifications: tuple[str, ...] = (),
                        letter_day: date | None = None,
                        ) -> tuple[list[Partner], list[ExpenseLine], list[RevenueLine]]:
    """An example's partners (each with its letter) and its budget: the expenses (with
    their ``justifications``, in order), the ``fixed`` revenues, each partner's cash and
    in-kind lines (confirmed by its letter of ``letter_day``), and own revenue closing
    every year to the cent (confirmed by the board's resolution)."""
    partners = [
        Partner(id=pid, name=name, type=kind, role=role, cash=cash, in_kind=in_kind,
                letter_received=True, letter_attachment_id=f"letter-{pid}")
        for pid, name, kind, role, cash, in_kind, _ in partners_spec
    ]
    expenses = [
        ExpenseLine(id=f"exp-{i + 1}", category=cat, description=text, amounts=amounts,
                    justification=justifications[i] if i < len(justifications) else "")
        for i, (cat, text, amounts) in enumerate(expenses_spec)
    ]
    status: FundingStatus = "confirmed" if letter_day else ""
    years = len(expenses_spec[0][2])
    totals = [sum((line.amounts[y] for line in expenses), Decimal(0)) for y in range(years)]
    revenues = list(fixed)
    for pid, name, _kind, _role, cash, in_kind, source in partners_spec:
        if cash:
            revenues.append(RevenueLine(id=f"rev-{pid}-cash", source=source, nature="cash",
                                        description=name, amounts=list(cash), partner_id=pid,
                                        evidence_id=f"letter-{pid}" if letter_day else None,
                                        status=status, status_date=letter_day))
        if in_kind:
            revenues.append(RevenueLine(id=f"rev-{pid}-kind", source=source, nature="in_kind",
                                        description=f"{name} (en nature)", amounts=list(in_kind),
                                        partner_id=pid,
                                        evidence_id=f"letter-{pid}" if letter_day else None,
                                        status=status, status_date=letter_day))
    booked = [sum((line.amounts[y] for line in revenues), Decimal(0)) for y in range(years)]
    revenues.append(RevenueLine(id="rev-own", source="own_revenue", nature="cash",
                                description=own_description,
                                amounts=[totals[y] - booked[y] for y in range(years)],
                                evidence_id="board-resolution" if letter_day else None,
                                status=status, status_date=letter_day))
    return partners, expenses, revenues


def letters(partners_spec: tuple[PartnerSpec, ...]) -> list[Attachment]:
    """The attachment entry of each partner's letter of support."""
    return [
        Attachment(id=f"letter-{pid}", title=f"Lettre d’appui — {name}", kind="support_letter",
                   reference=f"attachments/lettre-{pid}.pdf", filename=f"lettre-{pid}.pdf",
                   media_type="application/pdf", partner_id=pid)
        for pid, name, *_ in partners_spec
    ]


_PARTNERS: tuple[PartnerSpec, ...] = (
    ("mrc-vallons", "MRC des Vallons", "municipality",
     "Prête le lieu de convergence et finance le guichet en milieu rural.",
     _d(50000, 50000, 50000, 50000), _d(30000, 30000, 30000, 30000), "municipal"),
    ("college-batiscan", "Collège technique de la Batiscan", "academic",
     "Atelier de prototypage, expertise de son centre de transfert de technologie.",
     [], _d(20000, 20000, 20000, 20000), "community"),
    ("caisse-saint-maurice", "Caisse populaire du Saint-Maurice", "financial",
     "Financement des jeunes pousses et cellule d’accompagnement.",
     _d(25000, 25000, 25000, 25000), [], "private"),
    ("fabrique-3r", "Fabrique numérique 3R", "business",
     "Incubation des jeunes pousses technologiques et mentorat.",
     _d(15000, 15000, 15000, 15000), _d(20000, 20000, 20000, 20000), "private"),
    ("sadc-haut-maurice", "SADC du Haut-Maurice", "economic_development",
     "Antenne de La Tuque et accompagnement des entreprises rurales.",
     _d(10000, 10000, 10000, 10000), [], "community"),
)

_EXPENSES: tuple[ExpenseSpec, ...] = (
    ("salaries", "Direction, deux conseillers d’orientation et coordination", _d(380000, 380000, 380000, 380000)),
    ("professional_fees", "Experts de la cellule d’accompagnement et évaluation", _d(60000, 55000, 50000, 45000)),
    ("services", "Pré-incubation, ateliers, journées de maillage", _d(120000, 135000, 150000, 165000)),
    ("communications", "Répertoire en ligne, promotion, rapport annuel", _d(40000, 35000, 30000, 30000)),
    ("travel", "Déplacements dans les antennes et missions", _d(15000, 15000, 15000, 15000)),
    ("premises", "Lieu de convergence (dont 30 000 $ prêtés par la MRC)", _d(50000, 50000, 50000, 50000)),
    ("equipment", "Atelier de prototypage et postes de travail", _d(20000, 20000, 15000, 15000)),
    ("administration", "Comptabilité, assurances, vérification", _d(35000, 40000, 50000, 50000)),
)


#: How each expense line's amount was reached, in the order of ``_EXPENSES``.
_JUSTIFICATIONS = (
    "Directrice 110 000 $, deux conseillers à 80 000 $, coordonnatrice 60 000 $, charges "
    "sociales 50 000 $ : 380 000 $ par année",
    "Cellule d’accompagnement : environ 400 heures d’experts à 125 $ la première année, "
    "moins ensuite; évaluation externe 10 000 $ par année",
    "12 ateliers à 4 000 $, 4 journées de maillage à 12 000 $ et la pré-incubation de 8 à "
    "14 jeunes pousses (3 000 $ chacune), en hausse avec les cohortes",
    "Répertoire en ligne 15 000 $ la première année, puis 5 000 $; promotion et rapport "
    "annuel 25 000 $",
    "6 antennes visitées chaque mois (0,48 $ du km) et deux missions par année",
    "Loyer du lieu de convergence 20 000 $ et 30 000 $ de locaux prêtés par la MRC (valeur "
    "locative au prix du marché)",
    "Imprimante 3D et découpe laser (12 000 $) et 4 postes de travail la première année; "
    "renouvellement ensuite",
    "Tenue de livres 20 000 $, assurances 6 000 $ et vérification des états financiers, "
    "plus lourde à mesure que les activités croissent",
)


def example_proposal() -> Proposal:
    """The example proposal (attachments referenced, bytes from :func:`example_attachments`)."""
    partners, expenses, revenues = partners_and_budget(_PARTNERS, _EXPENSES, [
        RevenueLine(id="rev-quebec", source="quebec_request", nature="cash",
                    description="Pôles régionaux d’innovation", amounts=_d(400000, 400000, 400000, 400000),
                    status="requested", status_date=date(2018, 4, 20)),
        RevenueLine(id="rev-federal", source="federal", nature="cash",
                    description="Développement économique Canada (entente de contribution)",
                    amounts=_d(120000, 120000, 120000, 120000),
                    status="confirmed", status_date=date(2018, 4, 12),
                    evidence_id="federal-agreement"),
    ], "Cotisations, location d’espaces, frais d’inscription", _JUSTIFICATIONS,
        date(2018, 4, 16))
    attachments = letters(_PARTNERS) + [
        Attachment(id="board-resolution", title="Résolution du conseil d’administration",
                   kind="board_resolution", reference="attachments/resolution-ca.pdf",
                   filename="resolution-ca.pdf", media_type="application/pdf"),
        Attachment(id="financial-statements", title="États financiers au 31 mars 2017",
                   kind="financial_statements", reference="attachments/etats-financiers-2017.pdf",
                   filename="etats-financiers-2017.pdf", media_type="application/pdf"),
        Attachment(id="federal-agreement",
                   title="Entente de contribution — Développement économique Canada",
                   kind="funding_confirmation", reference="attachments/entente-dec.pdf",
                   filename="entente-dec.pdf", media_type="application/pdf"),
    ]
    activities, indicators = mauricie_plan()
    return Proposal(
        program_id=EXAMPLE_PROGRAM,
        language="fr",
        applicant=Applicant(
            legal_name="Carrefour Innovation Mauricie",
            neq="1171234567",
            legal_form="npo",
            main_activity="entrepreneurship_support",
            main_establishment_in_quebec=True,
            address=Address(street="1500, rue des Forges, bureau 200", city="Trois-Rivières",
                            province="QC", postal_code="G9A 2H1"),
            contact=Contact(name="Josée Lavallée", title="Directrice générale",
                            email="jlavallee@carrefour-innovation.example", phone="819 555-0142"),
        ),
        territory="mauricie",
        summary=(
            "Le Carrefour Innovation Mauricie propose un pôle régional d’innovation : un lieu "
            "de convergence à Trois-Rivières et des antennes dans les MRC, qui orientent chaque "
            "entrepreneur vers le bon service, accompagnent les jeunes pousses technologiques et "
            "réunissent les acteurs de la région. Sur quatre ans, le pôle vise 400 entreprises "
            "orientées par année, 40 jeunes pousses accompagnées et des alliances avec les "
            "autres pôles. Le projet coûte 2 940 000 $, dont 1 600 000 $ demandés au Québec; "
            "le reste est confirmé par Développement économique Canada, la MRC des Vallons, "
            "quatre partenaires du milieu et les revenus du Carrefour."),
        partners=partners,
        governance=Governance(
            description="Comité de pilotage de sept membres; le ministère y siège comme observateur.",
            members=[
                CommitteeMember(name="Marc-André Gélinas", organization="Fabrique numérique 3R", sector="business"),
                CommitteeMember(name="Isabelle Trudel", organization="Usinage Précision Mékinac", sector="business"),
                CommitteeMember(name="Luc Bellemare", organization="MRC des Vallons", sector="municipal"),
                CommitteeMember(name="Nathalie Héroux", organization="Collège technique de la Batiscan", sector="academic"),
                CommitteeMember(name="Stéphane Lacerte", organization="Caisse populaire du Saint-Maurice", sector="financial"),
                CommitteeMember(name="Karine Boisvert", organization="SADC du Haut-Maurice", sector="economic_development"),
                CommitteeMember(name="Patrice Ottawa", organization="Conseil des entrepreneurs atikamekw", sector="community"),
            ],
        ),
        sections=_sections(),
        budget=Budget(start_date=date(2018, 7, 1), expenses=expenses, revenues=revenues),
        attachments=attachments,
        signatory=Signatory(name="Josée Lavallée", title="Directrice générale",
                            resolution_number="CA-2018-04-03",
                            resolution_date=date(2018, 4, 10)),
        declarations=dict(EXAMPLE_DECLARATIONS),
        activities=activities,
        indicators=indicators,
        metadata=Metadata(title="Pôle régional d’innovation de la Mauricie",
                          created=datetime(2018, 4, 2, 9, 0), modified=datetime(2018, 4, 20, 16, 30)),
    )


#: The declarations the examples' signatories tick: every required one of the shipped
#: packs; the optional consent to contact the partners is left unticked (it prints so).
EXAMPLE_DECLARATIONS = {"other_aid": True, "lobbying": True, "no_debt": True, "rena": True}


def _pdf_page(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    # The bundled Noto Sans, embedded like the fonts of a real letter: the example's
    # printable package then holds no unembedded font.
    for name, filename in (("NotoSans", "NotoSans-Regular.ttf"),
                           ("NotoSans-Bold", "NotoSans-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(resources_dir() / "fonts" / filename)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=LETTER, invariant=1,
                        initialFontName="NotoSans")  # type: ignore[arg-type]  # the stubs say float
    pdf.setTitle(title)
    pdf.setFont("NotoSans-Bold", 14)
    pdf.drawString(72, 720, title)
    pdf.setFont("NotoSans", 11)
    y = 690
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 16
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def letter_pdfs(proposal: Proposal, heading: list[str], commitment: str) -> dict[str, bytes]:
    """One-page PDFs for an example's attachments, by reference: a partner's letter says
    it supports the applicant and ``commitment``; other documents are marked fictitious."""
    files: dict[str, bytes] = {}
    for attachment in proposal.attachments:
        partner = proposal.partner(attachment.partner_id)
        body = [*heading, ""]
        if partner is not None:
            body += [f"{partner.name} appuie la demande de {proposal.applicant.legal_name}",
                     commitment]
        else:
            body += ["Document fictif joint à l’exemple de proposalkit."]
        files[attachment.reference] = _pdf_page(attachment.title, body)
    return files


def example_attachments(proposal: Proposal | None = None) -> dict[str, bytes]:
    """The bytes of the example's attachments, by reference: short one-page PDFs."""
    return letter_pdfs(proposal or example_proposal(), [
        "Trois-Rivières, le 16 avril 2018", "",
        "Objet : appui au pôle régional d’innovation de la Mauricie"],
        "et confirme sa contribution au projet pour les quatre années.")


#: The programs that have a bundled example.
EXAMPLE_PROGRAMS = (EXAMPLE_PROGRAM, "mei-incubation-2022")


def example_for(program_id: str) -> tuple[Proposal, dict[str, bytes]] | None:
    """The bundled example proposal for ``program_id`` and its attachments' bytes, or None
    when that program has no example."""
    if program_id == EXAMPLE_PROGRAM:
        proposal = example_proposal()
        return proposal, example_attachments(proposal)
    if program_id == "mei-incubation-2022":
        from proposalkit.core import example_mei

        proposal = example_mei.example_proposal()
        return proposal, example_mei.example_attachments(proposal)
    return None
