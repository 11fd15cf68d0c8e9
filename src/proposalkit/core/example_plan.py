"""The bundled examples' action plans and indicators (kept apart from the examples' other
data): the Mauricie hub's four years (``pri-2018``, from July 2018) and Propulsion
Estuaire's three (``mei-incubation-2022``, from April 2023), grouped by each call's axes,
each activity carried by the applicant or one of the partners the example names."""

from __future__ import annotations

from decimal import Decimal

from proposalkit.core.model import LEAD, Activity, Indicator

#: (id, title, axis, responsible, start, end, deliverables)
ActivitySpec = tuple[str, str, str, str, str, str, str]
#: (id, name, unit, baseline, targets per year, source)
IndicatorSpec = tuple[str, str, str, str | None, tuple[str, ...], str]


def _activities(specs: tuple[ActivitySpec, ...]) -> list[Activity]:
    return [Activity(id=ident, title=title, axis=axis, responsible=who, start=start, end=end,
                     deliverables=deliverables)
            for ident, title, axis, who, start, end, deliverables in specs]


def _indicators(specs: tuple[IndicatorSpec, ...]) -> list[Indicator]:
    return [Indicator(id=ident, name=name, unit=unit,
                      baseline=Decimal(base) if base is not None else None,
                      targets=[Decimal(t) for t in targets], source=source)
            for ident, name, unit, base, targets, source in specs]


_MAURICIE_ACTIVITIES: tuple[ActivitySpec, ...] = (
    ("act-table", "Table régionale des acteurs de l’innovation", "collaboration", LEAD,
     "2018-07", "2022-06", "Quatre rencontres par année; plan de concertation annuel"),
    ("act-maillage", "Journées de maillage entre entreprises et chercheurs", "collaboration",
     "college-batiscan", "2018-10", "2022-05", "Deux journées par année; bilan des maillages"),
    ("act-guichet", "Guichet unique et répertoire des services", "guidance", LEAD,
     "2018-07", "2019-03", "Répertoire en ligne; protocole de référence signé par les partenaires"),
    ("act-antenne", "Antenne rurale de La Tuque", "guidance", "sadc-haut-maurice",
     "2019-01", "2022-06", "Permanence d’un conseiller deux jours par semaine"),
    ("act-cellule", "Cellule d’accompagnement aux occasions d’affaires", "opportunities",
     "caisse-saint-maurice", "2018-09", "2022-06",
     "Veille mensuelle; dossiers de financement présentés"),
    ("act-lieu", "Aménagement et programmation du lieu de convergence", "convergence",
     "mrc-vallons", "2018-07", "2019-06", "Lieu ouvert; programmation trimestrielle"),
    ("act-vitrine", "Vitrine annuelle de l’innovation mauricienne", "convergence", LEAD,
     "2019-05", "2022-05", "Un événement par année"),
    ("act-incubation", "Incubation des jeunes pousses technologiques", "technology",
     "fabrique-3r", "2018-09", "2022-06", "Deux cohortes par année; mentorat"),
    ("act-prototypage", "Atelier de prototypage du collège", "technology", "college-batiscan",
     "2019-01", "2022-06", "Atelier ouvert aux entreprises; 40 prototypes"),
    ("act-reseau", "Alliances avec les pôles voisins et le réseau national", "alliances",
     LEAD, "2019-04", "2022-06", "Deux projets interpôles; participation au réseau"),
)

_MAURICIE_INDICATORS: tuple[IndicatorSpec, ...] = (
    ("ind-entreprises", "Entreprises accompagnées", "entreprises", "35",
     ("60", "90", "110", "120"), "Registre des suivis du Carrefour"),
    ("ind-pousses", "Jeunes pousses technologiques incubées", "entreprises", "4",
     ("8", "10", "12", "12"), "Registre de la Fabrique numérique 3R"),
    ("ind-collaborations", "Projets de collaboration entreprises–recherche", "projets", "2",
     ("4", "6", "8", "8"), "Ententes signées (Collège technique de la Batiscan)"),
    ("ind-investissements", "Investissements privés mobilisés", "$", "0",
     ("250000", "500000", "750000", "1000000"), "Déclarations des entreprises accompagnées"),
    ("ind-satisfaction", "Entrepreneurs satisfaits des références", "part (%)", None,
     ("80", "85", "85", "90"), "Sondage annuel auprès des entrepreneurs"),
)

_ESTUAIRE_ACTIVITIES: tuple[ActivitySpec, ...] = (
    ("act-incubation", "Programme d’incubation (deux cohortes par année)", "services", LEAD,
     "2023-04", "2026-03", "Six cohortes; parcours de 12 mois"),
    ("act-acceleration", "Accélérateur maritime et numérique", "services", LEAD,
     "2023-09", "2026-02", "Trois cohortes; journée de démonstration"),
    ("act-prototypage", "Laboratoire de prototypage", "services", "universite-littoral",
     "2023-06", "2026-03", "Accès au laboratoire; 30 prototypes"),
    ("act-matane", "Antenne de Matane", "ecosystem", "mrc-brumes", "2023-04", "2026-03",
     "Bureau ouvert trois jours par semaine"),
    ("act-investissement", "Enveloppe d’investissement des cohortes", "partnerships",
     "fonds-boreal", "2023-10", "2026-03", "Comité d’investissement deux fois par année"),
    ("act-alliances", "Alliances avec les incubateurs de l’Est du Québec", "partnerships",
     LEAD, "2024-01", "2025-12", "Deux ententes de référence"),
    ("act-durable", "Accompagnement en développement durable", "sustainable", LEAD,
     "2024-04", "2026-03", "Diagnostic durable pour chaque entreprise incubée"),
)

_ESTUAIRE_INDICATORS: tuple[IndicatorSpec, ...] = (
    ("ind-entreprises", "Entreprises incubées ou accélérées", "entreprises", "18",
     ("24", "28", "32"), "Registre des cohortes de Propulsion Estuaire"),
    ("ind-emplois", "Emplois créés dans les entreprises accompagnées", "emplois", "25",
     ("30", "40", "50"), "Déclarations annuelles des entreprises"),
    ("ind-financement", "Financement privé obtenu par les entreprises", "$", "400000",
     ("600000", "900000", "1200000"), "Fonds d’amorçage Boréal et déclarations"),
    ("ind-survie", "Entreprises actives deux ans après la sortie", "part (%)", "70",
     ("75", "78", "80"), "Suivi annuel des anciens"),
)


def mauricie_plan() -> tuple[list[Activity], list[Indicator]]:
    """The Mauricie hub's activities and indicators (``pri-2018`` example)."""
    return _activities(_MAURICIE_ACTIVITIES), _indicators(_MAURICIE_INDICATORS)


def estuaire_plan() -> tuple[list[Activity], list[Indicator]]:
    """Propulsion Estuaire's activities and indicators (``mei-incubation-2022`` example)."""
    return _activities(_ESTUAIRE_ACTIVITIES), _indicators(_ESTUAIRE_INDICATORS)
