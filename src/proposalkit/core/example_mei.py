"""The second bundled example: a fictitious incubator-accelerator of the Bas-Saint-Laurent
applying to ``mei-incubation-2022`` (3 years, a 60 % rate on eligible expenses and an
80 % stacking limit on all government money), written in French, with its attachments.

It respects every rule of the pack, balances to the cent every year, and each partner's
contribution is booked in the revenues and backed by a letter; only the deadline (closed
since 17 October 2022) is reported, as a warning.
"""

from __future__ import annotations

from datetime import date, datetime

from proposalkit.core.example import (
    EXAMPLE_DECLARATIONS,
    ExpenseSpec,
    PartnerSpec,
    _d,
    _sections,
    letter_pdfs,
    letters,
    partners_and_budget,
)
from proposalkit.core.example_plan import estuaire_plan
from proposalkit.core.model import (
    Address,
    Applicant,
    Attachment,
    Budget,
    CommitteeMember,
    Contact,
    Governance,
    Metadata,
    Proposal,
    RevenueLine,
    Signatory,
)

PROGRAM = "mei-incubation-2022"


_PARTNERS: tuple[PartnerSpec, ...] = (
    ("mrc-brumes", "MRC de la Côte-des-Brumes", "municipality",
     "Finance l’antenne de Matane et prête ses locaux.",
     _d(60000, 60000, 60000), _d(24000, 24000, 24000), "municipal"),
    ("fonds-boreal", "Fonds d’amorçage Boréal", "financial",
     "Contribution au programme et enveloppe d’investissement pour les cohortes.",
     _d(50000, 50000, 50000), [], "private"),
    ("universite-littoral", "Université du Littoral", "academic",
     "Laboratoire de prototypage et temps de ses chercheurs.",
     [], _d(30000, 30000, 30000), "community"),
)

_EXPENSES: tuple[ExpenseSpec, ...] = (
    ("salaries", "Direction, quatre conseillers, programmes et partenariats",
     _d(520000, 540000, 560000)),
    ("experts", "Experts rémunérés et mentors spécialisés", _d(120000, 125000, 130000)),
    ("programs", "Cohortes d’accélération, ateliers et vitrines", _d(160000, 170000, 180000)),
    ("communications", "Recrutement des entreprises, site et rapport annuel",
     _d(40000, 40000, 40000)),
    ("travel", "Déplacements à l’antenne de Matane et missions", _d(15000, 15000, 15000)),
    ("premises", "Locaux de Rimouski et de Matane (dont 24 000 $ prêtés par la MRC)",
     _d(90000, 90000, 90000)),
    ("administration", "Comptabilité, assurances, vérification", _d(55000, 55000, 55000)),
)


#: How each expense line's amount was reached, in the order of ``_EXPENSES``.
_JUSTIFICATIONS = (
    "Directrice 115 000 $, quatre conseillers à 82 000 $, responsable des partenariats "
    "77 000 $; indexation de 20 000 $ par année",
    "Environ 950 heures d’experts et de mentors à 125 $ la première année, indexées",
    "Deux cohortes d’accélération de 10 entreprises (60 000 $ chacune), ateliers et "
    "vitrines 40 000 $; 10 000 $ de plus chaque année",
    "Campagne de recrutement 25 000 $, site et rapport annuel 15 000 $",
    "Aller-retour Rimouski-Matane chaque semaine (0,48 $ du km) et trois missions",
    "Loyer de Rimouski 66 000 $ et locaux de Matane prêtés par la MRC (24 000 $, valeur "
    "locative au prix du marché)",
    "Tenue de livres 30 000 $, vérification 15 000 $, assurances 10 000 $",
)


def example_proposal() -> Proposal:
    """The incubator's proposal (attachments referenced, bytes from
    :func:`example_attachments`)."""
    partners, expenses, revenues = partners_and_budget(_PARTNERS, _EXPENSES, [
        RevenueLine(id="rev-mei", source="mei_request", nature="cash",
                    description="Soutien aux organismes d’incubation et d’accélération",
                    amounts=_d(500000, 500000, 500000), status="requested",
                    status_date=date(2022, 10, 11)),
        RevenueLine(id="rev-federal", source="federal", nature="cash",
                    description="Développement économique Canada (entente de contribution)",
                    amounts=_d(200000, 200000, 200000), status="confirmed",
                    status_date=date(2022, 9, 28), evidence_id="federal-agreement"),
    ], "Frais d’accompagnement et redevances", _JUSTIFICATIONS, date(2022, 10, 7))
    attachments = letters(_PARTNERS) + [
        Attachment(id=ident, title=title, kind=ident.replace("-", "_"),
                   reference=f"attachments/{filename}", filename=filename,
                   media_type="application/pdf")
        for ident, title, filename in (
            ("letters-patent", "Lettres patentes", "lettres-patentes.pdf"),
            ("board-resolution", "Résolution du conseil d’administration",
             "resolution-ca.pdf"),
            ("financial-statements", "États financiers au 31 mars 2022",
             "etats-financiers-2022.pdf"),
        )
    ] + [Attachment(id="federal-agreement",
                    title="Entente de contribution — Développement économique Canada",
                    kind="funding_confirmation", reference="attachments/entente-dec.pdf",
                    filename="entente-dec.pdf", media_type="application/pdf")]
    activities, indicators = estuaire_plan()
    return Proposal(
        program_id=PROGRAM,
        language="fr",
        applicant=Applicant(
            legal_name="Propulsion Estuaire",
            neq="1179876543",
            legal_form="npo",
            main_activity="incubation",
            main_establishment_in_quebec=True,
            address=Address(street="320, rue Saint-Germain Est, bureau 400", city="Rimouski",
                            province="QC", postal_code="G5L 1C2"),
            contact=Contact(name="Mélanie Gagnon-Roy", title="Directrice générale",
                            email="mgagnonroy@propulsion-estuaire.example",
                            phone="418 555-0199"),
        ),
        territory="bas-saint-laurent",
        summary=(
            "Propulsion Estuaire incube et accélère les jeunes entreprises technologiques de "
            "l’Estuaire, à Rimouski et à Matane. Sur trois ans, deux cohortes d’accélération "
            "par année, un accompagnement par des experts et des mentors et un accès au "
            "laboratoire de prototypage de l’Université du Littoral. Le projet coûte "
            "3 105 000 $, dont 1 500 000 $ demandés au MEI; le reste est confirmé par "
            "Développement économique Canada, la MRC de la Côte-des-Brumes, le Fonds "
            "d’amorçage Boréal, l’Université du Littoral et les revenus de l’organisme."),
        partners=partners,
        governance=Governance(
            description="Conseil d’administration de sept membres, dont quatre entrepreneurs.",
            members=[
                CommitteeMember(name="Hugo Desjardins-Lévesque", organization="Océanika",
                                sector="business"),
                CommitteeMember(name="Annie Castonguay", organization="Logiciels Fjord",
                                sector="business"),
                CommitteeMember(name="Rémi Pelletier", organization="MRC de la Côte-des-Brumes",
                                sector="municipal"),
                CommitteeMember(name="Sophie Bérubé", organization="Université du Littoral",
                                sector="academic"),
                CommitteeMember(name="Jacques Ouellet", organization="Fonds d’amorçage Boréal",
                                sector="financial"),
            ],
        ),
        sections=_sections("estuaire-sections.toml"),
        budget=Budget(start_date=date(2023, 4, 1), expenses=expenses, revenues=revenues),
        attachments=attachments,
        signatory=Signatory(name="Mélanie Gagnon-Roy", title="Directrice générale",
                            resolution_number="2022-CA-27",
                            resolution_date=date(2022, 9, 28)),
        declarations=dict(EXAMPLE_DECLARATIONS),
        activities=activities,
        indicators=indicators,
        metadata=Metadata(title="Propulsion Estuaire — incubation et accélération 2023-2026",
                          created=datetime(2022, 9, 6, 9, 0),
                          modified=datetime(2022, 10, 11, 15, 45)),
    )


def example_attachments(proposal: Proposal | None = None) -> dict[str, bytes]:
    """The bytes of the incubator's attachments, by reference: short one-page PDFs."""
    return letter_pdfs(proposal or example_proposal(), [
        "Rimouski, le 7 octobre 2022", "", "Objet : appui au projet de Propulsion Estuaire"],
        "et confirme sa contribution au projet pour les trois années.")
