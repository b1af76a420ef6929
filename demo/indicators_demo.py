"""The demo plan's indicators: every indicator the published plan lists for its four axes (« Principe et
méthodologie d'évaluation du plan d'action », its last pages), follow-up ones (marked « * » in the source) and
result ones, copied here as data (the product never reads the source document).

The source lists indicators per axis; each is attached to the action it evidently measures (the training module to
1.1, the charter of the EPLE to 1.2…), the « Baromètre annuel » of an axis to the axis itself, computed from the
demo's published barometer campaigns (2024 → 2023-2024, 2025 → 2024-2025) through the results' own figures. One
indicator is added that the source implies without listing it: the barometer's participation, for action 3.5.

Manual values are synthetic and believable (consistent with the actions' progress updates): proposed by the
action's lead and validated by the programme lead for 2023-2024 and 2024-2025, a few 2025-2026 values proposed
and waiting for validation, and one sent back with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from accounts.models import User
from demo.progress import PROGRESS
from demo.steps import Progress, silent
from indicators import services
from indicators.models import Computation, Direction, Indicator, IndicatorKind, Target
from organisations.models import Organisation
from plans.models import Plan
from surveys.models import Questionnaire, QuestionnaireKind

PILOT_EMAIL = "pilote@demo.qualivie.fr"
FOLLOW_UP, RESULT = IndicatorKind.FOLLOW_UP, IndicatorKind.RESULT


@dataclass(frozen=True)
class DemoIndicator:
    axis: int
    action: int | None  # number of the action in the axis; None for an indicator of the axis
    name: str
    kind: str
    unit: str = ""
    values: tuple[float, ...] = ()  # 2023-2024, 2024-2025 (validated)
    proposed: float | None = None  # 2025-2026, waiting for the programme lead
    targets: tuple[float, ...] = ()  # 2023-2024 onwards
    comments: tuple[str, ...] = ()
    source: str = ""
    method: str = ""
    computation: str = Computation.MANUAL
    source_key: str = ""
    direction: str = Direction.UP
    baseline: float | None = None


def _barometer(axis: int, dimension: str, label: str, targets: tuple[float, ...]) -> DemoIndicator:
    return DemoIndicator(
        axis,
        None,
        f"Baromètre annuel — {label} (% de réponses favorables)",
        RESULT,
        "%",
        computation=Computation.BAROMETER_DIMENSION,
        source_key=dimension,
        targets=targets,
        source="Baromètre annuel de la qualité de vie au travail",
        method="Part des réponses « plutôt d'accord » et « tout à fait d'accord » aux questions de la dimension, "
        "pour l'ensemble de l'académie ; calculée par la plateforme à la publication des résultats.",
    )


INDICATORS: tuple[DemoIndicator, ...] = (
    # Axe 1 : développer des relations de travail inclusives et bienveillantes
    DemoIndicator(
        1,
        1,
        "Mise en œuvre d'un module de formation et nombre de personnels formés",
        FOLLOW_UP,
        "personnes",
        (310, 560),
        780,
        (300, 600, 900),
        (
            "Module ouvert en mars 2024 : 120 inscrits la première semaine.",
            "Guide des encadrants diffusé en septembre.",
        ),
        "Plateforme de formation à distance",
        "Personnels ayant terminé le module, cumulés depuis l'ouverture.",
    ),
    DemoIndicator(
        1,
        2,
        "Suivi annuel de la mise en œuvre du volet académique de la charte de pilotage des EPLE",
        RESULT,
        "% des engagements tenus",
        (62, 78),
        None,
        (60, 75, 85),
        (
            "Charte adoptée en juillet 2024 : suivi sur le seul premier trimestre.",
            "Délais de réponse publiés chaque trimestre.",
        ),
        "Tableau de suivi de la charte",
        "Engagements du volet académique tenus dans l'année, sur l'ensemble.",
    ),
    DemoIndicator(
        1,
        3,
        "Niveau de déploiement des informations",
        FOLLOW_UP,
        "%",
        (35, 70),
        85,
        (40, 70, 90),
        ("Rubriques RH réécrites sur l'intranet.", "Fiches pratiques en ligne pour les quatre départements."),
        "Intranet académique",
        "Rubriques prévues publiées et à jour, sur le total prévu.",
    ),
    DemoIndicator(
        1,
        4,
        "Mise en place d'un comité d'utilisateurs",
        FOLLOW_UP,
        "réunions du comité",
        (1, 3),
        None,
        (2, 3, 3),
        ("Comité installé en juin 2024.", "Trois réunions dans l'année."),
        "Comptes rendus du comité",
        "Réunions tenues dans l'année scolaire.",
    ),
    DemoIndicator(
        1,
        4,
        "Mise en œuvre de la charte d'usage des courriels et de son plan d'action (communication et formation)",
        FOLLOW_UP,
        "%",
        (20, 55),
        None,
        (25, 60, 90),
        (
            "Charte rédigée, diffusion prévue à la rentrée.",
            "Charte diffusée ; deux sessions de sensibilisation.",
        ),
        "Service de communication",
        "Étapes du plan d'action réalisées, sur le total prévu.",
    ),
    DemoIndicator(
        1,
        5,
        "Bilan des processus révisés annuellement",
        FOLLOW_UP,
        "processus révisés",
        (4, 9),
        12,
        (4, 8, 12),
        ("Quatre fiches de procédure revues avec les services.", "Neuf processus révisés, dont les congés."),
        "Service études, expertise, modernisation",
        "Processus revus et publiés dans l'année.",
    ),
    DemoIndicator(
        1,
        2,
        "Enquête auprès des personnels de direction",
        RESULT,
        "% de satisfaits",
        (48, 61),
        None,
        (50, 60, 70),
        ("Première enquête, 212 réponses.", "Deuxième enquête, 240 réponses."),
        "Enquête annuelle auprès des personnels de direction",
        "Part des répondants satisfaits ou très satisfaits.",
    ),
    DemoIndicator(
        1,
        3,
        "Enquêtes de satisfaction à l'issue des consultations du site",
        RESULT,
        "% de satisfaits",
        (66, 74),
        None,
        (65, 75, 80),
        ("Questionnaire court en bas de chaque page.", "Stable malgré la refonte du menu."),
        "Intranet académique",
        "Part des avis « utile » après une consultation.",
    ),
    DemoIndicator(
        1,
        4,
        "Suivi qualitatif et quantitatif auprès d'un comité d'utilisateurs",
        RESULT,
        "% d'avis favorables",
        (55, 68),
        None,
        (55, 65, 75),
        ("Premier tour de table du comité.", "Les outils d'échange sont jugés plus simples."),
        "Comité d'utilisateurs",
        "Avis favorables exprimés en comité sur les outils d'échange.",
    ),
    _barometer(1, "relations", "ambiance et relations de travail", (60, 65, 70)),
    # Axe 2 : développer un cadre de travail de qualité
    DemoIndicator(
        2,
        1,
        "Mise en œuvre effective du nouveau cadre de gestion",
        FOLLOW_UP,
        "%",
        (30, 75),
        90,
        (30, 70, 100),
        ("Cadre de gestion présenté en CSA.", "Appliqué aux recrutements de la rentrée."),
        "Direction des ressources humaines",
        "Mesures du nouveau cadre appliquées, sur le total.",
    ),
    DemoIndicator(
        2,
        3,
        "Nombre de personnels inscrits et diversité de leurs fonctions et métiers",
        FOLLOW_UP,
        "personnes",
        (140, 265),
        320,
        (150, 250, 350),
        ("Inscrits de neuf métiers différents.", "Onze métiers représentés, dont les AESH."),
        "Plan académique de formation",
        "Inscrits aux formations aux compétences psychosociales et au bien-être.",
    ),
    DemoIndicator(
        2,
        4,
        "Nombre de lieux à disposition des personnels au sein de l'académie, en proportion du nombre d'entités",
        FOLLOW_UP,
        "% des entités",
        (8, 17),
        24,
        (10, 20, 30),
        ("Premières salles de pause rénovées.", "Dix-sept pour cent des entités équipées."),
        "Enquête auprès des entités",
        "Entités disposant d'un lieu dédié au bien-être, sur le nombre d'entités.",
    ),
    DemoIndicator(
        2,
        5,
        "Rapports d'activité des services concernés",
        FOLLOW_UP,
        "rapports",
        (3, 4),
        None,
        (4, 4, 4),
        ("Rapport du service social en retard.", "Les quatre rapports sont remis."),
        "Services social, médical et RH de proximité",
        "Rapports d'activité remis dans l'année.",
    ),
    DemoIndicator(
        2,
        1,
        "Suivi de l'évolution des traitements, des cédéisations, de la fidélisation des personnels contractuels",
        RESULT,
        "CDI signés",
        (38, 52),
        None,
        (40, 50, 60),
        ("Première vague de cédéisations.", "Grille de rémunération revalorisée."),
        "Direction des ressources humaines",
        "Contrats à durée indéterminée signés dans l'année.",
    ),
    DemoIndicator(
        2,
        2,
        "Enquête ciblée sur les nouveaux arrivants",
        RESULT,
        "% de satisfaits",
        (58, 69),
        None,
        (60, 70, 75),
        ("Livret d'accueil pas encore diffusé partout.", "Parrainage généralisé dans deux bassins."),
        "Enquête des nouveaux arrivants",
        "Part des nouveaux arrivants satisfaits de leur accueil.",
    ),
    DemoIndicator(
        2,
        3,
        "Évaluation des formations suivies",
        RESULT,
        "% de satisfaits",
        (82, 86),
        None,
        (80, 85, 85),
        ("Évaluations à chaud.", "Évaluations à chaud et à trois mois."),
        "Plan académique de formation",
        "Part des stagiaires satisfaits ou très satisfaits.",
    ),
    _barometer(2, "conditions", "conditions de travail", (35, 40, 45)),
    # Axe 3 : valoriser et reconnaître le travail
    DemoIndicator(
        3,
        1,
        "Bilan annuel des actions conduites en faveur du développement de l'attractivité",
        FOLLOW_UP,
        "actions",
        (6, 11),
        14,
        (6, 10, 14),
        ("Forums des métiers et salon de l'étudiant.", "Onze actions, dont deux job datings."),
        "Mission recrutement",
        "Actions d'attractivité conduites dans l'année.",
    ),
    DemoIndicator(
        3,
        2,
        "Contenus informationnels et promotionnels et leurs modalités de diffusion",
        FOLLOW_UP,
        "contenus",
        (12, 25),
        None,
        (10, 20, 30),
        ("Portraits de métiers sur l'intranet.", "Vidéos et lettre interne mensuelle."),
        "Service de communication",
        "Contenus publiés sur les métiers et missions de l'académie.",
    ),
    DemoIndicator(
        3,
        3,
        "Mise en œuvre de module de formation",
        FOLLOW_UP,
        "modules",
        (1, 2),
        None,
        (1, 2, 3),
        ("Module « porter un projet collectif » ouvert.", "Second module sur la conduite de réunion."),
        "Transformation de l'action publique",
        "Modules de formation ouverts aux porteurs d'initiatives.",
    ),
    DemoIndicator(
        3,
        3,
        "Nombre d'agents à la formation",
        FOLLOW_UP,
        "personnes",
        (45, 118),
        150,
        (50, 100, 150),
        ("Première session en mai.", "Quatre sessions dans l'année."),
        "Transformation de l'action publique",
        "Agents ayant suivi un module aux porteurs d'initiatives.",
    ),
    DemoIndicator(
        3,
        3,
        "Nombre de projets financés",
        RESULT,
        "projets",
        (7, 13),
        None,
        (8, 12, 15),
        ("Premier appel à projets.", "Treize projets, dont cinq en EPLE."),
        "Cellule budget",
        "Projets collectifs retenus et financés dans l'année.",
    ),
    _barometer(3, "reconnaissance", "reconnaissance du travail", (25, 30, 35)),
    # Axe 4 : partager au quotidien une culture commune de la qualité de vie au travail
    DemoIndicator(
        4,
        1,
        "Questionnaire de satisfaction sur l'événement annuel dédié à la qualité de vie au travail",
        RESULT,
        "% de satisfaits",
        (79, 84),
        None,
        (75, 80, 85),
        (
            "Première semaine de la QVT, 640 participants.",
            "Deuxième édition, ateliers dans chaque département.",
        ),
        "Questionnaire de l'événement",
        "Part des participants satisfaits ou très satisfaits.",
    ),
    DemoIndicator(
        4,
        2,
        "Pourcentage de personnels d'encadrement inscrits en formation des personnels d'encadrement aux "
        "pratiques managériales de la qualité de vie au travail",
        RESULT,
        "%",
        (18, 41),
        55,
        (20, 40, 60),
        ("Deux promotions ouvertes.", "Formation inscrite au plan académique de formation."),
        "Plan académique de formation",
        "Encadrants inscrits, sur l'ensemble des personnels d'encadrement.",
    ),
)
# Implied by action 3.5 (« instaurer un baromètre annuel ») without being listed: its participation.
PARTICIPATION = DemoIndicator(
    3,
    5,
    "Taux de participation au baromètre annuel",
    RESULT,
    "%",
    computation=Computation.PARTICIPATION,
    targets=(55, 60, 65),
    source="Baromètre annuel de la qualité de vie au travail",
    method="Répondants sur agents invités, pour l'ensemble de l'académie ; calculé par la plateforme.",
)
RETURNED = ("2.4", "Le chiffre compte-t-il les salles prévues mais pas encore ouvertes ? Merci de préciser.")


def load_indicators_demo(org: Organisation, progress: Progress = silent) -> bool:
    """Create the indicators of the demo plan and their values; False if they are already there."""
    plan = Plan.objects.filter(organisation=org).order_by("-version").first()
    if plan is None or Indicator.objects.filter(plan_lineage=plan.lineage).exists():
        return False
    specs = (*INDICATORS, PARTICIPATION)
    progress(f"Démo : indicateurs du plan ({len(specs)} indicateurs, valeurs 2023-2024 et 2024-2025)…")
    pilot = User.objects.get(email=PILOT_EMAIL)
    actions = {a.code: a for a in plan.actions.select_related("axis").prefetch_related("leads")}
    leads = {
        u.email: u for u in User.objects.filter(email__in={e for p in PROGRESS.values() for e in p.leads})
    }
    barometer = Questionnaire.objects.filter(organisation=org, kind=QuestionnaireKind.BAROMETER).order_by(
        "version"
    )
    questionnaire = barometer.first()
    for spec in specs:
        code = f"{spec.axis}.{spec.action}" if spec.action else None
        action = actions[code] if code else None
        indicator = Indicator.objects.create(
            organisation=org,
            plan_lineage=plan.lineage,
            axis_number=spec.axis,
            action_lineage=action.lineage if action else None,
            name=spec.name,
            kind=spec.kind,
            unit=spec.unit,
            direction=spec.direction,
            source=spec.source,
            method=spec.method,
            computation=spec.computation,
            questionnaire=questionnaire if spec.computation != Computation.MANUAL else None,
            source_key=spec.source_key,
        )
        Target.objects.bulk_create(
            Target(indicator=indicator, school_year=plan.first_school_year + n, value=Decimal(str(value)))
            for n, value in enumerate(spec.targets)
        )
        if indicator.is_computed:
            services.indicator_recompute(indicator=indicator)  # from the published campaigns' results
            continue
        lead = leads[PROGRESS[code].leads[0]] if code in PROGRESS and PROGRESS[code].leads else pilot
        for n, value in enumerate(spec.values):
            entered = services.value_enter(
                indicator=indicator,
                plan=plan,
                by=lead,
                school_year=plan.first_school_year + n,
                sub_period=1,
                value=Decimal(str(value)),
                comment=spec.comments[n] if n < len(spec.comments) else "",
            )
            if entered.status == "proposed":
                services.value_validate(value=entered, by=pilot)
        if spec.proposed is not None:
            entered = services.value_enter(
                indicator=indicator,
                plan=plan,
                by=lead,
                school_year=plan.first_school_year + 2,
                sub_period=1,
                value=Decimal(str(spec.proposed)),
                comment="Chiffre provisoire, à confirmer au bilan annuel.",
            )
            if code == RETURNED[0] and entered.status == "proposed":
                services.value_return(value=entered, by=pilot, reason=RETURNED[1])
    return True
